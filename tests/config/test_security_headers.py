"""The Content-Security-Policy holds (nothing inline in any template) and Cache-Control keeps
personal pages out of every cache while public pages may be cached."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
PUBLIC = f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE_SECONDS}, stale-while-revalidate="


def never_stored(response) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives and "public" not in directives


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: values for name, *values in directives}


def test_every_page_gets_a_policy_without_anything_inline(client):
    csp = policy(client.get("/"))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'self'" in csp["form-action"]
    assert not any("unsafe" in value for values in csp.values() for value in values)


def test_forms_may_post_to_the_configured_egov_and_signing_client_only(client, settings):
    settings.EGOV_OIDC_ISSUER = "https://idp.egov.kz/oidc"
    settings.EDS_SIGNING_CLIENT_URL = "https://sign.example.kz:8443/eds/sign/"

    csp = policy(client.get("/"))

    assert csp["form-action"] == [
        "'self'",
        "https://idp.egov.kz",
        "https://sign.example.kz:8443",
    ]


def test_error_and_api_pages_get_the_policy_too(client):
    assert "frame-ancestors 'none'" in client.get("/no-such-page/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/api/v1/docs")["Content-Security-Policy"]


def template_files():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


# A <script> without src runs inline unless it is a data block (type="application/json").
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.I)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("on*= event handler", EVENT_HANDLER),
        ("javascript: URL", re.compile(r"javascript:", re.I)),
        ("inline style", INLINE_STYLE),
    ],
)
def test_no_template_has_what_the_policy_refuses(name, pattern):
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:80]}"
        for path in template_files()
        # The stand-in eGov is a separate site, never served by the portal.
        if "devidp" not in path.parts
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]

    assert len(list(template_files())) > 50
    assert not found, f"{name} in templates:\n" + "\n".join(found)


def public_urls(petition) -> list[str]:
    uid = petition.uid
    return [
        "/",
        "/petitions/",
        "/petitions/?q=water",
        f"/p/{uid}/",
        f"/p/{uid}/count.json",
        f"/p/{uid}/hourly.json",
        f"/p/{uid}/hourly.csv",
        f"/p/{uid}/log/head.json",
        "/agencies/",
        f"/agencies/{petition.agency.code}/",
        "/agencies/ranking/",
        "/agencies/ranking.csv",
        "/transparency/key.json",
        "/audit/head.json",
        "/api/v1/petitions",
        f"/api/v1/petitions/{uid}",
        "/api/v1/agencies",
        "/api/v1/openapi.json",
    ]


def test_public_pages_may_be_cached_for_anonymous_visitors(client, open_petition):
    for url in public_urls(open_petition):
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith(PUBLIC), url
        assert "Cookie" in response["Vary"], url
        assert not response.cookies, url


def test_public_pages_are_not_cached_once_signed_in(client, citizen, open_petition):
    client.force_login(citizen)

    for url in public_urls(open_petition):
        assert never_stored(client.get(url)), url


def test_the_language_choice_of_an_anonymous_visitor_still_leaves_pages_public(client):
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})

    response = client.get("/")

    assert 'lang="ru"' in response.content.decode()
    assert response["Cache-Control"].startswith(PUBLIC)


def test_personal_and_task_pages_are_never_stored(client, author, moderator, open_petition):
    uid = open_petition.uid
    client.force_login(author)
    for url in [
        "/petitions/mine/",
        "/petitions/new/",
        f"/p/{uid}/sign/",
        f"/p/{uid}/log/receipt.json",
        "/accounts/email/",
        "/accounts/password/change/",
    ]:
        assert never_stored(client.get(url)), url
    client.force_login(moderator)
    for url in ["/moderation/", f"/moderation/{uid}/"]:
        assert never_stored(client.get(url)), url


def test_anonymous_visitors_get_no_store_on_sign_in_signing_and_errors(client, open_petition):
    for url in [
        "/accounts/login/",  # carries a CSRF token and sets its cookie
        "/accounts/password/reset/done/",  # no form, no cookie: private by its path
        f"/p/{open_petition.uid}/sign/",  # a redirect to the sign-in
        "/petitions/new/",
        "/review/",
        "/no-such-page/",
    ]:
        response = client.get(url)

        assert never_stored(response), url


def test_a_page_showing_a_message_is_not_public(client, open_petition):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    # A message waits in the cookie storage, as after a redirect of an anonymous visitor.
    storage = CookieStorage(client.get("/").wsgi_request)
    storage.add(constants.INFO, "A note")
    response = client.get("/")
    storage.update(response)
    client.cookies.update(response.cookies)

    shown = client.get(f"/p/{open_petition.uid}/")

    assert "A note" in shown.content.decode()
    assert never_stored(shown)


def test_a_post_is_never_public(client):
    response = client.post("/i18n/setlang/", {"language": "kk", "next": "/"})

    assert never_stored(response)


def test_the_signed_in_language_switch_still_needs_its_csrf_token(citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)

    assert client.post("/i18n/setlang/", {"language": "ru"}).status_code == 403
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/i18n/setlang/", {"language": "ru"}).status_code == 302


def test_a_view_cannot_make_a_private_response_public(rf, citizen):
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse

    from config.middleware import CacheControlMiddleware

    request = rf.get("/")
    request.session = SessionStore()
    request.session["_auth_user_id"] = str(citizen.pk)

    def view(request):
        response = HttpResponse("personal")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    header = CacheControlMiddleware(view)(request)["Cache-Control"]

    assert "public" not in header
    assert "no-store" in header and "private" in header
