"""Reads for the public pages: lists, one petition's page and its cache keys (search: search.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agencies.models import name_in_language
from petitions.models import (
    DECIDED_STATES,
    Petition,
    PetitionEvent,
    ProgressUpdate,
    Signature,
    Status,
)
from petitions.selectors.counts import (
    signature_paper_count,
    signature_tally,
    with_signature_counts,
)
from petitions.selectors.hourly import hourly_chart, log_hourly_counts
from petitions.selectors.log import log_region_counts


def _public_list(queryset: QuerySet) -> QuerySet:
    return with_signature_counts(queryset.select_related("agency", "agency__region", "topic"))


def petitions_open_most_signed(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status=Status.OPEN)
    return list(_public_list(queryset).order_by("-signature_count", "-published_at")[:limit])


def petitions_newest(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status=Status.OPEN)
    return list(_public_list(queryset).order_by("-published_at")[:limit])


def petitions_recently_answered(limit: int = 10) -> list[Petition]:
    queryset = Petition.internal.listed().filter(status__in=DECIDED_STATES)
    return list(_public_list(queryset).order_by("-decided_at")[:limit])


def petition_public_detail(uid: str) -> Petition:
    """A published petition by its link, with what its page shows; raises DoesNotExist."""
    events = PetitionEvent.objects.select_related(None).order_by("created_at", "id")
    updates = ProgressUpdate.objects.select_related("milestone")
    return (
        Petition.internal.published()
        .select_related(
            "agency",
            "agency__region",
            "escalated_to",
            "decision",
            "decision__refusal_ground",
        )
        .prefetch_related(
            Prefetch("events", queryset=events),
            "hearings",
            "commission",
            "milestones",
            Prefetch("progress_updates", queryset=updates),
        )
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
            "paper_count": signature_paper_count(petition),
            "recent_signers": recent_signers(petition),
            "regions": region_chart(log_region_counts(petition)),
            "hourly": hourly_chart(log_hourly_counts(petition)),
        }

    return cache.get_or_set(page_cache_key(uid), read, PAGE_CACHE_SECONDS)


# A region with fewer signatures than this is shown as "fewer than 10", so that a handful of
# signers in a small region cannot be singled out.
REGION_COUNT_SHOWN_FROM = 10
# The chart's drawing units (templates/petitions/parts/regions.html): one row per region.
REGION_CHART_ROW = 44


@dataclass(frozen=True)
class RegionBar:
    """One region's row of the page's chart and table; `signatures` is None when hidden."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str
    signatures: int | None
    percent: float  # of the largest count shown; 0 for a hidden count
    y: int

    @property
    def name(self) -> str:
        named = name_in_language(kk=self.name_kk, ru=self.name_ru, en=self.name_en)
        return named or self.code or _("No region on record")


def region_chart(counts: dict) -> dict | None:
    """The chart of `log_region_counts`, in its order: counts below REGION_COUNT_SHOWN_FROM
    hidden, bars as percentages of the largest count shown; None when there are no counts.
    Built before caching, so the page's cached data never hold a hidden count."""
    rows = counts["regions"]
    if not rows:
        return None
    shown = [row["signatures"] for row in rows if row["signatures"] >= REGION_COUNT_SHOWN_FROM]
    largest = max(shown, default=0)
    bars = []
    for position, row in enumerate(rows):
        signatures = row["signatures"] if row["signatures"] >= REGION_COUNT_SHOWN_FROM else None
        bars.append(
            RegionBar(
                code=row["code"],
                name_kk=row["name_kk"],
                name_ru=row["name_ru"],
                name_en=row["name_en"],
                signatures=signatures,
                percent=round(100 * signatures / largest, 1) if signatures else 0,
                y=position * REGION_CHART_ROW,
            )
        )
    return {"bars": bars, "height": len(bars) * REGION_CHART_ROW}


def petition_for_author(*, uid: str, author) -> Petition:
    return Petition.internal.select_related("agency").get(uid=uid, author=author)


def petitions_of_author(author) -> QuerySet:
    return with_signature_counts(
        Petition.internal.filter(author=author).select_related("agency", "topic")
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


def agency_public_petitions(agency) -> QuerySet:
    return _public_list(Petition.internal.listed().filter(agency=agency)).order_by("-published_at")
