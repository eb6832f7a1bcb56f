"""Signing with an EDS: the statement, its verification, what is stored, and the counts."""

import base64
import datetime
import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.eds.storage import open_bytes, open_text
from devidp import nca
from petitions import selectors, services
from petitions.errors import EDSRefused, EDSRequired
from petitions.models import Signature
from petitions.statement import person_id, statement_for, text_sha256
from tests.factories import UserFactory


@pytest.fixture(scope="module")
def authority():
    return nca.create_authority()


@pytest.fixture
def trusted(authority, tmp_path, settings):
    """Trust the stand-in NCA, with its current CRL, as a deployment trusts the real one."""
    (tmp_path / "root.pem").write_bytes(_pem(authority.root_cert))
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    settings.EDS_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.EDS_CRLS = [str(tmp_path / "crl.pem")]
    return tmp_path


def _pem(cert) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM)


def sign(authority, citizen, statement: str, *, iin=None, key_type="rsa") -> bytes:
    cert, key = nca.issue_citizen(
        authority,
        iin=iin or citizen.iin,
        surname=citizen.last_name,
        given_name=citizen.first_name,
        key_type=key_type,
    )
    return nca.sign_detached(statement.encode(), cert=cert, key=key, chain=[authority.issuing_cert])


def fresh_statement(petition, citizen) -> str:
    return statement_for(petition, citizen, timezone.now())


def sign_with_eds(authority, petition, citizen) -> None:
    """Sign as a citizen does with an EDS: a fresh statement, verified, then stored."""
    statement = fresh_statement(petition, citizen)
    proof = services.eds_proof_verify(
        petition=petition,
        citizen=citizen,
        statement=statement,
        cms=sign(authority, citizen, statement),
    )
    services.signature_create(petition=petition, citizen=citizen, eds=proof)


def test_the_statement_names_petition_text_signer_and_time(open_petition, citizen):
    at = datetime.datetime(2026, 11, 29, 4, 40, 5, 123, tzinfo=datetime.UTC)
    statement = statement_for(open_petition, citizen, at)

    assert f"petition: {open_petition.uid}\n" in statement
    assert f"text-sha256: {text_sha256(open_petition)}\n" in statement
    assert f"signer: {person_id(open_petition, citizen)}\n" in statement
    assert citizen.iin not in statement
    assert statement.endswith("signed-at: 2026-11-29T04:40:05Z\n")


def test_an_rsa_eds_signature_is_verified_stored_and_counted(
    trusted, authority, open_petition, citizen
):
    statement = fresh_statement(open_petition, citizen)
    cms = sign(authority, citizen, statement)

    proof = services.eds_proof_verify(
        petition=open_petition, citizen=citizen, statement=statement, cms=cms
    )
    services.signature_create(petition=open_petition, citizen=citizen, eds=proof)

    stored = Signature.objects.get(petition=open_petition, citizen=citizen)
    assert open_bytes(stored.eds_cms) == cms
    assert open_text(stored.eds_statement) == statement
    assert selectors.signature_tally(open_petition) == (1, 1)


def test_an_ecdsa_eds_signature_is_accepted_as_base64_text(
    trusted, authority, open_petition, citizen
):
    statement = fresh_statement(open_petition, citizen)
    cms = sign(authority, citizen, statement, key_type="ec")

    proof = services.eds_proof_verify(
        petition=open_petition,
        citizen=citizen,
        statement=statement,
        cms=base64.b64encode(cms).decode(),
    )
    assert proof.cms == cms


def test_a_signature_without_eds_counts_but_not_as_eds(open_petition, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)

    assert selectors.signature_tally(open_petition) == (1, 0)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda s, p, c: s.replace(p.uid, "AAAAAAAAAA"), "another petition"),
        (lambda s, p, c: s.replace(text_sha256(p), "0" * 64), "different text"),
        (lambda s, p, c: s.replace(person_id(p, c), "0" * 64), "another person"),
        (lambda s, p, c: s.replace("Qoldau petition signature", "Hello"), "not a Qoldau"),
    ],
)
def test_a_statement_that_is_not_this_citizens_for_this_petition_is_refused(
    trusted, authority, open_petition, citizen, spoil, message
):
    statement = spoil(fresh_statement(open_petition, citizen), open_petition, citizen)
    cms = sign(authority, citizen, statement)

    with pytest.raises(EDSRefused, match=message):
        services.eds_proof_verify(
            petition=open_petition, citizen=citizen, statement=statement, cms=cms
        )
    assert not Signature.objects.exists()


def test_a_stale_statement_is_refused(trusted, authority, open_petition, citizen):
    old = statement_for(open_petition, citizen, timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(EDSRefused, match="too old"):
        services.eds_proof_verify(
            petition=open_petition,
            citizen=citizen,
            statement=old,
            cms=sign(authority, citizen, old),
        )


def test_a_signature_by_another_persons_certificate_is_refused(
    trusted, authority, open_petition, citizen
):
    statement = fresh_statement(open_petition, citizen)
    cms = sign(authority, citizen, statement, iin="900514400019")

    with pytest.raises(EDSRefused) as refused:
        services.eds_proof_verify(
            petition=open_petition, citizen=citizen, statement=statement, cms=cms
        )
    assert refused.value.__cause__.code == "wrong_iin"


def test_a_tampered_statement_is_refused(trusted, authority, open_petition, citizen):
    statement = fresh_statement(open_petition, citizen)
    cms = sign(authority, citizen, statement.replace("title:", "title: not"))

    with pytest.raises(EDSRefused) as refused:
        services.eds_proof_verify(
            petition=open_petition, citizen=citizen, statement=statement, cms=cms
        )
    assert refused.value.__cause__.code == "tampered"


def test_a_petition_that_requires_eds_refuses_a_plain_signature(open_petition, citizen):
    open_petition.eds_required = True

    with pytest.raises(EDSRequired):
        services.signature_create(petition=open_petition, citizen=citizen)
    assert selectors.signature_tally(open_petition) == (0, 0)


def test_publishing_takes_the_eds_requirement_from_the_setting(settings, in_moderation, moderator):
    settings.PETITIONS_REQUIRE_EDS = True

    petition = services.petition_publish(petition=in_moderation, moderator=moderator)

    assert petition.eds_required is True


def test_the_repair_job_restores_the_eds_count(trusted, authority, open_petition, citizen):
    sign_with_eds(authority, open_petition, citizen)
    open_petition.counter_shards.update(count=0, eds_count=0)

    assert services.signature_count_repair(petition=open_petition) == 1
    assert selectors.signature_tally(open_petition) == (1, 1)


class TestSignPage:
    def test_the_page_shows_the_statement_and_the_signing_client_form(
        self, client, settings, open_petition, citizen
    ):
        settings.EDS_SIGNING_CLIENT_URL = "http://127.0.0.1:8001/eds/sign/"
        client.force_login(citizen)

        page = html.unescape(
            client.get(reverse("petitions:sign", args=[open_petition.uid])).content.decode()
        )

        assert f"petition: {open_petition.uid}" in page
        assert 'action="http://127.0.0.1:8001/eds/sign/"' in page
        assert reverse("petitions:sign_eds", args=[open_petition.uid]) in page

    def test_posting_a_valid_eds_signs_and_says_so(
        self, client, trusted, authority, open_petition, citizen
    ):
        client.force_login(citizen)
        statement = fresh_statement(open_petition, citizen)
        cms = base64.b64encode(sign(authority, citizen, statement)).decode()

        response = client.post(
            reverse("petitions:sign_eds", args=[open_petition.uid]),
            # as a browser sends a form field: CRLF line breaks
            {"statement": statement.replace("\n", "\r\n"), "cms": cms},
            follow=True,
        )

        assert "with your verified EDS" in response.content.decode()
        assert Signature.objects.get(citizen=citizen).eds_cms is not None
        assert "1 signature carries a verified EDS" in response.content.decode()

    def test_a_failed_eds_shows_why_keeps_the_input_and_stores_nothing(
        self, client, trusted, authority, open_petition, citizen
    ):
        client.force_login(citizen)
        statement = fresh_statement(open_petition, citizen)
        cms = base64.b64encode(sign(authority, citizen, statement, iin="900514400019")).decode()

        response = client.post(
            reverse("petitions:sign_eds", args=[open_petition.uid]),
            {"statement": statement, "cms": cms},
        )

        page = html.unescape(response.content.decode())
        assert response.status_code == 400
        assert "There is a problem" in page
        assert cms in page
        assert not Signature.objects.exists()

    def test_an_empty_signature_gets_a_clear_message(self, client, open_petition, citizen):
        client.force_login(citizen)
        response = client.post(
            reverse("petitions:sign_eds", args=[open_petition.uid]),
            {"statement": fresh_statement(open_petition, citizen), "cms": ""},
        )

        assert response.status_code == 400
        assert "paste your signature or choose its file" in html.unescape(response.content.decode())

    def test_a_signature_file_can_be_uploaded(
        self, client, trusted, authority, open_petition, citizen, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(citizen)
        statement = fresh_statement(open_petition, citizen)
        upload = SimpleUploadedFile("signature.p7s", sign(authority, citizen, statement))

        client.post(
            reverse("petitions:sign_eds", args=[open_petition.uid]),
            {"statement": statement, "cms_file": upload},
        )

        assert Signature.objects.get(citizen=citizen).eds_cms is not None


class TestReverify:
    @pytest.fixture
    def eds_signature(self, trusted, authority, open_petition, citizen):
        sign_with_eds(authority, open_petition, citizen)
        services.signature_create(petition=open_petition, citizen=UserFactory())  # no EDS

    def test_stored_signatures_verify_again(self, eds_signature):
        out = StringIO()
        call_command("eds_reverify", "--all", stdout=out)

        assert "Checked 1 EDS signatures: 1 valid, 0 not." in out.getvalue()

    def test_a_sample_is_checked_too(self, eds_signature):
        out = StringIO()
        call_command("eds_reverify", "--sample", "5", stdout=out)

        assert "Checked 1 EDS signatures" in out.getvalue()

    def test_a_signature_that_no_longer_verifies_is_reported_and_fails_the_command(
        self, eds_signature, tmp_path, settings
    ):
        stranger = nca.create_authority(name="Another CA")
        (tmp_path / "other-root.pem").write_bytes(_pem(stranger.root_cert))
        settings.EDS_TRUST_ROOTS = [str(tmp_path / "other-root.pem")]
        out = StringIO()

        with pytest.raises(SystemExit) as exit_status:
            call_command("eds_reverify", "--all", stdout=out)

        assert exit_status.value.code == 1
        assert "untrusted" in out.getvalue()
        assert "0 valid, 1 not" in out.getvalue()
