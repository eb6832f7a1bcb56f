"""Reads of the public signature log: leaves, signed tree heads, proofs, counts by region."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agencies.models import Region
from petitions.models import (
    SUBTREE_LEVEL,
    LogLeaf,
    LogSubtree,
    Petition,
    PetitionLog,
    Signature,
    TreeHead,
)
from petitions.transparency import answers
from petitions.transparency.merkle import node_hash, root_from_leaf_hashes


def latest_tree_head(petition: Petition):
    return TreeHead.objects.filter(petition=petition).order_by("-size", "-id").first()


def tree_heads(petition: Petition, *, after: int, limit: int) -> QuerySet:
    """Signed tree heads with a size above `after`, smallest first."""
    return TreeHead.objects.filter(petition=petition, size__gt=after).order_by("size", "id")[:limit]


def log_leaves(petition: Petition, *, start: int, limit: int | None):
    """(index, data) of the petition's log leaves from `start` on, in order."""
    rows = LogLeaf.objects.filter(petition=petition, index__gte=start).order_by("index")
    rows = rows.values_list("index", "data")
    return rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)


class LogTree:
    """A petition's log as of `size` leaves, for proofs: `root_of(begin, end)` gives the Merkle
    root of leaves [begin, end) for every range RFC 6962's proofs ask for, from the kept roots
    of perfect subtrees (LogSubtree) and at most a few runs of under 2**SUBTREE_LEVEL leaves,
    so a proof costs O(log n) small reads however long the log. ValueError if the log is
    shorter than `size`.
    """

    BLOCK = 1 << SUBTREE_LEVEL

    def __init__(self, petition: Petition, size: int):
        self.petition, self.size = petition, size
        self._blocks: dict[int, list[bytes]] = {}
        logged = PetitionLog.objects.filter(petition=petition).values_list("size", flat=True)
        if size > (logged.first() or 0):
            raise ValueError(_("The log has fewer than %(size)d leaves.") % {"size": size})

    def leaf_hash(self, index: int) -> bytes:
        return self._block(index // self.BLOCK)[index % self.BLOCK]

    def root_of(self, begin: int, end: int) -> bytes:
        width = end - begin
        if width >= self.BLOCK and width & (width - 1) == 0 and begin % width == 0:
            return self._subtree(width.bit_length() - 1, begin // width)
        if width <= self.BLOCK:
            # The proofs' ranges of this width lie inside one aligned block.
            offset = begin % self.BLOCK
            return root_from_leaf_hashes(self._block(begin // self.BLOCK)[offset : offset + width])
        split = 1 << ((width - 1).bit_length() - 1)
        return node_hash(self.root_of(begin, begin + split), self.root_of(begin + split, end))

    def _subtree(self, level: int, position: int) -> bytes:
        kept = LogSubtree.objects.filter(petition=self.petition, level=level, position=position)
        root = kept.values_list("root", flat=True).first()
        if root is not None:
            return bytes(root)
        # Not kept (a log older than the kept roots): work it out from the level below.
        if level == SUBTREE_LEVEL:
            return root_from_leaf_hashes(self._block(position))
        return node_hash(
            self._subtree(level - 1, 2 * position), self._subtree(level - 1, 2 * position + 1)
        )

    def _block(self, number: int) -> list[bytes]:
        if number not in self._blocks:
            begin = number * self.BLOCK
            end = min(begin + self.BLOCK, self.size)
            rows = LogLeaf.objects.filter(
                petition=self.petition, index__gte=begin, index__lt=end
            ).order_by("index")
            hashes = [bytes(h) for h in rows.values_list("leaf_hash", flat=True)]
            if len(hashes) != end - begin:
                raise ValueError(_("The log has fewer than %(size)d leaves.") % {"size": end})
            self._blocks[number] = hashes
        return self._blocks[number]


def own_log_leaf(petition: Petition, user):
    """The log leaf of `user`'s signature on `petition`, once appended; None otherwise."""
    return LogLeaf.objects.filter(petition=petition, signature__citizen=user).first()


def log_signature_leaf(
    petition: Petition, *, index: int | None = None, nullifier: str = ""
) -> tuple[LogLeaf | None, bool]:
    """The signature leaf of the petition's log at `index`, or else with `nullifier`, with its
    signature and any invalidation loaded (never the citizen); None if there is none.

    The second value says whether that position is still to come: beyond the log's end while
    signatures wait to be appended (SIGNATURE_LOG_LAG_SECONDS and the appending job).
    """
    leaves = LogLeaf.objects.filter(petition=petition, kind=LogLeaf.Kind.SIGNATURE)
    leaves = leaves.select_related("signature", "signature__invalidation")
    found = leaves.filter(index=index) if index is not None else leaves.filter(nullifier=nullifier)
    leaf = found.first()
    if leaf is not None or index is None:
        return leaf, False
    state = PetitionLog.objects.filter(petition=petition).first()
    if state is not None and index < state.size:
        return None, False
    waiting = Signature.objects.filter(petition=petition, log_leaf__isnull=True)
    if state is not None and state.read_up_to_time is not None:
        # Through the (petition, created_at) index: only what the job has not read yet.
        waiting = waiting.filter(created_at__gte=state.read_up_to_time)
    return None, waiting.exists()


def log_latest_head(petition: Petition) -> dict | None:
    """The latest signed tree head as the public log publishes it; None before the first."""
    head = latest_tree_head(petition)
    return answers.tree_head(head) if head is not None else None


def log_heads(petition: Petition, *, after: int) -> list[dict]:
    """Up to answers.PAGE signed tree heads larger than `after`, smallest first, as published."""
    return [answers.tree_head(h) for h in tree_heads(petition, after=after, limit=answers.PAGE)]


def log_inclusion(petition: Petition, *, index: int, size: int) -> dict:
    """The proof that leaf `index` is in the log's first `size` leaves; ValueError with the
    reason when no such proof can exist."""
    if index >= size:
        raise ValueError(_("“index” must be smaller than “size”."))
    return answers.inclusion(LogTree(petition, size), index)


def log_consistency(petition: Petition, *, first: int, second: int) -> dict:
    """The proof that the log at `first` leaves is a prefix of the log at `second`; ValueError
    with the reason when no such proof can exist."""
    if first > second:
        raise ValueError(_("“first” cannot be larger than “second”."))
    return answers.consistency(LogTree(petition, second), first)


def log_region_counts(petition: Petition) -> dict:
    """Valid signatures by the signer's region, from the public log (PetitionLog.region_counts),
    with the region names and the log size they describe; most signatures first.

    Like the log, this lags the live count by up to SIGNATURE_LOG_LAG_SECONDS; "" is the code
    of signers with no region on record.
    """
    state = PetitionLog.objects.filter(petition=petition).values("size", "region_counts").first()
    size, counts = (state["size"], state["region_counts"]) if state else (0, {})
    regions = Region.objects.in_bulk(list(counts))
    rows = []
    for code, signatures in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        region = regions.get(code)
        rows.append(
            {
                "code": code,
                "name_kk": region.name_kk if region else "",
                "name_ru": region.name_ru if region else "",
                "name_en": region.name_en if region else "",
                "signatures": signatures,
            }
        )
    return {"log_size": size, "regions": rows}
