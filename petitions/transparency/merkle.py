"""Merkle trees of RFC 6962 / RFC 9162: roots, inclusion and consistency proofs, their checks.

Standard library only, so that the standalone verifier (`python -m petitions.verify`) can use it.

Every function works on leaf hashes (`leaf_hash(data)`), never on the leaf bytes themselves.
Generators raise ValueError on impossible arguments; `verify_*` never raise and answer False to
anything malformed, because their input comes from whoever hands a proof to the verifier.
A root alone does not fix the tree's size (a proof may fit another size with the same root), so
check proofs against a signed tree head, which binds the two.
"""

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _split(size: int) -> int:
    """The largest power of two below `size` (at least 2): where RFC 6962 splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


class Frontier:
    """The roots of the perfect subtrees left of a tree's right edge, largest first.

    That is all a tree needs to take more leaves and give its root: one hash per set bit of
    the size, so a petition's tree grows without its earlier leaves being read again.
    """

    def __init__(self, *, keep_from_level: int | None = None) -> None:
        self.size = 0
        self._hashes: list[bytes] = []
        # With keep_from_level, every perfect subtree of 2**level leaves (level at least that)
        # that appending completes is noted in `completed` as (level, position, root).
        self.keep_from_level = keep_from_level
        self.completed: list[tuple[int, int, bytes]] = []

    def append(self, leaf: bytes) -> None:
        self.extend((leaf,))

    def extend(self, leaves: Iterable[bytes]) -> None:
        hashes = self._hashes
        size = self.size
        for leaf in leaves:
            if not _is_hash(leaf):
                raise ValueError("a leaf hash is 32 bytes")
            hashes.append(bytes(leaf))
            size += 1
            # Each trailing zero bit of the new size is a pair of equal subtrees to merge.
            merges, level = size, 0
            while not merges & 1:
                right = hashes.pop()
                hashes[-1] = hashlib.sha256(_NODE_PREFIX + hashes[-1] + right).digest()
                merges >>= 1
                level += 1
                if self.keep_from_level is not None and level >= self.keep_from_level:
                    self.completed.append((level, (size >> level) - 1, hashes[-1]))
            # Kept current inside the loop so that a bad leaf leaves a consistent frontier.
            self.size = size

    def root(self) -> bytes:
        if not self._hashes:
            return EMPTY_ROOT
        root = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            root = node_hash(left, root)
        return root

    def to_list(self) -> list[str]:
        return [subtree.hex() for subtree in self._hashes]

    @classmethod
    def from_list(
        cls, size: int, items: Sequence[str], *, keep_from_level: int | None = None
    ) -> "Frontier":
        if not _is_size(size):
            raise ValueError("a tree size is a non-negative integer")
        if len(items) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} subtree hashes")
        hashes = []
        for item in items:
            if not isinstance(item, str):
                raise ValueError("subtree hashes are hex strings")
            subtree = bytes.fromhex(item)
            if len(subtree) != HASH_SIZE:
                raise ValueError("a subtree hash is 32 bytes")
            hashes.append(subtree)
        frontier = cls(keep_from_level=keep_from_level)
        frontier.size = size
        frontier._hashes = hashes
        return frontier


def root_from_leaf_hashes(hashes: Iterable[bytes]) -> bytes:
    """MTH(D[n]) of RFC 6962 section 2.1, in one pass holding O(log n) hashes."""
    frontier = Frontier()
    frontier.extend(hashes)
    return frontier.root()


def _list_roots(hashes: Sequence[bytes]):
    def root_of(begin: int, end: int) -> bytes:
        return root_from_leaf_hashes(map(hashes.__getitem__, range(begin, end)))

    return root_of


def inclusion_proof(hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 section 2.1.1: the sibling subtree roots, deepest first."""
    return inclusion_proof_from(_list_roots(hashes), len(hashes), index)


def consistency_proof(hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 section 2.1.2, with m = old_size and n = len(hashes)."""
    return consistency_proof_from(_list_roots(hashes), len(hashes), old_size)


def inclusion_proof_from(root_of, size: int, index: int) -> list[bytes]:
    """inclusion_proof for a tree of `size` leaves known through `root_of(begin, end)`, which
    gives MTH of leaves [begin, end): a store of subtree roots answers without every leaf."""
    if not _is_size(index) or index >= size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")
    proof = []
    begin, end = 0, size
    while end - begin > 1:
        middle = begin + _split(end - begin)
        if index < middle:
            proof.append(root_of(middle, end))
            end = middle
        else:
            proof.append(root_of(begin, middle))
            begin = middle
    proof.reverse()
    return proof


def consistency_proof_from(root_of, size: int, old_size: int) -> list[bytes]:
    """consistency_proof through `root_of`, as inclusion_proof_from.

    The empty tree is a prefix of every tree, so m = 0, like m = n, has the empty proof.
    """
    if not _is_size(old_size) or old_size > size:
        raise ValueError(f"a tree of {size} leaves has no earlier size {old_size}")
    if old_size in (0, size):
        return []
    proof = []
    # SUBPROOF(m, D[begin:end], complete), unrolled: m counts leaves from `begin`.
    begin, end, remaining, complete = 0, size, old_size, True
    while remaining != end - begin:
        middle = begin + _split(end - begin)
        if remaining <= middle - begin:
            proof.append(root_of(middle, end))
            end = middle
        else:
            proof.append(root_of(begin, middle))
            remaining -= middle - begin
            begin = middle
            complete = False
    if not complete:
        proof.append(root_of(begin, end))
    proof.reverse()
    return proof


def _proof_hashes(proof: object) -> list[bytes] | None:
    if isinstance(proof, bytes | bytearray | str):
        return None
    try:
        items = list(proof)
    except TypeError:
        return None
    if not all(_is_hash(item) for item in items):
        return None
    return items


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves with `root`.

    The algorithm of RFC 9162 section 2.1.3.2.
    """
    if not (_is_size(index) and _is_size(size) and index < size):
        return False
    if not (_is_hash(leaf) and _is_hash(root)):
        return False
    path = _proof_hashes(proof)
    if path is None:
        return False
    fn, sn = index, size - 1
    result = bytes(leaf)
    for sibling in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether the tree of `old_size` leaves with `old_root` is a prefix of the newer one.

    The algorithm of RFC 9162 section 2.1.4.2, plus its trivial cases: equal sizes need equal
    roots and an empty proof, and the empty tree (whose root is EMPTY_ROOT) precedes any tree.
    """
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root)):
        return False
    path = _proof_hashes(proof)
    if path is None:
        return False
    if old_size == 0:
        return not path and old_root == EMPTY_ROOT and (new_size > 0 or new_root == EMPTY_ROOT)
    if old_size == new_size:
        return not path and old_root == new_root
    if not path:
        return False
    if old_size & (old_size - 1) == 0:
        path.insert(0, bytes(old_root))
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    first = second = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first = node_hash(node, first)
            second = node_hash(node, second)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            second = node_hash(second, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and first == old_root and second == new_root
