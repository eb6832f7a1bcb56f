"""Properties of the threshold arithmetic (RULES.md): a share of the population rounded up to
the next whole signature, at least one, the fixed figure above its population, and never
falling as the population grows; the watcher sends exactly when the count reaches it."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import Branch, Level, ThresholdPolicy
from conftest import set_count
from petitions import services
from petitions.errors import PetitionError
from petitions.models import Petition, Status

FEW = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

populations = st.integers(min_value=0, max_value=25_000_000)
# DecimalField(max_digits=5, decimal_places=2): 0.01 to 100.00 percent.
percents = st.integers(min_value=1, max_value=10_000).map(lambda n: Decimal(n) / 100)


def share_policy(percent: Decimal, fixed: int | None = None, above: int | None = None):
    return ThresholdPolicy(
        percent_of_population=percent, fixed_threshold=fixed, fixed_above_population=above
    )


@FEW
@given(population=populations, percent=percents)
def test_a_share_is_rounded_up_to_the_next_whole_signature(population, percent):
    threshold = share_policy(percent).threshold_for(population)
    hundredths = int(percent * 100)
    # In ten-thousandths of a signature, exactly: threshold >= share > threshold - 1.
    assert threshold * 10_000 >= population * hundredths
    assert threshold == 1 or (threshold - 1) * 10_000 < population * hundredths
    assert threshold >= 1


@FEW
@given(population=populations, percent=percents, fixed=st.integers(1, 100_000))
def test_a_fixed_threshold_alone_ignores_the_population(population, percent, fixed):
    policy = ThresholdPolicy(fixed_threshold=fixed)
    assert policy.threshold_for(population) == fixed
    assert policy.threshold_for(None) == fixed
    assert share_policy(percent).threshold_for(None) is None


@FEW
@given(
    population=populations,
    percent=percents,
    fixed=st.integers(1, 100_000),
    above=st.integers(0, 1_000_000),
)
def test_above_its_population_the_fixed_figure_applies_and_below_it_the_share(
    population, percent, fixed, above
):
    threshold = share_policy(percent, fixed, above).threshold_for(population)
    if population > above:
        assert threshold == fixed
    else:
        assert threshold == share_policy(percent).threshold_for(population)


@pytest.mark.django_db
@FEW
@given(smaller=populations, larger=populations)
def test_no_seeded_policy_needs_fewer_signatures_from_a_larger_population(smaller, larger):
    smaller, larger = sorted((smaller, larger))
    for policy in ThresholdPolicy.objects.all():
        assert policy.threshold_for(smaller) <= policy.threshold_for(larger)
        assert policy.threshold_for(smaller) >= 1


@pytest.mark.django_db
@FEW
@given(population=populations)
def test_the_seeded_policies_are_the_rules_table(population):
    def threshold(level, branch):
        return ThresholdPolicy.objects.get(level=level, branch=branch).threshold_for(population)

    def share(percent: int) -> int:
        return max(1, -(-population * percent // 100))  # ceiling, in whole numbers

    assert threshold(Level.REPUBLIC, Branch.EXECUTIVE) == 50_000
    assert threshold(Level.REGION, Branch.EXECUTIVE) == share(1)
    assert threshold(Level.REGION, Branch.REPRESENTATIVE) == share(2)
    big = population > 50_000
    assert threshold(Level.DISTRICT, Branch.EXECUTIVE) == (2_500 if big else share(5))
    assert threshold(Level.DISTRICT, Branch.REPRESENTATIVE) == (5_000 if big else share(10))


@pytest.mark.django_db
@FEW
@given(offset=st.integers(min_value=-1_000, max_value=1_000))
def test_a_petition_is_sent_exactly_when_its_count_reaches_the_threshold(open_petition, offset):
    with transaction.atomic():  # each example on the same open petition, rolled back after
        petition = Petition.internal.get(pk=open_petition.pk)
        count = max(0, petition.signature_threshold + offset)
        set_count(petition, count)
        try:
            services.petition_send_to_agency(petition=petition)
        except PetitionError:
            assert count < petition.signature_threshold
        else:
            assert count >= petition.signature_threshold
            assert Petition.internal.get(pk=petition.pk).status == Status.SENT
        transaction.set_rollback(True)
