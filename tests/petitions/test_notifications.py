"""E-mails: sent after commit, to the right people, in each recipient's language."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from conftest import set_count
from petitions import services
from petitions.models import RefusalGround, RejectionReason
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASONING = "The request cannot be met this year because " + "the budget is fixed. " * 15


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_author_told_of_publication(in_moderation, moderator, on_commit):
    with on_commit():
        services.petition_publish(petition=in_moderation, moderator=moderator)
    (message,) = mail.outbox
    assert message.to == [in_moderation.author.email]
    assert in_moderation.title in message.body


def test_author_told_of_rejection_and_reason(in_moderation, moderator, on_commit):
    with on_commit():
        services.petition_reject(
            petition=in_moderation,
            moderator=moderator,
            reason=RejectionReason.objects.get(code="courts"),
            note="It concerns a pending court case.",
        )
    (message,) = mail.outbox
    assert message.to == [in_moderation.author.email]
    assert "It concerns a pending court case." in message.body


def test_nothing_sent_when_the_change_rolls_back(in_moderation, moderator, on_commit):
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        services.petition_publish(petition=in_moderation, moderator=moderator)
        raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_author_and_officials_told_when_sent(open_petition, head, reviewer, on_commit):
    set_count(open_petition, open_petition.signature_threshold)
    with on_commit():
        services.petition_send_to_agency(petition=open_petition)
    assert {m.to[0] for m in mail.outbox} == {
        open_petition.author.email,
        head.email,
        reviewer.email,
    }


def test_decision_mailed_to_author_and_signers(open_petition, head, on_commit):
    signers = [UserFactory() for _ in range(3)]
    for signer in signers:
        services.signature_create(petition=open_petition, citizen=signer)
    set_count(open_petition, open_petition.signature_threshold)
    services.petition_send_to_agency(petition=open_petition)
    with on_commit():
        services.decision_publish(
            petition=open_petition,
            head=head,
            outcome="refused",
            text=REASONING,
            legal_basis="Budget Code",
            refusal_ground=RefusalGround.objects.get(code="no-means"),
            announcement="The head announced the decision at a briefing.",
        )
    assert {m.to[0] for m in mail.outbox} == {
        open_petition.author.email,
        *(s.email for s in signers),
    }


def test_mail_is_in_recipient_language(open_petition, head, on_commit):
    open_petition.author.preferred_language = "ru"
    open_petition.author.save()
    set_count(open_petition, open_petition.signature_threshold)
    with time_machine.travel(datetime.datetime(2026, 3, 19, 12, tzinfo=datetime.UTC)), on_commit():
        services.petition_send_to_agency(petition=open_petition)
    (to_author,) = [m for m in mail.outbox if m.to == [open_petition.author.email]]
    (to_head,) = [m for m in mail.outbox if m.to == [head.email]]
    assert "апреля 2026" in to_author.body  # the deadline, 21 April, in Russian
    assert "апреля" not in to_head.body  # the head reads Kazakh, the default


def test_a_broker_outage_loses_the_notice_not_the_change(
    in_moderation, moderator, on_commit, monkeypatch, caplog
):
    """Should Redis be down when a notice is queued, the publication stands and the unsent
    notice is logged, rather than the moderator getting an error for a change that was made."""
    import kombu.exceptions

    from petitions import notifications
    from petitions.models import Status

    def broker_down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(notifications.notify_author, "delay", broker_down)

    with on_commit():
        petition = services.petition_publish(petition=in_moderation, moderator=moderator)

    petition.refresh_from_db()
    assert petition.status == Status.OPEN
    assert mail.outbox == []
    assert "notify_author('published',) for petition" in caplog.text
    assert "the broker is unavailable" in caplog.text
