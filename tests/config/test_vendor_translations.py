"""The Kazakh catalogue of third-party strings (locale_vendor/kk): django-allauth's, which ships
no Kazakh, and the messages Django's own Kazakh lacks. Complete, made only of messages those
packages still have, and used on their pages."""

import re
import subprocess
from pathlib import Path

import allauth
import django
import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
VENDOR = ROOT / "locale_vendor"
CATALOGUE = VENDOR / "kk" / "LC_MESSAGES" / "django.po"
# allauth ships no Kazakh; its Russian catalogue lists every message it has.
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# Django's catalogues the portal's pages and admin show; Russian is complete in each.
DJANGO = Path(django.__file__).parent
DJANGO_CATALOGUES = [DJANGO / "conf" / "locale"] + [
    DJANGO / "contrib" / app / "locale" for app in ("auth", "admin", "contenttypes", "humanize")
]


def django_catalogue(folder: Path, language: str) -> Path:
    return folder / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def upstream_catalogue(tmp_path_factory) -> Path:
    """Every message allauth and Django have today, in one catalogue."""
    merged = tmp_path_factory.mktemp("upstream") / "django.po"
    sources = [ALLAUTH_CATALOGUE] + [django_catalogue(f, "ru") for f in DJANGO_CATALOGUES]
    subprocess.run(  # noqa: S603 (gettext's msgcat on installed catalogues)
        ["msgcat", "--use-first", "-o", str(merged), *map(str, sources)],  # noqa: S607
        check=True,
    )
    return merged


def test_every_message_is_translated_and_none_is_fuzzy():
    done = subprocess.run(  # noqa: S603 (gettext's msgfmt on our own file)
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.match(r"\d+ translated messages?\.$", done.stderr.strip()), done.stderr


def test_every_message_is_still_one_of_allauths_or_djangos(upstream_catalogue):
    """A string allauth or Django renamed or dropped on upgrade shows here: translate it anew."""
    compared = subprocess.run(  # noqa: S603 (gettext's msgcmp on installed and our own files)
        [  # noqa: S607
            "msgcmp",
            "--use-fuzzy",
            "--use-untranslated",
            str(upstream_catalogue),
            str(CATALOGUE),
        ],
        capture_output=True,
        text=True,
    )
    missing = [line for line in compared.stderr.splitlines() if "warning" not in line]
    assert compared.returncode == 0, "\n".join(missing)[-3000:]


@pytest.mark.parametrize("folder", DJANGO_CATALOGUES, ids=lambda f: f.parent.name)
def test_every_django_message_has_kazakh_from_django_or_from_us(folder):
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if e.translated()}
    kazakh = django_catalogue(folder, "kk")
    djangos = polib.pofile(str(kazakh)) if kazakh.exists() else []
    theirs = {(e.msgctxt, e.msgid) for e in djangos if e.translated() and not e.obsolete}
    russian = polib.pofile(str(django_catalogue(folder, "ru")))
    messages = {(e.msgctxt, e.msgid) for e in russian if not e.obsolete}
    missing = sorted(messages - ours - theirs, key=str)
    assert not missing, missing[:20]


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
