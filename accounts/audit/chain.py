"""How audit entries are hashed into one chain; standard library only, so anyone can check it.

Each entry has a public part, which the site publishes, and a private part (who exactly, from
which address, and the details of non-public changes) that only its digest reveals; a random
salt in the private part keeps the digest from being guessed. The entry's hash is SHA-256 over

    "qoldau-audit/1\n" + previous entry's hash (hex) + "\n" + canonical JSON of the public part
    + "\n" + SHA-256 of the canonical JSON of the private part (hex)

and the first entry's previous hash is GENESIS. Removing, reordering or altering any entry,
public or private, changes every hash after it.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable

CONTEXT = "qoldau-audit/1"
GENESIS = "0" * 64
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(TIME_FORMAT)


def digest(document: dict) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def entry_hash(previous: str, public: dict, private_digest: str) -> str:
    message = f"{CONTEXT}\n{previous}\n".encode() + canonical(public)
    return hashlib.sha256(message + f"\n{private_digest}".encode()).hexdigest()


class ChainBroken(Exception):
    def __init__(self, seq: int, problem: str):
        super().__init__(f"entry {seq}: {problem}")
        self.seq = seq


def verify(entries: Iterable[dict], *, previous: str = GENESIS, after: int = 0) -> tuple[int, str]:
    """Check published entries ({"public", "private_digest", "prev_hash", "hash"}) in order.

    Returns (the last seq, its hash); raises ChainBroken at the first entry that does not follow.
    """
    seq = after
    for entry in entries:
        seq += 1
        public = entry["public"]
        if public.get("seq") != seq:
            raise ChainBroken(seq, f"found seq {public.get('seq')}: an entry is missing or moved")
        if entry["prev_hash"] != previous:
            raise ChainBroken(seq, "its previous hash is not the hash of the entry before it")
        expected = entry_hash(previous, public, entry["private_digest"])
        if entry["hash"] != expected:
            raise ChainBroken(seq, "its hash does not match its content")
        previous = expected
    return seq, previous
