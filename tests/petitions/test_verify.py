"""The standalone verifier: an honest log passes; a removed, altered, reordered or duplicated
leaf, or a tree head with a wrong signature, fails with the reason."""

import base64
import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from petitions import services
from petitions.transparency import formats
from petitions.transparency.merkle import Frontier, leaf_hash
from petitions.verify import LogInvalid, check, check_receipt, main, with_receipt_head
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


def signed_log(petition, *batches: int) -> None:
    for count in batches:
        for _ in range(count):
            services.signature_create(petition=petition, citizen=UserFactory())
        services.log_append(petition)


def bundle_of(client, petition) -> dict:
    """What `download` assembles, read through the test client."""
    base = f"/p/{petition.uid}/log"
    return {
        "petition": petition.uid,
        "public_key": client.get("/transparency/key.json").json()["public_key"],
        "tree_heads": client.get(f"{base}/heads.json").json()["tree_heads"],
        "leaves": client.get(f"{base}/leaves.json").json()["leaves"],
    }


def resign(bundle: dict, settings) -> dict:
    """A dishonest server's move: sign a head over whatever leaves the bundle now holds."""
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.SIGNATURE_LOG_SIGNING_KEY))
    frontier = Frontier()
    for leaf in bundle["leaves"]:
        frontier.append(leaf_hash(leaf["data"].encode()))
    message = formats.tree_head_message(
        petition=bundle["petition"],
        size=frontier.size,
        root=frontier.root(),
        time="2026-11-29T05:00:00Z",
    )
    head = {
        "size": frontier.size,
        "root": frontier.root().hex(),
        "signed_at": "2026-11-29T05:00:00Z",
        "signature": base64.b64encode(key.sign(message)).decode(),
    }
    return {**bundle, "tree_heads": [head]}


@pytest.fixture
def honest(client, open_petition):
    signed_log(open_petition, 3, 4)
    return bundle_of(client, open_petition)


@pytest.mark.django_db
def test_an_honest_log_counts_its_signatures(honest):
    found = check(honest)

    assert found["valid_signatures"] == 7
    assert found["tree_heads"] == 2


@pytest.mark.django_db
def test_a_removed_leaf_is_found(honest):
    spoiled = copy.deepcopy(honest)
    del spoiled["leaves"][2]

    with pytest.raises(LogInvalid, match="has 7 leaves, the log only 6"):
        check(spoiled)


@pytest.mark.django_db
def test_a_leaf_removed_and_the_rest_renumbered_breaks_the_earlier_head(honest, settings):
    spoiled = copy.deepcopy(honest)
    del spoiled["leaves"][1]
    for position, leaf in enumerate(spoiled["leaves"]):
        data = json.loads(leaf["data"]) | {"index": position}
        spoiled["leaves"][position] = {"index": position, "data": formats.canonical(data).decode()}
    rewritten = resign(spoiled, settings)
    rewritten["tree_heads"] = honest["tree_heads"][:1] + rewritten["tree_heads"]

    with pytest.raises(LogInvalid, match="size 3: its root is not the root"):
        check(rewritten)


@pytest.mark.django_db
def test_an_altered_leaf_breaks_the_signed_root(honest):
    spoiled = copy.deepcopy(honest)
    spoiled["leaves"][1]["data"] = spoiled["leaves"][1]["data"].replace("KZ-75", "KZ-35")

    with pytest.raises(LogInvalid, match="root"):
        check(spoiled)


@pytest.mark.django_db
def test_reordered_leaves_break_the_signed_root(honest):
    spoiled = copy.deepcopy(honest)
    first, second = (json.loads(spoiled["leaves"][i]["data"]) for i in (0, 1))
    first["index"], second["index"] = 1, 0
    spoiled["leaves"][0]["data"] = formats.canonical(second).decode()
    spoiled["leaves"][1]["data"] = formats.canonical(first).decode()

    with pytest.raises(LogInvalid, match="root"):
        check(spoiled)


@pytest.mark.django_db
def test_a_duplicated_signer_is_found_even_under_a_validly_signed_head(honest, settings):
    spoiled = copy.deepcopy(honest)
    copied = json.loads(spoiled["leaves"][3]["data"]) | {"index": 7}
    spoiled["leaves"].append({"index": 7, "data": formats.canonical(copied).decode()})

    with pytest.raises(LogInvalid, match="same nullifier"):
        check(resign(spoiled, settings))


@pytest.mark.django_db
def test_a_tree_head_with_a_wrong_signature_is_refused(honest):
    spoiled = copy.deepcopy(honest)
    spoiled["tree_heads"][0]["root"] = "00" * 32

    with pytest.raises(LogInvalid, match="signature does not match"):
        check(spoiled)


@pytest.mark.django_db
def test_a_head_signed_by_another_key_is_refused(honest):
    spoiled = copy.deepcopy(honest)
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    spoiled["public_key"] = base64.b64encode(other).decode()

    with pytest.raises(LogInvalid, match="signature does not match"):
        check(spoiled)


@pytest.mark.django_db
def test_a_receipt_is_confirmed_and_a_foreign_one_is_not(
    client, honest, open_petition, tmp_path, capsys
):
    signer = UserFactory()
    services.signature_create(petition=open_petition, citizen=signer)
    services.log_append(open_petition)
    client.force_login(signer)
    receipt = client.get(f"/p/{open_petition.uid}/log/receipt.json").json()
    plain = bundle_of(client, open_petition)
    bundle = with_receipt_head(plain, receipt)
    # The receipt's head is the latest one, which the log already lists: it is checked once.
    assert bundle["tree_heads"] == plain["tree_heads"]
    check(bundle)

    assert check_receipt(receipt, bundle) == json.loads(receipt["leaf"]["data"])["nullifier"]
    with pytest.raises(LogInvalid, match="not among the checked"):
        check_receipt(receipt, bundle_of(client, open_petition) | {"tree_heads": []})
    (tmp_path / "log.json").write_text(json.dumps(bundle_of(client, open_petition)))
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    assert main([str(tmp_path / "log.json"), "--receipt", str(tmp_path / "receipt.json")]) == 0
    assert "receipt: confirmed" in capsys.readouterr().out
    receipt["leaf"]["data"] = bundle["leaves"][0]["data"]
    with pytest.raises(LogInvalid, match="inclusion proof"):
        check_receipt(receipt, bundle)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_checks_a_running_site_and_a_saved_bundle(
    live_server, open_petition, tmp_path, capsys
):
    signed_log(open_petition, 2, 3)
    address = f"{live_server.url}/p/{open_petition.uid}/"
    saved = tmp_path / "bundle.json"

    assert main([address, "--save", str(saved)]) == 0
    assert "5 valid, distinct signatures" in capsys.readouterr().out
    assert main([str(saved)]) == 0
    bundle = json.loads(saved.read_text())
    bundle["leaves"].pop()
    saved.write_text(json.dumps(bundle))
    assert main([str(saved)]) == 1
    assert "FAILED" in capsys.readouterr().out
