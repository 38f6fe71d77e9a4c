"""State-year and directed dyad-year alliance tables, built from the store.

The year rule is ATOP's: a membership or an obligation counts for year Y if
it is in effect on any day of Y; two members form a dyad in Y only if their
own memberships overlap in time (a state that joins after its partner left,
even in the same year, shares nothing with it). A directed dyad appears while
the two share an alliance phase, even when neither owes the other anything
(ATOP's SHAREOB). Entities without a COW state code, such as Annam (8152,
France's 1874 protectorate treaty), are left out, as ATOP leaves them out.

Both functions return pandas DataFrames with ATOP's column names. ``view``
picks the derivation: "ATOP" (as published, the default, which reproduces
ATOP's own files), "foedus" (with the curated register: later members,
exits, post-2018 treaties; give ``last`` beyond 2018) or "COW".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from foedus.kb import KnowledgeBase

__all__ = ["directed_dyad_years", "state_years"]

_FLAGS = """
    max(CASE WHEN p.type = 'defense' THEN 1 ELSE 0 END) AS defense,
    max(CASE WHEN p.type = 'offense' THEN 1 ELSE 0 END) AS offense,
    max(CASE WHEN p.type = 'neutrality' THEN 1 ELSE 0 END) AS neutral,
    max(CASE WHEN p.type = 'nonaggression' THEN 1 ELSE 0 END) AS nonagg,
    max(CASE WHEN p.type = 'consultation' THEN 1 ELSE 0 END) AS consul
"""


def _years(first: str, last: str, continues: str = "FALSE", *, last_year: int = 9999) -> str:
    """The years an interval touches, up to ``last_year``.

    A span that an amendment carries on (``continues``) gives up its last
    year to the new phase, as ATOP codes a year of phase change under the
    new phase only.
    """
    end = f"year(coalesce({last}, DATE '9999-12-31')) - CASE WHEN {continues} THEN 1 ELSE 0 END"
    return f"unnest(range(year({first}), least({end}, {int(last_year)}) + 1))"


def directed_dyad_years(
    kb: KnowledgeBase, *, view: str = "ATOP", first: int = 1815, last: int = 2018
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
    return view_partners.query("view_partners", sql).df()


def state_years(
    kb: KnowledgeBase, *, view: str = "ATOP", first: int = 1815, last: int = 2018
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
    return view_members.query("view_members", sql).df()
