"""Signature counts: from the counter shards, never COUNT(*) over signatures."""

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from petitions.models import (
    Petition,
    SignatureCounterShard,
)


def signature_count(petition: Petition) -> int:
    """The maintained count: a sum over at most COUNTER_SHARDS rows, never COUNT(*)."""
    return signature_tally(petition)[0]


def signature_tally(petition: Petition) -> tuple[int, int]:
    """The maintained counts of all signatures and of those made with a verified EDS."""
    sums = SignatureCounterShard.objects.filter(petition=petition).aggregate(
        n=Sum("count"), eds=Sum("eds_count")
    )
    return sums["n"] or 0, sums["eds"] or 0


def signature_paper_count(petition: Petition) -> int:
    """How many of the counted signatures were entered from paper sheets (a sum over shards)."""
    total = SignatureCounterShard.objects.filter(petition=petition).aggregate(n=Sum("paper_count"))[
        "n"
    ]
    return total or 0


def with_signature_counts(petitions: QuerySet) -> QuerySet:
    shards = (
        SignatureCounterShard.objects.filter(petition=OuterRef("pk"))
        .values("petition")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return petitions.annotate(
        signature_count=Coalesce(Subquery(shards, output_field=IntegerField()), 0)
    )
