"""EDS verification: a good signature names its signer; each kind of bad one has its own code."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured

from accounts.eds import EDSError, SignerCertificate, parse_cms, verify_detached
from accounts.eds.errors import MESSAGES
from accounts.eds.signer import key_algorithm
from devidp import nca

STATEMENT = "Мен №42 петицияға қол қоямын. I sign petition No. 42.\n".encode()
IIN = "900514400019"
OTHER_IIN = "851130300026"
PEM = serialization.Encoding.PEM


@pytest.fixture
def authority():
    return nca.create_authority()


@pytest.fixture
def eds_settings(settings, tmp_path, authority):
    """Trust authority's root and its current CRL, as a deployment would."""
    (tmp_path / "root.pem").write_bytes(authority.root_cert.public_bytes(PEM))
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    settings.EDS_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.EDS_CRLS = [str(tmp_path / "crl.pem")]
    settings.EDS_GOST_VERIFIER = ""
    return settings


@pytest.fixture
def citizen(authority):
    return nca.issue_citizen(authority, iin=IIN, surname="ASANOVA", given_name="AIGUL")


def sign(authority, citizen, statement=STATEMENT):
    cert, key = citizen
    return nca.sign_detached(statement, cert=cert, key=key, chain=[authority.issuing_cert])


def refusal(statement, signature, **kwargs) -> str:
    with pytest.raises(EDSError) as caught:
        verify_detached(statement, signature, **kwargs)
    return caught.value.code


def test_a_valid_rsa_signature_names_the_signer(eds_settings, authority, citizen):
    signer = verify_detached(STATEMENT, sign(authority, citizen), expected_iin=IIN)

    assert signer == SignerCertificate(
        iin=IIN,
        common_name="ASANOVA AIGUL",
        serial_number=citizen[0].serial_number,
        issuer="CN=Qoldau Test NCA,C=KZ",
        not_before=citizen[0].not_valid_before_utc,
        not_after=citizen[0].not_valid_after_utc,
        key_algorithm="rsa",
    )


def test_a_valid_ecdsa_signature_is_accepted(eds_settings, authority):
    citizen = nca.issue_citizen(
        authority, iin=IIN, surname="ASANOVA", given_name="AIGUL", key_type="ec"
    )

    signer = verify_detached(STATEMENT, sign(authority, citizen), expected_iin=IIN)

    assert (signer.iin, signer.key_algorithm) == (IIN, "ec")


def test_the_signature_may_come_as_base64_text(eds_settings, authority, citizen):
    text = base64.encodebytes(sign(authority, citizen)).decode()

    assert verify_detached(STATEMENT, text).iin == IIN


def test_another_citizens_certificate_is_refused(eds_settings, authority, citizen):
    assert refusal(STATEMENT, sign(authority, citizen), expected_iin=OTHER_IIN) == "wrong_iin"


def test_a_changed_statement_is_refused(eds_settings, authority, citizen):
    signature = sign(authority, citizen)

    assert refusal(STATEMENT.replace(b"42", b"43"), signature) == "tampered"


def test_a_signature_without_signed_attributes_is_checked_too(eds_settings, authority, citizen):
    cert, key = citizen
    options = [
        pkcs7.PKCS7Options.DetachedSignature,
        pkcs7.PKCS7Options.Binary,
        pkcs7.PKCS7Options.NoAttributes,
    ]
    builder = (
        pkcs7.PKCS7SignatureBuilder().set_data(STATEMENT).add_signer(cert, key, hashes.SHA256())
    )
    signature = builder.add_certificate(authority.issuing_cert).sign(
        serialization.Encoding.DER, options
    )

    assert verify_detached(STATEMENT, signature).iin == IIN
    assert refusal(STATEMENT + b" ", signature) == "tampered"


def test_an_expired_certificate_is_refused(eds_settings, authority):
    now = datetime.now(UTC)
    citizen = nca.issue_citizen(
        authority,
        iin=IIN,
        surname="ASANOVA",
        given_name="AIGUL",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=1),
    )

    assert refusal(STATEMENT, sign(authority, citizen)) == "expired"


def test_a_certificate_not_yet_valid_is_refused(eds_settings, authority):
    now = datetime.now(UTC)
    citizen = nca.issue_citizen(
        authority,
        iin=IIN,
        surname="ASANOVA",
        given_name="AIGUL",
        not_before=now + timedelta(days=1),
        not_after=now + timedelta(days=365),
    )

    assert refusal(STATEMENT, sign(authority, citizen)) == "not_yet_valid"


def test_a_revoked_certificate_is_refused(eds_settings, authority, citizen, tmp_path):
    signature = sign(authority, citizen)
    verify_detached(STATEMENT, signature)  # accepted before the revocation

    nca.revoke(authority, citizen[0], at=datetime.now(UTC) - timedelta(minutes=5))
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))

    assert refusal(STATEMENT, signature) == "revoked"


def test_a_signature_checked_as_of_before_the_revocation_is_valid(
    eds_settings, authority, citizen, tmp_path
):
    signature = sign(authority, citizen)
    revoked_at = datetime.now(UTC) - timedelta(hours=1)
    nca.revoke(authority, citizen[0], at=revoked_at)
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))

    before = verify_detached(STATEMENT, signature, moment=revoked_at - timedelta(hours=1))

    assert before.iin == IIN
    assert refusal(STATEMENT, signature, moment=revoked_at + timedelta(minutes=1)) == "revoked"


def test_a_certificate_of_another_authority_is_untrusted(eds_settings):
    stranger = nca.create_authority(name="Qoldau Test NCA")  # same names, other keys
    citizen = nca.issue_citizen(stranger, iin=IIN, surname="ASANOVA", given_name="AIGUL")

    assert refusal(STATEMENT, sign(stranger, citizen)) == "untrusted"


def test_nothing_is_trusted_without_configured_roots(eds_settings, authority, citizen):
    eds_settings.EDS_TRUST_ROOTS = []

    assert refusal(STATEMENT, sign(authority, citizen)) == "untrusted"


def test_a_configured_issuing_ca_completes_a_chain_but_is_no_root(
    eds_settings, authority, citizen, tmp_path
):
    cert, key = citizen
    signature = nca.sign_detached(STATEMENT, cert=cert, key=key, chain=[])  # as NCALayer may
    assert refusal(STATEMENT, signature) == "untrusted"  # nothing leads to the root

    (tmp_path / "nca.pem").write_bytes(authority.issuing_cert.public_bytes(PEM))
    eds_settings.EDS_TRUST_ROOTS = [str(tmp_path / "nca.pem")]
    assert refusal(STATEMENT, signature) == "untrusted"  # the issuing CA alone is not trusted

    eds_settings.EDS_TRUST_ROOTS = [str(tmp_path / "root.pem"), str(tmp_path / "nca.pem")]
    assert verify_detached(STATEMENT, signature).iin == IIN


def test_an_unreadable_trust_root_file_is_a_configuration_error(eds_settings, citizen, authority):
    eds_settings.EDS_TRUST_ROOTS = ["/nonexistent/root.pem"]

    with pytest.raises(ImproperlyConfigured):
        verify_detached(STATEMENT, sign(authority, citizen))


def test_a_sign_in_certificate_cannot_sign(eds_settings, authority):
    citizen = nca.issue_citizen(
        authority, iin=IIN, surname="ASANOVA", given_name="AIGUL", purpose="auth"
    )

    assert refusal(STATEMENT, sign(authority, citizen)) == "key_usage"


def test_a_certificate_without_an_iin_is_refused(eds_settings, authority):
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "ASANOVA AIGUL"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"BIN{IIN}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        ]
    )
    citizen = nca.issue_certificate(authority, subject=subject)

    assert refusal(STATEMENT, sign(authority, citizen)) == "no_iin"


def test_a_weak_digest_is_refused(eds_settings, authority, citizen):
    cert, key = citizen
    builder = (
        pkcs7.PKCS7SignatureBuilder().set_data(STATEMENT).add_signer(cert, key, hashes.SHA224())
    )
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    signature = builder.sign(serialization.Encoding.DER, options)

    assert refusal(STATEMENT, signature) == "unsupported_algorithm"


def test_two_signers_are_refused(eds_settings, authority, citizen):
    other_cert, other_key = nca.issue_citizen(
        authority, iin=OTHER_IIN, surname="ABDRAKHMANOV", given_name="ERLAN"
    )
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(STATEMENT)
        .add_signer(citizen[0], citizen[1], hashes.SHA256())
        .add_signer(other_cert, other_key, hashes.SHA256())
    )
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]

    assert refusal(STATEMENT, builder.sign(serialization.Encoding.DER, options)) == "malformed"


def test_a_broken_embedded_certificate_makes_the_signature_malformed(
    eds_settings, authority, citizen
):
    signature = sign(authority, citizen)
    common_name = b"\x0c\x0dASANOVA AIGUL"  # the signer's CN as a UTF8String
    assert common_name in signature
    broken = signature.replace(common_name, b"\x04" + common_name[1:], 1)  # an OCTET STRING

    assert refusal(STATEMENT, broken) == "malformed"


def test_a_crl_in_der_is_read(eds_settings, authority, citizen, tmp_path):
    crl = x509.load_pem_x509_crl(nca.crl_pem(authority))
    (tmp_path / "crl.der").write_bytes(crl.public_bytes(serialization.Encoding.DER))
    eds_settings.EDS_CRLS = [str(tmp_path / "crl.der")]

    assert verify_detached(STATEMENT, sign(authority, citizen)).iin == IIN


@pytest.mark.parametrize(
    "crl_content",
    [None, b"", b"not a CRL", "stale", "another authority's"],
    ids=["missing", "empty", "garbage", "stale", "other-issuer"],
)
def test_without_a_usable_crl_nothing_is_accepted(
    eds_settings, authority, citizen, tmp_path, crl_content
):
    crl_file = tmp_path / "crl.pem"
    if crl_content is None:
        crl_file.unlink()
    elif crl_content == "stale":
        crl_file.write_bytes(nca.crl_pem(authority, now=datetime.now(UTC) - timedelta(days=8)))
    elif crl_content == "another authority's":
        crl_file.write_bytes(nca.crl_pem(nca.create_authority()))
    else:
        crl_file.write_bytes(crl_content)

    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_no_configured_crl_means_nothing_is_accepted(eds_settings, authority, citizen):
    eds_settings.EDS_CRLS = []

    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_parse_cms_reads_der_pem_and_base64(authority, citizen):
    der = sign(authority, citizen)
    body = base64.encodebytes(der).decode()

    assert parse_cms(der) == der
    assert parse_cms(body) == der
    assert parse_cms("  " + body.replace("\n", "\r\n ") + "\n") == der
    assert parse_cms(f"-----BEGIN PKCS7-----\n{body}-----END PKCS7-----\n") == der
    assert parse_cms(f"-----BEGIN CMS-----\n{body}-----END CMS-----".encode()) == der


@pytest.mark.parametrize(
    "value",
    [
        b"",
        b"garbage",
        "not base64 at all!",
        "Қолтаңба",
        base64.b64encode(b"\x30\x03\x02\x01\x01").decode(),  # base64 of DER that is not CMS
        b"\x30\x82\xff\xff" + b"\x00" * 20,  # a truncated DER
        base64.b64encode(b"A" * 70_000).decode(),  # too large
    ],
    ids=["empty", "garbage", "bad-base64", "not-ascii", "not-cms", "truncated", "too-large"],
)
def test_parse_cms_refuses_what_is_not_a_signature(value):
    with pytest.raises(EDSError) as caught:
        parse_cms(value)

    assert caught.value.code == "malformed"


def test_parse_cms_refuses_a_certificate_pem(citizen):
    pem = citizen[0].public_bytes(PEM)

    with pytest.raises(EDSError) as caught:
        parse_cms(pem)

    assert caught.value.code == "malformed"


def test_parse_cms_refuses_cms_that_is_not_signed_data():
    data = asn1_cms.ContentInfo({"content_type": "data", "content": b"hello"}).dump()

    with pytest.raises(EDSError) as caught:
        parse_cms(data)

    assert caught.value.code == "malformed"


def test_an_error_reads_as_its_message():
    error = EDSError("revoked")

    assert (error.code, str(error)) == ("revoked", str(MESSAGES["revoked"]))
    assert "revoked" in str(error)


@pytest.mark.parametrize(
    ("oid", "family"),
    [
        ("1.2.840.113549.1.1.1", "rsa"),
        ("1.2.840.10045.2.1", "ec"),
        ("1.2.398.3.10.1.1.1.1", "gost"),  # GOST 34.310-2004 (Kazakhstan)
        ("1.2.398.3.10.1.1.2.3.1", "gost"),  # GOST R 34.10-2015 (Kazakhstan)
        ("1.2.643.7.1.1.1.1", "gost"),  # GOST R 34.10-2012, 256 bits
        ("1.3.101.112", None),  # Ed25519
    ],
)
def test_key_algorithm_families(oid, family):
    assert key_algorithm(oid) == family


class FakeGostVerifier:
    """Stands in for an external GOST service; records its calls."""

    calls: list = []

    def verify(self, statement, cms, *, moment):
        self.calls.append((statement, cms, moment))
        return SignerCertificate(
            iin=IIN,
            common_name="ASANOVA AIGUL",
            serial_number=1,
            issuer="CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST),C=KZ",
            not_before=moment - timedelta(days=1),
            not_after=moment + timedelta(days=1),
            key_algorithm="gost",
        )


def with_gost_key(signature: bytes) -> bytes:
    """The same CMS with the signer's key relabelled GOST 34.310-2004 (only the label changes)."""
    info = asn1_cms.ContentInfo.load(signature)
    for choice in info["content"]["certificates"]:
        key_info = choice.chosen["tbs_certificate"]["subject_public_key_info"]
        key_info["algorithm"] = {"algorithm": "1.2.398.3.10.1.1.1.1"}
    return info.dump(force=True)


@pytest.fixture
def gost_signature(authority, citizen):
    FakeGostVerifier.calls.clear()
    cert, key = citizen
    return with_gost_key(nca.sign_detached(STATEMENT, cert=cert, key=key, chain=[]))


def test_gost_signatures_are_refused_without_a_verifier(eds_settings, gost_signature):
    assert refusal(STATEMENT, gost_signature) == "gost_disabled"


def test_gost_signatures_go_to_the_configured_verifier(eds_settings, gost_signature):
    eds_settings.EDS_GOST_VERIFIER = f"{__name__}.FakeGostVerifier"
    moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    signer = verify_detached(STATEMENT, gost_signature, expected_iin=IIN, moment=moment)

    assert signer.key_algorithm == "gost"
    assert FakeGostVerifier.calls == [(STATEMENT, gost_signature, moment)]


def test_the_iin_from_a_gost_verifier_is_still_checked(eds_settings, gost_signature):
    eds_settings.EDS_GOST_VERIFIER = f"{__name__}.FakeGostVerifier"

    assert refusal(STATEMENT, gost_signature, expected_iin=OTHER_IIN) == "wrong_iin"
