"""Invalidating a fraudulent signature: one less counted, a revocation leaf in the log, and the
signature's own row left exactly as it was."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from petitions import services
from petitions.errors import AlreadyInvalidated
from petitions.models import LogLeaf, Signature, SignatureCounterShard, TreeHead
from petitions.selectors import signature_count, signature_paper_count
from petitions.services.signing import EDSProof
from petitions.verify import check
from tests.factories import UserFactory
from tests.petitions.test_verify import bundle_of

pytestmark = pytest.mark.django_db

REASON = "Signed with a stolen identity (police report 42)."


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


def sign(petition, count: int = 1, eds: EDSProof | None = None) -> list[Signature]:
    ids = [
        services.signature_create(petition=petition, citizen=UserFactory(), eds=eds)
        for _ in range(count)
    ]
    return list(Signature.objects.filter(pk__in=ids).order_by("created_at", "id"))


def eds_count(petition) -> int:
    shards = SignatureCounterShard.objects.filter(petition=petition)
    return sum(shards.values_list("eds_count", flat=True))


def signature_row(signature) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_signature WHERE id = %s", [signature.pk])
        return cursor.fetchone()


def revocations(petition) -> list[dict]:
    leaves = LogLeaf.objects.filter(petition=petition, kind=LogLeaf.Kind.REVOCATION)
    return [json.loads(leaf.data) for leaf in leaves.order_by("index")]


def test_invalidation_lowers_the_count_by_one(open_petition, moderator):
    signatures = sign(open_petition, 3)

    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)

    assert signature_count(open_petition) == 2
    assert eds_count(open_petition) == 0


def test_invalidating_an_eds_signature_lowers_the_eds_count_too(open_petition, moderator):
    sign(open_petition, 2)
    proof = EDSProof(statement="x", cms=b"x")
    [with_eds] = sign(open_petition, eds=proof)
    assert (signature_count(open_petition), eds_count(open_petition)) == (3, 1)

    services.signature_invalidate(signature=with_eds, moderator=moderator, reason=REASON)

    assert (signature_count(open_petition), eds_count(open_petition)) == (2, 0)


def test_invalidating_a_paper_signature_lowers_the_paper_count_too(open_petition, moderator):
    sign(open_petition, 2)
    iin = UserFactory.build().iin
    services.paper_sheet_enter(
        petition=open_petition, by=moderator, text=f"{iin}; Сейтова; Айгүл", region_attested=True
    )
    paper = Signature.objects.get(petition=open_petition, on_paper=True)
    assert (signature_count(open_petition), signature_paper_count(open_petition)) == (3, 1)

    services.signature_invalidate(signature=paper, moderator=moderator, reason=REASON)

    assert (signature_count(open_petition), signature_paper_count(open_petition)) == (2, 0)


def test_the_signature_row_is_untouched(open_petition, moderator):
    [signature] = sign(open_petition)
    before = signature_row(signature)

    invalidation = services.signature_invalidate(
        signature=signature, moderator=moderator, reason=REASON
    )

    assert signature_row(signature) == before
    assert invalidation.signature_id == signature.pk
    assert invalidation.invalidated_by_id == moderator.pk
    assert invalidation.reason == REASON


def test_a_second_invalidation_is_refused(open_petition, moderator):
    signatures = sign(open_petition, 2)
    services.signature_invalidate(signature=signatures[0], moderator=moderator, reason=REASON)

    with pytest.raises(AlreadyInvalidated):
        services.signature_invalidate(signature=signatures[0], moderator=moderator, reason="again")

    assert signature_count(open_petition) == 1
    assert len(revocations(open_petition)) == 0  # not yet logged: log_append adds it


def test_a_non_moderator_is_refused(open_petition):
    [signature] = sign(open_petition)

    with pytest.raises(PermissionDenied):
        services.signature_invalidate(signature=signature, moderator=UserFactory(), reason=REASON)

    assert not hasattr(Signature.objects.get(pk=signature.pk), "invalidation")
    assert signature_count(open_petition) == 1


def test_an_already_logged_signature_is_revoked_at_once_under_a_new_head(open_petition, moderator):
    signatures = sign(open_petition, 3)
    services.log_append(open_petition)
    logged = LogLeaf.objects.get(signature=signatures[1])
    heads = TreeHead.objects.filter(petition=open_petition)
    assert list(heads.order_by("size").values_list("size", flat=True)) == [0, 3]

    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)

    [revocation] = revocations(open_petition)
    assert revocation["revokes"] == logged.index
    assert revocation["reason"] == REASON
    assert revocation["index"] == 3
    assert list(heads.order_by("size").values_list("size", flat=True)) == [0, 3, 4]


def test_a_signature_logged_later_is_followed_by_its_revocation(open_petition, moderator):
    signatures = sign(open_petition, 3)
    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)
    assert not LogLeaf.objects.filter(petition=open_petition).exists()

    assert services.log_append(open_petition) == 3

    kinds = LogLeaf.objects.filter(petition=open_petition).order_by("index")
    assert [leaf.kind for leaf in kinds] == ["signature", "signature", "revocation", "signature"]
    [revocation] = revocations(open_petition)
    assert revocation["revokes"] == LogLeaf.objects.get(signature=signatures[1]).index == 1
    assert revocation["reason"] == REASON
    assert TreeHead.objects.filter(petition=open_petition).latest("size").size == 4


@pytest.mark.parametrize("logged_first", [True, False])
def test_the_verifier_counts_one_fewer(client, open_petition, moderator, logged_first):
    signatures = sign(open_petition, 4)
    if logged_first:
        services.log_append(open_petition)
    services.signature_invalidate(signature=signatures[2], moderator=moderator, reason=REASON)
    services.log_append(open_petition)

    found = check(bundle_of(client, open_petition))

    assert found["valid_signatures"] == 3
    assert found["leaves"] == 5


def test_recount_after_invalidation_keeps_the_count(open_petition, moderator):
    sign(open_petition, 2)
    proof = EDSProof(statement="x", cms=b"x")
    [with_eds] = sign(open_petition, eds=proof)
    services.signature_invalidate(signature=with_eds, moderator=moderator, reason=REASON)

    assert services.signature_count_repair(petition=open_petition) == 0

    assert (signature_count(open_petition), eds_count(open_petition)) == (2, 0)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE petitions_signatureinvalidation SET reason = 'nothing happened'",
        "DELETE FROM petitions_signatureinvalidation",
    ],
)
def test_an_invalidation_cannot_be_changed_or_deleted(open_petition, moderator, statement):
    [signature] = sign(open_petition)
    services.signature_invalidate(signature=signature, moderator=moderator, reason=REASON)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
