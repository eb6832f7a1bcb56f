"""With Redis unreachable the portal carries on: pages render, citizens sign, and the count
stays exact. The cache answers misses (django-redis IGNORE_EXCEPTIONS), sessions come from the
database, and the rate limits and the proof of work's replay check step aside."""

import socket
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from config.settings import base
from petitions import limits, proof_of_work
from petitions.models import Signature
from petitions.selectors import signature_count
from tests.factories import UserFactory


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """The portal's own Redis cache settings, pointed at a port where no Redis answers."""
    shipped = base.CACHES["default"]
    assert shipped["BACKEND"] == "django_redis.cache.RedisCache"  # make test sets REDIS_URL
    settings.CACHES = {"default": {**shipped, "LOCATION": f"redis://127.0.0.1:{closed_port()}/0"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Rules that touch the cache on every path: a counted one, and the one read back.
    settings.PETITIONS_RATE_LIMITS = {
        "sign_per_address_per_petition": "1/60s",
        limits.SUSPICIOUS: "1/h",
    }


def test_tasks_survive_a_lost_worker():
    """Acknowledged when done, handed back when the worker dies (the drills kill it)."""
    assert base.CELERY_TASK_ACKS_LATE is True
    assert base.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert base.CELERY_BROKER_CONNECTION_MAX_RETRIES is None


@pytest.mark.django_db
def test_citizens_sign_and_read_while_redis_is_down(client, redis_down, open_petition):
    assert django_settings.CACHES["default"]["LOCATION"].startswith("redis://127.0.0.1:")
    first, second = UserFactory.create_batch(2)
    before = signature_count(open_petition)

    for person in (first, second):
        client.force_login(person)
        response = client.post(reverse("petitions:sign", args=[open_petition.uid]))
        assert response.status_code == 302
        assert response.url == open_petition.get_absolute_url()
        page = client.get(open_petition.get_absolute_url())
        assert page.status_code == 200

    # Both signed from one address within a minute: the limit would refuse the second, but
    # it cannot be counted without Redis, and the database still allows one signature each.
    assert Signature.objects.filter(petition=open_petition).count() == 2
    assert signature_count(open_petition) == before + 2
    assert (
        client.get(reverse("petitions:count", args=[open_petition.uid])).json()["signatures"]
        == before + 2
    )


def test_limits_and_replay_checks_step_aside_while_redis_is_down(redis_down, rf, caplog):
    request = rf.post("/", REMOTE_ADDR="127.0.0.2")
    request.user = SimpleNamespace(pk=1)

    # With Redis up, this second attempt from the address would be both refused and suspect.
    limits.signing_attempt(request, "ABC123")
    assert limits.signing_attempt(request, "ABC123") == (None, False)
    assert "rate limits skipped: the cache is unavailable" in caplog.text
    assert limits.signing_looks_automated(request) is False
    # With no cache to remember a solution, its second use is not refused as a replay
    # (with Redis up, the second use would be refused).
    assert proof_of_work._first_use("a-solution") is True
    assert proof_of_work._first_use("a-solution") is True
