"""Public hearings and the commission: who may arrange them, what is checked, the author's
invitation in their language, minutes only after the hearing, and what the public page shows."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.audit.models import AuditEntry
from petitions import services
from petitions.errors import PetitionError
from petitions.models import CommissionMember, Hearing, PetitionEvent, Status
from petitions.services import hearings as hearing_services
from petitions.services.transitions import transition

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
PLACE = "Akimat, Republic Square 4, hall 2"
LINK = "https://meet.example.kz/hearing-42"


def in_days(days: int, hour: int = 15) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def schedule(petition, official, **overrides):
    fields = {"starts_at": in_days(7), "place": PLACE, "online_url": LINK, "agenda": "Shades."}
    return services.hearing_schedule(petition=petition, official=official, **fields | overrides)


def add_member(petition, official, name="Asel Nurlanovna Bekova", role="member"):
    return services.commission_member_add(
        petition=petition,
        official=official,
        name=name,
        position="Deputy akim, Almaty akimat",
        role=role,
    )


def kinds(petition) -> list[str]:
    return list(petition.events.values_list("kind", flat=True))


@pytest.fixture
def client(client):
    # Django's own messages (e.g. of form fields) are translated; read the pages in English.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def decide(petition, head, status):
    """Move a sent petition to a decided state; the decision itself is test_decisions' subject."""
    kind = PetitionEvent.Kind.ACCEPTED if status == Status.ACCEPTED else PetitionEvent.Kind.REFUSED
    return transition(
        petition,
        allowed=(Status.SENT,),
        to=status,
        event=kind,
        actor=head,
        decided_at=timezone.now(),
    )


@pytest.fixture
def accepted(sent_petition, head):
    return decide(sent_petition, head, Status.ACCEPTED)


@pytest.fixture
def refused(sent_petition, head):
    return decide(sent_petition, head, Status.REFUSED)


# Scheduling ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "head"])
def test_official_of_the_addressee_schedules_a_hearing(request, sent_petition, who):
    official = request.getfixturevalue(who)
    hearing = schedule(sent_petition, official)
    assert hearing.petition == sent_petition
    assert hearing.scheduled_by == official
    assert (hearing.place, hearing.online_url) == (PLACE, LINK)
    event = sent_petition.events.last()
    assert event.kind == PetitionEvent.Kind.HEARING
    assert event.actor == official
    local = timezone.localtime(hearing.starts_at)
    assert f"{local:%Y-%m-%d %H:%M}" in event.note
    assert PLACE in event.note
    # The public note names the date and the place, never a person.
    author = sent_petition.author
    assert author.last_name not in event.note and author.iin not in event.note


def test_hearing_can_be_held_while_an_acceptance_is_carried_out(accepted, reviewer):
    schedule(accepted, reviewer)
    assert Hearing.objects.filter(petition=accepted).count() == 1


@pytest.mark.parametrize("who", ["other_head", "citizen", "author", "moderator"])
def test_only_officials_of_the_addressee_schedule(request, sent_petition, who):
    events_before = kinds(sent_petition)
    with pytest.raises(PermissionDenied):
        schedule(sent_petition, request.getfixturevalue(who))
    assert not Hearing.objects.exists()
    assert kinds(sent_petition) == events_before


@pytest.mark.parametrize("stage", ["open_petition", "refused"])
def test_no_hearing_outside_the_body_s_work(request, stage, head):
    petition = request.getfixturevalue(stage)
    with pytest.raises(PetitionError):
        schedule(petition, head)
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": in_days(-1)},
        {"starts_at": timezone.now() - datetime.timedelta(minutes=1)},
        {"starts_at": in_days(400)},
        {"place": "", "online_url": ""},
        {"place": "   ", "online_url": ""},
        {"online_url": "http://meet.example.kz/hearing"},
        {"online_url": "ftp://meet.example.kz/hearing"},
        {"online_url": "https://"},
        {"place": "x" * 301},
        {"agenda": "x" * 3001},
        {"online_url": "https://example.kz/" + "x" * 200},
    ],
    ids=[
        "yesterday",
        "a-minute-ago",
        "over-a-year-ahead",
        "no-place-no-link",
        "blank-place",
        "http-link",
        "ftp-link",
        "link-without-host",
        "place-too-long",
        "agenda-too-long",
        "link-too-long",
    ],
)
def test_invalid_hearing_is_refused(sent_petition, reviewer, overrides):
    events_before = kinds(sent_petition)
    with pytest.raises(PetitionError):
        schedule(sent_petition, reviewer, **overrides)
    assert not Hearing.objects.exists()
    assert kinds(sent_petition) == events_before


def test_online_only_and_in_person_only_hearings(sent_petition, reviewer):
    online = schedule(sent_petition, reviewer, place="")
    services.hearing_cancel(hearing=online, official=reviewer)
    in_person = schedule(sent_petition, reviewer, online_url="")
    assert (online.place, in_person.online_url) == ("", "")


def test_one_upcoming_hearing_at_a_time(sent_petition, reviewer):
    schedule(sent_petition, reviewer)
    with pytest.raises(PetitionError):
        schedule(sent_petition, reviewer, starts_at=in_days(9))
    assert Hearing.objects.count() == 1


# The invitation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "date_words", "foreign_words"),
    [
        ("ru", "15 января 2027", "Jan. 15"),
        ("kk", "15 қаңтар 2027 ж.", "января"),
        ("en", "Jan. 15, 2027", "января"),
    ],
)
def test_author_is_invited_in_their_language(
    sent_petition, reviewer, on_commit, language, date_words, foreign_words
):
    author = sent_petition.author
    author.preferred_language = language
    author.save()
    morning = datetime.datetime(2027, 1, 5, 9, tzinfo=ALMATY)
    with time_machine.travel(morning, tick=False), on_commit():
        schedule(
            sent_petition, reviewer, starts_at=datetime.datetime(2027, 1, 15, 15, tzinfo=ALMATY)
        )
    (message,) = mail.outbox
    assert message.to == [author.email]
    assert date_words in message.body
    assert foreign_words not in message.body
    assert "15:00" in message.body
    assert PLACE in message.body and LINK in message.body
    assert sent_petition.get_absolute_url() in message.body


def test_invitation_subject_is_the_invitation(sent_petition, reviewer, on_commit):
    sent_petition.author.preferred_language = "en"
    sent_petition.author.save()
    with on_commit():
        schedule(sent_petition, reviewer)
    (message,) = mail.outbox
    assert message.subject == "You are invited to a public hearing on your petition"


def test_no_mail_until_commit(sent_petition, reviewer):
    schedule(sent_petition, reviewer)
    assert mail.outbox == []


def test_invitation_task_runs_through_celery(sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer)
    hearing_services.notifications.notify_hearing_scheduled.delay(sent_petition.pk, hearing.pk)
    (message,) = mail.outbox
    assert message.to == [sent_petition.author.email]


def test_author_without_email_is_not_mailed(sent_petition, reviewer, on_commit):
    sent_petition.author.email = ""
    sent_petition.author.save()
    with on_commit():
        schedule(sent_petition, reviewer)
    assert mail.outbox == []
    assert Hearing.objects.count() == 1


# Cancelling and moving -------------------------------------------------------------------------


def test_official_cancels_a_hearing_and_the_author_is_told(sent_petition, reviewer, on_commit):
    sent_petition.author.preferred_language = "en"
    sent_petition.author.save()
    hearing = schedule(sent_petition, reviewer)
    with on_commit():
        services.hearing_cancel(hearing=hearing, official=reviewer)
    hearing.refresh_from_db()
    assert hearing.cancelled_at is not None
    event = sent_petition.events.last()
    assert event.kind == PetitionEvent.Kind.HEARING
    assert event.note.startswith("cancelled")
    (message,) = mail.outbox
    assert message.to == [sent_petition.author.email]
    assert "cancelled" in message.subject
    with pytest.raises(PetitionError):
        services.hearing_cancel(hearing=hearing, official=reviewer)


def test_other_body_cannot_cancel(sent_petition, reviewer, other_head):
    hearing = schedule(sent_petition, reviewer)
    with pytest.raises(PermissionDenied):
        services.hearing_cancel(hearing=hearing, official=other_head)
    hearing.refresh_from_db()
    assert hearing.cancelled_at is None


def test_reschedule_cancels_and_replaces_in_one_mail(sent_petition, reviewer, on_commit):
    sent_petition.author.preferred_language = "ru"
    sent_petition.author.save()
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, tzinfo=ALMATY), tick=False):
        first = schedule(
            sent_petition, reviewer, starts_at=datetime.datetime(2027, 1, 15, 15, tzinfo=ALMATY)
        )
        with on_commit():
            second = services.hearing_reschedule(
                hearing=first,
                official=reviewer,
                starts_at=datetime.datetime(2027, 2, 3, 11, tzinfo=ALMATY),
                place="Akimat, hall 5",
            )
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert second.cancelled_at is None and second.place == "Akimat, hall 5"
    assert kinds(sent_petition)[-3:] == ["hearing", "hearing", "hearing"]
    (message,) = mail.outbox
    assert "перенесено" in message.subject  # "moved", in the author's Russian
    assert "15 января 2027" in message.body  # the old date, and the new one
    assert "3 февраля 2027" in message.body and "11:00" in message.body


def test_invalid_reschedule_changes_nothing(sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer)
    with pytest.raises(PetitionError):
        services.hearing_reschedule(
            hearing=hearing, official=reviewer, starts_at=in_days(-2), place=PLACE
        )
    hearing.refresh_from_db()
    assert hearing.cancelled_at is None
    assert Hearing.objects.count() == 1


# Minutes -------------------------------------------------------------------------------------


def test_minutes_only_after_the_hearing(sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(3))
    with pytest.raises(PetitionError):
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="Early.")
    just_before = hearing.starts_at - datetime.timedelta(minutes=1)
    with time_machine.travel(just_before, tick=False), pytest.raises(PetitionError):
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="Early.")
    hearing.refresh_from_db()
    assert hearing.minutes_at is None and hearing.minutes == ""
    with time_machine.travel(hearing.starts_at + datetime.timedelta(hours=2), tick=False):
        services.hearing_minutes_attach(
            hearing=hearing, official=reviewer, minutes="Agreed: 200 shades.", minutes_url=LINK
        )
    hearing.refresh_from_db()
    assert hearing.minutes == "Agreed: 200 shades."
    assert hearing.minutes_at == hearing.starts_at + datetime.timedelta(hours=2)
    assert sent_petition.events.last().kind == PetitionEvent.Kind.MINUTES


def test_minutes_are_published_once(sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    with time_machine.travel(in_days(2), tick=False):
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="First.")
        with pytest.raises(PetitionError):
            services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="Again.")
        with pytest.raises(PetitionError):
            services.hearing_cancel(hearing=hearing, official=reviewer)
    hearing.refresh_from_db()
    assert hearing.minutes == "First."
    assert kinds(sent_petition).count("minutes") == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"minutes": "", "minutes_url": ""},
        {"minutes": "   "},
        {"minutes_url": "http://docs.example.kz/minutes.pdf"},
        {"minutes": "x" * 20001},
    ],
    ids=["empty", "blank", "http-link", "too-long"],
)
def test_invalid_minutes_are_refused(sent_petition, reviewer, fields):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    with time_machine.travel(in_days(2), tick=False), pytest.raises(PetitionError):
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, **fields)
    hearing.refresh_from_db()
    assert hearing.minutes_at is None


def test_cancelled_hearing_has_no_minutes(sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    services.hearing_cancel(hearing=hearing, official=reviewer)
    with time_machine.travel(in_days(2), tick=False), pytest.raises(PetitionError):
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="Held?")


def test_other_body_cannot_attach_minutes(sent_petition, reviewer, other_head):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    with time_machine.travel(in_days(2), tick=False), pytest.raises(PermissionDenied):
        services.hearing_minutes_attach(hearing=hearing, official=other_head, minutes="Ours.")


def test_minutes_after_the_decision(sent_petition, reviewer, head):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    with time_machine.travel(in_days(2), tick=False):
        decide(sent_petition, head, Status.REFUSED)
        services.hearing_minutes_attach(hearing=hearing, official=reviewer, minutes="Held.")
    hearing.refresh_from_db()
    assert hearing.minutes == "Held."


# The commission ------------------------------------------------------------------------------


def test_first_member_is_a_timeline_step_once(sent_petition, reviewer):
    add_member(sent_petition, reviewer, role="chair")
    add_member(sent_petition, reviewer, name="Bolat Serikovich Omarov")
    assert kinds(sent_petition).count("commission") == 1
    assert list(
        CommissionMember.objects.filter(petition=sent_petition).values_list("role", "order")
    ) == [("chair", 0), ("member", 1)]
    later = AuditEntry.objects.filter(action="petition.commission_changed").get()
    assert later.public
    assert "Bolat Serikovich Omarov" in later.changes["commission_member"][1]


def test_commission_named_again_after_emptying_is_no_new_step(sent_petition, reviewer):
    member = add_member(sent_petition, reviewer)
    services.commission_member_remove(member=member, official=reviewer)
    add_member(sent_petition, reviewer)
    assert kinds(sent_petition).count("commission") == 1


def test_remove_a_member(sent_petition, reviewer):
    member = add_member(sent_petition, reviewer)
    services.commission_member_remove(member=member, official=reviewer)
    assert not CommissionMember.objects.exists()
    entry = AuditEntry.objects.filter(action="petition.commission_changed").get()
    assert entry.changes["commission_member"][1] is None
    with pytest.raises(PetitionError):
        services.commission_member_remove(member=member, official=reviewer)


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_one_chair_and_one_secretary(sent_petition, reviewer, role):
    add_member(sent_petition, reviewer, role=role)
    with pytest.raises(PetitionError):
        add_member(sent_petition, reviewer, name="Another Person", role=role)
    assert CommissionMember.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "  "},
        {"position": ""},
        {"name": "x" * 201},
        {"position": "x" * 301},
        {"role": "boss"},
    ],
    ids=["blank-name", "no-position", "name-too-long", "position-too-long", "unknown-role"],
)
def test_invalid_member_is_refused(sent_petition, reviewer, fields):
    values = {"name": "Asel Bekova", "position": "Deputy akim", "role": "member"} | fields
    with pytest.raises(PetitionError):
        services.commission_member_add(petition=sent_petition, official=reviewer, **values)
    assert not CommissionMember.objects.exists()
    assert "commission" not in kinds(sent_petition)


def test_commission_has_a_size_limit(sent_petition, reviewer, monkeypatch):
    monkeypatch.setattr(hearing_services, "COMMISSION_MAX_MEMBERS", 2)
    add_member(sent_petition, reviewer, name="One")
    add_member(sent_petition, reviewer, name="Two")
    with pytest.raises(PetitionError):
        add_member(sent_petition, reviewer, name="Three")


@pytest.mark.parametrize("who", ["other_head", "citizen", "author"])
def test_only_officials_of_the_addressee_name_the_commission(request, sent_petition, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        add_member(sent_petition, user)
    member = add_member(sent_petition, request.getfixturevalue("reviewer"))
    with pytest.raises(PermissionDenied):
        services.commission_member_remove(member=member, official=user)
    assert CommissionMember.objects.count() == 1


def test_no_commission_changes_once_refused(refused, head):
    with pytest.raises(PetitionError):
        add_member(refused, head)


# Pages for officials -------------------------------------------------------------------------


def test_schedule_page_get_changes_nothing(client, sent_petition, reviewer):
    client.force_login(reviewer)
    events_before = kinds(sent_petition)
    response = client.get(reverse("petitions:hearing_schedule", args=[sent_petition.uid]))
    assert response.status_code == 200
    assert 'type="datetime-local"' in response.content.decode()
    assert not Hearing.objects.exists()
    assert kinds(sent_petition) == events_before


def test_schedule_page_schedules(client, sent_petition, reviewer):
    client.force_login(reviewer)
    starts_at = in_days(10)
    response = client.post(
        reverse("petitions:hearing_schedule", args=[sent_petition.uid]),
        {"starts_at": f"{starts_at:%Y-%m-%dT%H:%M}", "place": PLACE, "online_url": ""},
    )
    assert response.status_code == 302
    assert response.url == reverse("petitions:review_detail", args=[sent_petition.uid])
    hearing = Hearing.objects.get()
    assert hearing.starts_at == starts_at  # read in the portal's time zone
    assert hearing.place == PLACE


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"starts_at": "2020-01-01T10:00", "place": PLACE}, "must be in the future"),
        ({"starts_at": "soon", "place": PLACE}, "Enter a valid date/time."),
        ({"starts_at": "", "place": PLACE}, "Enter the date and time"),
        ({"place": "", "online_url": ""}, "a link to join it online, or both"),
        ({"online_url": "http://meet.example.kz/x"}, "Give a secure link"),
        ({"place": "x" * 301}, "at most 300 characters"),
    ],
    ids=["past", "not-a-date", "no-date", "no-place-no-link", "http", "too-long"],
)
def test_schedule_page_explains_errors(client, sent_petition, reviewer, data, error):
    client.force_login(reviewer)
    data = {"starts_at": f"{in_days(5):%Y-%m-%dT%H:%M}"} | data
    response = client.post(reverse("petitions:hearing_schedule", args=[sent_petition.uid]), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert error in page
    assert not Hearing.objects.exists()


@pytest.mark.parametrize("who", ["other_head", "citizen", "author"])
def test_schedule_page_is_for_the_addressee_only(client, request, sent_petition, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("petitions:hearing_schedule", args=[sent_petition.uid])
    assert client.get(url).status_code == 403
    data = {"starts_at": f"{in_days(5):%Y-%m-%dT%H:%M}", "place": PLACE}
    assert client.post(url, data).status_code == 403
    assert not Hearing.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, sent_petition, reviewer):
    url = reverse("petitions:hearing_schedule", args=[sent_petition.uid])
    response = client.post(url, {"starts_at": f"{in_days(5):%Y-%m-%dT%H:%M}", "place": PLACE})
    assert response.status_code == 302
    assert "login" in response.url
    assert not Hearing.objects.exists()
    hearing = schedule(sent_petition, reviewer)
    response = client.post(
        reverse("petitions:hearing_cancel", args=[sent_petition.uid, hearing.pk])
    )
    assert response.status_code == 302 and "login" in response.url
    hearing.refresh_from_db()
    assert hearing.cancelled_at is None


def test_schedule_page_refused_once_refused(client, refused, head):
    client.force_login(head)
    assert client.get(reverse("petitions:hearing_schedule", args=[refused.uid])).status_code == 403


def test_cancel_page_confirms_then_cancels(client, sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer)
    client.force_login(reviewer)
    url = reverse("petitions:hearing_cancel", args=[sent_petition.uid, hearing.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert PLACE in page.content.decode()
    hearing.refresh_from_db()
    assert hearing.cancelled_at is None
    assert client.post(url).status_code == 302
    hearing.refresh_from_db()
    assert hearing.cancelled_at is not None


def test_hearing_of_another_petition_is_not_found(client, sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer)
    client.force_login(reviewer)
    url = reverse("petitions:hearing_cancel", args=[sent_petition.uid, hearing.pk + 1000])
    assert client.get(url).status_code == 404


def test_move_page(client, sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer)
    client.force_login(reviewer)
    url = reverse("petitions:hearing_move", args=[sent_petition.uid, hearing.pk])
    page = client.get(url).content.decode()
    assert f'value="{timezone.localtime(hearing.starts_at):%Y-%m-%dT%H:%M}"' in page
    assert Hearing.objects.count() == 1
    new_time = in_days(12, hour=10)
    response = client.post(
        url, {"starts_at": f"{new_time:%Y-%m-%dT%H:%M}", "place": "", "online_url": LINK}
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.cancelled_at is not None
    assert Hearing.objects.get(cancelled_at__isnull=True).starts_at == new_time


def test_minutes_page(client, sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    client.force_login(reviewer)
    url = reverse("petitions:hearing_minutes", args=[sent_petition.uid, hearing.pk])
    assert "once the hearing has started" in client.get(url).content.decode()
    with time_machine.travel(in_days(2), tick=False):
        page = client.get(url).content.decode()
        assert 'name="minutes"' in page
        hearing.refresh_from_db()
        assert hearing.minutes_at is None
        response = client.post(url, {"minutes": "", "minutes_url": ""})
        assert "There is a problem" in response.content.decode()
        response = client.post(url, {"minutes": "We agreed.", "minutes_url": ""})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.minutes == "We agreed."


def test_minutes_page_before_the_hearing_refuses_a_post(client, sent_petition, reviewer):
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    client.force_login(reviewer)
    url = reverse("petitions:hearing_minutes", args=[sent_petition.uid, hearing.pk])
    response = client.post(url, {"minutes": "Too early."})
    assert response.status_code == 200
    assert "once the hearing has started" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.minutes_at is None


def test_commission_page_adds_and_removes(client, sent_petition, reviewer):
    client.force_login(reviewer)
    url = reverse("petitions:commission", args=[sent_petition.uid])
    assert client.get(url).status_code == 200
    assert not CommissionMember.objects.exists()
    response = client.post(url, {"name": "Asel Bekova", "position": "Deputy akim", "role": "chair"})
    assert response.status_code == 302
    member = CommissionMember.objects.get()
    page = client.get(url).content.decode()
    assert "Asel Bekova" in page and "Deputy akim" in page
    remove = reverse("petitions:commission_remove", args=[sent_petition.uid, member.pk])
    assert remove in page
    assert client.get(remove).status_code == 405
    assert CommissionMember.objects.exists()
    assert client.post(remove).status_code == 302
    assert not CommissionMember.objects.exists()


def test_commission_page_explains_errors(client, sent_petition, reviewer):
    client.force_login(reviewer)
    url = reverse("petitions:commission", args=[sent_petition.uid])
    response = client.post(url, {"name": "", "position": "x" * 301, "role": "member"})
    page = html.unescape(response.content.decode())
    assert "Enter the member's full name." in page
    assert "at most 300 characters" in page
    add_member(sent_petition, reviewer, role="chair")
    response = client.post(url, {"name": "Second", "position": "Akim", "role": "chair"})
    assert "already has a chair" in html.unescape(response.content.decode())
    assert CommissionMember.objects.count() == 1


@pytest.mark.parametrize("who", ["other_head", "citizen", "author"])
def test_commission_pages_are_for_the_addressee_only(client, request, sent_petition, reviewer, who):
    member = add_member(sent_petition, reviewer)
    client.force_login(request.getfixturevalue(who))
    url = reverse("petitions:commission", args=[sent_petition.uid])
    assert client.get(url).status_code == 403
    data = {"name": "Intruder", "position": "None", "role": "member"}
    assert client.post(url, data).status_code == 403
    remove = reverse("petitions:commission_remove", args=[sent_petition.uid, member.pk])
    assert client.post(remove).status_code == 403
    assert list(CommissionMember.objects.values_list("name", flat=True)) == [member.name]


def test_review_page_shows_the_hearing_and_links(client, sent_petition, reviewer):
    client.force_login(reviewer)
    review = reverse("petitions:review_detail", args=[sent_petition.uid])
    page = client.get(review).content.decode()
    assert reverse("petitions:hearing_schedule", args=[sent_petition.uid]) in page
    assert reverse("petitions:commission", args=[sent_petition.uid]) in page
    hearing = schedule(sent_petition, reviewer, starts_at=in_days(1))
    page = client.get(review).content.decode()
    assert PLACE in page
    assert reverse("petitions:hearing_move", args=[sent_petition.uid, hearing.pk]) in page
    minutes = reverse("petitions:hearing_minutes", args=[sent_petition.uid, hearing.pk])
    assert minutes not in page
    with time_machine.travel(in_days(2), tick=False):
        assert minutes in client.get(review).content.decode()


# The public page -----------------------------------------------------------------------------


def test_public_page_shows_nothing_without_hearings(client, sent_petition):
    page = client.get(sent_petition.get_absolute_url()).content.decode()
    assert 'id="hearings-heading"' not in page
    assert 'id="commission-heading"' not in page


def test_public_page_shows_the_upcoming_hearing_in_the_visitor_s_language(
    client, sent_petition, reviewer
):
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, tzinfo=ALMATY), tick=False):
        schedule(
            sent_petition, reviewer, starts_at=datetime.datetime(2027, 1, 15, 15, tzinfo=ALMATY)
        )
        ru = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
        en = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    ru_page, en_page = ru.content.decode(), en.content.decode()
    assert "15 января 2027" in ru_page and "15:00" in ru_page
    assert "Jan. 15, 2027" in en_page
    assert "Upcoming hearing" in en_page
    assert html.escape(PLACE) in en_page
    assert f'href="{LINK}"' in en_page


def test_public_page_shows_minutes_escaped_and_cancelled_hearings(client, sent_petition, reviewer):
    held = schedule(sent_petition, reviewer, starts_at=in_days(1), place="Hall one")
    with time_machine.travel(in_days(2), tick=False):
        services.hearing_minutes_attach(
            hearing=held,
            official=reviewer,
            minutes="First line.\n\n<script>alert(1)</script> agreed.",
        )
        dropped = schedule(sent_petition, reviewer, starts_at=in_days(5), place="Hall two")
        services.hearing_cancel(hearing=dropped, official=reviewer)
        page = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = page.content.decode()
    assert "Past hearing" in page and "Cancelled hearing" in page
    assert "<p>First line.</p>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; agreed." in page
    hearings, timeline = page.split('id="timeline-heading"')
    # A cancelled hearing's place is no longer shown as where to go; the timeline keeps it.
    assert "Hall two" not in hearings
    assert "A public hearing was scheduled: " in timeline and "cancelled: " in timeline
    assert "The minutes of the public hearing were published" in page


def test_public_page_shows_the_commission(client, sent_petition, reviewer, on_commit):
    add_member(sent_petition, reviewer, name="Asel Bekova", role="chair")
    page = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Asel Bekova, Deputy akim, Almaty akimat — chair" in page.content.decode()
    assert "A commission or working group was named" in page.content.decode()
    # A later change is no timeline step, yet the cached page shows it at once.
    with on_commit():
        add_member(sent_petition, reviewer, name="Bolat Omarov")
    page = client.get(sent_petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Bolat Omarov" in page.content.decode()
