"""Kazakh dates and numbers: "29 қараша 2026 ж.", 24-hour times, "12 454,5".

The *_FORMAT strings use Django's date format syntax; E is the month's name as a date shows
it (locale_vendor/kk gives it in lower case). kk_Latn takes everything it does not override.
"""

DATE_FORMAT = "j E Y ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y ж. H:i"
YEAR_MONTH_FORMAT = "F Y ж."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Python strftime syntax. ISO first: <input type="date"> shows and sends 2026-11-29.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-11-29'
    "%d.%m.%Y",  # '29.11.2026'
    "%d.%m.%y",  # '29.11.26'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2026-11-29 14:30:59'
    "%Y-%m-%d %H:%M",  # '2026-11-29 14:30'
    "%d.%m.%Y %H:%M:%S",  # '29.11.2026 14:30:59'
    "%d.%m.%Y %H:%M",  # '29.11.2026 14:30'
    "%d.%m.%y %H:%M",  # '29.11.26 14:30'
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space: 12 454
NUMBER_GROUPING = 3
