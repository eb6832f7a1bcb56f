"""The scheduled recount: a counter corrupted behind the portal's back is found, corrected,
logged and recorded in the public audit trail; a second run finds nothing."""

import datetime
import logging
import threading
import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction

from accounts.audit.models import AuditEntry, Role
from accounts.audit.services import target_of
from conftest import set_count
from petitions import services, tasks
from petitions.models import Petition, Signature
from petitions.selectors import signature_count, signature_paper_count, signature_tally
from petitions.services.signing import COUNT_REPAIRED
from tests.factories import PetitionFactory, UserFactory

REASON = "Signed with a stolen identity (police report 42)."


def sign(petition, n: int) -> list[int]:
    return [services.signature_create(petition=petition, citizen=UserFactory()) for _ in range(n)]


def corrupt(petition, by: int, shard: int = 3) -> None:
    """Change a counter row as a faulty script or a bad restore would: behind every service."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petitions_signaturecountershard SET count = count + %s "
            "WHERE petition_id = %s AND shard = %s",
            [by, petition.pk, shard],
        )


def repairs(petition):
    return AuditEntry.objects.filter(action=COUNT_REPAIRED, target=target_of(petition))


def send(petition) -> Petition:
    Petition.internal.filter(pk=petition.pk).update(signature_threshold=3)
    petition.refresh_from_db()
    return services.petition_send_to_agency(petition=petition)


def valid_signatures(petition) -> int:
    return Signature.objects.filter(petition=petition, invalidation__isnull=True).count()


def test_the_recount_runs_on_the_beat_schedule():
    jobs = [job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "petitions.tasks.recount_signatures" in jobs


@pytest.mark.django_db
def test_a_corrupted_count_is_repaired_logged_and_audited(open_petition, caplog):
    sign(open_petition, 5)
    corrupt(open_petition, by=7)
    assert signature_count(open_petition) == 12

    with caplog.at_level(logging.WARNING, logger="petitions.tasks"):
        assert tasks.recount_signatures() == {"repaired": 1, "drift": 7}

    assert signature_count(open_petition) == valid_signatures(open_petition) == 5
    warning = next(r for r in caplog.records if r.levelno == logging.WARNING)
    assert "off by -7" in warning.getMessage()
    assert open_petition.uid in warning.getMessage()
    entry = repairs(open_petition).get()
    assert entry.public
    assert entry.role == Role.SYSTEM
    assert entry.changes == {
        "signature_count": [12, 5],
        "eds_count": [0, 0],
        "paper_count": [0, 0],
    }


@pytest.mark.django_db
def test_a_second_run_repairs_nothing(open_petition, caplog):
    sign(open_petition, 3)
    corrupt(open_petition, by=7)
    tasks.recount_signatures()
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="petitions.tasks"):
        assert tasks.recount_signatures() == {"repaired": 0, "drift": 0}

    assert caplog.records == []
    assert repairs(open_petition).count() == 1
    assert signature_count(open_petition) == 3


@pytest.mark.django_db
def test_a_count_below_the_signatures_is_raised_to_them(open_petition):
    sign(open_petition, 4)
    set_count(open_petition, 1)  # every shard row but one lost, as after a bad restore

    assert tasks.recount_signatures() == {"repaired": 1, "drift": 3}

    assert signature_count(open_petition) == 4
    assert repairs(open_petition).get().changes["signature_count"] == [1, 4]


@pytest.mark.django_db
def test_signing_after_a_repair_counts_on(open_petition):
    sign(open_petition, 2)
    corrupt(open_petition, by=5)
    tasks.recount_signatures()
    sign(open_petition, 3)
    assert signature_count(open_petition) == 5


@pytest.mark.django_db
def test_invalidated_and_paper_tallies_are_recounted_too(open_petition, moderator):
    ids = sign(open_petition, 3)
    services.signature_invalidate(
        signature=Signature.objects.get(pk=ids[0]), moderator=moderator, reason=REASON
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petitions_signaturecountershard SET count = count + 1, "
            "eds_count = eds_count + 1, paper_count = paper_count + 2 "
            "WHERE petition_id = %s AND shard = 5",
            [open_petition.pk],
        )

    assert tasks.recount_signatures()["repaired"] == 1

    assert signature_tally(open_petition) == (2, 0)
    assert signature_paper_count(open_petition) == 0


@pytest.mark.django_db
def test_a_petition_sent_lately_is_still_recounted(open_petition, moderator):
    """Invalidation goes on after collection: the count of a sent petition can still drift."""
    ids = sign(open_petition, 3)
    open_petition = send(open_petition)
    services.signature_invalidate(
        signature=Signature.objects.get(pk=ids[1]), moderator=moderator, reason=REASON
    )
    corrupt(open_petition, by=4)

    assert tasks.recount_signatures() == {"repaired": 1, "drift": 4}
    assert signature_count(open_petition) == 2


@pytest.mark.django_db
def test_a_settled_petition_is_left_out_until_something_changes(open_petition, moderator):
    ids = sign(open_petition, 3)
    petition = send(open_petition)
    later = petition.sent_at + tasks.RECOUNT_LOOKBACK + datetime.timedelta(days=1)
    with time_machine.travel(later):
        assert petition not in tasks.recount_candidates()
        services.signature_invalidate(
            signature=Signature.objects.get(pk=ids[0]), moderator=moderator, reason=REASON
        )
        assert petition in tasks.recount_candidates()


@pytest.mark.django_db
def test_only_petitions_whose_count_can_change_are_candidates(open_petition):
    draft = PetitionFactory()
    candidates = list(tasks.recount_candidates())
    assert open_petition in candidates
    assert draft not in candidates


def lock_waits() -> int:
    """How many other connections to this database wait for a row lock now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_signature_committing_during_a_repair_is_not_lost(open_petition):
    """A signer has counted itself but not committed when the repair starts: the repair waits
    for it and then counts it, instead of overwriting its increment."""
    petition = Petition.internal.get(pk=open_petition.pk)
    sign(petition, 2)
    corrupt(petition, by=5)
    signer = UserFactory()
    counted, release = threading.Event(), threading.Event()

    def signing():
        try:
            with transaction.atomic():
                services.signature_create(petition=petition, citizen=signer)
                counted.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    def repairing():
        try:
            counted.wait(timeout=60)
            services.signature_count_repair(petition=petition)
        finally:
            connection.close()

    threads = [threading.Thread(target=signing), threading.Thread(target=repairing)]
    for thread in threads:
        thread.start()
    try:
        assert counted.wait(timeout=60)
        for _ in range(600):  # until the repair waits for the signer's counter row
            if lock_waits():
                break
            time.sleep(0.05)
        assert lock_waits() == 1
    finally:
        release.set()
        for thread in threads:
            thread.join()

    assert valid_signatures(petition) == 3
    assert signature_count(petition) == 3
