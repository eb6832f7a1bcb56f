"""Pages through the test client: who sees what, the sign flow, filing errors, the dashboard."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.iin import make_iin
from agencies.models import Agency
from conftest import set_count
from petitions import services
from petitions.models import Petition, RejectionReason, Signature, Status, Topic
from tests.factories import UserFactory, sign_in_with_totp

pytestmark = pytest.mark.django_db


def test_home_and_list_show_only_listed_petitions(client, open_petition):
    assert open_petition.title not in client.get(reverse("petitions:home")).content.decode()
    set_count(open_petition, 50)
    services.petition_list(petition=open_petition)
    assert open_petition.title in client.get(reverse("petitions:home")).content.decode()
    page = client.get(reverse("petitions:list"), {"q": "shade"}).content.decode()
    assert open_petition.title in page


def test_unlisted_petition_is_reachable_by_link(client, open_petition):
    response = client.get(open_petition.get_absolute_url())
    assert response.status_code == 200
    assert open_petition.title in response.content.decode()


@pytest.mark.parametrize("stage", ["draft", "in_moderation"])
def test_unpublished_petition_is_not_public(client, request, stage):
    petition = request.getfixturevalue(stage)
    assert client.get(petition.get_absolute_url()).status_code == 404
    assert client.get(reverse("petitions:count", args=[petition.uid])).status_code == 404


def test_count_json(client, open_petition):
    set_count(open_petition, 42)
    data = client.get(reverse("petitions:count", args=[open_petition.uid])).json()
    assert data == {
        "petition": open_petition.uid,
        "status": "open",
        "signatures": 42,
        "signatures_with_eds": 0,
        "threshold": 23480,
    }


def test_list_page_query_count_does_not_grow(client, django_assert_max_num_queries, moderator):
    for index in range(5):
        author = UserFactory()
        draft = services.petition_create(
            author=author,
            agency=Agency.objects.get(code="akimat-kz-75"),
            title=f"Shade {index}",
            problem="p",
            request="r",
            language="kk",
        )
        services.petition_submit(petition=draft, author=author)
        services.petition_publish(petition=draft, moderator=moderator)
        set_count(draft, 60 + index)
        services.petition_list(petition=draft)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("petitions:list"))
    assert response.content.decode().count('class="card"') == 5


def test_sign_flow_confirm_then_sign(client, open_petition, citizen):
    client.force_login(citizen)
    url = reverse("petitions:sign", args=[open_petition.uid])
    confirm = client.get(url)
    assert confirm.status_code == 200
    page = html.unescape(confirm.content.decode())
    assert "Confirm my signature" in page
    # The EDS statement the citizen signs names them by their keyed hash, not the IIN.
    assert "signer: " in confirm.context["statement"]
    assert citizen.iin not in page
    response = client.post(url, follow=True)
    assert Signature.objects.filter(petition=open_petition, citizen=citizen).exists()
    assert "your signature is counted" in response.content.decode()


def test_second_sign_gets_a_message_not_an_error(client, open_petition, citizen):
    client.force_login(citizen)
    url = reverse("petitions:sign", args=[open_petition.uid])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already signed" in response.content.decode()
    assert Signature.objects.filter(petition=open_petition).count() == 1
    assert "already signed" in client.get(url).content.decode()


def test_non_resident_sees_why_they_cannot_sign(client, open_petition):
    client.force_login(UserFactory(region_code="KZ-35"))
    page = client.get(reverse("petitions:sign", args=[open_petition.uid])).content.decode()
    assert "only residents of its region" in page
    assert "Confirm my signature" not in page


def test_anonymous_sign_redirects_to_login(client, open_petition):
    response = client.post(reverse("petitions:sign", args=[open_petition.uid]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Signature.objects.exists()


def test_recent_signers_show_first_name_and_initial_only(client, open_petition):
    signer = UserFactory(first_name="Мадина", last_name="Оспанова", patronymic="Ерланқызы")
    services.signature_create(petition=open_petition, citizen=signer)
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "Мадина О." in page
    assert "Оспанова" not in page and "Ерланқызы" not in page and signer.iin not in page


def test_filing_form_keeps_input_on_error(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("petitions:new"),
        {"agency": "", "title": "Parks", "problem": "No parks.", "request": "", "language": "kk"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "No parks." in page and 'value="Parks"' in page
    assert not Petition.internal.exists()


def test_filing_shows_prohibited_topics(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("petitions:new"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Соттар және сот төрелігі" in page


def test_filing_then_submitting(client, citizen, almaty_akimat):
    client.force_login(citizen)
    response = client.post(
        reverse("petitions:new"),
        {
            "agency": almaty_akimat.pk,
            "title": "Parks",
            "problem": "No parks.",
            "request": "Build a park.",
            "language": "kk",
            "topic": Topic.objects.get(slug="environment").pk,
        },
    )
    petition = Petition.internal.get()
    assert response["Location"] == reverse("petitions:draft", args=[petition.uid])
    client.post(reverse("petitions:submit", args=[petition.uid]))
    petition.refresh_from_db()
    assert petition.status == Status.MODERATION


def test_another_citizen_cannot_see_or_submit_a_draft(client, draft):
    client.force_login(UserFactory())
    assert client.get(reverse("petitions:draft", args=[draft.uid])).status_code == 404
    assert client.post(reverse("petitions:submit", args=[draft.uid])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_moderation_is_for_moderators_only(client, in_moderation, citizen, moderator):
    client.force_login(citizen)
    assert client.get(reverse("petitions:moderation_queue")).status_code == 403
    assert client.post(reverse("petitions:publish", args=[in_moderation.uid])).status_code == 403
    client.force_login(moderator)
    assert in_moderation.title in client.get(reverse("petitions:moderation_queue")).content.decode()


def test_moderator_rejects_with_reason(client, in_moderation, moderator):
    client.force_login(moderator)
    reason = RejectionReason.objects.get(code="elections")
    url = reverse("petitions:reject", args=[in_moderation.uid])
    missing = client.post(url, {"reason": "", "note": ""})
    assert missing.status_code == 200 and "There is a problem" in missing.content.decode()
    client.post(url, {"reason": reason.pk, "note": "About elections."})
    in_moderation.refresh_from_db()
    assert in_moderation.status == Status.REJECTED


def test_dashboard_lists_only_own_agency(client, sent_petition, head, other_head):
    client.force_login(head)
    assert sent_petition.title in client.get(reverse("petitions:dashboard")).content.decode()
    client.force_login(other_head)
    assert sent_petition.title not in client.get(reverse("petitions:dashboard")).content.decode()


def test_official_of_another_agency_gets_403(client, sent_petition, other_head):
    client.force_login(other_head)
    assert (
        client.get(reverse("petitions:review_detail", args=[sent_petition.uid])).status_code == 403
    )
    response = client.post(
        reverse("petitions:decide", args=[sent_petition.uid]),
        {"outcome": "refused", "text": "x" * 400, "legal_basis": "y"},
    )
    assert response.status_code == 403
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT


def test_citizen_gets_403_on_dashboard(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("petitions:dashboard")).status_code == 403


def test_reviewer_sees_but_cannot_decide(client, sent_petition, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))
    assert page.status_code == 200
    assert "Publish the decision" not in page.content.decode()
    response = client.post(
        reverse("petitions:decide", args=[sent_petition.uid]),
        {"outcome": "refused", "text": "x" * 400, "legal_basis": "y"},
    )
    assert response.status_code == 403


def test_short_refusal_is_shown_back_with_the_text(client, sent_petition, head):
    sign_in_with_totp(client, head)
    response = client.post(
        reverse("petitions:decide", args=[sent_petition.uid]),
        {"outcome": "refused", "text": "Not now.", "legal_basis": "Budget Code"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least 300 characters" in page and "Not now." in page
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT


def test_language_switch_remembers_choice(client):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("petitions:agencies")).content.decode()
    assert 'lang="ru"' in page
    assert "Акимат города Алматы" in page


def _send_new_petition(moderator, title):
    author = UserFactory()
    petition = services.petition_create(
        author=author,
        agency=Agency.objects.get(code="akimat-kz-75"),
        title=title,
        problem="p",
        request="r",
        language="kk",
    )
    services.petition_submit(petition=petition, author=author)
    services.petition_publish(petition=petition, moderator=moderator)
    set_count(petition, petition.signature_threshold)
    return services.petition_send_to_agency(petition=petition)


def test_dashboard_shows_working_days_left_in_constant_queries(client, head, moderator):
    client.force_login(head)
    _send_new_petition(moderator, "Dashboard 0")
    client.get(reverse("petitions:dashboard"))  # the signed-in user is now cached
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("petitions:dashboard"))
    for index in range(1, 4):
        _send_new_petition(moderator, f"Dashboard {index}")
    with CaptureQueriesContext(connection) as four_rows:
        response = client.get(reverse("petitions:dashboard"))
    assert len(four_rows) == len(one_row)
    rows = response.context["petitions"]
    assert len(rows) == 4
    assert {p.working_days_left for p in rows} == {20}  # all sent today: 20 working days


def test_minor_is_told_before_filling_the_form(client):
    client.force_login(UserFactory(iin=make_iin(datetime.date(2012, 2, 2), "female", serial=3)))
    response = client.get(reverse("petitions:new"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "aged 18 or over" in page
    assert 'name="title"' not in page


def test_forbidden_page_says_why(client, sent_petition, other_head):
    client.force_login(other_head)
    response = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))
    assert response.status_code == 403
    assert "addressed to another state body" in response.content.decode()


def test_not_found_page_is_the_portal_page(client):
    response = client.get("/p/doesnotexist/")
    assert response.status_code == 404
    assert "Find a petition" in response.content.decode()


def test_a_petition_page_carries_its_sharing_tags(client, open_petition):
    page = client.get(open_petition.get_absolute_url()).content.decode()
    url = f"http://testserver/p/{open_petition.uid}/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Shade at bus stops">' in page
    assert '<meta property="og:description" content="Install shades.">' in page
