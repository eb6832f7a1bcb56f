"""The user model: public name, age, and the IIN guarded in Python and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import User
from tests.factories import UserFactory, adult_iin


@pytest.mark.django_db
def test_public_name_is_first_name_and_surname_initial():
    user = UserFactory(last_name="Сейтова", first_name="Айгүл", patronymic="Ерланқызы")

    assert user.public_name == "Айгүл С."


@pytest.mark.django_db
def test_public_name_follows_a_reader_of_kazakh_in_the_latin_script():
    user = UserFactory(last_name="Сейтова", first_name="Айгүл")

    with translation.override("kk-latn"):
        assert user.public_name == "Aigül S."
        assert user.get_short_name() == "Aigül"
    with translation.override("ru"):
        assert user.public_name == "Айгүл С."


@pytest.mark.django_db
def test_public_name_never_shows_the_iin_or_the_patronymic():
    user = UserFactory(last_name="Nurlanov", first_name="Arman", patronymic="Serikovich")

    assert user.iin not in user.public_name
    assert "Serikovich" not in user.public_name
    assert "Nurlanov" not in user.public_name


def test_public_name_without_a_surname_is_the_first_name():
    user = User(iin="900101300017", first_name="Arman", last_name="")

    assert user.public_name == "Arman"


@pytest.mark.django_db
def test_full_name_is_surname_first_name_patronymic():
    user = UserFactory(last_name="Nurlanov", first_name="Arman", patronymic="Serikovich")

    assert user.full_name == "Nurlanov Arman Serikovich"
    assert str(user) == "Nurlanov Arman Serikovich"


@pytest.mark.parametrize(
    ("on", "adult"),
    [
        (datetime.date(2026, 3, 20), False),  # the day before the 18th birthday
        (datetime.date(2026, 3, 21), True),  # the 18th birthday
    ],
)
@pytest.mark.django_db
def test_is_adult_from_the_birth_date_in_the_iin(on, adult):
    user = UserFactory(iin=adult_iin(birth_date=datetime.date(2008, 3, 21)))

    assert user.is_adult(on=on) is adult


@pytest.mark.django_db
def test_is_adult_defaults_to_today():
    grown_up = UserFactory(iin=adult_iin(birth_date=datetime.date(1990, 1, 1)))
    a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
    child = UserFactory(iin=adult_iin(birth_date=a_year_ago))

    assert grown_up.is_adult() is True
    assert child.is_adult() is False


@pytest.mark.parametrize("iin", ["90010130001", "90010130001X", "١٢٣٤٥٦٧٨٩٠١٢", ""])
@pytest.mark.django_db
def test_database_rejects_an_iin_that_is_not_twelve_digits(iin):
    user = User(iin=iin, last_name="Nurlanov", first_name="Arman")

    with pytest.raises(IntegrityError, match="user_iin_twelve_digits"), transaction.atomic():
        user.save()

    assert not User.objects.filter(last_name="Nurlanov").exists()


@pytest.mark.django_db
def test_create_user_rejects_an_invalid_iin():
    with pytest.raises(ValidationError) as caught:
        User.objects.create_user(
            "900101300018", "pass-12345", last_name="Nurlanov", first_name="Arman"
        )

    assert "iin" in caught.value.message_dict
    assert not User.objects.filter(last_name="Nurlanov").exists()


@pytest.mark.django_db
def test_create_user_stores_a_valid_iin_with_a_usable_password():
    iin = adult_iin()

    user = User.objects.create_user(
        iin, "pass-12345", last_name="Nurlanov", first_name="Arman", email="A@Example.KZ"
    )

    user.refresh_from_db()
    assert user.iin == iin
    assert user.check_password("pass-12345")
    assert user.email == "A@example.kz"
    assert not user.is_staff
