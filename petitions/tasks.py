"""Celery beat jobs: thresholds, expiry, deadline reminders and overdue marking. Each is
idempotent."""

import datetime
import logging

from celery import shared_task
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone

from agencies.calendar import add_working_days
from petitions import (
    notifications,  # noqa: F401 (registers the notification tasks)
    services,
)
from petitions.errors import PetitionError
from petitions.models import Petition, Status
from petitions.selectors import with_signature_counts
from petitions.services.deadlines import REMINDER_WORKING_DAYS

logger = logging.getLogger(__name__)


def _apply(service, petitions) -> int:
    """Call `service` on each petition; one that another run changed first is skipped."""
    done = 0
    for petition in petitions:
        try:
            service(petition=petition)
        except PetitionError as skipped:
            logger.info("petition %s skipped by %s: %s", petition.pk, service.__name__, skipped)
        else:
            done += 1
    return done


@shared_task(soft_time_limit=50, time_limit=60)
def watch_thresholds() -> dict[str, int]:
    """Send petitions that reached their threshold; list those past early support."""
    counted = with_signature_counts(Petition.internal.filter(status=Status.OPEN))
    to_send = counted.filter(signature_count__gte=F("signature_threshold"))
    to_list = counted.filter(
        listed_at__isnull=True, signature_count__gte=F("early_support_signatures")
    ).exclude(signature_count__gte=F("signature_threshold"))
    return {
        "sent": _apply(services.petition_send_to_agency, to_send.select_related("agency")),
        "listed": _apply(services.petition_list, to_list),
    }


@shared_task
def expire_petitions() -> int:
    now = timezone.now()
    candidates = Petition.internal.filter(status=Status.OPEN).filter(
        Q(closes_at__lte=now) | Q(listed_at__isnull=True, support_due__lt=timezone.localdate())
    )
    return _apply(services.petition_expire, candidates)


@shared_task(soft_time_limit=3000, time_limit=3600)
def recount_signatures() -> dict[str, int]:
    """Nightly repair: compare each collecting petition's counter with its signatures."""
    repaired = drift_total = 0
    for petition in Petition.internal.filter(status=Status.OPEN).order_by("pk"):
        drift = services.signature_count_repair(petition=petition)
        if drift:
            repaired += 1
            drift_total += abs(drift)
            logger.warning("petition %s: counter was off by %+d; repaired", petition.pk, drift)
    return {"repaired": repaired, "drift": drift_total}


@shared_task
def mark_overdue() -> int:
    """Mark petitions past their deadline overdue, then escalate each (its own transaction)."""
    today = timezone.localdate()
    candidates = Petition.internal.filter(
        status=Status.SENT, overdue_at__isnull=True, response_due__lt=today
    )
    marked = _apply(services.petition_mark_overdue, candidates)
    # Also picks up petitions marked overdue by an earlier run whose escalation failed.
    to_escalate = Petition.internal.filter(
        status=Status.SENT,
        overdue_at__isnull=False,
        escalated_at__isnull=True,
        response_due__lt=today,
    ).select_related("agency__parent")
    _apply(services.petition_escalate, to_escalate)
    return marked


@shared_task(soft_time_limit=240, time_limit=300)
def remind_deadlines() -> int:
    """E-mail the addressees' officials 10, 5 and 1 working days before an answer is due."""
    today = timezone.localdate()
    horizon = add_working_days(today, max(REMINDER_WORKING_DAYS))
    candidates = Petition.internal.filter(
        status=Status.SENT, response_due__gte=today, response_due__lte=horizon
    ).order_by("pk")
    return sum(
        services.deadline_reminder_send(petition=petition) is not None for petition in candidates
    )


@shared_task(soft_time_limit=50, time_limit=60)
def append_signature_logs() -> int:
    """Append new signatures to the public logs of petitions that collect or just stopped."""
    recently = timezone.now() - datetime.timedelta(days=1)
    petitions = Petition.internal.filter(
        Q(status=Status.OPEN) | Q(sent_at__gte=recently) | Q(expired_at__gte=recently)
    ).order_by("pk")
    appended = 0
    for petition in petitions:
        try:
            appended += services.log_append(petition)
        except DatabaseError:
            # One petition's trouble must not hold up every other log; the next run retries.
            logger.exception("petition %s: appending to its signature log failed", petition.pk)
    return appended
