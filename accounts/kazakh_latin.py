"""Kazakh from Cyrillic into the Latin alphabet of 2021, by the official transliteration table.

The alphabet approved in January 2021 has 31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P
Q R S Ş T U Ū Ü V Y Z. Cyrillic letters without a Latin twin (ё ц ч щ ю я, and ъ ь which are
dropped) follow the table's rules for borrowed words. Note the two i's: Cyrillic і is dotless
ı (capital I), while и and й are dotted i (capital İ).

Placeholders (%(name)s, %s, {name}), HTML tags and URLs are copied untouched, so that a
translated message keeps working when it is transliterated.
"""

import re

# Lower-case Cyrillic letter -> its Latin rendering (several letters for a few borrowed ones).
LOWER = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

# Capitals, written out: Python's str.upper() would turn the dotted i into a dotless I.
_UPPER_LATIN = {"i": "İ", "ı": "I"}


def _upper(latin: str) -> str:
    return "".join(_UPPER_LATIN.get(letter, letter.upper()) for letter in latin)


def _capitalised(latin: str) -> str:
    return _upper(latin[:1]) + latin[1:]


# Spans copied as they are: printf- and brace-style placeholders, HTML tags and entities, URLs.
PROTECTED = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}\s]*\}"
    r"|<[^<>]+>"
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"
    r"|(?:https?|mailto):[^\s<>\"']+",
)


def _is_upper_cyrillic(char: str) -> bool:
    return char.lower() in LOWER and char != char.lower()


def _plain(text: str) -> str:
    """Transliterate text that holds no protected span."""
    out = []
    for index, char in enumerate(text):
        lower = char.lower()
        latin = LOWER.get(lower)
        if latin is None:
            out.append(char)
        elif char == lower:
            out.append(latin)
        elif len(latin) < 2:
            out.append(_upper(latin))
        else:
            # Ч, Ш, Ю...: all capitals inside an all-capital word, else only the first letter.
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if after.isupper() or (not after.isalpha() and before.isupper()):
                out.append(_upper(latin))
            else:
                out.append(_capitalised(latin))
    return "".join(out)


def to_latin(text: str) -> str:
    """`text` with its Kazakh Cyrillic letters in the Latin alphabet of 2021."""
    out = []
    position = 0
    for match in PROTECTED.finditer(text):
        out.append(_plain(text[position : match.start()]))
        out.append(match.group())
        position = match.end()
    out.append(_plain(text[position:]))
    return "".join(out)


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)
