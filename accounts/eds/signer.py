"""Who signed: the facts the portal keeps from a verified signer's certificate."""

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from accounts.eds.errors import EDSError

RSA_KEY_OID = "1.2.840.113549.1.1.1"
EC_KEY_OID = "1.2.840.10045.2.1"
# Kazakhstan's GOST 34.310-2004 and GOST R 34.10-2015 keys, and Russian GOST R 34.10-2001/2012.
GOST_KEY_OID_PREFIXES = ("1.2.398.3.10.1.1.", "1.2.643.2.2.", "1.2.643.7.1.1.1.")
# The NCA writes the IIN into the subject serialNumber as "IIN" and 12 digits.
IIN_SERIAL_NUMBER = re.compile(r"IIN([0-9]{12})")


@dataclass(frozen=True)
class SignerCertificate:
    iin: str
    common_name: str
    serial_number: int  # the certificate's serial, not the subject serialNumber
    issuer: str  # RFC 4514, e.g. "CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA),C=KZ"
    not_before: datetime
    not_after: datetime
    key_algorithm: str  # "rsa", "ec" or "gost"

    @classmethod
    def from_certificate(cls, cert: x509.Certificate, *, key_algorithm: str) -> "SignerCertificate":
        """Read a verified certificate; raise EDSError("no_iin") unless it names one IIN."""
        return cls(
            iin=certificate_iin(cert),
            common_name=_first_value(cert.subject, NameOID.COMMON_NAME),
            serial_number=cert.serial_number,
            issuer=cert.issuer.rfc4514_string(),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            key_algorithm=key_algorithm,
        )


def key_algorithm(oid: str) -> str | None:
    """The family of a subjectPublicKeyInfo algorithm OID: "rsa", "ec", "gost", or None."""
    if oid == RSA_KEY_OID:
        return "rsa"
    if oid == EC_KEY_OID:
        return "ec"
    if oid.startswith(GOST_KEY_OID_PREFIXES):
        return "gost"
    return None


def certificate_iin(cert: x509.Certificate) -> str:
    """The IIN in the subject serialNumber; EDSError("no_iin") when there is none or several."""
    iins = {
        match[1]
        for attribute in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        if (match := IIN_SERIAL_NUMBER.fullmatch(str(attribute.value)))
    }
    if len(iins) != 1:
        raise EDSError("no_iin", detail=f"subject: {cert.subject.rfc4514_string()}")
    return iins.pop()


def _first_value(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    attributes = name.get_attributes_for_oid(oid)
    return str(attributes[0].value) if attributes else ""


@dataclass(frozen=True)
class CertificateFacts:
    """What may be shown publicly of a signing certificate: never its subject (it holds the IIN)."""

    issuer: str
    not_before: datetime
    not_after: datetime
    sha256_fingerprint: str  # hex, colon-separated as openssl prints it


def certificate_facts(der: bytes) -> CertificateFacts:
    cert = x509.load_der_x509_certificate(der)
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return CertificateFacts(
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256_fingerprint=":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
    )
