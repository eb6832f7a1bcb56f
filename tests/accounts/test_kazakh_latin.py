"""The Cyrillic-to-Latin transliteration of Kazakh by the table of 2021 (accounts.kazakh_latin)."""

import pytest

from accounts.kazakh_latin import has_cyrillic, to_latin

# The official table, letter by letter: Cyrillic capital, small, Latin capital, small.
TABLE = [
    ("А", "а", "A", "a"),
    ("Ә", "ә", "Ä", "ä"),
    ("Б", "б", "B", "b"),
    ("В", "в", "V", "v"),
    ("Г", "г", "G", "g"),
    ("Ғ", "ғ", "Ğ", "ğ"),
    ("Д", "д", "D", "d"),
    ("Е", "е", "E", "e"),
    ("Ё", "ё", "İo", "io"),
    ("Ж", "ж", "J", "j"),
    ("З", "з", "Z", "z"),
    ("И", "и", "İ", "i"),
    ("Й", "й", "İ", "i"),
    ("К", "к", "K", "k"),
    ("Қ", "қ", "Q", "q"),
    ("Л", "л", "L", "l"),
    ("М", "м", "M", "m"),
    ("Н", "н", "N", "n"),
    ("Ң", "ң", "Ñ", "ñ"),
    ("О", "о", "O", "o"),
    ("Ө", "ө", "Ö", "ö"),
    ("П", "п", "P", "p"),
    ("Р", "р", "R", "r"),
    ("С", "с", "S", "s"),
    ("Т", "т", "T", "t"),
    ("У", "у", "U", "u"),
    ("Ұ", "ұ", "Ū", "ū"),
    ("Ү", "ү", "Ü", "ü"),
    ("Ф", "ф", "F", "f"),
    ("Х", "х", "H", "h"),
    ("Һ", "һ", "H", "h"),
    ("Ц", "ц", "Ts", "ts"),
    ("Ч", "ч", "Ch", "ch"),
    ("Ш", "ш", "Ş", "ş"),
    ("Щ", "щ", "Şş", "şş"),
    ("Ъ", "ъ", "", ""),
    ("Ы", "ы", "Y", "y"),
    ("І", "і", "I", "ı"),
    ("Ь", "ь", "", ""),
    ("Э", "э", "E", "e"),
    ("Ю", "ю", "İu", "iu"),
    ("Я", "я", "İa", "ia"),
]


def test_the_table_covers_the_whole_kazakh_cyrillic_alphabet():
    assert len(TABLE) == 42


@pytest.mark.parametrize(("capital", "small", "latin_capital", "latin_small"), TABLE)
def test_every_letter(capital, small, latin_capital, latin_small):
    assert to_latin(small) == latin_small
    # A capital starting a word: only the first Latin letter of a digraph is a capital.
    assert to_latin(capital + "а") == latin_capital + "a"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан Республикасы", "Qazaqstan Respublikasy"),
        ("Шымкент", "Şymkent"),
        ("шаһарының", "şaharynyñ"),
        ("Бұрыңғы өткен заманда, бір данышпан кісі", "Būryñğy ötken zamanda, bır danyşpan kısı"),
        ("үйіне", "üiıne"),
        ("Петиция", "Petitsiia"),
        ("Әкімдік", "Äkımdık"),
        ("Қазақша", "Qazaqşa"),
        ("ащы", "aşşy"),
        ("съезд", "sezd"),
        ("Юрий", "İurii"),
    ],
)
def test_words(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ҚАЗАҚСТАН", "QAZAQSTAN"),
        ("ЧЕМПИОН", "CHEMPİON"),
        ("ЮНЕСКО", "İUNESKO"),
        ("ЩИ", "ŞŞİ"),
        ("ЖСН", "JSN"),
        ("ИІН", "İIN"),
        ("ШАЙ", "ŞAİ"),
        ("АЧ", "ACH"),
        ("Ч.", "Ch."),
    ],
)
def test_all_capital_words_stay_all_capitals(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_mixed_text_keeps_latin_digits_and_punctuation():
    text = "Qoldau — 2026 жылғы 29 қараша, №5: «Алматы» (ru: Алматы), 12 454 қол!"
    assert to_latin(text) == (
        "Qoldau — 2026 jylğy 29 qaraşa, №5: «Almaty» (ru: Almaty), 12 454 qol!"
    )


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("%(name)s қол қойды", "%(name)s qol qoidy"),
        ("%(count)d қол", "%(count)d qol"),
        ("%s қол, %% үлесі", "%s qol, %% ülesı"),
        ("{name} қол қойды", "{name} qol qoidy"),
        ('<a href="/қала">қала</a>', '<a href="/қала">qala</a>'),
        ("<strong>Назар</strong>&nbsp;аударыңыз", "<strong>Nazar</strong>&nbsp;audaryñyz"),
        ("Сайт: https://қолдау.kz/өтініш бетте", "Sait: https://қолдау.kz/өтініш bette"),
    ],
)
def test_placeholders_tags_and_links_are_untouched(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_text_without_cyrillic_is_unchanged():
    text = "Sign <b>%(title)s</b> at {url}, 100% free."
    assert to_latin(text) == text


def test_the_result_holds_no_cyrillic():
    alphabet = "".join(capital + small for capital, small, _c, _s in TABLE)
    assert has_cyrillic(alphabet)
    assert not has_cyrillic(to_latin(alphabet))
