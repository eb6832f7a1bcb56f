"""Signatures per hour from the public log (LogHourCount), for the petition page's chart and
the hourly open data."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from petitions.models import LogHourCount, Petition, PetitionLog

HOUR = datetime.timedelta(hours=1)
# The chart shows the last this many hours of collection, or the whole window if shorter.
HOURLY_WINDOW_HOURS = 72
# The regions' rule (petitions.selectors.public.REGION_COUNT_SHOWN_FROM): an hour with fewer
# signatures than this is shown as "fewer than 10", so a lone signer's time is not given away.
HOUR_COUNT_SHOWN_FROM = 10
# The chart's drawing units (templates/petitions/parts/hourly.html): a fixed width shared by
# the hours shown, so a short window gets wide bars rather than a tall, narrow chart.
HOURLY_CHART_WIDTH = 576
HOURLY_CHART_HEIGHT = 160
HOURLY_STUB_HEIGHT = 6


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def collection_hours(petition: Petition) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The first and last hour (UTC) the chart covers: up to HOURLY_WINDOW_HOURS hours ending
    where collection ended (sent or expired), or now while it goes on; None before publication."""
    if petition.published_at is None:
        return None
    end = petition.sent_at or petition.expired_at or timezone.now()
    if petition.closes_at is not None:
        end = min(end, petition.closes_at)
    last = _hour(max(end, petition.published_at))
    first = max(_hour(petition.published_at), last - (HOURLY_WINDOW_HOURS - 1) * HOUR)
    return first, last


def log_hourly_counts(petition: Petition) -> dict:
    """Valid signatures per hour (UTC) of the public log over `collection_hours`, hours without
    any at 0, with the log size they describe; exact counts, as anyone can recompute them
    from the leaves. Like the log, they lag the live count by up to SIGNATURE_LOG_LAG_SECONDS.
    """
    span = collection_hours(petition)
    if span is None:
        return {"log_size": 0, "hours": []}
    first, last = span
    counts = dict(
        LogHourCount.objects.filter(petition=petition, hour__gte=first, hour__lte=last).values_list(
            "hour", "signatures"
        )
    )
    counts = {_hour(hour): signatures for hour, signatures in counts.items()}
    size = PetitionLog.objects.filter(petition=petition).values_list("size", flat=True).first()
    hours = []
    hour = first
    while hour <= last:
        hours.append({"hour": hour, "signatures": counts.get(hour, 0)})
        hour += HOUR
    return {"log_size": size or 0, "hours": hours}


def shown_count(signatures: int) -> int | None:
    """The count as pages and open data give it: None for 1 to 9 ("fewer than 10")."""
    return None if 0 < signatures < HOUR_COUNT_SHOWN_FROM else signatures


@dataclass(frozen=True)
class HourBar:
    """One hour of the chart and its table; `signatures` is None when hidden."""

    hour: datetime.datetime  # UTC; templates show it in the portal's time zone
    signatures: int | None
    x: float
    y: float
    height: float

    @property
    def end(self) -> datetime.datetime:
        return self.hour + HOUR

    @property
    def hidden(self) -> bool:
        return self.signatures is None


def hourly_chart(series: dict) -> dict | None:
    """The chart of `log_hourly_counts`: bars scaled to the busiest hour shown, hours with 1 to
    9 signatures as a stub of fixed height and no number; None when the log has no signature
    in the span. Built before caching, so the page's cached data never hold a hidden count."""
    hours = series["hours"]
    if not any(row["signatures"] for row in hours):
        return None
    shown = [shown_count(row["signatures"]) for row in hours]
    largest = max((n for n in shown if n), default=0)
    step = HOURLY_CHART_WIDTH / len(hours)
    bars = []
    for position, (row, signatures) in enumerate(zip(hours, shown, strict=True)):
        if signatures is None:
            height = HOURLY_STUB_HEIGHT
        else:
            height = round(HOURLY_CHART_HEIGHT * signatures / largest, 1) if largest else 0
        bars.append(
            HourBar(
                hour=row["hour"],
                signatures=signatures,
                x=round(position * step, 2),
                y=round(HOURLY_CHART_HEIGHT - height, 1),
                height=height,
            )
        )
    busiest = max(
        (bar for bar in bars if bar.signatures), key=lambda bar: bar.signatures, default=None
    )
    return {
        "bars": bars,
        "busiest": busiest,
        "first": bars[0].hour,
        "last": bars[-1].end,
        "hidden_any": any(bar.hidden for bar in bars),
        "width": HOURLY_CHART_WIDTH,
        "height": HOURLY_CHART_HEIGHT,
        "bar_width": round(step * 0.75, 2),
        "long": len(bars) > 24,
    }
