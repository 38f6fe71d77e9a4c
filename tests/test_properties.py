"""Properties of dates with precision and of obligations over time, checked with hypothesis.

The expected values are worked out here from the calendar (``calendar.monthrange``),
not from :class:`foedus.model.PartialDate`'s own methods, and the knowledge base is
built by hand (:func:`foedus.build.hand_built`) from intervals chosen to hit each
precision at each end, so a wrong widening or an exclusive end fails.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from foedus.build import hand_built
from foedus.errors import InputError
from foedus.kb import KnowledgeBase
from foedus.lookup import lookup_path, write_lookup
from foedus.model import Membership, ObligationType, PartialDate, Precision, Source, parse_date
from foedus.obligations import DEFAULT_VIEW

# --- PartialDate -------------------------------------------------------------------------

years = st.integers(min_value=1, max_value=9999)


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1, max_year: int = 9999) -> PartialDate:
    year = draw(st.integers(min_value=min_year, max_value=max_year))
    precision = draw(st.sampled_from(Precision))
    if precision is Precision.YEAR:
        return PartialDate(year)
    month = draw(st.integers(min_value=1, max_value=12))
    if precision is Precision.MONTH:
        return PartialDate(year, month)
    day = draw(st.integers(min_value=1, max_value=calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day)


def first(year: int, month: int | None, day: int | None) -> dt.date:
    return dt.date(year, month or 1, day or 1)


def last(year: int, month: int | None, day: int | None) -> dt.date:
    if day is not None:
        return dt.date(year, month or 1, day)
    m = month or 12
    return dt.date(year, m, calendar.monthrange(year, m)[1])


@given(partial_dates())
def test_iso_text_parses_back_to_the_same_date(p: PartialDate) -> None:
    text = p.iso()
    assert PartialDate.parse(text) == p
    assert len(text) == {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}[p.precision]
    assert str(p) == text


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_a_day_written_any_way_parses_to_that_day(day: dt.date) -> None:
    assert PartialDate.parse(day.isoformat()).first_day() == day
    loose = f"{day.year:04d}-{day.month}-{day.day}"  # one-digit months and days
    assert PartialDate.parse(f"  {loose} ") == PartialDate(day.year, day.month, day.day)
    assert parse_date(day.isoformat()) == day


@given(years, st.sampled_from([2, 4, 6, 9, 11]), st.data())
def test_a_day_the_month_does_not_have_is_an_input_error(year, month, data) -> None:
    day = data.draw(st.integers(calendar.monthrange(year, month)[1] + 1, 31))
    with pytest.raises(InputError, match="not a real date"):
        PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")


@given(partial_dates())
def test_first_and_last_day_widen_to_the_unknown_part(p: PartialDate) -> None:
    lo, hi = p.first_day(), p.last_day()
    assert (lo, hi) == (first(p.year, p.month, p.day), last(p.year, p.month, p.day))
    assert lo <= hi and lo.year == hi.year == p.year
    assert (hi - lo).days + 1 in {
        Precision.DAY: {1},
        Precision.MONTH: {28, 29, 30, 31},
        Precision.YEAR: {365, 366},
    }[p.precision]
    assert parse_date(p) == lo


@given(partial_dates(), st.data())
def test_every_day_inside_the_widened_interval_reads_back_as_the_same_date(
    p: PartialDate, data: st.DataObject
) -> None:
    day = data.draw(st.dates(min_value=p.first_day(), max_value=p.last_day()))
    assert PartialDate.at(day, p.precision) == p
    assert PartialDate.at(day, p.precision.value) == p
    # A day outside it reads back as another date of that precision.
    if p.first_day() > dt.date.min:
        assert PartialDate.at(p.first_day() - dt.timedelta(days=1), p.precision) != p
    if p.last_day() < dt.date.max:
        assert PartialDate.at(p.last_day() + dt.timedelta(days=1), p.precision) != p


@given(years, st.sampled_from([0, -9, None]), st.sampled_from([0, -9, None]))
def test_dataset_codes_for_unknown_parts_widen_the_precision(year, month, day) -> None:
    assert PartialDate.from_parts(year, month, day) == PartialDate(year)
    assert PartialDate.from_parts(year, 7, day) == PartialDate(year, 7)
    # A day without a known month is dropped: the date is the whole year.
    assert PartialDate.from_parts(year, month, 15) == PartialDate(year)


@given(st.lists(partial_dates(), min_size=2, max_size=8), st.sampled_from(Precision))
def test_dates_of_one_precision_sort_by_their_days(ps: list[PartialDate], precision) -> None:
    same = [PartialDate.at(p.first_day(), precision) for p in ps]
    assert sorted(same) == sorted(same, key=PartialDate.first_day)
    assert sorted(same) == sorted(same, key=PartialDate.last_day)


@given(partial_dates(), partial_dates())
def test_dates_of_different_years_order_by_year_whatever_their_precision(a, b) -> None:
    assume(a.year != b.year)
    assert (a < b) == (a.year < b.year) == (a.last_day() < b.first_day())


def test_a_year_and_a_month_of_that_year_can_be_sorted_together() -> None:
    # By first day, then the shorter span: January 1900 before the whole year before May.
    assert sorted([PartialDate(1900, 5), PartialDate(1900), PartialDate(1900, 1)]) == [
        PartialDate(1900, 1),
        PartialDate(1900),
        PartialDate(1900, 5),
    ]


# --- obligations over time, from a hand-built knowledge base -------------------------------


@dataclass(frozen=True)
class Case:
    """One bilateral treaty: the obligor pledges ``kind`` to the beneficiary; each member has
    its own entry and exit (None: still a member)."""

    treaty: str
    obligor: int
    beneficiary: int
    kind: ObligationType
    spans: tuple[tuple[PartialDate, PartialDate | None], tuple[PartialDate, PartialDate | None]]

    def window(self) -> tuple[dt.date, dt.date | None]:
        """The days both are members, worked out from the calendar: the later entry's first
        possible day to the earlier exit's last possible day, both inclusive."""
        start = max(first(e.year, e.month, e.day) for e, _ in self.spans)
        ends = [last(x.year, x.month, x.day) for _, x in self.spans if x is not None]
        return start, min(ends) if ends else None

    def handed_over(self) -> bool:
        """The hand-over rule (foedus/build/pledges.py): when one member leaves on the very
        day the other joins, both dated to the day, they share no day; ATOP dates West
        Germany's exit and united Germany's entry both 3 October 1990. Read literally it
        also empties a treaty both members enter and leave on one same day."""
        (a_in, a_out), (b_in, b_out) = self.spans
        start, end = self.window()
        if end is None or start != end:
            return False
        later_entry = max(a_in, b_in, key=PartialDate.first_day)
        earlier_exit = min((x for x in (a_out, b_out) if x), key=PartialDate.last_day)
        if (
            later_entry.precision is not Precision.DAY
            or earlier_exit.precision is not Precision.DAY
        ):
            return False
        return a_out == b_in or b_out == a_in

    def holds_on(self, day: dt.date) -> bool:
        start, end = self.window()
        return start <= day and (end is None or day <= end) and not self.handed_over()


def _cases() -> list[Case]:
    """Edge cases by hand, then random intervals of every precision (seeded)."""
    P = PartialDate
    hand = [
        ((P(1900), P(1900)), (P(1900), P(1900))),  # one whole year
        ((P(1904, 2), P(1904, 2)), (P(1904, 2), P(1904, 2))),  # February of a leap year
        ((P(1900, 2), P(1900, 3, 1)), (P(1900, 1, 31), None)),  # not a leap year
        ((P(1950, 6, 25), P(1950, 6, 25)), (P(1950, 6, 25), P(1950, 6, 25))),  # one day
        ((P(1955, 5, 5), P(1990, 10, 3)), (P(1990, 10, 3), None)),  # a hand-over: no day shared
        ((P(1955, 5, 5), P(1990, 10, 3)), (P(1990, 10, 2), None)),  # two days shared
        ((P(1961, 7, 6), None), (P(1961, 7, 11), None)),  # ongoing, later entry wins
        ((P(1832, 11), P(1833, 5, 21)), (P(1832, 11, 10), P(1833))),  # mixed precisions
        ((P(2018, 12, 31), None), (P(2018), P(2019, 1))),
    ]
    rng = random.Random(1815)

    def any_date(lo: int, hi: int) -> PartialDate:
        year = rng.randint(lo, hi)
        month = rng.choice([None, rng.randint(1, 12)])
        day = (
            rng.randint(1, calendar.monthrange(year, month)[1])
            if month and rng.random() < 0.6
            else None
        )
        return P(year, month, day)

    def span() -> tuple[PartialDate, PartialDate | None]:
        entry = any_date(1820, 2000)
        if rng.random() < 0.3:
            return entry, None
        exit_ = any_date(entry.year, entry.year + rng.choice([0, 1, 5, 40]))
        return (entry, exit_) if exit_.last_day() >= entry.first_day() else (entry, None)

    spans = hand + [(span(), span()) for _ in range(33)]
    kinds = list(ObligationType)
    return [
        Case(f"t-{i}", 1000 + i, 2000 + i, kinds[i % len(kinds)], s) for i, s in enumerate(spans)
    ]


CASES = _cases()


def _names() -> dict[int, str]:
    # Distinct first letters: hand_built makes abbreviations from a name's first three.
    return {
        **{c.obligor: f"O{i:03d} obligor" for i, c in enumerate(CASES)},
        **{c.beneficiary: f"B{i:03d} beneficiary" for i, c in enumerate(CASES)},
    }


def _memberships() -> list[Membership]:
    src = Source("hand-built", "test")
    rows = []
    for c in CASES:
        (obligor_in, obligor_out), (beneficiary_in, beneficiary_out) = c.spans
        rows.append(
            Membership(
                c.treaty, 0, c.obligor, obligor_in, obligor_out, frozenset({c.kind}), source=src
            )
        )
        rows.append(
            Membership(
                c.treaty, 0, c.beneficiary, beneficiary_in, beneficiary_out, frozenset(), source=src
            )
        )
    return rows


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory: pytest.TempPathFactory) -> list[KnowledgeBase]:
    """The same hand-built knowledge base asked three ways: SQL on the store, the in-memory
    index, and the lookup file a one-shot CLI call reads."""
    path: Path = tmp_path_factory.mktemp("props") / "kb.duckdb"
    by_sql = hand_built(_memberships(), states=_names(), path=path)
    write_lookup(
        lookup_path(path),
        build_id="test",
        pledges=by_sql.store.pledge_rows(DEFAULT_VIEW),
        provisions=by_sql.store.provision_rows(),
        directory=by_sql.states.dumps(),
    )
    by_index = KnowledgeBase(store=by_sql.store).load_index()
    by_lookup = KnowledgeBase(path)
    assert by_lookup._quick() is not None  # the one-shot path really is the lookup
    return [by_sql, by_index, by_lookup]


def _near_the_ends(c: Case) -> st.SearchStrategy[dt.date]:
    near = _edges(c)
    wide = st.dates(min_value=dt.date(1816, 1, 1), max_value=dt.date(2100, 12, 31))
    return st.one_of(st.sampled_from(near), wide)


cases_and_days = st.sampled_from(CASES).flatmap(lambda c: st.tuples(st.just(c), _near_the_ends(c)))


def _edges(c: Case) -> list[dt.date]:
    start, end = c.window()
    return [d + dt.timedelta(days=k) for d in [start, *([end] if end else [])] for k in (-1, 0, 1)]


@pytest.mark.parametrize("case", CASES, ids=[c.treaty for c in CASES])
def test_every_case_on_the_days_around_its_ends(three_ways, case: Case) -> None:
    for day in _edges(case):
        _check(three_ways, case, day)


@settings(max_examples=300, deadline=None)
@given(cases_and_days)
def test_an_obligation_holds_exactly_on_the_days_both_are_members(three_ways, case_day) -> None:
    _check(three_ways, *case_day)


def _check(three_ways: list[KnowledgeBase], c: Case, day: dt.date) -> None:
    expected = c.holds_on(day)
    start, end = c.window()
    for kb in three_ways:
        toward = kb.defends(c.beneficiary, on=day)
        owed = kb.obligations(c.obligor, on=day)
        assert toward == owed  # one pledge, seen from either side
        assert bool(toward) is expected, (c, day)
        if expected:
            (o,) = toward
            assert (o.obligor, o.beneficiary, o.type, o.treaty) == (
                c.obligor,
                c.beneficiary,
                c.kind,
                c.treaty,
            )
            assert (o.valid_from, o.valid_to) == (start, end)
        # The beneficiary promised nothing back; a type filter keeps or drops the one row.
        assert kb.obligations(c.beneficiary, on=day) == []
        other = next(t for t in ObligationType if t is not c.kind)
        assert kb.defends(c.beneficiary, on=day, types=[other]) == []
        assert kb.defends(c.beneficiary, on=day, types=[c.kind.value]) == toward


@settings(max_examples=100, deadline=None)
@given(cases_and_days)
def test_three_ways_of_asking_give_the_same_records(three_ways, case_day) -> None:
    c, day = case_day
    by_sql, by_index, by_lookup = (kb.defends(c.beneficiary, on=day) for kb in three_ways)
    assert by_sql == by_index == by_lookup
    assert [o.to_dict() for o in by_sql] == [o.to_dict() for o in by_lookup]


@pytest.mark.parametrize(
    ("spans", "before", "start", "end"),
    [
        # Worked by hand. ATOP-style "November 1832" widens to 1 November, but the other
        # member entered on the 10th; the obligor's exit, 21 May 1833, comes before the
        # beneficiary's "1833" (31 December).
        (
            (
                (PartialDate(1832, 11), PartialDate(1833, 5, 21)),
                (PartialDate(1832, 11, 10), PartialDate(1833)),
            ),
            "1832-11-09",
            (dt.date(1832, 11, 10), Precision.DAY),
            (dt.date(1833, 5, 21), Precision.DAY),
        ),
        # "February 1900" is the whole month (28 days: 1900 is not a leap year).
        (
            ((PartialDate(1900, 2), PartialDate(1900, 3, 1)), (PartialDate(1900, 1, 31), None)),
            "1900-01-31",
            (dt.date(1900, 2, 1), Precision.MONTH),
            (dt.date(1900, 3, 1), Precision.DAY),
        ),
        # "1900" to "1900": the whole year, both ends at year precision.
        (
            ((PartialDate(1900), PartialDate(1900)), (PartialDate(1900), PartialDate(1900))),
            "1899-12-31",
            (dt.date(1900, 1, 1), Precision.YEAR),
            (dt.date(1900, 12, 31), Precision.YEAR),
        ),
    ],
)
def test_the_answer_keeps_the_precision_of_the_end_it_came_from(
    three_ways, spans, before, start, end
) -> None:
    (c,) = [c for c in CASES if c.spans == spans]
    after = end[0] + dt.timedelta(days=1)
    for kb in three_ways:
        assert kb.defends(c.beneficiary, on=before) == []
        (o,) = kb.defends(c.beneficiary, on=start[0])
        assert ((o.valid_from, o.from_precision), (o.valid_to, o.to_precision)) == (start, end)
        assert kb.defends(c.beneficiary, on=end[0]) == [o]
        assert kb.defends(c.beneficiary, on=after) == []
        payload = o.to_dict()
        assert (payload["valid_from_precision"], payload["valid_to_precision"]) == (
            start[1].value,
            end[1].value,
        )
