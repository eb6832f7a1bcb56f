"""Proofs from kept subtree roots (LogTree) equal the proofs from every leaf, at any size,
and read a bounded number of rows however long the log."""

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.models import LogLeaf, LogSubtree, PetitionLog
from petitions.selectors import LogTree
from petitions.services.log import growing, subtrees_save
from petitions.transparency.merkle import (
    consistency_proof,
    consistency_proof_from,
    inclusion_proof,
    inclusion_proof_from,
    root_from_leaf_hashes,
)

pytestmark = pytest.mark.django_db

SIZE = 1300  # five blocks of 256 leaves and a partial sixth


def grow(petition, size: int, *, keep: bool) -> list[bytes]:
    """Leaves with random hashes, as the log job would leave them; `keep` writes the kept
    subtree roots too (a log older than them has none)."""
    state, _ = PetitionLog.objects.get_or_create(petition=petition)
    frontier = growing(state)
    hashes = [secrets.token_bytes(32) for _ in range(size)]
    leaves = []
    for index, digest in enumerate(hashes):
        frontier.append(digest)
        leaves.append(
            LogLeaf(petition=petition, index=index, kind="signature", data="{}", leaf_hash=digest)
        )
    LogLeaf.objects.bulk_create(leaves)
    if keep:
        subtrees_save(petition, frontier)
    state.size, state.frontier = frontier.size, frontier.to_list()
    state.save()
    return hashes


@pytest.mark.parametrize("keep", [True, False])
def test_proofs_match_those_from_every_leaf(open_petition, keep):
    hashes = grow(open_petition, SIZE, keep=keep)
    assert LogSubtree.objects.filter(petition=open_petition).exists() == keep
    for size in (1, 2, 255, 256, 257, 511, 512, 1024, 1025, 1299, SIZE):
        tree = LogTree(open_petition, size)
        assert tree.root_of(0, size) == root_from_leaf_hashes(hashes[:size])
        for index in {0, size // 3, size // 2, size - 1}:
            proof = inclusion_proof_for(tree, index)
            assert proof == inclusion_proof(hashes[:size], index), (size, index)
        for first in {0, 1, size // 2, 256, size - 1, size}:
            if first <= size:
                assert consistency_for(tree, first) == consistency_proof(hashes[:size], first)


def inclusion_proof_for(tree, index):
    return inclusion_proof_from(tree.root_of, tree.size, index)


def consistency_for(tree, first):
    return consistency_proof_from(tree.root_of, tree.size, first)


def test_a_proof_reads_few_rows(open_petition):
    grow(open_petition, SIZE, keep=True)
    tree = LogTree(open_petition, SIZE)
    with CaptureQueriesContext(connection) as queries:
        inclusion_proof_for(tree, 700)
        tree.root_of(0, SIZE)
    # Two blocks of leaves (the leaf's and the partial last one) and a few kept roots.
    assert len(queries) <= 12
    assert sum("petitions_logleaf" in q["sql"] for q in queries.captured_queries) <= 2


def test_a_size_beyond_the_log_is_refused(open_petition):
    grow(open_petition, 10, keep=True)
    with pytest.raises(ValueError, match="fewer than 11"):
        LogTree(open_petition, 11)
