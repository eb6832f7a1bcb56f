"""The byte formats of the signature log, shared by the portal and the standalone verifier.

Standard library only: `python -m petitions.verify` reads these without Django.

A leaf is canonical JSON (sorted keys, no spaces, UTF-8) of one of:

    {"v":1,"kind":"signature","petition":"<uid>","index":7,"time":"2026-11-29T04:40:05Z",
     "region":"KZ-75","nullifier":"<64 hex>"}
    {"v":1,"kind":"revocation","petition":"<uid>","index":9,"time":"…","revokes":7,
     "reason":"<text>"}

A tree head is signed (Ed25519) over the lines "qoldau-tree-head/1", the petition's uid, the
tree size, the root in hex and the time, each followed by a newline.
"""

import datetime
import hashlib
import hmac
import json

LEAF_VERSION = 1
TREE_HEAD_CONTEXT = "qoldau-tree-head/1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(TIME_FORMAT)


def canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature_leaf(
    *, petition: str, index: int, time: datetime.datetime, region: str, nullifier: str
) -> bytes:
    return canonical(
        {
            "v": LEAF_VERSION,
            "kind": "signature",
            "petition": petition,
            "index": index,
            "time": utc_text(time),
            "region": region,
            "nullifier": nullifier,
        }
    )


def revocation_leaf(
    *, petition: str, index: int, time: datetime.datetime, revokes: int, reason: str
) -> bytes:
    return canonical(
        {
            "v": LEAF_VERSION,
            "kind": "revocation",
            "petition": petition,
            "index": index,
            "time": utc_text(time),
            "revokes": revokes,
            "reason": reason,
        }
    )


def nullifier(key: bytes, petition: str, iin: str) -> str:
    """HMAC-SHA256 of the petition and the IIN: the same citizen, the same value, per petition.

    A plain or salted hash would not do: IINs are 12 digits with a birth-date structure, a few
    tens of millions of candidates, which anyone can try once the salt is known.
    """
    return hmac.new(key, f"{petition}\n{iin}".encode(), hashlib.sha256).hexdigest()


def tree_head_message(*, petition: str, size: int, root: bytes, time: str) -> bytes:
    return f"{TREE_HEAD_CONTEXT}\n{petition}\n{size}\n{root.hex()}\n{time}\n".encode()
