"""Merging spells into a table: one sweep over the years where something changes.

Alliance data arrive as spells (a pledge from 1949 to today, a membership
from 1832 to 1833). Spelling every spell out year by year and grouping the
years back together costs a group-by over a million rows; instead each spell
becomes two events (it starts, it ends a year after its last year), the
events are sorted once, and a running sum tells, from one event to the next,
how many spells of each kind are open (the events of one year follow each
other; only the last of them opens a stretch of years, the others stretch
over none). Each kind gets its own ten bits of one integer (a *lane*), so
one running sum counts them all.

Two ways to merge spells into a dyad-year table's runs (see
:class:`~foedus.datasets.table.Table`), each leaving the table as runs, so
the years are spelled out once, in order, at the end:

* :func:`merge_sql`: one sweep over the spells' events and the runs' own
  (whose running sum names the run a stretch of years falls in);
* :func:`pieces_sql` then :func:`merge_pieces_sql`: the sweep over the spells
  alone gives each dyad's *pieces*, which depend on the data only and so are
  computed once per knowledge base; a join puts them on any table's runs.
  The alliance verbs work this way.

Lanes hold counts below 1024; six lanes fit one BIGINT.

A worked case, on two dyads and three spells (runs of the table: 220→211
from 1831 to 1835, 211→220 likewise):

>>> import duckdb
>>> con = duckdb.connect()
>>> runs = con.sql("SELECT * FROM (VALUES (220, 211, 1831, 1835), (211, 220, 1831, 1835)) "
...                "t(ccode1, ccode2, y0, y1)")
>>> spells = con.sql("SELECT * FROM (VALUES (220, 211, 1832, 1833, 0), (211, 220, 1832, 1833, 1),"
...                  " (220, 211, 1832, 1833, 1)) s(c1, c2, y0, y1, lane)")
>>> sql = merge_sql(("ccode1", "ccode2"), [], ["ally", "defense"], (1815, 1834),
...                 "SELECT * FROM spells")
>>> for row in runs.query("prev", sql).order("ccode1, ccode2, y0").fetchall():
...     print(row)
(211, 220, 1831, 1831, 0, 0)
(211, 220, 1832, 1833, 0, 1)
(211, 220, 1834, 1834, 0, 0)
(211, 220, 1835, 1835, None, None)
(220, 211, 1831, 1831, 0, 0)
(220, 211, 1832, 1833, 1, 1)
(220, 211, 1834, 1834, 0, 0)
(220, 211, 1835, 1835, None, None)
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LANE_BITS", "lane_flags", "merge_sql", "yearly_sql"]

#: Bits per lane: a lane counts up to 1023 open spells at once.
LANE_BITS = 10
_MASK = (1 << LANE_BITS) - 1


def _events(spells: str) -> str:
    """Start and end events of ``spells`` (c1, c2, y0, y1, lane) as (c1, c2, y, ds, dl)."""
    return f"""
        SELECT c1, c2, y0 AS y, 0::BIGINT AS ds, 1::BIGINT << ({LANE_BITS} * lane) AS dl
        FROM {spells} WHERE y0 <= y1
        UNION ALL
        SELECT c1, c2, y1 + 1, 0, -(1::BIGINT << ({LANE_BITS} * lane))
        FROM {spells} WHERE y0 <= y1
    """


def lane_flags(
    lanes: Sequence[str],
    coverage: tuple[int, int] | None,
    *,
    start: str = "y0",
    count: str = "n",
) -> str:
    """SELECT items turning the lane counts in ``count`` into 0/1 columns, missing where
    ``start`` (the first year of a stretch) is outside ``coverage`` (None: never)."""
    items = []
    for i, name in enumerate(lanes):
        flag = f"(({count} >> {LANE_BITS * i}) & {_MASK} > 0)::TINYINT"
        if coverage is not None:
            first, last = (int(y) for y in coverage)
            flag = f"CASE WHEN {start} BETWEEN {first} AND {last} THEN {flag} END"
        items.append(f", {flag} AS {name}")
    return "".join(items)


def _sweep(events: str, *, with_sid: bool) -> str:
    """Stretches between consecutive events with the running sums at their start.

    The events are sorted first and the sums run over them in that order
    (DuckDB keeps the order of a sorted subquery through a window without an
    ORDER BY of its own, and streams such a window instead of sorting again).
    The running sums cross from one dyad into the next, but every dyad's
    events add up to zero, so nothing leaks; a stretch from a dyad's last
    event to the next dyad's first is empty or has no open run.
    """
    sid = ", (sum(ds) OVER running)::BIGINT AS sid" if with_sid else ""
    return f"""
        SELECT c1, c2, y AS y0, lead(y) OVER () - 1 AS y1{sid},
               (sum(dl) OVER running)::BIGINT AS n
        FROM (SELECT * FROM {events} ORDER BY c1, c2, y)
        WINDOW running AS (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    """


def merge_sql(
    keys: tuple[str, str],
    values: Sequence[str],
    lanes: Sequence[str],
    coverage: tuple[int, int],
    spells: str,
) -> str:
    """SQL over runs (``prev``: keys, y0, y1, ``values``) that splits them where a lane of
    the spells (SQL ``spells`` giving c1, c2, y0, y1, lane) opens or closes, and adds one
    0/1 column per lane.

    Years outside ``coverage`` get missing values, not 0. A run's running sum is
    its number (``sid``), which finds its ``values`` again.
    """
    k1, k2 = keys
    first, last = (int(y) for y in coverage)
    edges = "".join(
        f"UNION ALL SELECT {k1}, {k2}, {b}, 0, 0 FROM seg WHERE {b} > y0 AND {b} <= y1\n"
        for b in (first, last + 1)
    )
    kept = "".join(f", s.{c}" for c in values)
    flags = lane_flags(lanes, coverage, start="p.y0", count="p.n")
    if values:
        tail = f"""SELECT s.{k1}, s.{k2}, p.y0::INTEGER AS y0, p.y1::INTEGER AS y1{kept}{flags}
                   FROM hit p JOIN seg s USING (sid)"""
    else:  # the events name the dyad: no need to look the run up
        tail = f"""SELECT p.c1::INTEGER AS {k1}, p.c2::INTEGER AS {k2}, p.y0::INTEGER AS y0,
                          p.y1::INTEGER AS y1{flags}
                   FROM hit p"""
    return f"""
    WITH seg AS (SELECT row_number() OVER () AS sid, * FROM prev),
    sp AS ({spells}),
    ev AS (
        SELECT {k1} AS c1, {k2} AS c2, y0 AS y, sid AS ds, 0::BIGINT AS dl FROM seg
        UNION ALL SELECT {k1}, {k2}, y1 + 1, -sid, 0 FROM seg
        {edges}
        UNION ALL {_events("sp")}
    ),
    hit AS (SELECT * FROM ({_sweep("ev", with_sid=True)}) WHERE y1 >= y0 AND sid > 0)
    {tail}
    """


def yearly_sql(lanes: Sequence[str], coverage: tuple[int, int], spells: str) -> str:
    """SQL giving (c1, c2, year, one 0/1 column per lane) for every year in which some spell
    of the spells (SQL ``spells``: c1, c2, y0, y1, lane) is open, within ``coverage``; for
    joining onto tables without runs."""
    first, last = (int(y) for y in coverage)
    return f"""
    WITH sp AS ({spells}),
    ev AS ({_events("sp")}),
    open AS (
        SELECT c1, c2, greatest(y0, {first}) AS y0, least(y1, {last}) AS y1, n
        FROM ({_sweep("ev", with_sid=False)}) WHERE y1 >= y0 AND n <> 0
    )
    SELECT c1, c2, unnest(range(y0, y1 + 1))::INTEGER AS year
           {lane_flags(lanes, None)}
    FROM open WHERE y0 <= y1
    """


def pieces_sql(coverage: tuple[int, int], spells: str) -> str:
    """SQL giving each dyad's *pieces*: the stretches of years (c1, c2, p0, p1) from its
    first spell's start to its last spell's end, with the lane counts ``n`` of the spells
    (SQL ``spells``: c1, c2, y0, y1, lane), zeros included; spells are cut to ``coverage``,
    so no piece straddles its edges.

    Pieces depend on the data only, not on a table: they can be computed once and merged
    into any table's runs with :func:`merge_pieces_sql`.
    """
    first, last = (int(y) for y in coverage)
    return f"""
    WITH sp AS (
        SELECT c1, c2, greatest(y0, {first}) AS y0, least(y1, {last}) AS y1, lane
        FROM ({spells})
    ),
    ev AS ({_events("sp")}),
    swept AS (
        SELECT c1, c2, y AS y0, lead(y) OVER () - 1 AS y1,
               (sum(dl) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))::BIGINT AS n,
               lead(c1) OVER () = c1 AND lead(c2) OVER () = c2 AS inside
        FROM (SELECT * FROM ev ORDER BY c1, c2, y)
    )
    SELECT c1, c2, y0 AS p0, y1 AS p1, n FROM swept WHERE inside AND y1 >= y0
    """


def merge_pieces_sql(
    keys: tuple[str, str],
    values: Sequence[str],
    lanes: Sequence[str],
    coverage: tuple[int, int],
    pieces: str,
) -> str:
    """SQL over runs (``prev``) that takes one 0/1 column per lane from ``pieces`` (SQL
    giving what :func:`pieces_sql` gives): a run is cut where its dyad's pieces are, and
    its years before or after them (or all its years, for a dyad without pieces) get 0s,
    cut at the edges of ``coverage``.

    Same result as :func:`merge_sql` over the same spells, with a join in place of the
    sweep, so pieces computed once serve every table.
    """
    k1, k2 = keys
    first, last = (int(y) for y in coverage)
    kept = "".join(f", r.{c}" for c in values)
    flags = lane_flags(lanes, coverage)
    return f"""
    WITH pc AS ({pieces}),
    span AS (SELECT c1, c2, min(p0) AS lo, max(p1) AS hi FROM pc GROUP BY c1, c2),
    hit AS (
        SELECT r.{k1}, r.{k2}, greatest(r.y0, p.p0) AS y0, least(r.y1, p.p1) AS y1{kept}, p.n
        FROM prev r JOIN pc p
          ON r.{k1} = p.c1 AND r.{k2} = p.c2 AND p.p0 <= r.y1 AND p.p1 >= r.y0
    ),
    outside AS (
        SELECT r.{k1}, r.{k2}, r.y0, CASE WHEN s.lo IS NULL THEN r.y1
                                          ELSE least(r.y1, s.lo - 1) END AS y1{kept}
        FROM prev r LEFT JOIN span s ON r.{k1} = s.c1 AND r.{k2} = s.c2
        UNION ALL
        SELECT r.{k1}, r.{k2}, greatest(r.y0, s.hi + 1), r.y1{kept}
        FROM prev r JOIN span s ON r.{k1} = s.c1 AND r.{k2} = s.c2
    ),
    cut AS (
        SELECT r.{k1}, r.{k2}, greatest(r.y0, e.a) AS y0, least(r.y1, e.b) AS y1{kept},
               0::BIGINT AS n
        FROM outside r JOIN (VALUES (-{_FAR}, {first - 1}), ({first}, {last}),
                                    ({last + 1}, {_FAR})) e(a, b)
          ON r.y0 <= r.y1 AND e.a <= r.y1 AND e.b >= r.y0
    )
    SELECT {k1}, {k2}, y0::INTEGER AS y0, y1::INTEGER AS y1{"".join(f", {c}" for c in values)}
           {flags}
    FROM (SELECT * FROM hit UNION ALL SELECT * FROM cut)
    """


#: Beyond every year: the open ends of the coverage edges.
_FAR = 9999
