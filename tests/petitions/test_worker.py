"""A real Celery worker, fed through the Redis broker, runs the threshold watcher end to end."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult

from config.celery import app
from conftest import set_count
from petitions import tasks
from petitions.models import Petition, PetitionEvent, Status


@pytest.fixture
def redis_worker():
    app.conf.task_always_eager = False
    try:
        # perform_ping_check needs the celery.ping task, which this app does not register.
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def wait_for_status(petition, status, seconds=10.0):
    deadline = time.monotonic() + seconds
    while petition.status != status and time.monotonic() < deadline:
        time.sleep(0.1)
        petition.refresh_from_db()
    return petition


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_watcher_runs_on_a_real_worker(open_petition, redis_worker):
    set_count(open_petition, open_petition.signature_threshold)
    result = tasks.watch_thresholds.delay()
    assert not isinstance(result, EagerResult)  # queued in Redis, not run in this thread
    petition = wait_for_status(Petition.internal.get(pk=open_petition.pk), Status.SENT)
    assert petition.status == Status.SENT
    assert PetitionEvent.objects.filter(petition=petition, kind="sent").count() == 1
