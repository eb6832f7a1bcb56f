"""Reading a detached CMS (PKCS#7) signature as NCALayer and browsers send it: DER, PEM, base64."""

import base64
import binascii
import re

from asn1crypto import cms, x509
from pyhanko.sign.validation.generic_cms import extract_certs_for_validation

from accounts.eds.errors import EDSError

# A citizen's signature with its chain is a few kilobytes; anything far larger is not one.
MAX_CMS_BYTES = 64 * 1024
PEM_BLOCK = re.compile(rb"-----BEGIN (PKCS7|CMS)-----(?P<body>[A-Za-z0-9+/=\s]*)-----END \1-----")


def parse_cms(value: bytes | str) -> bytes:
    """The DER of a CMS SignedData sent as DER, PEM or base64; EDSError("malformed") if not one."""
    der, _ = read_signature(value)
    return der


def read_signature(value: bytes | str) -> tuple[bytes, cms.SignedData]:
    """The DER (see parse_cms) and its SignedData, which must have exactly one signer."""
    if isinstance(value, str):
        try:
            value = value.encode("ascii")
        except UnicodeEncodeError:
            raise EDSError("malformed", detail="text that is not base64") from None
    if len(value) > 2 * MAX_CMS_BYTES:
        raise EDSError("malformed", detail=f"{len(value)} bytes is too large")
    # DER starts with a SEQUENCE tag (0x30); base64 of DER starts with "M", never with "0".
    der = value if value.startswith(b"\x30") else _decode_text(value)
    if len(der) > MAX_CMS_BYTES:
        raise EDSError("malformed", detail=f"{len(der)} bytes is too large")
    try:
        # asn1crypto parses lazily: parse a throwaway copy in full, so that no encoding error
        # surfaces later (a fully parsed copy would make pyhanko several times slower).
        cms.ContentInfo.load(der, strict=True).native  # noqa: B018
        info = cms.ContentInfo.load(der, strict=True)
        content_type = info["content_type"].native
        signed_data = info["content"]
        signer_count = len(signed_data["signer_infos"]) if content_type == "signed_data" else 0
    except (ValueError, TypeError, AttributeError) as exc:
        # asn1crypto reports most bad encodings as ValueError; a few escape as the other two.
        raise EDSError("malformed", detail=f"not CMS: {exc!r}") from exc
    if content_type != "signed_data":
        raise EDSError("malformed", detail=f"content type {content_type}, not signed_data")
    if signer_count != 1:
        raise EDSError("malformed", detail=f"{signer_count} signers, not one")
    return der, signed_data


def signer_certificates(
    signed_data: cms.SignedData,
) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The signer's certificate and the other embedded ones; EDSError("malformed") if missing."""
    try:
        found = extract_certs_for_validation(signed_data)
    except ValueError as exc:  # pyhanko's extraction errors are ValueErrors too
        raise EDSError("malformed", detail=f"no signer certificate: {exc}") from exc
    return found.signer_cert, list(found.other_certs)


def signer_certificate_der(value: bytes | str) -> bytes:
    """The DER of the signer's certificate embedded in a CMS; EDSError("malformed") if none."""
    _, signed_data = read_signature(value)
    cert, _ = signer_certificates(signed_data)
    return cert.dump()


def _decode_text(text: bytes) -> bytes:
    text = text.strip()
    if text.startswith(b"-----BEGIN"):
        block = PEM_BLOCK.fullmatch(text)
        if block is None:
            raise EDSError("malformed", detail="PEM that is not PKCS7 or CMS")
        text = block["body"]
    try:
        return base64.b64decode(b"".join(text.split()), validate=True)
    except binascii.Error as exc:
        raise EDSError("malformed", detail=f"not base64: {exc}") from exc
