"""Dates and numbers in each interface language: Kazakh's own formats (config/formats) in both
scripts, Django's for Russian and English."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

NBSP = "\xa0"
SHOWN = Template(
    "{% load humanize %}"
    '{{ day|date:"DATE_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}|'
    '{{ day|date:"SHORT_DATE_FORMAT" }}|{{ count|intcomma }}|{{ share }}'
)
CONTEXT = {
    "day": datetime.date(2026, 11, 29),
    "moment": datetime.datetime(2026, 11, 29, 14, 5, tzinfo=ZoneInfo("Asia/Almaty")),
    "count": 12454,
    "share": 12.5,
}


def shown(language: str) -> list[str]:
    with translation.override(language):
        return SHOWN.render(Context(CONTEXT)).split("|")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "kk",
            ["29 қараша 2026 ж.", "29 қараша 2026 ж. 14:05", "29.11.2026", f"12{NBSP}454", "12,5"],
        ),
        (
            "kk-latn",
            ["29 qaraşa 2026 j.", "29 qaraşa 2026 j. 14:05", "29.11.2026", f"12{NBSP}454", "12,5"],
        ),
        (
            "ru",
            ["29 ноября 2026 г.", "29 ноября 2026 г. 14:05", "29.11.2026", f"12{NBSP}454", "12,5"],
        ),
        (
            "en",
            ["Nov. 29, 2026", "Nov. 29, 2026, 2:05 p.m.", "11/29/2026", "12,454", "12.5"],
        ),
    ],
)
def test_a_date_and_a_number_in_each_language(language, expected):
    assert shown(language) == expected


@pytest.mark.parametrize(
    ("month", "kazakh"),
    list(
        enumerate(
            [
                "қаңтар",
                "ақпан",
                "наурыз",
                "сәуір",
                "мамыр",
                "маусым",
                "шілде",
                "тамыз",
                "қыркүйек",
                "қазан",
                "қараша",
                "желтоқсан",
            ],
            start=1,
        )
    ),
)
def test_every_kazakh_month_in_a_date_is_in_lower_case(month, kazakh):
    with translation.override("kk"):
        day = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": datetime.date(2026, month, 3)})
        )
    assert day == f"3 {kazakh} 2026 ж."


def test_a_kazakh_date_field_reads_what_people_type_and_what_the_browser_sends():
    from django import forms

    field = forms.DateField()
    with translation.override("kk"):
        assert field.clean("29.11.2026") == datetime.date(2026, 11, 29)
        assert field.clean("2026-11-29") == datetime.date(2026, 11, 29)
        # What <input type="date"> is given back must be ISO, or the browser shows nothing.
        assert forms.DateInput().format_value(datetime.date(2026, 11, 29)) == "2026-11-29"
