"""Check a petition's public signature log yourself: `python -m petitions.verify URL-or-FILE`.

Needs only Python's standard library and `cryptography`, not Django nor the portal's database.
Given a petition's address (https://…/p/<uid>/) it downloads the portal's public key, every
signed tree head and every leaf; given a file it reads a bundle saved earlier with --save.
It then checks that

- every leaf is well formed, for this petition, at its own position;
- every tree head is signed by the portal's key and its root is the Merkle root of the first
  `size` leaves, so all heads describe one and the same growing log (nothing was removed,
  altered or reordered between them);
- no nullifier appears twice, and every revocation names an earlier signature leaf;

and prints the number of valid, distinct signatures under the latest head, or what fails.
With --receipt FILE it also checks a signer's receipt against the log.
"""

import argparse
import base64
import json
import sys
import urllib.parse
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from petitions.transparency import formats
from petitions.transparency.merkle import Frontier, leaf_hash, verify_inclusion

TIMEOUT = 60


class LogInvalid(Exception):
    """The log does not hold up; the message says where."""


def _get_json(url: str):
    # noqa S310 / nosec B310: download() refuses any address but http(s).
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310
        return json.load(response)


def download(address: str) -> dict:
    """The bundle of a petition's log: its key, tree heads and leaves, from the portal."""
    parts = urllib.parse.urlsplit(address)
    if parts.scheme not in ("http", "https"):
        raise LogInvalid(f"not an http(s) address: {address}")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[-2] != "p":
        raise LogInvalid("expected a petition's address, like https://host/p/<code>/")
    uid = segments[-1]
    site = f"{parts.scheme}://{parts.netloc}"
    log = f"{site}/p/{uid}/log"
    heads, after = [], 0
    while page := _get_json(f"{log}/heads.json?after={after}")["tree_heads"]:
        heads += page
        after = page[-1]["size"]
    leaves, start = [], 0
    while start is not None:
        page = _get_json(f"{log}/leaves.json?start={start}")
        leaves += page["leaves"]
        start = page["next_start"]
    key = _get_json(f"{site}/transparency/key.json")["public_key"]
    return {"petition": uid, "public_key": key, "tree_heads": heads, "leaves": leaves}


def check(bundle: dict) -> dict:
    """Check a bundle; returns the findings, or raises LogInvalid saying what is wrong."""
    uid = bundle["petition"]
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(bundle["public_key"]))
    heads = sorted(bundle["tree_heads"], key=lambda head: head["size"])
    if not heads:
        raise LogInvalid("the log has no signed tree head")
    for head in heads:
        message = formats.tree_head_message(
            petition=uid,
            size=head["size"],
            root=bytes.fromhex(head["root"]),
            time=head["signed_at"],
        )
        try:
            key.verify(base64.b64decode(head["signature"]), message)
        except InvalidSignature:
            raise LogInvalid(
                f"tree head of size {head['size']}: the signature does not match"
            ) from None
    latest = heads[-1]["size"]
    if len(bundle["leaves"]) < latest:
        raise LogInvalid(
            f"the latest tree head has {latest} leaves, the log only {len(bundle['leaves'])}"
        )
    frontier, pending = Frontier(), list(heads)
    seen: dict[str, int] = {}
    signatures: set[int] = set()
    revoked: set[int] = set()
    while pending and pending[0]["size"] == 0:
        _check_root(pending.pop(0), frontier)
    for position, leaf in enumerate(bundle["leaves"][:latest]):
        data = _leaf_data(leaf, position, uid)
        if data["kind"] == "signature":
            first = seen.setdefault(data["nullifier"], position)
            if first != position:
                raise LogInvalid(f"leaves {first} and {position} have the same nullifier")
            signatures.add(position)
        elif data["revokes"] not in signatures or data["revokes"] in revoked:
            raise LogInvalid(f"leaf {position} revokes {data['revokes']}, not a live signature")
        else:
            revoked.add(data["revokes"])
        frontier.append(leaf_hash(leaf["data"].encode()))
        while pending and pending[0]["size"] == frontier.size:
            _check_root(pending.pop(0), frontier)
    return {
        "petition": uid,
        "leaves": latest,
        "tree_heads": len(heads),
        "root": heads[-1]["root"],
        "valid_signatures": len(signatures) - len(revoked),
    }


def _check_root(head: dict, frontier: Frontier) -> None:
    if frontier.root().hex() != head["root"]:
        raise LogInvalid(
            f"tree head of size {head['size']}: its root is not the root of the first "
            f"{head['size']} leaves (a leaf was removed, altered or reordered)"
        )


def _leaf_data(leaf: dict, position: int, uid: str) -> dict:
    try:
        data = json.loads(leaf["data"])
    except (KeyError, ValueError):
        raise LogInvalid(f"leaf {position} is not readable") from None
    if leaf.get("index") != position or data.get("index") != position:
        raise LogInvalid(f"leaf {position} says it stands at {data.get('index')}")
    if data.get("petition") != uid:
        raise LogInvalid(f"leaf {position} belongs to another petition")
    if data.get("kind") == "signature" and isinstance(data.get("nullifier"), str):
        return data
    if data.get("kind") == "revocation" and isinstance(data.get("revokes"), int):
        return data
    raise LogInvalid(f"leaf {position} is neither a signature nor a revocation")


def with_receipt_head(bundle: dict, receipt: dict) -> dict:
    """The bundle with the receipt's tree head among its own, for check() to verify with them
    (once: the receipt's head is often the latest one, which the bundle has already)."""
    heads = bundle["tree_heads"]
    if receipt["tree_head"] in heads:
        return bundle
    return {**bundle, "tree_heads": [*heads, receipt["tree_head"]]}


def check_receipt(receipt: dict, bundle: dict) -> str:
    """Check that a signer's receipt is in the log; returns its nullifier.

    `bundle` must already have passed check() with the receipt's head among its heads
    (with_receipt_head), which proves that head signed and true to the log.
    """
    leaf, head = receipt["leaf"], receipt["tree_head"]
    if head not in bundle["tree_heads"]:
        raise LogInvalid("the receipt's tree head is not among the checked ones")
    proof = [bytes.fromhex(node) for node in receipt["inclusion_proof"]]
    digest = leaf_hash(leaf["data"].encode())
    if not verify_inclusion(
        digest, leaf["index"], head["size"], proof, bytes.fromhex(head["root"])
    ):
        raise LogInvalid("the receipt's inclusion proof does not lead to its tree head's root")
    if bundle["leaves"][leaf["index"]]["data"] != leaf["data"]:
        raise LogInvalid(f"the log's leaf {leaf['index']} is not the receipt's")
    return json.loads(leaf["data"])["nullifier"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m petitions.verify", description=__doc__.split("\n")[0]
    )
    parser.add_argument("source", help="a petition's address, or a bundle saved with --save")
    parser.add_argument("--receipt", help="a signer's receipt to check against the log")
    parser.add_argument("--save", help="write the downloaded bundle to this file")
    args = parser.parse_args(argv)
    try:
        if args.source.startswith(("http://", "https://")):
            bundle = download(args.source)
        else:
            with open(args.source, encoding="utf-8") as file:
                bundle = json.load(file)
        if args.save:
            with open(args.save, "w", encoding="utf-8") as file:
                json.dump(bundle, file, ensure_ascii=False)
        receipt = None
        if args.receipt:
            with open(args.receipt, encoding="utf-8") as file:
                receipt = json.load(file)
            bundle = with_receipt_head(bundle, receipt)
        found = check(bundle)
        if receipt is not None:
            nullifier = check_receipt(receipt, bundle)
            print(f"receipt: confirmed, nullifier {nullifier} is in the log")
    except LogInvalid as problem:
        print(f"FAILED: {problem}")
        return 1
    except (OSError, ValueError, KeyError) as problem:
        print(f"FAILED: cannot read the log: {problem}")
        return 2
    print(
        f"OK: petition {found['petition']}: {found['valid_signatures']} valid, distinct "
        f"signatures; {found['leaves']} leaves and {found['tree_heads']} signed tree heads "
        f"check out; root {found['root']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
