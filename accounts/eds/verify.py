"""Verifying a citizen's detached signature over a statement; it returns or raises, never stores."""

import hashlib
from datetime import datetime

from cryptography import x509
from django.utils import timezone
from pyhanko.sign.validation.generic_cms import validate_sig_integrity

from accounts.eds.cms import parse_cms, read_signature, signer_certificates
from accounts.eds.errors import EDSError
from accounts.eds.gost import ExternalVerifier, external_verifier
from accounts.eds.signer import SignerCertificate, key_algorithm
from accounts.eds.trust import check_certificate

__all__ = [
    "EDSError",
    "ExternalVerifier",
    "SignerCertificate",
    "parse_cms",
    "verify_detached",
]

DIGEST_ALGORITHMS = {"sha256", "sha384", "sha512"}
SIGNATURE_ALGORITHMS = {
    "rsassa_pkcs1v15",  # "rsaEncryption", hashed with the digest algorithm above
    "sha256_rsa",
    "sha384_rsa",
    "sha512_rsa",
    "sha256_ecdsa",
    "sha384_ecdsa",
    "sha512_ecdsa",
}


def verify_detached(
    statement: bytes,
    cms: bytes | str,
    *,
    expected_iin: str | None = None,
    moment: datetime | None = None,
) -> SignerCertificate:
    """Who signed statement, if cms is a valid signature over it by a trusted signing certificate.

    cms may be DER, PEM or base64 (see parse_cms). The certificate must chain to EDS_TRUST_ROOTS,
    be valid and absent from EDS_CRLS at `moment` (default: now), carry nonRepudiation and an IIN,
    and that IIN must be expected_iin when given. Raises EDSError with the reason otherwise.
    """
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("moment must be timezone-aware.")
    der, signed_data = read_signature(cms)
    cert, other_certs = signer_certificates(signed_data)
    oid = cert["tbs_certificate"]["subject_public_key_info"]["algorithm"]["algorithm"].dotted
    algorithm = key_algorithm(oid)
    if algorithm == "gost":
        signer = external_verifier().verify(statement, der, moment=moment)
    elif algorithm is None:
        raise EDSError("unsupported_algorithm", detail=f"public key algorithm {oid}")
    else:
        _check_integrity(statement, signed_data, cert)
        check_certificate(cert, other_certs, moment=moment)
        signer = _read_signer(cert.dump(), algorithm=algorithm)
    if expected_iin is not None and signer.iin != expected_iin:
        raise EDSError("wrong_iin", detail="the certificate names another IIN")
    return signer


def _check_integrity(statement: bytes, signed_data, cert) -> None:
    """Raise EDSError unless the signature, by cert's key, covers exactly these statement bytes."""
    signer_info = signed_data["signer_infos"][0]
    digest_algorithm = signer_info["digest_algorithm"]["algorithm"].native
    signature_algorithm = signer_info["signature_algorithm"]["algorithm"].native
    if digest_algorithm not in DIGEST_ALGORITHMS or signature_algorithm not in SIGNATURE_ALGORITHMS:
        raise EDSError(
            "unsupported_algorithm", detail=f"{digest_algorithm} with {signature_algorithm}"
        )
    content_type = signed_data["encap_content_info"]["content_type"].native
    digest = hashlib.new(digest_algorithm, statement).digest()
    try:
        # Checks the signed attributes (content type, message digest) and the signature over them.
        digest_matches, signature_valid = validate_sig_integrity(
            signer_info, cert, content_type, digest
        )
    except ValueError as exc:  # pyhanko's CMS structure errors
        raise EDSError("malformed", detail=str(exc)) from exc
    if not (digest_matches and signature_valid):
        raise EDSError("tampered")


def _read_signer(der: bytes, *, algorithm: str) -> SignerCertificate:
    """The signer's facts, once trusted; EDSError("key_usage") for a certificate not for signing."""
    try:
        cert = x509.load_der_x509_certificate(der)
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    except ValueError as exc:  # a certificate too irregular for cryptography to read
        raise EDSError("malformed", detail=str(exc)) from exc
    # NCA's signing certificates carry nonRepudiation; its sign-in (AUTH) certificates do not.
    if usage is None or not usage.content_commitment:
        raise EDSError("key_usage", detail="no nonRepudiation (contentCommitment) key usage")
    return SignerCertificate.from_certificate(cert, key_algorithm=algorithm)
