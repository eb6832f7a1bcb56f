"""Signature thresholds by addressee (RULES.md), the population they depend on, and the guards."""

import pytest
from django.db import IntegrityError, transaction

from agencies.models import Agency, Branch, Level, Region, ThresholdPolicy

pytestmark = pytest.mark.django_db


def policy(level: str, branch: str) -> ThresholdPolicy:
    return ThresholdPolicy.objects.get(level=level, branch=branch)


@pytest.mark.parametrize("branch", [Branch.EXECUTIVE, Branch.REPRESENTATIVE])
@pytest.mark.parametrize("population", [None, 0, 20_000_000])
def test_republic_level_needs_50000_whatever_the_population(branch, population):
    assert policy(Level.REPUBLIC, branch).threshold_for(population) == 50_000


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (2_347_924, 23_480),  # Almaty city: 23,479.24 rounded up
        (1_638_233, 16_383),  # Astana: 16,382.33
        (218_993, 2_190),  # Ulytau Region: 2,189.93
        (2_000_000, 20_000),  # exactly 1%: nothing to round
        (1_000_001, 10_001),  # 10,000.01 rounded up
    ],
)
def test_region_akimat_needs_one_percent_rounded_up(population, expected):
    assert policy(Level.REGION, Branch.EXECUTIVE).threshold_for(population) == expected


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (2_347_924, 46_959),  # Almaty city: 46,958.48 rounded up
        (218_993, 4_380),  # Ulytau Region: 4,379.86
        (2_000_000, 40_000),
    ],
)
def test_region_maslikhat_needs_two_percent_rounded_up(population, expected):
    assert policy(Level.REGION, Branch.REPRESENTATIVE).threshold_for(population) == expected


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (1_000_000, 2_500),  # above 50,000: fixed (5% would be 50,000)
        (50_001, 2_500),
        (50_000, 2_500),  # at 50,000: 5%
        (45_000, 2_250),  # 5%
        (30_001, 1_501),  # 1,500.05 rounded up
        (1_000, 50),
    ],
)
def test_district_akimat_needs_2500_above_50000_else_five_percent(population, expected):
    assert policy(Level.DISTRICT, Branch.EXECUTIVE).threshold_for(population) == expected


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (1_000_000, 5_000),  # above 50,000: fixed (10% would be 100,000)
        (50_001, 5_000),
        (50_000, 5_000),  # at 50,000: 10%
        (45_000, 4_500),  # 10%
        (30_005, 3_001),  # 3,000.5 rounded up
    ],
)
def test_district_maslikhat_needs_5000_above_50000_else_ten_percent(population, expected):
    assert policy(Level.DISTRICT, Branch.REPRESENTATIVE).threshold_for(population) == expected


@pytest.mark.parametrize(
    ("level", "branch"),
    [
        (Level.REGION, Branch.EXECUTIVE),
        (Level.REGION, Branch.REPRESENTATIVE),
        (Level.DISTRICT, Branch.EXECUTIVE),
        (Level.DISTRICT, Branch.REPRESENTATIVE),
    ],
)
def test_unknown_population_gives_no_threshold_for_a_local_body(level, branch):
    assert policy(level, branch).threshold_for(None) is None


def test_percent_below_the_fixed_figure_changes_with_the_admin_setting():
    district_akimat = policy(Level.DISTRICT, Branch.EXECUTIVE)
    district_akimat.fixed_above_population = 100_000
    district_akimat.save()

    edited = policy(Level.DISTRICT, Branch.EXECUTIVE)
    assert edited.threshold_for(80_000) == 4_000
    # At the population itself the share still applies; only above it the fixed figure.
    assert edited.threshold_for(100_000) == 5_000
    assert edited.threshold_for(100_001) == 2_500


@pytest.mark.parametrize(
    ("level", "branch", "days"),
    [
        (Level.REPUBLIC, Branch.EXECUTIVE, 40),
        (Level.REPUBLIC, Branch.REPRESENTATIVE, 40),
        (Level.REGION, Branch.EXECUTIVE, 20),
        (Level.REGION, Branch.REPRESENTATIVE, 20),
        (Level.DISTRICT, Branch.EXECUTIVE, 20),
        (Level.DISTRICT, Branch.REPRESENTATIVE, 20),
    ],
)
def test_seeded_policies_follow_the_rules(level, branch, days):
    seeded = policy(level, branch)

    assert seeded.response_working_days == days
    assert seeded.collection_months == 6
    assert seeded.early_support_signatures == 50
    assert seeded.early_support_working_days == 10
    assert seeded.moderation_working_days == 20


def test_there_are_six_seeded_policies():
    assert ThresholdPolicy.objects.count() == 6


def test_republic_body_serves_no_particular_population():
    assert Agency.objects.get(code="government").served_population is None


def test_region_body_serves_its_region_population():
    assert Agency.objects.get(code="akimat-kz-75").served_population == 2_347_924
    assert Agency.objects.get(code="maslikhat-kz-75").served_population == 2_347_924


def test_region_body_of_a_region_without_population_serves_an_unknown_population():
    assert Region.objects.get(iso_code="KZ-10").population is None
    assert Agency.objects.get(code="akimat-kz-10").served_population is None


def test_district_body_serves_its_own_population_not_its_region():
    medeu = Agency.objects.get(code="akimat-almaty-medeu")
    assert medeu.served_population is None  # entered later by an administrator

    medeu.population = 215_000
    medeu.save()

    assert Agency.objects.get(code="akimat-almaty-medeu").served_population == 215_000


def test_threshold_for_almaty_akimat_through_its_served_population():
    almaty_akimat = Agency.objects.get(code="akimat-kz-75")

    threshold = policy(almaty_akimat.level, almaty_akimat.branch).threshold_for(
        almaty_akimat.served_population
    )

    assert threshold == 23_480


def new_agency(**fields) -> Agency:
    defaults = {
        "code": "test-body",
        "branch": Branch.EXECUTIVE,
        "name_kk": "Сынақ",
        "name_ru": "Тест",
        "name_en": "Test",
    }
    return Agency(**(defaults | fields))


def test_republic_agency_with_a_region_is_refused_by_the_database():
    agency = new_agency(level=Level.REPUBLIC, region_id="KZ-75")

    with pytest.raises(IntegrityError, match="agency_region_matches_level"), transaction.atomic():
        agency.save()


@pytest.mark.parametrize("level", [Level.REGION, Level.DISTRICT])
def test_local_agency_without_a_region_is_refused_by_the_database(level):
    agency = new_agency(level=level, region=None)

    with pytest.raises(IntegrityError, match="agency_region_matches_level"), transaction.atomic():
        agency.save()


@pytest.mark.parametrize(
    ("level", "region_id"),
    [(Level.REPUBLIC, None), (Level.REGION, "KZ-75"), (Level.DISTRICT, "KZ-75")],
)
def test_agency_whose_region_matches_its_level_is_saved(level, region_id):
    new_agency(level=level, region_id=region_id).save()

    assert Agency.objects.filter(code="test-body", level=level).exists()


def test_policy_without_any_threshold_is_refused_by_the_database():
    region_akimat = policy(Level.REGION, Branch.EXECUTIVE)
    region_akimat.fixed_threshold = None
    region_akimat.percent_of_population = None

    with pytest.raises(IntegrityError, match="policy_has_a_threshold"), transaction.atomic():
        region_akimat.save()


def test_second_policy_for_the_same_addressee_is_refused_by_the_database():
    duplicate = ThresholdPolicy(
        level=Level.REGION,
        branch=Branch.EXECUTIVE,
        fixed_threshold=1,
        response_working_days=20,
    )

    with pytest.raises(IntegrityError, match="one_policy_per_addressee"), transaction.atomic():
        duplicate.save()
