"""The implementation plan of an accepted petition: milestones, progress, overdue, "implemented"."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.audit.models import AuditEntry
from conftest import set_count
from petitions import services
from petitions.errors import PetitionError
from petitions.models import Milestone, PetitionEvent, ProgressUpdate, Status
from petitions.services.transitions import transition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = PetitionEvent.Kind


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def accepted(sent_petition, head):
    # The decision's own rules are tested in test_decisions; the plan needs only its outcome.
    return transition(
        sent_petition,
        allowed=(Status.SENT,),
        to=Status.ACCEPTED,
        event=KIND.ACCEPTED,
        actor=head,
        decided_at=timezone.now(),
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish_plan(petition, official, *titles_and_days):
    rows = titles_and_days or (("Shades at 100 stops", 30), ("Shades at 200 stops", 60))
    return services.milestones_add(
        petition=petition,
        official=official,
        milestones=[(title, in_days(days)) for title, days in rows],
    )


def kinds(petition) -> list[str]:
    return list(petition.events.order_by("created_at", "id").values_list("kind", flat=True))


# --- Services -------------------------------------------------------------------------------


def test_reviewer_publishes_the_plan_once_on_the_timeline(accepted, reviewer):
    added = publish_plan(accepted, reviewer)
    assert [m.title for m in accepted.milestones.all()] == [m.title for m in added]
    assert kinds(accepted).count(KIND.PLAN) == 1
    publish_plan(accepted, reviewer, ("Shades at 300 stops", 90))
    assert accepted.milestones.count() == 3
    assert kinds(accepted).count(KIND.PLAN) == 1  # later milestones are not a new plan
    later = AuditEntry.objects.get(action="petition.milestones_added")
    assert later.public
    assert any("Shades at 300 stops" in after for _before, after in later.changes.values())


@pytest.mark.parametrize(
    "who",
    ["other_head", "citizen", "author", "moderator", "anonymous"],
)
def test_only_officials_of_the_addressee_work_on_the_plan(accepted, reviewer, request, who):
    from django.contrib.auth.models import AnonymousUser

    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    milestone = publish_plan(accepted, reviewer)[0]
    calls = [
        lambda: publish_plan(accepted, person),
        lambda: services.milestone_mark_done(milestone=milestone, official=person),
        lambda: services.progress_update_post(petition=accepted, official=person, text="Done."),
        lambda: services.petition_mark_implemented(petition=accepted, official=person),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert accepted.milestones.count() == 2
    assert not Milestone.objects.filter(done_at__isnull=False).exists()
    assert not ProgressUpdate.objects.exists()


def test_head_works_on_the_plan_too(accepted, head):
    milestone = publish_plan(accepted, head, ("One step", 10))[0]
    services.milestone_mark_done(milestone=milestone, official=head)
    assert services.petition_mark_implemented(petition=accepted, official=head).status == (
        Status.IMPLEMENTED
    )


@pytest.mark.parametrize("stage", ["open_petition", "sent_petition"])
def test_no_plan_before_acceptance(request, stage, reviewer):
    petition = request.getfixturevalue(stage)
    with pytest.raises(PetitionError):
        publish_plan(petition, reviewer)
    with pytest.raises(PetitionError):
        services.progress_update_post(petition=petition, official=reviewer, text="Started.")
    with pytest.raises(PetitionError):
        services.petition_mark_implemented(petition=petition, official=reviewer)
    assert not Milestone.objects.exists()
    assert not ProgressUpdate.objects.exists()


def test_no_plan_for_a_refused_petition(sent_petition, head, reviewer):
    transition(
        sent_petition,
        allowed=(Status.SENT,),
        to=Status.REFUSED,
        event=KIND.REFUSED,
        actor=head,
        decided_at=timezone.now(),
    )
    with pytest.raises(PetitionError):
        publish_plan(sent_petition, reviewer)


@pytest.mark.parametrize(
    "milestones",
    [
        [],
        [("Shades", -1)],
        [("   ", 10)],
        [("x" * 301, 10)],
        [("Fine", 10), ("Yesterday", -1)],
    ],
    ids=["none", "past", "blank-title", "too-long", "one-bad-of-two"],
)
def test_invalid_milestones_are_refused_whole(accepted, reviewer, milestones):
    with pytest.raises(PetitionError):
        services.milestones_add(
            petition=accepted,
            official=reviewer,
            milestones=[(title, in_days(days)) for title, days in milestones],
        )
    assert not Milestone.objects.exists()
    assert KIND.PLAN not in kinds(accepted)


def test_milestone_due_today_is_accepted(accepted, reviewer):
    (milestone,) = publish_plan(accepted, reviewer, ("Today", 0))
    assert milestone.due == timezone.localdate()


def test_a_plan_has_a_bounded_number_of_milestones(accepted, reviewer):
    publish_plan(accepted, reviewer, *[(f"Step {n}", 10) for n in range(50)])
    with pytest.raises(PetitionError):
        publish_plan(accepted, reviewer, ("One too many", 10))
    assert accepted.milestones.count() == 50


def test_marking_a_milestone_done(accepted, reviewer):
    milestone = publish_plan(accepted, reviewer)[0]
    services.milestone_mark_done(milestone=milestone, official=reviewer)
    milestone.refresh_from_db()
    assert milestone.done_at is not None
    event = accepted.events.get(kind=KIND.MILESTONE)
    assert event.note == "Shades at 100 stops"
    with pytest.raises(PetitionError):
        services.milestone_mark_done(milestone=milestone, official=reviewer)
    assert accepted.events.filter(kind=KIND.MILESTONE).count() == 1


def test_progress_update(accepted, reviewer):
    milestone = publish_plan(accepted, reviewer)[0]
    services.progress_update_post(petition=accepted, official=reviewer, text="  Site survey done. ")
    services.progress_update_post(
        petition=accepted, official=reviewer, text="40 shades up.", milestone=milestone
    )
    first, second = accepted.progress_updates.order_by("created_at", "id")
    assert (first.text, first.milestone) == ("Site survey done.", None)
    assert (second.text, second.milestone) == ("40 shades up.", milestone)
    assert kinds(accepted).count(KIND.PROGRESS) == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001], ids=["empty", "blank", "too-long"])
def test_progress_update_needs_bounded_text(accepted, reviewer, text):
    with pytest.raises(PetitionError):
        services.progress_update_post(petition=accepted, official=reviewer, text=text)
    assert not ProgressUpdate.objects.exists()


def test_progress_update_about_another_petitions_milestone_is_refused(
    accepted, reviewer, author, almaty_akimat
):
    other = services.petition_create(
        author=author,
        agency=almaty_akimat,
        title="Another",
        problem="Another problem.",
        request="Another request.",
        language="en",
    )
    foreign = Milestone.objects.create(petition=other, title="Elsewhere", due=in_days(5))
    with pytest.raises(PetitionError):
        services.progress_update_post(
            petition=accepted, official=reviewer, text="Done.", milestone=foreign
        )
    assert not ProgressUpdate.objects.exists()


def test_overdue_marker_under_a_frozen_clock(accepted, reviewer, client):
    due = datetime.date(2031, 6, 10)
    with time_machine.travel(datetime.datetime(2031, 6, 1, 12, tzinfo=datetime.UTC)):
        late, on_time = services.milestones_add(
            petition=accepted, official=reviewer, milestones=[("Late one", due), ("Kept", due)]
        )
    with time_machine.travel(datetime.datetime(2031, 6, 9, 12, tzinfo=datetime.UTC)):
        services.milestone_mark_done(milestone=on_time, official=reviewer)
    on_time.refresh_from_db()
    with time_machine.travel(datetime.datetime(2031, 6, 10, 12, tzinfo=datetime.UTC)):
        assert not late.is_overdue  # due today: not yet overdue
        page = client.get(accepted.get_absolute_url()).content.decode()
        assert "Overdue" not in page
    cache.clear()  # the page cache lives on the cache server's own clock
    with time_machine.travel(datetime.datetime(2031, 6, 11, 12, tzinfo=datetime.UTC)):
        assert late.is_overdue
        assert not on_time.is_overdue
        page = client.get(accepted.get_absolute_url()).content.decode()
    assert page.count("Overdue: not done by its due date") == 1
    assert "Done on" in page


def test_implemented_needs_a_plan(accepted, reviewer):
    with pytest.raises(PetitionError, match="no implementation plan"):
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_implemented_only_when_every_milestone_is_done(accepted, reviewer):
    first, second, third = publish_plan(accepted, reviewer, ("One", 10), ("Two", 20), ("Three", 30))
    services.milestone_mark_done(milestone=first, official=reviewer)
    with pytest.raises(PetitionError, match="2 milestones"):
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    services.milestone_mark_done(milestone=second, official=reviewer)
    with pytest.raises(PetitionError, match="1 milestone of"):
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    accepted.refresh_from_db()
    assert (accepted.status, accepted.implemented_at) == (Status.ACCEPTED, None)
    # The last one done does not implement by itself: the official confirms.
    services.milestone_mark_done(milestone=third, official=reviewer)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    petition = services.petition_mark_implemented(petition=accepted, official=reviewer)
    assert petition.status == Status.IMPLEMENTED
    assert petition.implemented_at is not None
    with pytest.raises(PetitionError):
        services.petition_mark_implemented(petition=petition, official=reviewer)


def test_a_milestone_added_after_the_others_were_done_blocks_implementation(accepted, reviewer):
    (milestone,) = publish_plan(accepted, reviewer, ("Only", 10))
    services.milestone_mark_done(milestone=milestone, official=reviewer)
    Milestone.objects.create(petition=accepted, title="Sneaked in", due=in_days(5))
    with pytest.raises(PetitionError):
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_plan_is_closed_once_implemented(accepted, reviewer):
    (milestone,) = publish_plan(accepted, reviewer, ("Only", 10))
    services.milestone_mark_done(milestone=milestone, official=reviewer)
    services.petition_mark_implemented(petition=accepted, official=reviewer)
    with pytest.raises(PetitionError):
        publish_plan(accepted, reviewer, ("Afterwards", 10))
    with pytest.raises(PetitionError):
        services.progress_update_post(petition=accepted, official=reviewer, text="More.")


def test_timeline_steps(accepted, reviewer):
    first, second = publish_plan(accepted, reviewer)
    services.milestone_mark_done(milestone=first, official=reviewer)
    services.progress_update_post(petition=accepted, official=reviewer, text="Halfway.")
    services.milestone_mark_done(milestone=second, official=reviewer)
    services.petition_mark_implemented(petition=accepted, official=reviewer)
    assert kinds(accepted)[-5:] == [
        KIND.PLAN,
        KIND.MILESTONE,
        KIND.PROGRESS,
        KIND.MILESTONE,
        KIND.IMPLEMENTED,
    ]
    implemented = accepted.events.get(kind=KIND.IMPLEMENTED)
    assert implemented.audit_entry.changes["status"] == ["accepted", "implemented"]


# --- E-mails --------------------------------------------------------------------------------


def follow(petition, **user_fields):
    citizen = UserFactory(**user_fields)
    services.follow_create(petition=petition, citizen=citizen)
    return citizen


def test_author_and_followers_told_once_each_in_their_language(accepted, reviewer, on_commit):
    accepted.author.preferred_language = "ru"
    accepted.author.save()
    services.follow_create(petition=accepted, citizen=accepted.author)  # also follows
    english = follow(accepted, preferred_language="en")
    russian = follow(accepted, preferred_language="ru")
    gone = follow(accepted)
    services.follow_delete(petition=accepted, citizen=gone)
    follow(accepted, email="")  # nowhere to send
    with on_commit():
        services.milestones_add(
            petition=accepted,
            official=reviewer,
            milestones=[("Shades at 100 stops", datetime.date(2031, 5, 15))],
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([accepted.author.email, english.email, russian.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "15 мая 2031" in by_recipient[accepted.author.email].body
    assert "15 мая 2031" in by_recipient[russian.email].body
    assert "May 15, 2031" in by_recipient[english.email].body
    assert all("Shades at 100 stops" in m.body for m in mail.outbox)
    assert all(accepted.get_absolute_url() in m.body for m in mail.outbox)


def test_every_plan_step_is_mailed(accepted, reviewer, on_commit):
    accepted.author.preferred_language = "en"
    accepted.author.save()
    follower = follow(accepted, preferred_language="en")
    with on_commit():
        (milestone,) = publish_plan(accepted, reviewer, ("Only step", 10))
    with on_commit():
        services.progress_update_post(
            petition=accepted, official=reviewer, text="Bought the shades.", milestone=milestone
        )
    with on_commit():
        services.milestone_mark_done(milestone=milestone, official=reviewer)
    with on_commit():
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    to_follower = [m for m in mail.outbox if m.to == [follower.email]]
    to_author = [m for m in mail.outbox if m.to == [accepted.author.email]]
    assert len(to_follower) == len(to_author) == 4
    assert [m.subject for m in to_follower] == [
        "The state body has published its implementation plan for a petition",
        "The state body reported progress on a petition",
        "A milestone of a petition's implementation plan is done",
        "A petition has been implemented",
    ]
    assert "Bought the shades." in to_follower[1].body
    assert "Only step" in to_follower[1].body and "Only step" in to_follower[2].body


def test_followers_mailed_in_batches(accepted, reviewer, on_commit, monkeypatch):
    monkeypatch.setattr("petitions.notifications.plan.MAIL_BATCH", 2)
    followers = [follow(accepted) for _ in range(5)]
    with on_commit():
        services.progress_update_post(petition=accepted, official=reviewer, text="Started.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [accepted.author.email, *(f.email for f in followers)]
    )


def test_later_milestones_and_failures_mail_nobody(accepted, reviewer, on_commit):
    follow(accepted)
    publish_plan(accepted, reviewer)
    mail.outbox = []
    with on_commit():
        publish_plan(accepted, reviewer, ("One more", 10))
    with on_commit(), pytest.raises(PetitionError):
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    assert mail.outbox == []


# --- Pages ----------------------------------------------------------------------------------


def plan_url(name, petition, *args):
    return reverse(f"petitions:{name}", args=[petition.uid, *args])


def test_review_page_links_to_the_plan_pages(client, accepted, reviewer):
    client.force_login(reviewer)
    page = client.get(plan_url("review_detail", accepted)).content.decode()
    assert plan_url("plan_milestones", accepted) in page
    assert plan_url("plan_implemented", accepted) not in page  # nothing to implement yet
    milestone = publish_plan(accepted, reviewer)[0]
    page = client.get(plan_url("review_detail", accepted)).content.decode()
    assert plan_url("milestone_done", accepted, milestone.pk) in page
    assert plan_url("plan_progress", accepted) in page
    assert plan_url("plan_implemented", accepted) in page


def test_review_page_of_a_sent_petition_has_no_plan(client, sent_petition, reviewer):
    client.force_login(reviewer)
    page = client.get(plan_url("review_detail", sent_petition)).content.decode()
    assert plan_url("plan_milestones", sent_petition) not in page


@pytest.mark.parametrize("name", ["plan_milestones", "plan_progress", "plan_implemented"])
def test_plan_pages_get_changes_nothing(client, accepted, reviewer, name):
    client.force_login(reviewer)
    before = kinds(accepted)
    response = client.get(plan_url(name, accepted))
    assert response.status_code == 200
    assert kinds(accepted) == before
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("plan_milestones", "get"),
        ("plan_progress", "get"),
        ("plan_implemented", "get"),
        ("plan_implemented", "post"),
        ("milestone_done", "post"),
    ],
)
@pytest.mark.parametrize("who", ["other_head", "citizen", "author"])
def test_plan_pages_refuse_others(client, accepted, reviewer, request, name, method, who):
    milestone = publish_plan(accepted, reviewer)[0]
    args = [milestone.pk] if name == "milestone_done" else []
    client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(plan_url(name, accepted, *args))
    assert response.status_code == 403
    assert not Milestone.objects.filter(done_at__isnull=False).exists()


def test_plan_pages_need_sign_in(client, accepted):
    response = client.get(plan_url("plan_milestones", accepted))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_plan_pages_refused_before_acceptance(client, sent_petition, reviewer):
    client.force_login(reviewer)
    assert client.get(plan_url("plan_milestones", sent_petition)).status_code == 403
    response = client.post(
        plan_url("plan_milestones", sent_petition),
        {"title_1": "Too early", "due_1": in_days(10).isoformat()},
    )
    assert response.status_code == 403
    assert not Milestone.objects.exists()


def test_publishing_the_plan_through_the_page(client, accepted, reviewer):
    client.force_login(reviewer)
    response = client.post(
        plan_url("plan_milestones", accepted),
        {
            "title_1": "Shades at 100 stops",
            "due_1": in_days(30).isoformat(),
            "title_3": "Shades at 200 stops",
            "due_3": in_days(60).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == plan_url("review_detail", accepted)
    assert list(accepted.milestones.values_list("title", flat=True)) == [
        "Shades at 100 stops",
        "Shades at 200 stops",
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Add at least one milestone"),
        ({"title_1": "No date"}, "Give the date by which this will be done."),
        ({"due_1": "2031-01-01"}, "Say what will be done by this date."),
        ({"title_1": "Late", "due_1": "2020-01-01"}, "The due date cannot be in the past."),
        ({"title_1": "x" * 301, "due_1": "2031-01-01"}, "at most 300 characters"),
    ],
    ids=["empty", "no-date", "no-title", "past", "too-long"],
)
def test_milestones_form_errors(client, accepted, reviewer, data, error):
    client.force_login(reviewer)
    response = client.post(plan_url("plan_milestones", accepted), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert error in page.replace("&#x27;", "'")
    assert not Milestone.objects.exists()


def test_milestone_done_through_the_page(client, accepted, reviewer):
    milestone = publish_plan(accepted, reviewer)[0]
    client.force_login(reviewer)
    url = plan_url("milestone_done", accepted, milestone.pk)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_at is not None


def test_milestone_of_another_petition_is_not_found(client, accepted, reviewer, author):
    other = services.petition_create(
        author=author,
        agency=accepted.agency,
        title="Another",
        problem="Another problem.",
        request="Another request.",
        language="en",
    )
    foreign = Milestone.objects.create(petition=other, title="Elsewhere", due=in_days(5))
    client.force_login(reviewer)
    assert client.post(plan_url("milestone_done", accepted, foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.done_at is None


def test_progress_update_through_the_page(client, accepted, reviewer):
    milestone = publish_plan(accepted, reviewer)[0]
    client.force_login(reviewer)
    page = client.get(plan_url("plan_progress", accepted)).content.decode()
    assert "Shades at 100 stops" in page  # offered as the milestone it is about
    response = client.post(
        plan_url("plan_progress", accepted), {"text": "Halfway there.", "milestone": milestone.pk}
    )
    assert response.status_code == 302
    assert accepted.progress_updates.get().milestone == milestone
    response = client.post(plan_url("plan_progress", accepted), {"text": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert accepted.progress_updates.count() == 1


def test_implemented_page(client, accepted, reviewer):
    first, second = publish_plan(accepted, reviewer)
    services.milestone_mark_done(milestone=first, official=reviewer)
    client.force_login(reviewer)
    url = plan_url("plan_implemented", accepted)
    page = client.get(url).content.decode()
    assert "1 milestone of the plan is not done yet" in page
    response = client.post(url)
    assert response.status_code == 200
    assert "1 milestone of the plan is not done yet" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    services.milestone_mark_done(milestone=second, official=reviewer)
    assert client.post(url).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == Status.IMPLEMENTED


def test_public_page_shows_the_plan(client, accepted, reviewer, on_commit):
    first, second = publish_plan(accepted, reviewer)
    services.progress_update_post(petition=accepted, official=reviewer, text="Older update.")
    services.progress_update_post(
        petition=accepted, official=reviewer, text="Newer update.", milestone=first
    )
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert "Implementation plan" in page
    assert "Shades at 100 stops" in page and "Shades at 200 stops" in page
    assert page.index("Newer update.") < page.index("Older update.")  # newest first
    assert "Not done yet" in page
    assert "Implemented on" not in page
    services.milestone_mark_done(milestone=first, official=reviewer)
    with on_commit():  # the timeline step drops the cached page
        services.milestone_mark_done(milestone=second, official=reviewer)
        services.petition_mark_implemented(petition=accepted, official=reviewer)
    page = client.get(accepted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    accepted.refresh_from_db()
    with translation.override("en"):
        day = date_format(timezone.localtime(accepted.implemented_at), "DATE_FORMAT")
    assert f"Implemented on {day}." in page
    assert "Not done yet" not in page


def test_later_milestones_show_at_once_on_the_cached_page(client, accepted, reviewer, on_commit):
    publish_plan(accepted, reviewer)
    client.get(accepted.get_absolute_url())  # now cached
    with on_commit():
        publish_plan(accepted, reviewer, ("Shades at 300 stops", 90))
    assert "Shades at 300 stops" in client.get(accepted.get_absolute_url()).content.decode()


def test_no_plan_section_without_a_plan(client, accepted):
    assert "Implementation plan" not in client.get(accepted.get_absolute_url()).content.decode()


def test_implemented_is_a_public_search_status(client, open_petition, head, reviewer):
    set_count(open_petition, open_petition.early_support_signatures)
    services.petition_list(petition=open_petition)
    set_count(open_petition, open_petition.signature_threshold)
    services.petition_send_to_agency(petition=open_petition)
    accepted = transition(
        open_petition,
        allowed=(Status.SENT,),
        to=Status.ACCEPTED,
        event=KIND.ACCEPTED,
        actor=head,
        decided_at=timezone.now(),
    )
    (milestone,) = publish_plan(accepted, reviewer, ("Only", 10))
    services.milestone_mark_done(milestone=milestone, official=reviewer)
    services.petition_mark_implemented(petition=accepted, official=reviewer)
    page = client.get(reverse("petitions:list"), {"status": "implemented"}).content.decode()
    assert accepted.title in page
    page = client.get(reverse("petitions:list"), {"status": "accepted"}).content.decode()
    assert accepted.title not in page
