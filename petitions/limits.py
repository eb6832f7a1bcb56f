"""Anti-automation limits on signing and filing: counters per address and per citizen.

A rule such as "5/300s" allows 5 attempts in a window of 300 seconds that starts at a multiple
of its period (fixed windows, as django-ratelimit counts them). The rules are the setting
PETITIONS_RATE_LIMITS. Signing is the hot path: a check increments every counter it names in
one round trip to Redis (a pipeline), or with add and incr in `make run`'s local-memory cache,
and never reads the database. Sign-in attempts are limited by django-allauth
(ACCOUNT_RATE_LIMITS, accounts.adapter).
"""

import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from accounts.audit.context import client_address

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Past this rule's amount an address is not refused, but signing asks for a proof of work.
SUSPICIOUS = "sign_suspicious_per_address"
# An IPv6 client is given a whole /64, so it is counted as one address.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Rule:
    amount: int
    period: int


@dataclass(frozen=True)
class Limited:
    """A refused attempt: the moment the first exhausted window ends."""

    retry_at: datetime

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))

    def advice(self) -> str:
        """When to try again, in the reader's language."""
        minutes = math.ceil(self.retry_after / 60)
        if minutes <= 90:
            return ngettext(
                "Please try again in %(minutes)d minute.",
                "Please try again in %(minutes)d minutes.",
                minutes,
            ) % {"minutes": minutes}
        moment = formats.date_format(timezone.localtime(self.retry_at), "DATETIME_FORMAT")
        return _("Please try again after %(moment)s.") % {"moment": moment}


def parse_rules(text: str) -> list[Rule]:
    """ "1/60s,5/300s" -> two rules; an empty text limits nothing."""
    rules = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        amount, duration = part.split("/")
        number, unit = duration[:-1], duration[-1]
        rules.append(Rule(int(amount), int(number or 1) * UNITS[unit]))
    return rules


def address_of(request) -> str:
    """The client's address as counted: IPv4 as it is, IPv6 by its /64 network."""
    address = client_address(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)


def _key(name: str, rule: Rule, subject: str, window: int) -> str:
    return f"rl:{name}:{rule.amount}/{rule.period}:{subject}:{window}"


def _increment(counters: list[tuple[str, int]]) -> list[int]:
    """Add one to each (key, period) counter and return the new counts."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        pipeline = get_redis_connection("default").pipeline(transaction=False)
        for key, period in counters:
            pipeline.incr(cache.make_key(key))
            pipeline.expire(cache.make_key(key), period)
        return pipeline.execute()[::2]
    counts = []
    for key, period in counters:
        cache.add(key, 0, period)
        counts.append(cache.incr(key))
    return counts


def _count(subjects: dict[str, str]) -> list[tuple[str, float]]:
    """Count one attempt under each named rule set ({setting key: whose attempt}), in one
    round trip; (name, end of its window) for each rule now past its amount.

    Every attempt counts, refused ones too, so that hammering does not help; a window still
    ends at its fixed time.
    """
    now = time.time()
    counters, rules = [], []
    for name, subject in subjects.items():
        for rule in parse_rules(settings.PETITIONS_RATE_LIMITS.get(name, "")):
            window = int(now // rule.period)
            counters.append((_key(name, rule, subject, window), rule.period))
            rules.append((name, rule.amount, (window + 1) * rule.period))
    if not counters:
        return []
    try:
        counts = _increment(counters)
    except RedisError as error:
        # Limits guard against abuse; the database's constraints guard the count. When the
        # cache is down, the portal signs without limits rather than refusing everyone.
        logger.warning("rate limits skipped: the cache is unavailable (%s)", error)
        return []
    return [
        (name, end)
        for count, (name, amount, end) in zip(counts, rules, strict=True)
        if count > amount
    ]


def _refusal(exceeded: list[tuple[str, float]]) -> Limited | None:
    if not exceeded:
        return None
    return Limited(retry_at=datetime.fromtimestamp(max(end for _, end in exceeded), tz=UTC))


def hit(subjects: dict[str, str]) -> Limited | None:
    """Count one attempt under each named rule set; the refusal when any rule is exhausted."""
    return _refusal(_count(subjects))


def signing_limited(request, uid: str) -> Limited | None:
    """Count a signing attempt on petition `uid` by this address and citizen."""
    address = address_of(request)
    return hit(
        {
            "sign_per_address_per_petition": f"{address}:{uid}",
            "sign_per_address": address,
            "sign_per_citizen": str(request.user.pk),
        }
    )


def signing_attempt(request, uid: str) -> tuple[Limited | None, bool]:
    """Count a signature without an EDS under every signing rule, in the one round trip:
    the refusal, if any, and whether the address signs like a machine (SUSPICIOUS, a rule that
    never refuses but asks for the proof-of-work check)."""
    address = address_of(request)
    exceeded = _count(
        {
            "sign_per_address_per_petition": f"{address}:{uid}",
            "sign_per_address": address,
            "sign_per_citizen": str(request.user.pk),
            SUSPICIOUS: address,
        }
    )
    refused = [(name, end) for name, end in exceeded if name != SUSPICIOUS]
    return _refusal(refused), len(refused) < len(exceeded)


def signing_looks_automated(request) -> bool:
    """Whether this address has signed like a machine (SUSPICIOUS), read without counting:
    the confirmation page shows the proof-of-work check before the signer presses the button.
    """
    name, subject = SUSPICIOUS, address_of(request)
    now, keys = time.time(), {}
    for rule in parse_rules(settings.PETITIONS_RATE_LIMITS.get(name, "")):
        keys[_key(name, rule, subject, int(now // rule.period))] = rule.amount
    # With Redis down the cache answers no counts (IGNORE_EXCEPTIONS in settings).
    counts = caches["default"].get_many(list(keys))
    return any(int(counts.get(key) or 0) >= amount for key, amount in keys.items())


def filing_limited(request) -> Limited | None:
    """Count a new petition by this address and citizen."""
    return hit({"file_per_address": address_of(request), "file_per_citizen": str(request.user.pk)})


def limited_response(request, limited: Limited, *, reason: str, back=None):
    """The 429 page: what was refused, why, and when to try again."""
    response = render(
        request,
        "429.html",
        {"reason": reason, "advice": limited.advice(), "back": back},
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response
