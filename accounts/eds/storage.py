"""EDS material at rest: a signer's CMS (its certificate holds the IIN) and signed statement are
stored encrypted (Fernet, under settings.EDS_STORAGE_KEY) and opened only where they are used."""

from cryptography.fernet import Fernet
from django.conf import settings

# Every Fernet token starts with its version byte 0x80, which base64 writes as "gAAAAA"; a DER
# CMS starts with 0x30 and a statement with its header, so a value stored before encryption
# (or written by hand) is told apart and returned as it is.
TOKEN_PREFIX = b"gAAAAA"


def _fernet() -> Fernet:
    return Fernet(settings.EDS_STORAGE_KEY)


def is_sealed(value: bytes | str) -> bool:
    raw = value.encode() if isinstance(value, str) else bytes(value)
    return raw.startswith(TOKEN_PREFIX)


def seal_bytes(value: bytes) -> bytes:
    return _fernet().encrypt(bytes(value))


def open_bytes(value: bytes | memoryview) -> bytes:
    raw = bytes(value)
    return _fernet().decrypt(raw) if is_sealed(raw) else raw


def seal_text(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode("ascii") if value else ""


def open_text(value: str) -> str:
    return _fernet().decrypt(value.encode()).decode() if is_sealed(value) else value
