"""The decision of the addressee: an official drafts it, and only its head publishes it, with a
public statement and, where EDS is in use, the head's electronic digital signature."""

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from accounts.eds.storage import seal_bytes
from petitions import notifications
from petitions.errors import IllegalTransition, PetitionError
from petitions.models import (
    Decision,
    DecisionDraft,
    Petition,
    PetitionEvent,
    RefusalGround,
    Status,
)
from petitions.models.decision import MIN_REFUSAL_REASONING
from petitions.rules import is_head_of_addressee, is_official_of_addressee
from petitions.services.signing import eds_verify
from petitions.services.transitions import transition
from petitions.statement import check_decision_statement

DECIDABLE_STATES = (Status.SENT,)
# What a draft holds, in the order the audit trail lists its changes.
DRAFT_FIELDS = (
    "outcome",
    "text",
    "actions",
    "implementation_due",
    "refusal_ground",
    "legal_basis",
    "announcement",
    "announcement_url",
)


class EDSRequiredForDecision(PetitionError):
    default_message = _(
        "This portal publishes decisions only with the head's electronic digital signature "
        "(EDS). Use “Sign with EDS and publish”."
    )


def _text(value: str) -> str:
    # Browsers send CRLF; the decision (and the digest the head signs) keeps LF.
    return value.replace("\r\n", "\n").strip()


def _check_url(url: str) -> None:
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise PetitionError(
            _("The link to the announcement must be a secure web address (https://).")
        ) from None


def _check_ground(ground: RefusalGround | None) -> None:
    if ground is None or not RefusalGround.objects.filter(pk=ground.pk, is_active=True).exists():
        raise PetitionError(_("A refusal must cite a ground for refusal from the list."))


def _cleaned(fields: dict) -> dict:
    """The decision's fields with their text tidied, as a draft keeps them."""
    return {
        **fields,
        "text": _text(fields["text"]),
        "actions": _text(fields["actions"]),
        "legal_basis": " ".join(fields["legal_basis"].split()),
        "announcement": _text(fields["announcement"]),
        "announcement_url": fields["announcement_url"].strip(),
    }


def _normalised(**fields) -> dict:
    """The fields as they are published: what does not belong to the outcome is dropped."""
    fields = _cleaned(fields)
    if fields["outcome"] == Decision.Outcome.ACCEPTED:
        fields["refusal_ground"] = None
    else:
        fields["actions"], fields["implementation_due"] = "", None
    return fields


def _validate(fields: dict) -> None:
    outcome, text = fields["outcome"], fields["text"]
    if not text:
        raise PetitionError(_("The head's statement cannot be empty."))
    if outcome == Decision.Outcome.ACCEPTED:
        if not fields["actions"] or fields["implementation_due"] is None:
            raise PetitionError(_("An acceptance must say what will be done and by which date."))
        if fields["implementation_due"] < timezone.localdate():
            raise PetitionError(_("The date by which it will be done cannot be in the past."))
    elif outcome == Decision.Outcome.REFUSED:
        if len(text) < MIN_REFUSAL_REASONING or not fields["legal_basis"]:
            raise PetitionError(
                _(
                    "A refusal needs a reasoned statement of at least %(n)d characters "
                    "and its legal basis."
                )
                % {"n": MIN_REFUSAL_REASONING}
            )
        _check_ground(fields["refusal_ground"])
    else:
        raise PetitionError(_("Choose acceptance or refusal."))
    if not fields["announcement"]:
        raise PetitionError(
            _("The head announces the result publicly: write the head's public statement.")
        )
    if fields["announcement_url"]:
        _check_url(fields["announcement_url"])


def decision_check(
    *,
    petition: Petition,
    head,
    outcome: str,
    text: str,
    actions: str = "",
    implementation_due: datetime.date | None = None,
    legal_basis: str = "",
    refusal_ground: RefusalGround | None = None,
    announcement: str = "",
    announcement_url: str = "",
) -> None:
    """Raise what decision_publish would raise for these fields, without publishing anything:
    the head checks a decision before signing it with an EDS."""
    if not is_head_of_addressee(head, petition):
        raise PermissionDenied(_("Only the head of the addressee can publish its decision."))
    if petition.status not in DECIDABLE_STATES:
        raise IllegalTransition()
    _validate(
        _normalised(
            outcome=outcome,
            text=text,
            actions=actions,
            implementation_due=implementation_due,
            legal_basis=legal_basis,
            refusal_ground=refusal_ground,
            announcement=announcement,
            announcement_url=announcement_url,
        )
    )


@transaction.atomic
def decision_draft_save(
    *,
    petition: Petition,
    official,
    outcome: str = "",
    text: str = "",
    actions: str = "",
    implementation_due: datetime.date | None = None,
    legal_basis: str = "",
    refusal_ground: RefusalGround | None = None,
    announcement: str = "",
    announcement_url: str = "",
) -> DecisionDraft:
    """Save the addressee's draft decision (internal: never shown to the public).

    Any official of the addressee may save it, as often as needed, while the petition awaits
    the decision; a draft may be incomplete. `drafted_by` stays the official who started it;
    the audit trail names everyone who changed it.
    """
    if not is_official_of_addressee(official, petition):
        raise PermissionDenied(_("Only officials of the addressee can draft its decision."))
    # The lock orders this after a decision being published at the same moment.
    if not Petition.internal.select_for_update().filter(
        pk=petition.pk, status__in=DECIDABLE_STATES
    ):
        raise PetitionError(_("The decision can be drafted only while the petition awaits it."))
    if refusal_ground is not None and outcome != Decision.Outcome.ACCEPTED:
        _check_ground(refusal_ground)
    fields = _cleaned(
        {
            "outcome": outcome,
            "text": text,
            "actions": actions,
            "implementation_due": implementation_due,
            "legal_basis": legal_basis,
            "refusal_ground": refusal_ground,
            "announcement": announcement,
            "announcement_url": announcement_url,
        }
    )
    if fields["announcement_url"]:
        _check_url(fields["announcement_url"])
    draft = DecisionDraft.objects.filter(petition=petition).first()
    if draft is None:
        draft = DecisionDraft(petition=petition, drafted_by=official)
        before = dict.fromkeys(DRAFT_FIELDS)
    else:
        before = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.updated_at = timezone.now()
    draft.save()
    changes = {
        name: (_plain(before[name]), _plain(fields[name]))
        for name in DRAFT_FIELDS
        if before[name] != fields[name]
    }
    audit_record(
        action="petition.decision_drafted",
        target=target_of(petition),
        role=Role.HEAD if is_head_of_addressee(official, petition) else Role.OFFICIAL,
        actor=official,
        changes=changes,
        public=False,
    )
    return draft


def _plain(value):
    return getattr(value, "code", value)


def _verified_eds(
    *, petition: Petition, decision: Decision, head, statement: str, cms
) -> tuple[str, bytes]:
    """The statement and DER CMS, if the head signed exactly this decision, now, with a
    trusted, unrevoked signing certificate bearing the head's IIN; EDSRefused otherwise."""
    statement = statement.replace("\r\n", "\n")
    check = partial(check_decision_statement, petition=petition, decision=decision, head=head)
    return statement, eds_verify(statement, cms, signer=head, check=check)


@transaction.atomic
def decision_publish(
    *,
    petition: Petition,
    head,
    outcome: str,
    text: str,
    actions: str = "",
    implementation_due: datetime.date | None = None,
    legal_basis: str = "",
    refusal_ground: RefusalGround | None = None,
    announcement: str = "",
    announcement_url: str = "",
    drafted_by=None,
    eds_statement: str = "",
    eds_cms: bytes | str | None = None,
) -> Decision:
    """Publish the head's decision on the petition: acceptance into work or a reasoned refusal.

    `eds_statement` and `eds_cms` are the head's EDS over decision_statement_for(...) of exactly
    these fields; settings.DECISIONS_REQUIRE_EDS makes them required. The draft, if any, is
    deleted: the published Decision (immutable) holds all of it, `drafted_by` included.
    """
    if not is_head_of_addressee(head, petition):
        raise PermissionDenied(_("Only the head of the addressee can publish its decision."))
    fields = _normalised(
        outcome=outcome,
        text=text,
        actions=actions,
        implementation_due=implementation_due,
        legal_basis=legal_basis,
        refusal_ground=refusal_ground,
        announcement=announcement,
        announcement_url=announcement_url,
    )
    _validate(fields)
    if eds_cms is None and settings.DECISIONS_REQUIRE_EDS:
        raise EDSRequiredForDecision()
    now = timezone.now()
    decision = Decision(petition=petition, head=head, drafted_by=drafted_by, published_at=now)
    for name, value in fields.items():
        setattr(decision, name, value)
    if eds_cms is not None:
        decision.eds_statement, der = _verified_eds(
            petition=petition, decision=decision, head=head, statement=eds_statement, cms=eds_cms
        )
        # Encrypted at rest: the CMS carries the head's certificate, and so the IIN.
        decision.eds_cms = seal_bytes(der)
    status = Status.ACCEPTED if outcome == Decision.Outcome.ACCEPTED else Status.REFUSED
    event = PetitionEvent.Kind.ACCEPTED if status == Status.ACCEPTED else PetitionEvent.Kind.REFUSED
    transition(
        petition,
        allowed=DECIDABLE_STATES,
        to=status,
        event=event,
        actor=head,
        decided_at=now,
    )
    decision.save(force_insert=True)
    DecisionDraft.objects.filter(petition=petition).delete()
    notifications.queue(notifications.notify_decision, petition)
    return decision
