"""Properties of the IIN parser over generated numbers: valid ones round-trip, every other input
is refused with the module's own ValidationError and never any other exception."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.iin import CENTURY_AND_SEX, check_digit, make_iin, parse_iin

FEW = settings(max_examples=200, deadline=None, derandomize=True, database=None)

birth_dates = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2025, 12, 31))
sexes = st.sampled_from(["male", "female"])
serials = st.integers(min_value=0, max_value=9999)
digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


def first_eleven(birth_date: datetime.date, sex: str, serial: int) -> str:
    century_digit = next(
        digit
        for digit, (century, digit_sex) in CENTURY_AND_SEX.items()
        if century == birth_date.year // 100 * 100 and digit_sex == sex
    )
    return f"{birth_date:%y%m%d}{century_digit}{serial:04d}"


@FEW
@given(birth_date=birth_dates, sex=sexes, serial=serials)
def test_a_generated_iin_parses_back_to_its_birth_date_and_sex(birth_date, sex, serial):
    value = make_iin(birth_date, sex, serial)
    parsed = parse_iin(value)
    assert parsed.value == value
    assert parsed.birth_date == birth_date
    assert parsed.sex == sex
    assert int(value[11]) == check_digit(value[:11])


@FEW
@given(birth_date=birth_dates, sex=sexes, serial=serials, wrong=st.integers(0, 9))
def test_a_wrong_check_digit_is_refused(birth_date, sex, serial, wrong):
    start = first_eleven(birth_date, sex, serial)
    if check_digit(start) == wrong:
        wrong = (wrong + 1) % 10
    with pytest.raises(ValidationError) as refused:
        parse_iin(f"{start}{wrong}")
    assert refused.value.code == "iin_checksum"


@FEW
@given(value=digits)
def test_any_twelve_digits_either_parse_or_are_refused_for_a_reason(value):
    try:
        parsed = parse_iin(value)
    except ValidationError as refused:
        assert refused.code in {"iin_century", "iin_date", "iin_future", "iin_checksum"}
    else:
        assert check_digit(value[:11]) == int(value[11])
        assert value[6] in CENTURY_AND_SEX
        assert parsed.birth_date <= timezone.localdate()


@FEW
@given(value=st.text(max_size=40))
def test_any_text_is_refused_with_the_modules_own_error(value):
    try:
        parsed = parse_iin(value)
    except ValidationError as refused:
        assert refused.messages  # a message to show, not a traceback
    else:
        assert parsed.value == value.strip()
        assert len(parsed.value) == 12
        assert parsed.value.isascii()
        assert parsed.value.isdigit()


@FEW
@given(
    value=st.one_of(
        st.text(alphabet="0123456789", max_size=11),
        st.text(alphabet="0123456789", min_size=13, max_size=30),
        digits.map(lambda d: d[:5] + "x" + d[6:]),
        # Digits of other scripts (Arabic-Indic, fullwidth) look like an IIN but are not one.
        st.text(alphabet="٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", min_size=12, max_size=12),
    )
)
def test_wrong_length_or_non_ascii_digits_are_refused_as_a_format_error(value):
    with pytest.raises(ValidationError) as refused:
        parse_iin(value)
    assert refused.value.code == "iin_format"


@FEW
@given(
    birth_date=st.dates(
        min_value=timezone.localdate() + datetime.timedelta(days=1),
        max_value=datetime.date(2099, 12, 31),
    ),
    sex=sexes,
    serial=serials,
)
def test_a_birth_date_in_the_future_is_refused(birth_date, sex, serial):
    with pytest.raises(ValidationError) as refused:
        parse_iin(make_iin(birth_date, sex, serial))
    assert refused.value.code == "iin_future"
