"""Accountability in numbers: how each state body answers the petitions sent to it.

Every figure is a count over the petitions table (and the milestones of accepted ones), never
over signatures. A petition counts for the body it is addressed to now, so a redirected petition
counts for the body it ended at. The whole table takes a fixed number of queries, however many
bodies it lists.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from agencies.calendar import working_days_until
from agencies.models import Agency
from agencies.selectors import collation_key
from petitions.models import DECIDED_STATES, Milestone, Petition, Status

RECEIVED_STATES = (Status.SENT, *DECIDED_STATES)
ACCEPTED_STATES = (Status.ACCEPTED, Status.IMPLEMENTED)


@dataclass
class AgencyRecord:
    agency: Agency
    received: int
    answered_on_time: int
    # Petitions whose answer has come due: decided ones and those overdue now. A petition still
    # inside its deadline does not count for or against the body.
    answer_due: int
    overdue_now: int
    accepted: int
    refused: int
    median_working_days: float | None
    milestones_kept: int
    # Milestones that are due by today or already done: one not yet due does not count against.
    milestones_due: int

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.answer_due if self.answer_due else None

    @property
    def on_time_percent(self) -> float | None:
        return _percent(self.on_time_share)

    @property
    def kept_share(self) -> float | None:
        return self.milestones_kept / self.milestones_due if self.milestones_due else None

    @property
    def kept_percent(self) -> float | None:
        return _percent(self.kept_share)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


# Column -> (sort key, largest first). Bodies without a figure go last either way.
SORTS = {
    "on_time": (lambda record: record.on_time_share, True),
    "received": (lambda record: record.received, True),
    "median": (lambda record: record.median_working_days, False),
    "overdue": (lambda record: record.overdue_now, True),
    "accepted": (lambda record: record.accepted, True),
    "refused": (lambda record: record.refused, True),
    "kept": (lambda record: record.kept_share, True),
    "name": (lambda record: collation_key(record.agency.name), False),
}
DEFAULT_SORT = "on_time"


def agency_ranking(*, level: str = "", region: str = "", sort: str = DEFAULT_SORT) -> list:
    """The bodies that received at least one petition, with their figures, sorted by `sort`."""
    agencies = Agency.objects.all()
    if level:
        agencies = agencies.filter(level=level)
    if region:
        agencies = agencies.filter(region_id=region)
    return _sorted(_records(agencies), sort)


def agency_accountability(agency: Agency) -> AgencyRecord | None:
    """The same figures for one body; None when no petition has reached it yet."""
    records = _records(Agency.objects.filter(pk=agency.pk))
    return records[0] if records else None


def _sorted(records: list[AgencyRecord], sort: str) -> list[AgencyRecord]:
    key, largest_first = SORTS.get(sort, SORTS[DEFAULT_SORT])
    by_name = sorted(records, key=SORTS["name"][0])
    known = [record for record in by_name if key(record) is not None]
    unknown = [record for record in by_name if key(record) is None]
    # Python's sort is stable, also in reverse: ties stay in name order.
    return sorted(known, key=key, reverse=largest_first) + unknown


def _records(agencies: QuerySet) -> list[AgencyRecord]:
    today = timezone.localdate()
    received = Q(petitions__status__in=RECEIVED_STATES)
    decided = Q(petitions__status__in=DECIDED_STATES)
    overdue = Q(petitions__status=Status.SENT, petitions__response_due__lt=today)
    rows = list(
        agencies.select_related("region")
        .annotate(
            received=Count("petitions", filter=received),
            decided=Count("petitions", filter=decided),
            answered_on_time=Count(
                "petitions",
                filter=decided & Q(petitions__decided_at__date__lte=F("petitions__response_due")),
            ),
            overdue_now=Count("petitions", filter=overdue),
            accepted=Count("petitions", filter=Q(petitions__status__in=ACCEPTED_STATES)),
            refused=Count("petitions", filter=Q(petitions__status=Status.REFUSED)),
        )
        .filter(received__gt=0)
    )
    if not rows:
        return []
    ids = [agency.pk for agency in rows]
    milestones = _milestones(ids, today)
    medians = _median_working_days(ids)
    return [
        AgencyRecord(
            agency=agency,
            received=agency.received,
            answered_on_time=agency.answered_on_time,
            answer_due=agency.decided + agency.overdue_now,
            overdue_now=agency.overdue_now,
            accepted=agency.accepted,
            refused=agency.refused,
            median_working_days=medians.get(agency.pk),
            milestones_kept=milestones.get(agency.pk, {}).get("kept", 0),
            milestones_due=milestones.get(agency.pk, {}).get("due", 0),
        )
        for agency in rows
    ]


def _milestones(agency_ids: list[int], today: datetime.date) -> dict[int, dict]:
    """Per body: milestones done by their due date, and those due by today or done."""
    rows = (
        Milestone.objects.filter(
            petition__agency_id__in=agency_ids, petition__status__in=DECIDED_STATES
        )
        .values("petition__agency_id")
        .annotate(
            kept=Count("pk", filter=Q(done_at__date__lte=F("due"))),
            due=Count("pk", filter=Q(due__lte=today) | Q(done_at__isnull=False)),
        )
    )
    return {row["petition__agency_id"]: row for row in rows}


def _median_working_days(agency_ids: list[int]) -> dict[int, float]:
    """Per body: the median of working days from sending to the decision, decided petitions only.

    The calendar is read once, for the span from the earliest sending to the latest decision.
    """
    answers = [
        (agency_id, timezone.localdate(sent_at), timezone.localdate(decided_at))
        for agency_id, sent_at, decided_at in Petition.internal.filter(
            agency_id__in=agency_ids,
            status__in=DECIDED_STATES,
            sent_at__isnull=False,
            decided_at__isnull=False,
        ).values_list("agency_id", "sent_at", "decided_at")
    ]
    if not answers:
        return {}
    dates = {day for _, sent, decided in answers for day in (sent, decided)}
    start = min(dates)
    # Working days since `start` for every date at once; a difference of two is the span.
    index = working_days_until(start, sorted(dates))
    spans: dict[int, list[int]] = {}
    for agency_id, sent, decided in answers:
        spans.setdefault(agency_id, []).append(index[decided] - index[sent])
    return {agency_id: statistics.median(days) for agency_id, days in spans.items()}
