"""Reads for the people who work petitions: moderators and the state bodies' officials."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone

from agencies.calendar import working_days_until
from petitions.models import (
    Petition,
    RejectionReason,
    Status,
)
from petitions.selectors.counts import with_signature_counts
from petitions.selectors.deadlines import OVERDUE, deadline_order


@dataclass(frozen=True)
class ModerationDeadline:
    """Where a petition in moderation stands against its 20-working-day deadline."""

    due: datetime.date
    # Working days after today up to the due date; negative: how many working days it is late.
    working_days_left: int
    overdue: bool

    @property
    def working_days_late(self) -> int:
        return max(0, -self.working_days_left)


def _moderation_deadlines(petitions: list[Petition]) -> dict[int, ModerationDeadline]:
    today = timezone.localdate()
    dues = [petition.moderation_due for petition in petitions if petition.moderation_due]
    left = working_days_until(today, dues)  # one read of the calendar for the whole queue
    return {
        petition.pk: ModerationDeadline(
            due=petition.moderation_due,
            working_days_left=left[petition.moderation_due],
            overdue=petition.moderation_due < today,
        )
        for petition in petitions
        if petition.moderation_due
    }


def moderation_queue() -> list[Petition]:
    """Petitions waiting for moderation, the one due first at the top, each with
    `moderation_deadline` (a ModerationDeadline, or None for a petition without a due date)."""
    petitions = list(
        Petition.internal.filter(status=Status.MODERATION)
        .select_related("agency", "author")
        .order_by(F("moderation_due").asc(nulls_last=True), "submitted_at", "pk")
    )
    deadlines = _moderation_deadlines(petitions)
    for petition in petitions:
        petition.moderation_deadline = deadlines.get(petition.pk)
    return petitions


def moderation_deadline(petition: Petition) -> ModerationDeadline | None:
    """The deadline of a petition in moderation; None once moderation is over."""
    if petition.status != Status.MODERATION:
        return None
    return _moderation_deadlines([petition]).get(petition.pk)


def prohibited_topics() -> QuerySet:
    return RejectionReason.objects.filter(is_prohibited_topic=True)


def agency_review_queue(agency, *, state: str = "") -> QuerySet:
    """Petitions routed to an agency: those awaiting an answer first, nearest deadline first,
    then the decided ones, newest decision first. `state` filters: a status, or OVERDUE."""
    queryset = Petition.internal.for_agency(agency)
    if state == OVERDUE:
        queryset = queryset.filter(status=Status.SENT, overdue_at__isnull=False)
    elif state:
        queryset = queryset.filter(status=state)
    queryset = queryset.select_related("escalated_to")
    return with_signature_counts(queryset).order_by(*deadline_order())
