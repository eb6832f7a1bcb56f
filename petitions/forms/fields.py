"""A text field for what people write on the portal: one Unicode form, nothing invisible.

Text is normalised to NFC (so "ә" typed two ways is one string, and search and duplicate checks
agree), loses the zero-width and bidirectional control characters that can make a title look
like another or hide words, and is refused, with the character named, when it holds any other
control character: only line breaks and tabs belong in a text.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that change how text looks, not what it says: zero-width spaces and
# joiners, the bidirectional marks, embeddings, overrides and isolates, the word joiner and
# invisible operators, the Arabic letter mark, the Mongolian vowel separator, and the BOM.
INVISIBLE = dict.fromkeys(
    [
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0x061C,
        0x180E,
        0xFEFF,
    ]
)
ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` in NFC, invisible characters removed; ValidationError for a control character."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    value = unicodedata.normalize("NFC", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    for character in value:
        if character in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(character) in ("Cc", "Cs") or character in "\u2028\u2029":
            raise ValidationError(
                _(
                    "The text contains a character that cannot be shown (code %(code)s). "
                    "Remove it, or type the text again instead of pasting it."
                ),
                code="control_character",
                params={"code": f"U+{ord(character):04X}"},
            )
    return value


class CleanTextField(forms.CharField):
    """A CharField whose value is clean_text()'s; `multiline=False` turns line breaks to spaces."""

    def __init__(self, *, multiline: bool = True, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = clean_text(value, multiline=self.multiline)
        return value.strip() if self.strip else value
