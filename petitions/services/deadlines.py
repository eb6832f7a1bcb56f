"""Deadlines that bite: reminders to the addressee before the answer is due, escalation after."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from agencies.calendar import working_days_between
from petitions import notifications
from petitions.errors import PetitionError
from petitions.models import DeadlineReminder, Petition, PetitionEvent, Status
from petitions.notifications import deadlines as deadline_notifications
from petitions.selectors.deadlines import escalation_body
from petitions.services.transitions import transition

# Working days before the deadline at which the addressee's officials are reminded.
REMINDER_WORKING_DAYS = (10, 5, 1)
ESCALATABLE_STATES = (Status.SENT,)


def reminder_step(working_days_left: int) -> int | None:
    """The reminder whose moment has come when `working_days_left` remain, or None.

    That is the smallest step at or above what is left: on a missed day the next run still
    sends the step just passed, and once a smaller step is due a larger one is never sent late.
    """
    if working_days_left < 0:
        return None
    due = [step for step in REMINDER_WORKING_DAYS if step >= working_days_left]
    return min(due, default=None)


@transaction.atomic
def deadline_reminder_send(*, petition: Petition) -> DeadlineReminder | None:
    """Remind the addressee's officials of the answer deadline, once per step; None if no
    reminder is due now (or another run already sent it)."""
    if petition.status != Status.SENT or petition.response_due is None:
        return None
    working_days_left = working_days_between(timezone.localdate(), petition.response_due)
    step = reminder_step(working_days_left)
    if step is None:
        return None
    sent = DeadlineReminder.objects.filter(
        petition=petition, agency_id=petition.agency_id, response_due=petition.response_due
    )
    if sent.filter(working_days_before__lte=step).exists():
        return None
    try:
        # A concurrent run inserting the same key waits here for the first to commit, then
        # fails: the unique key, not this function, makes the reminder go once.
        with transaction.atomic():
            reminder = DeadlineReminder.objects.create(
                petition=petition,
                agency_id=petition.agency_id,
                response_due=petition.response_due,
                working_days_before=step,
            )
    except IntegrityError:
        return None
    audit_record(
        action="petition.reminder",
        target=target_of(petition),
        role=Role.SYSTEM,
        changes={"working_days_before": (None, step)},
        note=f"{working_days_left} working days left to {petition.response_due.isoformat()}",
        public=False,
    )
    notifications.queue(
        deadline_notifications.notify_deadline_reminder, petition, reminder.pk, working_days_left
    )
    return reminder


@transaction.atomic
def petition_escalate(*, petition: Petition) -> Petition:
    """Escalate an overdue petition to the addressee's parent body (or the Government), once."""
    if petition.overdue_at is None or timezone.localdate() <= petition.response_due:
        raise PetitionError(_("Only a petition whose answer is overdue can be escalated."))
    body = escalation_body(petition.agency)
    if body is None:
        raise PetitionError(_("There is no higher state body to escalate this petition to."))
    petition = transition(
        petition,
        allowed=ESCALATABLE_STATES,
        to=Status.SENT,
        event=PetitionEvent.Kind.ESCALATED,
        note=body.name_en,
        guard=Q(overdue_at__isnull=False, escalated_at__isnull=True),
        escalated_to=body,
        escalated_at=timezone.now(),
    )
    notifications.queue(deadline_notifications.notify_escalated, petition)
    return petition
