"""Alliance columns: ATOP 5.1, COW Formal Alliances 4.1 and the curated register.

Three verbs add one 0/1 column per obligation type to a state-year or
dyad-year table:

=====================  ==============================================  ============
verb                   columns                                         years
=====================  ==============================================  ============
add_atop_alliance      atop_alliance, atop_defense, atop_offense,      1815–2018
                       atop_neutral, atop_nonagg, atop_consul
add_cow_alliance       cow_defense, cow_neutral, cow_nonagg,           1816–2012
                       cow_entente
add_register_alliance  foedus_alliance, foedus_defense, …,             1815–the
                       foedus_consul                                   register's last
=====================  ==============================================  ============

Inside a dataset's years 0 means no pledge; outside them the value is
missing, never 0. ``*_alliance`` is 1 when the two states share an alliance
that year even if neither owes the other anything (ATOP's SHAREOB), so the
rows with ``atop_alliance == 1`` are exactly the rows of ATOP's own directed
dyad-year file.

The year rule is ATOP's: an obligation counts for a year if it is in effect
on any day of it, except that a phase an amendment carries on gives its last
year to the new phase (ATOP codes a year of phase change under the new phase
only).

On a directed table, ``atop_defense`` of (ccode1, ccode2, year) is 1 when
ccode1 pledged to defend ccode2. On an undirected table a flag is 1 when
either state pledged it to the other. France's 1832 guarantee to Belgium
(ATOP 1060) is the case peacesciencer uses: France promised to defend
Belgium, Belgium promised France nothing.

>>> from foedus.build import hand_built
>>> from foedus.datasets import create_dyadyears
>>> from foedus.model import Membership, ObligationType as T, PartialDate as P
>>> rows = [Membership("atop-1060", 0, 220, P(1832, 11, 10), P(1833, 5, 21),
...                    frozenset({T.DEFENSE})),
...         Membership("atop-1060", 0, 211, P(1832, 11, 10), P(1833, 5, 21), frozenset())]
>>> kb = hand_built(rows, states={220: "France", 211: "Belgium"})
>>> directed = create_dyadyears(kb, years=(1832, 1832)).pipe(add_atop_alliance)
>>> directed.to_pandas().iloc[:, :5]
   ccode1  ccode2  year  atop_alliance  atop_defense
0     211     220  1832              1             0
1     220     211  1832              1             1
>>> both = create_dyadyears(kb, directed=False, years=(1832, 1832)).pipe(add_atop_alliance)
>>> both.to_pandas().iloc[:, :5]
   ccode1  ccode2  year  atop_alliance  atop_defense
0     211     220  1832              1             1

The table's years past 2018 get missing values, not 0:

>>> late = create_dyadyears(kb, directed=False, years=(2018, 2019))
>>> late.pipe(add_atop_alliance).to_pandas()["atop_defense"].tolist()
[0, <NA>]

ATOP's own units (only the dyads and states that have an alliance, as in
ATOP's files) are :func:`directed_dyad_years` and :func:`state_years`;
``tests/test_atop_reconcile.py`` pins them to ATOP's published files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from foedus.datasets.runs import merge_pieces_sql, pieces_sql, yearly_sql
from foedus.datasets.table import Query, Relations, System, Table, Unit, _query, needs, temp_table
from foedus.errors import StoreError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

__all__ = [
    "ATOP",
    "COW",
    "REGISTER",
    "AllianceData",
    "add_atop_alliance",
    "add_cow_alliance",
    "add_register_alliance",
    "directed_dyad_years",
    "state_years",
    "yearly_ties",
]

_ATOP_TYPES = (
    ("defense", "defense"),
    ("offense", "offense"),
    ("neutrality", "neutral"),
    ("nonaggression", "nonagg"),
    ("consultation", "consul"),
)


@dataclass(frozen=True)
class AllianceData:
    """One source of alliance columns: where its rows are and what the columns are called.

    ``types`` pairs each obligation type as the store names it with the
    column suffix; ``alliance`` adds ``<prefix>alliance``; ``years`` is the
    coverage (None: up to the last year the view records a change).
    """

    name: str
    source: str
    view: str
    prefix: str
    types: tuple[tuple[str, str], ...]
    alliance: bool
    years: tuple[int, int] | None

    @property
    def lanes(self) -> list[str]:
        own = [f"{self.prefix}alliance"] if self.alliance else []
        return own + [f"{self.prefix}{suffix}" for _, suffix in self.types]

    def lane(self, store_type: str) -> int:
        names = [t for t, _ in self.types]
        return names.index(store_type) + (1 if self.alliance else 0)


ATOP = AllianceData("ATOP 5.1", "atop", "ATOP", "atop_", _ATOP_TYPES, True, (1815, 2018))
# COW's entente (consult or cooperate in a crisis) is stored as consultation.
COW = AllianceData(
    "COW Formal Alliances 4.1",
    "cow_alliance",
    "COW",
    "cow_",
    (
        ("defense", "defense"),
        ("neutrality", "neutral"),
        ("nonaggression", "nonagg"),
        ("consultation", "entente"),
    ),
    False,
    (1816, 2012),
)
REGISTER = AllianceData(
    "ATOP 5.1 with the foedus register", "register", "foedus", "foedus_", _ATOP_TYPES, True, None
)

COW_MISSING = (
    "COW Formal Alliances v4.1 is not in this knowledge base. foedus never ships it (its "
    "maintainer asked that it not be redistributed): download version4.1_csv.zip from "
    "https://correlatesofwar.org/data-sets/formal-alliances/, put "
    "alliance_v4.1_by_member.csv in your data folder and run `foedus data import DIR` "
    "(`foedus data fetch` downloads it with the other files)"
)


def _coverage(kb: Relations, data: AllianceData) -> tuple[int, int]:
    if data.years is not None:
        return data.years
    alliance_members = kb.relation("members", view=data.view)
    found = _query(
        alliance_members,
        "SELECT min(year(entry_date)), max(greatest(year(entry_date), "
        "year(coalesce(exit_date, entry_date)))) FROM prev",
        {},
    ).fetchall()[0]
    if found[0] is None:
        raise StoreError(f"the knowledge base holds no rows of {data.name}")
    return (min(1815, int(found[0])), int(found[1]))


def _spells_sql(data: AllianceData, last: int, directed: bool) -> str:
    """c1, c2, y0, y1, lane of every partnership and pledge in ``data``'s view."""
    cases = " ".join(f"WHEN '{t}' THEN {data.lane(t)}" for t, _ in data.types)
    kept = ", ".join(f"'{t}'" for t, _ in data.types)
    ends = "year(coalesce(valid_to, DATE '9999-12-31'))"
    parts = [
        f"""SELECT obligor AS a, beneficiary AS b, year(valid_from) AS y0,
                   least({ends} - CASE WHEN continues THEN 1 ELSE 0 END, {int(last)}) AS y1,
                   CASE type {cases} END AS lane
            FROM {data.source}_pledges WHERE type IN ({kept})"""
    ]
    if data.alliance:
        parts.append(
            f"""SELECT ccode1, ccode2, year(valid_from), least({ends}, {int(last)}), 0
                FROM {data.source}_partners"""
        )
    pairs = "a AS c1, b AS c2" if directed else "least(a, b) AS c1, greatest(a, b) AS c2"
    return f"SELECT {pairs}, y0, y1, lane FROM ({' UNION ALL '.join(parts)})"


def _inputs(kb: Relations, data: AllianceData) -> dict[str, duckdb.DuckDBPyRelation]:
    inputs = {f"{data.source}_pledges": kb.relation("pledges", view=data.view)}
    if data.alliance:
        inputs[f"{data.source}_partners"] = kb.relation("partners", view=data.view)
    return inputs


def _pieces(kb: Relations, data: AllianceData, directed: bool, coverage: tuple[int, int]) -> str:
    """SQL reading ``data``'s pieces (see :func:`foedus.datasets.runs.pieces_sql`); they
    depend on the data alone, so each knowledge base computes them once."""
    query = Query(pieces_sql(coverage, _spells_sql(data, coverage[1], directed)), _inputs(kb, data))
    return temp_table(kb, ("pieces", data.view, directed, coverage), query).sql


def _add(table: Table, data: AllianceData) -> Table:
    coverage = _coverage(table.kb, data)
    if table.kind.unit is Unit.STATE_YEAR:
        return _add_state_years(table, data, coverage)
    inputs = _inputs(table.kb, data)
    spells = _spells_sql(data, coverage[1], bool(table.kind.directed))
    lanes = data.lanes
    k1, k2, _ = table.kind.keys
    if table.runs is not None:
        pieces = _pieces(table.kb, data, bool(table.kind.directed), coverage)
        sql = merge_pieces_sql((k1, k2), table.columns[3:], lanes, coverage, pieces)
        return table.derive_runs(sql, adds=lanes, sources=[data.source])
    first, last = coverage
    flags = "".join(
        f", CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(f.{n}, 0) END AS {n}"
        for n in lanes
    )
    sql = f"""
    WITH f AS ({yearly_sql(lanes, coverage, spells)})
    SELECT prev.*{flags}
    FROM prev LEFT JOIN f ON prev.{k1} = f.c1 AND prev.{k2} = f.c2 AND prev.year = f.year
    """
    return table.derive(sql, adds=lanes, sources=[data.source], inputs=inputs)


def _add_state_years(table: Table, data: AllianceData, coverage: tuple[int, int]) -> Table:
    """A state's flags come from its own memberships (ATOP's state-year rule: Germany's
    Locarno defense promise counts though no partner can claim it), with the number of
    alliances it belongs to."""
    first, last = coverage
    code = table.kind.keys[0]
    members = {f"{data.source}_members": table.kb.relation("members", view=data.view)}
    ends = "year(coalesce(exit_date, DATE '9999-12-31'))"
    lanes = [f"{data.prefix}{suffix}" for _, suffix in data.types]
    types = ", ".join(f"('{t}', {i})" for i, (t, _) in enumerate(data.types))
    spells = f"""
        SELECT ccode AS c1, 0 AS c2, y0, y1, lane FROM (
            SELECT ccode, year(entry_date) AS y0,
                   least({ends} - CASE WHEN continues THEN 1 ELSE 0 END, {int(last)}) AS y1,
                   unnest(obligations) AS type
            FROM {data.source}_members
        ) JOIN (SELECT * FROM (VALUES {types}) v(type, lane)) USING (type)
    """
    flags = "".join(
        f", CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(f.{n}, 0) END AS {n}"
        for n in lanes
    )
    sql = f"""
    WITH f AS ({yearly_sql(lanes, coverage, spells)}),
    mem AS (
        SELECT ccode, unnest(range(year(entry_date), least({ends}, {int(last)}) + 1)) AS year,
               treaty
        FROM {data.source}_members
    ),
    num AS (SELECT ccode, year, count(DISTINCT treaty) AS n FROM mem GROUP BY ALL)
    SELECT prev.*{flags},
           CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(num.n, 0) END
               AS {data.prefix}number
    FROM prev LEFT JOIN f ON prev.{code} = f.c1 AND prev.year = f.year
    LEFT JOIN num ON prev.{code} = num.ccode AND prev.year = num.year
    """
    adds = [*lanes, f"{data.prefix}number"]
    return table.derive(sql, adds=adds, sources=[data.source], inputs=members)


@needs((Unit.DYAD_YEAR, Unit.STATE_YEAR), systems=(System.COW,))
def add_atop_alliance(table: Table) -> Table:
    """Add ATOP 5.1's obligations: ``atop_alliance, atop_defense, atop_offense,
    atop_neutral, atop_nonagg, atop_consul`` (dyad-years; state-years get the five
    flags and ``atop_number``, the alliances the state belongs to). Missing outside
    1815–2018."""
    return _add(table, ATOP)


@needs((Unit.DYAD_YEAR, Unit.STATE_YEAR), systems=(System.COW,))
def add_cow_alliance(table: Table) -> Table:
    """Add COW Formal Alliances 4.1: ``cow_defense, cow_neutral, cow_nonagg,
    cow_entente``, missing outside 1816–2012.

    Reads the copy of COW's file that you fetched and imported; foedus never ships it.
    """
    alliance_members = table.kb.relation("members", view=COW.view)
    if not _query(alliance_members, "SELECT count(*) FROM prev", {}).fetchall()[0][0]:
        raise StoreError(COW_MISSING)
    return _add(table, COW)


@needs((Unit.DYAD_YEAR, Unit.STATE_YEAR), systems=(System.COW,))
def add_register_alliance(table: Table) -> Table:
    """Add the obligations of ATOP with the curated register merged in (members and
    treaties after 2018, corrected dates): ``foedus_alliance, foedus_defense, …,
    foedus_consul``, from 1815 to the last year the register records a change."""
    return _add(table, REGISTER)


# --- ATOP's own units ----------------------------------------------------------------------

_FLAGS = """
    max(CASE WHEN p.type = 'defense' THEN 1 ELSE 0 END) AS defense,
    max(CASE WHEN p.type = 'offense' THEN 1 ELSE 0 END) AS offense,
    max(CASE WHEN p.type = 'neutrality' THEN 1 ELSE 0 END) AS neutral,
    max(CASE WHEN p.type = 'nonaggression' THEN 1 ELSE 0 END) AS nonagg,
    max(CASE WHEN p.type = 'consultation' THEN 1 ELSE 0 END) AS consul
"""


def _frame(relation: duckdb.DuckDBPyRelation | None) -> pd.DataFrame:
    assert relation is not None  # a SELECT always gives rows
    return relation.df()


def _years(first: str, last: str, continues: str = "FALSE", *, last_year: int = 9999) -> str:
    """The years an interval touches, up to ``last_year``.

    A span that an amendment carries on (``continues``) gives up its last
    year to the new phase, as ATOP codes a year of phase change under the
    new phase only.
    """
    end = f"year(coalesce({last}, DATE '9999-12-31')) - CASE WHEN {continues} THEN 1 ELSE 0 END"
    return f"unnest(range(year({first}), least({end}, {int(last_year)}) + 1))"


def directed_dyad_years(
    kb: Relations, *, view: str = "ATOP", first: int = 1815, last: int = 2018
) -> pd.DataFrame:
    """One row per (ccode1, ccode2, year): the obligations of ccode1 toward ccode2.

    Columns ``ccode1, ccode2, year, defense, offense, neutral, nonagg, consul``
    match ATOP's directed dyad-year file (``stateA``/``stateB`` renamed as in
    peacesciencer).
    """
    # DuckDB reads these relations by their Python names; the names differ from the store's
    # tables on purpose (a table of the same name would win over the variable).
    view_partners = kb.relation("partners", view=view)
    view_pledges = kb.relation("pledges", view=view)  # noqa: F841 (read by name in the SQL)
    all_spells = kb.relation("state_spells")  # noqa: F841
    sql = f"""
    WITH cow AS (SELECT DISTINCT code FROM all_spells WHERE system = 'cow'),
    dyads AS (
        SELECT DISTINCT ccode1, ccode2, {_years("valid_from", "valid_to", last_year=last)} AS year
        FROM view_partners
        WHERE ccode1 IN (SELECT code FROM cow) AND ccode2 IN (SELECT code FROM cow)
    ),
    flags AS (
        SELECT p.obligor AS ccode1, p.beneficiary AS ccode2,
               {_years("p.valid_from", "p.valid_to", "p.continues", last_year=last)} AS year, p.type
        FROM view_pledges p
    )
    SELECT d.ccode1, d.ccode2, d.year, {_FLAGS.replace("p.type", "f.type")}
    FROM dyads d LEFT JOIN flags f USING (ccode1, ccode2, year)
    WHERE d.year BETWEEN {int(first)} AND {int(last)}
    GROUP BY ALL ORDER BY ALL
    """
    return _frame(view_partners.query("view_partners", sql))


def state_years(
    kb: Relations, *, view: str = "ATOP", first: int = 1815, last: int = 2018
) -> pd.DataFrame:
    """One row per (state, year) with any alliance membership that year.

    Columns ``state, year, defense, offense, neutral, nonagg, consul, number,
    atopids`` as in ATOP's state-year file (``atopids`` holds the list that
    ATOP spreads over ``atopid1..atopidN``). A flag is 1 when one of the
    state's own memberships carries that obligation during the year, as in
    ATOP's file (Germany's Locarno defense promise counts, though no partner
    can claim it).
    """
    view_members = kb.relation("members", view=view)
    all_treaties = kb.relation("treaties")  # noqa: F841 (read by name in the SQL)
    all_spells = kb.relation("state_spells")  # noqa: F841
    sql = f"""
    WITH cow AS (SELECT DISTINCT code FROM all_spells WHERE system = 'cow'),
    member_years AS (
        SELECT m.ccode AS state, {_years("m.entry_date", "m.exit_date", last_year=last)} AS year,
               t.atopid
        FROM view_members m JOIN all_treaties t USING (treaty)
        WHERE m.ccode IN (SELECT code FROM cow)
    ),
    belong AS (
        SELECT state, year, list(DISTINCT atopid ORDER BY atopid) AS atopids
        FROM member_years GROUP BY ALL
    ),
    spans AS (
        SELECT m.ccode AS state, m.obligations,
               {_years("m.entry_date", "m.exit_date", "m.continues", last_year=last)} AS year
        FROM view_members m
    ),
    owed AS (SELECT state, year, unnest(obligations) AS type FROM spans),
    flags AS (SELECT state, year, {_FLAGS} FROM owed p GROUP BY ALL)
    SELECT b.state, b.year,
           coalesce(defense, 0) AS defense, coalesce(offense, 0) AS offense,
           coalesce(neutral, 0) AS neutral, coalesce(nonagg, 0) AS nonagg,
           coalesce(consul, 0) AS consul, len(b.atopids) AS number, b.atopids
    FROM belong b LEFT JOIN flags USING (state, year)
    WHERE b.year BETWEEN {int(first)} AND {int(last)}
    ORDER BY ALL
    """
    return _frame(view_members.query("view_members", sql))


def yearly_ties(kb: Relations, data: AllianceData) -> tuple[Query, tuple[int, int]]:
    """Every directed pair and year with a tie in ``data``: ``c1, c2, year`` and one 0/1
    column per lane (``data.lanes``), with the years ``data`` covers."""
    coverage = _coverage(kb, data)
    sql = yearly_sql(data.lanes, coverage, _spells_sql(data, coverage[1], directed=True))
    return Query(sql, _inputs(kb, data)), coverage
