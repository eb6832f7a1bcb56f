"""Settings for `make run`: debug on; SQLite and an embedded broker unless the environment says."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "broker").mkdir(exist_ok=True)
(VAR_DIR / "broker-processed").mkdir(exist_ok=True)
(VAR_DIR / "broker-control").mkdir(exist_ok=True)
# Serve static files from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The stand-in eGov provider and certification authority of `make run` (devidp/, port 8001).
# They exist only for the demo: production settings name the real services from the environment.
EGOV_OIDC_ISSUER = env("EGOV_OIDC_ISSUER", default="http://127.0.0.1:8001")
SOCIALACCOUNT_PROVIDERS["egov"]["APPS"] = [  # noqa: F405
    {
        "name": "eGov",
        "client_id": env("EGOV_OIDC_CLIENT_ID", default="qoldau-demo"),
        "secret": env("EGOV_OIDC_CLIENT_SECRET", default="qoldau-demo-secret"),
        "settings": {"server_url": EGOV_OIDC_ISSUER},
    }
]
EDS_TRUST_ROOTS = env.list("EDS_TRUST_ROOTS", default=[str(VAR_DIR / "eds" / "root.pem")])
EDS_CRLS = env.list("EDS_CRLS", default=[str(VAR_DIR / "eds" / "crl.pem")])
EDS_SIGNING_CLIENT_URL = env("EDS_SIGNING_CLIENT_URL", default="http://127.0.0.1:8001/eds/sign/")
