"""Decisions: only the head, complete, and immutable once published (enforced by the database)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from petitions import services
from petitions.errors import IllegalTransition, PetitionError
from petitions.models import Decision, PetitionEvent, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASONING = "The request cannot be met this year because " + "the budget is fixed. " * 15


def refuse(petition, head, **overrides):
    fields = {"outcome": "refused", "text": REASONING, "legal_basis": "Budget Code, art. 4"}
    return services.decision_publish(petition=petition, head=head, **{**fields, **overrides})


def test_head_publishes_a_refusal(sent_petition, head):
    decision = refuse(sent_petition, head)
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.REFUSED
    assert sent_petition.decided_at is not None
    assert decision.legal_basis == "Budget Code, art. 4"
    assert sent_petition.events.last().kind == PetitionEvent.Kind.REFUSED


def test_head_publishes_an_acceptance(sent_petition, head):
    due = timezone.localdate() + datetime.timedelta(days=90)
    services.decision_publish(
        petition=sent_petition,
        head=head,
        outcome="accepted",
        text="We accept.",
        actions="Shades at 200 stops.",
        implementation_due=due,
    )
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.ACCEPTED
    assert sent_petition.decision.implementation_due == due


def test_reviewer_cannot_decide(sent_petition, reviewer):
    with pytest.raises(PermissionDenied):
        refuse(sent_petition, reviewer)
    assert not Decision.objects.exists()


def test_head_of_another_body_cannot_decide(sent_petition, other_head):
    with pytest.raises(PermissionDenied):
        refuse(sent_petition, other_head)
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT


@pytest.mark.parametrize(
    "overrides",
    [{"text": "Too short."}, {"legal_basis": ""}, {"text": " " * 400}],
    ids=["short-reasoning", "no-legal-basis", "blank"],
)
def test_incomplete_refusal_is_refused(sent_petition, head, overrides):
    with pytest.raises(PetitionError):
        refuse(sent_petition, head, **overrides)
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT


def test_acceptance_needs_actions_and_date(sent_petition, head):
    with pytest.raises(PetitionError):
        services.decision_publish(
            petition=sent_petition, head=head, outcome="accepted", text="Yes.", actions="Do it."
        )
    assert not Decision.objects.exists()


def test_cannot_decide_twice(sent_petition, head):
    refuse(sent_petition, head)
    with pytest.raises(IllegalTransition):
        refuse(sent_petition, head)
    assert Decision.objects.count() == 1


def test_cannot_decide_before_sending(open_petition, head):
    with pytest.raises(IllegalTransition):
        refuse(open_petition, head)


def test_database_refuses_to_edit_a_published_decision(sent_petition, head):
    decision = refuse(sent_petition, head)
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(text="Rewritten after the fact.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).delete()
    decision.refresh_from_db()
    assert decision.text == REASONING.strip()


def test_database_refuses_an_incomplete_refusal(sent_petition, head):
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.create(
            petition=sent_petition, outcome="refused", text="No.", legal_basis="x", head=head
        )


def test_non_official_user_cannot_decide(sent_petition):
    with pytest.raises(PermissionDenied):
        refuse(sent_petition, UserFactory())
