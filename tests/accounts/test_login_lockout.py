"""Password sign-in under attack: a lockout per IIN and limits per address (ACCOUNT_RATE_LIMITS).

Requests come from several loopback addresses (REMOTE_ADDR 127.0.0.2, 127.0.0.3, ...); the
limits are the defaults of config/settings/base.py unless a test changes one.
"""

import datetime as dt
import html

import pytest
import time_machine
from django.contrib.auth import get_user

from config.settings import base
from tests.factories import UserFactory

LOGIN_URL = "/accounts/login/"
PASSWORD = "pass-12345"
FIRST = "127.0.0.2"
SECOND = "127.0.0.3"
LOCKED = (
    "Too many failed sign-in attempts with this IIN or from your internet connection. To"
    " protect accounts, signing in with a password is paused: please try again in 5 minutes."
)


@pytest.fixture(autouse=True)
def _default_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = dict(base.ACCOUNT_RATE_LIMITS)
    settings.CLIENT_ADDRESS_HEADER = ""


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def en_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def log_in(client, person, password, address=FIRST):
    client.logout()
    return client.post(LOGIN_URL, {"login": person.iin, "password": password}, REMOTE_ADDR=address)


def text(response) -> str:
    return html.unescape(response.content.decode())


def fail(client, person, times, address=FIRST):
    for _ in range(times):
        response = log_in(client, person, "not-the-password", address)
        assert "The IIN or the password is not correct." in text(response)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_iin_even_against_the_right_one(en_client, clock):
    person = UserFactory()
    fail(en_client, person, 5)

    response = log_in(en_client, person, PASSWORD)

    assert response.status_code == 200
    assert LOCKED in text(response)
    assert not get_user(en_client).is_authenticated
    # From another address too: the lock is on the IIN.
    assert LOCKED in text(log_in(en_client, person, PASSWORD, SECOND))


@pytest.mark.django_db
def test_the_lock_lifts_when_the_window_passes(en_client, clock):
    person = UserFactory()
    fail(en_client, person, 5)
    assert LOCKED in text(log_in(en_client, person, PASSWORD))

    clock.shift(dt.timedelta(minutes=5, seconds=1))

    assert log_in(en_client, person, PASSWORD).status_code == 302
    assert get_user(en_client).pk == person.pk


@pytest.mark.django_db
def test_other_accounts_are_unaffected(en_client, clock):
    locked, other = UserFactory.create_batch(2)
    fail(en_client, locked, 5)

    response = log_in(en_client, other, PASSWORD)

    assert response.status_code == 302
    assert get_user(en_client).pk == other.pk


@pytest.mark.django_db
def test_four_failures_then_the_right_password_signs_in(en_client, clock):
    person = UserFactory()
    fail(en_client, person, 4)

    assert log_in(en_client, person, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_many_failures_from_one_address_lock_that_address_only(en_client, clock):
    people = UserFactory.create_batch(6)
    for person in people[:5]:
        fail(en_client, person, 2)
    honest = people[5]

    from_that_address = log_in(en_client, honest, PASSWORD, FIRST)
    from_another = log_in(en_client, honest, PASSWORD, SECOND)

    assert LOCKED in text(from_that_address)
    assert from_another.status_code == 302


@pytest.mark.django_db
def test_too_many_sign_in_attempts_from_one_address_get_a_429_page(en_client, clock, settings):
    settings.ACCOUNT_RATE_LIMITS = {**base.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    person = UserFactory()
    log_in(en_client, person, "wrong", FIRST)
    log_in(en_client, person, "wrong", FIRST)

    limited = log_in(en_client, person, PASSWORD, FIRST)

    assert limited.status_code == 429
    assert "Please wait a little" in text(limited)
    assert log_in(en_client, person, PASSWORD, SECOND).status_code == 302


@pytest.mark.django_db
def test_the_proxy_header_names_the_address(en_client, clock, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    people = UserFactory.create_batch(6)
    for person in people[:5]:
        for _ in range(2):
            en_client.post(
                LOGIN_URL,
                {"login": person.iin, "password": "wrong"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_REAL_IP=FIRST,
            )

    response = en_client.post(
        LOGIN_URL,
        {"login": people[5].iin, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP=SECOND,
    )

    assert response.status_code == 302
