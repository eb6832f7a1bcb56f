"""Reads for the open-data API."""

from django.db.models import QuerySet

from petitions.models import (
    Decision,
    Petition,
)
from petitions.selectors.counts import signature_tally
from petitions.selectors.log import log_region_counts
from petitions.selectors.search import petition_search


def petitions_open_data(
    *,
    status: str = "",
    level: str = "",
    region: str = "",
    agency: str = "",
    query: str = "",
    language: str = "",
    topic: str = "",
) -> QuerySet:
    """Listed petitions for the open-data API, newest first, with their counts and authors."""
    queryset = petition_search(query=query, status=status)
    if level:
        queryset = queryset.filter(agency__level=level)
    if region:
        queryset = queryset.filter(agency__region_id=region)
    if agency:
        queryset = queryset.filter(agency__code=agency)
    if language:
        queryset = queryset.filter(language=language)
    if topic:
        queryset = queryset.filter(topic__slug=topic)
    return queryset.select_related("author").order_by("-published_at", "-id")


def petition_open_data(uid: str) -> Petition:
    """A published petition (listed or not) for the open-data API, its counts set on it as
    `signature_count`, `eds_count` and `log_regions`; raises Petition.DoesNotExist."""
    petition = (
        Petition.internal.published()
        .select_related("agency", "agency__region", "author", "decision", "closing_tree_head")
        .get(uid=uid)
    )
    petition.signature_count, petition.eds_count = signature_tally(petition)
    petition.log_regions = log_region_counts(petition)
    return petition


def decisions_published() -> QuerySet:
    """Decisions on listed petitions, newest first."""
    return (
        Decision.objects.filter(petition__in=Petition.internal.listed())
        .select_related("petition", "petition__agency")
        .order_by("-published_at", "-id")
    )
