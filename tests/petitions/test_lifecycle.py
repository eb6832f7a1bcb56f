"""Every lifecycle transition: legal moves change state and write one event; illegal ones raise."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from accounts.iin import make_iin
from agencies.models import Agency, Region
from conftest import set_count
from petitions import services
from petitions.errors import IllegalTransition, PetitionError, ThresholdUnknown
from petitions.models import PetitionEvent, RejectionReason, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def event_kinds(petition):
    return list(petition.events.values_list("kind", flat=True))


def test_create_makes_a_draft_with_one_event(draft):
    assert draft.status == Status.DRAFT
    assert event_kinds(draft) == [PetitionEvent.Kind.CREATED]


def test_minor_cannot_file(almaty_akimat):
    minor = UserFactory(iin=make_iin(datetime.date(2010, 1, 1), "male", serial=1))
    with pytest.raises(PermissionDenied, match="18"):
        services.petition_create(
            author=minor, agency=almaty_akimat, title="t", problem="p", request="r", language="kk"
        )


def test_submit_moves_draft_to_moderation_with_due_date(in_moderation):
    assert in_moderation.status == Status.MODERATION
    assert in_moderation.submitted_at is not None
    assert in_moderation.moderation_due > in_moderation.submitted_at.date()
    assert event_kinds(in_moderation)[-1] == PetitionEvent.Kind.SUBMITTED


def test_only_the_author_submits(draft, citizen):
    with pytest.raises(PermissionDenied):
        services.petition_submit(petition=draft, author=citizen)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submitting_twice_is_illegal(in_moderation, author):
    with pytest.raises(IllegalTransition):
        services.petition_submit(petition=in_moderation, author=author)
    assert event_kinds(in_moderation).count(PetitionEvent.Kind.SUBMITTED) == 1


def test_publish_copies_terms_from_policy(open_petition):
    assert open_petition.status == Status.OPEN
    assert open_petition.signature_threshold == 23480  # 1% of Almaty's 2,347,924
    assert open_petition.early_support_signatures == 50
    assert open_petition.response_working_days == 20
    assert open_petition.listed_at is None
    months = (open_petition.closes_at.year - open_petition.published_at.year) * 12 + (
        open_petition.closes_at.month - open_petition.published_at.month
    )
    assert months == 6
    assert open_petition.support_due > open_petition.published_at.date()


def test_policy_change_does_not_move_running_petition(open_petition):
    Region.objects.filter(iso_code="KZ-75").update(population=100)
    open_petition.refresh_from_db()
    assert open_petition.signature_threshold == 23480


def test_publish_needs_a_moderator(in_moderation, citizen):
    with pytest.raises(PermissionDenied):
        services.petition_publish(petition=in_moderation, moderator=citizen)
    in_moderation.refresh_from_db()
    assert in_moderation.status == Status.MODERATION


def test_publish_refuses_when_population_is_unknown(author, moderator):
    abai_akimat = Agency.objects.get(code="akimat-kz-10")  # Abai region: population not seeded
    petition = services.petition_create(
        author=author, agency=abai_akimat, title="t", problem="p", request="r", language="kk"
    )
    services.petition_submit(petition=petition, author=author)
    with pytest.raises(ThresholdUnknown):
        services.petition_publish(petition=petition, moderator=moderator)
    petition.refresh_from_db()
    assert petition.status == Status.MODERATION


def test_publishing_a_draft_is_illegal(draft, moderator):
    with pytest.raises(IllegalTransition):
        services.petition_publish(petition=draft, moderator=moderator)


def test_reject_records_reason(in_moderation, moderator):
    reason = RejectionReason.objects.get(code="courts")
    petition = services.petition_reject(
        petition=in_moderation, moderator=moderator, reason=reason, note="About a court case."
    )
    assert petition.status == Status.REJECTED
    assert petition.rejection_reason == reason
    assert event_kinds(petition)[-1] == PetitionEvent.Kind.REJECTED


def test_rejected_petition_cannot_be_published(in_moderation, moderator):
    reason = RejectionReason.objects.get(code="courts")
    services.petition_reject(petition=in_moderation, moderator=moderator, reason=reason)
    with pytest.raises(IllegalTransition):
        services.petition_publish(petition=in_moderation, moderator=moderator)


def test_list_needs_early_support(open_petition):
    set_count(open_petition, 49)
    with pytest.raises(PetitionError):
        services.petition_list(petition=open_petition)
    set_count(open_petition, 50)
    petition = services.petition_list(petition=open_petition)
    assert petition.listed_at is not None
    assert petition.status == Status.OPEN
    with pytest.raises(IllegalTransition):
        services.petition_list(petition=petition)


def test_send_needs_the_threshold(open_petition):
    set_count(open_petition, open_petition.signature_threshold - 1)
    with pytest.raises(PetitionError):
        services.petition_send_to_agency(petition=open_petition)
    open_petition.refresh_from_db()
    assert open_petition.status == Status.OPEN


def test_send_sets_deadline_in_working_days(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    with time_machine.travel(datetime.datetime(2026, 3, 19, 12, tzinfo=datetime.UTC)):
        petition = services.petition_send_to_agency(petition=open_petition)
    assert petition.status == Status.SENT
    # From Thursday 19 March 2026, 20 working days skip Nauryz (21-25 March) and weekends.
    assert petition.response_due == datetime.date(2026, 4, 21)
    assert petition.listed_at is not None


def test_sending_twice_is_illegal(sent_petition):
    with pytest.raises(IllegalTransition):
        services.petition_send_to_agency(petition=sent_petition)
    assert event_kinds(sent_petition).count(PetitionEvent.Kind.SENT) == 1


def test_expire_after_collection_window(open_petition):
    set_count(open_petition, 100)
    with pytest.raises(PetitionError):
        services.petition_expire(petition=open_petition)
    with time_machine.travel(open_petition.closes_at):
        petition = services.petition_expire(petition=open_petition)
    assert petition.status == Status.EXPIRED
    assert event_kinds(petition)[-1] == PetitionEvent.Kind.EXPIRED


def test_expire_without_early_support(open_petition):
    set_count(open_petition, 49)
    day_after = open_petition.support_due + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(day_after, datetime.time(12))):
        petition = services.petition_expire(petition=open_petition)
    assert petition.status == Status.EXPIRED


def test_petition_at_threshold_does_not_expire(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    with time_machine.travel(open_petition.closes_at), pytest.raises(PetitionError):
        services.petition_expire(petition=open_petition)


def test_expiring_a_sent_petition_is_illegal(sent_petition):
    set_count(sent_petition, 0)
    with time_machine.travel(sent_petition.closes_at), pytest.raises(IllegalTransition):
        services.petition_expire(petition=sent_petition)


def test_mark_overdue_only_after_the_deadline(sent_petition):
    with pytest.raises(PetitionError):
        services.petition_mark_overdue(petition=sent_petition)
    later = sent_petition.response_due + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(12))):
        petition = services.petition_mark_overdue(petition=sent_petition)
        assert petition.is_overdue
        assert petition.status == Status.SENT
        with pytest.raises(IllegalTransition):
            services.petition_mark_overdue(petition=petition)
    assert event_kinds(petition).count(PetitionEvent.Kind.OVERDUE) == 1
