"""The public log's JSON answers (tree heads, inclusion and consistency proofs), one shape for the
pages' JSON views and the open-data API alike.

Standard library only, like the rest of this package: these take a tree (anything with `size`,
`root_of(begin, end)` and `leaf_hash(index)`, such as petitions.selectors.LogTree) or a tree
head, and raise ValueError on impossible arguments.
"""

import base64

from petitions.transparency.merkle import consistency_proof_from, inclusion_proof_from

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


def inclusion(tree, index: int) -> dict:
    """The proof that leaf `index` is in `tree`, with the tree's root."""
    proof = inclusion_proof_from(tree.root_of, tree.size, index)
    return {
        "index": index,
        "size": tree.size,
        "leaf_hash": tree.leaf_hash(index).hex(),
        "root": tree.root_of(0, tree.size).hex(),
        "proof": [node.hex() for node in proof],
    }


def consistency(tree, first: int) -> dict:
    """The proof that `tree`'s first `first` leaves form a prefix of it."""
    proof = consistency_proof_from(tree.root_of, tree.size, first)
    return {
        "first": first,
        "second": tree.size,
        "first_root": tree.root_of(0, first).hex(),
        "second_root": tree.root_of(0, tree.size).hex(),
        "proof": [node.hex() for node in proof],
    }
