"""The stand-in NCA (devidp.nca): certificates shaped like NCA's, a CRL, CMS, its directory."""

import json
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from devidp import nca

IIN = "900514400019"
OTHER_IIN = "851130300026"


@pytest.fixture
def authority():
    return nca.create_authority()


def subject_values(cert: x509.Certificate) -> dict[str, str]:
    return {attribute.oid.dotted_string: attribute.value for attribute in cert.subject}


def test_a_citizen_certificate_is_shaped_like_the_ncas(authority):
    cert, key = nca.issue_citizen(authority, iin=IIN, surname="ASANOVA", given_name="AIGUL")

    assert subject_values(cert) == {
        NameOID.COMMON_NAME.dotted_string: "ASANOVA AIGUL",
        NameOID.SURNAME.dotted_string: "ASANOVA",
        NameOID.SERIAL_NUMBER.dotted_string: f"IIN{IIN}",
        NameOID.COUNTRY_NAME.dotted_string: "KZ",
        NameOID.GIVEN_NAME.dotted_string: "AIGUL",
    }
    assert cert.issuer == authority.issuing_cert.subject
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=365) < lifetime <= timedelta(days=366, seconds=5)


def test_signing_and_sign_in_certificates_differ_in_key_usage(authority):
    signing, _ = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B")
    sign_in, _ = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B", purpose="auth")

    signing_usage = signing.extensions.get_extension_for_class(x509.KeyUsage).value
    sign_in_usage = sign_in.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (signing_usage.digital_signature, signing_usage.content_commitment) == (True, True)
    assert (sign_in_usage.digital_signature, sign_in_usage.content_commitment) == (True, False)
    assert sign_in_usage.key_encipherment


def test_an_ec_citizen_gets_a_p256_key(authority):
    _, key = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B", key_type="ec")

    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert key.curve.name == "secp256r1"


@pytest.mark.parametrize("iin", ["12345", "90051440001x", "../../etc/pw"])
def test_only_an_iin_of_12_digits_gets_a_certificate(authority, iin):
    with pytest.raises(ValueError, match="12 digits"):
        nca.issue_citizen(authority, iin=iin, surname="A", given_name="B")


def test_the_crl_lists_revoked_serials_and_expires_in_a_week(authority):
    cert, _ = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B")
    revoked_at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    nca.revoke(authority, cert, at=revoked_at)
    now = datetime.now(UTC).replace(microsecond=0)

    crl = x509.load_pem_x509_crl(nca.crl_pem(authority, now=now))

    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry is not None and entry.revocation_date_utc == revoked_at
    assert crl.issuer == authority.issuing_cert.subject
    assert crl.is_signature_valid(authority.issuing_cert.public_key())
    assert crl.next_update_utc - now == timedelta(days=7)


def test_another_authoritys_certificate_cannot_be_revoked(authority):
    stranger = nca.create_authority(name="Other CA")
    cert, _ = nca.issue_citizen(stranger, iin=IIN, surname="A", given_name="B")

    with pytest.raises(ValueError, match="not issued by this authority"):
        nca.revoke(authority, cert)


def test_a_directory_reads_back_what_was_written(authority, tmp_path):
    citizen = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B")
    nca.revoke(authority, citizen[0], at=datetime(2026, 1, 5, tzinfo=UTC))

    nca.write_directory(tmp_path, authority, {IIN: citizen})
    loaded, citizens = nca.load_directory(tmp_path)

    assert loaded.root_cert == authority.root_cert
    assert loaded.issuing_cert == authority.issuing_cert
    assert loaded.revoked == authority.revoked
    assert list(citizens) == [IIN]
    assert citizens[IIN][0] == citizen[0]
    assert citizens[IIN][1].private_numbers() == citizen[1].private_numbers()
    assert json.loads((tmp_path / "revoked.json").read_text()) == {
        str(citizen[0].serial_number): "2026-01-05T00:00:00+00:00"
    }
    crl = x509.load_pem_x509_crl((tmp_path / "crl.pem").read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(citizen[0].serial_number) is not None


def test_private_keys_are_readable_by_the_owner_only(authority, tmp_path):
    citizen = nca.issue_citizen(authority, iin=IIN, surname="A", given_name="B")
    (tmp_path / "root.key.pem").write_text("old")
    (tmp_path / "root.key.pem").chmod(0o644)

    nca.write_directory(tmp_path, authority, {IIN: citizen})

    for key_file in ["root.key.pem", "intermediate.key.pem", f"citizens/{IIN}/key.pem"]:
        assert stat.S_IMODE((tmp_path / key_file).stat().st_mode) == 0o600, key_file
