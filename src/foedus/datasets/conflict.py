"""Conflict columns on dyad-years: COW inter-state wars (4.0) and militarized disputes (MID 5.0).

Two states fight each other in a year when they are on opposite sides of one
war (or dispute) and both take part in it on one same day of that year.
When a dyad is in two wars (or disputes) in one year, one is kept, as
peacesciencer keeps it:

* wars: a war that starts for the dyad that year over one that goes on, then
  the one with more battle deaths, then the lower war number;
* disputes: an onset over an ongoing dispute, then the higher fatality level
  (an unknown level counts between none and 1–25 deaths), then the higher
  hostility level, then the longer minimum and maximum duration, then a
  reciprocated dispute, then the earlier start month, then the lower number.

========================  ==================================================  =========
verb                      columns                                             years
========================  ==================================================  =========
add_cow_wars              cowinteronset, cowinterongoing, warnum, sidea1,     1816–2007
                          sidea2, initiator1, initiator2, outcome1,
                          outcome2, batdeath1, batdeath2, resume
add_cow_mids              cowmidonset, cowmidongoing, dispnum, sidea1,        1816–2014
                          sidea2, revstate1, revstate2, hostlev1, hostlev2,
                          orig1, orig2, fatality1, fatality2, hostlev,
                          fatality
========================  ==================================================  =========

``cow*onset`` is 1 in the first year a dyad fights in a war (dispute) and
again after a year without fighting in it; ``cow*ongoing`` is 1 every year it
fights. Outside the dataset's years both are missing; the other columns are
missing in any year without a war (dispute). ``sidea`` holds COW's side (1 or
2) for wars and 1 for side A of a dispute; ``resume`` marks years of fighting
resumed under COW's second dates. A MID's duration for the tie-breaks comes
from its dates, widened to whole months where a day is unknown.
"""

from __future__ import annotations

from foedus.datasets.table import System, Table, Unit, needs

__all__ = ["MID_YEARS", "WAR_YEARS", "add_cow_mids", "add_cow_wars"]

#: Years COW's Inter-State War Data 4.0 covers.
WAR_YEARS = (1816, 2007)
#: Years MID 5.0 covers.
MID_YEARS = (1816, 2014)

_WAR_COLUMNS = [
    "cowinteronset", "cowinterongoing", "warnum", "sidea1", "sidea2", "initiator1",
    "initiator2", "outcome1", "outcome2", "batdeath1", "batdeath2", "resume",
]  # fmt: skip
_MID_COLUMNS = [
    "cowmidonset", "cowmidongoing", "dispnum", "sidea1", "sidea2", "revstate1", "revstate2",
    "hostlev1", "hostlev2", "orig1", "orig2", "fatality1", "fatality2", "hostlev", "fatality",
]  # fmt: skip


def _onsets(table: str, group: str) -> str:
    """``onset``: 1 in a group's first year and after a year without it."""
    return f"""
        SELECT *, (lag(year) OVER (PARTITION BY {group} ORDER BY year) IS DISTINCT FROM year - 1)
                  ::TINYINT AS onset
        FROM {table}
    """


def _attach(table: Table, yearly: str, columns: list[str], coverage: tuple[int, int]) -> str:
    """SQL left-joining ``yearly`` (c1, c2, year, onset, ``columns``…) onto the table."""
    k1, k2, _ = table.kind.keys
    first, last = coverage
    onset, ongoing, *rest = columns
    cols = "".join(f", y.{c}" for c in rest)
    inside = f"prev.year BETWEEN {first} AND {last}"
    return f"""
    WITH y AS ({yearly})
    SELECT prev.*,
           CASE WHEN {inside} THEN coalesce(y.onset, 0) END::TINYINT AS {onset},
           CASE WHEN {inside} THEN (y.c1 IS NOT NULL)::TINYINT END AS {ongoing}{cols}
    FROM prev LEFT JOIN y ON prev.{k1} = y.c1 AND prev.{k2} = y.c2 AND prev.year = y.year
    """


@needs(Unit.DYAD_YEAR, systems=(System.COW,))
def add_cow_wars(table: Table) -> Table:
    """Add COW inter-state wars (4.0, 1816–2007) to dyad-years: ``cowinteronset,
    cowinterongoing, warnum, sidea1, sidea2, initiator1, initiator2, outcome1, outcome2,
    batdeath1, batdeath2, resume``."""
    pairs = "a.ccode <> b.ccode" if table.kind.directed else "a.ccode < b.ccode"
    yearly = f"""
    WITH part AS (
        SELECT war, ccode, side, initiator, outcome, deaths,
               start_date AS s, end_date AS e, 0 AS resume
        FROM war_parts
        UNION ALL
        SELECT war, ccode, side, initiator, outcome, deaths, start2_date, end2_date, 1
        FROM war_parts WHERE start2_date IS NOT NULL
    ),
    met AS (
        SELECT a.war, a.ccode AS c1, b.ccode AS c2, a.side AS side1, b.side AS side2,
               a.initiator::TINYINT AS init1, b.initiator::TINYINT AS init2,
               a.outcome AS out1, b.outcome AS out2, a.deaths AS d1, b.deaths AS d2,
               greatest(a.resume, b.resume) AS resume,
               unnest(range(year(greatest(a.s, b.s)), year(least(a.e, b.e)) + 1)) AS year
        FROM part a JOIN part b
          ON a.war = b.war AND a.side <> b.side AND {pairs} AND a.s <= b.e AND b.s <= a.e
    ),
    wy AS (
        SELECT war, c1, c2, year, any_value(side1) AS side1, any_value(side2) AS side2,
               any_value(init1) AS init1, any_value(init2) AS init2,
               any_value(out1) AS out1, any_value(out2) AS out2,
               any_value(d1) AS d1, any_value(d2) AS d2, min(resume) AS resume
        FROM met GROUP BY war, c1, c2, year
    ),
    ranked AS (
        SELECT *, row_number() OVER (
            PARTITION BY c1, c2, year
            ORDER BY onset DESC, coalesce(d1, 0) + coalesce(d2, 0) DESC, war) AS pick
        FROM ({_onsets("wy", "war, c1, c2")})
    )
    SELECT c1, c2, year::INTEGER AS year, onset, war AS warnum, side1 AS sidea1,
           side2 AS sidea2, init1 AS initiator1, init2 AS initiator2, out1 AS outcome1,
           out2 AS outcome2, d1 AS batdeath1, d2 AS batdeath2, resume::TINYINT AS resume
    FROM ranked WHERE pick = 1
    """
    sql = _attach(table, yearly, _WAR_COLUMNS, WAR_YEARS)
    parts = {"war_parts": table.kb.relation("war_participants")}
    return table.derive(sql, adds=_WAR_COLUMNS, sources=["cow_wars"], inputs=parts)


@needs(Unit.DYAD_YEAR, systems=(System.COW,))
def add_cow_mids(table: Table) -> Table:
    """Add COW militarized interstate disputes (MID 5.0, 1816–2014) to dyad-years:
    ``cowmidonset, cowmidongoing, dispnum, sidea1, sidea2, revstate1, revstate2,
    hostlev1, hostlev2, orig1, orig2, fatality1, fatality2`` and the dispute's
    ``hostlev`` and ``fatality`` (whittled to one dispute per dyad-year, see the module)."""
    pairs = "a.ccode <> b.ccode" if table.kind.directed else "a.ccode < b.ccode"
    yearly = f"""
    WITH disp AS (
        SELECT dispute, hostility AS hostlev, fatality, month(start_date) AS stmon,
               end_date - start_date + 1 AS maxdur,
               greatest(1, (CASE WHEN end_precision = 'month'
                                 THEN date_trunc('month', end_date)::DATE ELSE end_date END)
                           - (CASE WHEN start_precision = 'month'
                                   THEN last_day(start_date) ELSE start_date END) + 1) AS mindur
        FROM mid_disps
    ),
    recip AS (
        SELECT dispute, bool_or(NOT side_a AND hostility >= 2)::TINYINT AS recip
        FROM mid_parts GROUP BY dispute
    ),
    met AS (
        SELECT a.dispute, a.ccode AS c1, b.ccode AS c2,
               a.side_a::TINYINT AS sidea1, b.side_a::TINYINT AS sidea2,
               a.revisionist::TINYINT AS rev1, b.revisionist::TINYINT AS rev2,
               a.hostility AS host1, b.hostility AS host2,
               a.originator::TINYINT AS orig1, b.originator::TINYINT AS orig2,
               a.fatality AS fat1, b.fatality AS fat2,
               unnest(range(year(greatest(a.start_date, b.start_date)),
                            year(least(a.end_date, b.end_date)) + 1)) AS year
        FROM mid_parts a JOIN mid_parts b
          ON a.dispute = b.dispute AND a.side_a <> b.side_a AND {pairs}
         AND a.start_date <= b.end_date AND b.start_date <= a.end_date
    ),
    dy AS (
        SELECT dispute, c1, c2, year, any_value(sidea1) AS sidea1, any_value(sidea2) AS sidea2,
               max(rev1) AS rev1, max(rev2) AS rev2, max(host1) AS host1, max(host2) AS host2,
               max(orig1) AS orig1, max(orig2) AS orig2, max(fat1) AS fat1, max(fat2) AS fat2
        FROM met GROUP BY dispute, c1, c2, year
    ),
    ranked AS (
        SELECT o.*, d.hostlev, d.fatality, row_number() OVER (
            PARTITION BY o.c1, o.c2, o.year
            ORDER BY o.onset DESC, coalesce(d.fatality, 0.5) DESC, d.hostlev DESC,
                     d.mindur DESC, d.maxdur DESC, r.recip DESC, d.stmon, o.dispute) AS pick
        FROM ({_onsets("dy", "dispute, c1, c2")}) o
        JOIN disp d USING (dispute) JOIN recip r USING (dispute)
    )
    SELECT c1, c2, year::INTEGER AS year, onset, dispute AS dispnum, sidea1, sidea2,
           rev1 AS revstate1, rev2 AS revstate2, host1 AS hostlev1, host2 AS hostlev2,
           orig1, orig2, fat1 AS fatality1, fat2 AS fatality2, hostlev, fatality
    FROM ranked WHERE pick = 1
    """
    sql = _attach(table, yearly, _MID_COLUMNS, MID_YEARS)
    inputs = {
        "mid_parts": table.kb.relation("mid_participants"),
        "mid_disps": table.kb.relation("mid_disputes"),
    }
    return table.derive(sql, adds=_MID_COLUMNS, sources=["mids"], inputs=inputs)
