"""Settings for `make run`: debug on; SQLite and an embedded broker unless the environment says."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "broker").mkdir(exist_ok=True)
(VAR_DIR / "broker-processed").mkdir(exist_ok=True)
(VAR_DIR / "broker-control").mkdir(exist_ok=True)
# Serve static files from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
