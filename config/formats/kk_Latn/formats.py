"""Kazakh in the Latin script: "29 qaraşa 2026 j."; the rest as in Cyrillic Kazakh (kk)."""

# "j" is Django's day of the month: the abbreviation of "jyl" (year) is escaped.
DATE_FORMAT = r"j E Y \j."
DATETIME_FORMAT = r"j E Y \j. H:i"
YEAR_MONTH_FORMAT = r"F Y \j."
