"""The signature log's Merkle tree against RFC 6962's published vectors and a naive reference."""

import hashlib

import pytest

from petitions.transparency.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

# The leaves, node hashes, roots and proofs below are the RFC 6962 test vectors shared by the
# certificate-transparency reference implementations (transparency-dev/merkle testonly and
# proof/verify_test.go).
RFC_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
RFC_LEAF_HASHES = [leaf_hash(leaf) for leaf in RFC_LEAVES]

# NODES[level][i]: the root of leaves i * 2**level up to (i + 1) * 2**level.
NODES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

# RFC_ROOTS[n]: the root of the first n leaves.
RFC_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (index, size, path); the reference code numbers leaves from 1, these from 0.
RFC_INCLUSION_PROOFS = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (0, 1, []),
]

# (old size, new size, proof).
RFC_CONSISTENCY_PROOFS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

# The frontier of the first n leaves, largest subtree first.
RFC_FRONTIERS = [
    [],
    [NODES[0][0]],
    [NODES[1][0]],
    [NODES[1][0], NODES[0][2]],
    [NODES[2][0]],
    [NODES[2][0], NODES[0][4]],
    [NODES[2][0], NODES[1][2]],
    [NODES[2][0], NODES[1][2], NODES[0][6]],
    [NODES[3][0]],
]


def unhex(items):
    return [bytes.fromhex(item) for item in items]


# A deliberately naive, recursive transcription of RFC 6962 section 2.1, as an independent
# reference for trees of any size (it knows nothing of the module's iterative algorithms).
def reference_root(hashes):
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = reference_split(len(hashes))
    return hashlib.sha256(
        b"\x01" + reference_root(hashes[:k]) + reference_root(hashes[k:])
    ).digest()


def reference_split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def reference_path(m, hashes):
    if len(hashes) == 1:
        return []
    k = reference_split(len(hashes))
    if m < k:
        return reference_path(m, hashes[:k]) + [reference_root(hashes[k:])]
    return reference_path(m - k, hashes[k:]) + [reference_root(hashes[:k])]


def reference_subproof(m, hashes, complete):
    if m == len(hashes):
        return [] if complete else [reference_root(hashes)]
    k = reference_split(len(hashes))
    if m <= k:
        return reference_subproof(m, hashes[:k], complete) + [reference_root(hashes[k:])]
    return reference_subproof(m - k, hashes[k:], False) + [reference_root(hashes[:k])]


def reference_level_root(hashes):
    """RFC 6962's root computed another way: hash pairs level by level, promoting a lone node."""
    level = list(hashes) or [hashlib.sha256(b"").digest()]
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def leaves(count):
    return [leaf_hash(b"signature %d" % number) for number in range(count)]


LOG = leaves(141)
LOG_ROOTS = [reference_root(LOG[:size]) for size in range(len(LOG) + 1)]


def flip(value, position=0):
    changed = bytearray(value)
    changed[position] ^= 0x08
    return bytes(changed)


def test_hashes_are_domain_separated_sha256():
    assert leaf_hash(b"") == bytes.fromhex(NODES[0][0])
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert node_hash(RFC_LEAF_HASHES[0], RFC_LEAF_HASHES[1]) == bytes.fromhex(NODES[1][0])
    assert bytes.fromhex(RFC_ROOTS[0]) == EMPTY_ROOT


def test_published_leaf_and_subtree_hashes():
    assert [leaf.hex() for leaf in RFC_LEAF_HASHES] == NODES[0]
    for level, row in enumerate(NODES):
        width = 2**level
        computed = [
            root_from_leaf_hashes(RFC_LEAF_HASHES[i * width : (i + 1) * width])
            for i in range(len(row))
        ]
        assert [node.hex() for node in computed] == row


@pytest.mark.parametrize("size", range(len(RFC_ROOTS)))
def test_published_roots(size):
    assert root_from_leaf_hashes(RFC_LEAF_HASHES[:size]).hex() == RFC_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), RFC_INCLUSION_PROOFS)
def test_published_inclusion_proofs(index, size, path):
    proof = inclusion_proof(RFC_LEAF_HASHES[:size], index)
    assert [node.hex() for node in proof] == path
    root = bytes.fromhex(RFC_ROOTS[size])
    assert verify_inclusion(RFC_LEAF_HASHES[index], index, size, unhex(path), root)


@pytest.mark.parametrize(("old_size", "new_size", "path"), RFC_CONSISTENCY_PROOFS)
def test_published_consistency_proofs(old_size, new_size, path):
    proof = consistency_proof(RFC_LEAF_HASHES[:new_size], old_size)
    assert [node.hex() for node in proof] == path
    old_root, new_root = bytes.fromhex(RFC_ROOTS[old_size]), bytes.fromhex(RFC_ROOTS[new_size])
    assert verify_consistency(old_size, new_size, old_root, new_root, unhex(path))


def test_rfc_6962_worked_examples():
    # RFC 6962 sections 2.1.3 and 2.1.4 name the nodes of the seven-leaf tree.
    _, b, c, d, _, f, j = RFC_LEAF_HASHES[:7]
    g, h, i = unhex(NODES[1][:3])
    k = bytes.fromhex(NODES[2][0])
    l = node_hash(i, j)  # noqa: E741 - the RFC's name
    seven = RFC_LEAF_HASHES[:7]
    assert inclusion_proof(seven, 0) == [b, h, l]
    assert inclusion_proof(seven, 3) == [c, g, l]
    assert inclusion_proof(seven, 4) == [f, j, k]
    assert inclusion_proof(seven, 6) == [i, k]
    assert consistency_proof(seven, 3) == [c, d, g, l]
    assert consistency_proof(seven, 4) == [l]
    assert consistency_proof(seven, 6) == [i, j, k]


@pytest.mark.parametrize("size", range(1, 71))
def test_proofs_match_the_naive_reference(size):
    tree = LOG[:size]
    assert root_from_leaf_hashes(tree) == LOG_ROOTS[size]
    for index in range(size):
        assert inclusion_proof(tree, index) == reference_path(index, tree), index
    for old_size in range(1, size + 1):
        assert consistency_proof(tree, old_size) == reference_subproof(old_size, tree, True)


def inclusion_alterations(leaf, index, size, proof, root):
    """Every way of getting an inclusion claim wrong that a verifier must catch."""
    for other in [*range(size), -1, size]:
        if other != index:
            yield f"index {other}", (leaf, other, size, proof, root)
    # A root does not fix a size on its own, so a neighbouring size comes with its own root.
    for other in (size - 1, size + 1):
        yield f"size {other}", (leaf, index, other, proof, LOG_ROOTS[other])
    for other in (size * 2, size // 2, 0):
        yield f"size {other}", (leaf, index, other, proof, root)
    for name, other in [
        ("leaf", LOG[index + 1]),
        ("flipped leaf", flip(leaf)),
        ("short leaf", leaf[:31]),
        ("raw leaf", b"WrongLeaf"),
    ]:
        yield name, (other, index, size, proof, root)
    for name, other in [
        ("flipped root", flip(root, 31)),
        ("empty-tree root", EMPTY_ROOT),
        ("older root", LOG_ROOTS[size - 1]),
    ]:
        yield name, (leaf, index, size, proof, other)
    altered = [
        ("appended root", [*proof, root]),
        ("appended leaf", [*proof, leaf]),
        ("prepended root", [root, *proof]),
        ("appended garbage", [*proof, b""]),
    ]
    if proof:
        altered += [
            ("dropped last", proof[:-1]),
            ("dropped first", proof[1:]),
            ("doubled first", [proof[0], *proof]),
            ("long element", [proof[0] + b"\x00", *proof[1:]]),
        ]
    if len(proof) > 1:
        altered.append(("swapped", [proof[1], proof[0], *proof[2:]]))
    altered += [
        (f"flipped {i}", [*proof[:i], flip(node), *proof[i + 1 :]]) for i, node in enumerate(proof)
    ]
    for name, other in altered:
        yield f"proof {name}", (leaf, index, size, other, root)
    # A path longer than the tree is tall, whose extra step the root was made to match.
    yield "proof too long", (leaf, index, size, [*proof, leaf], node_hash(leaf, root))


@pytest.mark.parametrize("size", range(1, 71))
def test_every_inclusion_proof_verifies_and_no_alteration_does(size):
    tree = LOG[:size]
    root = LOG_ROOTS[size]
    accepted = []
    for index in range(size):
        proof = inclusion_proof(tree, index)
        assert verify_inclusion(tree[index], index, size, proof, root), index
        for name, arguments in inclusion_alterations(tree[index], index, size, proof, root):
            if verify_inclusion(*arguments):
                accepted.append((index, name))
    assert accepted == []


def consistency_alterations(old_size, new_size, proof):
    """Every way of getting a consistency claim wrong that a verifier must catch."""
    old_root, new_root = LOG_ROOTS[old_size], LOG_ROOTS[new_size]
    # As for inclusion, a changed size comes with that size's own root.
    for other in (old_size - 1, old_size + 1):
        if 1 <= other <= new_size:  # From the empty tree, any tree follows.
            yield f"old size {other}", (other, new_size, LOG_ROOTS[other], new_root, proof)
    for other in (new_size - 1, new_size + 1):
        if other >= old_size:
            yield f"new size {other}", (old_size, other, old_root, LOG_ROOTS[other], proof)
    yield "old size ^ 2", (old_size ^ 2, new_size, old_root, new_root, proof)
    yield "new size * 2", (old_size, new_size * 2, old_root, new_root, proof)
    yield "new size // 2", (old_size, new_size // 2, old_root, new_root, proof)
    if old_size < new_size:
        yield "old size 0", (0, new_size, EMPTY_ROOT, new_root, proof)
        yield "swapped roots", (old_size, new_size, new_root, old_root, proof)
        yield "equal roots", (old_size, new_size, new_root, new_root, proof)
        yield "swapped sizes", (new_size, old_size, new_root, old_root, proof)
    yield "flipped old root", (old_size, new_size, flip(old_root), new_root, proof)
    yield "flipped new root", (old_size, new_size, old_root, flip(new_root, 31), proof)
    yield "short old root", (old_size, new_size, old_root[:31], new_root, proof)
    yield "text new root", (old_size, new_size, old_root, new_root.hex(), proof)
    altered = [
        ("appended old root", [*proof, old_root]),
        ("appended new root", [*proof, new_root]),
        ("prepended old root", [old_root, *proof]),
        ("prepended new root", [new_root, *proof]),
        ("appended garbage", [*proof, b""]),
    ]
    if proof:
        altered += [
            ("empty", []),
            ("dropped last", proof[:-1]),
            ("dropped first", proof[1:]),
            ("doubled first", [proof[0], *proof]),
            ("as one bytes", b"".join(proof)),
        ]
    if len(proof) > 1 and proof[0] != proof[1]:
        altered.append(("swapped", [proof[1], proof[0], *proof[2:]]))
    altered += [
        (f"flipped {i}", [*proof[:i], flip(node), *proof[i + 1 :]]) for i, node in enumerate(proof)
    ]
    for name, other in altered:
        yield f"proof {name}", (old_size, new_size, old_root, new_root, other)
    if proof:
        # A proof longer than the trees are tall, whose extra step both roots were made to match.
        old_forged, new_forged = node_hash(old_root, old_root), node_hash(old_root, new_root)
        yield "proof too long", (old_size, new_size, old_forged, new_forged, [*proof, old_root])


@pytest.mark.parametrize("new_size", range(1, 71))
def test_every_consistency_proof_verifies_and_no_alteration_does(new_size):
    tree = LOG[:new_size]
    accepted = []
    for old_size in range(1, new_size + 1):
        proof = consistency_proof(tree, old_size)
        old_root, new_root = LOG_ROOTS[old_size], LOG_ROOTS[new_size]
        assert verify_consistency(old_size, new_size, old_root, new_root, proof), old_size
        for name, arguments in consistency_alterations(old_size, new_size, proof):
            if verify_consistency(*arguments):
                accepted.append((old_size, name))
    assert accepted == []


def test_the_empty_tree_precedes_every_tree():
    assert consistency_proof(LOG[:5], 0) == []
    assert verify_consistency(0, 5, EMPTY_ROOT, LOG_ROOTS[5], [])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert not verify_consistency(0, 5, LOG_ROOTS[1], LOG_ROOTS[5], [])
    assert not verify_consistency(0, 0, EMPTY_ROOT, LOG_ROOTS[1], [])
    assert not verify_consistency(0, 5, EMPTY_ROOT, LOG_ROOTS[5], [LOG_ROOTS[5]])


@pytest.mark.parametrize(
    "arguments",
    [
        (LOG[0], 0, 0, [], EMPTY_ROOT),
        (LOG[0], 1, 1, [], LOG[0]),
        (LOG[0], True, 2, [LOG[1]], LOG_ROOTS[2]),
        (LOG[0], 0, 1.0, [], LOG[0]),
        (LOG[0], "0", 1, [], LOG[0]),
        (LOG[0].hex(), 0, 1, [], LOG[0]),
        (None, 0, 1, [], LOG[0]),
        (LOG[0], 0, 2, None, LOG_ROOTS[2]),
        (LOG[0], 0, 2, LOG[1], LOG_ROOTS[2]),
        (LOG[0], 0, 2, [LOG[1].hex()], LOG_ROOTS[2]),
        (LOG[0], 0, 2, [None], LOG_ROOTS[2]),
        (LOG[0], 0, 2, [LOG[1]], None),
        (LOG[0], 0, 2**64, [LOG[1]] * 64, LOG_ROOTS[2]),
    ],
)
def test_malformed_inclusion_claims_are_refused_without_raising(arguments):
    assert verify_inclusion(*arguments) is False


@pytest.mark.parametrize(
    "arguments",
    [
        (2, 1, LOG_ROOTS[2], LOG_ROOTS[1], []),
        (-1, 1, EMPTY_ROOT, LOG_ROOTS[1], []),
        (1, 1, LOG_ROOTS[1], LOG_ROOTS[1], None),
        (1, 1, LOG_ROOTS[1], LOG_ROOTS[1], [b""]),
        (1, 1, LOG_ROOTS[1].hex(), LOG_ROOTS[1].hex(), []),
        (1, True, LOG_ROOTS[1], LOG_ROOTS[1], []),
        (1, 2, LOG_ROOTS[1], LOG_ROOTS[2], 5),
        (1, 2, LOG_ROOTS[1], LOG_ROOTS[2], [LOG[1].hex()]),
        (1, 2, LOG_ROOTS[1], LOG_ROOTS[2], []),
        (3, 2**64, LOG_ROOTS[3], LOG_ROOTS[2], [LOG[1]] * 70),
    ],
)
def test_malformed_consistency_claims_are_refused_without_raising(arguments):
    assert verify_consistency(*arguments) is False


def test_verifiers_accept_bytearrays():
    proof = [bytearray(node) for node in inclusion_proof(LOG[:5], 3)]
    assert verify_inclusion(bytearray(LOG[3]), 3, 5, proof, bytearray(LOG_ROOTS[5]))
    proof = [bytearray(node) for node in consistency_proof(LOG[:5], 3)]
    assert verify_consistency(3, 5, bytearray(LOG_ROOTS[3]), bytearray(LOG_ROOTS[5]), proof)


@pytest.mark.parametrize(("size", "index"), [(0, 0), (1, 1), (7, 7), (7, -1), (3, 1.0)])
def test_inclusion_proof_refuses_leaves_outside_the_tree(size, index):
    with pytest.raises(ValueError):
        inclusion_proof(LOG[:size], index)


@pytest.mark.parametrize(("size", "old_size"), [(0, 1), (5, 6), (5, -1), (5, None)])
def test_consistency_proof_refuses_sizes_outside_the_tree(size, old_size):
    with pytest.raises(ValueError):
        consistency_proof(LOG[:size], old_size)


@pytest.mark.parametrize("size", range(len(RFC_FRONTIERS)))
def test_published_frontiers(size):
    frontier = Frontier()
    for leaf in RFC_LEAF_HASHES[:size]:
        frontier.append(leaf)
    assert frontier.size == size
    assert frontier.to_list() == RFC_FRONTIERS[size]
    assert frontier.root().hex() == RFC_ROOTS[size]


def test_frontier_grows_leaf_by_leaf_and_survives_storage():
    tree = leaves(303)
    frontier = Frontier()
    for size in range(301):
        assert frontier.size == size
        expected = reference_root(tree[:size])
        assert frontier.root() == expected, size
        assert root_from_leaf_hashes(tree[:size]) == expected, size
        assert len(frontier.to_list()) == size.bit_count()
        stored = Frontier.from_list(frontier.size, frontier.to_list())
        assert stored.size == size
        assert stored.root() == expected, size
        # A restored frontier takes the next leaves exactly as the original would have.
        stored.extend(tree[size : size + 3])
        assert stored.root() == reference_root(tree[: size + 3]), size
        frontier.append(tree[size])


def test_frontier_refuses_what_is_not_a_leaf_hash():
    frontier = Frontier()
    frontier.append(LOG[0])
    with pytest.raises(ValueError):
        frontier.append(b"short")
    with pytest.raises(ValueError):
        frontier.append(LOG[1].hex())
    with pytest.raises(ValueError):
        frontier.extend([LOG[1], b"short"])
    # The good leaf before the bad one went in; the state stayed whole.
    assert frontier.size == 2
    assert frontier.root() == LOG_ROOTS[2]


@pytest.mark.parametrize(
    ("size", "items"),
    [
        (3, [LOG_ROOTS[2].hex()]),
        (2, [LOG_ROOTS[2].hex(), LOG[2].hex()]),
        (1, ["00" * 31]),
        (1, ["zz" * 32]),
        (1, [LOG[0]]),
        (-1, []),
        (True, [LOG[0].hex()]),
    ],
)
def test_frontier_refuses_malformed_storage(size, items):
    with pytest.raises(ValueError):
        Frontier.from_list(size, items)


def test_a_million_leaves():
    million = [leaf_hash(number.to_bytes(4, "big")) for number in range(1_000_000)]
    root = reference_level_root(million)
    assert root_from_leaf_hashes(million) == root

    # In batches through storage, the way the portal grows a petition's tree.
    frontier = Frontier()
    heads = {}
    for begin in range(0, len(million), 99_991):
        frontier = Frontier.from_list(frontier.size, frontier.to_list())
        frontier.extend(million[begin : begin + 99_991])
        heads[frontier.size] = frontier.root()
    assert frontier.size == 1_000_000
    assert frontier.root() == root

    index = 777_777
    proof = inclusion_proof(million, index)
    assert len(proof) == 20
    assert verify_inclusion(million[index], index, 1_000_000, proof, root)
    assert not verify_inclusion(million[index], index + 1, 1_000_000, proof, root)

    old_size = 599_946
    proof = consistency_proof(million, old_size)
    assert verify_consistency(old_size, 1_000_000, heads[old_size], root, proof)
    assert not verify_consistency(old_size, 1_000_000, heads[old_size], root, proof[:-1])


def test_level_by_level_reference_agrees_with_the_recursive_one():
    # The million-leaf test leans on this reference; it must itself be RFC 6962.
    for size in range(len(LOG) + 1):
        assert reference_level_root(LOG[:size]) == LOG_ROOTS[size], size
