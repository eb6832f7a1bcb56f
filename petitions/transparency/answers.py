"""The public log's JSON answers (tree heads, inclusion and consistency proofs), one shape for the
pages' JSON views and the open-data API alike.

Standard library only, like the rest of this package: these take leaf hashes and tree heads that
the caller read (petitions.selectors), and raise ValueError on impossible arguments.
"""

import base64
from collections.abc import Sequence

from petitions.transparency.merkle import consistency_proof, inclusion_proof, root_from_leaf_hashes

# The most tree heads (or leaves) one answer lists.
PAGE = 1000


def tree_head(head) -> dict:
    """A signed tree head (anything with size, root, signed_at and signature) as published."""
    return {
        "size": head.size,
        "root": bytes(head.root).hex(),
        "signed_at": head.signed_at,
        "signature": base64.b64encode(bytes(head.signature)).decode(),
    }


def inclusion(hashes: Sequence[bytes], index: int) -> dict:
    """The proof that leaf `index` is in the tree of `hashes`, with that tree's root."""
    proof = inclusion_proof(hashes, index)
    return {
        "index": index,
        "size": len(hashes),
        "leaf_hash": hashes[index].hex(),
        "root": root_from_leaf_hashes(hashes).hex(),
        "proof": [node.hex() for node in proof],
    }


def consistency(hashes: Sequence[bytes], first: int) -> dict:
    """The proof that the tree of the first `first` of `hashes` is a prefix of the whole."""
    proof = consistency_proof(hashes, first)
    return {
        "first": first,
        "second": len(hashes),
        "first_root": root_from_leaf_hashes(hashes[:first]).hex(),
        "second_root": root_from_leaf_hashes(hashes).hex(),
        "proof": [node.hex() for node in proof],
    }
