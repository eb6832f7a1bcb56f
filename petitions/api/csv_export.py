"""CSV files that spreadsheets open safely: counts by region, and any other public table."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("region_code", "name_kk", "name_ru", "name_en", "signatures")
COLUMNS = ("code", "name_kk", "name_ru", "name_en", "signatures")


def formula_safe(value) -> str:
    """The cell's text, with an apostrophe in front if a spreadsheet would run it (OWASP)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download in UTF-8 with a byte order mark, so that Excel reads Kazakh and Russian
    right; every cell passes through formula_safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([formula_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return response


def region_counts_csv(uid: str, regions: list[dict]) -> HttpResponse:
    return csv_response(
        f"{uid}-regions.csv",
        HEADER,
        ([region[column] for column in COLUMNS] for region in regions),
    )
