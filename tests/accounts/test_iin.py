"""The IIN: check digit, birth date and sex, and the specific error for each kind of bad number."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.iin import IIN, check_digit, make_iin, parse_iin, validate_iin

ALMATY = ZoneInfo("Asia/Almaty")


def reference_check_digit(first_eleven: str) -> int | None:
    """The rule, written out apart from the app's code.

    Weigh the first 11 digits 1..11 and take the sum mod 11; if that is 10, weigh them
    3,4,5,6,7,8,9,10,11,1,2 instead; if that is 10 again, the number cannot be an IIN.
    """
    digits = [int(c) for c in first_eleven]
    first = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if first != 10:
        return first
    second_weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    second = sum(d * w for d, w in zip(digits, second_weights, strict=True)) % 11
    return None if second == 10 else second


def with_check_digit(first_eleven: str) -> str:
    digit = reference_check_digit(first_eleven)
    assert digit is not None, f"{first_eleven} has no check digit"
    return f"{first_eleven}{digit}"


# 9*1 + 0*2 + 0*3 + 1*4 + 0*5 + 1*6 + 3*7 + 0*8 + 0*9 + 0*10 + 1*11 = 51; 51 mod 11 = 7.
VALID_BY_HAND = "900101300017"
# First pass: 9 + 4 + 6 + 21 + 8*10 + 1*11 = 131; 131 mod 11 = 10, so the second weights apply:
# 9*3 + 1*6 + 1*8 + 3*9 + 8*1 + 1*2 = 78; 78 mod 11 = 1.
VALID_BY_SECOND_WEIGHTS = "900101300811"
# Both passes give 10: 9 + 4 + 6 + 21 + 8*10 = 120 and 27 + 6 + 8 + 27 + 8 = 76, both 10 mod 11.
NO_CHECK_DIGIT = "90010130080"


def test_reference_implementation_agrees_with_the_worked_examples():
    assert reference_check_digit(VALID_BY_HAND[:11]) == 7
    assert reference_check_digit(VALID_BY_SECOND_WEIGHTS[:11]) == 1
    assert reference_check_digit(NO_CHECK_DIGIT) is None


@pytest.mark.parametrize(
    "first_eleven",
    [
        "90010130001",
        "85072040012",
        "05031550003",
        "10113060004",  # its first pass gives 10
        "99123110005",
        "50061520006",
        "90010130081",  # its first pass gives 10
    ],
)
def test_check_digit_follows_the_rule(first_eleven):
    assert check_digit(first_eleven) == reference_check_digit(first_eleven)


def test_check_digit_uses_the_second_weights_when_the_first_pass_gives_ten():
    assert check_digit(VALID_BY_SECOND_WEIGHTS[:11]) == 1


def test_check_digit_is_none_when_both_passes_give_ten():
    assert check_digit(NO_CHECK_DIGIT) is None


@pytest.mark.parametrize("iin", [VALID_BY_HAND, VALID_BY_SECOND_WEIGHTS])
def test_known_valid_iins_pass(iin):
    validate_iin(iin)
    assert parse_iin(iin).value == iin


@pytest.mark.parametrize(
    ("first_eleven", "birth_date", "sex"),
    [
        ("99123110005", datetime.date(1899, 12, 31), "male"),
        ("50061520006", datetime.date(1850, 6, 15), "female"),
        ("90010130001", datetime.date(1990, 1, 1), "male"),
        ("85072040012", datetime.date(1985, 7, 20), "female"),
        ("05031550003", datetime.date(2005, 3, 15), "male"),
        ("10113060004", datetime.date(2010, 11, 30), "female"),
    ],
    ids=["century-1", "century-2", "century-3", "century-4", "century-5", "century-6"],
)
def test_birth_date_and_sex_for_each_century_digit(first_eleven, birth_date, sex):
    iin = with_check_digit(first_eleven)

    parsed = parse_iin(iin)

    assert parsed == IIN(value=iin, birth_date=birth_date, sex=sex)


def error_code(value) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_iin(value)
    return caught.value.code


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "90010130001",  # 11 digits
        "9001013000170",  # 13 digits
        "90010130001A",
        "IIN900101300",
        "9001 0130001",
        "١٢٣٤٥٦٧٨٩٠١٢",  # Arabic-Indic digits: str.isdigit() is true for them
        "９００１０１３０００１７",  # full-width digits
    ],
)
def test_anything_but_twelve_ascii_digits_is_a_format_error(value):
    assert error_code(value) == "iin_format"


@pytest.mark.parametrize("century_digit", ["0", "7", "8", "9"])
def test_seventh_digit_outside_one_to_six_is_a_century_error(century_digit):
    iin = with_check_digit(f"900101{century_digit}0001")

    assert error_code(iin) == "iin_century"


@pytest.mark.parametrize(
    "birth",
    [
        "900231",  # 31 February
        "900230",  # 30 February
        "010229",  # 29 February 1901, not a leap year
        "901301",  # month 13
        "900001",  # month 0
        "900100",  # day 0
    ],
)
def test_impossible_birth_date_is_a_date_error(birth):
    iin = with_check_digit(f"{birth}30001")

    assert error_code(iin) == "iin_date"


def test_29_february_of_a_leap_year_is_a_real_date():
    iin = with_check_digit("00022950001")

    assert parse_iin(iin).birth_date == datetime.date(2000, 2, 29)


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=ALMATY), tick=False)
def test_birth_date_after_today_is_a_future_error():
    tomorrow = with_check_digit("26061650001")

    assert error_code(tomorrow) == "iin_future"


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=ALMATY), tick=False)
def test_born_today_is_not_in_the_future():
    today = with_check_digit("26061550001")

    assert parse_iin(today).birth_date == datetime.date(2026, 6, 15)


@time_machine.travel(datetime.datetime(2026, 6, 15, 0, 30, tzinfo=ALMATY), tick=False)
def test_today_is_the_date_in_almaty_not_in_utc():
    # 00:30 on 15 June in Almaty is still 14 June in UTC.
    born_on_the_15th = with_check_digit("26061550001")

    assert parse_iin(born_on_the_15th).birth_date == datetime.date(2026, 6, 15)


@pytest.mark.parametrize("last_digit", [d for d in range(10) if d != 7])
def test_wrong_last_digit_is_a_checksum_error(last_digit):
    assert error_code(f"{VALID_BY_HAND[:11]}{last_digit}") == "iin_checksum"


@pytest.mark.parametrize("last_digit", range(10))
def test_number_whose_both_passes_give_ten_is_rejected_whatever_its_last_digit(last_digit):
    assert error_code(f"{NO_CHECK_DIGIT}{last_digit}") == "iin_checksum"


def test_validate_iin_raises_the_same_error_as_parse_iin():
    with pytest.raises(ValidationError) as caught:
        validate_iin("900101300018")

    assert caught.value.code == "iin_checksum"


@pytest.mark.parametrize(
    ("birth_date", "sex"),
    [
        (datetime.date(1899, 12, 31), "male"),
        (datetime.date(1850, 6, 15), "female"),
        (datetime.date(1990, 1, 1), "male"),
        (datetime.date(1985, 7, 20), "female"),
        (datetime.date(2005, 3, 15), "male"),
        (datetime.date(2010, 11, 30), "female"),
    ],
)
def test_make_iin_gives_a_valid_iin_with_that_birth_date_and_sex(birth_date, sex):
    iin = make_iin(birth_date, sex, serial=1)

    assert reference_check_digit(iin[:11]) == int(iin[11])
    parsed = parse_iin(iin)
    assert (parsed.birth_date, parsed.sex) == (birth_date, sex)


def test_make_iin_skips_a_serial_that_has_no_check_digit():
    # Serial 80 on 1 January 1990, male, is NO_CHECK_DIGIT; serial 81 is the next that works.
    assert make_iin(datetime.date(1990, 1, 1), "male", serial=80) == VALID_BY_SECOND_WEIGHTS


def test_make_iin_gives_different_numbers_for_different_serials():
    born = datetime.date(1990, 1, 1)

    assert make_iin(born, "male", serial=1) != make_iin(born, "male", serial=2)


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (datetime.date(2026, 3, 20), 17),  # the day before the 18th birthday
        (datetime.date(2026, 3, 21), 18),  # the 18th birthday
        (datetime.date(2026, 3, 22), 18),
        (datetime.date(2025, 12, 31), 17),
        (datetime.date(2027, 3, 20), 18),
    ],
)
def test_age_on_turns_over_on_the_birthday(day, age):
    born = IIN(value="080321500000", birth_date=datetime.date(2008, 3, 21), sex="male")

    assert born.age_on(day) == age
