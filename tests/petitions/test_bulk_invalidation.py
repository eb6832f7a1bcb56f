"""Bulk invalidation: a moderator selects a petition's signatures by signing time, region or
address range, previews the count, and a cancellable job invalidates exactly those, each with a
revocation in the public log; the signing address itself is shown to nobody."""

import datetime
import html

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit.models import AuditEntry
from petitions import services, tasks
from petitions.errors import PetitionError
from petitions.models import BulkInvalidation, LogLeaf, Signature, SignatureInvalidation
from petitions.selectors import signature_count
from petitions.services.bulk_invalidation import (
    CANCELLED,
    FINISHED,
    REQUESTED,
    SignatureSelection,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Bot farm: 300 signatures in 2 minutes from one hosting network (report 7)."
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


@pytest.fixture
def clock():
    """A stopped clock an hour ahead of the fixtures, moved forward by the test."""
    with time_machine.travel(timezone.now() + HOUR, tick=False) as traveller:
        yield traveller


def sign(petition, *, region="KZ-75", address=None) -> Signature:
    signature_id = services.signature_create(
        petition=petition, citizen=UserFactory(region_code=region), address=address
    )
    return Signature.objects.get(pk=signature_id)


@pytest.fixture
def signed(national_petition, clock):
    """Nine signatures over three hours, regions and networks; `start` opens the second hour."""
    start = timezone.now() + HOUR
    clock.move_to(start - HOUR)
    sign(national_petition, region="KZ-75", address="10.1.2.3")
    sign(national_petition, region="KZ-71", address="192.168.0.9")
    sign(national_petition, region="KZ-75", address=None)
    clock.move_to(start)
    sign(national_petition, region="KZ-75", address="10.1.2.4")
    sign(national_petition, region="KZ-75", address="10.1.2.200")
    sign(national_petition, region="KZ-71", address="10.1.3.1")
    sign(national_petition, region="KZ-71", address="2001:db8::7")
    clock.move_to(start + HOUR)
    sign(national_petition, region="KZ-75", address="10.1.2.5")
    sign(national_petition, region="KZ-71", address="10.1.2.6")
    clock.move_to(start + 3 * HOUR)
    return start


def preview(petition, **criteria) -> int:
    return services.bulk_invalidation_preview(
        petition=petition, selection=SignatureSelection(**criteria)
    )


def request(petition, moderator, **criteria) -> BulkInvalidation:
    return services.bulk_invalidation_request(
        petition=petition,
        moderator=moderator,
        selection=SignatureSelection(**criteria),
        reason=REASON,
    )


def log_everything(petition) -> None:
    while services.log_append(petition):
        continue


def revocation_leaves(petition) -> int:
    return LogLeaf.objects.filter(petition=petition, kind=LogLeaf.Kind.REVOCATION).count()


def test_preview_counts_by_time_range(national_petition, signed):
    second_hour = {"signed_from": signed, "signed_to": signed + HOUR}
    assert preview(national_petition, **second_hour) == 4
    assert preview(national_petition, signed_from=signed) == 6
    assert preview(national_petition, signed_to=signed) == 3


def test_preview_counts_by_region(national_petition, signed):
    assert preview(national_petition, region="KZ-71") == 4
    assert preview(national_petition, region="KZ-75") == 5
    assert preview(national_petition, region="KZ-79") == 0


def test_preview_counts_by_address_range(national_petition, signed):
    assert preview(national_petition, network="10.1.2.0/24") == 5
    assert preview(national_petition, network="10.1.0.0/16") == 6
    assert preview(national_petition, network="10.1.2.4") == 1
    assert preview(national_petition, network="2001:db8::/32") == 1


def test_preview_combines_the_criteria(national_petition, signed):
    combined = preview(
        national_petition,
        signed_from=signed,
        signed_to=signed + 2 * HOUR,
        region="KZ-75",
        network="10.1.2.0/24",
    )
    assert combined == 3


def test_preview_leaves_out_signatures_invalidated_already(national_petition, signed, moderator):
    one = Signature.objects.get(petition=national_petition, address="10.1.2.4")
    services.signature_invalidate(signature=one, moderator=moderator, reason=REASON)

    assert preview(national_petition, network="10.1.2.0/24") == 4


def test_the_job_invalidates_exactly_the_matched_and_the_count_falls_by_that(
    national_petition, signed, moderator, clock
):
    # Half the signatures are in the public log before the job, half reach it after.
    clock.move_to(signed + HOUR / 2)
    log_everything(national_petition)
    clock.move_to(signed + 3 * HOUR)
    before = signature_count(national_petition)

    job = request(national_petition, moderator, network="10.1.2.0/24")
    tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert (job.status, job.matched, job.invalidated) == (BulkInvalidation.Status.DONE, 5, 5)
    assert before - signature_count(national_petition) == 5
    invalidated = SignatureInvalidation.objects.filter(signature__petition=national_petition)
    assert set(invalidated.values_list("signature__address", flat=True)) == {
        "10.1.2.3",
        "10.1.2.4",
        "10.1.2.5",
        "10.1.2.6",
        "10.1.2.200",
    }
    assert set(invalidated.values_list("reason", flat=True)) == {REASON}
    log_everything(national_petition)
    assert revocation_leaves(national_petition) == 5
    assert services.signature_count_repair(petition=national_petition) == 0


def test_the_audit_trail_records_the_request_and_the_result(national_petition, signed, moderator):
    job = request(national_petition, moderator, region="KZ-71")
    tasks.run_bulk_invalidation(job.pk)

    [requested] = AuditEntry.objects.filter(action=REQUESTED)
    assert requested.actor == moderator
    assert requested.note == REASON
    assert requested.changes["matched"] == [None, 4]
    [finished] = AuditEntry.objects.filter(action=FINISHED)
    assert finished.changes["invalidated"] == [None, 4]
    assert finished.changes["status"] == [None, "done"]


def test_signatures_made_after_the_request_are_not_swept_up(
    national_petition, signed, moderator, clock
):
    job = request(national_petition, moderator, network="10.1.2.0/24")
    clock.shift(60)
    sign(national_petition, address="10.1.2.77")

    tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert job.invalidated == job.matched == 5
    assert preview(national_petition, network="10.1.2.0/24") == 1


def test_cancelling_between_batches_stops_the_job(national_petition, signed, moderator, settings):
    settings.BULK_INVALIDATION_BATCH_SIZE = 2
    job = request(national_petition, moderator, network="10.1.0.0/16")
    before = signature_count(national_petition)

    assert services.bulk_invalidation_run_batch(job_id=job.pk) is True
    services.bulk_invalidation_cancel(job=job, moderator=moderator)
    tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert (job.status, job.matched, job.invalidated) == ("cancelled", 6, 2)
    assert before - signature_count(national_petition) == 2
    assert AuditEntry.objects.filter(action=CANCELLED).count() == 1
    with pytest.raises(PetitionError):
        services.bulk_invalidation_cancel(job=job, moderator=moderator)


def test_batches_run_until_all_are_done(national_petition, signed, moderator, settings):
    settings.BULK_INVALIDATION_BATCH_SIZE = 2
    job = request(national_petition, moderator, network="10.1.0.0/16")

    tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert (job.status, job.invalidated) == ("done", 6)


def test_a_redelivered_task_invalidates_nothing_more(national_petition, signed, moderator):
    job = request(national_petition, moderator, region="KZ-75")
    tasks.run_bulk_invalidation(job.pk)
    count = signature_count(national_petition)

    tasks.run_bulk_invalidation(job.pk)  # redelivered after it finished
    # A job that a lost worker left running starts over: the done part no longer matches.
    BulkInvalidation.objects.filter(pk=job.pk).update(status="running")
    tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert job.invalidated == 5
    assert signature_count(national_petition) == count
    assert SignatureInvalidation.objects.count() == 5


def test_a_failing_job_is_marked_failed(national_petition, signed, moderator, monkeypatch):
    job = request(national_petition, moderator, region="KZ-75")

    def broken(*args, **kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr("petitions.services.bulk_invalidation._invalidate", broken)
    with pytest.raises(DatabaseError):
        tasks.run_bulk_invalidation(job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert SignatureInvalidation.objects.count() == 0


def test_only_moderators_request_and_cancel(national_petition, signed, citizen, moderator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        request(national_petition, citizen, region="KZ-75")
    job = request(national_petition, moderator, region="KZ-75")
    with pytest.raises(PermissionDenied):
        services.bulk_invalidation_cancel(job=job, moderator=citizen)


def test_a_request_needs_a_selection_and_a_reason(national_petition, signed, moderator):
    with pytest.raises(PetitionError):
        request(national_petition, moderator)
    with pytest.raises(PetitionError):
        services.bulk_invalidation_request(
            petition=national_petition,
            moderator=moderator,
            selection=SignatureSelection(region="KZ-75"),
            reason="  ",
        )
    assert not BulkInvalidation.objects.exists()


# The pages


@pytest.fixture
def moderator_client(moderator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(moderator)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_moderator_previews_confirms_and_follows_the_job(
    national_petition, signed, moderator_client, django_capture_on_commit_callbacks
):
    url = reverse("petitions:bulk_new", args=[national_petition.uid])
    detail = moderator_client.get(
        reverse("petitions:moderation_detail", args=[national_petition.uid])
    )
    assert url in text(detail)
    assert moderator_client.get(url).status_code == 200
    criteria = {"region": "KZ-71", "network": " 10.1.0.0/16 ", "reason": REASON}

    shown = moderator_client.post(url, {**criteria, "preview": "1"})

    assert shown.status_code == 200
    assert "2 counted signatures match." in text(shown)
    assert not BulkInvalidation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = moderator_client.post(url, {**criteria, "confirm": "1"})
    job = BulkInvalidation.objects.get()
    assert confirmed.url == reverse(
        "petitions:bulk_invalidation", args=[national_petition.uid, job.pk]
    )
    status = text(moderator_client.get(confirmed.url))
    assert "2 of 2 matching signatures invalidated." in status
    assert "Done" in status
    assert "Cancel the invalidation" not in status


def test_the_form_explains_what_is_wrong(national_petition, signed, moderator_client):
    url = reverse("petitions:bulk_new", args=[national_petition.uid])

    empty = moderator_client.post(url, {"reason": REASON, "preview": "1"})
    bad_network = moderator_client.post(
        url, {"network": "10.1.2.0/33", "reason": REASON, "confirm": "1"}
    )

    assert empty.status_code == bad_network.status_code == 400
    assert "Choose the signatures: a time range" in text(empty)
    assert "Enter an IP network such as 10.1.2.0/24" in text(bad_network)
    assert not BulkInvalidation.objects.exists()


def test_a_running_job_can_be_cancelled_from_its_page(
    national_petition, signed, moderator, moderator_client
):
    job = request(national_petition, moderator, region="KZ-75")
    page_url = reverse("petitions:bulk_invalidation", args=[national_petition.uid, job.pk])
    assert "Cancel the invalidation" in text(moderator_client.get(page_url))

    moderator_client.post(reverse("petitions:bulk_cancel", args=[national_petition.uid, job.pk]))

    job.refresh_from_db()
    assert job.status == "cancelled"
    assert "Cancelled" in text(moderator_client.get(page_url))


@pytest.mark.parametrize("who", ["anonymous", "citizen", "author", "official"])
def test_only_moderators_reach_the_pages(national_petition, signed, moderator, head, author, who):
    job = request(national_petition, moderator, region="KZ-75")
    client = Client()
    if who != "anonymous":
        client.force_login({"citizen": UserFactory(), "author": author, "official": head}[who])
    uid = national_petition.uid
    pages = [
        ("get", reverse("petitions:bulk_new", args=[uid])),
        ("post", reverse("petitions:bulk_new", args=[uid])),
        ("get", reverse("petitions:bulk_invalidation", args=[uid, job.pk])),
        ("post", reverse("petitions:bulk_cancel", args=[uid, job.pk])),
    ]
    refused = 302 if who == "anonymous" else 403  # signed out: to the sign-in page
    for method, url in pages:
        response = getattr(client, method)(url, {"region": "KZ-75", "reason": REASON})
        assert response.status_code == refused, url
    job.refresh_from_db()
    assert job.status == "queued"


# The signing address


def test_signing_records_the_client_address_and_shows_it_nowhere(
    national_petition, citizen, moderator, settings
):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_REAL_IP="203.0.113.57")
    client.force_login(citizen)

    client.post(reverse("petitions:sign", args=[national_petition.uid]))

    signature = Signature.objects.get(petition=national_petition, citizen=citizen)
    assert signature.address == "203.0.113.57"
    log_everything(national_petition)
    uid = national_petition.uid
    public = [
        reverse("petitions:detail", args=[uid]),
        reverse("petitions:count", args=[uid]),
        reverse("petitions:log_leaves", args=[uid]),
        reverse("petitions:log_download", args=[uid]),
        reverse("petitions:hourly_json", args=[uid]),
        reverse("petitions:hourly_csv", args=[uid]),
        reverse("petitions:print_pdf", args=[uid]),
        reverse("audit:entries"),
    ]
    moderator_pages = [
        reverse("petitions:moderation_detail", args=[uid]),
        reverse("petitions:bulk_new", args=[uid]),
        reverse("petitions:invalidate", args=[uid]) + "?reference=0",
    ]
    moderating = Client()
    moderating.force_login(moderator)
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"203.0.113.57" not in b"".join(response), url
    for url in moderator_pages:
        response = moderating.get(url)
        assert response.status_code == 200, url
        assert b"203.0.113.57" not in response.content, url


def test_a_header_that_is_not_one_address_stores_none(national_petition, citizen, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    client = Client(HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")
    client.force_login(citizen)

    client.post(reverse("petitions:sign", args=[national_petition.uid]))

    assert Signature.objects.get(citizen=citizen).address is None


def test_old_addresses_are_erased_and_nothing_else_can_change(
    national_petition, signed, clock, settings
):
    settings.SIGNATURE_ADDRESS_RETENTION_DAYS = 1
    clock.move_to(signed + datetime.timedelta(days=1))  # the first hour's three are older

    assert tasks.erase_signing_addresses() == 2

    assert Signature.objects.filter(address__isnull=True).count() == 3
    for statement in (
        "UPDATE petitions_signature SET region_code = 'KZ-79'",
        "UPDATE petitions_signature SET address = '10.9.9.9'",
        "UPDATE petitions_signature SET address = NULL, region_code = 'KZ-79'",
        "DELETE FROM petitions_signature",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_the_time_range_comes_from_the_browser_date_time_fields(
    national_petition, signed, moderator_client
):
    url = reverse("petitions:bulk_new", args=[national_petition.uid])
    local = timezone.localtime(signed)
    window = {
        "signed_from": local.strftime("%Y-%m-%dT%H:%M"),
        "signed_to": (local + HOUR).strftime("%Y-%m-%dT%H:%M"),
        "reason": REASON,
    }

    shown = moderator_client.post(url, {**window, "preview": "1"})
    backwards = moderator_client.post(
        url, {**window, "signed_to": window["signed_from"], "preview": "1"}
    )

    assert "4 counted signatures match." in text(shown)
    assert f'value="{window["signed_from"]}"' in text(shown)  # carried to the confirmation
    assert "The end must be later than the start." in text(backwards)
