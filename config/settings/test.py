"""Settings for pytest: PostgreSQL and Redis from the environment, fast hashing, eager Celery."""

from .base import *  # noqa: F403
from .base import env

DATABASES = {"default": env.db("DATABASE_URL")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests read English unless they ask for another language (Accept-Language, the language
# cookie, or a person's preferred_language); the portal's own default stays Kazakh (base).
LANGUAGE_CODE = "en"
# Tests sign and file many times from the test client's one address: limits far above what any
# test reaches. tests/petitions/test_rate_limits.py puts the shipped defaults back.
PETITIONS_RATE_LIMITS = dict.fromkeys(PETITIONS_RATE_LIMITS, "10000/h")  # noqa: F405
# The existing suite posts forms directly; tests/petitions/test_proof_of_work.py switches it on.
PROOF_OF_WORK_ENABLED = False
