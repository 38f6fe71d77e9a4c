"""Power and geography: major powers, national capabilities, contiguity, relevant dyads.

=================  ===========================================  ======================
verb               columns (state-years / dyad-years)           years
=================  ===========================================  ======================
add_major_powers   cowmaj / cowmaj1, cowmaj2                    1816–2016 (or as far
                                                                as the table carries
                                                                the state list)
add_nmc            milex, milper, irst, pec, tpop, upop, cinc   1816–2016 (NMC 6.0)
                   (dyad-years: each with 1 and 2)
add_contiguity     land, sea / conttype                         1816–2016 (3.2)
filter_prd         keeps politically relevant dyads; adds       as contiguity and
                   prd (and conttype, cowmaj1, cowmaj2 when     major powers
                   missing)
=================  ===========================================  ======================

Outside a dataset's years the columns are missing; inside, 0 means "not a
major power" or "not contiguous". NMC values are as published (missing
where NMC codes a value as missing).

Contiguity changes within a year take the first month's value, as
peacesciencer does: a pair that becomes land-contiguous in July is coded
with its January relationship that year (``conttype``: 1 land, 2–5
separated by at most 12, 24, 150 or 400 miles of water, 0 none).
"""

from __future__ import annotations

from foedus.datasets.runs import merge_sql
from foedus.datasets.system import list_end
from foedus.datasets.table import System, Table, Unit, needs

__all__ = [
    "CONTIGUITY_YEARS",
    "NMC_COLUMNS",
    "add_contiguity",
    "add_major_powers",
    "add_nmc",
    "filter_prd",
]

NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
#: Years COW's Direct Contiguity 3.2 covers.
CONTIGUITY_YEARS = (1816, 2016)


def _majors_coverage(table: Table) -> tuple[int, int]:
    end = table.kind.carried_to or list_end(table.kb, System.COW)
    return (1816, end)


@needs((Unit.STATE_YEAR, Unit.DYAD_YEAR), systems=(System.COW,))
def add_major_powers(table: Table) -> Table:
    """Add COW's major-power status: ``cowmaj`` (state-years) or ``cowmaj1, cowmaj2``.

    A state is a major power in a year when it is one on any day of it. A
    table that carries the state list forward carries the major powers of
    its last day forward too.
    """
    first, last = _majors_coverage(table)
    majors = {"major_spells": table.kb.relation("major_powers")}
    years = f"""
        SELECT ccode, year(start_date) AS y0,
               least(year(coalesce(end_date, DATE '9999-12-31')), {last}) AS y1
        FROM major_spells
    """
    if table.kind.unit is Unit.STATE_YEAR:
        code = table.kind.keys[0]
        sql = f"""
        WITH m AS (SELECT DISTINCT ccode, unnest(range(y0, y1 + 1)) AS year FROM ({years}))
        SELECT prev.*, CASE WHEN prev.year BETWEEN {first} AND {last}
                            THEN (m.ccode IS NOT NULL)::TINYINT END AS cowmaj
        FROM prev LEFT JOIN m ON prev.{code} = m.ccode AND prev.year = m.year
        """
        return table.derive(sql, adds=["cowmaj"], sources=["state_system_cow"], inputs=majors)
    k1, k2, _ = table.kind.keys
    if table.runs is not None:
        # A major power's spells, paired with every state it shares a run with.
        spells = f"""
            WITH pairs AS (SELECT DISTINCT {k1}, {k2} FROM prev), y AS ({years})
            SELECT p.{k1} AS c1, p.{k2} AS c2, y.y0, y.y1, 0 AS lane
            FROM pairs p JOIN y ON p.{k1} = y.ccode
            UNION ALL
            SELECT p.{k1}, p.{k2}, y.y0, y.y1, 1 FROM pairs p JOIN y ON p.{k2} = y.ccode
        """
        sql = merge_sql((k1, k2), table.columns[3:], ["cowmaj1", "cowmaj2"], (first, last), spells)
        return table.derive_runs(
            sql, adds=["cowmaj1", "cowmaj2"], sources=["state_system_cow"], inputs=majors
        )
    flags = "".join(
        f", CASE WHEN prev.year BETWEEN {first} AND {last} "
        f"THEN (m{i}.ccode IS NOT NULL)::TINYINT END AS cowmaj{i}"
        for i in (1, 2)
    )
    sql = f"""
    WITH m AS (SELECT DISTINCT ccode, unnest(range(y0, y1 + 1)) AS year FROM ({years}))
    SELECT prev.*{flags}
    FROM prev
    LEFT JOIN m m1 ON prev.{k1} = m1.ccode AND prev.year = m1.year
    LEFT JOIN m m2 ON prev.{k2} = m2.ccode AND prev.year = m2.year
    """
    return table.derive(
        sql, adds=["cowmaj1", "cowmaj2"], sources=["state_system_cow"], inputs=majors
    )


@needs((Unit.STATE_YEAR, Unit.DYAD_YEAR), systems=(System.COW,))
def add_nmc(table: Table, keep: tuple[str, ...] | list[str] | None = None) -> Table:
    """Add COW's National Material Capabilities 6.0 (1816–2016): ``milex, milper, irst,
    pec, tpop, upop, cinc`` (on dyad-years ``milex1 … cinc1, milex2 … cinc2``).

    ``keep`` picks some of them: ``add_nmc(table, keep=["cinc"])``.
    """
    from foedus.errors import InputError

    wanted = list(keep) if keep is not None else list(NMC_COLUMNS)
    unknown = [c for c in wanted if c not in NMC_COLUMNS]
    if unknown:
        raise InputError(f"NMC has no {', '.join(unknown)}; choose from {', '.join(NMC_COLUMNS)}")
    nmc = {"nmc_years": table.kb.relation("capabilities")}
    if table.kind.unit is Unit.STATE_YEAR:
        code = table.kind.keys[0]
        cols = "".join(f", n.{c}" for c in wanted)
        sql = f"""
        SELECT prev.*{cols} FROM prev
        LEFT JOIN nmc_years n ON prev.{code} = n.ccode AND prev.year = n.year
        """
        return table.derive(sql, adds=wanted, sources=["nmc"], inputs=nmc)
    k1, k2, _ = table.kind.keys
    adds = [f"{c}{i}" for i in (1, 2) for c in wanted]
    cols = "".join(f", n{i}.{c} AS {c}{i}" for i in (1, 2) for c in wanted)
    sql = f"""
    SELECT prev.*{cols} FROM prev
    LEFT JOIN nmc_years n1 ON prev.{k1} = n1.ccode AND prev.year = n1.year
    LEFT JOIN nmc_years n2 ON prev.{k2} = n2.ccode AND prev.year = n2.year
    """
    return table.derive(sql, adds=adds, sources=["nmc"], inputs=nmc)


def _contiguity_spells(directed: bool) -> str:
    """Each pair's contiguity in stretches of years (c1, c2, y0, y1, lane = conttype), each
    year owned by the spell that covers its first month: the spell that began first among
    those that touch the year (a contiguity spell before a "none" spell of the same day)."""
    pairs = "" if directed else "WHERE ccode1 < ccode2"
    # peacesciencer's copy gives some pairs a "no contiguity" spell that runs on under their
    # contiguity spells (Italy-Germany: 0 for 1816-2016 beside 1 for 1938-1945); such a
    # spell says how things stood before they became contiguous, so it ends there.
    return f"""
        WITH raw AS (
            SELECT ccode1, ccode2, conttype, start_date,
                   coalesce(end_date, DATE '9999-12-31') AS end_date
            FROM contiguity_spells {pairs}
        ),
        cut AS (
            SELECT r.ccode1, r.ccode2, r.conttype, r.start_date,
                   least(r.end_date, coalesce(min(n.start_date) - 1, r.end_date)) AS end_date
            FROM raw r LEFT JOIN raw n
              ON r.conttype = 0 AND n.conttype > 0 AND n.ccode1 = r.ccode1
             AND n.ccode2 = r.ccode2 AND n.start_date >= r.start_date
             AND n.start_date <= r.end_date
            GROUP BY r.ccode1, r.ccode2, r.conttype, r.start_date, r.end_date
        ),
        yearly AS (
            SELECT ccode1 AS c1, ccode2 AS c2, conttype, start_date,
                   unnest(range(year(start_date),
                                least(year(end_date), {CONTIGUITY_YEARS[1]}) + 1)) AS year
            FROM cut WHERE start_date <= end_date
        ),
        owner AS (
            SELECT c1, c2, year,
                   arg_min(conttype, epoch(start_date) * 10 + conttype) AS conttype
            FROM yearly GROUP BY c1, c2, year
        ),
        island AS (
            SELECT *, year - row_number() OVER (PARTITION BY c1, c2, conttype ORDER BY year)
                      AS island
            FROM owner
        )
        SELECT c1, c2, min(year) AS y0, max(year) AS y1, conttype AS lane
        FROM island GROUP BY c1, c2, conttype, island
    """


# The one contiguity lane open in a stretch of years names its conttype.
_CONTTYPE = (
    "CASE WHEN ct0 IS NULL THEN NULL "
    + " ".join(f"WHEN ct{v} = 1 THEN {v}" for v in range(1, 6))
    + " ELSE 0 END"
)


@needs((Unit.STATE_YEAR, Unit.DYAD_YEAR), systems=(System.COW,))
def add_contiguity(table: Table) -> Table:
    """Add COW Direct Contiguity 3.2 (1816–2016): ``conttype`` on dyad-years (1 land;
    2, 3, 4, 5 separated by at most 12, 24, 150, 400 miles of water; 0 none); on
    state-years ``land`` and ``sea``, the number of states it borders by land and by
    water that year."""
    first, last = CONTIGUITY_YEARS
    inputs = {"contiguity_spells": table.kb.relation("contiguity")}
    if table.kind.unit is Unit.STATE_YEAR:
        code = table.kind.keys[0]
        sql = f"""
        WITH s AS ({_contiguity_spells(True)}),
        y AS (SELECT c1, lane, unnest(range(y0, y1 + 1)) AS year FROM s WHERE y0 <= y1),
        n AS (SELECT c1, year, count(*) FILTER (WHERE lane = 1) AS land,
                     count(*) FILTER (WHERE lane > 1) AS sea FROM y GROUP BY ALL)
        SELECT prev.*,
               CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(n.land, 0) END
                   AS land,
               CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(n.sea, 0) END
                   AS sea
        FROM prev LEFT JOIN n ON prev.{code} = n.c1 AND prev.year = n.year
        """
        return table.derive(sql, adds=["land", "sea"], sources=["contiguity"], inputs=inputs)
    k1, k2, _ = table.kind.keys
    lanes = [f"ct{v}" for v in range(6)]
    spells = _contiguity_spells(bool(table.kind.directed))
    if table.runs is not None:
        merged = merge_sql((k1, k2), table.columns[3:], lanes, (first, last), spells)
        kept = "".join(f", {c}" for c in table.columns[3:])
        sql = f"SELECT {k1}, {k2}, y0, y1{kept}, {_CONTTYPE}::TINYINT AS conttype FROM ({merged})"
        return table.derive_runs(sql, adds=["conttype"], sources=["contiguity"], inputs=inputs)
    sql = f"""
    WITH s AS ({spells}),
    y AS (SELECT c1, c2, lane, unnest(range(y0, y1 + 1)) AS year FROM s WHERE y0 <= y1)
    SELECT prev.*,
           CASE WHEN prev.year BETWEEN {first} AND {last} THEN coalesce(y.lane, 0) END::TINYINT
               AS conttype
    FROM prev LEFT JOIN y ON prev.{k1} = y.c1 AND prev.{k2} = y.c2 AND prev.year = y.year
    """
    return table.derive(sql, adds=["conttype"], sources=["contiguity"], inputs=inputs)


@needs(Unit.DYAD_YEAR, systems=(System.COW,))
def filter_prd(table: Table) -> Table:
    """Keep the politically relevant dyads: contiguous (any ``conttype`` 1–5) or with a major
    power on either side; adds ``prd`` (always 1), and ``conttype``, ``cowmaj1`` and
    ``cowmaj2`` when the table lacks them.

    A dyad with a major power is relevant whatever its contiguity, so past
    2016 (where contiguity is missing) major-power dyads stay and the rest,
    whose relevance is unknown, go. peacesciencer drops them all.
    """
    if "conttype" not in table.columns:
        table = add_contiguity(table)
    if "cowmaj1" not in table.columns:
        table = add_major_powers(table)
    relevant = "(conttype BETWEEN 1 AND 5 OR cowmaj1 = 1 OR cowmaj2 = 1)"
    if table.runs is not None:
        kept = ", ".join([*table.columns[:2], "y0", "y1", *table.columns[3:]])
        sql = f"SELECT {kept}, 1::TINYINT AS prd FROM prev WHERE {relevant}"
        return table.derive_runs(sql, adds=["prd"])
    sql = f"SELECT *, 1::TINYINT AS prd FROM prev WHERE {relevant}"
    return table.derive(sql, adds=["prd"], ordered=table.ordered)
