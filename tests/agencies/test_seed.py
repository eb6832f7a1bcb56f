"""What the data migrations seed: regions, state bodies and the holiday calendar."""

import datetime

import pytest

from agencies.models import Agency, Branch, CalendarDay, Level, Region

pytestmark = pytest.mark.django_db

MINISTRIES = [
    "ministry-health",
    "ministry-education",
    "ministry-internal-affairs",
    "ministry-ecology",
    "ministry-transport",
    "ministry-labour",
]


def test_twenty_regions_seventeen_regions_and_three_cities():
    kinds = list(Region.objects.values_list("kind", flat=True))

    assert len(kinds) == 20
    assert kinds.count(Region.Kind.REGION) == 17
    assert set(Region.objects.filter(kind=Region.Kind.CITY).values_list("pk", flat=True)) == {
        "KZ-71",
        "KZ-75",
        "KZ-79",
    }


def test_every_region_has_distinct_names_in_kazakh_russian_and_english():
    for language in ("kk", "ru", "en"):
        names = [name.strip() for name in Region.objects.values_list(f"name_{language}", flat=True)]
        assert all(names), language
        assert len(set(names)) == 20, language


def test_every_region_has_an_akimat_and_a_maslikhat():
    for region in Region.objects.all():
        bodies = Agency.objects.filter(region=region, level=Level.REGION)
        assert bodies.filter(branch=Branch.EXECUTIVE).count() == 1, region.pk
        assert bodies.filter(branch=Branch.REPRESENTATIVE).count() == 1, region.pk
        slug = region.pk.lower()
        assert bodies.filter(code=f"akimat-{slug}", branch=Branch.EXECUTIVE).exists()
        assert bodies.filter(code=f"maslikhat-{slug}", branch=Branch.REPRESENTATIVE).exists()


def test_every_agency_has_names_in_the_three_languages():
    for agency in Agency.objects.all():
        assert agency.name_kk and agency.name_ru and agency.name_en, agency.code


def test_the_government_is_a_central_executive_body():
    government = Agency.objects.get(code="government")

    assert (government.level, government.branch, government.region) == (
        Level.REPUBLIC,
        Branch.EXECUTIVE,
        None,
    )
    assert government.parent is None
    assert government.name_en == "Government of the Republic of Kazakhstan"


def test_at_least_five_ministries_answer_to_the_government():
    government = Agency.objects.get(code="government")
    ministries = Agency.objects.filter(code__startswith="ministry-")

    assert ministries.count() >= 5
    assert set(ministries.values_list("code", flat=True)) >= set(MINISTRIES)
    for ministry in ministries:
        assert ministry.parent == government, ministry.code
        assert ministry.level == Level.REPUBLIC, ministry.code


def test_region_akimats_escalate_to_the_government_and_districts_to_their_akimat():
    government = Agency.objects.get(code="government")

    assert Agency.objects.get(code="akimat-kz-75").parent == government
    assert Agency.objects.get(code="akimat-almaty-medeu").parent.code == "akimat-kz-75"
    assert Agency.objects.get(code="akimat-astana-esil").parent.code == "akimat-kz-71"


def test_fifty_two_agencies_all_accepting_petitions():
    assert Agency.objects.count() == 52
    assert not Agency.objects.filter(is_active=False).exists()


@pytest.mark.parametrize("year", [2026, 2027])
@pytest.mark.parametrize(
    ("month", "day"),
    [
        (1, 1),
        (1, 2),
        (1, 7),
        (3, 8),
        (3, 21),
        (3, 22),
        (3, 23),
        (5, 1),
        (5, 7),
        (5, 9),
        (7, 6),
        (8, 30),
        (10, 25),
        (12, 16),
    ],
)
def test_fixed_public_holidays_are_seeded_for_both_years(year, month, day):
    holiday = CalendarDay.objects.get(date=datetime.date(year, month, day))

    assert holiday.kind == CalendarDay.Kind.HOLIDAY
    assert holiday.name_kk and holiday.name_ru and holiday.name_en


@pytest.mark.parametrize("date", [datetime.date(2026, 5, 27), datetime.date(2027, 5, 16)])
def test_kurban_ait_is_seeded(date):
    assert CalendarDay.objects.get(date=date).name_en == "Kurban Ait"
