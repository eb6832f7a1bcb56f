"""The open-data API's errors: one {"error": message} shape, in the language of the request."""

from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError

# Pydantic's error types, as a reader would put them; %(…)s are pydantic's error context.
MESSAGES = {
    "enum": _("“%(name)s” must be one of: %(expected)s."),
    "literal_error": _("“%(name)s” must be one of: %(expected)s."),
    "int_parsing": _("“%(name)s” must be a whole number."),
    "int_type": _("“%(name)s” must be a whole number."),
    "int_from_float": _("“%(name)s” must be a whole number."),
    "greater_than_equal": _("“%(name)s” must be at least %(ge)s."),
    "less_than_equal": _("“%(name)s” must be at most %(le)s."),
    "string_too_long": _("“%(name)s” can be at most %(max_length)s characters long."),
    "string_pattern_mismatch": _("“%(name)s” is not a valid code."),
    "missing": _("“%(name)s” is required."),
}
NOT_VALID = _("“%(name)s” is not valid.")


def problem(error: dict) -> str:
    """A sentence for one of pydantic's errors about a request parameter."""
    values = {**(error.get("ctx") or {}), "name": str(error.get("loc", ["?"])[-1])}
    try:
        return str(MESSAGES.get(error.get("type", ""), NOT_VALID)) % values
    except (KeyError, TypeError, ValueError):
        return str(NOT_VALID) % values


def validation_message(exc: ValidationError) -> str:
    return " ".join(problem(error) for error in exc.errors)
