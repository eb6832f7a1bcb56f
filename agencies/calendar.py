"""Working days: weekdays less holidays and transferred days off, plus transferred work days."""

import datetime

from agencies.models import CalendarDay

DAY = datetime.timedelta(days=1)
# Enough room for any legal deadline (40 working days) plus a long run of holidays.
LOOKAHEAD_FACTOR = 3


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    rows = CalendarDay.objects.filter(date__gt=start, date__lte=end).values_list("date", "kind")
    return {day: kind == CalendarDay.Kind.WORKING_DAY for day, kind in rows}


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted)."""
    horizon = start + DAY * (days * LOOKAHEAD_FACTOR + 30)
    exceptions = _exceptions(start, horizon)
    day, counted = start, 0
    while counted < days:
        day += DAY
        if day > horizon:
            horizon = day + DAY * (days * LOOKAHEAD_FACTOR + 30)
            exceptions |= _exceptions(day - DAY, horizon)
        if is_working_day(day, exceptions):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    return working_days_until(start, [end])[end]


def working_days_until(start: datetime.date, ends: list[datetime.date]) -> dict[datetime.date, int]:
    """working_days_between(start, end) for each end, reading the calendar once."""
    if not ends:
        return {}
    low, high = min(start, *ends), max(start, *ends)
    exceptions = _exceptions(low - DAY, high)
    counted, day, running = {}, low, 0
    while day < high:
        day += DAY
        running += is_working_day(day, exceptions)
        counted[day] = running
    counted[low] = 0
    return {end: counted[end] - counted[start] for end in ends}
