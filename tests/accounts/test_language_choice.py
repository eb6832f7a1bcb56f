"""The language switch remembers the choice (cookie, and the account when signed in); Kazakh in
the Latin script reaches the petition text, the names of bodies and regions, and e-mails."""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.kazakh_latin import has_cyrillic
from accounts.models import User
from agencies.models import Agency, Region
from petitions.notifications import AUTHOR_SUBJECTS, email_message
from tests.factories import UserFactory

COOKIE = settings.LANGUAGE_COOKIE_NAME
SETLANG_URL = "/i18n/setlang/"
LOGIN_URL = "/accounts/login/"
KAZAKH_TITLE = "Аялдамаларға күн қағар орнатыңыз"
KAZAKH_PROBLEM = "Адамдар күн астында ұзақ күтеді."


def html_lang(response) -> str:
    page = response.content.decode()
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_the_switch_offers_kazakh_in_both_scripts(client):
    page = client.get("/").content.decode()

    assert '<option value="kk" lang="kk"' in page
    assert '<option value="kk-latn" lang="kk-Latn"' in page
    assert ">Qazaqşa (latyn)</option>" in page
    assert '<option value="ru" lang="ru"' in page
    assert '<option value="en" lang="en"' in page


@pytest.mark.django_db
def test_choosing_a_language_sets_the_cookie_and_the_next_pages_follow(client):
    response = client.post(SETLANG_URL, {"language": "kk-latn", "next": "/petitions/"})

    assert response.status_code == 302
    assert response["Location"] == "/petitions/"
    assert response.cookies[COOKIE].value == "kk-latn"
    assert html_lang(client.get("/")) == "kk-Latn"


@pytest.mark.django_db
def test_a_signed_in_citizens_choice_is_kept_on_the_account(client, citizen):
    client.force_login(citizen)

    response = client.post(SETLANG_URL, {"language": "kk-latn", "next": "/"})

    assert response.cookies[COOKIE].value == "kk-latn"
    citizen.refresh_from_db()
    assert citizen.preferred_language == "kk-latn"
    # The next request reads the user from the cache: it must see the new choice too.
    assert client.get("/").wsgi_request.user.preferred_language == "kk-latn"


@pytest.mark.django_db
def test_a_language_the_portal_does_not_offer_changes_nothing(client, citizen):
    client.force_login(citizen)

    response = client.post(SETLANG_URL, {"language": "tr", "next": "/"})

    assert COOKIE not in response.cookies
    citizen.refresh_from_db()
    assert citizen.preferred_language == "en"


@pytest.mark.django_db
def test_the_switch_only_takes_a_post(client):
    assert client.get(SETLANG_URL, {"language": "ru"}).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "accept_language", "shown"),
    [
        (None, None, "kk"),  # nothing known: Kazakh
        (None, "ru-RU,ru;q=0.9,en;q=0.8", "ru"),  # the browser's preference
        (None, "de-DE,de;q=0.9", "kk"),  # one the portal does not speak: Kazakh
        (None, "kk-Latn,kk;q=0.9", "kk-Latn"),
        ("en", "ru-RU,ru;q=0.9", "en"),  # the choice made on the switch beats the browser
        ("kk-latn", "ru", "kk-Latn"),
        ("kk", "en", "kk"),
    ],
)
def test_the_choice_beats_the_browser_which_beats_kazakh(
    client, settings, cookie, accept_language, shown
):
    settings.LANGUAGE_CODE = "kk"  # the portal's default (the test settings read English)
    if cookie:
        client.cookies[COOKIE] = cookie
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    assert html_lang(client.get("/", **headers)) == shown


@pytest.mark.django_db
def test_signing_in_brings_the_accounts_choice_to_a_new_device(client):
    citizen = UserFactory(preferred_language="kk-latn")

    response = client.post(
        LOGIN_URL, {"login": citizen.iin, "password": "pass-12345"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "kk-latn"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ru")) == "kk-Latn"


@pytest.mark.django_db
def test_a_choice_made_before_signing_in_is_kept_on_the_account(client):
    citizen = UserFactory(preferred_language="en")
    client.cookies[COOKIE] = "kk-latn"

    response = client.post(LOGIN_URL, {"login": citizen.iin, "password": "pass-12345"})

    assert response.status_code == 302
    assert User.objects.get(pk=citizen.pk).preferred_language == "kk-latn"


@pytest.mark.django_db
def test_a_kazakh_petition_reads_in_latin_letters_to_a_kk_latn_reader(client, open_petition):
    open_petition.title = KAZAKH_TITLE
    open_petition.problem = KAZAKH_PROBLEM
    open_petition.language = "kk"
    open_petition.save()

    client.cookies[COOKIE] = "kk-latn"
    latin = client.get(open_petition.get_absolute_url()).content.decode()
    client.cookies[COOKIE] = "kk"
    cyrillic = client.get(open_petition.get_absolute_url()).content.decode()

    assert "Aialdamalarğa kün qağar ornatyñyz" in latin
    assert "Adamdar kün astynda ūzaq kütedı." in latin
    assert KAZAKH_TITLE not in latin
    assert '<article class="petition" lang="kk-Latn">' in latin
    assert KAZAKH_TITLE in cyrillic
    assert '<article class="petition" lang="kk">' in cyrillic


@pytest.mark.django_db
def test_a_russian_petition_is_shown_as_written_in_every_script(client, open_petition):
    open_petition.title = "Установите навесы на остановках"
    open_petition.language = "ru"
    open_petition.save()
    client.cookies[COOKIE] = "kk-latn"

    page = client.get(open_petition.get_absolute_url()).content.decode()

    assert "Установите навесы на остановках" in page
    assert '<article class="petition" lang="ru">' in page


@pytest.mark.django_db
def test_names_of_bodies_and_regions_come_from_their_kazakh_column_in_latin_letters():
    agency = Agency.objects.get(code="akimat-kz-75")
    region = Region.objects.get(iso_code="KZ-75")

    with translation.override("kk-latn"):
        agency_name, region_name = agency.name, region.name
    with translation.override("kk"):
        assert (agency.name, region.name) == (agency.name_kk, region.name_kk)
    with translation.override("ru"):
        assert (agency.name, region.name) == (agency.name_ru, region.name_ru)

    assert has_cyrillic(agency.name_kk)
    assert not has_cyrillic(agency_name)
    assert region_name == "Almaty qalasy"


@pytest.mark.django_db
def test_e_mail_to_a_kk_latn_reader_comes_in_latin_letters(open_petition):
    author = open_petition.author
    author.first_name = "Aigul"
    author.preferred_language = "kk-latn"
    author.save()
    open_petition.title = KAZAKH_TITLE
    open_petition.language = "kk"

    message = email_message(
        author, AUTHOR_SUBJECTS["published"], "petitions/email/author_published.txt", open_petition
    )

    assert not has_cyrillic(message.subject)
    assert not has_cyrillic(message.body), message.body
    assert "Aialdamalarğa kün qağar ornatyñyz" in message.body
    assert "Aigul" in message.body
    # The same e-mail to a reader of Cyrillic Kazakh keeps the letters it was written in.
    author.preferred_language = "kk"
    cyrillic = email_message(
        author, AUTHOR_SUBJECTS["published"], "petitions/email/author_published.txt", open_petition
    )
    assert KAZAKH_TITLE in cyrillic.body
