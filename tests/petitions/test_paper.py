"""Paper petitions and paper signature sheets, entered by staff; the page's count of paper
signatures; and that IINs go nowhere but the staff's own entry page."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.audit.models import AuditEntry
from accounts.eligibility import NotEligible, ensure_can_participate
from accounts.iin import make_iin
from accounts.models import User
from agencies.models import Agency
from conftest import set_count
from petitions import selectors, services
from petitions.errors import PetitionError, SigningClosed
from petitions.models import (
    Petition,
    PetitionEvent,
    Signature,
    SignatureCounterShard,
    Status,
    Topic,
)
from petitions.services.paper_sheets import MAX_SHEET_LINES, LineOutcome
from tests.factories import ModeratorFactory, UserFactory, adult_iin

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
# Inside the seeded calendar: twenty working days from Monday 6 September 2027 end on 4 October.
TODAY = datetime.date(2027, 9, 6)
MODERATION_DUE = datetime.date(2027, 10, 4)


@pytest.fixture(autouse=True)
def frozen():
    moment = datetime.datetime.combine(TODAY, datetime.time(10), tzinfo=ALMATY)
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def fresh_iin(born=datetime.date(1985, 3, 14), sex="female") -> str:
    return adult_iin(born, sex)


def minor_iin() -> str:
    return adult_iin(TODAY.replace(year=TODAY.year - 17), "male")


def bad_checksum(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def enter_petition(by, **overrides):
    fields = {
        "iin": fresh_iin(),
        "last_name": "Жұмабаева",
        "first_name": "Гүлнар",
        "patronymic": "Серікқызы",
        "region_code": "KZ-75",
        "email": "gulnar@example.kz",
        "agency": Agency.objects.get(code="akimat-kz-75"),
        "title": "A pedestrian crossing by school 12",
        "problem": "Children cross a wide road.",
        "request": "Build a crossing with lights.",
        "language": "kk",
    }
    return services.paper_petition_enter(by=by, **{**fields, **overrides})


def enter_sheet(petition, by, lines, *, attested=True):
    return services.paper_sheet_enter(
        petition=petition, by=by, text="\n".join(lines), region_attested=attested
    )


def line(iin, surname="Ахметов", name="Ержан"):
    return f"{iin}; {surname}; {name}"


def paper_count(petition) -> int:
    return selectors.signature_paper_count(petition)


# --- paper petitions ---------------------------------------------------------------------------


def test_a_paper_petition_goes_straight_to_moderation(moderator):
    iin = fresh_iin()
    petition = enter_petition(moderator, iin=iin)
    assert petition.status == Status.MODERATION
    assert petition.on_paper and petition.entered_by == moderator
    assert petition.moderation_due == MODERATION_DUE
    assert petition.submitted_at is not None
    assert list(petition.events.values_list("kind", flat=True)) == [
        PetitionEvent.Kind.CREATED,
        PetitionEvent.Kind.SUBMITTED,
    ]
    for event in petition.events.all():
        assert event.actor == moderator
        assert event.audit_entry.role == "moderator"
    assert petition in selectors.moderation_queue()


def test_the_author_is_created_unverified_from_the_iin(moderator):
    iin = fresh_iin()
    petition = enter_petition(moderator, iin=iin)
    author = User.objects.get(iin=iin)
    assert petition.author == author
    assert (author.last_name, author.first_name, author.patronymic) == (
        "Жұмабаева",
        "Гүлнар",
        "Серікқызы",
    )
    assert (author.region_code, author.email) == ("KZ-75", "gulnar@example.kz")
    assert author.identity_verified_at is None
    assert not author.has_usable_password()
    # eGov did not vouch for them: they cannot file or sign online with this account.
    with pytest.raises(NotEligible):
        ensure_can_participate(author)


def test_the_author_is_linked_by_iin_when_they_have_an_account(moderator):
    existing = UserFactory(region_code="KZ-75", last_name="Бекова", email="")
    petition = enter_petition(moderator, iin=existing.iin, last_name="Other", email="b@example.kz")
    assert petition.author == existing
    existing.refresh_from_db()
    assert existing.last_name == "Бекова"  # eGov's record is not overwritten
    assert existing.identity_verified_at is not None
    assert existing.email == "b@example.kz"  # an address where there was none
    assert User.objects.filter(iin=existing.iin).count() == 1


def test_an_author_under_18_by_the_iin_is_refused(moderator):
    iin = minor_iin()
    with pytest.raises(PetitionError, match="under 18"):
        enter_petition(moderator, iin=iin)
    assert not User.objects.filter(iin=iin).exists()
    assert not Petition.internal.filter(on_paper=True).exists()


def test_an_invalid_iin_is_refused(moderator):
    with pytest.raises(PetitionError, match="check digit"):
        enter_petition(moderator, iin=bad_checksum(fresh_iin()))
    assert not Petition.internal.exists()


def test_an_inactive_agency_is_refused(moderator):
    agency = Agency.objects.get(code="akimat-kz-71")
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    agency.refresh_from_db()
    with pytest.raises(PetitionError):
        enter_petition(moderator, agency=agency)


@pytest.mark.parametrize("who", ["citizen", "reviewer", "head"])
def test_only_moderators_enter_paper_petitions(who, request):
    with pytest.raises(PermissionDenied):
        enter_petition(request.getfixturevalue(who))
    assert not Petition.internal.exists()


def test_the_new_authors_account_is_audited_without_the_iin(moderator):
    iin = fresh_iin()
    petition = enter_petition(moderator, iin=iin)
    entries = AuditEntry.objects.all()
    assert entries.filter(action="account.created", public=False).count() == 1
    assert iin not in json.dumps([[e.changes, e.note, e.target] for e in entries])
    assert iin not in json.dumps(list(petition.events.values_list("note", flat=True)))


# --- paper signature sheets --------------------------------------------------------------------


def test_a_sheet_adds_signatures_on_paper(open_petition, moderator):
    iins = [fresh_iin() for _ in range(3)]
    report = enter_sheet(open_petition, moderator, [line(iin) for iin in iins])
    assert report.added == 3
    assert [entry.outcome for entry in report.lines] == [LineOutcome.ADDED] * 3
    signatures = Signature.objects.filter(petition=open_petition)
    assert signatures.count() == 3 and all(s.on_paper for s in signatures)
    assert {s.region_code for s in signatures} == {"KZ-75"}
    assert selectors.signature_count(open_petition) == 3
    assert paper_count(open_petition) == 3
    for iin in iins:
        signer = User.objects.get(iin=iin)
        assert signer.identity_verified_at is None and not signer.has_usable_password()
        assert (signer.last_name, signer.first_name, signer.region_code) == (
            "Ахметов",
            "Ержан",
            "KZ-75",
        )


def test_a_citizen_who_signed_online_is_counted_once(open_petition, moderator, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    report = enter_sheet(open_petition, moderator, [line(citizen.iin), line(fresh_iin())])
    first, second = report.lines
    assert first.outcome == LineOutcome.ALREADY_SIGNED and "online" in first.message
    assert second.outcome == LineOutcome.ADDED
    assert Signature.objects.filter(petition=open_petition, citizen=citizen).count() == 1
    assert not Signature.objects.get(petition=open_petition, citizen=citizen).on_paper
    assert selectors.signature_count(open_petition) == 2
    assert paper_count(open_petition) == 1


def test_a_paper_signer_cannot_sign_again_online(open_petition, moderator, citizen):
    enter_sheet(open_petition, moderator, [line(citizen.iin)])
    with pytest.raises(PetitionError):
        services.signature_create(petition=open_petition, citizen=citizen)
    assert selectors.signature_count(open_petition) == 1


def test_the_same_sheet_entered_twice_counts_once(open_petition, moderator):
    lines = [line(fresh_iin()), line(fresh_iin())]
    enter_sheet(open_petition, moderator, lines)
    again = enter_sheet(open_petition, moderator, lines)
    assert again.added == 0
    assert {entry.outcome for entry in again.lines} == {LineOutcome.ALREADY_SIGNED}
    assert "paper" in again.lines[0].message
    assert selectors.signature_count(open_petition) == 2 and paper_count(open_petition) == 2
    # A sheet that added nothing adds no step to the timeline.
    assert open_petition.events.filter(kind=PetitionEvent.Kind.PAPER).count() == 1


def test_a_person_twice_on_one_sheet_counts_once(open_petition, moderator):
    iin = fresh_iin()
    report = enter_sheet(open_petition, moderator, [line(iin), line(fresh_iin()), line(iin)])
    assert [entry.outcome for entry in report.lines] == [
        LineOutcome.ADDED,
        LineOutcome.ADDED,
        LineOutcome.DUPLICATE,
    ]
    assert "line 1" in report.lines[2].message
    assert selectors.signature_count(open_petition) == 2


def test_bad_lines_are_reported_with_their_line_numbers_and_kept(open_petition, moderator):
    minor = minor_iin()
    lines = [
        line(fresh_iin()),
        "",  # blank lines are skipped but still numbered
        line(bad_checksum(fresh_iin())),
        "12345; Short; Iin",
        f"{fresh_iin()} Missing separators",
        line(minor),
        f"{fresh_iin()}\tТабуляция\tАрқылы",  # columns pasted from a spreadsheet
    ]
    report = enter_sheet(open_petition, moderator, lines)
    outcomes = {entry.number: (entry.outcome, entry.text) for entry in report.lines}
    assert outcomes[1][0] == LineOutcome.ADDED
    assert 2 not in outcomes
    assert outcomes[3] == (LineOutcome.INVALID, lines[2])
    assert outcomes[4] == (LineOutcome.INVALID, lines[3])
    assert outcomes[5] == (LineOutcome.INVALID, lines[4])
    assert outcomes[6] == (LineOutcome.UNDER_AGE, lines[5])
    assert outcomes[7][0] == LineOutcome.ADDED
    assert "check digit" in next(e.message for e in report.lines if e.number == 3)
    assert [entry.number for entry in report.problems] == [3, 4, 5, 6]
    assert report.added == 2 and selectors.signature_count(open_petition) == 2
    # Nobody is created for a line that was not added.
    assert not User.objects.filter(iin=minor).exists()
    assert User.objects.filter(identity_verified_at__isnull=True).count() == 2


def test_a_local_petition_needs_the_region_attested(open_petition, moderator):
    with pytest.raises(PetitionError, match="live in the region"):
        enter_sheet(open_petition, moderator, [line(fresh_iin())], attested=False)
    assert selectors.signature_count(open_petition) == 0


def test_a_resident_of_another_region_is_not_counted_for_a_local_body(open_petition, moderator):
    elsewhere = UserFactory(region_code="KZ-35")
    report = enter_sheet(open_petition, moderator, [line(elsewhere.iin)])
    assert report.lines[0].outcome == LineOutcome.NOT_ELIGIBLE
    assert "another region" in report.lines[0].message
    assert selectors.signature_count(open_petition) == 0


def test_a_non_citizen_is_not_counted(open_petition, moderator):
    foreigner = UserFactory(region_code="KZ-75", is_citizen=False)
    report = enter_sheet(open_petition, moderator, [line(foreigner.iin)])
    assert report.lines[0].outcome == LineOutcome.NOT_ELIGIBLE
    assert selectors.signature_count(open_petition) == 0


def test_a_republic_level_petition_needs_no_region(moderator, author, government):
    petition = services.petition_create(
        author=author, agency=government, title="T", problem="P", request="R", language="en"
    )
    petition = services.petition_submit(petition=petition, author=author)
    petition = services.petition_publish(petition=petition, moderator=moderator)
    elsewhere = UserFactory(region_code="KZ-35")
    iin = fresh_iin()
    report = enter_sheet(petition, moderator, [line(elsewhere.iin), line(iin)], attested=False)
    assert report.added == 2
    regions = dict(
        Signature.objects.filter(petition=petition).values_list("citizen", "region_code")
    )
    assert regions == {elsewhere.pk: "KZ-35", User.objects.get(iin=iin).pk: ""}


@pytest.mark.parametrize("who", ["citizen", "reviewer", "author"])
def test_only_moderators_enter_sheets(open_petition, who, request):
    with pytest.raises(PermissionDenied):
        enter_sheet(open_petition, request.getfixturevalue(who), [line(fresh_iin())])
    assert selectors.signature_count(open_petition) == 0


@pytest.mark.parametrize("stage", ["in_moderation", "sent_petition"])
def test_only_while_collecting(stage, moderator, request):
    petition = request.getfixturevalue(stage)
    with pytest.raises(SigningClosed):
        enter_sheet(petition, moderator, [line(fresh_iin())])


def test_at_most_a_thousand_lines(open_petition, moderator):
    serials = range(5000, 5000 + MAX_SHEET_LINES + 1)
    lines = [line(make_iin(datetime.date(1980, 1, 1), "male", serial=n)) for n in serials]
    with pytest.raises(PetitionError, match="at most 1000"):
        enter_sheet(open_petition, moderator, lines)
    assert selectors.signature_count(open_petition) == 0


def test_one_timeline_step_per_sheet_without_names_or_iins(open_petition, moderator):
    iins = [fresh_iin(), fresh_iin()]
    enter_sheet(open_petition, moderator, [line(iin, "Ысқақов", "Талғат") for iin in iins])
    (event,) = open_petition.events.filter(kind=PetitionEvent.Kind.PAPER)
    assert event.note == "2 signatures entered from a paper sheet"
    assert event.actor == moderator and event.audit_entry.role == "moderator"
    assert event.audit_entry.public
    everything = json.dumps(
        [[e.changes, e.note, e.target] for e in AuditEntry.objects.all()]
        + list(PetitionEvent.objects.values_list("note", flat=True)),
        ensure_ascii=False,
    )
    for secret in [*iins, "Ысқақов", "Талғат"]:
        assert secret not in everything


def test_a_single_signature_note_is_singular(open_petition, moderator):
    enter_sheet(open_petition, moderator, [line(fresh_iin())])
    event = open_petition.events.get(kind=PetitionEvent.Kind.PAPER)
    assert event.note == "1 signature entered from a paper sheet"


def test_paper_signatures_can_send_the_petition(open_petition, moderator):
    set_count(open_petition, open_petition.signature_threshold - 1)
    enter_sheet(open_petition, moderator, [line(fresh_iin())])
    petition = services.petition_send_to_agency(petition=open_petition)
    assert petition.status == Status.SENT


def test_the_nightly_recount_keeps_the_paper_count(open_petition, moderator, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    enter_sheet(open_petition, moderator, [line(fresh_iin()), line(fresh_iin())])
    SignatureCounterShard.objects.filter(petition=open_petition).update(paper_count=0)
    services.signature_count_repair(petition=open_petition)
    assert paper_count(open_petition) == 2
    assert selectors.signature_count(open_petition) == 3


# --- the petition page's count -----------------------------------------------------------------


def test_the_page_says_how_many_came_on_paper(client, open_petition, moderator, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    iins = [fresh_iin(), fresh_iin()]
    enter_sheet(open_petition, moderator, [line(iin) for iin in iins])
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "Of these, 2 signatures were collected on paper." in page
    for iin in iins:
        assert iin not in page


def test_one_paper_signature_reads_in_the_singular(client, open_petition, moderator):
    enter_sheet(open_petition, moderator, [line(fresh_iin())])
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "Of these, 1 signature was collected on paper." in page


def test_nothing_about_paper_without_paper_signatures(client, open_petition, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "on paper" not in page


def test_the_paper_count_is_a_sum_over_the_counter(open_petition):
    SignatureCounterShard.objects.filter(petition=open_petition, shard=3).update(paper_count=4)
    SignatureCounterShard.objects.filter(petition=open_petition, shard=9).update(paper_count=5)
    assert paper_count(open_petition) == 9


# --- the staff's pages -------------------------------------------------------------------------


NEW = reverse("petitions:paper_new")


def sheet_url(petition):
    return reverse("petitions:paper_sheet", args=[petition.uid])


def petition_form(**overrides):
    fields = {
        "iin": fresh_iin(),
        "last_name": "Жұмабаева",
        "first_name": "Гүлнар",
        "patronymic": "",
        "region_code": "KZ-75",
        "email": "",
        "agency": Agency.objects.get(code="akimat-kz-75").pk,
        "title": "A pedestrian crossing",
        "problem": "Children cross a wide road.",
        "request": "Build a crossing.",
        "language": "kk",
        "topic": Topic.objects.get(slug="transport-roads").pk,
    }
    return {**fields, **overrides}


def test_the_queue_links_to_paper_entry(client, moderator):
    client.force_login(moderator)
    assert NEW in client.get(reverse("petitions:moderation_queue")).content.decode()


def test_the_paper_petition_page_shows_the_form(client, moderator):
    client.force_login(moderator)
    response = client.get(NEW)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("iin", "last_name", "first_name", "region_code", "agency", "title"):
        assert f'name="{name}"' in page
    assert not Petition.internal.exists()


@pytest.mark.parametrize("who", ["citizen", "reviewer"])
def test_the_paper_pages_are_refused_to_others(client, open_petition, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, petition_form()).status_code == 403
    assert client.get(sheet_url(open_petition)).status_code == 403
    response = client.post(sheet_url(open_petition), {"lines": line(fresh_iin())})
    assert response.status_code == 403
    assert selectors.signature_count(open_petition) == 0
    assert not Petition.internal.filter(on_paper=True).exists()


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_paper_petition_entered_through_the_page(client, moderator):
    client.force_login(moderator)
    response = client.post(NEW, petition_form(iin="  " + fresh_iin()))
    petition = Petition.internal.get(on_paper=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:moderation_detail", args=[petition.uid])
    assert petition.status == Status.MODERATION
    detail = client.get(response["Location"]).content.decode()
    assert "On paper; entered by the portal" in detail


def test_the_page_says_clearly_why_an_author_is_refused(client, moderator):
    client.force_login(moderator)
    response = client.post(NEW, petition_form(iin=minor_iin()))
    assert response.status_code == 200
    assert "under 18" in response.content.decode()
    response = client.post(NEW, petition_form(iin="123"))
    assert "An IIN is exactly 12 digits." in response.content.decode()
    assert not Petition.internal.exists()


def test_the_moderation_page_links_to_the_sheet_of_an_open_petition(
    client, open_petition, moderator
):
    client.force_login(moderator)
    detail = reverse("petitions:moderation_detail", args=[open_petition.uid])
    assert sheet_url(open_petition) in client.get(detail).content.decode()


def test_the_sheet_page_shows_the_form_and_changes_nothing(client, open_petition, moderator):
    client.force_login(moderator)
    response = client.get(sheet_url(open_petition))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="lines"' in page and 'name="region_attested"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert not open_petition.events.filter(kind=PetitionEvent.Kind.PAPER).exists()


def test_the_sheet_page_reports_each_line_and_keeps_the_text(client, open_petition, moderator):
    client.force_login(moderator)
    bad = bad_checksum(fresh_iin())
    text = "\n".join([line(fresh_iin()), line(bad), line(minor_iin())])
    response = client.post(sheet_url(open_petition), {"lines": text, "region_attested": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 signature added." in page
    assert "2 lines added nothing; see below." in page
    assert f"<td>2</td><td><code>{bad}; Ахметов; Ержан</code></td>" in page
    assert "<td>3</td>" in page and "Under 18" in page
    # In the report, and in the sheet kept in the form to be corrected.
    assert page.count(f"{bad}; Ахметов; Ержан") == 2
    assert selectors.signature_count(open_petition) == 1


def test_a_clean_sheet_empties_the_form_for_the_next(client, open_petition, moderator):
    client.force_login(moderator)
    iin = fresh_iin()
    response = client.post(sheet_url(open_petition), {"lines": line(iin), "region_attested": "on"})
    page = response.content.decode()
    assert "1 signature added." in page
    assert iin not in page


def test_the_sheet_page_asks_for_the_attestation(client, open_petition, moderator):
    client.force_login(moderator)
    response = client.post(sheet_url(open_petition), {"lines": line(fresh_iin())})
    assert response.status_code == 200
    assert "Confirm that the signers live in the region" in response.content.decode()
    assert selectors.signature_count(open_petition) == 0


def test_the_sheet_page_refuses_too_many_lines(client, open_petition, moderator):
    client.force_login(moderator)
    text = "\n".join(f"{n}; A; B" for n in range(MAX_SHEET_LINES + 1))
    response = client.post(sheet_url(open_petition), {"lines": text, "region_attested": "on"})
    assert "This sheet has 1001 lines" in response.content.decode()
    assert selectors.signature_count(open_petition) == 0


def test_no_sheet_once_collecting_stopped(client, sent_petition, moderator):
    client.force_login(moderator)
    response = client.post(
        sheet_url(sent_petition), {"lines": line(fresh_iin()), "region_attested": "on"}
    )
    assert "not collecting signatures" in response.content.decode()
    assert 'name="lines"' not in response.content.decode()
    assert not Signature.objects.filter(petition=sent_petition, on_paper=True).exists()


def test_not_for_an_unpublished_petition(client, in_moderation, moderator):
    client.force_login(moderator)
    assert client.get(sheet_url(in_moderation)).status_code == 404


def test_moderators_group_is_what_grants_paper_entry(db):
    staff = ModeratorFactory()
    assert staff.has_perm("petitions.enter_paper")
    assert not UserFactory().has_perm("petitions.enter_paper")
