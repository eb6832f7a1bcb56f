"""Reads of petitions for pages, dashboards and jobs; counts come from the counter shards."""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from agencies.models import Region
from petitions.models import (
    DECIDED_STATES,
    Decision,
    LogLeaf,
    Petition,
    PetitionEvent,
    PetitionLog,
    RejectionReason,
    Signature,
    SignatureCounterShard,
    Status,
    TreeHead,
)
from petitions.transparency import answers


def signature_count(petition: Petition) -> int:
    """The maintained count: a sum over at most COUNTER_SHARDS rows, never COUNT(*)."""
    return signature_tally(petition)[0]


def signature_tally(petition: Petition) -> tuple[int, int]:
    """The maintained counts of all signatures and of those made with a verified EDS."""
    sums = SignatureCounterShard.objects.filter(petition=petition).aggregate(
        n=Sum("count"), eds=Sum("eds_count")
    )
    return sums["n"] or 0, sums["eds"] or 0


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


def _public_list(queryset: QuerySet) -> QuerySet:
    return with_signature_counts(queryset.select_related("agency", "agency__region"))


def petitions_open_most_signed(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status=Status.OPEN)
    return list(_public_list(queryset).order_by("-signature_count", "-published_at")[:limit])


def petitions_newest(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status=Status.OPEN)
    return list(_public_list(queryset).order_by("-published_at")[:limit])


def petitions_recently_answered(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status__in=DECIDED_STATES)
    return list(_public_list(queryset).order_by("-decided_at")[:limit])


def petition_search(*, query: str = "", status: str = "") -> QuerySet:
    queryset = Petition.internal.listed()
    if query:
        queryset = queryset.filter(title__icontains=query) | queryset.filter(
            request__icontains=query
        )
    if status:
        queryset = queryset.filter(status=status)
    return _public_list(queryset).order_by("-published_at")


def petition_public_detail(uid: str) -> Petition:
    """A published petition by its link, with what its page shows; raises DoesNotExist."""
    events = PetitionEvent.objects.select_related(None).order_by("created_at", "id")
    return (
        Petition.internal.published()
        .select_related("agency", "agency__region", "decision")
        .prefetch_related(Prefetch("events", queryset=events))
        .get(uid=uid)
    )


# How stale a petition page (and its count) may be; state changes drop the entry at once.
PAGE_CACHE_SECONDS = 2


def page_cache_key(uid: str) -> str:
    return f"petitions:page:{uid}"


def brief_cache_key(uid: str) -> str:
    return f"petitions:brief:{uid}"


def petition_cache_keys(uid: str) -> list[str]:
    """Every cache entry about one petition: its data and its page's fragments in each language."""
    fragments = [
        make_template_fragment_key(fragment, [uid, language])
        for fragment in ("petition_head", "petition_body")
        for language, _name in settings.LANGUAGES
    ]
    return [page_cache_key(uid), brief_cache_key(uid), *fragments]


def published_petition(uid: str) -> Petition:
    """A published petition with its addressee, for the sign path; raises DoesNotExist.

    Cached like the page: a status that changed in the meantime is caught by the database,
    whose INSERT accepts a signature only while the petition is open.
    """
    return cache.get_or_set(
        brief_cache_key(uid),
        lambda: Petition.internal.published().select_related("agency").get(uid=uid),
        PAGE_CACHE_SECONDS,
    )


def petition_page(uid: str) -> dict:
    """What the public page and the JSON count show, from the cache when it is fresh.

    Signing does not touch this entry (that would put a cache write on the sign path), so the
    count shown lags the table by at most PAGE_CACHE_SECONDS; raises Petition.DoesNotExist.
    """

    def read() -> dict:
        petition = petition_public_detail(uid)
        count, eds_count = signature_tally(petition)
        return {
            "petition": petition,
            "count": count,
            "eds_count": eds_count,
            "recent_signers": recent_signers(petition),
        }

    return cache.get_or_set(page_cache_key(uid), read, PAGE_CACHE_SECONDS)


def petition_for_author(*, uid: str, author) -> Petition:
    return Petition.internal.select_related("agency").get(uid=uid, author=author)


def petitions_of_author(author) -> QuerySet:
    return with_signature_counts(
        Petition.internal.filter(author=author).select_related("agency")
    ).order_by("-created_at")


def recent_signers(petition: Petition, limit: int = 10) -> list[str]:
    """Public names (first name and surname initial) of the latest signers."""
    signatures = (
        Signature.objects.filter(petition=petition)
        .select_related("citizen")
        .only("citizen__first_name", "citizen__last_name", "created_at")
        .order_by("-created_at")[:limit]
    )
    return [s.citizen.public_name for s in signatures]


def has_signed(petition: Petition, user) -> bool:
    if not user.is_authenticated:
        return False
    return Signature.objects.filter(petition=petition, citizen=user).exists()


def moderation_queue() -> QuerySet:
    return (
        Petition.internal.filter(status=Status.MODERATION)
        .select_related("agency", "author")
        .order_by("submitted_at")
    )


def prohibited_topics() -> QuerySet:
    return RejectionReason.objects.filter(is_prohibited_topic=True)


def agency_review_queue(agency, *, status: str = "") -> QuerySet:
    """Petitions routed to an agency, nearest deadline first."""
    queryset = Petition.internal.for_agency(agency)
    if status:
        queryset = queryset.filter(status=status)
    return with_signature_counts(queryset).order_by("response_due", "sent_at")


def agency_public_petitions(agency) -> QuerySet:
    return _public_list(Petition.internal.listed().filter(agency=agency)).order_by("-published_at")


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


def leaf_hashes(petition: Petition, *, size: int) -> list[bytes]:
    """The first `size` leaf hashes of the log; ValueError if the log is shorter."""
    hashes = [
        bytes(h)
        for h in LogLeaf.objects.filter(petition=petition, index__lt=size)
        .order_by("index")
        .values_list("leaf_hash", flat=True)
    ]
    if len(hashes) != size:
        raise ValueError(_("The log has fewer than %(size)d leaves.") % {"size": size})
    return hashes


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
    return answers.inclusion(leaf_hashes(petition, size=size), index)


def log_consistency(petition: Petition, *, first: int, second: int) -> dict:
    """The proof that the log at `first` leaves is a prefix of the log at `second`; ValueError
    with the reason when no such proof can exist."""
    if first > second:
        raise ValueError(_("“first” cannot be larger than “second”."))
    return answers.consistency(leaf_hashes(petition, size=second), first)


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


def petitions_open_data(
    *,
    status: str = "",
    level: str = "",
    region: str = "",
    agency: str = "",
    query: str = "",
    language: str = "",
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
