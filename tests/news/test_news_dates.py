"""Dates resolved against the publication date; datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from foedus.news.dates import find_dateline, find_dates, find_full_date

WED = dt.date(2024, 6, 19)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on Wednesday", "2024-06-19"),  # the publication day itself
        ("on Monday", "2024-06-17"),
        ("on Thursday", "2024-06-13"),  # the last Thursday before
        ("last Wednesday", "2024-06-12"),
        ("next Friday", "2024-06-21"),
        ("yesterday", "2024-06-18"),
        ("today", "2024-06-19"),
        ("on June 12", "2024-06-12"),
        ("on Dec. 4", "2023-12-04"),  # a month and day without a year: the last one before
        ("19 June 2024", "2024-06-19"),
        ("in June 1961", "1961-06"),
        ("in March", "2024-03"),
        ("in November", "2023-11"),
        ("last month", "2024-05"),
        ("in 1961", "1961"),
        ("two years ago", "2022"),
    ],
)
def test_resolved_against_publication(text: str, iso: str) -> None:
    (d,) = find_dates(text, WED)
    assert d.value is not None and d.value.iso() == iso


def test_without_publication_only_explicit_years_resolve() -> None:
    values = [
        (d.text, d.value.iso() if d.value else None)
        for d in find_dates("on Wednesday, June 19, 2024 and in May", None)
    ]
    assert values == [("Wednesday, June 19, 2024", "2024-06-19"), ("in May", None)]
    assert [d.value for d in find_dates("on Wednesday", None)] == [None]


def test_counts_and_money_are_not_years() -> None:
    assert find_dates("1,200 troops, 2000 km and $2024", WED) == []


def test_datelines() -> None:
    d = find_dateline("CANBERRA, Oct 6 (Reuters) - Australia signed", 0, dt.date(2025, 10, 6))
    assert (
        d is not None
        and d.place == "Canberra"
        and d.date is not None
        and d.date.iso() == "2025-10-06"
    )
    assert find_dateline("ANKARA/BRUSSELS — Turkey asked").place is None  # type: ignore[union-attr]
    assert find_dateline("NATO — the alliance said") is None
    assert find_full_date("Updated September 5, 2024, 6:12 AM") == dt.date(2024, 9, 5)
