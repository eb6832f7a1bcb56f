"""eGov's claims: read, checked, and copied onto the profile; eligibility follows them."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.egov.claims import ClaimsError, apply_identity, identity_from_claims
from accounts.eligibility import NotEligible, ensure_can_participate, ensure_resident
from accounts.models import User
from tests.factories import UserFactory, adult_iin

pytestmark = pytest.mark.django_db


def claims(**overrides) -> dict:
    data = {
        "sub": "900514400019",
        "iin": "900514400019",
        "family_name": "Асанова",
        "given_name": "Динара",
        "middle_name": "Болатқызы",
        "birthdate": "1990-05-14",
        "citizenship": "KZ",
        "residence_region": "KZ-75",
        "email": "dinara@example.kz",
        "locale": "ru-KZ",
    }
    return data | overrides


def test_claims_become_an_identity():
    identity = identity_from_claims(claims())

    assert identity.iin == "900514400019"
    assert (identity.last_name, identity.first_name, identity.patronymic) == (
        "Асанова",
        "Динара",
        "Болатқызы",
    )
    assert identity.birth_date == datetime.date(1990, 5, 14)
    assert identity.is_citizen is True
    assert identity.region_code == "KZ-75"
    assert identity.language == "ru"


@pytest.mark.parametrize("missing", ["iin", "family_name", "given_name", "birthdate"])
def test_an_identity_without_a_required_claim_is_refused(missing):
    with pytest.raises(ClaimsError):
        identity_from_claims(claims(**{missing: ""}))


def test_an_invalid_iin_claim_is_refused_with_the_iin_error():
    with pytest.raises(ClaimsError) as caught, translation.override("en"):
        identity_from_claims(claims(iin="900514400018"))
    with translation.override("en"):
        assert "IIN" in str(caught.value)


def test_an_unreadable_birth_date_is_refused():
    with pytest.raises(ClaimsError):
        identity_from_claims(claims(birthdate="14.05.1990"))


def test_foreign_citizenship_and_an_unknown_region_are_kept_as_such():
    identity = identity_from_claims(claims(citizenship="RU", residence_region="RU-MOW"))

    assert identity.is_citizen is False
    assert identity.region_code == ""


def test_apply_identity_fills_a_new_user_and_stamps_the_check():
    user = User()
    apply_identity(user, identity_from_claims(claims()))

    assert user.iin == "900514400019"
    assert user.email == "dinara@example.kz"
    assert user.preferred_language == "ru"
    assert user.identity_verified_at is not None


def test_apply_identity_refreshes_what_egov_vouches_for_and_keeps_the_citizens_choices():
    user = UserFactory(
        iin="900514400019", region_code="KZ-35", email="mine@example.kz", identity_verified_at=None
    )
    user.preferred_language = "en"
    apply_identity(user, identity_from_claims(claims()))

    assert user.region_code == "KZ-75"  # moved, per the state's records
    assert user.email == "mine@example.kz"
    assert user.preferred_language == "en"


def test_eligibility_follows_the_claims_not_what_was_typed():
    # The person typed Almaty at sign-up; eGov says they live in Karaganda region.
    user = UserFactory(iin=adult_iin(), region_code="KZ-75", identity_verified_at=None)
    with pytest.raises(NotEligible):
        ensure_can_participate(user)

    apply_identity(user, identity_from_claims(claims(iin=user.iin, residence_region="KZ-35")))
    user.save()

    ensure_can_participate(user)
    with pytest.raises(NotEligible):
        ensure_resident(user, "KZ-75")
    ensure_resident(user, "KZ-35")


def test_a_minor_by_the_birthdate_claim_is_not_eligible():
    today = timezone.localdate()
    born = today.replace(year=today.year - 17, day=1)
    user = User()
    iin = adult_iin(birth_date=born)
    apply_identity(user, identity_from_claims(claims(iin=iin, birthdate=born.isoformat())))

    with pytest.raises(NotEligible):
        ensure_can_participate(user)


def test_a_foreign_resident_is_not_eligible():
    user = User()
    apply_identity(user, identity_from_claims(claims(citizenship="RU")))

    with pytest.raises(NotEligible):
        ensure_can_participate(user)
