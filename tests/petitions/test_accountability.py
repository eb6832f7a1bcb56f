"""Accountability in numbers: the agency ranking, its CSV, the agency page's figures, and the
moderation queue's deadline."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency, CalendarDay
from petitions import selectors
from petitions.forms import RejectForm
from petitions.models import Milestone, Petition, RejectionReason, Status
from tests.factories import PetitionFactory

ALMATY = ZoneInfo("Asia/Almaty")
# The seeded calendar covers 2026-2027; the figures below use 2030 with holidays of our own, so
# that nothing seeded (or later added) moves the hand-counted working days.
TODAY = datetime.date(2030, 6, 14)  # a Friday
HOLIDAYS = [datetime.date(2030, 5, 1), datetime.date(2030, 5, 7), datetime.date(2030, 5, 9)]

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ALMATY)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


@pytest.fixture
def holidays(db):
    for day in HOLIDAYS:
        CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name_en="Holiday")


def received(agency, status, *, sent, due, decided=None, **fields) -> Petition:
    """A petition sent to `agency` on `sent`, answer due `due`, decided at `decided` (if any)."""
    sent_at = at(d(sent))
    if isinstance(decided, str):
        decided = at(d(decided))
    return PetitionFactory(
        agency=agency,
        status=status,
        published_at=sent_at - datetime.timedelta(days=30),
        signature_threshold=1,
        early_support_signatures=1,
        support_due=sent_at.date(),
        closes_at=sent_at + datetime.timedelta(days=150),
        response_working_days=20,
        sent_at=sent_at,
        response_due=d(due),
        decided_at=decided,
        **fields,
    )


def milestone(petition, due, done_at=None) -> Milestone:
    return Milestone.objects.create(petition=petition, title="Step", due=d(due), done_at=done_at)


@pytest.fixture
def maslikhat(db):
    return Agency.objects.get(code="maslikhat-kz-75")


@pytest.fixture
def figures(frozen, holidays, almaty_akimat, government, maslikhat):
    """The hand-made set. Counted by hand:

    Almaty akimat: received 5; decided 3, of which 2 on time; 1 overdue now; 1 not yet due:
    on time 2 of 4 = 50%. Working days to answer: 2 (1 May a holiday), 4 (7 and 9 May holidays,
    a weekend), 1 (7 May) -> median 2. Accepted 2 (one implemented), refused 1. Milestones:
    kept on time, late, late by the local clock (though on time by UTC's date), overdue
    undone, not yet due, done early -> kept 2 of 5 = 40%.
    Government: 1 refused on time, 1 working day -> 100%, median 1. Maslikhat: one petition,
    not yet due -> no share, no median.
    """
    accepted = received(
        almaty_akimat, Status.ACCEPTED, sent="2030-04-29", due="2030-05-27", decided="2030-05-02"
    )
    received(
        almaty_akimat, Status.REFUSED, sent="2030-05-03", due="2030-05-10", decided="2030-05-13"
    )
    implemented = received(
        almaty_akimat,
        Status.IMPLEMENTED,
        sent="2030-05-06",
        due="2030-05-31",
        decided="2030-05-08",
        implemented_at=at(d("2030-06-12")),
    )
    received(almaty_akimat, Status.SENT, sent="2030-05-10", due="2030-06-10")
    received(almaty_akimat, Status.SENT, sent="2030-06-03", due="2030-06-20")
    # Not received: still collecting signatures, or never published.
    PetitionFactory(agency=almaty_akimat, status=Status.MODERATION)
    milestone(accepted, "2030-06-01", done_at=at(d("2030-05-30")))  # kept
    milestone(accepted, "2030-06-05", done_at=at(d("2030-06-07")))  # late
    # 01:00 on 2 June in Almaty is still 1 June by UTC: late all the same.
    milestone(accepted, "2030-06-01", done_at=at(d("2030-06-02"), hour=1))
    milestone(implemented, "2030-06-10")  # due and not done
    milestone(implemented, "2030-07-01")  # not yet due: does not count
    milestone(implemented, "2030-07-15", done_at=at(d("2030-06-12")))  # done early: kept
    received(government, Status.REFUSED, sent="2030-05-20", due="2030-07-15", decided="2030-05-21")
    received(maslikhat, Status.SENT, sent="2030-06-10", due="2030-07-08")
    return {"akimat": almaty_akimat, "government": government, "maslikhat": maslikhat}


def by_code(records) -> dict:
    return {record.agency.code: record for record in records}


def test_each_figure_of_a_body(figures):
    akimat = by_code(selectors.agency_ranking())["akimat-kz-75"]
    assert akimat.received == 5
    assert (akimat.answered_on_time, akimat.answer_due) == (2, 4)
    assert akimat.on_time_percent == 50.0
    assert akimat.median_working_days == 2
    assert akimat.overdue_now == 1
    assert (akimat.accepted, akimat.refused) == (2, 1)
    assert (akimat.milestones_kept, akimat.milestones_due) == (2, 5)
    assert akimat.kept_percent == 40.0


def test_on_time_means_by_the_deadline_day_on_the_local_clock(figures, almaty_akimat):
    # Due 8 June; decided at 01:00 on 9 June in Almaty, which is still 8 June by UTC.
    received(
        almaty_akimat,
        Status.REFUSED,
        sent="2030-06-03",
        due="2030-06-08",
        decided=at(d("2030-06-09"), hour=1),
    )
    akimat = by_code(selectors.agency_ranking())["akimat-kz-75"]
    assert (akimat.answered_on_time, akimat.answer_due) == (2, 5)
    # Decided late in the evening of the deadline day: on time.
    received(
        almaty_akimat,
        Status.ACCEPTED,
        sent="2030-06-03",
        due="2030-06-10",
        decided=at(d("2030-06-10"), hour=23),
    )
    akimat = by_code(selectors.agency_ranking())["akimat-kz-75"]
    assert (akimat.answered_on_time, akimat.answer_due) == (3, 6)


def test_a_milestone_done_on_its_due_day_by_the_local_clock_is_kept(frozen, government):
    petition = received(
        government, Status.ACCEPTED, sent="2030-05-20", due="2030-07-15", decided="2030-05-21"
    )
    milestone(petition, "2030-06-03", done_at=at(d("2030-06-03"), hour=23))  # kept
    milestone(petition, "2030-06-03", done_at=at(d("2030-06-04"), hour=1))  # late
    record = selectors.agency_accountability(government)
    assert (record.milestones_kept, record.milestones_due) == (1, 2)


def test_the_median_counts_working_days_only(frozen, holidays, government):
    # Sent Friday 3 May, decided Monday 13 May: 6, 8, 10, 13 May are working days (the weekends
    # and the holidays of 7 and 9 May are not).
    received(government, Status.REFUSED, sent="2030-05-03", due="2030-06-01", decided="2030-05-13")
    assert selectors.agency_accountability(government).median_working_days == 4
    # A second answer of 1 working day: the median of 4 and 1 is 2.5.
    received(government, Status.REFUSED, sent="2030-05-06", due="2030-06-01", decided="2030-05-08")
    assert selectors.agency_accountability(government).median_working_days == 2.5


def test_only_bodies_that_received_a_petition_are_listed(figures):
    codes = [record.agency.code for record in selectors.agency_ranking()]
    assert sorted(codes) == ["akimat-kz-75", "government", "maslikhat-kz-75"]


def test_a_body_whose_answers_are_not_yet_due_has_no_share(figures):
    maslikhat = by_code(selectors.agency_ranking())["maslikhat-kz-75"]
    assert maslikhat.received == 1 and maslikhat.answer_due == 0
    assert maslikhat.on_time_percent is None and maslikhat.median_working_days is None
    assert maslikhat.kept_percent is None and maslikhat.overdue_now == 0


def test_a_redirected_petition_counts_for_the_body_it_ended_at(figures, maslikhat):
    # What petition_redirect leaves behind: the same petition, another addressee.
    Petition.internal.filter(agency__code="government").update(agency=maslikhat)
    records = by_code(selectors.agency_ranking())
    assert "government" not in records
    assert records["maslikhat-kz-75"].received == 2
    assert records["maslikhat-kz-75"].refused == 1


def test_the_deadline_day_itself_is_not_overdue(frozen, government):
    received(government, Status.SENT, sent="2030-05-20", due=TODAY.isoformat())
    assert selectors.agency_accountability(government).overdue_now == 0


def test_sorted_by_share_on_time_by_default_bodies_without_a_figure_last(figures):
    codes = [record.agency.code for record in selectors.agency_ranking()]
    assert codes == ["government", "akimat-kz-75", "maslikhat-kz-75"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("received", ["akimat-kz-75", "government", "maslikhat-kz-75"]),
        ("median", ["government", "akimat-kz-75", "maslikhat-kz-75"]),
        ("overdue", ["akimat-kz-75", "government", "maslikhat-kz-75"]),
        ("refused", ["akimat-kz-75", "government", "maslikhat-kz-75"]),
        ("kept", ["akimat-kz-75", "government", "maslikhat-kz-75"]),
        ("nonsense", ["government", "akimat-kz-75", "maslikhat-kz-75"]),
    ],
)
def test_sorting(figures, sort, expected):
    # Ties (government and the maslikhat: 1 received each, 0 overdue) stay in name order.
    from django.utils import translation

    with translation.override("en"):
        codes = [record.agency.code for record in selectors.agency_ranking(sort=sort)]
    assert codes == expected


def test_filters_by_level_and_region(figures):
    assert [r.agency.code for r in selectors.agency_ranking(level="republic")] == ["government"]
    assert sorted(r.agency.code for r in selectors.agency_ranking(region="KZ-75")) == [
        "akimat-kz-75",
        "maslikhat-kz-75",
    ]
    assert selectors.agency_ranking(level="district") == []


def test_a_fixed_number_of_queries_for_one_body_or_three(frozen, holidays, db):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            records = selectors.agency_ranking()
        return len(captured), len(records)

    codes = ["government", "akimat-kz-75", "maslikhat-kz-75"]
    for index, code in enumerate(codes):
        petition = received(
            Agency.objects.get(code=code),
            Status.ACCEPTED,
            sent="2030-05-20",
            due="2030-06-17",
            decided="2030-05-22",
        )
        milestone(petition, "2030-06-01", done_at=at(d("2030-05-30")))
        if index == 0:
            one = queries()
    three = queries()
    assert one[1] == 1 and three[1] == 3
    # The bodies with their counts, the milestones, the decision dates, the calendar.
    assert one[0] == three[0] == 4


def test_the_page_shows_the_table(client, figures):
    response = client.get(reverse("petitions:agency_ranking"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption" in page and 'scope="row"' in page and 'scope="col"' in page
    assert "table-scroll" in page
    assert "Akimat of Almaty" in page and "Government" in page
    assert "2 of 4" in page and "50%" in page and "2 of 5" in page and "40%" in page
    assert 'aria-sort="descending"' in page  # the default sort, by share on time


def test_the_page_filters_and_sorts_by_get_parameters(client, figures):
    url = reverse("petitions:agency_ranking")
    page = client.get(url, {"level": "republic"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Government" in page and "Akimat of Almaty" not in page
    page = client.get(url, {"sort": "received"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("Akimat of Almaty") < page.index("Government of")
    # An unknown sort falls back to the default instead of failing.
    assert client.get(url, {"sort": "id; drop table"}).status_code == 200


def test_the_page_is_read_only(client, figures):
    before = list(Petition.internal.values_list("pk", "status", "agency_id").order_by("pk"))
    assert client.post(reverse("petitions:agency_ranking")).status_code == 405
    client.get(reverse("petitions:agency_ranking"))
    assert list(Petition.internal.values_list("pk", "status", "agency_id").order_by("pk")) == before


def test_the_page_query_count_does_not_grow_with_bodies(client, frozen, holidays):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("petitions:agency_ranking")).status_code == 200
        return len(captured)

    codes = ["government", "akimat-kz-75", "maslikhat-kz-75"]
    counts = []
    for code in codes:
        petition = received(
            Agency.objects.get(code=code),
            Status.ACCEPTED,
            sent="2030-05-20",
            due="2030-06-17",
            decided="2030-05-22",
        )
        milestone(petition, "2030-06-01", done_at=at(d("2030-05-30")))
        counts.append(page_queries())
    assert counts[0] == counts[2]


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_csv_has_the_same_numbers(client, figures):
    response = client.get(reverse("petitions:agency_ranking_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="agency-ranking.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:3] == ["agency_code", "name_kk", "name_ru"]
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["agency_code"] for r in records] == ["government", "akimat-kz-75", "maslikhat-kz-75"]
    akimat = records[1]
    assert akimat["received"] == "5"
    assert akimat["answered_on_time"] == "2" and akimat["answer_due"] == "4"
    assert akimat["answered_on_time_percent"] == "50.0"
    assert akimat["median_working_days_to_answer"] == "2"
    assert akimat["overdue_now"] == "1"
    assert (akimat["accepted"], akimat["refused"]) == ("2", "1")
    assert (akimat["milestones_done_on_time"], akimat["milestones_due"]) == ("2", "5")
    assert akimat["promises_kept_percent"] == "40.0"
    assert akimat["region_code"] == "KZ-75" and akimat["level"] == "region"
    # No figure: an empty cell, not "None".
    assert records[2]["median_working_days_to_answer"] == ""


def test_the_csv_follows_the_filters(client, figures):
    response = client.get(reverse("petitions:agency_ranking_csv"), {"region": "KZ-75"})
    _, *rows = read_csv(response)
    assert [row[0] for row in rows] == ["akimat-kz-75", "maslikhat-kz-75"]


def test_the_csv_defuses_names_a_spreadsheet_would_run(client, figures):
    Agency.objects.filter(code="government").update(name_en="=HYPERLINK(1)", name_ru="@SUM(1)")
    header, *rows = read_csv(client.get(reverse("petitions:agency_ranking_csv")))
    government = dict(zip(header, rows[0], strict=True))
    assert government["name_en"] == "'=HYPERLINK(1)"
    assert government["name_ru"] == "'@SUM(1)"


def test_the_page_links_to_the_csv_with_the_same_filters(client, figures):
    page = client.get(reverse("petitions:agency_ranking"), {"level": "region"}).content.decode()
    assert reverse("petitions:agency_ranking_csv") + "?level=region" in page


def test_the_ranking_is_linked_from_the_agencies_list_and_the_menu(client, db):
    page = client.get(reverse("petitions:agencies")).content.decode()
    assert page.count(f'href="{reverse("petitions:agency_ranking")}"') == 2


def test_the_agency_page_shows_the_same_figures(client, figures):
    response = client.get(
        reverse("petitions:agency", args=["akimat-kz-75"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert "How this body answers petitions" in page
    assert "2 of 4 (50%)" in page
    assert "2 of 5 milestones done on time (40%)" in page
    figures_part = page.split("accountability-heading", 1)[1].split("Petitions to this body")[0]
    assert "<dd>5</dd>" in figures_part  # received
    assert "<dd>1</dd>" in figures_part  # overdue now, refused


def test_the_agency_page_of_a_body_without_petitions(client, figures):
    page = client.get(reverse("petitions:agency", args=["akimat-kz-71"])).content.decode()
    assert "No petition has reached this body yet." in page


def test_the_agency_page_when_nothing_is_due_yet(client, figures):
    page = client.get(reverse("petitions:agency", args=["maslikhat-kz-75"])).content.decode()
    assert "No answer is due yet." in page
    assert "No decision yet." in page
    assert "No milestone is due yet." in page


# Moderation's own deadline: 20 working days from submission.


def in_moderation_due(due: str, submitted: str) -> Petition:
    return PetitionFactory(
        title=f"Submitted on {submitted}",
        status=Status.MODERATION,
        submitted_at=at(d(submitted)),
        moderation_due=d(due),
    )


def test_the_moderation_queue_marks_overdue_and_counts_working_days(client, moderator, holidays):
    late = in_moderation_due("2030-05-08", submitted="2030-04-09")
    # Submitted first but due later (an administrator moved its deadline): due order wins.
    later = in_moderation_due("2030-05-13", submitted="2030-04-02")
    overdue = in_moderation_due("2030-04-29", submitted="2030-04-01")
    client.force_login(moderator)
    # Friday 3 May: 8 May is 2 working days away (Monday 6, and Wednesday 8; 7 May a holiday).
    with time_machine.travel(at(d("2030-05-03"), 12), tick=False):
        queue = selectors.moderation_queue()
        page = client.get(reverse("petitions:moderation_queue")).content.decode()
    # The one due first at the top.
    assert [p.pk for p in queue] == [overdue.pk, late.pk, later.pk]
    deadlines = {p.pk: p.moderation_deadline for p in queue}
    assert deadlines[late.pk].working_days_left == 2 and not deadlines[late.pk].overdue
    # 13 May: 6, 8, 10, 13 (7 and 9 May holidays).
    assert deadlines[later.pk].working_days_left == 4
    # Due Monday 29 April; 30 April and 2, 3 May passed (1 May a holiday): 3 working days late.
    assert deadlines[overdue.pk].overdue and deadlines[overdue.pk].working_days_late == 3
    assert page.count("Overdue</strong>") == 1
    assert "3 working days late" in page
    assert "2 working days left" in page and "4 working days left" in page
    assert page.index(overdue.title) < page.index(late.title) < page.index(later.title)


def test_overdue_starts_the_day_after_the_deadline(client, moderator):
    petition = in_moderation_due("2030-05-08", submitted="2030-04-09")
    client.force_login(moderator)
    url = reverse("petitions:moderation_detail", args=[petition.uid])
    with time_machine.travel(at(d("2030-05-08"), 18), tick=False):
        page = client.get(url).content.decode()
        assert "Overdue" not in page and "No working days left" in page
    with time_machine.travel(at(d("2030-05-09"), 9), tick=False):
        page = client.get(url).content.decode()
        assert "Overdue</strong>" in page and "1 working day late" in page


def test_the_moderation_detail_page_shows_working_days_left(client, moderator, in_moderation):
    client.force_login(moderator)
    page = client.get(reverse("petitions:moderation_detail", args=[in_moderation.uid]))
    # petition_submit gave it 20 working days from today.
    assert "20 working days left" in page.content.decode()


def test_the_moderation_deadline_is_gone_once_moderated(client, moderator, open_petition):
    assert selectors.moderation_deadline(open_petition) is None
    client.force_login(moderator)
    page = client.get(reverse("petitions:moderation_detail", args=[open_petition.uid]))
    assert "working days left" not in page.content.decode()


def test_the_moderation_queue_is_for_moderators_only(client, citizen, in_moderation):
    client.force_login(citizen)
    assert client.get(reverse("petitions:moderation_queue")).status_code == 403


def test_the_moderation_queue_sends_a_signed_out_visitor_to_sign_in(client):
    queue = reverse("petitions:moderation_queue")
    response = client.get(queue)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={queue}"


def test_prohibited_topics_are_shown_before_filing(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("petitions:new"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    topics = RejectionReason.objects.filter(is_prohibited_topic=True)
    assert topics.count() >= 11
    for topic in topics:
        assert topic.name_ru in page
    assert RejectionReason.objects.get(code="duplicate").name_ru not in page


def test_the_reject_form_offers_the_prohibited_topics_as_reasons():
    offered = set(RejectForm().fields["reason"].queryset)
    assert set(RejectionReason.objects.filter(is_prohibited_topic=True)) <= offered
