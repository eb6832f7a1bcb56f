"""Write the Kazakh Latin-script catalogues (kk_Latn) from the Cyrillic Kazakh ones.

Run it after translating new messages into Kazakh (`makemessages -l kk -l ru`, translate), then
commit the two files it writes; tests/config/test_kk_latin_catalogues.py fails while they lag:

- locale/kk_Latn/LC_MESSAGES/django.po: the portal's own messages, from locale/kk;
- locale_vendor/kk_Latn/LC_MESSAGES/django.po: everything else the portal shows in Kazakh,
  from Django's own catalogue, the installed apps' (admin, auth, humanize...) and
  locale_vendor/kk (allauth). Django has no kk_Latn and would otherwise fill the gaps with its
  Cyrillic Kazakh.

Needs polib, a development dependency: only regenerating the catalogues needs it.
"""

from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.kazakh_latin import to_latin

LOCALE = "kk_Latn"
PO = Path("LC_MESSAGES") / "django.po"
HEADER = (
    "Kazakh in the Latin alphabet of 2021, for Qoldau, transliterated by the official table\n"
    "(accounts/kazakh_latin.py) from {source}.\n"
    "Written by `manage.py kk_latin_catalogues`: do not edit; translate the Cyrillic catalogue\n"
    "and run the command again."
)


def _metadata(source) -> dict:
    return {
        "Project-Id-Version": "Qoldau",
        "PO-Revision-Date": source.metadata.get("PO-Revision-Date", ""),
        "Last-Translator": "manage.py kk_latin_catalogues",
        "Language-Team": "Kazakh <dev@qoldau.kz>",
        "Language": LOCALE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": source.metadata.get("Plural-Forms", "nplurals=2; plural=(n!=1);"),
    }


def _latin_entry(entry, *, occurrences: bool):
    import polib

    return polib.POEntry(
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgstr=to_latin(entry.msgstr),
        msgstr_plural={form: to_latin(text) for form, text in entry.msgstr_plural.items()},
        flags=list(entry.flags),
        comment=entry.comment,
        occurrences=list(entry.occurrences) if occurrences else [],
    )


def _is_translated(entry) -> bool:
    return entry.translated() and not entry.obsolete


def project_catalogue():
    """locale/kk with every message's translation transliterated, message for message."""
    import polib

    source_path = Path(settings.LOCALE_PATHS[0]) / "kk" / PO
    source = polib.pofile(str(source_path))
    catalogue = polib.POFile(wrapwidth=source.wrapwidth)
    catalogue.header = HEADER.format(source="locale/kk")
    catalogue.metadata = _metadata(source)
    for entry in source:
        if not entry.obsolete:
            catalogue.append(_latin_entry(entry, occurrences=True))
    return catalogue


def vendor_sources() -> list[Path]:
    """The Kazakh catalogues Django merges below the project's, lowest precedence first:
    Django's own, the installed apps' (the first listed wins), then locale_vendor/kk."""
    paths = [Path(django.__file__).parent / "conf" / "locale" / "kk" / PO]
    for app_config in reversed(list(apps.get_app_configs())):
        paths.append(Path(app_config.path) / "locale" / "kk" / PO)
    paths.append(Path(settings.LOCALE_PATHS[1]) / "kk" / PO)
    return [path for path in paths if path.exists()]


def vendor_catalogue():
    """Every translated message of the vendor sources, the one Django would show winning."""
    import polib

    entries = {}
    first_source = None
    for path in vendor_sources():
        source = polib.pofile(str(path))
        first_source = first_source or source
        for entry in source:
            if _is_translated(entry):
                entries[(entry.msgctxt, entry.msgid)] = entry
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.header = HEADER.format(source="the Kazakh of Django, its apps and locale_vendor/kk")
    catalogue.metadata = _metadata(first_source)
    for entry in entries.values():
        catalogue.append(_latin_entry(entry, occurrences=False))
    return catalogue


def kk_latin_catalogues() -> dict[Path, object]:
    """Where each catalogue goes -> the catalogue (a polib.POFile), as the command writes them."""
    project, vendor = (Path(path) for path in settings.LOCALE_PATHS)
    return {
        project / LOCALE / PO: project_catalogue(),
        vendor / LOCALE / PO: vendor_catalogue(),
    }


class Command(BaseCommand):
    help = "Write the Kazakh Latin-script catalogues (kk_Latn) from the Cyrillic Kazakh ones."

    def handle(self, *args, **options):
        for path, catalogue in kk_latin_catalogues().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(str(catalogue), encoding="utf-8")
            self.stdout.write(f"{path}: {len(catalogue)} messages")
