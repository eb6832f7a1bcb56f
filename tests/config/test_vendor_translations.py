"""The Kazakh catalogue of django-allauth's strings (locale_vendor/kk): complete, made only of
messages allauth still has, and used on allauth's pages."""

import re
import subprocess
from pathlib import Path

import allauth
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
VENDOR = ROOT / "locale_vendor"
CATALOGUE = VENDOR / "kk" / "LC_MESSAGES" / "django.po"
# allauth ships no Kazakh; its Russian catalogue lists every message it has.
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    done = subprocess.run(  # noqa: S603 (gettext's msgfmt on our own file)
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.match(r"\d+ translated messages?\.$", done.stderr.strip()), done.stderr


def test_every_message_is_still_one_of_allauths():
    """A string allauth renamed or dropped on upgrade shows here: translate its new wording."""
    compared = subprocess.run(  # noqa: S603 (gettext's msgcmp on installed and our own files)
        [  # noqa: S607
            "msgcmp",
            "--use-fuzzy",
            "--use-untranslated",
            str(ALLAUTH_CATALOGUE),
            str(CATALOGUE),
        ],
        capture_output=True,
        text=True,
    )
    missing = [line for line in compared.stderr.splitlines() if "warning" not in line]
    assert compared.returncode == 0, "\n".join(missing)[-3000:]


def test_the_vendor_catalogue_comes_after_the_projects_own():
    assert [Path(path) for path in settings.LOCALE_PATHS] == [ROOT / "locale", VENDOR]


@pytest.mark.django_db
def test_the_sign_in_page_shows_allauths_strings_in_kazakh(client):
    client.cookies.clear()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    # allauth's LoginForm: the "Remember Me" box and the password field's label.
    assert "Мені есте сақтау" in page
    assert "Remember Me" not in page
    assert ">Құпиясөз" in page
    assert ">Password" not in page
