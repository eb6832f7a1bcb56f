"""Reads of regions, agencies and officials."""

from django.utils.translation import gettext

from agencies.models import Agency, Level, Official, Region, ThresholdPolicy

# Kazakh Cyrillic order; Russian's alphabet is this one without the Kazakh letters.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_LETTER_ORDER = {letter: 0x110000 + i for i, letter in enumerate(KAZAKH_ALPHABET)}


def collation_key(text: str) -> list[int]:
    """Sort key for names in kk, ru or en: case-insensitive, Kazakh letters in their places."""
    return [_LETTER_ORDER.get(c, ord(c)) for c in text.casefold()]


def region_choices() -> list[tuple[str, str]]:
    """(ISO code, name in the active language) for every region, sorted by name."""
    return sorted(
        ((r.iso_code, r.name) for r in Region.objects.all()), key=lambda c: collation_key(c[1])
    )


def agency_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Active agencies grouped for a <select>: central bodies first, then each region's bodies."""
    agencies = Agency.objects.filter(is_active=True).select_related("region")
    central = [(a.pk, a.name) for a in agencies if a.level == Level.REPUBLIC]
    by_region: dict[Region, list[tuple[int, str]]] = {}
    for agency in agencies:
        if agency.region is not None:
            by_region.setdefault(agency.region, []).append((agency.pk, agency.name))
    groups = [(gettext("Central state bodies"), sorted(central, key=lambda c: collation_key(c[1])))]
    for region in sorted(by_region, key=lambda r: collation_key(r.name)):
        groups.append((region.name, sorted(by_region[region], key=lambda c: collation_key(c[1]))))
    return groups


def policy_for(agency: Agency) -> ThresholdPolicy:
    return ThresholdPolicy.objects.get(level=agency.level, branch=agency.branch)


def official_of(user) -> Official | None:
    """The user's post in an agency, or None for anyone who is not an official."""
    if not user.is_authenticated:
        return None
    return Official.objects.select_related("agency").filter(user=user).first()
