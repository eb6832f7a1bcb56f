"""allauth adapters of the stand-in eGov: closed sign-up, and the claims it makes about a person."""

from collections.abc import Iterable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from django.contrib.auth import get_user_model

from devidp.models import Citizen


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False  # people are in the population register, or nowhere


class OIDCAdapter(DefaultOIDCAdapter):
    """The ID token and the userinfo carry the same claims: eGov's, for the granted scopes."""

    def get_user_sub(self, client, user) -> str:
        return user.get_username()  # the IIN, the subject eGov uses

    def get_user_by_sub(self, client, sub: str):
        return get_user_model().objects.filter(username=sub, is_active=True).first()

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs) -> dict[str, Any]:
        claims: dict[str, Any] = {"sub": self.get_user_sub(client, user)}
        citizen = Citizen.objects.filter(user=user).first()
        if citizen is not None:
            claims.update(citizen_claims(citizen, scopes))
        return claims


def citizen_claims(citizen: Citizen, scopes: Iterable[str]) -> dict[str, Any]:
    """The claims about a citizen that the scopes grant; `iin` comes with `openid` alone."""
    scopes = set(scopes)
    claims: dict[str, Any] = {"iin": citizen.iin}
    if "profile" in scopes:
        claims.update(
            family_name=citizen.surname,
            given_name=citizen.given_name,
            middle_name=citizen.patronymic,
            name=citizen.full_name,
            birthdate=citizen.birth_date.isoformat(),
            citizenship=citizen.citizenship,
            residence_region=citizen.residence_region,
            locale=f"{citizen.language}-KZ",
        )
    if "email" in scopes:
        # The register's address was confirmed when it was recorded.
        claims.update(email=citizen.email, email_verified=True)
    return claims
