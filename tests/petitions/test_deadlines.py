"""Deadlines that bite: reminders before the answer is due, overdue and escalation after it,
and the review dashboard that sorts by them."""

import datetime
import logging
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from accounts.audit.models import AuditEntry
from agencies.calendar import add_working_days
from agencies.models import Agency, Official
from conftest import set_count
from petitions import services, tasks
from petitions.errors import PetitionError
from petitions.models import DeadlineReminder, Petition, PetitionEvent, Status
from petitions.services.deadlines import reminder_step
from tests.concurrency import run_at_once
from tests.factories import OfficialFactory, UserFactory

D = datetime.date
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
# Sent to a regional akimat (20 working days) on Friday 20 February 2026, a petition is due on
# Thursday 26 March: 23-27 Feb (5), 2-6 Mar (10), 10-13 Mar (14; 9 March is the day off for
# Sunday 8 March), 16-20 Mar (19), then Nauryz (21-23) and its carried days off (24-25), 26 Mar.
SENT_ON = D(2026, 2, 20)
DUE = D(2026, 3, 26)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ALMATY)


def send_on(day, agency, moderator, title="Shade at bus stops") -> Petition:
    """A petition filed, published and sent to `agency` on `day`, by a fresh author."""
    author = UserFactory(region_code="KZ-75")
    with time_machine.travel(at(day), tick=False):
        petition = services.petition_create(
            author=author,
            agency=agency,
            title=title,
            problem="People wait in the sun.",
            request="Install shades.",
            language="en",
        )
        services.petition_submit(petition=petition, author=author)
        services.petition_publish(petition=petition, moderator=moderator)
        set_count(petition, petition.signature_threshold)
        return services.petition_send_to_agency(petition=petition)


def remind(day, on_commit, hour=10) -> int:
    with time_machine.travel(at(day, hour), tick=False), on_commit():
        return tasks.remind_deadlines()


def mark_overdue(day, on_commit, hour=9) -> int:
    with time_machine.travel(at(day, hour), tick=False), on_commit():
        return tasks.mark_overdue()


def steps_sent(petition) -> list[int]:
    return sorted(
        DeadlineReminder.objects.filter(petition=petition).values_list(
            "working_days_before", flat=True
        ),
        reverse=True,
    )


def kinds(petition) -> list[str]:
    return list(petition.events.order_by("created_at", "id").values_list("kind", flat=True))


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def medeu(db):
    """A district akimat whose parent is the akimat of Almaty."""
    agency = Agency.objects.get(code="akimat-almaty-medeu")
    agency.population = 100_000
    agency.save(update_fields=["population"])
    return agency


@pytest.fixture
def petition(db, almaty_akimat, moderator, head, reviewer):
    petition = send_on(SENT_ON, almaty_akimat, moderator)
    assert petition.response_due == DUE
    return petition


# Reminders -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("working_days_left", "step"),
    [
        (12, None),
        (11, None),
        (10, 10),
        (9, 10),
        (6, 10),
        (5, 5),
        (2, 5),
        (1, 1),
        (0, 1),
        (-1, None),
    ],
)
def test_reminder_step_is_the_smallest_step_at_or_above_what_is_left(working_days_left, step):
    assert reminder_step(working_days_left) == step


@pytest.mark.django_db
def test_reminders_go_on_the_working_days_10_5_and_1_before_the_deadline(petition, on_commit):
    sent_on = {}
    day = SENT_ON
    while day <= DUE:
        if remind(day, on_commit):
            sent_on[day] = steps_sent(petition)[-1]
        day += datetime.timedelta(days=1)

    # 10 left on Friday 6 March (Monday 9 is a day off, so it is still 10 then: nothing new);
    # 5 on Monday 16 March; 1 already on Friday 20 March, as 23-25 March are all off.
    assert sent_on == {D(2026, 3, 6): 10, D(2026, 3, 16): 5, D(2026, 3, 20): 1}


@pytest.mark.django_db
def test_nothing_on_the_weekend_or_holidays_after_a_reminder(petition, on_commit):
    assert remind(D(2026, 3, 20), on_commit) == 1  # Friday: 1 working day left
    for day in (D(2026, 3, 21), D(2026, 3, 22), D(2026, 3, 23), D(2026, 3, 24), D(2026, 3, 25)):
        assert remind(day, on_commit) == 0
    assert remind(DUE, on_commit) == 0
    assert steps_sent(petition) == [1]


@pytest.mark.django_db
def test_a_reminder_goes_once_across_reruns(petition, head, reviewer, on_commit):
    assert remind(D(2026, 3, 6), on_commit, hour=8) == 1
    assert remind(D(2026, 3, 6), on_commit, hour=9) == 0
    assert remind(D(2026, 3, 9), on_commit) == 0  # a day off: still 10 left
    assert steps_sent(petition) == [10]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, reviewer.email])


@pytest.mark.django_db
def test_a_missed_day_sends_the_step_just_passed_with_the_days_really_left(
    petition, head, on_commit
):
    # No run on Friday 6 March; Tuesday 10 March has 9 working days left.
    assert remind(D(2026, 3, 10), on_commit) == 1
    assert steps_sent(petition) == [10]
    body = next(m.body for m in mail.outbox if m.to == [head.email])
    assert "9 working days are left" in body


@pytest.mark.django_db
def test_a_larger_reminder_is_never_sent_late(petition, on_commit):
    # The first run comes on Wednesday 18 March, 3 working days before: the 5-day reminder
    # is due and the 10-day one is passed over for good.
    assert remind(D(2026, 3, 18), on_commit) == 1
    assert remind(D(2026, 3, 19), on_commit) == 0
    assert remind(D(2026, 3, 20), on_commit) == 1
    assert steps_sent(petition) == [5, 1]


@pytest.mark.django_db
def test_only_the_addressees_officials_with_an_email_are_reminded(
    petition, head, reviewer, other_head, on_commit
):
    OfficialFactory(agency=petition.agency, role=Official.Role.REVIEWER, user__email="")
    remind(D(2026, 3, 6), on_commit)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, reviewer.email])


@pytest.mark.django_db
def test_the_reminder_says_the_petition_deadline_and_days_left_in_each_language(
    petition, head, reviewer, on_commit
):
    head.preferred_language = "ru"
    head.save(update_fields=["preferred_language"])
    reviewer.preferred_language = "en"
    reviewer.save(update_fields=["preferred_language"])

    remind(D(2026, 3, 6), on_commit)

    bodies = {m.to[0]: m.body for m in mail.outbox}
    for user, language, name in (
        (head, "ru", petition.agency.name_ru),
        (reviewer, "en", petition.agency.name_en),
    ):
        with translation.override(language):
            date = formats.date_format(DUE, "DATE_FORMAT")
        assert name in bodies[user.email]
        assert date in bodies[user.email]
        assert petition.title in bodies[user.email]
        assert petition.get_absolute_url() in bodies[user.email]
    assert "26 марта 2026" in bodies[head.email]
    assert "10 working days are left" in bodies[reviewer.email]


@pytest.mark.django_db
def test_a_reminder_is_audited_internally_not_put_on_the_timeline(petition, on_commit):
    events_before = kinds(petition)
    remind(D(2026, 3, 6), on_commit)
    assert kinds(petition) == events_before
    entry = AuditEntry.objects.get(action="petition.reminder")
    assert entry.public is False
    assert entry.target == f"petitions.petition:{petition.uid}"


@pytest.mark.django_db
def test_a_new_deadline_gets_its_own_reminders(petition, on_commit):
    remind(D(2026, 3, 6), on_commit)
    # As when the petition is redirected and its deadline restarts.
    Petition.internal.filter(pk=petition.pk).update(response_due=D(2026, 3, 27))
    assert remind(D(2026, 3, 10), on_commit) == 1  # Tuesday 10 March: 10 left to 27 March
    assert DeadlineReminder.objects.filter(petition=petition, working_days_before=10).count() == 2


@pytest.mark.django_db
def test_decided_petitions_get_no_reminders(petition, on_commit):
    Petition.internal.filter(pk=petition.pk).update(
        status=Status.ACCEPTED, decided_at=at(D(2026, 3, 2))
    )
    assert remind(D(2026, 3, 6), on_commit) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_eager_delay_smoke(petition):
    with time_machine.travel(at(D(2026, 3, 6)), tick=False):
        tasks.remind_deadlines.delay()
    assert steps_sent(petition) == [10]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_remind_once(moderator):
    agency = Agency.objects.get(code="akimat-kz-75")
    officials = [OfficialFactory(agency=agency, role=role).user for role in Official.Role]
    petition = send_on(SENT_ON, agency, moderator)
    mail.outbox = []

    with time_machine.travel(at(D(2026, 3, 6)), tick=False):
        results = run_at_once(tasks.remind_deadlines)

    assert sorted(results) == [0, 1]
    assert steps_sent(petition) == [10]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in officials)


# Overdue and escalation ----------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_the_day_after_then_escalated_to_the_parent_once(
    medeu, almaty_akimat, moderator, head, reviewer, on_commit
):
    petition = send_on(SENT_ON, medeu, moderator)
    own = OfficialFactory(agency=medeu, role=Official.Role.HEAD).user
    assert petition.response_due == DUE

    assert mark_overdue(DUE, on_commit, hour=23) == 0  # the deadline day itself is still in time
    assert mark_overdue(DUE + datetime.timedelta(days=1), on_commit) == 1
    assert mark_overdue(DUE + datetime.timedelta(days=1), on_commit, hour=10) == 0
    assert mark_overdue(DUE + datetime.timedelta(days=3), on_commit) == 0

    petition.refresh_from_db()
    assert petition.is_overdue
    assert petition.escalated_to == almaty_akimat
    assert petition.escalated_at == at(DUE + datetime.timedelta(days=1), 9)
    assert kinds(petition)[-2:] == [PetitionEvent.Kind.OVERDUE, PetitionEvent.Kind.ESCALATED]
    assert kinds(petition).count(PetitionEvent.Kind.ESCALATED) == 1
    event = petition.events.get(kind=PetitionEvent.Kind.ESCALATED)
    assert event.note == almaty_akimat.name_en
    assert event.audit_entry.changes["escalated_to"] == [None, almaty_akimat.pk]
    # The officials of the body escalated to and the author; not the addressee's own.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [head.email, reviewer.email, petition.author.email]
    )
    assert own.email not in [m.to[0] for m in mail.outbox]
    to_author = next(m for m in mail.outbox if m.to == [petition.author.email])
    assert almaty_akimat.name_en in to_author.body or almaty_akimat.name_kk in to_author.body


@pytest.mark.django_db
def test_a_central_body_without_a_parent_escalates_to_the_government(
    government, moderator, other_head, on_commit
):
    parliament = Agency.objects.get(code="parliament")
    assert parliament.parent is None
    petition = send_on(SENT_ON, parliament, moderator)
    assert petition.response_due == add_working_days(SENT_ON, 40)

    assert mark_overdue(petition.response_due + datetime.timedelta(days=1), on_commit) == 1

    petition.refresh_from_db()
    assert petition.escalated_to == government
    assert other_head.email in [m.to[0] for m in mail.outbox]


@pytest.mark.django_db
def test_the_government_itself_is_marked_overdue_but_not_escalated(government, moderator):
    petition = send_on(SENT_ON, government, moderator)
    day_after = petition.response_due + datetime.timedelta(days=1)

    with time_machine.travel(at(day_after), tick=False):
        assert tasks.mark_overdue() == 1
        petition.refresh_from_db()
        with pytest.raises(PetitionError):
            services.petition_escalate(petition=petition)

    assert petition.is_overdue
    assert petition.escalated_to is None and petition.escalated_at is None
    assert PetitionEvent.Kind.ESCALATED not in kinds(petition)


@pytest.mark.django_db
def test_without_a_government_body_escalation_waits_and_logs(moderator, caplog):
    parliament = Agency.objects.get(code="parliament")
    petition = send_on(SENT_ON, parliament, moderator)
    Agency.objects.filter(code="government").update(code="government-renamed")

    with (
        time_machine.travel(at(petition.response_due + datetime.timedelta(days=1)), tick=False),
        caplog.at_level(logging.WARNING),
    ):
        assert tasks.mark_overdue() == 1

    petition.refresh_from_db()
    assert petition.is_overdue and petition.escalated_to is None
    assert "cannot be escalated" in caplog.text


@pytest.mark.django_db
def test_a_petition_in_time_cannot_be_escalated(petition):
    with time_machine.travel(at(DUE), tick=False), pytest.raises(PetitionError):
        services.petition_escalate(petition=petition)
    petition.refresh_from_db()
    assert petition.escalated_at is None


@pytest.mark.django_db
def test_the_public_page_links_to_the_body_escalated_to(
    client, medeu, almaty_akimat, moderator, on_commit
):
    petition = send_on(SENT_ON, medeu, moderator)
    mark_overdue(DUE + datetime.timedelta(days=1), on_commit)

    page = client.get(petition.get_absolute_url()).content.decode()

    assert "answer overdue" in page
    assert "the petition was escalated to" in page
    assert f'href="{reverse("petitions:agency", args=[almaty_akimat.code])}"' in page
    assert str(PetitionEvent.Kind.ESCALATED.label) in page


# The review dashboard -------------------------------------------------------------------------


def _decide(petition, status, day):
    # The decision itself is another area's; here only where the petition then sorts matters.
    Petition.internal.filter(pk=petition.pk).update(status=status, decided_at=at(day))


@pytest.fixture
def queue(almaty_akimat, moderator):
    """Petitions of the akimat of Almaty: three awaiting an answer, three decided."""
    accepted = send_on(D(2026, 1, 12), almaty_akimat, moderator, "Accepted")
    refused = send_on(D(2026, 1, 13), almaty_akimat, moderator, "Refused")
    implemented = send_on(D(2026, 1, 14), almaty_akimat, moderator, "Implemented")
    send_on(D(2026, 1, 19), almaty_akimat, moderator, "Overdue")
    send_on(D(2026, 2, 16), almaty_akimat, moderator, "Due soon")
    send_on(D(2026, 2, 17), almaty_akimat, moderator, "Due late")
    _decide(accepted, Status.ACCEPTED, D(2026, 2, 9))
    _decide(refused, Status.REFUSED, D(2026, 2, 11))
    _decide(implemented, Status.IMPLEMENTED, D(2026, 2, 10))
    with time_machine.travel(at(D(2026, 2, 18), 1), tick=False):
        tasks.mark_overdue()


def dashboard(client, **params):
    with time_machine.travel(at(D(2026, 2, 18)), tick=False):
        return client.get(reverse("petitions:dashboard"), params)


def titles(response) -> list[str]:
    return [p.title for p in response.context["petitions"]]


@pytest.mark.django_db
def test_dashboard_sorts_by_deadline_then_newest_decision(client, head, queue):
    client.force_login(head)
    response = dashboard(client)
    assert response.status_code == 200
    assert titles(response) == [
        "Overdue",  # due 16 February
        "Due soon",  # due 17 March
        "Due late",  # due 18 March
        "Refused",  # decided 11 February
        "Implemented",  # 10 February
        "Accepted",  # 9 February
    ]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("sent", ["Overdue", "Due soon", "Due late"]),
        ("overdue", ["Overdue"]),
        ("accepted", ["Accepted"]),
        ("refused", ["Refused"]),
        ("implemented", ["Implemented"]),
        ("", ["Overdue", "Due soon", "Due late", "Refused", "Implemented", "Accepted"]),
    ],
)
@pytest.mark.django_db
def test_dashboard_filters_by_state(client, head, queue, state, expected):
    client.force_login(head)
    assert titles(dashboard(client, state=state)) == expected


@pytest.mark.django_db
def test_dashboard_shows_working_days_left_and_an_overdue_marker_in_words(client, head, queue):
    client.force_login(head)
    response = dashboard(client)
    left = {p.title: p.working_days_left for p in response.context["petitions"]}
    # From Wednesday 18 February 2026: 17 March is 18 working days ahead (9 March is off),
    # 16 February was 2 working days ago.
    assert left["Due soon"] == 18
    assert left["Overdue"] == -2
    assert left["Accepted"] is None
    page = response.content.decode()
    assert "overdue by 2 working days" in page
    assert page.count('class="tag status-overdue"') == 1


@pytest.mark.django_db
def test_dashboard_says_a_deadline_is_today(client, head, almaty_akimat, moderator):
    send_on(SENT_ON, almaty_akimat, moderator)
    client.force_login(head)
    with time_machine.travel(at(DUE), tick=False):
        page = client.get(reverse("petitions:dashboard")).content.decode()
    assert "due today" in page


@pytest.mark.django_db
def test_dashboard_shows_petitions_escalated_to_the_body_read_only(
    client, head, medeu, moderator, on_commit
):
    petition = send_on(SENT_ON, medeu, moderator, "Medeu bus stops")
    mark_overdue(DUE + datetime.timedelta(days=1), on_commit)
    client.force_login(head)

    with time_machine.travel(at(DUE + datetime.timedelta(days=4)), tick=False):
        response = client.get(reverse("petitions:dashboard"))

    page = response.content.decode()
    assert [p.title for p in response.context["escalated"]] == ["Medeu bus stops"]
    assert response.context["petitions"] == []
    assert "Escalated to your body" in page
    assert f'href="{petition.get_absolute_url()}"' in page
    assert reverse("petitions:review_detail", args=[petition.uid]) not in page
    assert "overdue by 2 working days" in page  # Friday 27 and Monday 30 March
    # Read only: the body escalated to does not review or decide it.
    assert client.get(reverse("petitions:review_detail", args=[petition.uid])).status_code == 403


@pytest.mark.django_db
def test_the_addressee_sees_where_its_petition_was_escalated(
    client, medeu, almaty_akimat, moderator, on_commit
):
    send_on(SENT_ON, medeu, moderator)
    mark_overdue(DUE + datetime.timedelta(days=1), on_commit)
    client.force_login(OfficialFactory(agency=medeu, role=Official.Role.REVIEWER).user)
    page = client.get(reverse("petitions:dashboard")).content.decode()
    assert f"Escalated to {almaty_akimat.name}" in page


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_petitions(
    client, head, medeu, almaty_akimat, government, moderator, django_assert_num_queries
):
    client.force_login(head)

    def add_one(index):
        # Both overdue and escalated: the body's own (to the Government) and Medeu's (to it).
        for agency, title in ((almaty_akimat, f"Own {index}"), (medeu, f"Escalated {index}")):
            petition = send_on(SENT_ON, agency, moderator, title)
            with time_machine.travel(at(DUE + datetime.timedelta(days=1)), tick=False):
                petition = services.petition_mark_overdue(petition=petition)
                services.petition_escalate(petition=petition)

    add_one(0)
    dashboard(client)  # the signed-in user is now cached
    with CaptureQueriesContext(connection) as one_each:
        assert len(dashboard(client).context["escalated"]) == 1
    add_one(1)
    add_one(2)
    with django_assert_num_queries(len(one_each)):
        response = dashboard(client)
    assert len(response.context["petitions"]) == 3
    assert len(response.context["escalated"]) == 3
    assert response.content.decode().count(f"Escalated to {government.name}") == 3


@pytest.mark.django_db
def test_dashboard_changes_nothing_and_is_for_officials_only(client, citizen, head, queue):
    client.force_login(citizen)
    assert dashboard(client).status_code == 403
    client.logout()
    assert dashboard(client).status_code == 302
    client.force_login(head)
    before = list(Petition.internal.order_by("pk").values())
    dashboard(client, state="overdue")
    assert list(Petition.internal.order_by("pk").values()) == before


def test_the_timeline_names_the_body_escalated_to_in_the_visitors_language(
    client, medeu, almaty_akimat, moderator, on_commit
):
    petition = send_on(SENT_ON, medeu, moderator)
    mark_overdue(DUE + datetime.timedelta(days=1), on_commit)

    page = client.get(petition.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    timeline = page.split('id="timeline-heading"')[1]

    assert f": {almaty_akimat.name_ru}" in timeline
    assert almaty_akimat.name_en not in timeline
