from django.apps import AppConfig
from django.core import checks


class DevIdpConfig(AppConfig):
    name = "devidp"
    label = "devidp"
    verbose_name = "Stand-in eGov"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(signing_key_check)


def signing_key_check(app_configs, **kwargs):
    from django.conf import settings

    if settings.IDP_OIDC_PRIVATE_KEY:
        return []
    return [
        checks.Warning(
            f"No ID token signing key at {settings.DEVIDP_SIGNING_KEY}.",
            hint="Run `devidp/manage.py devidp_setup` before starting the server.",
            id="devidp.W001",
        )
    ]
