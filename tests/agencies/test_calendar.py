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


# The 2026 calendar as the eGov portal published it (reported by Kazinform, 2 January 2026):
# the holidays on weekdays and the days off carried from those on a weekend. The Government
# announced no further transfers for 2026, so no transferred working day is seeded.
WEEKDAYS_OFF_2026 = [
    D(2026, 1, 1),  # New Year
    D(2026, 1, 2),
    D(2026, 1, 7),  # Orthodox Christmas
    D(2026, 3, 9),  # for International Women's Day, Sunday 8 March
    D(2026, 3, 23),  # Nauryz
    D(2026, 3, 24),  # for Nauryz, Saturday 21 March
    D(2026, 3, 25),  # for Nauryz, Sunday 22 March
    D(2026, 5, 1),  # Day of Unity
    D(2026, 5, 7),  # Defender of the Fatherland Day
    D(2026, 5, 11),  # for Victory Day, Saturday 9 May
    D(2026, 5, 27),  # Kurban Ait
    D(2026, 7, 6),  # Capital City Day
    D(2026, 8, 31),  # for Constitution Day, Sunday 30 August
    D(2026, 10, 26),  # for Republic Day, Sunday 25 October
    D(2026, 12, 16),  # Independence Day
]


def test_the_seeded_2026_calendar_has_the_published_weekdays_off_and_no_working_weekend():
    rows = CalendarDay.objects.filter(date__year=2026)
    weekdays_off = sorted(
        day.date
        for day in rows
        if day.date.weekday() < 5 and day.kind != CalendarDay.Kind.WORKING_DAY
    )
    assert weekdays_off == WEEKDAYS_OFF_2026
    assert not rows.filter(kind=CalendarDay.Kind.WORKING_DAY).exists()


def test_working_days_in_2026_add_up_to_the_published_calendar():
    # 261 weekdays in 2026, less the 15 weekdays off above.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 15


def test_kurban_ait_is_skipped_without_a_carried_day_off():
    # Wednesday 27 May 2026; a religious holiday gives no day off in its place.
    assert add_working_days(D(2026, 5, 26), 1) == D(2026, 5, 28)
    assert add_working_days(D(2026, 5, 26), 2) == D(2026, 5, 29)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # 2026 to 2027: Friday 1 January is a holiday, Saturday 2 January too, so Monday 4
        # January is its carried day off; Thursday 7 January is Orthodox Christmas.
        (D(2026, 12, 30), 1, D(2026, 12, 31)),
        (D(2026, 12, 30), 2, D(2027, 1, 5)),
        (D(2026, 12, 31), 1, D(2027, 1, 5)),
        (D(2026, 12, 31), 2, D(2027, 1, 6)),
        (D(2026, 12, 31), 3, D(2027, 1, 8)),
        # 2025 to 2026: Thursday and Friday 1-2 January, a weekend, then Monday 5 January.
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
        (D(2025, 12, 31), 3, D(2026, 1, 8)),
    ],
)
def test_add_working_days_across_the_new_year(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 12, 30), D(2027, 1, 8), 4),  # 31 December, 5, 6 and 8 January
        (D(2027, 1, 8), D(2026, 12, 30), -4),
        (D(2026, 12, 31), D(2027, 1, 4), 0),  # nothing but holidays, a weekend, a day off
    ],
)
def test_working_days_between_across_the_new_year(start, end, expected):
    assert working_days_between(start, end) == expected


def test_forty_working_days_across_independence_day_the_new_year_and_christmas():
    # Counted by hand, working days after Tuesday 1 December 2026:
    #   2-4 Dec: 3 (3)          7-11 Dec: 5 (8)          14-15 Dec: 2 (10)
    #   16 Dec (Wed): Independence Day                   17-18 Dec: 2 (12)
    #   21-25 Dec: 5 (17)       28-31 Dec: 4 (21)
    #   1-2 Jan 2027 (Fri, Sat): New Year; 4 Jan (Mon): the day off carried from 2 January
    #   5-6 Jan: 2 (23)         7 Jan (Thu): Orthodox Christmas          8 Jan: 1 (24)
    #   11-15 Jan: 5 (29)       18-22 Jan: 5 (34)        25-29 Jan: 5 (39)
    #   1 Feb (Mon): the 40th
    assert add_working_days(D(2026, 12, 1), 40) == D(2027, 2, 1)
    assert working_days_between(D(2026, 12, 1), D(2027, 2, 1)) == 40


def test_a_government_transfer_moves_a_day_off_to_a_friday_and_work_to_a_saturday():
    # As the Government does to bridge a holiday: Friday off, the Saturday after worked.
    CalendarDay.objects.create(date=D(2026, 2, 20), kind=CalendarDay.Kind.DAY_OFF)
    CalendarDay.objects.create(date=D(2026, 2, 21), kind=CalendarDay.Kind.WORKING_DAY)

    assert add_working_days(D(2026, 2, 19), 1) == D(2026, 2, 21)  # Friday skipped, Saturday worked
    assert add_working_days(D(2026, 2, 19), 2) == D(2026, 2, 23)
    assert working_days_between(D(2026, 2, 16), D(2026, 2, 27)) == 9  # the week keeps its count


def test_a_transferred_working_day_counts_across_the_new_year():
    # A working Saturday 9 January 2027 (a transfer an administrator might enter).
    CalendarDay.objects.create(date=D(2027, 1, 9), kind=CalendarDay.Kind.WORKING_DAY)

    assert add_working_days(D(2026, 12, 31), 4) == D(2027, 1, 9)
    assert working_days_between(D(2026, 12, 30), D(2027, 1, 11)) == 6


def test_working_days_until_reads_the_calendar_once(django_assert_num_queries):
    ends = [D(2026, 1, 5), D(2026, 3, 26), D(2026, 12, 31), D(2027, 2, 1)]
    with django_assert_num_queries(1):
        counted = working_days_until(D(2026, 2, 20), ends)
    assert counted[D(2026, 3, 26)] == 20  # the hand count in tests/petitions/test_deadlines.py
