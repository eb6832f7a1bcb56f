"""The petition page's signatures by region: chart and table from the public log, small
counts never shown exactly, served from the page's cache."""

import re

import pytest
from django.core.cache import cache

from petitions import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Astana and Almaty are shown exactly; Akmola's 3 signers are "fewer than 10".
SIGNERS = {"KZ-71": 20, "KZ-75": 12, "KZ-11": 3}


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


@pytest.fixture
def logged_petition(national_petition):
    for region, count in SIGNERS.items():
        for _ in range(count):
            citizen = UserFactory(region_code=region)
            services.signature_create(petition=national_petition, citizen=citizen)
    services.log_append(national_petition)
    return national_petition


def regions_section(client, petition, **headers) -> str:
    page = client.get(petition.get_absolute_url(), **headers).content.decode()
    found = re.search(r'<section class="regions".*?</section>', page, re.DOTALL)
    return found.group(0) if found else ""


def table_rows(section: str) -> list[tuple[str, str]]:
    return re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', section)


def test_regions_with_ten_or_more_show_their_exact_count(client, logged_petition):
    section = regions_section(client, logged_petition)

    assert table_rows(section)[:2] == [("Astana", "20"), ("Almaty", "12")]
    svg = section[section.index("<svg") : section.index("</svg>\n    <div>")]
    assert "<title>Astana: 20 signatures</title>" in svg
    assert re.search(r'class="regions-bar"[^>]*>\s*<text[^>]*>20</text>', svg)
    assert re.search(r'class="regions-bar"[^>]*>\s*<text[^>]*>12</text>', svg)


def test_a_region_under_ten_is_fewer_than_10_and_its_count_appears_nowhere(client, logged_petition):
    section = regions_section(client, logged_petition)

    assert table_rows(section)[2] == ("Akmola Region", "fewer than 10")
    assert "<title>Akmola Region: fewer than 10 signatures</title>" in section
    assert not re.search(r"\b3\b", section)
    # A stub of fixed width, not a bar: only the two shown regions get one.
    assert section.count('class="regions-bar"') == 2
    assert section.count('class="regions-stub"') == 1


def test_bars_are_proportional_to_the_largest_shown_count(client, logged_petition):
    section = regions_section(client, logged_petition)

    widths = [float(w) for w in re.findall(r'class="regions-bar" width="([\d.]+)%"', section)]
    assert widths == [100.0, pytest.approx(100 * 12 / 20)]


def test_region_names_follow_the_visitors_language(client, logged_petition):
    section = regions_section(client, logged_petition, HTTP_ACCEPT_LANGUAGE="ru")

    assert [name for name, _count in table_rows(section)] == [
        "город Астана",
        "город Алматы",
        "Акмолинская область",
    ]
    assert "Akmola Region" not in section


def test_nothing_is_shown_without_counts(client, national_petition, settings):
    assert regions_section(client, national_petition) == ""
    # Signed, but not in the log yet.
    cache.clear()
    settings.SIGNATURE_LOG_LAG_SECONDS = 60
    services.signature_create(petition=national_petition, citizen=UserFactory())
    services.log_append(national_petition)
    page = client.get(national_petition.get_absolute_url()).content.decode()
    assert 'id="regions-heading"' not in page


def test_the_cached_page_needs_no_query_for_the_chart(
    client, logged_petition, django_assert_num_queries
):
    client.get(logged_petition.get_absolute_url())
    with django_assert_num_queries(0):
        section = regions_section(client, logged_petition)
    assert table_rows(section)[0] == ("Astana", "20")
