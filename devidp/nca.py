"""A stand-in National Certification Authority (NCA) for the demo and tests; never for production.

It issues citizen certificates shaped like the NCA's (the IIN in the subject serialNumber), revokes
them, publishes a CRL and makes detached CMS signatures as NCALayer does on a citizen's computer.
Its private keys are written unencrypted, so anyone who can read the directory can sign as anyone.
"""

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CitizenKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
Citizens = dict[str, tuple[x509.Certificate, CitizenKey]]

CRL_LIFETIME = timedelta(days=7)
KEY_USAGE_FLAGS = (
    "digital_signature",
    "content_commitment",  # nonRepudiation
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


@dataclass
class Authority:
    """A root CA, the issuing CA under it, and the serials the issuing CA revoked (with when)."""

    root_cert: x509.Certificate
    root_key: rsa.RSAPrivateKey
    issuing_cert: x509.Certificate
    issuing_key: rsa.RSAPrivateKey
    revoked: dict[int, datetime] = field(default_factory=dict)


def create_authority(*, name: str = "Qoldau Test NCA", now: datetime | None = None) -> Authority:
    """A new root CA (ten years) and an issuing CA under it (five years), both RSA 2048."""
    now = now or datetime.now(UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _ca_name(f"{name} Root")
    root_cert = _ca_certificate(
        subject=root_name,
        public_key=root_key.public_key(),
        issuer=root_name,
        issuer_key=root_key,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=3650),
    )
    issuing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuing_cert = _ca_certificate(
        subject=_ca_name(name),
        public_key=issuing_key.public_key(),
        issuer=root_name,
        issuer_key=root_key,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=1825),
    )
    return Authority(root_cert, root_key, issuing_cert, issuing_key)


def issue_citizen(
    authority: Authority,
    *,
    iin: str,
    surname: str,
    given_name: str,
    key_type: str = "rsa",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    purpose: str = "sign",
) -> tuple[x509.Certificate, CitizenKey]:
    """A citizen's certificate as the NCA issues it: CN, SURNAME, serialNumber=IIN..., C=KZ, GN."""
    if not _is_iin(iin):
        raise ValueError(f"An IIN is 12 digits, not {iin!r}.")
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{surname} {given_name}"),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
        ]
    )
    return issue_certificate(
        authority,
        subject=subject,
        key_type=key_type,
        not_before=not_before,
        not_after=not_after,
        purpose=purpose,
    )


def issue_certificate(
    authority: Authority,
    *,
    subject: x509.Name,
    key_type: str = "rsa",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    purpose: str = "sign",
) -> tuple[x509.Certificate, CitizenKey]:
    """An end-entity certificate for any subject (tests use it for subjects the NCA never issues).

    purpose "sign" gives digitalSignature + nonRepudiation, as the NCA's signing (RSA256_...) keys;
    "auth" gives digitalSignature + keyEncipherment, as its sign-in (AUTH_RSA256_...) keys.
    """
    if key_type == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif key_type == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise ValueError(f"key_type must be 'rsa' or 'ec', not {key_type!r}.")
    if purpose == "sign":
        usage = _key_usage(digital_signature=True, content_commitment=True)
        extended_usage = [ExtendedKeyUsageOID.EMAIL_PROTECTION]
    elif purpose == "auth":
        usage = _key_usage(digital_signature=True, key_encipherment=True)
        extended_usage = [ExtendedKeyUsageOID.CLIENT_AUTH]
    else:
        raise ValueError(f"purpose must be 'sign' or 'auth', not {purpose!r}.")
    now = datetime.now(UTC)
    issuer_key = authority.issuing_key
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(authority.issuing_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage(extended_usage), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


def revoke(authority: Authority, cert: x509.Certificate, *, at: datetime | None = None) -> None:
    """Record that the issuing CA revoked cert (now, unless at says when); crl_pem publishes it."""
    if cert.issuer != authority.issuing_cert.subject:
        raise ValueError("This certificate was not issued by this authority.")
    authority.revoked[cert.serial_number] = at or datetime.now(UTC)


def crl_pem(authority: Authority, *, now: datetime | None = None) -> bytes:
    """The issuing CA's CRL listing every revoked serial; its next update is in seven days."""
    now = now or datetime.now(UTC)
    issuer_key = authority.issuing_key
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.issuing_cert.subject)
        .last_update(now)
        .next_update(now + CRL_LIFETIME)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    for serial, revoked_at in sorted(authority.revoked.items()):
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(revoked_at)
        builder = builder.add_revoked_certificate(entry.build())
    crl = builder.sign(issuer_key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.PEM)


def sign_detached(
    data: bytes,
    *,
    cert: x509.Certificate,
    key: CitizenKey,
    chain: list[x509.Certificate],
) -> bytes:
    """A DER CMS SignedData over data, detached, SHA-256, with signing time; embeds cert + chain."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, hashes.SHA256())
    for ca_cert in chain:
        builder = builder.add_certificate(ca_cert)
    # Binary: sign the bytes as they are, without S/MIME's LF -> CRLF translation.
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    return builder.sign(serialization.Encoding.DER, options)


def write_directory(path: Path, authority: Authority, citizens: Citizens) -> None:
    """Write the authority, a fresh CRL and the citizens' certificates and keys under path."""
    path.mkdir(parents=True, exist_ok=True)
    _write_certificate(path / "root.pem", authority.root_cert)
    _write_private_key(path / "root.key.pem", authority.root_key)
    _write_certificate(path / "intermediate.pem", authority.issuing_cert)
    _write_private_key(path / "intermediate.key.pem", authority.issuing_key)
    revoked = {str(serial): at.isoformat() for serial, at in sorted(authority.revoked.items())}
    (path / "revoked.json").write_text(json.dumps(revoked, indent=2) + "\n")
    (path / "crl.pem").write_bytes(crl_pem(authority))
    for iin, (cert, key) in citizens.items():
        if not _is_iin(iin):
            raise ValueError(f"An IIN is 12 digits, not {iin!r}.")
        folder = path / "citizens" / iin
        folder.mkdir(parents=True, exist_ok=True)
        _write_certificate(folder / "cert.pem", cert)
        _write_private_key(folder / "key.pem", key)


def load_directory(path: Path) -> tuple[Authority, Citizens]:
    """Read back what write_directory wrote."""
    revoked = json.loads((path / "revoked.json").read_text())
    authority = Authority(
        root_cert=_read_certificate(path / "root.pem"),
        root_key=_read_private_key(path / "root.key.pem"),
        issuing_cert=_read_certificate(path / "intermediate.pem"),
        issuing_key=_read_private_key(path / "intermediate.key.pem"),
        revoked={int(serial): datetime.fromisoformat(at) for serial, at in revoked.items()},
    )
    citizens: Citizens = {}
    folders = sorted((path / "citizens").iterdir()) if (path / "citizens").is_dir() else []
    for folder in folders:
        citizens[folder.name] = (
            _read_certificate(folder / "cert.pem"),
            _read_private_key(folder / "key.pem"),
        )
    return authority, citizens


def _ca_name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_certificate(
    *,
    subject: x509.Name,
    public_key: rsa.RSAPublicKey,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    not_before: datetime,
    not_after: datetime,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def _key_usage(**flags: bool) -> x509.KeyUsage:
    """A KeyUsage with the named flags set and every other one clear."""
    return x509.KeyUsage(**{flag: flags.get(flag, False) for flag in KEY_USAGE_FLAGS})


def _is_iin(value: str) -> bool:
    return len(value) == 12 and value.isascii() and value.isdigit()


def _write_certificate(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _write_private_key(path: Path, key) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file that already existed keeps its old mode otherwise
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def _read_certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _read_private_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)
