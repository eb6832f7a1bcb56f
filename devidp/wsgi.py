"""WSGI entry point of the stand-in eGov (gunicorn devidp.wsgi from the repository root)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "devidp.settings"  # never the portal's

application = get_wsgi_application()
