"""Redirecting a misaddressed petition: who may, what it keeps, the deadline it restarts, the
timeline, the e-mails, and the page that does it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from agencies.calendar import working_days_between
from agencies.models import Agency, Official
from conftest import set_count
from petitions import selectors, services
from petitions.errors import IllegalTransition, PetitionError
from petitions.models import DecisionDraft, Petition, PetitionEvent, Signature, Status
from tests.factories import ModeratorFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
# Inside the seeded calendar (2026-2027). From Monday 6 September 2027 twenty working days
# end on 4 October; forty end on 2 November, stepping over Republic Day (Monday 25 October).
SENT_ON = datetime.date(2027, 9, 6)
LOCAL_DUE = datetime.date(2027, 10, 4)
REPUBLIC_DUE = datetime.date(2027, 11, 2)
REASON = "The bus stops on this route belong to the city's transport department."


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(at(SENT_ON), tick=False):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def astana_akimat(db):
    return Agency.objects.get(code="akimat-kz-71")


@pytest.fixture
def astana_head(astana_akimat):
    return OfficialFactory(agency=astana_akimat, role=Official.Role.HEAD).user


def redirect(petition, to_agency, by, reason=REASON):
    return services.petition_redirect(petition=petition, to_agency=to_agency, by=by, reason=reason)


def sent_to(agency, author) -> Petition:
    petition = services.petition_create(
        author=author,
        agency=agency,
        title="Clean air",
        problem="Smog.",
        request="Act.",
        language="en",
    )
    petition = services.petition_submit(petition=petition, author=author)
    return services.petition_publish(petition=petition, moderator=ModeratorFactory())


# --- who may redirect, and when ---------------------------------------------------------------


def test_a_moderator_redirects_a_petition_in_moderation(in_moderation, moderator, government):
    petition = redirect(in_moderation, government, moderator)
    assert petition.agency == government
    assert petition.status == Status.MODERATION
    assert Petition.internal.get(pk=in_moderation.pk).agency_id == government.pk


@pytest.mark.parametrize("who", ["reviewer", "head", "author", "citizen", "other_head"])
def test_nobody_else_redirects_a_petition_in_moderation(in_moderation, government, who, request):
    with pytest.raises(PermissionDenied):
        redirect(in_moderation, government, request.getfixturevalue(who))
    assert Petition.internal.get(pk=in_moderation.pk).agency.code == "akimat-kz-75"


@pytest.mark.parametrize("who", ["moderator", "reviewer", "head"])
def test_moderators_and_the_addressees_officials_redirect_a_sent_petition(
    sent_petition, government, who, request
):
    petition = redirect(sent_petition, government, request.getfixturevalue(who))
    assert petition.agency == government
    assert petition.status == Status.SENT


@pytest.mark.parametrize("who", ["author", "citizen", "other_head"])
def test_others_cannot_redirect_a_sent_petition(sent_petition, astana_akimat, who, request):
    # other_head is the Government's head: an official, but not of this petition's addressee.
    with pytest.raises(PermissionDenied):
        redirect(sent_petition, astana_akimat, request.getfixturevalue(who))
    assert Petition.internal.get(pk=sent_petition.pk).agency.code == "akimat-kz-75"


def test_the_new_addressees_officials_cannot_send_it_back_before_it_is_theirs(
    in_moderation, astana_akimat, astana_head, moderator
):
    redirect(in_moderation, astana_akimat, moderator)
    with pytest.raises(PermissionDenied):
        redirect(Petition.internal.get(pk=in_moderation.pk), astana_akimat, astana_head)


@pytest.mark.parametrize("stage", ["draft", "open_petition"])
def test_not_before_moderation_nor_while_collecting(stage, moderator, government, request):
    petition = request.getfixturevalue(stage)
    with pytest.raises(PetitionError):
        redirect(petition, government, moderator)
    assert not petition.events.filter(kind=PetitionEvent.Kind.REDIRECTED).exists()


@pytest.mark.parametrize("outcome", [Status.ACCEPTED, Status.REFUSED])
def test_refused_once_decided(sent_petition, moderator, reviewer, government, outcome):
    Petition.internal.filter(pk=sent_petition.pk).update(status=outcome, decided_at=timezone.now())
    petition = Petition.internal.get(pk=sent_petition.pk)
    for who in (moderator, reviewer):
        with pytest.raises(PetitionError):
            redirect(petition, government, who)
    assert Petition.internal.get(pk=sent_petition.pk).agency.code == "akimat-kz-75"


def test_a_decision_recorded_meanwhile_wins(sent_petition, reviewer, government):
    """The guarded UPDATE sees the decision the caller's copy does not."""
    stale = Petition.internal.get(pk=sent_petition.pk)
    Petition.internal.filter(pk=sent_petition.pk).update(
        status=Status.ACCEPTED, decided_at=timezone.now()
    )
    with pytest.raises(IllegalTransition):
        redirect(stale, government, reviewer)
    fresh = Petition.internal.get(pk=sent_petition.pk)
    assert (fresh.agency.code, fresh.status) == ("akimat-kz-75", Status.ACCEPTED)
    assert not fresh.events.filter(kind=PetitionEvent.Kind.REDIRECTED).exists()


# --- what the addressee must be, and the reason -----------------------------------------------


def test_not_to_the_same_agency(sent_petition, reviewer, almaty_akimat):
    with pytest.raises(PetitionError, match="already addressed"):
        redirect(sent_petition, almaty_akimat, reviewer)


def test_not_to_an_inactive_agency(sent_petition, reviewer, astana_akimat):
    Agency.objects.filter(pk=astana_akimat.pk).update(is_active=False)
    astana_akimat.refresh_from_db()
    with pytest.raises(PetitionError, match="does not accept"):
        redirect(sent_petition, astana_akimat, reviewer)


@pytest.mark.parametrize("reason", ["", "   \n ", "x" * 2001])
def test_a_reason_is_required_and_bounded(sent_petition, reviewer, government, reason):
    with pytest.raises(PetitionError):
        redirect(sent_petition, government, reviewer, reason=reason)
    assert Petition.internal.get(pk=sent_petition.pk).agency.code == "akimat-kz-75"


# --- what it keeps and what it restarts --------------------------------------------------------


def test_every_signature_stays_with_the_petition(open_petition, reviewer, government):
    signers = [UserFactory(region_code="KZ-75") for _ in range(3)]
    for signer in signers:
        services.signature_create(petition=open_petition, citizen=signer)
    threshold = open_petition.signature_threshold
    set_count(open_petition, threshold)
    petition = services.petition_send_to_agency(petition=open_petition)
    petition = redirect(petition, government, reviewer)
    assert set(Signature.objects.filter(petition=petition).values_list("citizen", flat=True)) == {
        s.pk for s in signers
    }
    assert selectors.signature_count(petition) == threshold


def test_a_local_petition_redirected_to_a_central_body_gets_40_working_days(
    sent_petition, reviewer, government
):
    assert sent_petition.response_due == LOCAL_DUE
    petition = redirect(sent_petition, government, reviewer)
    assert petition.response_working_days == 40
    assert petition.response_due == REPUBLIC_DUE
    assert working_days_between(SENT_ON, petition.response_due) == 40


def test_a_central_petition_redirected_to_a_local_body_gets_20_working_days(
    government, author, other_head, almaty_akimat
):
    petition = sent_to(government, author)
    set_count(petition, petition.signature_threshold)
    petition = services.petition_send_to_agency(petition=petition)
    assert (petition.response_working_days, petition.response_due) == (40, REPUBLIC_DUE)
    petition = redirect(petition, almaty_akimat, other_head)
    assert (petition.response_working_days, petition.response_due) == (20, LOCAL_DUE)


def test_the_deadline_restarts_from_the_day_of_redirection_and_overdue_is_cleared(
    sent_petition, reviewer, government, astana_akimat
):
    with time_machine.travel(at(datetime.date(2027, 10, 6)), tick=False):
        services.petition_mark_overdue(petition=sent_petition)
        petition = services.petition_escalate(petition=Petition.internal.get(pk=sent_petition.pk))
        assert petition.is_overdue and petition.escalated_to == government
        petition = redirect(petition, astana_akimat, reviewer)
    # Twenty working days from Wednesday 6 October 2027, Republic Day off.
    assert petition.response_due == datetime.date(2027, 11, 4)
    assert (petition.overdue_at, petition.escalated_to, petition.escalated_at) == (None, None, None)
    assert not petition.is_overdue
    assert petition.sent_at.date() == SENT_ON  # when it was sent stays true


def test_a_petition_in_moderation_keeps_its_moderation_deadline(
    in_moderation, moderator, government
):
    petition = redirect(in_moderation, government, moderator)
    assert petition.moderation_due == in_moderation.moderation_due
    assert petition.response_due is None and petition.response_working_days is None


def test_a_redirected_petition_gets_the_new_bodys_terms_when_published(
    in_moderation, moderator, government
):
    petition = redirect(in_moderation, government, moderator)
    petition = services.petition_publish(petition=petition, moderator=moderator)
    assert petition.signature_threshold == 50000
    assert petition.response_working_days == 40


# --- the timeline and the audit trail ----------------------------------------------------------


def test_the_timeline_records_the_redirection_with_its_reason(sent_petition, reviewer, government):
    redirect(sent_petition, government, reviewer)
    event = sent_petition.events.get(kind=PetitionEvent.Kind.REDIRECTED)
    assert (event.actor, event.note) == (reviewer, REASON)
    entry = event.audit_entry
    assert entry.public and entry.role == "official"
    assert entry.changes["agency"] == ["akimat-kz-75", "government"]
    assert entry.changes["response_due"] == [str(LOCAL_DUE), str(REPUBLIC_DUE)]


def test_a_moderators_redirection_is_recorded_as_a_moderators(in_moderation, moderator, government):
    redirect(in_moderation, government, moderator)
    event = in_moderation.events.get(kind=PetitionEvent.Kind.REDIRECTED)
    assert event.audit_entry.role == "moderator"
    assert event.audit_entry.changes == {"agency": ["akimat-kz-75", "government"]}


def test_the_public_page_shows_the_new_addressee_and_the_step(
    client, sent_petition, reviewer, on_commit
):
    client.get(sent_petition.get_absolute_url())  # cached before the change
    ministry = Agency.objects.get(code="ministry-health")
    with on_commit():
        redirect(sent_petition, ministry, reviewer)
    page = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk")
    page = page.content.decode()
    assert ministry.name_kk in page
    assert "Құзыретті мемлекеттік органға қайта жолданды" in page  # the step, in Kazakh


# --- e-mails -----------------------------------------------------------------------------------


def test_the_new_bodys_officials_and_the_author_are_told(
    sent_petition, reviewer, head, astana_akimat, astana_head, on_commit
):
    sent_petition.author.preferred_language = "kk"
    sent_petition.author.save(update_fields=["preferred_language"])
    mail.outbox = []
    with on_commit():
        redirect(sent_petition, astana_akimat, reviewer)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {astana_head.email, sent_petition.author.email}
    to_agency = by_recipient[astana_head.email]
    assert sent_petition.title in to_agency.body
    assert REASON in to_agency.body
    to_author = by_recipient[sent_petition.author.email]
    # In the author's language (Kazakh here): from where, and to where.
    assert astana_akimat.name_kk in to_author.body
    assert sent_petition.agency.name_kk in to_author.body
    assert REASON in to_author.body


def test_in_moderation_only_the_author_is_told(in_moderation, moderator, astana_akimat, on_commit):
    OfficialFactory(agency=astana_akimat, role=Official.Role.HEAD)
    with on_commit():
        redirect(in_moderation, astana_akimat, moderator)
    assert [m.to for m in mail.outbox] == [[in_moderation.author.email]]


def test_the_author_is_written_to_in_their_language(sent_petition, reviewer, government, on_commit):
    sent_petition.author.preferred_language = "ru"
    sent_petition.author.save()
    with on_commit():
        redirect(sent_petition, government, reviewer)
    (to_author,) = [m for m in mail.outbox if m.to == [sent_petition.author.email]]
    assert "Правительство Республики Казахстан" in to_author.body


def test_nothing_is_sent_when_refused(sent_petition, citizen, government, on_commit):
    mail.outbox = []
    with on_commit(), pytest.raises(PermissionDenied):
        redirect(sent_petition, government, citizen)
    assert mail.outbox == []


# --- the page ----------------------------------------------------------------------------------


def url(petition):
    return reverse("petitions:redirect_petition", args=[petition.uid])


def test_the_officials_page_links_to_the_redirect_page(client, sent_petition, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))
    assert url(sent_petition) in page.content.decode()


def test_the_moderation_page_links_to_it_before_a_decision(client, in_moderation, moderator):
    client.force_login(moderator)
    page = client.get(reverse("petitions:moderation_detail", args=[in_moderation.uid]))
    assert url(in_moderation) in page.content.decode()


def test_no_link_once_decided(client, sent_petition, moderator):
    Petition.internal.filter(pk=sent_petition.pk).update(
        status=Status.ACCEPTED, decided_at=timezone.now()
    )
    client.force_login(moderator)
    page = client.get(reverse("petitions:moderation_detail", args=[sent_petition.uid]))
    assert url(sent_petition) not in page.content.decode()


def test_get_shows_the_form_and_changes_nothing(client, sent_petition, reviewer):
    client.force_login(reviewer)
    response = client.get(url(sent_petition), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="agency"' in page and 'name="reason"' in page
    assert Agency.objects.get(code="ministry-health").name_kk in page
    # The current addressee is not offered.
    assert f'value="{sent_petition.agency_id}"' not in page
    assert not sent_petition.events.filter(kind=PetitionEvent.Kind.REDIRECTED).exists()


@pytest.mark.parametrize("who", ["citizen", "other_head", "author"])
def test_the_page_is_refused_to_others(client, sent_petition, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(sent_petition)).status_code == 403
    response = client.post(url(sent_petition), {"agency": 1, "reason": REASON})
    assert response.status_code == 403
    assert Petition.internal.get(pk=sent_petition.pk).agency.code == "akimat-kz-75"


def test_the_page_asks_anonymous_visitors_to_sign_in(client, sent_petition):
    response = client.get(url(sent_petition))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_official_redirects_through_the_page(client, sent_petition, reviewer, government):
    client.force_login(reviewer)
    response = client.post(url(sent_petition), {"agency": government.pk, "reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:dashboard")
    petition = Petition.internal.get(pk=sent_petition.pk)
    assert petition.agency == government and petition.response_due == REPUBLIC_DUE
    # No longer the reviewer's body's petition.
    assert client.get(reverse("petitions:review_detail", args=[petition.uid])).status_code == 403


def test_a_moderator_redirects_through_the_page(client, in_moderation, moderator, government):
    client.force_login(moderator)
    response = client.post(url(in_moderation), {"agency": government.pk, "reason": REASON})
    assert response["Location"] == reverse("petitions:moderation_detail", args=[in_moderation.uid])
    assert Petition.internal.get(pk=in_moderation.pk).agency == government


def test_the_page_shows_what_is_missing(client, sent_petition, reviewer):
    client.force_login(reviewer)
    response = client.post(url(sent_petition), {"agency": "", "reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the state body to redirect the petition to." in page
    assert "Give the reason for redirecting the petition." in page
    assert Petition.internal.get(pk=sent_petition.pk).agency.code == "akimat-kz-75"


def test_the_old_bodys_draft_answer_does_not_follow_the_petition(
    sent_petition, reviewer, government
):
    services.decision_draft_save(
        petition=sent_petition, official=reviewer, outcome="refused", text="Not ours to decide."
    )
    assert DecisionDraft.objects.filter(petition=sent_petition).exists()

    redirect(sent_petition, government, reviewer)

    assert not DecisionDraft.objects.filter(petition=sent_petition).exists()
