"""Settings shared by every environment, read from environment variables."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "accounts",
    "accounts.audit",
    "accounts.egov",
    "agencies",
    "petitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and CSRF middleware, to see the cookies they set (config/middleware.py).
    "config.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.audit.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL points elsewhere (PostgreSQL in tests and production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, worker and beat of `make run` share the file: wait for locks instead of
    # failing, take the write lock at BEGIN, and let readers proceed beside a writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # django-redis keeps one client per process; Django's own Redis backend builds a new
    # client object for every cache call, which cost the sign path about 0.5 ms a request.
    # When Redis is down the portal carries on without it (IGNORE_EXCEPTIONS): a cache read
    # misses, a write is dropped, sessions come from the database (cached_db), and the rate
    # limits step aside and log it (petitions.limits); django-redis's own traceback for every
    # ignored call is not logged, as it would flood the log during an outage. Short socket
    # timeouts keep a hung Redis from holding requests.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.CachedUserBackend",
]
# Sessions are read from the cache (Redis in production) and written through to the database,
# so a signed-in request costs no session query and a cache restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A form's body (files aside) may be 4 MB: a 1 MB petition text still reaches its form and gets
# a clear error there; anything larger is refused as a 400 before it is read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=4 * 1024 * 1024)
LOGIN_REDIRECT_URL = "petitions:home"

# django-allauth: the IIN is the login field; e-mail is collected but not used to sign in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = "iin"
ACCOUNT_LOGIN_METHODS = {"username"}
# E-mail is optional: eGov may know none, and notices are a choice, not a condition to sign.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_USERNAME_MIN_LENGTH = 12
ACCOUNT_USERNAME_VALIDATORS = "accounts.validators.iin_username_validators"
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_FORMS = {
    "login": "accounts.forms.IINLoginForm",
    "signup": "accounts.forms.CitizenSignupForm",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth names the user in its messages ("Signed in as ..."): never by the IIN.
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGOUT_ON_GET = False
# Sign-in attempts (django-allauth): "N/period/ip" counts per client address (accounts.adapter
# reads it as the audit trail does), "N/period/key" per IIN. After 5 wrong passwords for one
# IIN within 5 minutes, password sign-in with it is refused, the right password too, until the
# oldest failure is 5 minutes old; other IINs are unaffected.
ACCOUNT_RATE_LIMITS = {
    "login": "20/m/ip,200/h/ip",
    "login_failed": "10/m/ip,5/5m/key",
}
# Citizens join through eGov; IIN + password is for officials and the demo's seeded people.
ACCOUNTS_PASSWORD_SIGNUP = env.bool("ACCOUNTS_PASSWORD_SIGNUP", default=False)
# E-mail is for notices, not for signing in: members of a family may share one.
ACCOUNT_UNIQUE_EMAIL = False
# accounts knows regions only by ISO 3166-2:KZ code; agencies supplies their names.
ACCOUNTS_REGION_CHOICES = "agencies.selectors.region_choices"

# Sign-in through eGov by OpenID Connect (accounts.egov); off until an issuer is configured.
# EGOV_OIDC_ISSUER is the issuer URL; its /.well-known/openid-configuration is read from it.
EGOV_OIDC_ISSUER = env("EGOV_OIDC_ISSUER", default="")
SOCIALACCOUNT_ADAPTER = "accounts.egov.adapter.EGovAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "egov": {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "profile", "email"],
        "APPS": [
            {
                "name": "eGov",
                "client_id": env("EGOV_OIDC_CLIENT_ID", default=""),
                "secret": env("EGOV_OIDC_CLIENT_SECRET", default=""),
                "settings": {"server_url": EGOV_OIDC_ISSUER},
            }
        ]
        if EGOV_OIDC_ISSUER
        else [],
    }
}

# Officials confirm decisions with a second factor: TOTP, with recovery codes as the fallback.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Qoldau"

# Electronic digital signatures (accounts.eds): trusted NCA roots and CRLs as files, so that
# verification never fetches anything from the network. GOST keys need an external verifier.
EDS_TRUST_ROOTS = env.list("EDS_TRUST_ROOTS", default=[])
EDS_CRLS = env.list("EDS_CRLS", default=[])
EDS_GOST_VERIFIER = env("EDS_GOST_VERIFIER", default="")
# Where the "sign with EDS" link leads: the signing client (the stand-in provider in the demo).
EDS_SIGNING_CLIENT_URL = env("EDS_SIGNING_CLIENT_URL", default="")
# How old a signed statement may be when it arrives.
EDS_STATEMENT_MAX_AGE_SECONDS = env.int("EDS_STATEMENT_MAX_AGE_SECONDS", default=15 * 60)
# Whether petitions opened from now on accept only EDS-signed signatures.
PETITIONS_REQUIRE_EDS = env.bool("PETITIONS_REQUIRE_EDS", default=False)
# How alike (pg_trgm similarity, 0 to 1) a title must be to be suggested while filing; below
# 0.3 also needs pg_trgm.similarity_threshold lowered in the database.
PETITIONS_SIMILAR_THRESHOLD = env.float("PETITIONS_SIMILAR_THRESHOLD", default=0.3)
# Whether a decision can be published only with the head's EDS over it (petitions.statement);
# off: the head may publish with the authenticator's second factor alone.
DECISIONS_REQUIRE_EDS = env.bool("DECISIONS_REQUIRE_EDS", default=False)

# The public signature log (petitions.transparency). The nullifier key (HMAC) is never
# published; the tree-head key is an Ed25519 private key, raw 32 bytes in base64, whose public
# half the site publishes. Production must set both; the defaults serve only the demo and tests.
SIGNATURE_LOG_NULLIFIER_KEY = env("SIGNATURE_LOG_NULLIFIER_KEY", default="demo-nullifier-key")
# The Fernet key (32 bytes, url-safe base64) that encrypts EDS material at rest (signers' CMS,
# whose certificate holds the IIN, and statements): accounts/eds/storage.py. Production sets it.
EDS_STORAGE_KEY = env("EDS_STORAGE_KEY", default="cW9sZGF1LWRlbW8tZWRzLXN0b3JhZ2Uta2V5LTMyYnk=")
SIGNATURE_LOG_SIGNING_KEY = env(
    "SIGNATURE_LOG_SIGNING_KEY", default="cW9sZGF1LWRlbW8tdHJlZS1oZWFkLWtleS0zMmJ5dGU="
)
# Signatures enter the log once they are this old, so that every transaction that took an
# earlier time has committed; the appending job runs every SIGNATURE_LOG_INTERVAL_SECONDS.
SIGNATURE_LOG_LAG_SECONDS = env.int("SIGNATURE_LOG_LAG_SECONDS", default=10)
SIGNATURE_LOG_INTERVAL_SECONDS = env.int("SIGNATURE_LOG_INTERVAL_SECONDS", default=10)
# A log that does not grow still gets a freshly signed head this often.
SIGNATURE_LOG_HEAD_MAX_AGE_SECONDS = env.int("SIGNATURE_LOG_HEAD_MAX_AGE_SECONDS", default=3600)

# The audit trail (accounts.audit) records the client's address: REMOTE_ADDR, or the header the
# reverse proxy overwrites on every request (e.g. HTTP_X_REAL_IP). Empty: nothing in front.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="")
# Each signature keeps its client's address for a moderator's bulk invalidation only; a daily
# job erases it once it is this many days old. The bulk job invalidates this many per transaction.
SIGNATURE_ADDRESS_RETENTION_DAYS = env.int("SIGNATURE_ADDRESS_RETENTION_DAYS", default=90)
BULK_INVALIDATION_BATCH_SIZE = env.int("BULK_INVALIDATION_BATCH_SIZE", default=500)

# Anti-automation limits on signing and filing (petitions.limits), counted in the shared cache:
# comma-separated "attempts/period" rules, the period in s, m, h or d; "" limits nothing. Signing
# one petition follows the UK Parliament petitions site: from one address, a burst of 1 a minute
# and 5 in 5 minutes. The environment variable PETITIONS_RATE_LIMITS (JSON) overrides any of
# them, e.g. for a load test from one loopback address: '{"sign_per_address_per_petition": ""}'.
PETITIONS_RATE_LIMITS = {
    "sign_per_address_per_petition": "1/60s,5/300s",
    # Generous: a mobile operator's NAT puts many citizens behind one address.
    "sign_per_address": "120/h",
    "sign_per_citizen": "20/10m,100/d",
    "file_per_address": "20/d",
    "file_per_citizen": "5/d",
    # Not a refusal: past it, signing from that address needs the proof-of-work check.
    "sign_suspicious_per_address": "30/h",
}
PETITIONS_RATE_LIMITS.update(env.json("PETITIONS_RATE_LIMITS", default={}))
# The proof-of-work check (petitions.proof_of_work) on filing always, and on signing from an
# address past sign_suspicious_per_address. The HMAC key defaults to one derived from SECRET_KEY.
PROOF_OF_WORK_ENABLED = env.bool("PROOF_OF_WORK_ENABLED", default=True)
PROOF_OF_WORK_HMAC_KEY = env("PROOF_OF_WORK_HMAC_KEY", default="")
# The browser tries up to this many numbers: about a second on a phone.
PROOF_OF_WORK_MAX_NUMBER = env.int("PROOF_OF_WORK_MAX_NUMBER", default=100_000)
# A challenge lives this long (seconds): writing a petition takes a while.
PROOF_OF_WORK_EXPIRES = env.int("PROOF_OF_WORK_EXPIRES", default=3600)
# Without JavaScript, a form is accepted only this long after it was shown.
PROOF_OF_WORK_WAIT_SECONDS = {"file": 20, "sign": 10}

LANGUAGE_CODE = "kk"
# What a petition may be written in (Petition.language): Kazakh, Russian, English.
PETITION_LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# The interface adds Kazakh in the Latin alphabet of 2021 (accounts.kazakh_latin), whose
# catalogues `manage.py kk_latin_catalogues` writes from the Cyrillic ones.
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("kk-latn", _("Kazakh (Latin script)")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# Django knows no kk-latn: name it, so that get_language_info() and the language switch work.
LANG_INFO.setdefault(
    "kk-latn",
    {
        "bidi": False,
        "code": "kk-latn",
        "name": "Kazakh (Latin)",
        "name_local": "Qazaqşa (latyn)",
        "fallback": ["kk"],
    },
)
# Kazakh date and number formats (Django ships none); ru and en keep Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
# The project's own catalogue first, then Kazakh for third-party apps that ship none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Qoldau <noreply@qoldau.kz>")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000")

# Seconds between the threshold watcher's runs: a petition is sent this long after it reaches
# its threshold at most (while the worker is up).
PETITIONS_WATCH_INTERVAL_SECONDS = env.int("PETITIONS_WATCH_INTERVAL_SECONDS", default=30)

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# A task is acknowledged when it has run, and given back to the queue when its worker process
# dies, so a killed worker loses nothing; every task is idempotent, so running one twice is
# harmless. A worker that loses the broker reconnects for as long as it takes.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "petitions-watch-thresholds": {
        "task": "petitions.tasks.watch_thresholds",
        "schedule": float(PETITIONS_WATCH_INTERVAL_SECONDS),
    },
    "petitions-expire": {
        "task": "petitions.tasks.expire_petitions",
        "schedule": 300.0,
    },
    "petitions-recount-signatures": {
        "task": "petitions.tasks.recount_signatures",
        "schedule": crontab(hour=3, minute=30),
    },
    "petitions-append-signature-logs": {
        "task": "petitions.tasks.append_signature_logs",
        "schedule": float(SIGNATURE_LOG_INTERVAL_SECONDS),
    },
    "petitions-erase-signing-addresses": {
        "task": "petitions.tasks.erase_signing_addresses",
        "schedule": crontab(hour=4, minute=15),
    },
    "petitions-mark-overdue": {
        "task": "petitions.tasks.mark_overdue",
        "schedule": 900.0,
    },
    # Hourly in office hours: a run missed by an outage is made up within the day, and the
    # reminders' unique key keeps the reruns from sending anything twice.
    "petitions-remind-deadlines": {
        "task": "petitions.tasks.remind_deadlines",
        "schedule": crontab(minute=0, hour="8-18"),
    },
}

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere, no framing.
# form-action also gets the eGov and EDS signing-client origins per request (config.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the QR code of an official's authenticator (allauth) and Swagger UI's icons.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Cache-Control of public pages for anonymous visitors (config.middleware.CacheControlMiddleware):
# short, as the count on a petition page moves; a cache may serve a stale copy for longer while
# it fetches a fresh one. Everything else is `no-store, private`.
PUBLIC_CACHE_MAX_AGE_SECONDS = env.int("PUBLIC_CACHE_MAX_AGE_SECONDS", default=10)
PUBLIC_CACHE_STALE_SECONDS = env.int("PUBLIC_CACHE_STALE_SECONDS", default=60)
# Error pages in the reader's language (config.views; handlers in config.urls).
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler (under DEBUG) would print each request line a second
        # time beside the root handler's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint logs each step of every PDF it renders at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
