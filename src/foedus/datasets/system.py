"""The units of analysis: state-years and dyad-years from a state list's membership spells.

A state counts for a year when it is a member of the system on any day of
that year. Two states form a dyad in a year when they are members on the
same day at least once that year; a pair that were both members in a year
but never on the same day (Suriname entered the COW system in November 1975,
after South Vietnam had left in April) is not a dyad — peacesciencer calls
these "false dyads" and removes them with a list computed day by day; here
they never arise, because the rows are built from the overlap of the two
states' spells.

The state lists end: COW's 2016 list on 31 December 2016, Gleditsch–Ward's
on 31 December 2017. ``carry_forward`` assumes that the states alive on the
list's last day are still alive through a later year (peacesciencer does
this silently, to last year, by default); without it a year past the list
is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from foedus.datasets.table import (
    Kind,
    Query,
    Relations,
    System,
    Table,
    Unit,
    _query,
    kept,
    temp_table,
)
from foedus.errors import InputError

__all__ = ["FIRST_YEAR", "create_dyadyears", "create_stateyears", "list_end"]

#: The first year of both state lists.
FIRST_YEAR = 1816

Years = tuple[int, int] | range | Iterable[int] | None


def _open(kb: Relations | None) -> Relations:
    if kb is not None:
        return kb
    from foedus.kb import KnowledgeBase

    return KnowledgeBase()


def list_end(kb: Relations, system: System) -> int:
    """The last year a state list covers (COW 2016 list: 2016; Gleditsch–Ward: 2017).

    Read from the list's version when it is a year; a list without one (built
    by hand) runs to its last dated change, or to this year while a state on
    it is still alive.
    """
    return kept(kb, ("list_end", system), lambda: _list_end(kb, system))


def _list_end(kb: Relations, system: System) -> int:
    rows = _query(
        kb.relation("state_spells"),
        "SELECT max(source_version), max(year(greatest(start_date, coalesce(end_date, "
        "start_date)))), bool_or(end_date IS NULL), count(*) FROM prev "
        f"WHERE system = '{system.value}'",
        {},
    ).fetchall()
    version, last_change, open_ended, spells = rows[0]
    if not spells:
        raise InputError(
            f"the knowledge base holds no {system.label} state list; "
            "import it with `foedus data import DIR`"
        )
    if version and str(version).isdigit() and len(str(version)) == 4:
        return int(version)
    return dt.date.today().year if open_ended else int(last_change)


def _kind(
    kb: Relations,
    unit: Unit,
    system: str | System,
    years: Years,
    carry_forward: int | None,
    directed: bool | None,
) -> Kind:
    try:
        sys_ = System(str(system).lower())
    except ValueError:
        raise InputError(f"no state list {system!r}; use 'cow' or 'gw'") from None
    end = list_end(kb, sys_)
    if carry_forward is not None and carry_forward < end:
        raise InputError(
            f"carry_forward={carry_forward} is before the end of the {sys_.label} list ({end}); "
            "give a later year or leave it out"
        )
    last_allowed = carry_forward if carry_forward is not None else end
    picked: tuple[int, ...] | None = None
    if years is None:
        first, last = FIRST_YEAR, last_allowed
    elif isinstance(years, tuple) and len(years) == 2 and not isinstance(years, range):
        first, last = (int(y) for y in years)
    else:
        chosen = sorted({int(y) for y in years})
        if not chosen:
            raise InputError("no years asked for")
        first, last = chosen[0], chosen[-1]
        if chosen != list(range(first, last + 1)):
            picked = tuple(chosen)
    if first > last:
        raise InputError(f"bad year range {first}–{last}: the first year is after the last")
    if first < FIRST_YEAR:
        raise InputError(f"the state lists begin in {FIRST_YEAR}; {first} is before them")
    if last > last_allowed:
        hint = (
            f"pass carry_forward={last} (--carry-forward {last}) to assume that the states "
            f"alive at the end of {end} are still alive, as peacesciencer does unasked"
            if carry_forward is None
            else f"raise carry_forward to {last}"
        )
        raise InputError(f"the {sys_.label} state list ends in {end}, before {last}: {hint}")
    return Kind(unit, sys_, directed, first, last, picked, carry_forward)


def _spells_sql(kind: Kind, end: int) -> str:
    """Each membership spell as (code, name, s, e) with open spells closed at ``end``."""
    return f"""
        SELECT code, name, start_date AS s, coalesce(end_date, DATE '{int(end)}-12-31') AS e
        FROM state_list
        WHERE system = '{kind.system.value}' AND start_date <= DATE '{int(kind.last)}-12-31'
          AND coalesce(end_date, DATE '9999-12-31') >= DATE '{int(kind.first)}-01-01'
    """


def _end(kb: Relations, kind: Kind) -> int:
    return kind.carried_to if kind.carried_to is not None else list_end(kb, kind.system)


def create_stateyears(
    kb: Relations | None = None,
    *,
    system: str = "cow",
    years: Years = None,
    carry_forward: int | None = None,
) -> Table:
    """One row per state and year of membership: ``ccode, cw_name, year`` (COW) or
    ``gwcode, gw_name, year`` (Gleditsch–Ward).

    ``years`` is ``(first, last)`` or any collection of years (default: all
    the list covers). ``carry_forward=2024`` keeps the states alive at the
    end of the list alive through 2024.

    >>> from foedus.build import hand_built
    >>> kb = hand_built([], states={2: "United States", 20: "Canada"})
    >>> create_stateyears(kb, years=(1816, 1818)).to_pandas().to_dict("list")
    {'ccode': [2, 2, 2, 20, 20, 20], 'cw_name': ['United States', 'United States', \
'United States', 'Canada', 'Canada', 'Canada'], 'year': [1816, 1817, 1818, 1816, 1817, 1818]}
    """
    kb = _open(kb)
    kind = _kind(kb, Unit.STATE_YEAR, system, years, carry_forward, None)
    code = kind.system.code
    name = "cw_name" if kind.system is System.COW else "gw_name"
    sql = f"""
    WITH sp AS ({_spells_sql(kind, _end(kb, kind))}),
    sy AS (SELECT code, name, s, unnest(range(year(s), year(e) + 1))::INTEGER AS year FROM sp)
    SELECT code::INTEGER AS {code}, arg_max(name, s) AS {name}, year
    FROM sy WHERE {kind.year_filter()}
    GROUP BY code, year ORDER BY code, year
    """
    state_list = kb.relation("state_spells")
    rows = Query(sql, {"state_list": state_list})
    source = "state_system_" + kind.system.value
    return Table(kb, state_list, kind, [code, name, "year"], [source], rows=rows)


def _runs_sql(kind: Kind, end: int, directed: bool) -> str:
    """Every dyad's stretches of years in the system (ccode1, ccode2, y0, y1)."""
    code = kind.system.code
    order = "a.code <> b.code" if directed else "a.code < b.code"
    # Spells of one state never overlap, so two spell pairs of one dyad meet in one year only
    # when a state left and came back within that year: the later pair then starts a year on.
    return f"""
    WITH sp AS ({_spells_sql(kind, end)}),
    met AS (
        SELECT a.code AS c1, b.code AS c2, greatest(a.s, b.s) AS s,
               year(greatest(a.s, b.s)) AS y0, year(least(a.e, b.e)) AS y1
        FROM sp a JOIN sp b ON {order} AND a.s <= b.e AND b.s <= a.e
    ),
    runs AS (
        -- a window without ORDER BY of its own streams over the sorted rows
        SELECT c1, c2,
               CASE WHEN lag(c1) OVER () = c1 AND lag(c2) OVER () = c2
                    THEN greatest(y0, lag(y1) OVER () + 1) ELSE y0 END AS y0, y1
        FROM (SELECT * FROM met ORDER BY c1, c2, s)
    )
    SELECT c1::INTEGER AS {code}1, c2::INTEGER AS {code}2, y0::INTEGER AS y0, y1::INTEGER AS y1
    FROM runs WHERE y0 <= y1
    """


def create_dyadyears(
    kb: Relations | None = None,
    *,
    directed: bool = True,
    system: str = "cow",
    years: Years = None,
    carry_forward: int | None = None,
) -> Table:
    """One row per pair of states and year they shared in the system: ``ccode1, ccode2,
    year`` (``gwcode1, gwcode2, year`` on Gleditsch–Ward).

    Directed tables hold France–Germany and Germany–France; undirected ones
    hold each pair once, with ``ccode1 < ccode2``. On the COW list, 1816–2016
    gives 1,912,290 directed rows; ``years=(1816, 2018), carry_forward=2018``
    gives peacesciencer's 1,987,950.

    A pair is a dyad in a year only if both states were members on one same
    day (Suriname joined on 25 November 1975; South Vietnam had left on
    30 April):

    >>> import datetime as dt
    >>> from foedus.build import hand_built
    >>> kb = hand_built([], states={115: "Suriname", 817: "South Vietnam", 2: "USA"})
    >>> t = create_dyadyears(kb, years=(1975, 1975))
    >>> len(t)
    6
    """
    kb = _open(kb)
    kind = _kind(kb, Unit.DYAD_YEAR, system, years, carry_forward, directed)
    code = kind.system.code
    end = _end(kb, kind)
    state_list = kb.relation("state_spells")
    whole = _runs_sql(replace(kind, first=FIRST_YEAR, last=end, years=None), end, directed)
    # The whole list's runs depend on the data alone: kept once per knowledge base.
    every = temp_table(
        kb, ("runs", kind.system, end, directed), Query(whole, {"state_list": state_list})
    )
    runs = every.then(
        f"SELECT {code}1, {code}2, greatest(y0, {int(kind.first)}) AS y0, "
        f"least(y1, {int(kind.last)}) AS y1 FROM prev "
        f"WHERE y0 <= {int(kind.last)} AND y1 >= {int(kind.first)}"
    )
    source = "state_system_" + kind.system.value
    return Table(kb, state_list, kind, kind.keys, [source], runs=runs)
