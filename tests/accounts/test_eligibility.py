"""Who may file and sign: adult citizens, and only residents for a local addressee."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from accounts.eligibility import NotEligible, ensure_can_participate, ensure_resident
from tests.factories import UserFactory, adult_iin


def refusal(check, *args) -> str:
    with pytest.raises(NotEligible) as caught:
        check(*args)
    with translation.override("en"):
        message = str(caught.value)
    assert message.strip(), "a refusal must say why"
    return message


def test_not_eligible_is_a_permission_denied():
    # Views rely on Django turning it into a 403.
    assert issubclass(NotEligible, PermissionDenied)


def test_anonymous_visitor_must_sign_in():
    assert "sign in" in refusal(ensure_can_participate, AnonymousUser())


@pytest.mark.django_db
def test_non_citizen_may_not_participate():
    foreigner = UserFactory(is_citizen=False)

    assert "citizens" in refusal(ensure_can_participate, foreigner)


@pytest.mark.django_db
def test_citizen_under_18_by_iin_may_not_participate():
    today = timezone.localdate()
    minor = UserFactory(iin=adult_iin(birth_date=today.replace(year=today.year - 17, day=1)))

    assert "18" in refusal(ensure_can_participate, minor)


@pytest.mark.django_db
def test_adult_citizen_may_participate():
    adult = UserFactory(iin=adult_iin(birth_date=datetime.date(1990, 1, 1)), is_citizen=True)

    assert ensure_can_participate(adult) is None


@pytest.mark.django_db
def test_anyone_may_sign_for_a_republic_level_body():
    for region_code in ("KZ-75", "KZ-71", ""):
        assert ensure_resident(UserFactory(region_code=region_code), None) is None


@pytest.mark.django_db
def test_resident_of_another_region_may_not_sign_for_a_local_body():
    astana_resident = UserFactory(region_code="KZ-71")

    assert "resident" in refusal(ensure_resident, astana_resident, "KZ-75")


@pytest.mark.django_db
def test_user_without_a_region_may_not_sign_for_a_local_body():
    unknown = UserFactory(region_code="")

    refusal(ensure_resident, unknown, "KZ-75")


@pytest.mark.django_db
def test_resident_of_the_same_region_may_sign_for_a_local_body():
    almaty_resident = UserFactory(region_code="KZ-75")

    assert ensure_resident(almaty_resident, "KZ-75") is None


@pytest.mark.django_db
def test_without_an_egov_confirmed_identity_nobody_participates():
    typed_in = UserFactory(identity_verified_at=None)

    assert "eGov" in refusal(ensure_can_participate, typed_in)


@pytest.mark.django_db
def test_age_comes_from_the_birth_date_egov_sent_over_the_iin():
    # The IIN says 1990; eGov's record (which wins) says the person is 17.
    today = timezone.localdate()
    minor = UserFactory(
        iin=adult_iin(birth_date=datetime.date(1990, 1, 1)),
        birth_date=today.replace(year=today.year - 17, day=1),
    )

    assert "18" in refusal(ensure_can_participate, minor)
