"""Working days: weekends, the seeded holidays and carried days off, and transferred work days."""

import datetime

import pytest

from agencies.calendar import add_working_days, working_days_between, working_days_until
from agencies.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # February 2026 has no holidays.
        (D(2026, 2, 9), 1, D(2026, 2, 10)),  # Monday -> Tuesday
        (D(2026, 2, 9), 4, D(2026, 2, 13)),  # Monday -> Friday
        (D(2026, 2, 13), 1, D(2026, 2, 16)),  # Friday -> Monday, over the weekend
        (D(2026, 2, 14), 1, D(2026, 2, 16)),  # Saturday -> Monday
        (D(2026, 2, 15), 1, D(2026, 2, 16)),  # Sunday -> Monday
        (D(2026, 2, 13), 6, D(2026, 2, 23)),  # two weekends: 16-20, then 23
        (D(2026, 2, 13), 0, D(2026, 2, 13)),  # the start itself is not counted
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_skips_a_holiday_on_a_weekday():
    # Orthodox Christmas, Wednesday 7 January 2026.
    assert add_working_days(D(2026, 1, 6), 1) == D(2026, 1, 8)


def test_add_working_days_skips_a_carried_day_off():
    # 8 March 2026 is a Sunday, so Monday 9 March is the day off.
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 10)


def test_nauryz_2026_and_its_carried_days_off_are_seeded():
    days = dict(
        CalendarDay.objects.filter(date__range=(D(2026, 3, 21), D(2026, 3, 25))).values_list(
            "date", "kind"
        )
    )

    assert days == {
        D(2026, 3, 21): CalendarDay.Kind.HOLIDAY,  # Saturday
        D(2026, 3, 22): CalendarDay.Kind.HOLIDAY,  # Sunday
        D(2026, 3, 23): CalendarDay.Kind.HOLIDAY,  # Monday
        D(2026, 3, 24): CalendarDay.Kind.DAY_OFF,  # for the Saturday
        D(2026, 3, 25): CalendarDay.Kind.DAY_OFF,  # for the Sunday
    }


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, D(2026, 3, 26)),  # Friday 20 March -> Thursday 26: 21-25 March are all off
        (2, D(2026, 3, 27)),
        (3, D(2026, 3, 30)),
    ],
)
def test_add_working_days_over_nauryz_2026(days, expected):
    assert add_working_days(D(2026, 3, 20), days) == expected


def test_forty_working_days_from_friday_13_march_2026():
    # Counted by hand, working days after Friday 13 March 2026:
    #   16-20 Mar: 5 (5)         23-25 Mar: Nauryz and its days off
    #   26-27 Mar: 2 (7)         30 Mar-3 Apr: 5 (12)
    #   6-10 Apr: 5 (17)         13-17 Apr: 5 (22)         20-24 Apr: 5 (27)
    #   27-30 Apr: 4 (31)        1 May (Fri): holiday
    #   4-6 May: 3 (34)          7 May (Thu): holiday      8 May: 1 (35)
    #   9 May is a Saturday, so Monday 11 May is the day off
    #   12-15 May: 4 (39)        18 May (Mon): the 40th
    assert add_working_days(D(2026, 3, 13), 40) == D(2026, 5, 18)


def test_transferred_working_day_on_a_saturday_counts():
    CalendarDay.objects.create(date=D(2026, 2, 14), kind=CalendarDay.Kind.WORKING_DAY)

    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 16)) == 2


def test_day_off_created_by_an_administrator_is_skipped():
    CalendarDay.objects.create(date=D(2026, 2, 10), kind=CalendarDay.Kind.DAY_OFF)

    assert add_working_days(D(2026, 2, 9), 1) == D(2026, 2, 11)


def test_add_working_days_looks_past_a_run_of_days_off_longer_than_its_first_window():
    # Every day from Tuesday 2 February to Friday 12 March 2027 is off (8 March is already a
    # holiday): the first working day after Monday 1 February is Monday 15 March.
    day = D(2027, 2, 2)
    while day <= D(2027, 3, 12):
        CalendarDay.objects.get_or_create(date=day, defaults={"kind": CalendarDay.Kind.DAY_OFF})
        day += datetime.timedelta(days=1)

    assert add_working_days(D(2027, 2, 1), 1) == D(2027, 3, 15)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 9), D(2026, 2, 13), 4),  # Monday to Friday: 10, 11, 12, 13
        (D(2026, 2, 13), D(2026, 2, 16), 1),  # over a weekend
        (D(2026, 2, 14), D(2026, 2, 15), 0),  # Saturday to Sunday
        (D(2026, 3, 20), D(2026, 3, 27), 2),  # over Nauryz: 26 and 27 March
        (D(2026, 3, 13), D(2026, 5, 18), 40),  # the hand count above
    ],
)
def test_working_days_between_forward(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("day", [D(2026, 2, 9), D(2026, 2, 14), D(2026, 3, 23)])
def test_working_days_between_a_day_and_itself_is_zero(day):
    assert working_days_between(day, day) == 0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 13), D(2026, 2, 9), -4),
        (D(2026, 3, 27), D(2026, 3, 20), -2),
        (D(2026, 5, 18), D(2026, 3, 13), -40),
    ],
)
def test_working_days_between_backwards_is_negative(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.django_db
def test_working_days_until_counts_several_deadlines_at_once():
    start = datetime.date(2026, 3, 13)  # a Friday
    ends = [
        datetime.date(2026, 3, 2),
        start,
        datetime.date(2026, 3, 27),
        datetime.date(2026, 5, 18),
    ]
    # Back to 2 March: 3-6 and 10-13 March (9 March is the day off for 8 March) = -8.
    # To 27 March: 16-20 and 26-27 March (23 Nauryz, 24-25 carried days off) = 7.
    # To 18 May: 40, as counted in test_forty_working_days above.
    assert working_days_until(start, ends) == {ends[0]: -8, start: 0, ends[2]: 7, ends[3]: 40}
    assert working_days_until(start, []) == {}
