"""Beat jobs read the maintained count, act once, and stay idempotent even when run at once."""

import datetime

import pytest
import time_machine

from conftest import set_count
from petitions import tasks
from petitions.models import Petition, PetitionEvent, Status
from tests.concurrency import run_at_once


def sent_events(petition):
    return PetitionEvent.objects.filter(petition=petition, kind=PetitionEvent.Kind.SENT).count()


@pytest.mark.django_db
def test_watcher_sends_at_threshold_once(open_petition):
    set_count(open_petition, open_petition.signature_threshold - 1)
    assert tasks.watch_thresholds() == {"sent": 0, "listed": 1}
    set_count(open_petition, open_petition.signature_threshold)
    assert tasks.watch_thresholds() == {"sent": 1, "listed": 0}
    assert tasks.watch_thresholds() == {"sent": 0, "listed": 0}
    open_petition.refresh_from_db()
    assert open_petition.status == Status.SENT
    assert sent_events(open_petition) == 1


@pytest.mark.django_db
def test_watcher_lists_after_early_support_once(open_petition):
    set_count(open_petition, 49)
    assert tasks.watch_thresholds()["listed"] == 0
    set_count(open_petition, 50)
    assert tasks.watch_thresholds()["listed"] == 1
    assert tasks.watch_thresholds()["listed"] == 0
    open_petition.refresh_from_db()
    assert open_petition.listed_at is not None


@pytest.mark.django_db
def test_eager_delay_smoke(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    tasks.watch_thresholds.delay()
    assert Petition.internal.get(pk=open_petition.pk).status == Status.SENT


@pytest.mark.django_db
def test_expiry_job_acts_once(open_petition):
    set_count(open_petition, 10)
    assert tasks.expire_petitions() == 0
    with time_machine.travel(open_petition.closes_at + datetime.timedelta(minutes=1)):
        assert tasks.expire_petitions() == 1
        assert tasks.expire_petitions() == 0
    open_petition.refresh_from_db()
    assert open_petition.status == Status.EXPIRED


@pytest.mark.django_db
def test_expiry_job_spares_a_petition_at_threshold(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    with time_machine.travel(open_petition.closes_at + datetime.timedelta(minutes=1)):
        assert tasks.expire_petitions() == 0
    open_petition.refresh_from_db()
    assert open_petition.status == Status.OPEN


@pytest.mark.django_db
def test_overdue_job_acts_once(sent_petition):
    assert tasks.mark_overdue() == 0
    later = datetime.datetime.combine(
        sent_petition.response_due + datetime.timedelta(days=1), datetime.time(12)
    )
    with time_machine.travel(later):
        assert tasks.mark_overdue() == 1
        assert tasks.mark_overdue() == 0
    sent_petition.refresh_from_db()
    assert sent_petition.is_overdue


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_watchers_at_once_send_once(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    results = run_at_once(tasks.watch_thresholds, runs=4)
    assert sum(r["sent"] for r in results) == 1
    assert sent_events(open_petition) == 1
    assert Petition.internal.get(pk=open_petition.pk).status == Status.SENT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_expiry_jobs_at_once_expire_once(open_petition):
    with time_machine.travel(open_petition.closes_at + datetime.timedelta(minutes=1)):
        results = run_at_once(tasks.expire_petitions, runs=4)
    assert sum(results) == 1
    kinds = PetitionEvent.objects.filter(petition=open_petition, kind=PetitionEvent.Kind.EXPIRED)
    assert kinds.count() == 1
