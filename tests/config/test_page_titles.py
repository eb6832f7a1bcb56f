"""A page with form errors says so in its title first, and the sign-in page links the password
reset once."""

import re

import pytest

pytestmark = pytest.mark.django_db


def title(page: bytes) -> str:
    return re.search(r"<title>(.*?)</title>", page.decode(), re.S).group(1)


def test_a_form_with_errors_puts_error_first_in_the_title(client):
    shown = client.get("/accounts/login/")
    failed = client.post("/accounts/login/", {"login": "", "password": ""})

    assert not title(shown.content).startswith("Error:")
    assert title(failed.content).startswith("Error: Sign in")


def test_the_title_error_is_in_the_readers_language(client):
    failed = client.post("/accounts/login/", {"login": ""}, HTTP_ACCEPT_LANGUAGE="ru")

    assert title(failed.content).startswith("Ошибка:")


def test_the_sign_in_page_links_the_password_reset_once(client):
    page = client.get("/accounts/login/").content.decode()

    assert page.count('href="/accounts/password/reset/"') == 1
