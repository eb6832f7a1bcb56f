"""What people type: bounded, one Unicode form, no hidden characters, shown as text, never a 500."""

import unicodedata

import pytest
from django.core import mail

from petitions import services
from petitions.forms import PetitionForm
from petitions.forms.decisions import DecisionForm
from petitions.forms.fields import clean_text
from petitions.forms.hearings import CommissionMemberForm
from petitions.models import Petition, Topic

SCRIPT = "<script>alert(1)</script>"


def filing(**overrides) -> dict:
    return {
        "agency": "",
        "title": "Shade at the bus stops of Almaty",
        "problem": "People wait in the sun.",
        "request": "Install shades.",
        "language": "en",
        "topic": Topic.objects.get(slug="other").pk,
        **overrides,
    }


@pytest.fixture
def filing_data(almaty_akimat):
    return lambda **overrides: filing(agency=almaty_akimat.pk, **overrides)


def test_text_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Айгүл, ёлка, café")
    assert decomposed != "Айгүл, ёлка, café"
    assert clean_text(decomposed) == "Айгүл, ёлка, café"


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\u2069", "\ufeff", "\u061c"]
)
def test_zero_width_and_bidi_characters_are_removed(hidden):
    assert clean_text(f"Shade{hidden} at stops") == "Shade at stops"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028"])
def test_other_control_characters_are_refused(control, filing_data):
    form = PetitionForm(filing_data(problem=f"People wait{control} in the sun."))
    assert not form.is_valid()
    assert "cannot be shown" in form.errors["problem"][0]
    assert f"U+{ord(control):04X}" in form.errors["problem"][0]


def test_line_breaks_and_tabs_stay_in_a_text_but_not_in_a_title(filing_data):
    form = PetitionForm(filing_data(title="Shade\r\nat stops", problem="One.\r\n\tTwo."))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["problem"] == "One.\n\tTwo."
    assert form.cleaned_data["title"] == "Shade at stops"


@pytest.mark.parametrize(
    ("form_class", "field", "extra"),
    [
        (DecisionForm, "text", {}),
        (DecisionForm, "announcement", {}),
        (CommissionMemberForm, "name", {"position": "Deputy", "role": "member"}),
    ],
)
def test_the_officials_forms_clean_text_too(form_class, field, extra):
    form = form_class({field: "Bad\x07text", **extra})
    form.is_valid()
    assert "cannot be shown" in form.errors[field][0]


def test_a_1_mb_petition_text_gets_a_clear_error_and_keeps_the_rest(client, citizen, filing_data):
    client.force_login(citizen)
    huge = "a" * (1024 * 1024)
    response = client.post(
        "/petitions/new/",
        filing_data(problem=huge, title="My own title"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "at most 6000 characters" in response.content.decode()
    assert 'value="My own title"' in response.content.decode()
    assert not Petition.internal.exists()


def test_a_control_character_gets_a_clear_error_in_the_user_s_language(
    client, citizen, filing_data
):
    client.force_login(citizen)
    client.cookies["django_language"] = "ru"
    response = client.post("/petitions/new/", filing_data(request="Please\x00 do it"))
    assert response.status_code == 200
    assert "U+0000" in response.content.decode()
    assert 'value="Shade at the bus stops of Almaty"' in response.content.decode()
    assert not Petition.internal.exists()


def test_a_10_mb_post_is_refused_with_a_400_page(client, citizen):
    client.force_login(citizen)
    response = client.post("/petitions/new/", {"problem": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 400


def test_html_in_a_petition_is_shown_as_text(client, author, moderator, almaty_akimat):
    petition = services.petition_create(
        author=author,
        agency=almaty_akimat,
        title=SCRIPT,
        problem=f"Problem {SCRIPT}",
        request=f"Request {SCRIPT}",
        language="en",
    )
    services.petition_submit(petition=petition, author=author)
    client.force_login(author)
    pages = [f"/petitions/mine/{petition.uid}/", "/petitions/mine/"]
    client.force_login(moderator)
    pages_as_moderator = ["/moderation/", f"/moderation/{petition.uid}/"]
    published = services.petition_publish(petition=petition, moderator=moderator)
    for path in pages_as_moderator:
        body = client.get(path).content.decode()
        assert SCRIPT not in body, path
    client.force_login(author)
    # (JSON answers carry the text as it is: a JSON string is not HTML.)
    for path in [*pages, published.get_absolute_url()]:
        body = client.get(path).content.decode()
        assert SCRIPT not in body, path
        assert "alert(1)" in body, path  # shown, escaped
    for message in mail.outbox:
        for _html, _type in getattr(message, "alternatives", []):
            assert SCRIPT not in _html
