"""A second factor for officials: what recording a decision needs beyond a password."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse
from django.utils.http import urlencode


def used_second_factor(request) -> bool:
    """True when this session's sign-in (or a later re-check) used an authenticator code."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def second_factor_url(request, next_url: str) -> str:
    """Where the user gets a second factor: set up an authenticator, or enter its code."""
    name = "mfa_reauthenticate" if is_mfa_enabled(request.user) else "mfa_activate_totp"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"
