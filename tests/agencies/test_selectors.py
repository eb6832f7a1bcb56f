"""Reads of regions, agencies and officials: choices in the active language, and who is one."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from agencies.models import Agency, Level, Official
from agencies.selectors import agency_choices, official_of, policy_for, region_choices
from tests.factories import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

# Alphabetical as a reader of each language expects, written out by hand.
REGIONS_EN = [
    "Abai Region",
    "Akmola Region",
    "Aktobe Region",
    "Almaty",
    "Almaty Region",
    "Astana",
    "Atyrau Region",
    "East Kazakhstan Region",
    "Jambyl Region",
    "Jetisu Region",
    "Karaganda Region",
    "Kostanay Region",
    "Kyzylorda Region",
    "Mangystau Region",
    "North Kazakhstan Region",
    "Pavlodar Region",
    "Shymkent",
    "Turkistan Region",
    "Ulytau Region",
    "West Kazakhstan Region",
]
# Russian order does not depend on letter case: "город Алматы" files under "г", after "в".
REGIONS_RU = [
    "Акмолинская область",
    "Актюбинская область",
    "Алматинская область",
    "Атырауская область",
    "Восточно-Казахстанская область",
    "город Алматы",
    "город Астана",
    "город Шымкент",
    "Жамбылская область",
    "Западно-Казахстанская область",
    "Карагандинская область",
    "Костанайская область",
    "Кызылординская область",
    "Мангистауская область",
    "Область Абай",
    "Область Жетісу",
    "Область Ұлытау",
    "Павлодарская область",
    "Северо-Казахстанская область",
    "Туркестанская область",
]
# The Kazakh alphabet: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ
# Ъ Ы І Ь Э Ю Я. So "Ақмола" (қ after к) comes before "Алматы", "Алматы қаласы" before
# "Алматы облысы", the Қ regions after Ж, and Ұлытау after Түркістан.
REGIONS_KK = [
    "Абай облысы",
    "Ақмола облысы",
    "Ақтөбе облысы",
    "Алматы қаласы",
    "Алматы облысы",
    "Астана қаласы",
    "Атырау облысы",
    "Батыс Қазақстан облысы",
    "Жамбыл облысы",
    "Жетісу облысы",
    "Қарағанды облысы",
    "Қостанай облысы",
    "Қызылорда облысы",
    "Маңғыстау облысы",
    "Павлодар облысы",
    "Солтүстік Қазақстан облысы",
    "Түркістан облысы",
    "Ұлытау облысы",
    "Шығыс Қазақстан облысы",
    "Шымкент қаласы",
]


def test_region_choices_are_iso_code_and_english_name_in_english():
    with translation.override("en"):
        choices = region_choices()

    assert len(choices) == 20
    assert ("KZ-75", "Almaty") in choices
    assert ("KZ-19", "Almaty Region") in choices
    assert [name for _, name in choices] == REGIONS_EN


def test_region_choices_are_sorted_alphabetically_in_russian():
    with translation.override("ru"):
        choices = region_choices()

    assert ("KZ-75", "город Алматы") in choices
    assert [name for _, name in choices] == REGIONS_RU


def test_region_choices_are_sorted_alphabetically_in_kazakh():
    with translation.override("kk"):
        choices = region_choices()

    assert ("KZ-75", "Алматы қаласы") in choices
    assert [name for _, name in choices] == REGIONS_KK


def test_agency_choices_put_central_bodies_first_then_one_group_per_region():
    with translation.override("en"):
        groups = agency_choices()

    label, central = groups[0]
    assert label == "Central state bodies"
    central_ids = {pk for pk, _ in central}
    assert central_ids == set(
        Agency.objects.filter(level=Level.REPUBLIC).values_list("pk", flat=True)
    )
    assert len(central_ids) == 8
    assert [label for label, _ in groups[1:]] == REGIONS_EN


def test_agency_choices_order_region_groups_alphabetically_in_russian():
    with translation.override("ru"):
        groups = agency_choices()

    assert [label for label, _ in groups[1:]] == REGIONS_RU


def test_agency_choices_put_each_local_body_under_its_region():
    with translation.override("en"):
        groups = dict(agency_choices())

    almaty_ids = {pk for pk, _ in groups["Almaty"]}
    assert almaty_ids == set(Agency.objects.filter(region="KZ-75").values_list("pk", flat=True))
    assert Agency.objects.get(code="akimat-almaty-medeu").pk in almaty_ids
    assert [name for _, name in groups["Almaty"]] == [
        "Akimat of Almaty",
        "Akimat of Auezov District",
        "Akimat of Bostandyk District",
        "Akimat of Medeu District",
        "Maslikhat of Almaty",
    ]


def test_agency_choices_list_every_active_agency_once():
    groups = agency_choices()

    listed = [pk for _, members in groups for pk, _ in members]
    assert len(listed) == len(set(listed)) == Agency.objects.count() == 52


def test_agency_choices_leave_out_inactive_agencies():
    Agency.objects.filter(code__in=["ministry-transport", "maslikhat-kz-75"]).update(
        is_active=False
    )

    with translation.override("en"):
        groups = agency_choices()

    listed = {pk for _, members in groups for pk, _ in members}
    assert Agency.objects.get(code="ministry-transport").pk not in listed
    assert Agency.objects.get(code="maslikhat-kz-75").pk not in listed
    assert Agency.objects.get(code="akimat-kz-75").pk in listed
    assert len(listed) == 50


def test_agency_choices_name_agencies_in_the_active_language():
    with translation.override("ru"):
        central = dict(agency_choices()[0][1])

    assert central[Agency.objects.get(code="government").pk] == "Правительство Республики Казахстан"


def test_region_with_no_active_agency_gets_no_group():
    Agency.objects.filter(region="KZ-10").update(is_active=False)

    with translation.override("en"):
        labels = [label for label, _ in agency_choices()]

    assert "Abai Region" not in labels
    assert len(labels) == 20  # central bodies and 19 regions


def test_policy_for_matches_level_and_branch():
    maslikhat = Agency.objects.get(code="maslikhat-kz-75")

    found = policy_for(maslikhat)

    assert (found.level, found.branch) == (Level.REGION, "representative")
    assert found.percent_of_population == 2


def test_official_of_anonymous_is_none():
    assert official_of(AnonymousUser()) is None


def test_official_of_a_citizen_who_is_not_an_official_is_none():
    OfficialFactory()  # someone else is

    assert official_of(UserFactory()) is None


def test_official_of_an_official_is_their_post():
    post = OfficialFactory(role=Official.Role.REVIEWER)

    found = official_of(post.user)

    assert found == post
    assert found.agency.code == "akimat-kz-75"
    assert found.role == Official.Role.REVIEWER
