"""What eGov vouches for: the claims of its ID token and userinfo, mapped onto our user.

The claims are the only source of a citizen's birth date, citizenship and region: the portal
never asks a citizen to type them, so eligibility rests on the state's records.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from accounts.iin import validate_iin

KAZAKHSTAN = "KZ"


class ClaimsError(ValueError):
    """eGov sent an identity we cannot use; the message says what, in the user's language."""


@dataclass(frozen=True)
class Identity:
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: datetime.date
    is_citizen: bool
    region_code: str
    email: str
    language: str


def _text(claims: dict, name: str, *, required: bool = False, limit: int = 100) -> str:
    value = claims.get(name) or ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ClaimsError(_("eGov did not send your %(claim)s.") % {"claim": name})
    return value.strip()[:limit]


def _known_region(code: str) -> str:
    """The region code if it is one of ours; someone living abroad has none."""
    known = {value for value, _label in import_string(settings.ACCOUNTS_REGION_CHOICES)()}
    return code if code in known else ""


def identity_from_claims(claims: dict) -> Identity:
    """Read and check an identity from verified claims; raises ClaimsError."""
    iin = _text(claims, "iin", required=True, limit=12)
    try:
        validate_iin(iin)
    except ValidationError as error:
        raise ClaimsError(error.messages[0]) from error
    try:
        birth_date = datetime.date.fromisoformat(_text(claims, "birthdate", required=True))
    except ValueError as error:
        raise ClaimsError(_("eGov sent a birth date we cannot read.")) from error
    language = _text(claims, "locale", limit=5).split("-")[0].lower()
    return Identity(
        iin=iin,
        last_name=_text(claims, "family_name", required=True),
        first_name=_text(claims, "given_name", required=True),
        patronymic=_text(claims, "middle_name"),
        birth_date=birth_date,
        is_citizen=_text(claims, "citizenship", limit=2).upper() == KAZAKHSTAN,
        region_code=_known_region(_text(claims, "residence_region", limit=5)),
        email=_text(claims, "email", limit=254),
        language=language if language in dict(settings.LANGUAGES) else "",
    )


def apply_identity(user, identity: Identity) -> None:
    """Copy what eGov vouches for onto `user` (unsaved), and stamp when it did."""
    user.iin = identity.iin
    user.last_name = identity.last_name
    user.first_name = identity.first_name
    user.patronymic = identity.patronymic
    user.birth_date = identity.birth_date
    user.is_citizen = identity.is_citizen
    user.region_code = identity.region_code
    if user.pk is None:  # a citizen's own choices are kept on later sign-ins
        user.email = identity.email
        user.preferred_language = identity.language or user.preferred_language
    user.identity_verified_at = timezone.now()
