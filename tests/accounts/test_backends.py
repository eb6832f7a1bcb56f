"""A signed-in request reads its session and user from the cache, and sees user changes at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def tables_queried(client, url) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(q["sql"] for q in queries)


def test_second_request_reads_no_session_or_user_row(client):
    client.force_login(UserFactory())
    url = reverse("petitions:agencies")
    tables_queried(client, url)  # fills the cache
    sql = tables_queried(client, url)
    assert 'FROM "django_session"' not in sql
    assert 'FROM "accounts_user" ' not in sql


def test_deactivated_user_is_signed_out_at_once(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("petitions:agencies"))
    user.is_active = False
    user.save()
    response = client.get(reverse("petitions:mine"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_changed_password_ends_other_sessions(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("petitions:mine"))
    user.set_password("a-new-password-2026")
    user.save()
    assert client.get(reverse("petitions:mine")).status_code == 302


def test_renamed_user_is_seen_at_once(client):
    user = UserFactory(first_name="Ерлан")
    client.force_login(user)
    client.get(reverse("petitions:mine"))
    user.first_name = "Арман"
    user.save()
    response = client.get(reverse("petitions:mine"))
    assert response.wsgi_request.user.first_name == "Арман"


def test_user_is_cached_at_sign_in(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.iin, "password": "pass-12345"})
    assert response.status_code == 302
    sql = tables_queried(client, reverse("petitions:agencies"))
    assert 'FROM "accounts_user" ' not in sql
