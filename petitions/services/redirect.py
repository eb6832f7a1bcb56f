"""Redirecting a misaddressed petition to the competent state body before it is decided."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from agencies.calendar import add_working_days
from agencies.models import Agency
from agencies.selectors import policy_for
from petitions import notifications
from petitions.errors import IllegalTransition, PetitionError
from petitions.models import DecisionDraft, Petition, PetitionEvent, Status
from petitions.notifications import redirect as redirect_notifications
from petitions.rules import can_redirect, is_moderator
from petitions.services.transitions import event_record

REDIRECTABLE_STATES = (Status.MODERATION, Status.SENT)
REASON_MAX_LENGTH = 2000


def _ensure_can_redirect(petition: Petition, by) -> None:
    if petition.status not in REDIRECTABLE_STATES:
        raise PetitionError(
            _(
                "A petition can be redirected only while it is in moderation or waiting for "
                "the state body's decision."
            )
        )
    if not can_redirect(by, petition):
        raise PermissionDenied(
            _(
                "Only a moderator, or an official of the state body the petition was sent to, "
                "can redirect it."
            )
        )


def _ensure_competent_addressee(petition: Petition, to_agency: Agency) -> None:
    if to_agency.pk == petition.agency_id:
        raise PetitionError(_("The petition is already addressed to this state body."))
    if not to_agency.is_active:
        raise PetitionError(_("This state body does not accept petitions."))


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError(_("Give the reason for redirecting the petition."))
    if len(reason) > REASON_MAX_LENGTH:
        raise PetitionError(
            _("Keep the reason within %(n)d characters.") % {"n": REASON_MAX_LENGTH}
        )
    return reason


@transaction.atomic
def petition_redirect(*, petition: Petition, to_agency: Agency, by, reason: str) -> Petition:
    """Address `petition` to `to_agency` instead, keeping every signature.

    A petition already sent starts its answer deadline again from today, on the new
    addressee's terms, and loses its overdue and escalation marks: the clock belongs to the
    body that must answer. The status does not change; the UPDATE is guarded by it, so a
    decision recorded meanwhile wins and this raises IllegalTransition.
    """
    _ensure_can_redirect(petition, by)
    _ensure_competent_addressee(petition, to_agency)
    reason = _clean_reason(reason)
    from_agency = petition.agency
    fields = {"agency": to_agency}
    changes = {"agency": (from_agency.code, to_agency.code)}
    if petition.status == Status.SENT:
        days = policy_for(to_agency).response_working_days
        fields |= {
            "response_working_days": days,
            "response_due": add_working_days(timezone.localdate(), days),
            "overdue_at": None,
            "escalated_to": None,
            "escalated_at": None,
        }
        changes["response_due"] = (petition.response_due, fields["response_due"])
        changes["response_working_days"] = (petition.response_working_days, days)
        if petition.overdue_at is not None:
            changes["overdue_at"] = (petition.overdue_at, None)
        if petition.escalated_to_id is not None:
            changes["escalated_to"] = (petition.escalated_to.code, None)
    rows = Petition.internal.filter(
        pk=petition.pk, status=petition.status, agency_id=from_agency.pk
    )
    if not rows.update(**fields):
        raise IllegalTransition()
    # The old body's draft answer is not the new body's to publish.
    DecisionDraft.objects.filter(petition=petition).delete()
    event = event_record(
        petition,
        kind=PetitionEvent.Kind.REDIRECTED,
        actor=by,
        note=reason,
        changes=changes,
        role=Role.MODERATOR if is_moderator(by) else Role.OFFICIAL,
    )
    petition.refresh_from_db()
    notifications.queue(redirect_notifications.notify_redirected_agency, petition, event.pk)
    notifications.queue(
        redirect_notifications.notify_redirected_author, petition, event.pk, from_agency.pk
    )
    return petition
