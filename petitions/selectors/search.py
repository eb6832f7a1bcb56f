"""Search of the public list (full text on PostgreSQL, filters, sort orders) and the similar
petitions an author is shown while filing."""

import difflib
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, F, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Level, Region
from agencies.selectors import collation_key
from petitions.models import DECIDED_STATES, PUBLISHED_STATES, Petition, Status, Topic
from petitions.selectors.counts import with_signature_counts

# What the public filters by: a kind of outcome, or one published state (the open-data API).
STATUS_GROUPS = {
    "open": (Status.OPEN,),
    "sent": (Status.SENT,),
    "decided": DECIDED_STATES,
    "expired": (Status.EXPIRED,),
}
# The choices of the search form: the groups, with the three answers also one by one.
STATUS_GROUP_LABELS = {
    "open": _("Collecting signatures"),
    "sent": _("Sent, waiting for an answer"),
    "decided": _("Answered (any decision)"),
    Status.ACCEPTED.value: Status.ACCEPTED.label,
    Status.REFUSED.value: Status.REFUSED.label,
    Status.IMPLEMENTED.value: Status.IMPLEMENTED.label,
    "expired": _("Closed without enough signatures"),
}

SORT_RELEVANCE = "relevance"
SORT_SIGNATURES = "signatures"
SORT_NEWEST = "newest"
SORT_CLOSING = "closing"
SORT_LABELS = {
    SORT_RELEVANCE: _("Best match"),
    SORT_SIGNATURES: _("Most signed"),
    SORT_NEWEST: _("Newest"),
    SORT_CLOSING: _("Closing soon"),
}

# Kazakh has no stemmer in PostgreSQL: the 'simple' configuration matches its words (and any
# exact word) as written, the 'russian' one matches Russian word forms. Migration 0015 indexes
# both expressions; they must stay exactly these for PostgreSQL to use the indexes.
SEARCH_CONFIGS = ("russian", "simple")
SEARCH_FIELDS = ("title", "problem", "request")

# Suggestions while filing.
SIMILAR_LIMIT = 5
# Without pg_trgm (SQLite under make run) titles are compared by difflib over this many of the
# newest listed petitions: bounded work for a demo-sized database.
SIMILAR_FALLBACK_CANDIDATES = 500
SIMILAR_FALLBACK_RATIO = 0.6


@dataclass(frozen=True)
class SearchOptions:
    """What the search form offers, from two queries; names in the active language."""

    regions: dict[str, Region]  # by ISO code
    agencies: dict[str, Agency]  # by code
    topics: dict[str, Topic]  # by slug

    def region_choices(self) -> list[tuple[str, str]]:
        return [(code, region.name) for code, region in self.regions.items()]

    def agency_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Central bodies first, then each region's bodies, as <optgroup>s."""
        groups = {"": []} | {code: [] for code in self.regions}
        for code, agency in self.agencies.items():
            groups[agency.region_id or ""].append((code, agency.name))
        central = (gettext("Central state bodies"), groups.pop(""))
        named = [(self.regions[code].name, bodies) for code, bodies in groups.items() if bodies]
        return [central, *named] if central[1] else named

    def topic_choices(self) -> list[tuple[str, str]]:
        return [(slug, topic.name) for slug, topic in self.topics.items()]


def search_options() -> SearchOptions:
    """Regions and state bodies (inactive ones too: their old petitions stay findable) and
    topics, sorted by their names in the active language."""
    agencies = sorted(
        Agency.objects.select_related("region"),
        key=lambda agency: (agency.level != Level.REPUBLIC, collation_key(agency.name)),
    )
    regions = sorted(
        {agency.region_id: agency.region for agency in agencies if agency.region}.values(),
        key=lambda region: collation_key(region.name),
    )
    return SearchOptions(
        regions={region.iso_code: region for region in regions},
        agencies={agency.code: agency for agency in agencies},
        topics={topic.slug: topic for topic in Topic.objects.all()},
    )


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _status_filter(status: str) -> Q | None:
    if status in STATUS_GROUPS:
        return Q(status__in=STATUS_GROUPS[status])
    if status in PUBLISHED_STATES:
        return Q(status=status)
    return None


# Terms of the websearch syntax the search box explains: words, "a phrase", -excluded.
SEARCH_TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def search_terms(query: str) -> list[tuple[bool, str]]:
    """(excluded, text) for each term of `query`, as PostgreSQL's websearch_to_tsquery reads it."""
    terms = []
    for match in SEARCH_TERM.finditer(query):
        minus, text = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
        if text.strip('"'):
            terms.append((minus == "-", text.strip('"')))
    return terms


def sqlite_functions_add(sender, connection, **kwargs) -> None:
    """On each new SQLite connection (PetitionsConfig.ready connects this), the `casefold`
    function Casefold calls: SQLite's own lower() folds only ASCII letters."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


class Casefold(Func):
    """Case-insensitive text on SQLite, Kazakh and Russian letters included."""

    function = "casefold"
    output_field = TextField()


def _substring_search(queryset: QuerySet, query: str) -> QuerySet:
    """Without full-text search (SQLite under make run): every word or phrase must occur in the
    title, problem or request, whatever its case, and no -excluded one may."""
    text = Casefold(Concat("title", Value(" "), "problem", Value(" "), "request"))
    queryset = queryset.alias(search_text=text, rank=Value(0.0))
    for excluded, term in search_terms(query):
        condition = Q(search_text__contains=term.casefold())
        queryset = queryset.exclude(condition) if excluded else queryset.filter(condition)
    return queryset


def _text_search(queryset: QuerySet, query: str) -> QuerySet:
    if not _is_postgresql():
        return _substring_search(queryset, query)
    matches = Q()
    rank = None
    aliases = {}
    for config in SEARCH_CONFIGS:
        vector = SearchVector(*SEARCH_FIELDS, config=config)
        search_query = SearchQuery(query, config=config, search_type="websearch")
        aliases[f"search_{config}"] = vector
        matches |= Q(**{f"search_{config}": search_query})
        config_rank = SearchRank(vector, search_query)
        rank = config_rank if rank is None else rank + config_rank
    return queryset.alias(**aliases).filter(matches).alias(rank=rank)


def petition_search(
    *,
    query: str = "",
    status: str = "",
    level: str = "",
    region: Region | None = None,
    agency: Agency | None = None,
    topic: Topic | None = None,
    sort: str = "",
) -> QuerySet:
    """Listed petitions matching the query and filters, with their counts, in the chosen order.

    The default order is relevance when there is a query, else newest first. Unknown status or
    sort values are ignored; the search form turns them into messages before they get here.
    """
    queryset = Petition.internal.listed()
    if (status_filter := _status_filter(status)) is not None:
        queryset = queryset.filter(status_filter)
    if level:
        queryset = queryset.filter(agency__level=level)
    if region is not None:
        queryset = queryset.filter(agency__region=region)
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    query = query.strip()
    if query:
        queryset = _text_search(queryset, query)
    queryset = with_signature_counts(queryset.select_related("agency", "agency__region", "topic"))

    if sort == SORT_SIGNATURES:
        return queryset.order_by("-signature_count", "-published_at", "-id")
    if sort == SORT_CLOSING:
        # Open petitions first, the soonest to close at the top; the rest after, newest first.
        closing = Case(When(status=Status.OPEN, then=F("closes_at")), default=None)
        return queryset.alias(closing=closing).order_by(
            F("closing").asc(nulls_last=True), "-published_at", "-id"
        )
    if query and sort in ("", SORT_RELEVANCE):
        return queryset.order_by("-rank", "-published_at", "-id")
    return queryset.order_by("-published_at", "-id")


def petitions_similar(title: str, *, exclude_uid: str = "", limit: int = SIMILAR_LIMIT) -> list:
    """Up to `limit` listed petitions whose titles look like `title`, the most similar first.

    Only listed petitions: suggesting one still in early support would reveal its link, which
    only its author and those they shared it with should know.
    """
    title = title.strip()
    if not title:
        return []
    queryset = Petition.internal.listed().exclude(uid=exclude_uid).select_related("agency")
    if _is_postgresql():
        return list(
            _similar_titles(queryset, title).order_by("-similarity", "-published_at")[:limit]
        )
    wanted = title.casefold()
    scored = []
    for petition in queryset.order_by("-published_at")[:SIMILAR_FALLBACK_CANDIDATES]:
        ratio = difflib.SequenceMatcher(None, wanted, petition.title.casefold()).ratio()
        if ratio >= SIMILAR_FALLBACK_RATIO:
            petition.similarity = ratio
            scored.append(petition)
    scored.sort(key=lambda petition: petition.similarity, reverse=True)
    return scored[:limit]


def _similar_titles(queryset: QuerySet, title: str) -> QuerySet:
    # The % operator lets PostgreSQL use the trigram index on the title (migration 0015); it
    # applies pg_trgm.similarity_threshold (0.3 unless changed), our setting on top of it.
    return (
        queryset.filter(TrigramSimilar(F("title"), Value(title)))
        .annotate(similarity=TrigramSimilarity("title", Value(title)))
        .filter(similarity__gte=settings.PETITIONS_SIMILAR_THRESHOLD)
    )
