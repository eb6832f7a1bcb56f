"""The public signature log: leaves appended in order, signed tree heads, proofs, append-only."""

import base64
import datetime
import json

import pytest
import time_machine
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from petitions import services, tasks
from petitions.models import LogLeaf, Signature, TreeHead
from petitions.transparency import formats
from petitions.transparency.merkle import (
    leaf_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


def sign_many(petition, count: int) -> list:
    citizens = [UserFactory(region_code="KZ-75") for _ in range(count)]
    for citizen in citizens:
        services.signature_create(petition=petition, citizen=citizen)
    return citizens


def url(name: str, petition, **query) -> str:
    path = reverse(f"petitions:{name}", args=[petition.uid])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def public_key(client) -> Ed25519PublicKey:
    key = client.get(reverse("petitions:log_key")).json()["public_key"]
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(key))


def test_signatures_are_appended_in_signing_order_with_nullifiers_not_iins(open_petition, settings):
    citizens = sign_many(open_petition, 3)

    assert services.log_append(open_petition) == 3

    leaves = list(LogLeaf.objects.filter(petition=open_petition).order_by("index"))
    signatures = Signature.objects.filter(petition=open_petition).order_by("created_at", "id")
    assert [leaf.signature_id for leaf in leaves] == [s.pk for s in signatures]
    key = settings.SIGNATURE_LOG_NULLIFIER_KEY.encode()
    for index, (leaf, citizen) in enumerate(zip(leaves, citizens, strict=True)):
        data = json.loads(leaf.data)
        assert data["index"] == index
        assert data["petition"] == open_petition.uid
        assert data["region"] == "KZ-75"
        assert data["nullifier"] == formats.nullifier(key, open_petition.uid, citizen.iin)
        assert citizen.iin not in leaf.data
        assert bytes(leaf.leaf_hash) == leaf_hash(leaf.data.encode())


def test_appending_again_takes_only_the_new_signatures(open_petition):
    sign_many(open_petition, 2)
    services.log_append(open_petition)
    sign_many(open_petition, 3)

    assert services.log_append(open_petition) == 3
    assert services.log_append(open_petition) == 0
    assert LogLeaf.objects.filter(petition=open_petition).count() == 5


def test_signatures_younger_than_the_lag_wait_for_the_next_run(open_petition, settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 60
    sign_many(open_petition, 2)

    assert services.log_append(open_petition) == 0


def test_each_growth_gets_a_tree_head_signed_over_the_root(client, open_petition):
    sign_many(open_petition, 4)
    services.log_append(open_petition)

    head = TreeHead.objects.get(petition=open_petition, size__gt=0)
    hashes = [
        bytes(h) for h in LogLeaf.objects.order_by("index").values_list("leaf_hash", flat=True)
    ]
    assert head.size == 4
    assert bytes(head.root) == root_from_leaf_hashes(hashes)
    message = formats.tree_head_message(
        petition=open_petition.uid, size=4, root=bytes(head.root), time=head.signed_at
    )
    public_key(client).verify(bytes(head.signature), message)
    with pytest.raises(InvalidSignature):
        public_key(client).verify(bytes(head.signature), message.replace(b"\n4\n", b"\n5\n"))


def test_a_quiet_log_is_signed_again_once_its_head_is_old(open_petition, settings):
    settings.SIGNATURE_LOG_HEAD_MAX_AGE_SECONDS = 3600
    sign_many(open_petition, 2)
    services.log_append(open_petition)
    heads = TreeHead.objects.filter(petition=open_petition)
    before = heads.count()
    now = datetime.datetime.now(tz=datetime.UTC)

    with time_machine.travel(now + datetime.timedelta(minutes=59)):
        assert services.log_append(open_petition) == 0
    assert heads.count() == before

    with time_machine.travel(now + datetime.timedelta(minutes=61)):
        assert services.log_append(open_petition) == 0
        assert services.log_append(open_petition) == 0  # fresh again: no second head
    fresh = heads.latest("id")
    assert heads.count() == before + 1
    assert fresh.size == 2
    assert bytes(fresh.root) == bytes(heads.filter(size=2).earliest("id").root)


def test_the_job_appends_for_collecting_petitions(open_petition):
    sign_many(open_petition, 2)

    assert tasks.append_signature_logs() == 2


class TestPublicEndpoints:
    @pytest.fixture
    def logged(self, open_petition):
        sign_many(open_petition, 3)
        services.log_append(open_petition)
        sign_many(open_petition, 4)
        services.log_append(open_petition)
        return open_petition

    def test_the_latest_head_and_all_heads(self, client, logged):
        latest = client.get(url("log_head", logged)).json()
        heads = client.get(url("log_heads", logged)).json()["tree_heads"]

        assert latest["size"] == 7
        assert [h["size"] for h in heads] == [3, 7]
        assert client.get(url("log_heads", logged, after=3)).json()["tree_heads"][0]["size"] == 7

    def test_leaves_paged_and_downloaded_give_the_same_log(self, client, logged):
        page = client.get(url("log_leaves", logged, start=2)).json()
        download = b"".join(client.get(url("log_download", logged)).streaming_content)

        lines = [json.loads(line) for line in download.decode().splitlines()]
        assert [leaf["index"] for leaf in page["leaves"]] == [2, 3, 4, 5, 6]
        assert [line["index"] for line in lines] == list(range(7))
        assert lines[2:] == page["leaves"]

    def test_an_inclusion_proof_checks_against_the_signed_root(self, client, logged):
        head = client.get(url("log_head", logged)).json()
        answer = client.get(url("log_inclusion", logged, index=5, size=7)).json()

        assert answer["root"] == head["root"]
        assert verify_inclusion(
            bytes.fromhex(answer["leaf_hash"]),
            5,
            7,
            [bytes.fromhex(node) for node in answer["proof"]],
            bytes.fromhex(head["root"]),
        )

    def test_a_consistency_proof_links_the_two_signed_heads(self, client, logged):
        first, second = client.get(url("log_heads", logged)).json()["tree_heads"]
        answer = client.get(url("log_consistency", logged, first=3, second=7)).json()

        assert verify_consistency(
            3,
            7,
            bytes.fromhex(first["root"]),
            bytes.fromhex(second["root"]),
            [bytes.fromhex(node) for node in answer["proof"]],
        )

    @pytest.mark.parametrize(
        ("name", "query"),
        [
            ("log_inclusion", {"index": 9, "size": 7}),
            ("log_inclusion", {"index": 1, "size": 99}),
            ("log_inclusion", {"index": "x", "size": 7}),
            ("log_consistency", {"first": 8, "second": 7}),
            ("log_leaves", {"start": "-1"}),
        ],
    )
    def test_bad_parameters_get_a_400_with_a_reason(self, client, logged, name, query):
        response = client.get(url(name, logged, **query))

        assert response.status_code == 400
        assert response.json()["error"]

    def test_an_unpublished_petitions_log_is_not_public(self, client, in_moderation):
        assert client.get(url("log_head", in_moderation)).status_code == 404


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE petitions_signature SET region_code = 'KZ-35'",
        "DELETE FROM petitions_signature",
        "UPDATE petitions_logleaf SET data = '{}'",
        "DELETE FROM petitions_logleaf",
        "UPDATE petitions_treehead SET size = 0",
        "DELETE FROM petitions_treehead",
    ],
)
def test_raw_sql_cannot_change_or_delete_signatures_or_the_log(open_petition, statement):
    sign_many(open_petition, 2)
    services.log_append(open_petition)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert Signature.objects.filter(petition=open_petition).count() == 2
    assert LogLeaf.objects.filter(petition=open_petition).count() == 2


def test_raw_sql_cannot_change_a_published_decision(sent_petition, head):
    from petitions.models import Decision, RefusalGround

    services.decision_publish(
        petition=sent_petition,
        head=head,
        outcome=Decision.Outcome.REFUSED,
        text="Reasoning. " * 40,
        legal_basis="Budget Code",
        refusal_ground=RefusalGround.objects.get(code="no-means"),
        announcement="The head announced the decision at a briefing.",
    )
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE petitions_decision SET text = 'rewritten'")


def test_a_leaf_carries_the_signing_time_in_utc_seconds(open_petition):
    sign_many(open_petition, 1)
    services.log_append(open_petition)

    leaf = LogLeaf.objects.select_related("signature").get()
    signed = leaf.signature.created_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert json.loads(leaf.data)["time"] == signed.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_sending_records_the_signed_head_that_holds_every_signature(
    client, open_petition, settings
):
    settings.SIGNATURE_LOG_LAG_SECONDS = 3600  # the job would not have taken them yet
    sign_many(open_petition, 3)
    open_petition.signature_threshold = 3
    open_petition.save(update_fields=["signature_threshold"])

    sent = services.petition_send_to_agency(petition=open_petition)

    head = sent.closing_tree_head
    assert head.size == 3
    assert LogLeaf.objects.filter(petition=sent).count() == 3
    page = client.get(sent.get_absolute_url()).content.decode()
    assert bytes(head.root).hex() in page


def test_a_signed_citizen_sees_their_nullifier_and_receipt_link(client, open_petition, settings):
    (citizen,) = sign_many(open_petition, 1)
    services.log_append(open_petition)
    client.force_login(citizen)

    page = client.get(open_petition.get_absolute_url()).content.decode()

    nullifier = formats.nullifier(
        settings.SIGNATURE_LOG_NULLIFIER_KEY.encode(), open_petition.uid, citizen.iin
    )
    assert nullifier in page
    assert reverse("petitions:log_receipt", args=[open_petition.uid]) in page
    assert citizen.iin not in page


def test_no_receipt_before_the_signature_is_in_the_log(client, open_petition):
    (citizen,) = sign_many(open_petition, 1)
    client.force_login(citizen)

    response = client.get(reverse("petitions:log_receipt", args=[open_petition.uid]))

    assert response.status_code == 404
    assert "not in the public log yet" in response.json()["error"]


def test_one_failing_log_does_not_hold_up_the_others(open_petition, moderator, monkeypatch):
    from django.db import DatabaseError

    author = UserFactory()
    second = services.petition_create(
        author=author,
        agency=open_petition.agency,
        title="Second",
        problem="p",
        request="r",
        language="en",
    )
    services.petition_submit(petition=second, author=author)
    second = services.petition_publish(petition=second, moderator=moderator)
    sign_many(open_petition, 2)
    sign_many(second, 1)
    real = services.log_append
    calls = []

    def flaky(petition):
        calls.append(petition.pk)
        if len(calls) == 1:
            raise DatabaseError("disk full")
        return real(petition)

    monkeypatch.setattr(services, "log_append", flaky)

    assert tasks.append_signature_logs() == 1
    assert len(calls) == 2
    assert second.pk in calls
