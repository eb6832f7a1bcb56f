"""Parsing and validation of the IIN, Kazakhstan's 12-digit individual identification number."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = range(1, 12)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_AND_SEX = {
    "1": (1800, "male"),
    "2": (1800, "female"),
    "3": (1900, "male"),
    "4": (1900, "female"),
    "5": (2000, "male"),
    "6": (2000, "female"),
}


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: datetime.date
    sex: str  # "male" or "female"

    def age_on(self, day: datetime.date) -> int:
        return full_years(self.birth_date, day)


def full_years(born: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` of someone born on `born`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_digit(first_eleven: str) -> int | None:
    """The control digit of an IIN, or None when the number cannot have one."""
    digits = [int(c) for c in first_eleven]
    for weights in (WEIGHTS_FIRST, WEIGHTS_SECOND):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def parse_iin(value: str) -> IIN:
    """Return the birth date and sex; raise ValidationError for anything that is not an IIN."""
    value = (value or "").strip()
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An IIN is exactly 12 digits."), code="iin_format")
    if value[6] not in CENTURY_AND_SEX:
        raise ValidationError(
            _("The seventh digit of an IIN must be from 1 to 6."), code="iin_century"
        )
    century, sex = CENTURY_AND_SEX[value[6]]
    try:
        birth_date = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits of an IIN must be a real birth date (YYMMDD)."),
            code="iin_date",
        ) from None
    if birth_date > timezone.localdate():
        raise ValidationError(_("The birth date in this IIN is in the future."), code="iin_future")
    if check_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("This IIN is not valid: its check digit does not match. Please check the number."),
            code="iin_checksum",
        )
    return IIN(value=value, birth_date=birth_date, sex=sex)


def validate_iin(value: str) -> None:
    """Django validator: raises ValidationError unless value is a valid IIN."""
    parse_iin(value)


def make_iin(birth_date: datetime.date, sex: str, serial: int) -> str:
    """A valid IIN for demo data and tests: tries serials upward until one has a check digit."""
    century_digit = next(
        digit
        for digit, (century, digit_sex) in CENTURY_AND_SEX.items()
        if century == birth_date.year // 100 * 100 and digit_sex == sex
    )
    while True:
        first_eleven = f"{birth_date:%y%m%d}{century_digit}{serial % 10000:04d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
        serial += 1
