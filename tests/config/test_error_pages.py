"""The 400, 403, 404, 500 and CSRF failure pages: the portal's own, in the reader's language,
never a traceback. Views that fail on purpose are added by this module's URLconf."""

import django.db
import kombu.exceptions
import pytest
import redis.exceptions
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client
from django.urls import path
from django.utils import translation
from django.utils.html import escape

import config.urls
from config.urls import handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

LANGUAGES = ["kk", "kk-latn", "ru", "en"]
HTML_LANG = {"kk": "kk", "kk-latn": "kk-Latn", "ru": "ru", "en": "en"}


def bad_request(request):
    raise SuspiciousOperation("a developer's message that nobody should read")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404("a developer's message")


def broken(request):
    raise RuntimeError("a secret detail of the failure")


def database_down(request):
    raise django.db.OperationalError("a secret detail: connection refused on port 5432")


def redis_down(request):
    raise redis.exceptions.ConnectionError("a secret detail: Redis on port 6379 refused")


def broker_down(request):
    raise kombu.exceptions.OperationalError("a secret detail: the broker refused")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", missing),
    path("test-errors/500/", broken),
    path("test-errors/503/", database_down),
    path("test-errors/503/redis/", redis_down),
    path("test-errors/503/broker/", broker_down),
    *config.urls.urlpatterns,
]

CASES = {
    400: "The request could not be understood",
    403: "You cannot open this page",
    404: "Page not found",
    500: "Something went wrong on our side",
    503: "The portal is unavailable for a moment",
}


def shown_in(language: str, message: str) -> str:
    with translation.override(language):
        return escape(translation.gettext(message))


@pytest.fixture
def reader(settings):
    settings.DEBUG = False

    def open_as(language: str) -> Client:
        client = Client(raise_request_exception=False)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return open_as


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", sorted(CASES))
def test_each_error_page_speaks_the_readers_language(reader, language, status):
    response = reader(language).get(f"/test-errors/{status}/")
    page = response.content.decode()

    assert response.status_code == status
    assert f'<html lang="{HTML_LANG[language]}">' in page
    assert f"<h1>{shown_in(language, CASES[status])}</h1>" in page
    assert "Qoldau" in page
    assert 'href="/"' in page
    assert "Traceback" not in page
    assert "developer" not in page and "secret" not in page


def test_an_unknown_address_gets_the_404_page(reader):
    response = reader("ru").get("/no-such-page/")

    assert response.status_code == 404
    assert shown_in("ru", "Page not found") in response.content.decode()


def test_a_request_for_a_foreign_host_gets_the_400_page(reader):
    response = reader("en").get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert CASES[400] in response.content.decode()


def test_the_500_page_needs_no_database(reader, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = reader("kk").get("/test-errors/500/")

    assert response.status_code == 500
    assert handler500 == "config.views.server_error"


@pytest.mark.parametrize("down", ["", "redis/", "broker/"])
def test_a_dependency_down_gets_the_503_page_with_a_retry_time(reader, down):
    response = reader("kk").get(f"/test-errors/503/{down}")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert shown_in("kk", CASES[503]) in response.content.decode()
    assert "secret" not in response.content.decode()


def test_the_500_page_survives_a_broken_template(reader, monkeypatch):
    from django.template import TemplateDoesNotExist

    from config import views

    def missing_template(name):
        raise TemplateDoesNotExist(name)

    monkeypatch.setattr(views.loader, "get_template", missing_template)

    response = reader("ru").get("/test-errors/500/")
    page = response.content.decode()

    assert response.status_code == 500
    assert '<html lang="ru">' in page
    assert shown_in("ru", CASES[500]) in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_token_gets_the_session_expired_page(citizen, settings, language):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post("/petitions/new/", {"title": "x"})
    page = response.content.decode()

    assert response.status_code == 403
    assert f'<html lang="{HTML_LANG[language]}">' in page
    assert f"<h1>{shown_in(language, 'Your session has expired')}</h1>" in page
    assert "CSRF" not in page
