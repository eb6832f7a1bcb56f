"""Sign-up and sign-in with the IIN, through the test client."""

import datetime
import html

import pytest
from django.contrib.auth import get_user
from django.core import mail

from accounts.models import User
from tests.factories import UserFactory, adult_iin

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
PASSWORD = "Steppe-Wind-2026!"


@pytest.fixture(autouse=True)
def _password_signup_open(settings):
    """These tests use the IIN + password sign-up, which only the demo may switch on."""
    settings.ACCOUNTS_PASSWORD_SIGNUP = True


@pytest.fixture
def en_client(client):
    """The test client asking for English pages, so that messages can be matched."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def signup_data(**overrides) -> dict:
    data = {
        "username": adult_iin(birth_date=datetime.date(1988, 5, 17), sex="female"),
        "last_name": "Сейтова",
        "first_name": "Айгүл",
        "patronymic": "Ерланқызы",
        "region_code": "KZ-71",
        "email": "aigul@example.kz",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | overrides


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_signup_form_asks_for_iin_names_region_email_and_passwords(en_client):
    response = en_client.get(SIGNUP_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == [
        "username",
        "last_name",
        "first_name",
        "patronymic",
        "region_code",
        "email",
        "password1",
        "password2",
    ]
    assert form.fields["username"].label == "IIN"
    # The empty prompt and the 20 seeded regions.
    assert len(list(form.fields["region_code"].choices)) == 21


@pytest.mark.django_db
def test_signup_creates_a_citizen_with_names_and_region(en_client):
    data = signup_data()

    response = en_client.post(SIGNUP_URL, data)

    assert response.status_code == 302
    user = User.objects.get(iin=data["username"])
    assert (user.last_name, user.first_name, user.patronymic) == ("Сейтова", "Айгүл", "Ерланқызы")
    assert user.region_code == "KZ-71"
    assert user.email == "aigul@example.kz"
    assert user.preferred_language == "en"
    assert user.check_password(PASSWORD)
    assert user.is_citizen
    assert not user.is_staff


@pytest.mark.django_db
def test_signup_signs_the_new_citizen_in(en_client):
    data = signup_data()

    en_client.post(SIGNUP_URL, data)

    assert get_user(en_client).iin == data["username"]


@pytest.mark.parametrize(
    ("bad_iin", "message"),
    [
        ("900101300018", "its check digit does not match"),
        ("900231300014", "must be a real birth date"),  # 31 February, check digit right
        ("900101900015", "seventh digit of an IIN must be from 1 to 6"),
        ("90010130001A", "exactly 12 digits"),
    ],
)
@pytest.mark.django_db
def test_signup_with_an_invalid_iin_is_refused_with_an_iin_error(en_client, bad_iin, message):
    users_before = User.objects.count()

    response = en_client.post(SIGNUP_URL, signup_data(username=bad_iin))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["username"])
    assert message in page_text(response)
    assert User.objects.count() == users_before


@pytest.mark.django_db
def test_signup_with_an_eleven_digit_iin_is_refused(en_client):
    response = en_client.post(SIGNUP_URL, signup_data(username="90010130001"))

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not User.objects.filter(iin="90010130001").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("region_code", ["", "KZ-99"], ids=["missing", "unknown"])
def test_signup_without_a_known_region_is_refused(en_client, region_code):
    data = signup_data(region_code=region_code)

    response = en_client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["region_code"]
    assert not User.objects.filter(iin=data["username"]).exists()


@pytest.mark.django_db
def test_signup_with_an_existing_iin_says_the_account_exists(en_client):
    existing = UserFactory(last_name="Nurlanov")

    response = en_client.post(SIGNUP_URL, signup_data(username=existing.iin))

    assert response.status_code == 200
    assert "An account with this IIN already exists" in page_text(response)
    assert User.objects.filter(iin=existing.iin).get().last_name == "Nurlanov"


@pytest.mark.django_db
def test_login_form_labels_its_field_iin(en_client):
    response = en_client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response.context["form"].fields["login"].label == "IIN"
    assert '<label for="id_login">IIN' in response.content.decode()


@pytest.mark.django_db
def test_login_with_iin_and_password_signs_in(en_client):
    citizen = UserFactory()

    response = en_client.post(LOGIN_URL, {"login": citizen.iin, "password": "pass-12345"})

    assert response.status_code == 302
    signed_in = get_user(en_client)
    assert signed_in.is_authenticated
    assert signed_in.pk == citizen.pk


@pytest.mark.django_db
def test_the_signed_in_message_names_the_person_never_by_iin(en_client):
    citizen = UserFactory(first_name="Ерлан", last_name="Сейтов")

    response = en_client.post(
        LOGIN_URL, {"login": citizen.iin, "password": "pass-12345"}, follow=True
    )

    page = response.content.decode()
    assert "signed in as Ерлан." in page
    assert citizen.iin not in page


@pytest.mark.django_db
def test_login_with_a_wrong_password_is_refused(en_client):
    citizen = UserFactory()

    response = en_client.post(LOGIN_URL, {"login": citizen.iin, "password": "not-the-password"})

    assert response.status_code == 200
    assert "The IIN or the password is not correct." in page_text(response)
    assert not get_user(en_client).is_authenticated


@pytest.mark.django_db
def test_password_signup_is_closed_unless_switched_on(en_client, settings):
    settings.ACCOUNTS_PASSWORD_SIGNUP = False
    response = en_client.post(SIGNUP_URL, signup_data())
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_password_signup_is_not_yet_eligible_to_sign(en_client):
    from accounts.eligibility import NotEligible, ensure_can_participate

    en_client.post(SIGNUP_URL, signup_data())
    user = User.objects.get()
    assert user.identity_verified_at is None
    with pytest.raises(NotEligible, match="eGov"):
        ensure_can_participate(user)


@pytest.mark.django_db
def test_the_password_reset_email_never_carries_the_iin(en_client):
    citizen = UserFactory(email="reset@example.kz")

    response = en_client.post("/accounts/password/reset/", {"email": "reset@example.kz"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    assert citizen.iin not in message.body
    assert citizen.iin not in message.subject
