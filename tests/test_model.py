import datetime as dt

import pytest

from foedus.errors import InputError
from foedus.model import ObligationType, PartialDate, Precision, parse_date


def test_partial_date_bounds_cover_the_unknown_part():
    assert PartialDate(1900).first_day() == dt.date(1900, 1, 1)
    assert PartialDate(1900).last_day() == dt.date(1900, 12, 31)
    assert PartialDate(1900, 2).last_day() == dt.date(1900, 2, 28)  # 1900 is not a leap year
    assert PartialDate(2000, 2).last_day() == dt.date(2000, 2, 29)
    assert PartialDate(1961, 7, 6).precision is Precision.DAY


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (1815, 6, 0, "1815-06"),
        (1815, -9, -9, "1815"),
        (1815, 6, None, "1815-06"),
        (1815, 0, 5, "1815"),
    ],
)
def test_unknown_parts_coded_zero_or_minus_nine(year, month, day, expected):
    assert PartialDate.from_parts(year, month, day).iso() == expected


@pytest.mark.parametrize("text", ["2010-13-01", "2010-02-30", "June 2010", "10-06-01", ""])
def test_bad_dates_name_the_expected_form(text):
    with pytest.raises(InputError, match=r"YYYY|real date"):
        PartialDate.parse(text)


def test_parse_date_accepts_text_dates_and_partial_dates():
    assert parse_date("1962") == dt.date(1962, 1, 1)
    assert parse_date(dt.datetime(2010, 6, 1, 12)) == dt.date(2010, 6, 1)
    assert parse_date(PartialDate(1962, 3)) == dt.date(1962, 3, 1)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("defense", ObligationType.DEFENSE),
        ("Defence", ObligationType.DEFENSE),
        ("neutral", ObligationType.NEUTRALITY),
        ("non-aggression", ObligationType.NONAGGRESSION),
        ("consul", ObligationType.CONSULTATION),
        ("OFFENSE", ObligationType.OFFENSE),
    ],
)
def test_obligation_type_names(text, kind):
    assert ObligationType.parse(text) is kind


def test_unknown_obligation_type_lists_the_valid_ones():
    with pytest.raises(InputError, match="defense, offense, neutrality"):
        ObligationType.parse("alliance")
