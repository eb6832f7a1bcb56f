"""Kazakh in the Latin script: its catalogues are the Cyrillic ones transliterated, and the
interface shown in it holds no Cyrillic letter."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.kazakh_latin import has_cyrillic
from accounts.management.commands.kk_latin_catalogues import kk_latin_catalogues

ROOT = Path(__file__).resolve().parent.parent.parent
# Each language's own name in the language switch is written in that language's script.
OTHER_LANGUAGE_OPTION = re.compile(r'<option [^>]*lang="(?!kk-Latn")[^"]*"[^>]*>[^<]*</option>')


def test_the_committed_catalogues_are_what_the_command_writes_now():
    written = kk_latin_catalogues()

    assert sorted(written) == [
        ROOT / "locale" / "kk_Latn" / "LC_MESSAGES" / "django.po",
        ROOT / "locale_vendor" / "kk_Latn" / "LC_MESSAGES" / "django.po",
    ]
    for path, catalogue in written.items():
        assert path.read_text(encoding="utf-8") == str(catalogue), (
            f"{path} is out of date: run `manage.py kk_latin_catalogues` and commit it"
        )


def test_every_kazakh_message_is_there_in_latin_letters():
    import polib

    written = kk_latin_catalogues()
    project = written[ROOT / "locale" / "kk_Latn" / "LC_MESSAGES" / "django.po"]
    cyrillic = polib.pofile(str(ROOT / "locale" / "kk" / "LC_MESSAGES" / "django.po"))
    assert {e.msgid for e in project} == {e.msgid for e in cyrillic if not e.obsolete}
    for catalogue in written.values():
        for entry in catalogue:
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                assert not has_cyrillic(text), entry.msgid


def test_the_command_writes_both_catalogues(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path / "locale", tmp_path / "locale_vendor"]
    for name in ("locale", "locale_vendor"):
        source = ROOT / name / "kk" / "LC_MESSAGES"
        (tmp_path / name / "kk" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / name / "kk" / "LC_MESSAGES" / "django.po").write_bytes(
            (source / "django.po").read_bytes()
        )

    call_command("kk_latin_catalogues", stdout=io.StringIO())

    for name in ("locale", "locale_vendor"):
        written = (tmp_path / name / "kk_Latn" / "LC_MESSAGES" / "django.po").read_text()
        committed = (ROOT / name / "kk_Latn" / "LC_MESSAGES" / "django.po").read_text()
        assert written == committed


def interface_text(page: str) -> str:
    return OTHER_LANGUAGE_OPTION.sub("", page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/petitions/",
        "/petitions/new/",
        "/agencies/",
        "/agencies/ranking/",
        "/agencies/akimat-kz-75/",
    ],
)
def test_pages_in_kazakh_latin_show_no_cyrillic(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk-latn"

    response = client.get(url, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="kk-Latn">' in page
    shown = interface_text(page)
    assert not has_cyrillic(shown), [
        line.strip() for line in shown.splitlines() if has_cyrillic(line)
    ][:10]
