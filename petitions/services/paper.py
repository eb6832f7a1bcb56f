"""Petitions received on paper, entered by the portal's staff on the author's behalf.

The law allows filing and supporting a petition in writing. The people named on paper get an
account keyed by their IIN, unverified: eGov did not vouch for them, so they cannot file or
sign online with it until they sign in through eGov, which links by IIN. IINs never leave the
staff's own entry page: not into the timeline, the audit trail, logs or e-mails. Signature
sheets are in petitions/services/paper_sheets.py.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from accounts.iin import IIN, parse_iin
from accounts.models import ADULT_AGE
from agencies.models import Agency
from petitions.errors import PetitionError
from petitions.models import Petition, Topic
from petitions.services.lifecycle import draft_create, moderation_start

ENTER_PAPER_PERMISSION = "petitions.enter_paper"
NAME_MAX_LENGTH = 100


def ensure_can_enter_paper(by) -> None:
    if not by.has_perm(ENTER_PAPER_PERMISSION):
        raise PermissionDenied(_("Only the portal's moderators can enter paper petitions."))


def _adult_iin(iin: str) -> IIN:
    """The parsed IIN of an adult; PetitionError saying why not otherwise."""
    try:
        parsed = parse_iin(iin)
    except ValidationError as error:
        raise PetitionError(error.messages[0]) from None
    if parsed.age_on(timezone.localdate()) < ADULT_AGE:
        raise PetitionError(
            _(
                "By the birth date in this IIN the author is under 18: only citizens aged 18 "
                "or over may file petitions."
            )
        )
    return parsed


def _paper_author(
    *, by, iin: str, last_name: str, first_name: str, patronymic: str, region_code: str, email: str
):
    """The author's account, found by IIN or created unverified."""
    User = get_user_model()
    author, created = User.objects.get_or_create(
        iin=iin,
        defaults={
            "last_name": last_name,
            "first_name": first_name,
            "patronymic": patronymic,
            "region_code": region_code,
            "email": User.objects.normalize_email(email),
            # Unusable: the author signs in through eGov, never with a password.
            "password": make_password(None),
        },
    )
    if created:
        audit_record(
            action="account.created",
            target=target_of(author),
            role=Role.MODERATOR,
            actor=by,
            note="Account for the author of a petition filed on paper; not verified by eGov.",
        )
        return author
    if not author.is_citizen:
        raise PetitionError(_("By the state's records this person is not a citizen of Kazakhstan."))
    if not author.is_adult():
        raise PetitionError(
            _("By the state's records this person is under 18: they cannot file petitions.")
        )
    if email and not author.email:
        author.email = User.objects.normalize_email(email)
        author.save(update_fields=["email"])
    return author


@transaction.atomic
def paper_petition_enter(
    *,
    by,
    iin: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    region_code: str,
    email: str = "",
    agency: Agency,
    title: str,
    problem: str,
    request: str,
    language: str,
    topic: Topic | None = None,
) -> Petition:
    """Enter a petition filed on paper on its author's behalf, straight into moderation.

    The author must be an adult by the IIN's birth date; their account is found by IIN or
    created without a verified identity.
    """
    ensure_can_enter_paper(by)
    parsed = _adult_iin(iin)
    author = _paper_author(
        by=by,
        iin=parsed.value,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        region_code=region_code,
        email=email,
    )
    note = "Filed on paper; entered by the portal's staff on the author's behalf."
    petition = draft_create(
        author=author,
        agency=agency,
        actor=by,
        note=note,
        role=Role.MODERATOR,
        title=title,
        problem=problem,
        request=request,
        language=language,
        topic=topic,
        on_paper=True,
        entered_by=by,
    )
    return moderation_start(petition, actor=by, note=note, role=Role.MODERATOR)
