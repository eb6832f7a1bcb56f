"""Reads about answer deadlines: their order on the dashboard and where an overdue petition goes."""

import logging

from django.db.models import Case, F, OrderBy, QuerySet, When
from django.utils import timezone

from agencies.calendar import working_days_until
from agencies.models import Agency, Level
from petitions.models import Petition, Status

logger = logging.getLogger(__name__)

# The seeded code of the Government, where a central body without a parent escalates to.
GOVERNMENT_CODE = "government"
# The review dashboard's filter for petitions past their deadline (beside the statuses).
OVERDUE = "overdue"


def deadline_order() -> list[OrderBy | str]:
    """Awaiting an answer first, nearest deadline first; then decided, newest decision first."""
    # Only petitions awaiting an answer have one; the decided sort after them (NULLS LAST).
    awaiting_due = Case(When(status=Status.SENT, then=F("response_due")))
    return [
        awaiting_due.asc(nulls_last=True),
        F("decided_at").desc(nulls_last=True),
        "sent_at",
        "pk",
    ]


def with_working_days_left(petitions: list[Petition]) -> list[Petition]:
    """Set on each petition awaiting an answer `working_days_left` (after today up to its
    deadline; negative once past it), `past_due` and `working_days_late`, reading the calendar
    once for them all; the others get None, False and 0."""
    today = timezone.localdate()
    awaiting = [p for p in petitions if p.status == Status.SENT and p.response_due]
    left = working_days_until(today, [p.response_due for p in awaiting])
    for petition in petitions:
        petition.working_days_left, petition.past_due, petition.working_days_late = None, False, 0
    for petition in awaiting:
        petition.working_days_left = left[petition.response_due]
        # A deadline on Friday is past on Saturday, though no working day has gone by since.
        petition.past_due = petition.response_due < today
        petition.working_days_late = max(0, -petition.working_days_left)
    return petitions


def agency_escalated_petitions(agency: Agency) -> QuerySet:
    """Petitions another body let go overdue and that were escalated to `agency`."""
    return (
        Petition.internal.filter(escalated_to=agency)
        .select_related("agency")
        .order_by(*deadline_order())
    )


def escalation_body(agency: Agency) -> Agency | None:
    """The body an overdue petition to `agency` goes up to: its parent, or for a central body
    without one the Government; None when there is none (the Government itself, or data an
    administrator has yet to complete)."""
    if agency.parent_id is not None:
        return agency.parent
    if agency.level != Level.REPUBLIC or agency.code == GOVERNMENT_CODE:
        return None
    government = Agency.objects.filter(code=GOVERNMENT_CODE, level=Level.REPUBLIC).first()
    if government is None:
        logger.warning(
            "no agency with code %r: petitions to %s cannot be escalated", GOVERNMENT_CODE, agency
        )
    return government
