"""Signatures over time: hourly counts kept by the log job, recounted from the leaves by the
migration, drawn on the petition page and given as open data, small counts never exactly."""

import csv
import datetime
import importlib
import io
import re

import pytest
import time_machine
from django.apps import apps

from petitions import selectors, services
from petitions.models import LogHourCount, Signature
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
T0 = datetime.datetime(2026, 3, 2, 9, 10, tzinfo=UTC)  # a Monday
H0 = datetime.datetime(2026, 3, 2, 10, tzinfo=UTC)
H1 = H0 + datetime.timedelta(hours=1)
H3 = H0 + datetime.timedelta(hours=3)
LATER = H0 + datetime.timedelta(hours=5, minutes=30)
# H0 and H3 shown exactly; H1's 3 signers are "fewer than 10"; H2 and H4 have none.
SIGNED = {H0: 12, H1: 3, H3: 10}


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


@pytest.fixture
def petition(author, almaty_akimat, moderator):
    with time_machine.travel(T0, tick=False):
        draft = services.petition_create(
            author=author,
            agency=almaty_akimat,
            title="Shade at bus stops",
            problem="People wait in the sun.",
            request="Install shades.",
            language="en",
        )
        services.petition_submit(petition=draft, author=author)
        return services.petition_publish(petition=draft, moderator=moderator)


def sign_at(petition, hour: datetime.datetime, count: int) -> None:
    for minute in range(count):
        with time_machine.travel(hour + datetime.timedelta(minutes=minute), tick=False):
            services.signature_create(petition=petition, citizen=UserFactory(region_code="KZ-75"))


def append(petition) -> None:
    with time_machine.travel(LATER, tick=False):
        services.log_append(petition)


def hour_counts(petition) -> dict:
    rows = LogHourCount.objects.filter(petition=petition).values_list("hour", "signatures")
    return {hour.astimezone(UTC): n for hour, n in rows}


@pytest.fixture
def signed(petition):
    for hour, count in SIGNED.items():
        sign_at(petition, hour, count)
    return petition


def test_the_log_job_counts_each_hours_signatures(signed):
    append(signed)

    assert hour_counts(signed) == SIGNED


def test_a_later_batch_adds_to_an_hour_already_counted(signed):
    append(signed)
    sign_at(signed, H3 + datetime.timedelta(minutes=30), 2)
    append(signed)

    assert hour_counts(signed) == {H0: 12, H1: 3, H3: 12}
    assert LogHourCount.objects.filter(petition=signed).count() == 3


def test_a_revocation_counts_against_the_hour_of_the_signature_it_revokes(signed, moderator):
    append(signed)
    signature = Signature.objects.filter(petition=signed).order_by("created_at").first()

    with time_machine.travel(LATER + datetime.timedelta(hours=1), tick=False):
        services.signature_invalidate(signature=signature, moderator=moderator, reason="Forged")

    assert hour_counts(signed) == {H0: 11, H1: 3, H3: 10}


def test_a_signature_invalidated_before_the_job_reaches_it_is_not_counted(signed, moderator):
    signature = Signature.objects.filter(petition=signed).order_by("created_at").first()
    services.signature_invalidate(signature=signature, moderator=moderator, reason="Forged")

    append(signed)

    assert hour_counts(signed) == {H0: 11, H1: 3, H3: 10}


def test_the_migration_recounts_the_hours_from_the_public_leaves(signed, moderator):
    append(signed)
    signature = Signature.objects.filter(petition=signed).order_by("created_at").first()
    services.signature_invalidate(signature=signature, moderator=moderator, reason="Forged")
    kept = hour_counts(signed)
    LogHourCount.objects.all().delete()

    migration = importlib.import_module("petitions.migrations.0016_hourly_counts_follow_emails")
    migration.recount_hours_from_leaves(apps, None)

    assert hour_counts(signed) == kept == {H0: 11, H1: 3, H3: 10}


def hourly_section(client, petition) -> str:
    with time_machine.travel(LATER, tick=False):
        page = client.get(petition.get_absolute_url()).content.decode()
    found = re.search(r'<section class="hourly".*?</section>', page, re.DOTALL)
    return found.group(0) if found else ""


def table_rows(section: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<th scope="row"><time datetime="([^"]+)">.*?</time></th>'
        r'<td class="num">(.*?)</td>',
        section,
    )


def test_the_page_shows_an_accessible_chart_and_table_of_signatures_per_hour(client, signed):
    append(signed)

    section = hourly_section(client, signed)

    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="hourly-title">Signatures per hour</title>' in svg
    # The portal's time zone is Asia/Almaty (UTC+5): H0 is 15:00 there.
    assert re.search(
        r"<desc[^>]*>The busiest hour began at [^<]*3 p\.m\.[^<]*, with 12 signatures", svg
    )
    assert svg.count('class="hourly-bar"') == 2
    assert svg.count('class="hourly-stub"') == 1
    # From publication (09:00 UTC) to now (15:00 UTC): seven hours, zeros included.
    assert [count for _hour, count in table_rows(section)] == [
        "0",
        "12",
        "fewer than 10",
        "0",
        "10",
        "0",
        "0",
    ]


def test_an_hour_under_ten_is_fewer_than_10_and_its_count_appears_nowhere(client, signed):
    append(signed)

    section = hourly_section(client, signed)

    assert ": fewer than 10 signatures</title>" in section
    assert not re.search(r"[:>] ?3 signature", section)
    assert not re.search(r'<td class="num">3</td>', section)


def test_no_chart_before_the_log_has_a_signature(client, petition):
    assert hourly_section(client, petition) == ""


def test_the_chart_covers_the_last_72_hours_of_collection(petition):
    late = H0 + datetime.timedelta(hours=100)
    sign_at(petition, H0, 10)
    sign_at(petition, late, 10)
    with time_machine.travel(late + datetime.timedelta(minutes=30), tick=False):
        services.log_append(petition)
        hours = selectors.log_hourly_counts(petition)["hours"]

    assert len(hours) == 72
    assert hours[0]["hour"] == late - datetime.timedelta(hours=71)
    assert hours[-1] == {"hour": late, "signatures": 10}
    assert sum(row["signatures"] for row in hours) == 10  # H0 is outside the window


def test_hourly_open_data_as_json_and_csv_hide_small_counts_too(client, signed):
    append(signed)

    with time_machine.travel(LATER, tick=False):
        data = client.get(f"/p/{signed.uid}/hourly.json").json()
        response = client.get(f"/p/{signed.uid}/hourly.csv")

    assert data["log_size"] == 25
    assert data["hours"][1:5] == [
        {"hour": "2026-03-02T10:00:00Z", "signatures": 12},
        {"hour": "2026-03-02T11:00:00Z", "signatures": None},
        {"hour": "2026-03-02T12:00:00Z", "signatures": 0},
        {"hour": "2026-03-02T13:00:00Z", "signatures": 10},
    ]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["hour_utc", "signatures"]
    assert rows[2:4] == [["2026-03-02T10:00:00Z", "12"], ["2026-03-02T11:00:00Z", "<10"]]


def test_hourly_open_data_of_an_unpublished_petition_is_not_found(client, draft):
    assert client.get(f"/p/{draft.uid}/hourly.json").status_code == 404
    assert client.get(f"/p/{draft.uid}/hourly.csv").status_code == 404
