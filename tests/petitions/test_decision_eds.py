"""The head signs the decision with an EDS: the statement, its verification, the signing pages,
what the public sees and downloads, and the setting that makes the EDS required."""

import base64
import datetime
import html
import re
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.eds import verify_detached
from accounts.eds.storage import open_bytes
from agencies.models import Official
from conftest import set_count
from devidp import nca
from petitions import services
from petitions.errors import EDSRefused
from petitions.models import Decision, DecisionDraft, RefusalGround, Status
from petitions.services.decisions import EDSRequiredForDecision
from petitions.statement import DecisionStatementRefused, decision_statement_for, person_id
from tests.devidp.browser import hidden_value, visit
from tests.factories import ModeratorFactory, OfficialFactory, UserFactory, sign_in_with_totp

pytestmark = pytest.mark.django_db

REASONING = "The request cannot be met this year because " + "the budget is fixed. " * 15
ANNOUNCEMENT = "The akim announced the answer at the briefing of 3 March."


@pytest.fixture(scope="module")
def authority():
    return nca.create_authority()


@pytest.fixture
def trusted(authority, tmp_path, settings):
    """Trust the stand-in NCA, with its current CRL, as a deployment trusts the real one."""
    (tmp_path / "root.pem").write_bytes(authority.root_cert.public_bytes(Encoding.PEM))
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    settings.EDS_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.EDS_CRLS = [str(tmp_path / "crl.pem")]
    settings.EDS_SIGNING_CLIENT_URL = "http://127.0.0.1:8001/eds/sign/"
    return tmp_path


@pytest.fixture
def head_key(authority, head):
    return nca.issue_citizen(
        authority, iin=head.iin, surname=head.last_name, given_name=head.first_name
    )


def sign(authority, key, statement: str) -> bytes:
    cert, private_key = key
    return nca.sign_detached(
        statement.encode(), cert=cert, key=private_key, chain=[authority.issuing_cert]
    )


def refusal_fields(**overrides) -> dict:
    fields = {
        "outcome": "refused",
        "text": REASONING,
        "legal_basis": "Budget Code, art. 4",
        "refusal_ground": RefusalGround.objects.get(code="no-means"),
        "announcement": ANNOUNCEMENT,
        "announcement_url": "https://example.kz/news/1",
    }
    return {**fields, **overrides}


@pytest.fixture
def decision_draft(sent_petition, reviewer):
    return services.decision_draft_save(
        petition=sent_petition, official=reviewer, **refusal_fields()
    )


def publish_signed(petition, head, statement, cms, **overrides):
    return services.decision_publish(
        petition=petition,
        head=head,
        eds_statement=statement,
        eds_cms=cms,
        **refusal_fields(**overrides),
    )


# The statement


def test_the_statement_names_the_decision_its_head_and_the_time(
    sent_petition, head, decision_draft
):
    at = datetime.datetime(2026, 11, 29, 4, 40, 5, 123, tzinfo=datetime.UTC)

    statement = decision_statement_for(sent_petition, decision_draft, head, at)

    assert statement.startswith("Qoldau decision of a state body\n")
    assert f"petition: {sent_petition.uid}\n" in statement
    assert "body: akimat-kz-75\n" in statement
    assert "outcome: refused\n" in statement
    assert "refusal-ground: no-means\n" in statement
    assert "legal-basis: Budget Code, art. 4\n" in statement
    assert "announcement-url: https://example.kz/news/1\n" in statement
    assert f"head: {head.full_name}\n" in statement
    assert f"head-id: {person_id(sent_petition, head)}\n" in statement
    assert head.iin not in statement
    assert statement.endswith("signed-at: 2026-11-29T04:40:05Z\n")


def test_the_statement_changes_with_every_published_text(sent_petition, head, decision_draft):
    at = timezone.now()
    before = decision_statement_for(sent_petition, decision_draft, head, at)
    for field, value in [("text", REASONING + "!"), ("announcement", "Other.")]:
        setattr(decision_draft, field, value)
        assert decision_statement_for(sent_petition, decision_draft, head, at) != before
        decision_draft.refresh_from_db()


# The service


def test_a_valid_eds_publishes_and_is_stored(trusted, authority, head_key, sent_petition, head):
    decision = Decision(petition=sent_petition, **refusal_fields())
    statement = decision_statement_for(sent_petition, decision, head, timezone.now())
    cms = sign(authority, head_key, statement)

    published = publish_signed(sent_petition, head, statement, base64.b64encode(cms).decode())

    assert published.eds_statement == statement
    assert open_bytes(Decision.objects.get().eds_cms) == cms
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.REFUSED


def test_leftovers_of_the_other_outcome_in_the_draft_are_not_signed(
    trusted, authority, head_key, sent_petition, reviewer, head
):
    """A draft first written as an acceptance keeps its actions; a refusal publishes none."""
    leftovers = {
        "actions": "Shades at 200 stops.",
        "implementation_due": timezone.localdate() + datetime.timedelta(days=30),
    }
    draft = services.decision_draft_save(
        petition=sent_petition, official=reviewer, **refusal_fields(**leftovers)
    )
    statement = decision_statement_for(sent_petition, draft, head, timezone.now())

    publish_signed(
        sent_petition, head, statement, sign(authority, head_key, statement), **leftovers
    )

    assert "actions-sha256" not in statement
    assert Decision.objects.get().actions == ""


def test_a_statement_of_other_texts_is_refused(trusted, authority, head_key, sent_petition, head):
    decision = Decision(petition=sent_petition, **refusal_fields(announcement="Something else."))
    statement = decision_statement_for(sent_petition, decision, head, timezone.now())

    with pytest.raises(DecisionStatementRefused, match="changed after it was signed"):
        publish_signed(sent_petition, head, statement, sign(authority, head_key, statement))
    assert not Decision.objects.exists()


def test_a_stale_statement_is_refused(trusted, authority, head_key, sent_petition, head):
    decision = Decision(petition=sent_petition, **refusal_fields())
    old = timezone.now() - datetime.timedelta(hours=1)
    statement = decision_statement_for(sent_petition, decision, head, old)

    with pytest.raises(EDSRefused, match="too old"):
        publish_signed(sent_petition, head, statement, sign(authority, head_key, statement))
    assert not Decision.objects.exists()


def test_eds_can_be_required(settings, sent_petition, head):
    settings.DECISIONS_REQUIRE_EDS = True

    with pytest.raises(EDSRequiredForDecision):
        services.decision_publish(petition=sent_petition, head=head, **refusal_fields())
    assert not Decision.objects.exists()


def test_with_eds_required_a_signed_decision_is_published(
    settings, trusted, authority, head_key, sent_petition, head
):
    settings.DECISIONS_REQUIRE_EDS = True
    decision = Decision(petition=sent_petition, **refusal_fields())
    statement = decision_statement_for(sent_petition, decision, head, timezone.now())

    publish_signed(sent_petition, head, statement, sign(authority, head_key, statement))

    assert Decision.objects.get().eds_statement == statement


def test_the_signature_of_a_published_decision_cannot_be_changed(
    trusted, authority, head_key, sent_petition, head
):
    decision = Decision(petition=sent_petition, **refusal_fields())
    statement = decision_statement_for(sent_petition, decision, head, timezone.now())
    publish_signed(sent_petition, head, statement, sign(authority, head_key, statement))

    for sql in (
        "UPDATE petitions_decision SET eds_cms = NULL, eds_statement = ''",
        "DELETE FROM petitions_decision",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert Decision.objects.get().eds_statement == statement


# The pages


def sign_url(petition):
    return reverse("petitions:decision_sign", args=[petition.uid])


def callback_url(petition):
    return reverse("petitions:decision_sign_eds", args=[petition.uid])


def form_data(**overrides) -> dict:
    data = refusal_fields(**overrides)
    data["refusal_ground"] = data["refusal_ground"].pk
    return data


def statement_on_the_page(client, petition) -> str:
    page = client.get(sign_url(petition))
    assert page.status_code == 200
    return page.context["statement"]


class TestSigningPages:
    def test_the_head_sees_the_eds_button_when_eds_is_set_up(
        self, client, trusted, sent_petition, head
    ):
        client.force_login(head)

        page = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))

        assert "Sign with EDS and publish" in page.content.decode()

    def test_the_whole_flow_publishes_a_verified_decision(
        self, client, trusted, authority, head_key, sent_petition, reviewer, head, decision_draft
    ):
        sign_in_with_totp(client, head)
        # The head approves the reviewer's draft with an edit, and goes to sign it.
        response = client.post(sign_url(sent_petition), form_data(announcement="Edited."))
        assert response.status_code == 302
        assert response["Location"] == sign_url(sent_petition)
        assert DecisionDraft.objects.get().announcement == "Edited."
        assert not Decision.objects.exists()

        page = client.get(sign_url(sent_petition))
        text = html.unescape(page.content.decode())
        statement = page.context["statement"]
        assert f"head-id: {person_id(sent_petition, head)}" in text
        assert 'action="http://127.0.0.1:8001/eds/sign/"' in text
        assert f"http://testserver{callback_url(sent_petition)}" in text

        cms = sign(authority, head_key, statement)
        response = client.post(
            callback_url(sent_petition),
            # as the signing client's page sends it: CRLF line breaks, base64 CMS
            {"statement": statement.replace("\n", "\r\n"), "cms": base64.b64encode(cms).decode()},
        )
        assert response.status_code == 302
        decision = Decision.objects.get()
        assert (decision.head, decision.drafted_by) == (head, reviewer)
        assert decision.announcement == "Edited."
        assert not DecisionDraft.objects.exists()

        client.logout()
        public = html.unescape(client.get(sent_petition.get_absolute_url()).content.decode())
        assert "Signed with an electronic digital signature of the head — verified" in public
        assert "Edited." in public
        downloaded = client.get(reverse("petitions:decision_statement", args=[sent_petition.uid]))
        assert downloaded.content.decode() == statement
        cms_url = reverse("petitions:decision_cms", args=[sent_petition.uid])
        assert client.get(cms_url).status_code == 404
        client.force_login(reviewer)
        signature = client.get(cms_url)
        assert signature["Content-Type"] == "application/pkcs7-signature"
        assert verify_detached(downloaded.content, signature.content).iin == head.iin

    @pytest.mark.parametrize("problem", ["wrong_iin", "tampered", "revoked"])
    def test_a_bad_signature_is_refused_clearly_and_the_draft_is_kept(
        self, client, trusted, authority, head_key, sent_petition, head, decision_draft, problem
    ):
        sign_in_with_totp(client, head)
        statement = statement_on_the_page(client, sent_petition)
        if problem == "wrong_iin":
            stranger = nca.issue_citizen(authority, iin="900514400019", surname="X", given_name="Y")
            cms = sign(authority, stranger, statement)
            message = "someone else's certificate"
        elif problem == "tampered":
            cms = sign(authority, head_key, statement.replace("outcome: refused", "outcome: no"))
            message = "does not match this statement"
        else:
            cms = sign(authority, head_key, statement)
            nca.revoke(authority, head_key[0], at=timezone.now() - datetime.timedelta(minutes=5))
            (trusted / "crl.pem").write_bytes(nca.crl_pem(authority))
            message = "has been revoked"

        response = client.post(
            callback_url(sent_petition),
            {"statement": statement, "cms": base64.b64encode(cms).decode()},
        )

        page = html.unescape(response.content.decode())
        assert response.status_code == 400
        assert "There is a problem" in page
        assert message in page
        assert not Decision.objects.exists()
        assert DecisionDraft.objects.get() == decision_draft
        sent_petition.refresh_from_db()
        assert sent_petition.status == Status.SENT

    def test_a_draft_changed_after_signing_is_refused(
        self, client, trusted, authority, head_key, sent_petition, reviewer, head, decision_draft
    ):
        sign_in_with_totp(client, head)
        statement = statement_on_the_page(client, sent_petition)
        services.decision_draft_save(
            petition=sent_petition, official=reviewer, **refusal_fields(text=REASONING + " More.")
        )

        response = client.post(
            callback_url(sent_petition),
            {
                "statement": statement,
                "cms": base64.b64encode(sign(authority, head_key, statement)).decode(),
            },
        )

        assert response.status_code == 400
        assert "changed after it was signed" in html.unescape(response.content.decode())
        assert not Decision.objects.exists()

    def test_the_callback_needs_the_second_factor(
        self, client, trusted, authority, head_key, sent_petition, head, decision_draft
    ):
        client.force_login(head)
        statement = decision_statement_for(sent_petition, decision_draft, head, timezone.now())

        response = client.post(
            callback_url(sent_petition),
            {
                "statement": statement,
                "cms": base64.b64encode(sign(authority, head_key, statement)).decode(),
            },
        )

        assert response.status_code == 400
        assert "authenticator" in response.content.decode()
        assert not Decision.objects.exists()

    def test_an_incomplete_decision_is_not_offered_for_signing(
        self, client, trusted, sent_petition, head
    ):
        sign_in_with_totp(client, head)

        response = client.post(sign_url(sent_petition), form_data(announcement=""))

        assert response.status_code == 200
        assert "public statement" in html.unescape(response.content.decode())
        assert not DecisionDraft.objects.exists()

    @pytest.mark.parametrize("view", [sign_url, callback_url])
    def test_a_reviewer_cannot_sign_for_the_head(
        self, client, trusted, authority, sent_petition, reviewer, decision_draft, view
    ):
        sign_in_with_totp(client, reviewer)

        assert client.post(view(sent_petition), form_data()).status_code == 403
        assert client.get(sign_url(sent_petition)).status_code == 403
        assert not Decision.objects.exists()
        assert DecisionDraft.objects.get() == decision_draft

    def test_without_eds_there_is_nothing_to_download(self, client, sent_petition, head):
        services.decision_publish(petition=sent_petition, head=head, **refusal_fields())

        for name in ("decision_statement", "decision_cms"):
            response = client.get(reverse(f"petitions:{name}", args=[sent_petition.uid]))
            assert response.status_code == 404
        page = client.get(sent_petition.get_absolute_url()).content.decode()
        assert "electronic digital signature of the head" not in page


class TestEDSRequired:
    def test_the_head_is_offered_only_the_eds_path(
        self, client, settings, trusted, sent_petition, head
    ):
        settings.DECISIONS_REQUIRE_EDS = True
        client.force_login(head)

        page = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))

        text = page.content.decode()
        assert "Sign with EDS and publish" in text
        assert "Publish the decision" not in text
        assert "published only with the head" in html.unescape(text)

    def test_publishing_with_the_second_factor_alone_is_refused(
        self, client, settings, sent_petition, head
    ):
        settings.DECISIONS_REQUIRE_EDS = True
        sign_in_with_totp(client, head)

        response = client.post(reverse("petitions:decide", args=[sent_petition.uid]), form_data())

        assert response.status_code == 200
        assert "only with the head" in html.unescape(response.content.decode())
        assert not Decision.objects.exists()


def test_publishing_needs_a_head_even_with_a_valid_eds(
    trusted, authority, sent_petition, reviewer, head
):
    """A reviewer's own valid EDS does not make them the head."""
    key = nca.issue_citizen(authority, iin=reviewer.iin, surname="R", given_name="R")
    decision = Decision(petition=sent_petition, **refusal_fields())
    statement = decision_statement_for(sent_petition, decision, reviewer, timezone.now())

    with pytest.raises(PermissionDenied):
        publish_signed(sent_petition, reviewer, statement, sign(authority, key, statement))
    assert not Decision.objects.exists()


def test_the_head_signs_in_the_stand_in_signing_client(client, settings, idp, almaty_akimat):
    """End to end with the demo's signing client (devidp/, in its own process): the head reads
    the statement there, signs it with the demo NCA certificate, and the CMS comes back."""
    settings.EDS_TRUST_ROOTS = [str(idp.eds_dir / "root.pem")]
    settings.EDS_CRLS = [str(idp.eds_dir / "crl.pem")]
    settings.EDS_SIGNING_CLIENT_URL = idp.sign_url
    head_iin = "750308300019"  # the demo head, who has a certificate at the stand-in NCA
    head = OfficialFactory(
        agency=almaty_akimat, role=Official.Role.HEAD, user=UserFactory(iin=head_iin)
    ).user
    petition = sent_petition_of(almaty_akimat)
    sign_in_with_totp(client, head)
    assert client.post(sign_url(petition), form_data()).status_code == 302
    page = client.get(sign_url(petition))
    statement = page.context["statement"]
    return_to = page.context["signing_client_return_to"]

    browser = requests.Session()
    sent = browser.post(
        idp.sign_url, data={"statement": statement, "return_to": return_to}, allow_redirects=False
    )
    shown = visit(browser, urljoin(idp.sign_url, sent.headers["Location"]), iin=head_iin)
    signed = browser.post(
        f"{idp.sign_url}confirm/",
        data={name: hidden_value(shown.text, name) for name in ("csrfmiddlewaretoken", "digest")},
        allow_redirects=False,
    )
    back = re.search(r'<form method="post" action="([^"]+)" id="return">', signed.text)
    assert html.unescape(back[1]) == return_to
    response = client.post(
        callback_url(petition),
        {
            "statement": hidden_value(signed.text, "statement"),
            "cms": hidden_value(signed.text, "cms"),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Decision.objects.get(petition=petition).eds_statement == statement
    public = html.unescape(client.get(petition.get_absolute_url()).content.decode())
    assert "Signed with an electronic digital signature of the head — verified" in public


def sent_petition_of(agency):
    author = UserFactory()
    petition = services.petition_create(
        author=author,
        agency=agency,
        title="Benches in the park",
        problem="There is nowhere to sit.",
        request="Install benches.",
        language="en",
    )
    services.petition_submit(petition=petition, author=author)
    petition = services.petition_publish(petition=petition, moderator=ModeratorFactory())
    set_count(petition, petition.signature_threshold)
    return services.petition_send_to_agency(petition=petition)
