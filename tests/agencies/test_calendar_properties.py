"""Properties of the working-day calendar over generated holidays and transfers, across year
boundaries: adding lands on a working day, grows with N, and counting inverts it."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.calendar import add_working_days, working_days_between, working_days_until
from agencies.models import CalendarDay

pytestmark = pytest.mark.django_db

FEW = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    # Each example replaces the calendar inside its own savepoint, rolled back after it.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

DAY = datetime.timedelta(days=1)
FIRST, LAST = datetime.date(2025, 11, 1), datetime.date(2028, 3, 31)
KINDS = st.sampled_from(CalendarDay.Kind.values)
calendars = st.dictionaries(st.dates(min_value=FIRST, max_value=LAST), KINDS, max_size=60)
# Half the starts fall within a fortnight of a new year, where a calendar most often breaks.
new_years = st.builds(
    lambda year, offset: datetime.date(year, 1, 1) + DAY * offset,
    st.integers(2026, 2028),
    st.integers(-15, 15),
)
starts = st.one_of(new_years, st.dates(min_value=FIRST, max_value=datetime.date(2027, 12, 31)))
counts = st.integers(min_value=0, max_value=60)


def working(day: datetime.date, calendar: dict) -> bool:
    """The oracle: an exception decides, else Monday to Friday."""
    if day in calendar:
        return calendar[day] == CalendarDay.Kind.WORKING_DAY
    return day.weekday() < 5


def naive_between(start: datetime.date, end: datetime.date, calendar: dict) -> int:
    low, high, sign = (start, end, 1) if start <= end else (end, start, -1)
    days = ((low + DAY * n) for n in range(1, (high - low).days + 1))
    return sign * sum(working(day, calendar) for day in days)


def with_calendar(calendar: dict, check) -> None:
    with transaction.atomic():
        CalendarDay.objects.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, kind=kind) for day, kind in calendar.items()
        )
        try:
            check()
        finally:
            transaction.set_rollback(True)


@FEW
@given(calendar=calendars, start=starts, days=counts)
def test_adding_working_days_lands_on_a_working_day_and_counting_inverts_it(calendar, start, days):
    def check():
        end = add_working_days(start, days)
        assert end >= start
        if days:
            assert working(end, calendar)
        else:
            assert end == start
        assert working_days_between(start, end) == days
        assert naive_between(start, end, calendar) == days

    with_calendar(calendar, check)


@FEW
@given(calendar=calendars, start=starts, days=counts, more=st.integers(1, 30))
def test_adding_more_working_days_lands_strictly_later(calendar, start, days, more):
    def check():
        assert add_working_days(start, days) < add_working_days(start, days + more)

    with_calendar(calendar, check)


@FEW
@given(
    calendar=calendars,
    start=starts,
    ends=st.lists(st.dates(min_value=FIRST, max_value=LAST), min_size=1, max_size=5),
)
def test_counting_between_two_dates_matches_a_day_by_day_count(calendar, start, ends):
    def check():
        counted = working_days_until(start, ends)
        for end in ends:
            assert counted[end] == naive_between(start, end, calendar)
            assert working_days_between(start, end) == counted[end]
            assert working_days_between(end, start) == -counted[end]

    with_calendar(calendar, check)
