"""The Kazakh and Russian catalogues are complete: every message translated, none fuzzy, and
none of the project's messages missing from them."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LANGUAGES = ["kk", "ru"]
SOURCES = ["accounts", "agencies", "petitions", "config", "templates", "manage.py"]


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def statistics(po: Path) -> str:
    """msgfmt's own count: "N translated messages[, M fuzzy translations][, K untranslated]"."""
    done = subprocess.run(  # noqa: S603 (gettext's msgfmt on our own file)
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    counts = statistics(catalogue(language))
    assert re.match(r"\d+ translated messages?\.$", counts.strip()), counts


@pytest.fixture(scope="module")
def template_catalogue(tmp_path_factory) -> Path:
    """The catalogue makemessages writes from today's sources, in a copy of the project."""
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "makemessages", "-l", "kk", "--keep-pot", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return copy / "locale" / "django.pot"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_of_the_sources_is_missing(language, template_catalogue):
    compared = subprocess.run(  # noqa: S603 (gettext's msgcmp on our own files)
        ["msgcmp", "--use-untranslated", str(catalogue(language)), str(template_catalogue)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert compared.returncode == 0, (
        f"run `manage.py makemessages -l {language}` and translate:\n" + compared.stderr[-3000:]
    )


def test_the_portal_speaks_kazakh_first():
    from config.settings import base

    assert base.LANGUAGE_CODE == "kk"
    assert [code for code, _name in base.LANGUAGES] == ["kk", "kk-latn", "ru", "en"]
