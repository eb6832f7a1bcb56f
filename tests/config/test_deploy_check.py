"""Production settings pass Django's deployment check, and their headers and cookies are right."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# What production reads from its environment, as test values.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-test-secret-Hk3v9Qz7LmX2pR8sT1wY5nB4cD6fG0jK",
    "DATABASE_URL": "sqlite:///unused-by-the-check.sqlite3",
    "DJANGO_ALLOWED_HOSTS": "qoldau.kz",
    "SIGNATURE_LOG_NULLIFIER_KEY": "test-nullifier-key",
    "SIGNATURE_LOG_SIGNING_KEY": "cW9sZGF1LWRlbW8tdHJlZS1oZWFkLWtleS0zMmJ5dGU=",
    "EDS_STORAGE_KEY": "dGVzdC1vbmx5LWVkcy1zdG9yYWdlLWtleS0zMmJ5ISE=",
}
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
]


def test_the_deployment_check_passes_with_production_settings():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def production(monkeypatch, settings):
    """This test's settings, with production's headers and cookies."""
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    module = importlib.import_module("config.settings.production")
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return module


@pytest.mark.django_db
def test_production_sends_the_security_headers(client, production):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= (
        365 * 24 * 3600
    )
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(client, production):
    response = client.get("/agencies/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/agencies/"


@pytest.mark.django_db
def test_production_cookies_are_host_only_secure_and_same_site(client, production, citizen):
    sign_in = client.get("/accounts/login/", secure=True)
    csrf = sign_in.cookies["__Host-csrftoken"]
    signed_in = client.post(
        "/accounts/login/",
        {"login": citizen.iin, "password": "pass-12345"},
        secure=True,
        HTTP_X_CSRFTOKEN=csrf.value,
    )
    session = signed_in.cookies["__Host-sessionid"]

    assert signed_in.status_code == 302
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["samesite"] == "Lax"
    assert session["httponly"] is True
    assert "no-store" in signed_in["Cache-Control"]
