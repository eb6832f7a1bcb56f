"""Settings of the stand-in eGov: its own process, SQLite database, sessions and cookie names.

It runs on the same host as the portal (127.0.0.1, another port) and browsers share cookies across
ports, so every cookie it sets has a name of its own. Never part of the portal's settings.
"""

from pathlib import Path

import environ

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var" / "devidp"

env = environ.Env()


def _path(name: str, default: Path) -> Path:
    """A path from the environment; a relative one is taken from the repository root."""
    path = Path(env(name, default=str(default)))
    return path if path.is_absolute() else REPO_ROOT / path


DEBUG = env.bool("DEVIDP_DEBUG", default=True)
SECRET_KEY = env("DEVIDP_SECRET_KEY", default="devidp-demo-only-this-key-is-public")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "devidp",  # first, so that its templates restyle allauth's
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.idp.oidc",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
ROOT_URLCONF = "devidp.urls"
WSGI_APPLICATION = "devidp.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEVIDP_DB = _path("DEVIDP_DB", VAR_DIR / "db.sqlite3")
DEVIDP_DB.parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DEVIDP_DB}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cookies of their own (see the module docstring); messages live in the session, not a cookie.
SESSION_COOKIE_NAME = "devidp_sessionid"
CSRF_COOKIE_NAME = "devidp_csrftoken"
LANGUAGE_COOKIE_NAME = "devidp_language"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "en"
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "devidp.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "devidp.forms.IINLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USERNAME_MIN_LENGTH = 12
# Test suites sign in many times a minute from 127.0.0.1; nothing here is worth guarding.
ACCOUNT_RATE_LIMITS = False
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The OpenID provider (allauth.idp.oidc). `devidp_setup` writes the RS256 key if it is missing.
DEVIDP_SIGNING_KEY = _path("DEVIDP_SIGNING_KEY", VAR_DIR / "signing-key.pem")
IDP_OIDC_PRIVATE_KEY = DEVIDP_SIGNING_KEY.read_text() if DEVIDP_SIGNING_KEY.is_file() else ""
IDP_OIDC_ADAPTER = "devidp.adapter.OIDCAdapter"
# Confidential clients only, as at eGov: no client may redeem a code without its secret.
IDP_OIDC_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

# The signing client: the stand-in NCA's directory, and where it may send a citizen back to.
DEVIDP_EDS_DIR = _path("DEVIDP_EDS_DIR", REPO_ROOT / "var" / "eds")
DEVIDP_RETURN_ORIGINS = env.list("DEVIDP_RETURN_ORIGINS", default=["http://127.0.0.1:8000"])
