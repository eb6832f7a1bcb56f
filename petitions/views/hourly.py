"""Open data: a petition's signatures per hour, as its page's chart shows them (JSON, CSV)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from petitions import selectors
from petitions.api.csv_export import csv_response
from petitions.selectors.hourly import HOUR_COUNT_SHOWN_FROM, shown_count
from petitions.transparency.formats import utc_text
from petitions.views.common import published_or_404


def _hours(petition) -> tuple[int, list[tuple[str, int | None]]]:
    series = selectors.log_hourly_counts(petition)
    rows = [(utc_text(row["hour"]), shown_count(row["signatures"])) for row in series["hours"]]
    return series["log_size"], rows


@require_GET
def hourly_json(request, uid):
    """Hours in UTC; `signatures` is null for an hour with 1 to 9, as on the page."""
    petition = published_or_404(uid)
    log_size, rows = _hours(petition)
    return JsonResponse(
        {
            "petition": petition.uid,
            "log_size": log_size,
            "shown_from": HOUR_COUNT_SHOWN_FROM,
            "hours": [{"hour": hour, "signatures": signatures} for hour, signatures in rows],
        }
    )


@require_GET
def hourly_csv(request, uid):
    """hour_utc, signatures; "<10" for an hour with 1 to 9, as on the page."""
    petition = published_or_404(uid)
    _size, rows = _hours(petition)
    return csv_response(
        f"{petition.uid}-hourly.csv",
        ("hour_utc", "signatures"),
        ((hour, "<10" if signatures is None else signatures) for hour, signatures in rows),
    )
