"""Celery beat jobs: thresholds, expiry, deadline reminders and overdue marking. Each is
idempotent."""

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone

from agencies.calendar import add_working_days
from petitions import (
    notifications,  # noqa: F401 (registers the notification tasks)
    services,
)
from petitions.errors import PetitionError
from petitions.models import Petition, SignatureInvalidation, Status
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


# A petition stays in the nightly recount this long after its count could last change (it
# stopped collecting, or a moderator invalidated one of its signatures): a night missed
# through an outage is caught up by the next run.
RECOUNT_LOOKBACK = datetime.timedelta(days=3)
RECOUNT_BATCH = 200


def recount_candidates():
    """Every petition whose count can still change: collecting, just stopped collecting, or
    with a signature invalidated lately (invalidation is allowed after collection ends)."""
    since = timezone.now() - RECOUNT_LOOKBACK
    invalidated = SignatureInvalidation.objects.filter(created_at__gte=since).values(
        "signature__petition_id"
    )
    return Petition.internal.filter(
        Q(status=Status.OPEN)
        | Q(sent_at__gte=since)
        | Q(expired_at__gte=since)
        | Q(pk__in=invalidated)
    ).order_by("pk")


@shared_task(soft_time_limit=3000, time_limit=3600)
def recount_signatures() -> dict[str, int]:
    """Nightly repair: compare each candidate petition's counter with its signatures.

    One petition per transaction (signature_count_repair), read in batches of ids, so the
    counter rows of one petition are locked only while that petition is recounted. Each
    correction is logged here and recorded in the public audit trail by the service.
    """
    repaired = drift_total = failed = 0
    candidates = recount_candidates().only("pk", "uid")
    for petition in candidates.iterator(chunk_size=RECOUNT_BATCH):
        try:
            drift = services.signature_count_repair(petition=petition)
        except DatabaseError:
            # One petition's trouble (a lock timeout) must not stop the others; next run retries.
            logger.exception("petition %s: recounting its signatures failed", petition.pk)
            failed += 1
            continue
        if drift:
            repaired += 1
            drift_total += abs(drift)
            logger.warning(
                "petition %s (%s): counter was off by %+d; repaired",
                petition.pk,
                petition.uid,
                drift,
            )
    result = {"repaired": repaired, "drift": drift_total}
    if failed:
        result["failed"] = failed
    return result


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


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=1700, time_limit=1800)
def run_bulk_invalidation(job_id: int) -> None:
    """A moderator's bulk invalidation, batch by batch until it is done or cancelled.

    Redelivered after a lost worker, it carries on where the committed batches left off.
    """
    try:
        while services.bulk_invalidation_run_batch(job_id=job_id):
            continue
    except SoftTimeLimitExceeded:
        # A very large job continues in a fresh task; the committed batches stay done.
        run_bulk_invalidation.delay(job_id)
    except Exception:
        services.bulk_invalidation_fail(job_id=job_id)
        raise


@shared_task(soft_time_limit=1700, time_limit=1800)
def erase_signing_addresses() -> int:
    """Daily: erase signing addresses older than SIGNATURE_ADDRESS_RETENTION_DAYS."""
    retention = datetime.timedelta(days=settings.SIGNATURE_ADDRESS_RETENTION_DAYS)
    return services.signing_addresses_erase(signed_before=timezone.now() - retention)
