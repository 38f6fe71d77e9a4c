"""foedus's yearly tables against ATOP 5.1's own: directed dyad-years and state-years.

foedus derives who owes what to whom from ATOP's member file (plus the partner
rules in ``foedus/sources/atop_partners.yaml``); ATOP publishes the result of
its own derivation. Rows must match exactly. Flags must match except for the
residuals listed here, each with its cause (docs/atop-reconciliation.md has
the same table): a fix or a regression changes the list and fails the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from foedus.build.importer import import_folder
from foedus.build.pledges import derive_partnerships, derive_pledges
from foedus.datasets.alliances import directed_dyad_years, state_years
from foedus.model import Membership, ObligationType, PartialDate
from foedus.sources.atop import treaty_id
from foedus.sources.atop_partners import load_rules, read_rules
from foedus.sources.files import find_files
from foedus.store import Store

FLAGS = ("defense", "offense", "neutral", "nonagg", "consul")
DDY_KEY = ("ccode1", "ccode2", "year")
SY_KEY = ("state", "year")

# --- Documented residuals: {(key..., flag): (foedus, ATOP)} ------------------
#
# None are left. Two year rules closed the last 32 (docs/atop-reconciliation.md):
# A. a phase that an amendment carries on gives its last year to the new phase
#    (1362 in 1888, 1155 in 1857, 1415 in 1905 lose an obligation that way);
# B. state-year flags come from the state's own memberships, so Germany's
#    Locarno defense promise counts in 1925-1936 though it runs to no partner.
# A regression, or a change in the rules, shows up here as a non-empty dict.
RESIDUAL_DDY: dict[tuple[int | str, ...], tuple[int, int]] = {}
RESIDUAL_SY: dict[tuple[int | str, ...], tuple[int, int]] = {}


@pytest.mark.data
def test_phase_hand_over_year_goes_to_the_new_phase(store: Store) -> None:
    # Anglo-Japanese alliance (1415): phase 2 from 12 Aug 1905 drops Japan's offense.
    rows = store.con.execute(
        "SELECT phase, continues FROM members WHERE treaty = 'atop-1415' AND ccode = 740 "
        "ORDER BY phase"
    ).fetchall()
    assert rows[0] == (1, True) and rows[-1][1] is False


# --- Fixtures -----------------------------------------------------------------


def _reference(data_dir: Path, name: str) -> Path:
    found = sorted(data_dir.rglob(name))
    if not found:
        pytest.skip(f"{name} not found under {data_dir}; it is ATOP's own file to compare with")
    return found[0]


@pytest.fixture(scope="module")
def store(data_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with Store(tmp_path_factory.mktemp("reconcile") / "kb.duckdb") as opened:
        import_folder(opened, data_dir)
        yield opened


@pytest.fixture(scope="module")
def ddy(store: Store) -> pd.DataFrame:
    return directed_dyad_years(store)


@pytest.fixture(scope="module")
def atop_ddy(data_dir: Path) -> pd.DataFrame:
    table = pd.read_csv(_reference(data_dir, "atop_alliance.csv"))
    return table.rename(columns=lambda c: c.removeprefix("atop_"))


@pytest.fixture(scope="module")
def sy(store: Store) -> pd.DataFrame:
    return state_years(store)


@pytest.fixture(scope="module")
def atop_sy(data_dir: Path) -> pd.DataFrame:
    table = pd.read_csv(_reference(data_dir, "atop5_1sy.csv"))
    ids = [c for c in table.columns if c.startswith("atopid")]
    table["atopids"] = [sorted(int(x) for x in row if pd.notna(x)) for row in table[ids].values]
    return table


def _keys(table: pd.DataFrame, key: tuple[str, ...]) -> set[tuple[int, ...]]:
    return set(table[list(key)].itertuples(index=False, name=None))


def _flag_mismatches(
    ours: pd.DataFrame, atop: pd.DataFrame, key: tuple[str, ...]
) -> dict[tuple[int | str, ...], tuple[int, int]]:
    both = ours.merge(atop, on=list(key), suffixes=("", "_atop"))
    out: dict[tuple[int | str, ...], tuple[int, int]] = {}
    for flag in FLAGS:
        bad = both[both[flag] != both[f"{flag}_atop"]]
        for row in bad[[*key, flag, f"{flag}_atop"]].itertuples(index=False, name=None):
            *ids, mine, theirs = (int(v) for v in row)
            out[(*ids, flag)] = (mine, theirs)
    return out


def _row(table: pd.DataFrame, **where: int) -> dict[str, int]:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    found = table[mask]
    assert len(found) == 1, f"expected one row for {where}, found {len(found)}"
    return {flag: int(found.iloc[0][flag]) for flag in FLAGS}


# --- Directed dyad-years ------------------------------------------------------


@pytest.mark.data
def test_directed_dyad_year_rows_match_atop(ddy: pd.DataFrame, atop_ddy: pd.DataFrame) -> None:
    ours, theirs = _keys(ddy, DDY_KEY), _keys(atop_ddy, DDY_KEY)
    assert len(ddy) == len(ours) == 273_296
    assert ours - theirs == set()
    assert theirs - ours == set()


@pytest.mark.data
def test_directed_dyad_year_flags_differ_only_by_documented_residuals(
    ddy: pd.DataFrame, atop_ddy: pd.DataFrame
) -> None:
    assert _flag_mismatches(ddy, atop_ddy, DDY_KEY) == RESIDUAL_DDY


@pytest.mark.data
def test_locarno_guarantors_defend_the_guaranteed_not_each_other(ddy: pd.DataFrame) -> None:
    uk, belgium, france, germany, italy = 200, 211, 220, 255, 325
    assert _row(ddy, ccode1=uk, ccode2=belgium, year=1926)["defense"] == 1
    assert _row(ddy, ccode1=italy, ccode2=germany, year=1926)["defense"] == 1
    # The guarantors share the treaty but owe each other nothing (ATOP's SHAREOB).
    assert set(_row(ddy, ccode1=uk, ccode2=italy, year=1926).values()) == {0}
    # Germany promises France non-aggression (Art. 2) but no help; France would
    # help Germany against Belgium (Art. 4(3)).
    assert _row(ddy, ccode1=germany, ccode2=france, year=1926) == {
        "defense": 0,
        "offense": 0,
        "neutral": 0,
        "nonagg": 1,
        "consul": 0,
    }
    assert _row(ddy, ccode1=france, ccode2=germany, year=1926)["defense"] == 1
    # France owes the guarantors nothing under Locarno; 1932-1934 no other alliance binds them.
    assert set(_row(ddy, ccode1=france, ccode2=uk, year=1933).values()) == {0}


@pytest.mark.data
def test_france_pledged_to_defend_belgium_not_the_reverse(ddy: pd.DataFrame) -> None:
    # ATOP 1060 (1832-33): France defends Belgium; Belgium promises nothing back.
    for year in (1832, 1833):
        assert _row(ddy, ccode1=220, ccode2=211, year=year)["defense"] == 1
        assert set(_row(ddy, ccode1=211, ccode2=220, year=year).values()) == {0}


@pytest.mark.data
def test_triple_alliance_offense_runs_to_italy_only(ddy: pd.DataFrame) -> None:
    germany, austria, italy = 255, 300, 325
    for year in (1888, 1900, 1913):
        assert _row(ddy, ccode1=germany, ccode2=italy, year=year)["offense"] == 1
        assert _row(ddy, ccode1=germany, ccode2=austria, year=year)["offense"] == 0


# --- State-years --------------------------------------------------------------


@pytest.mark.data
def test_state_year_rows_and_alliance_lists_match_atop(
    sy: pd.DataFrame, atop_sy: pd.DataFrame
) -> None:
    assert _keys(sy, SY_KEY) == _keys(atop_sy, SY_KEY)
    both = sy.merge(atop_sy, on=list(SY_KEY), suffixes=("", "_atop"))
    assert len(both) == len(sy) == 11_923
    assert (both["number"] == both["number_atop"]).all()
    assert [list(x) for x in both["atopids"]] == list(both["atopids_atop"])


@pytest.mark.data
def test_state_year_flags_differ_only_by_documented_residuals(
    sy: pd.DataFrame, atop_sy: pd.DataFrame
) -> None:
    assert _flag_mismatches(sy, atop_sy, SY_KEY) == RESIDUAL_SY


# --- The partner rules themselves -------------------------------------------


def test_partner_rules_are_unique_and_explained() -> None:
    rules = read_rules()
    keys = [(r.atopid, r.phase, r.obligor, r.type) for r in rules]
    assert len(keys) == len(set(keys)), "two entries for one promise: merge them"
    for r in rules:
        assert r.obligor not in r.beneficiaries
        assert "Evidence:" in r.note, f"rule {r.atopid}/{r.obligor}/{r.type.value} lacks evidence"


@pytest.mark.data
def test_partner_rules_match_atops_member_file(data_dir: Path) -> None:
    members = pd.read_csv(find_files(data_dir)["atop_m"])
    for r in read_rules():
        phase = members[(members.atopid == r.atopid) & (members.phase == r.phase)]
        own = phase[phase.member == r.obligor]
        where = f"rule {r.atopid} phase {r.phase} obligor {r.obligor} {r.type.value}"
        assert len(own) == 1, f"{where}: no such member row"
        assert own.iloc[0][r.type.atop_column] == 1, f"{where}: ATOP codes no such obligation"
        assert own.iloc[0]["obvary"] == 1, f"{where}: ATOP does not code OBVARY = 1"
        assert r.beneficiaries <= set(phase.member) - {r.obligor}, f"{where}: not members"


def _locarno(code: int, *types: ObligationType) -> Membership:
    return Membership(
        treaty_id(2130),
        0,
        code,
        PartialDate(1925, 10, 16),
        PartialDate(1936, 3, 7),
        frozenset(types),
    )


def test_locarno_rules_direct_the_pledges() -> None:
    d, a = ObligationType.DEFENSE, ObligationType.NONAGGRESSION
    rows = [
        _locarno(200, d),
        _locarno(211, d, a),
        _locarno(220, d, a),
        _locarno(255, d, a),
        _locarno(325, d),
    ]
    pledges = list(derive_pledges(derive_partnerships(rows), load_rules()))
    got = {(p.obligor, p.beneficiary, p.type) for p in pledges}
    defense = {
        (200, 211),
        (200, 220),
        (200, 255),
        (325, 211),
        (325, 220),
        (325, 255),
        (211, 220),
        (211, 255),
        (220, 211),
        (220, 255),
    }
    nonagg = {(211, 220), (211, 255), (220, 211), (220, 255), (255, 211), (255, 220)}
    assert got == {(o, b, d) for o, b in defense} | {(o, b, a) for o, b in nonagg}
    assert len(pledges) == len(got) == 16
    assert {(p.valid_from, p.valid_to) for p in pledges} == {
        (dt.date(1925, 10, 16), dt.date(1936, 3, 7))
    }
