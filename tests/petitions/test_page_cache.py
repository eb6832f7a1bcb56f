"""The petition page and JSON count: served from the cache, at most a few seconds stale, and
refreshed at once when the petition changes state."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import set_count
from petitions import services
from petitions.models import RefusalGround
from petitions.selectors import PAGE_CACHE_SECONDS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count_json(client, petition):
    return client.get(reverse("petitions:count", args=[petition.uid])).json()


def test_anonymous_page_needs_no_query_once_cached(client, open_petition):
    client.get(open_petition.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(open_petition.get_absolute_url())
        data = count_json(client, open_petition)
    assert page.status_code == 200 and data["signatures"] == 0
    assert len(queries) == 0


def test_count_is_refreshed_within_the_cache_lifetime(client, open_petition):
    assert PAGE_CACHE_SECONDS <= 5  # the promise: the shown count is at most 5 s behind
    assert count_json(client, open_petition)["signatures"] == 0
    services.signature_create(petition=open_petition, citizen=UserFactory())
    assert count_json(client, open_petition)["signatures"] == 0  # cached, signing wrote nothing
    time.sleep(PAGE_CACHE_SECONDS + 0.2)  # the cache (Redis) expires entries on its own clock
    assert count_json(client, open_petition)["signatures"] == 1


def test_state_change_is_shown_at_once(client, open_petition, django_capture_on_commit_callbacks):
    assert count_json(client, open_petition)["status"] == "open"
    set_count(open_petition, open_petition.signature_threshold)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_send_to_agency(petition=open_petition)
    assert count_json(client, open_petition)["status"] == "sent"


def test_published_decision_shows_on_the_cached_page_at_once(
    client, sent_petition, head, django_capture_on_commit_callbacks
):
    assert "Budget Code" not in client.get(sent_petition.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_publish(
            petition=sent_petition,
            head=head,
            outcome="refused",
            text="The budget for this year is fixed by the maslikhat. " * 8,
            legal_basis="Budget Code, article 4",
            refusal_ground=RefusalGround.objects.get(code="no-means"),
            announcement="The head announced the decision at a briefing.",
        )
    page = client.get(sent_petition.get_absolute_url()).content.decode()
    assert "Budget Code, article 4" in page
    assert "refused" in page
