"""EDS verification: a good signature names its signer; each kind of bad one has its own code."""

import base64
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured

from accounts.eds import EDSError, SignerCertificate, parse_cms, verify_detached
from accounts.eds.errors import MESSAGES
from accounts.eds.revocation import index_revocations
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


# --- Revocation: the citizen's certificate is looked up in an index of its issuer's CRLs ---


def crl_pem(
    key,
    *,
    issuer: x509.Name,
    revoked: dict[int, datetime] | None = None,
    extensions: tuple[tuple[x509.ExtensionType, bool], ...] = (),
    reason: x509.ReasonFlags | None = None,
) -> bytes:
    """A CRL in issuer's name, signed by key, listing revoked (serial: when), current for a week."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer)
        .last_update(now)
        .next_update(now + timedelta(days=7))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    for serial, revoked_at in (revoked or {}).items():
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(revoked_at)
        if reason is not None:
            entry = entry.add_extension(x509.CRLReason(reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(key, hashes.SHA256()).public_bytes(PEM)


def use_crls(settings, tmp_path, *crls: bytes) -> None:
    paths = []
    for number, content in enumerate(crls):
        paths.append(tmp_path / f"crl-{number}.pem")
        paths[-1].write_bytes(content)
    settings.EDS_CRLS = [str(path) for path in paths]


def ecdsa_issuing_ca(authority) -> nca.Authority:
    """authority with its issuing CA on an ECDSA P-256 key, so its CRLs are signed with ECDSA."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    usage = authority.issuing_cert.extensions.get_extension_for_class(x509.KeyUsage).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(authority.issuing_cert.subject)
        .issuer_name(authority.root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.root_key.public_key()),
            critical=False,
        )
        .sign(authority.root_key, hashes.SHA256())
    )
    return dataclasses.replace(authority, issuing_cert=cert, issuing_key=key)


def with_crl_distribution_point(authority, citizen, url: str):
    """The citizen's certificate reissued to name url as its CRL, with the same key."""
    cert, key = citizen
    builder = (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.issuer)
        .public_key(cert.public_key())
        .serial_number(cert.serial_number)
        .not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc)
    )
    for extension in cert.extensions:
        builder = builder.add_extension(extension.value, critical=extension.critical)
    point = x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)
    builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return builder.sign(authority.issuing_key, hashes.SHA256()), key


@pytest.mark.parametrize("beside_the_real_one", [False, True], ids=["alone", "beside-the-real"])
def test_a_crl_not_signed_by_its_issuer_is_refused(
    eds_settings, authority, citizen, tmp_path, beside_the_real_one
):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = crl_pem(other_key, issuer=authority.issuing_cert.subject)  # the CA's name, not its key
    crls = (nca.crl_pem(authority), forged) if beside_the_real_one else (forged,)
    use_crls(eds_settings, tmp_path, *crls)

    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_a_crl_of_an_unknown_issuer_vouches_for_no_one(eds_settings, authority, citizen, tmp_path):
    stranger = nca.create_authority(name="Stranger NCA")  # neither configured nor on the path
    use_crls(eds_settings, tmp_path, nca.crl_pem(stranger))

    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_a_revocation_counts_from_its_moment_on(eds_settings, authority, citizen, tmp_path):
    revoked_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)  # as a CRL has it
    nca.revoke(authority, citizen[0], at=revoked_at)
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    signature = sign(authority, citizen)

    moment = revoked_at - timedelta(seconds=1)
    assert verify_detached(STATEMENT, signature, moment=moment).iin == IIN
    assert refusal(STATEMENT, signature, moment=revoked_at) == "revoked"
    assert refusal(STATEMENT, signature) == "revoked"  # now


def test_among_many_revoked_serials_only_the_citizens_counts(
    eds_settings, authority, citizen, tmp_path
):
    serial = citizen[0].serial_number
    long_ago = authority.issuing_cert.not_valid_before_utc
    authority.revoked = {serial + offset: long_ago for offset in range(-2_500, 2_501) if offset}
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    signature = sign(authority, citizen)

    assert verify_detached(STATEMENT, signature).iin == IIN  # its neighbours are revoked, not it

    authority.revoked[serial] = long_ago
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(authority))
    assert len(authority.revoked) == 5_001
    assert refusal(STATEMENT, signature) == "revoked"


def test_an_ecdsa_issuing_cas_crl_is_checked(eds_settings, authority, tmp_path):
    issuing_ca = ecdsa_issuing_ca(authority)
    citizen = nca.issue_citizen(issuing_ca, iin=IIN, surname="ASANOVA", given_name="AIGUL")
    signature = sign(issuing_ca, citizen)
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(issuing_ca))
    assert verify_detached(STATEMENT, signature).iin == IIN

    nca.revoke(issuing_ca, citizen[0], at=datetime.now(UTC) - timedelta(minutes=5))
    (tmp_path / "crl.pem").write_bytes(nca.crl_pem(issuing_ca))
    assert refusal(STATEMENT, signature) == "revoked"

    forged = crl_pem(
        ec.generate_private_key(ec.SECP256R1()), issuer=issuing_ca.issuing_cert.subject
    )
    (tmp_path / "crl.pem").write_bytes(forged)
    assert refusal(STATEMENT, signature) == "crl_unavailable"


def partial(**scope) -> x509.IssuingDistributionPoint:
    fields = {
        "full_name": None,
        "relative_name": None,
        "only_contains_user_certs": False,
        "only_contains_ca_certs": False,
        "only_some_reasons": None,
        "indirect_crl": False,
        "only_contains_attribute_certs": False,
    }
    return x509.IssuingDistributionPoint(**(fields | scope))


CRL_URL = "http://crl.example.kz/nca_rsa.crl"


@pytest.mark.parametrize(
    "extension",
    [
        partial(only_contains_ca_certs=True),
        partial(only_some_reasons=frozenset({x509.ReasonFlags.key_compromise})),
        partial(full_name=[x509.UniformResourceIdentifier(CRL_URL)]),  # the citizen names none
        partial(indirect_crl=True),
        x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.398.3.99"), b"\x05\x00"),
    ],
    ids=["ca-certificates-only", "some-reasons-only", "partition", "indirect", "unknown-critical"],
)
def test_a_crl_that_does_not_cover_citizens_is_not_enough(
    eds_settings, authority, citizen, tmp_path, extension
):
    scoped = crl_pem(
        authority.issuing_key,
        issuer=authority.issuing_cert.subject,
        extensions=((extension, True),),
    )
    use_crls(eds_settings, tmp_path, scoped)

    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_a_partitioned_crl_covers_the_citizens_who_name_it(
    eds_settings, authority, citizen, tmp_path
):
    citizen = with_crl_distribution_point(authority, citizen, CRL_URL)
    point = partial(full_name=[x509.UniformResourceIdentifier(CRL_URL)])
    issuer = authority.issuing_cert.subject
    use_crls(
        eds_settings,
        tmp_path,
        crl_pem(authority.issuing_key, issuer=issuer, extensions=((point, True),)),
    )
    assert verify_detached(STATEMENT, sign(authority, citizen)).iin == IIN

    other = partial(full_name=[x509.UniformResourceIdentifier(CRL_URL + ".2")])
    use_crls(
        eds_settings,
        tmp_path,
        crl_pem(authority.issuing_key, issuer=issuer, extensions=((other, True),)),
    )
    assert refusal(STATEMENT, sign(authority, citizen)) == "crl_unavailable"


def test_a_revocation_on_a_delta_crl_counts(eds_settings, authority, citizen, tmp_path):
    announces_delta = x509.FreshestCRL(
        [
            x509.DistributionPoint(
                [x509.UniformResourceIdentifier(CRL_URL + ".delta")], None, None, None
            )
        ]
    )
    issuer = authority.issuing_cert.subject
    complete = crl_pem(authority.issuing_key, issuer=issuer, extensions=((announces_delta, False),))
    use_crls(eds_settings, tmp_path, complete)
    signature = sign(authority, citizen)
    assert refusal(STATEMENT, signature) == "crl_unavailable"  # its delta is missing

    delta_of = ((x509.DeltaCRLIndicator(1), True),)
    revoked = {citizen[0].serial_number: datetime.now(UTC) - timedelta(minutes=5)}
    lifted = crl_pem(
        authority.issuing_key,
        issuer=issuer,
        revoked=revoked,
        extensions=delta_of,
        reason=x509.ReasonFlags.remove_from_crl,  # a certificate hold lifted
    )
    use_crls(eds_settings, tmp_path, complete, lifted)
    assert verify_detached(STATEMENT, signature).iin == IIN

    delta = crl_pem(authority.issuing_key, issuer=issuer, revoked=revoked, extensions=delta_of)
    use_crls(eds_settings, tmp_path, complete, delta)
    assert refusal(STATEMENT, signature) == "revoked"


def test_an_index_counts_only_a_crl_current_when_checked(authority, citizen):
    """crl_versions refuses a stale file first; the index must not outlive its CRL either."""
    der = x509.load_pem_x509_crl(nca.crl_pem(authority)).public_bytes(serialization.Encoding.DER)
    revocations = index_revocations([der], authority.issuing_cert)
    now = datetime.now(UTC)

    revocations.check(citizen[0], moment=now, now=now)
    with pytest.raises(EDSError) as caught:
        revocations.check(citizen[0], moment=now, now=now + nca.CRL_LIFETIME + timedelta(hours=1))
    assert caught.value.code == "crl_unavailable"
