"""Decisions: drafted by any official of the addressee, published only by its head, complete
(a refusal cites an active ground, every decision carries the head's public statement), and
immutable once published (enforced by the database)."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit.models import AuditEntry
from petitions import services
from petitions.errors import IllegalTransition, PetitionError
from petitions.models import Decision, DecisionDraft, PetitionEvent, RefusalGround, Status
from tests.factories import OfficialFactory, UserFactory, sign_in_with_totp

pytestmark = pytest.mark.django_db

REASONING = "The request cannot be met this year because " + "the budget is fixed. " * 15
ANNOUNCEMENT = "The akim announced the answer at the briefing of 3 March."


@pytest.fixture
def ground(db):
    return RefusalGround.objects.get(code="no-means")


def refusal_fields(**overrides) -> dict:
    fields = {
        "outcome": "refused",
        "text": REASONING,
        "legal_basis": "Budget Code, art. 4",
        "refusal_ground": RefusalGround.objects.get(code="no-means"),
        "announcement": ANNOUNCEMENT,
    }
    return {**fields, **overrides}


def refuse(petition, head, **overrides):
    return services.decision_publish(petition=petition, head=head, **refusal_fields(**overrides))


def acceptance_fields(**overrides) -> dict:
    fields = {
        "outcome": "accepted",
        "text": "We accept.",
        "actions": "Shades at 200 stops.",
        "implementation_due": timezone.localdate() + datetime.timedelta(days=90),
        "announcement": ANNOUNCEMENT,
    }
    return {**fields, **overrides}


# The service: publication


def test_head_publishes_a_refusal_citing_its_ground(sent_petition, head, ground):
    decision = refuse(sent_petition, head, announcement_url="https://example.kz/news/1")
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.REFUSED
    assert sent_petition.decided_at is not None
    assert decision.legal_basis == "Budget Code, art. 4"
    assert decision.refusal_ground == ground
    assert decision.announcement == ANNOUNCEMENT
    assert decision.announcement_url == "https://example.kz/news/1"
    assert decision.drafted_by is None
    assert sent_petition.events.last().kind == PetitionEvent.Kind.REFUSED


def test_head_publishes_an_acceptance(sent_petition, head):
    fields = acceptance_fields()
    services.decision_publish(petition=sent_petition, head=head, **fields)
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.ACCEPTED
    assert sent_petition.decision.implementation_due == fields["implementation_due"]
    assert sent_petition.decision.refusal_ground is None


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


def test_a_refusal_must_cite_a_ground(sent_petition, head):
    with pytest.raises(PetitionError, match="ground for refusal"):
        refuse(sent_petition, head, refusal_ground=None)
    assert not Decision.objects.exists()


def test_a_refusal_cannot_cite_a_ground_taken_off_the_list(sent_petition, head, ground):
    RefusalGround.objects.filter(pk=ground.pk).update(is_active=False)

    with pytest.raises(PetitionError, match="ground for refusal"):
        refuse(sent_petition, head, refusal_ground=ground)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "fields", [refusal_fields, acceptance_fields], ids=["refusal", "acceptance"]
)
def test_every_decision_needs_the_heads_public_statement(sent_petition, head, fields):
    with pytest.raises(PetitionError, match="public statement"):
        services.decision_publish(petition=sent_petition, head=head, **fields(announcement="  "))
    assert not Decision.objects.exists()


def test_the_media_link_must_be_https(sent_petition, head):
    with pytest.raises(PetitionError, match="https"):
        refuse(sent_petition, head, announcement_url="http://example.kz/news/1")
    assert not Decision.objects.exists()


def test_acceptance_needs_actions_and_date(sent_petition, head):
    with pytest.raises(PetitionError):
        services.decision_publish(
            petition=sent_petition, head=head, **acceptance_fields(implementation_due=None)
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


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE petitions_decision SET announcement = 'rewritten'",
        "UPDATE petitions_decision SET refusal_ground_id = NULL",
        "DELETE FROM petitions_decision",
    ],
    ids=["announcement", "ground", "delete"],
)
def test_raw_sql_cannot_change_or_delete_a_published_decision(sent_petition, head, sql):
    refuse(sent_petition, head)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    decision = Decision.objects.get()
    assert (decision.announcement, decision.refusal_ground.code) == (ANNOUNCEMENT, "no-means")


def test_database_refuses_an_incomplete_refusal(sent_petition, head):
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.create(
            petition=sent_petition, outcome="refused", text="No.", legal_basis="x", head=head
        )


# Who may draft and who may publish: a role table


ROLES = {
    "reviewer": (lambda f, p: f["reviewer"], True, False),
    "head": (lambda f, p: f["head"], True, True),
    "other agency's head": (lambda f, p: f["other_head"], False, False),
    "other agency's reviewer": (
        lambda f, p: OfficialFactory(agency=f["government"], role="reviewer").user,
        False,
        False,
    ),
    "moderator": (lambda f, p: f["moderator"], False, False),
    "citizen": (lambda f, p: f["citizen"], False, False),
    "author": (lambda f, p: p.author, False, False),
}


@pytest.fixture
def people(reviewer, head, other_head, government, moderator, citizen):
    return {
        "reviewer": reviewer,
        "head": head,
        "other_head": other_head,
        "government": government,
        "moderator": moderator,
        "citizen": citizen,
    }


@pytest.mark.parametrize("role", ROLES)
def test_who_may_draft(sent_petition, people, role):
    pick, may_draft, _may_publish = ROLES[role]
    user = pick(people, sent_petition)

    if may_draft:
        draft = services.decision_draft_save(
            petition=sent_petition, official=user, **refusal_fields()
        )
        assert draft.drafted_by == user
    else:
        with pytest.raises(PermissionDenied):
            services.decision_draft_save(petition=sent_petition, official=user, **refusal_fields())
        assert not DecisionDraft.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_head_may_publish(sent_petition, people, role):
    pick, _may_draft, may_publish = ROLES[role]
    user = pick(people, sent_petition)

    if may_publish:
        refuse(sent_petition, user)
        assert Decision.objects.get().head == user
    else:
        with pytest.raises(PermissionDenied):
            refuse(sent_petition, user)
        assert not Decision.objects.exists()
        sent_petition.refresh_from_db()
        assert sent_petition.status == Status.SENT


# The service: drafts


def test_a_draft_may_be_incomplete_and_saved_again(sent_petition, reviewer, head):
    services.decision_draft_save(petition=sent_petition, official=reviewer, outcome="refused")
    draft = services.decision_draft_save(
        petition=sent_petition, official=head, **refusal_fields(text="Shorter.\r\nSecond line.")
    )

    assert DecisionDraft.objects.count() == 1
    assert draft.drafted_by == reviewer  # who started it; the audit trail names the rest
    assert draft.text == "Shorter.\nSecond line."
    entries = AuditEntry.objects.filter(action="petition.decision_drafted").order_by("seq")
    assert [(e.actor, e.role, e.public) for e in entries] == [
        (reviewer, "official", False),
        (head, "head", False),
    ]
    assert entries[1].changes["refusal_ground"] == [None, "no-means"]


def test_saving_a_draft_publishes_nothing(sent_petition, reviewer):
    events = sent_petition.events.count()

    services.decision_draft_save(petition=sent_petition, official=reviewer, **refusal_fields())

    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT
    assert sent_petition.events.count() == events
    assert not Decision.objects.exists()


def test_a_draft_cannot_cite_an_inactive_ground(sent_petition, reviewer, ground):
    RefusalGround.objects.filter(pk=ground.pk).update(is_active=False)

    with pytest.raises(PetitionError):
        services.decision_draft_save(
            petition=sent_petition, official=reviewer, outcome="refused", refusal_ground=ground
        )
    assert not DecisionDraft.objects.exists()


def test_no_draft_once_decided(sent_petition, head, reviewer):
    refuse(sent_petition, head)

    with pytest.raises(PetitionError):
        services.decision_draft_save(petition=sent_petition, official=reviewer, outcome="refused")


def test_publishing_takes_the_drafter_and_removes_the_draft(sent_petition, reviewer, head):
    draft = services.decision_draft_save(
        petition=sent_petition, official=reviewer, **refusal_fields()
    )

    decision = refuse(sent_petition, head, drafted_by=draft.drafted_by)

    assert decision.drafted_by == reviewer
    assert not DecisionDraft.objects.exists()


# The pages


def review_url(petition):
    return reverse("petitions:review_detail", args=[petition.uid])


def form_data(**fields) -> dict:
    data = refusal_fields(**fields)
    if data.get("refusal_ground") is not None:
        data["refusal_ground"] = data["refusal_ground"].pk
    return {key: "" if value is None else value for key, value in data.items()}


class TestPages:
    def test_a_reviewer_sees_the_draft_form_without_publishing(
        self, client, sent_petition, reviewer
    ):
        client.force_login(reviewer)

        page = client.get(review_url(sent_petition)).content.decode()

        assert "Save the draft" in page
        assert "Publish the decision" not in page
        assert "Sign with EDS and publish" not in page
        assert "Only the head of the state body can publish the decision" in page

    def test_the_head_sees_publish_and_the_second_factor_notice(self, client, sent_petition, head):
        client.force_login(head)

        page = client.get(review_url(sent_petition)).content.decode()

        assert "Save the draft" in page
        assert "Publish the decision" in page
        assert "needs a second factor" in page
        assert "Sign with EDS and publish" not in page  # no EDS verification configured

    def test_a_reviewer_saves_a_draft_the_head_then_sees_it(
        self, client, sent_petition, reviewer, head
    ):
        client.force_login(reviewer)
        response = client.post(
            reverse("petitions:decision_draft", args=[sent_petition.uid]), form_data()
        )
        assert response.status_code == 302
        assert DecisionDraft.objects.get().drafted_by == reviewer

        client.force_login(head)
        page = html.unescape(client.get(review_url(sent_petition)).content.decode())
        assert f"Drafted by {reviewer.get_full_name()}" in page
        assert ANNOUNCEMENT in page  # the form starts from the draft

    def test_the_draft_is_never_on_the_public_page(self, client, sent_petition, reviewer):
        services.decision_draft_save(
            petition=sent_petition,
            official=reviewer,
            **refusal_fields(announcement="A secret draft statement."),
        )

        page = client.get(sent_petition.get_absolute_url()).content.decode()

        assert "A secret draft statement." not in page
        assert "Budget Code, art. 4" not in page

    def test_get_changes_nothing(self, client, sent_petition, head):
        sign_in_with_totp(client, head)
        for name in ("review_detail", "decision_sign"):
            client.get(reverse(f"petitions:{name}", args=[sent_petition.uid]))
        assert client.get(reverse("petitions:decide", args=[sent_petition.uid])).status_code == 405

        assert not DecisionDraft.objects.exists()
        sent_petition.refresh_from_db()
        assert sent_petition.status == Status.SENT

    def test_a_reviewer_who_posts_publish_gets_a_clear_403_and_the_draft_is_kept(
        self, client, sent_petition, reviewer
    ):
        services.decision_draft_save(petition=sent_petition, official=reviewer, **refusal_fields())
        sign_in_with_totp(client, reviewer)

        response = client.post(
            reverse("petitions:decide", args=[sent_petition.uid]),
            form_data(announcement="Rewritten by the reviewer."),
        )

        page = html.unescape(response.content.decode())
        assert response.status_code == 403
        assert "Only the head of the state body publishes its decision" in page
        assert "Rewritten by the reviewer." in page  # what was typed is shown back
        assert DecisionDraft.objects.get().announcement == ANNOUNCEMENT
        assert not Decision.objects.exists()

    def test_the_head_publishes_the_reviewers_draft_with_edits(
        self, client, sent_petition, reviewer, head
    ):
        services.decision_draft_save(petition=sent_petition, official=reviewer, **refusal_fields())
        sign_in_with_totp(client, head)

        response = client.post(
            reverse("petitions:decide", args=[sent_petition.uid]),
            form_data(announcement="Edited by the head.", announcement_url="https://kz.kz/a"),
        )

        assert response.status_code == 302
        decision = Decision.objects.get()
        assert (decision.drafted_by, decision.head) == (reviewer, head)
        assert decision.announcement == "Edited by the head."
        assert not DecisionDraft.objects.exists()
        page = client.get(sent_petition.get_absolute_url()).content.decode()
        assert "Edited by the head." in page
        assert 'href="https://kz.kz/a"' in page
        assert "Ground for refusal" in page
        assert "The body has no legal means or budget to do it" in page  # the visitor's language
        assert "electronic digital signature of the head" not in page

    def test_the_ground_is_shown_in_the_visitors_language(self, client, sent_petition, head):
        refuse(sent_petition, head)

        page = client.get(
            sent_petition.get_absolute_url(), headers={"accept-language": "ru"}
        ).content.decode()

        assert "У органа нет правовых средств или бюджета для исполнения" in page

    def test_a_refusal_without_a_ground_is_shown_back(self, client, sent_petition, head):
        sign_in_with_totp(client, head)

        response = client.post(
            reverse("petitions:decide", args=[sent_petition.uid]), form_data(refusal_ground=None)
        )

        assert response.status_code == 200
        assert "must cite a ground for refusal" in html.unescape(response.content.decode())
        sent_petition.refresh_from_db()
        assert sent_petition.status == Status.SENT

    def test_only_active_grounds_are_offered(self, client, sent_petition, reviewer, ground):
        RefusalGround.objects.filter(pk=ground.pk).update(is_active=False)
        client.force_login(reviewer)

        page = client.get(
            review_url(sent_petition), headers={"accept-language": "en"}
        ).content.decode()

        assert "The matter is outside this body&#x27;s competence" in page
        assert "The body has no legal means or budget to do it" not in page

    @pytest.mark.parametrize("name", ["decision_draft", "decide"])
    def test_officials_of_another_body_get_403(self, client, sent_petition, other_head, name):
        sign_in_with_totp(client, other_head)

        response = client.post(reverse(f"petitions:{name}", args=[sent_petition.uid]), form_data())

        assert response.status_code == 403
        assert not DecisionDraft.objects.exists()
        assert not Decision.objects.exists()

    @pytest.mark.parametrize("name", ["decision_draft", "decide"])
    def test_citizens_get_403(self, client, sent_petition, citizen, name):
        client.force_login(citizen)

        response = client.post(reverse(f"petitions:{name}", args=[sent_petition.uid]), form_data())

        assert response.status_code == 403
        assert not DecisionDraft.objects.exists()

    def test_no_draft_form_after_the_decision(self, client, sent_petition, reviewer, head):
        refuse(sent_petition, head)
        client.force_login(reviewer)

        page = client.get(review_url(sent_petition)).content.decode()
        response = client.post(
            reverse("petitions:decision_draft", args=[sent_petition.uid]), form_data()
        )

        assert "Save the draft" not in page
        assert response.status_code == 403
        assert not DecisionDraft.objects.exists()


def test_non_official_user_cannot_decide(sent_petition):
    with pytest.raises(PermissionDenied):
        refuse(sent_petition, UserFactory())
