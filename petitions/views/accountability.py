"""The public ranking of state bodies by how they answer petitions, as a page and as CSV."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from petitions import selectors
from petitions.api.csv_export import csv_response
from petitions.forms.accountability import SORT_CHOICES, RankingFilterForm
from petitions.selectors.accountability import SORTS

CSV_HEADER = (
    "agency_code",
    "name_kk",
    "name_ru",
    "name_en",
    "level",
    "region_code",
    "received",
    "answered_on_time",
    "answer_due",
    "answered_on_time_percent",
    "median_working_days_to_answer",
    "overdue_now",
    "accepted",
    "refused",
    "milestones_done_on_time",
    "milestones_due",
    "promises_kept_percent",
)


@require_GET
def ranking(request):
    form = RankingFilterForm(request.GET)
    filters = form.filters()
    place = {name: filters[name] for name in ("level", "region") if filters[name]}
    return render(
        request,
        "petitions/accountability.html",
        {
            "form": form,
            "records": selectors.agency_ranking(**filters),
            "sort": filters["sort"],
            "sort_label": dict(SORT_CHOICES)[filters["sort"]],
            "largest_first": SORTS[filters["sort"]][1],
            "sort_urls": {key: "?" + urlencode({**place, "sort": key}) for key in SORTS},
            "csv_url": reverse("petitions:agency_ranking_csv")
            + "?"
            + urlencode({**place, "sort": filters["sort"]}),
        },
    )


@require_GET
def ranking_csv(request):
    records = selectors.agency_ranking(**RankingFilterForm(request.GET).filters())
    return csv_response("agency-ranking.csv", CSV_HEADER, (_csv_row(r) for r in records))


def _csv_row(record) -> tuple:
    agency = record.agency
    return (
        agency.code,
        agency.name_kk,
        agency.name_ru,
        agency.name_en,
        agency.level,
        agency.region_id or "",
        record.received,
        record.answered_on_time,
        record.answer_due,
        record.on_time_percent,
        record.median_working_days,
        record.overdue_now,
        record.accepted,
        record.refused,
        record.milestones_kept,
        record.milestones_due,
        record.kept_percent,
    )
