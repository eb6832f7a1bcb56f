"""django-allauth adapter: fills the citizen's profile and words errors about the IIN."""

import math

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.audit.context import client_address
from accounts.views import language_sync_on_sign_in

DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def lockout_minutes() -> int:
    """The longest window of ACCOUNT_RATE_LIMITS["login_failed"] ("10/m/ip,5/5m/key"), in
    minutes: no lockout lasts longer."""
    longest = 60
    for rate in (app_settings.RATE_LIMITS.get("login_failed") or "").split(","):
        if rate.strip():
            duration = rate.strip().split("/")[1]
            longest = max(longest, float(duration[:-1] or 1) * DURATION_UNITS[duration[-1]])
    return math.ceil(longest / 60)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": _("An account with this IIN already exists. Please sign in."),
        "username_password_mismatch": _("The IIN or the password is not correct."),
    }

    def get_client_ip(self, request):
        """Sign-in limits count the address the audit trail records (CLIENT_ADDRESS_HEADER)."""
        return client_address(request) or super().get_client_ip(request)

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            minutes = lockout_minutes()
            message = ngettext(
                "Too many failed sign-in attempts with this IIN or from your internet"
                " connection. To protect accounts, signing in with a password is paused:"
                " please try again in %(minutes)d minute.",
                "Too many failed sign-in attempts with this IIN or from your internet"
                " connection. To protect accounts, signing in with a password is paused:"
                " please try again in %(minutes)d minutes.",
                minutes,
            ) % {"minutes": minutes}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request):
        """Citizens join through eGov; a password sign-up form exists only where it is enabled."""
        return settings.ACCOUNTS_PASSWORD_SIGNUP

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.patronymic = data.get("patronymic", "")
        user.region_code = data.get("region_code", "")
        user.preferred_language = get_language() or "kk"
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language_sync_on_sign_in(request, response, user)
        return response


def user_display(user) -> str:
    """How allauth's messages name a person ("Signed in as ..."): by first name, never the IIN."""
    return user.get_short_name() or user.public_name
