"""Similar petitions while filing: a topic is required, and the draft page suggests look-alikes."""

import pytest
from django.db import connection
from django.urls import reverse

from petitions import selectors
from petitions.models import Petition, Topic
from petitions.selectors import search
from tests.petitions.test_search import listed

pytestmark = pytest.mark.django_db

SIMILAR_HEADING = "Similar petitions already exist"


def file_petition(client, author, agency, title: str, *, topic: str = "education"):
    client.force_login(author)
    data = {
        "agency": agency.pk,
        "title": title,
        "problem": "Children travel far to school.",
        "request": "Build a school.",
        "language": "en",
        "topic": Topic.objects.get(slug=topic).pk if topic else "",
    }
    return client.post(reverse("petitions:new"), data)


def test_filing_asks_for_a_topic(client, author, almaty_akimat):
    response = file_petition(client, author, almaty_akimat, "A school in Kosshy", topic="")
    assert response.status_code == 200
    assert "Choose the topic of your petition." in response.content.decode()
    assert not Petition.internal.filter(author=author).exists()


def test_filed_petition_keeps_its_topic(client, author, almaty_akimat):
    file_petition(client, author, almaty_akimat, "A school in Kosshy", topic="education")
    assert Petition.internal.get(author=author).topic.slug == "education"


def test_draft_page_suggests_similar_listed_petitions(client, author, almaty_akimat):
    existing = listed("Build a new school in Kosshy village")
    response = file_petition(client, author, almaty_akimat, "Build a school in Kosshy")
    page = client.get(response.url).content.decode()
    assert SIMILAR_HEADING in page
    assert f'href="{existing.get_absolute_url()}"' in page


def test_draft_page_does_not_suggest_dissimilar_petitions(client, author, almaty_akimat):
    listed("Shade at the bus stops of Almaty")
    response = file_petition(client, author, almaty_akimat, "Free vaccination in villages")
    assert SIMILAR_HEADING not in client.get(response.url).content.decode()


def test_unlisted_petitions_are_not_suggested(open_petition):
    # open_petition ("Shade at bus stops") is published but reachable by its link only.
    assert selectors.petitions_similar("Shade at bus stops") == []


def test_similar_in_russian_most_similar_first_at_most_five():
    closest = listed("Построить школу в посёлке Косшы")
    listed("Построить новую школу в посёлке Косшы")
    for index in range(5):
        listed(f"Построить школу в Косшы, корпус {index}")
    listed("Отремонтировать дорогу в Талгаре")
    similar = selectors.petitions_similar("Построить школу в посёлке Косшы!")
    assert len(similar) == 5
    assert similar[0] == closest
    assert all("школ" in petition.title for petition in similar)


def test_a_petition_is_not_similar_to_itself():
    petition = listed("Build a school in Kosshy")
    assert selectors.petitions_similar(petition.title, exclude_uid=petition.uid) == []
    assert selectors.petitions_similar(petition.title) == [petition]


def test_threshold_is_a_setting(settings):
    listed("Build a new school in Kosshy village")
    settings.PETITIONS_SIMILAR_THRESHOLD = 0.95
    assert selectors.petitions_similar("Build a school in Kosshy") == []


def test_without_pg_trgm_titles_are_compared_by_difflib(monkeypatch):
    existing = listed("Build a new school in Kosshy village")
    listed("Shade at the bus stops of Almaty")
    monkeypatch.setattr(search, "_is_postgresql", lambda: False)
    assert selectors.petitions_similar("Build a school in Kosshy village") == [existing]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index: PostgreSQL")
def test_similar_titles_use_the_trigram_index():
    listed("Build a school in Kosshy")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = search._similar_titles(Petition.internal.all(), "Build a school").explain()
    assert "petition_title_trgm" in plan


def test_suggestions_while_typing(client, author):
    existing = listed("Build a new school in Kosshy village")
    listed("Shade at the bus stops of Almaty")
    listed("Kosshy")
    client.force_login(author)
    url = reverse("petitions:similar_json")
    found = client.get(url, {"title": "Build a new school in Kosshy"}).json()["petitions"]
    assert found[0]["url"] == existing.get_absolute_url()
    assert "Shade at the bus stops of Almaty" not in [petition["title"] for petition in found]
    # Too short to suggest anything yet, though a petition has exactly this title.
    assert client.get(url, {"title": "Kosshy"}).json() == {"petitions": []}


def test_suggestions_while_typing_are_wired_in_the_form(client, author):
    client.force_login(author)
    page = client.get(reverse("petitions:new")).content.decode()
    assert f'data-similar-url="{reverse("petitions:similar_json")}"' in page
    assert "js/similar.js" in page
    assert 'id="similar-petitions"' in page
