"""Search of the public list: full text in Russian and Kazakh, each filter and order, bad input."""

import datetime
import html

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Agency, Level, Region
from conftest import set_count
from petitions import selectors
from petitions.models import Petition, Status, Topic
from petitions.selectors.search import _text_search
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def listed(title: str, *, days_ago: int = 10, status: str = Status.OPEN, **fields) -> Petition:
    """A publicly listed petition, published `days_ago` days ago and closing 180 days later."""
    published = NOW - datetime.timedelta(days=days_ago)
    extra = {}
    if status not in (Status.OPEN, Status.EXPIRED):
        extra = {"sent_at": published, "response_due": published.date()}
    return PetitionFactory(
        title=title,
        status=status,
        published_at=published,
        listed_at=published,
        signature_threshold=1000,
        early_support_signatures=50,
        support_due=published.date(),
        closes_at=published + datetime.timedelta(days=180),
        **extra,
        **fields,
    )


def titles(**filters) -> list[str]:
    return [petition.title for petition in selectors.petition_search(**filters)]


def test_russian_word_forms_match():
    school = listed("Построить новую школу в микрорайоне", problem="Школа переполнена.")
    listed("Отремонтировать дорогу", problem="Ямы на дороге.")
    assert titles(query="школы") == [school.title]
    assert titles(query="школами") == [school.title]


def test_kazakh_words_match_as_written():
    school = listed("Ауылда жаңа мектеп салу", problem="Балалар көрші ауылға барады.")
    listed("Жолды жөндеу", problem="Жолда шұңқыр көп.")
    assert titles(query="мектеп") == [school.title]
    assert titles(query="балалар") == [school.title]


def test_a_kazakh_word_that_is_a_russian_stop_word_is_still_found():
    # "он" is "ten" in Kazakh and a stop word in Russian: only the 'simple' vector finds it.
    ten = listed("Он жаңа автобус сатып алу", problem="Автобустар ескі.")
    listed("Жаңа саябақ салу", problem="Саябақ жоқ.")
    assert titles(query="он") == [ten.title]


def test_websearch_syntax_excludes_a_word():
    listed("Школа в селе Косшы", problem="Нужна школа.")
    clinic = listed("Поликлиника в селе Косшы", problem="Нужна поликлиника.")
    assert titles(query="Косшы -школа") == [clinic.title]


def test_unlisted_and_unpublished_petitions_are_not_found(draft, open_petition):
    assert titles(query="shade") == []


def test_more_relevant_first():
    listed("Парк в городе", problem="Нужна школа рядом с парком.", days_ago=1)
    school = listed("Новая школа", problem="Школа нужна, школа переполнена.", days_ago=30)
    assert titles(query="школа")[0] == school.title


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["open"]),
        ("sent", ["sent"]),
        ("decided", ["refused", "accepted"]),
        ("expired", ["expired"]),
        ("accepted", ["accepted"]),
        ("", ["open", "sent", "refused", "accepted", "expired"]),
    ],
)
def test_status_filter(status, expected):
    for days_ago, state in enumerate(
        [Status.OPEN, Status.SENT, Status.REFUSED, Status.ACCEPTED, Status.EXPIRED]
    ):
        listed(str(state), status=state, days_ago=days_ago)
    assert titles(status=status) == expected


def test_level_region_agency_and_topic_filters():
    almaty = Agency.objects.get(code="akimat-kz-75")
    government = Agency.objects.get(code="government")
    other_region = Agency.objects.filter(level=Level.REGION).exclude(region_id="KZ-75").first()
    health = Topic.objects.get(slug="health")
    listed("Almaty", agency=almaty, topic=health)
    listed("Government", agency=government)
    listed("Elsewhere", agency=other_region)
    assert titles(level=Level.REPUBLIC) == ["Government"]
    assert sorted(titles(level=Level.REGION)) == ["Almaty", "Elsewhere"]
    assert titles(region=Region.objects.get(iso_code="KZ-75")) == ["Almaty"]
    assert titles(agency=government) == ["Government"]
    assert titles(topic=health) == ["Almaty"]


def test_sort_most_signed_uses_the_counter():
    few, many = listed("Few", days_ago=1), listed("Many", days_ago=5)
    set_count(few, 60)
    set_count(many, 900)
    assert titles(sort="signatures") == ["Many", "Few"]


def test_sort_newest():
    listed("Old", days_ago=20)
    listed("New", days_ago=2)
    assert titles(sort="newest") == ["New", "Old"]


def test_sort_closing_soon_puts_open_ones_first_soonest_first():
    listed("Closes later", days_ago=5)
    listed("Closes sooner", days_ago=100)
    listed("Expired", days_ago=170, status=Status.EXPIRED)
    assert titles(sort="closing") == ["Closes sooner", "Closes later", "Expired"]


def test_list_page_filters_from_the_address_and_keeps_them(client):
    health = Topic.objects.get(slug="health")
    listed("Бесплатные прививки", topic=health)
    listed("Бесплатные парковки")
    response = client.get(reverse("petitions:list"), {"q": "бесплатные", "topic": "health"})
    page = response.content.decode()
    assert "Бесплатные прививки" in page and "Бесплатные парковки" not in page
    assert "1 petition found" in page
    assert 'value="бесплатные"' in page
    assert '<option value="health" selected>' in page


def test_list_page_empty_state(client):
    listed("Бесплатные прививки")
    page = client.get(reverse("petitions:list"), {"q": "метро"}).content.decode()
    assert "0 petitions found" in page
    assert "No petition matches your search." in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "KZ-99"}, "There is no such region. Choose one from the list."),
        ({"agency": "no-such-body"}, "There is no such state body. Choose one from the list."),
        ({"topic": "astrology"}, "There is no such topic. Choose one from the list."),
        ({"status": "draft"}, "Choose a status from the list."),
        ({"sort": "random"}, "Choose an order from the list."),
        ({"q": "x" * 101}, "Ensure this value has at most 100 characters"),
    ],
)
def test_bad_input_shows_a_message_not_an_error(client, params, message):
    listed("Бесплатные прививки")
    response = client.get(reverse("petitions:list"), {**params, "page": "many"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert message in page


def test_bad_input_message_is_in_the_readers_language(client):
    response = client.get(reverse("petitions:list"), {"region": "KZ-99"}, HTTP_ACCEPT_LANGUAGE="ru")
    with translation.override("ru"):
        expected = translation.gettext("There is no such region. Choose one from the list.")
        label = translation.gettext("Region")
    assert response.status_code == 200
    assert f"{label}: {expected}" in html.unescape(response.content.decode())


def test_list_page_query_count_is_constant(client, django_assert_max_num_queries):
    topic = Topic.objects.get(slug="health")
    for index in range(6):
        set_count(listed(f"Школа {index}", topic=topic), 60 + index)
    params = {"q": "школа", "topic": "health", "region": "KZ-75", "sort": "signatures"}
    with django_assert_max_num_queries(4):
        response = client.get(reverse("petitions:list"), params)
    assert response.content.decode().count('class="card"') == 6


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # Only bitmap scans stay cheap: the plan must find an index whose expression matches.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    return queryset.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes: PostgreSQL")
def test_full_text_search_uses_both_indexes():
    listed("Школа", problem="Школа.")
    plan = _plan(_text_search(Petition.internal.all(), "школа"))
    assert "petition_search_russian" in plan
    assert "petition_search_simple" in plan


def test_open_data_api_filters_by_topic(client):
    listed("Прививки", topic=Topic.objects.get(slug="health"))
    listed("Парковки")
    answer = client.get("/api/v1/petitions", {"topic": "health"}).json()
    assert [petition["title"] for petition in answer["items"]] == ["Прививки"]
