"""Counts by region as a CSV file that spreadsheets open safely."""

import csv

from django.http import HttpResponse

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("region_code", "name_kk", "name_ru", "name_en", "signatures")
COLUMNS = ("code", "name_kk", "name_ru", "name_en", "signatures")


def formula_safe(value) -> str:
    """The cell's text, with an apostrophe in front if a spreadsheet would run it (OWASP)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def region_counts_csv(uid: str, regions: list[dict]) -> HttpResponse:
    """UTF-8 with a byte order mark, so that Excel reads the Kazakh and Russian names right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{uid}-regions.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([formula_safe(cell) for cell in HEADER])
    for row in regions:
        writer.writerow([formula_safe(row[column]) for column in COLUMNS])
    return response
