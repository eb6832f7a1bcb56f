#!/usr/bin/env python
"""Commands of the stand-in eGov, run from the repository root: python devidp/manage.py ..."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The repository root instead of devidp/ itself, so that `devidp.settings` imports.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    # Always its own settings, even when the portal's DJANGO_SETTINGS_MODULE is in the environment.
    os.environ["DJANGO_SETTINGS_MODULE"] = "devidp.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
