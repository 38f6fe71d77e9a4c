"""Research tables on knowledge bases built by hand: rows, kinds, edges, files, citations.

Every expected value here is worked out by hand from the few records each
test builds; tests/test_datasets_data.py checks the same verbs against the
published files.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from foedus.build import hand_built
from foedus.datasets import (
    Table,
    WrongTableKind,
    add_atop_alliance,
    add_register_alliance,
    create_dyadyears,
    create_stateyears,
)
from foedus.datasets import table as table_module
from foedus.datasets.citations import SOURCES, bibtex, entries
from foedus.datasets.conflict import add_cow_mids, add_cow_wars
from foedus.datasets.covariates import add_contiguity, add_major_powers, add_nmc, filter_prd
from foedus.datasets.similarity import add_similarity
from foedus.datasets.verbs import VERBS, Verb, apply, parse_verbs
from foedus.errors import InputError
from foedus.model import Membership, Source, StateSpell
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


def _member(treaty: str, code: int, start: P, end: P | None, *types: T, phase: int = 0):
    return Membership(treaty, phase, code, start, end, frozenset(types))


@pytest.fixture
def kb_1832():
    """France pledges to defend Belgium (ATOP 1060, 10 Nov 1832 - 21 May 1833); Belgium
    promises nothing. The Netherlands is in the system, allied to no one."""
    rows = [
        _member("atop-1060", 220, P(1832, 11, 10), P(1833, 5, 21), T.DEFENSE),
        _member("atop-1060", 211, P(1832, 11, 10), P(1833, 5, 21)),
    ]
    return hand_built(rows, states={220: "France", 211: "Belgium", 210: "Netherlands"})


@pytest.fixture
def kb_spells():
    """States whose spells make false dyads and a state that leaves and comes back.

    Suriname (115) from 25 Nov 1975; South Vietnam (817) 1954-06-04 to 1975-04-30;
    the USA (2) throughout; Austria (305) leaves on 13 Mar 1938 and returns on
    27 Jul 1955; Germany (255) throughout.
    """
    from foedus.build.importer import SourceBundle, write_bundle
    from foedus.kb import KnowledgeBase
    from foedus.store import Store

    src = Source("hand-built", "2016")
    spell = lambda code, name, s, e: StateSpell("cow", code, name[:3].upper(), name, s, e, src)  # noqa: E731
    spells = [
        spell(2, "USA", dt.date(1816, 1, 1), None),
        spell(115, "Suriname", dt.date(1975, 11, 25), None),
        spell(817, "South Vietnam", dt.date(1954, 6, 4), dt.date(1975, 4, 30)),
        spell(305, "Austria", dt.date(1918, 11, 12), dt.date(1938, 3, 13)),
        spell(305, "Austria", dt.date(1955, 7, 27), None),
        spell(255, "Germany", dt.date(1816, 1, 1), None),
    ]
    store = Store.memory()
    write_bundle(store, SourceBundle(spells, [], [], [], []))
    return KnowledgeBase(store=store)


# --- units -------------------------------------------------------------------------------


def test_false_dyads_are_not_dyads(kb_spells):
    rows = create_dyadyears(kb_spells, years=(1975, 1975)).to_pandas()
    pairs = set(zip(rows.ccode1, rows.ccode2, strict=True))
    # Suriname and South Vietnam were both members in 1975 but never on the same day.
    assert (115, 817) not in pairs and (817, 115) not in pairs
    assert {(2, 115), (115, 2), (2, 817), (817, 2)} <= pairs
    # Austria was out of the system in 1975? No: back since 1955.
    assert (305, 115) in pairs


def test_a_state_that_leaves_and_returns(kb_spells):
    rows = create_dyadyears(kb_spells, years=(1936, 1956)).to_pandas()
    austria = rows[(rows.ccode1 == 305) & (rows.ccode2 == 255)].year.tolist()
    assert austria == [1936, 1937, 1938, 1955, 1956]
    states = create_stateyears(kb_spells, years=(1936, 1956)).to_pandas()
    assert states[states.ccode == 305].year.tolist() == [1936, 1937, 1938, 1955, 1956]


def test_directed_and_undirected_counts(kb_spells):
    directed = create_dyadyears(kb_spells, years=(1960, 1969))
    undirected = create_dyadyears(kb_spells, directed=False, years=(1960, 1969))
    # USA, South Vietnam, Austria, Germany: 4 states, 12 ordered pairs, 10 years.
    assert len(directed) == 120 and len(undirected) == 60
    frame = undirected.to_pandas()
    assert (frame.ccode1 < frame.ccode2).all()


def test_rows_come_in_key_order_and_years_may_have_gaps(kb_spells):
    table = create_dyadyears(kb_spells, years=[1990, 1970, 1980])
    frame = table.to_pandas()
    assert sorted(set(frame.year)) == [1970, 1980, 1990]
    keys = list(zip(frame.ccode1, frame.ccode2, frame.year, strict=True))
    assert keys == sorted(keys)
    assert len(table) == len(frame)


def test_years_past_the_list_need_carry_forward(kb_spells):
    with pytest.raises(InputError, match="carry_forward=2020"):
        create_dyadyears(kb_spells, years=(2015, 2020))
    carried = create_dyadyears(kb_spells, years=(2015, 2020), carry_forward=2020).to_pandas()
    # USA, Suriname, Austria, Germany: 12 ordered pairs a year, 6 years.
    assert len(carried) == 72 and carried.year.max() == 2020
    with pytest.raises(InputError, match="before the end"):
        create_dyadyears(kb_spells, carry_forward=2010)


@pytest.mark.parametrize(
    ("years", "message"),
    [((1900, 1850), "bad year range"), ((1700, 1900), "begin in 1816"), ([], "no years")],
)
def test_bad_year_ranges(kb_spells, years, message):
    with pytest.raises(InputError, match=message):
        create_dyadyears(kb_spells, years=years)


def test_unknown_state_list(kb_spells):
    with pytest.raises(InputError, match="'cow' or 'gw'"):
        create_stateyears(kb_spells, system="cshapes")


# --- alliances ---------------------------------------------------------------------------


def test_belgium_france_1832_directed_and_undirected(kb_1832):
    directed = create_dyadyears(kb_1832, years=(1832, 1833)).pipe(add_atop_alliance)
    frame = directed.to_pandas().set_index(["ccode1", "ccode2", "year"])
    assert frame.loc[(220, 211, 1832), FLAGS].tolist() == [1, 0, 0, 0, 0]
    assert frame.loc[(211, 220, 1832), FLAGS].tolist() == [0, 0, 0, 0, 0]
    assert frame.loc[(211, 220, 1832), "atop_alliance"] == 1  # they share the treaty
    assert frame.loc[(210, 220, 1832), "atop_alliance"] == 0
    undirected = create_dyadyears(kb_1832, directed=False, years=(1832, 1833))
    both = undirected.pipe(add_atop_alliance).to_pandas().set_index(["ccode1", "ccode2", "year"])
    assert both.loc[(211, 220, 1832), FLAGS].tolist() == [1, 0, 0, 0, 0]
    assert both.loc[(211, 220, 1833), "atop_defense"] == 1
    assert both.loc[(210, 211, 1833), "atop_defense"] == 0


def test_outside_atop_years_the_flags_are_missing_not_zero(kb_1832):
    # A hand-built state list runs to this year: no carrying forward needed.
    frame = create_dyadyears(kb_1832, years=(2017, 2020)).pipe(add_atop_alliance).to_pandas()
    inside, outside = frame[frame.year <= 2018], frame[frame.year > 2018]
    assert (inside[FLAGS] == 0).all().all()
    assert outside[FLAGS].isna().all().all() and len(outside) == 12
    assert outside.atop_alliance.isna().all()


def test_state_years_take_the_states_own_obligations(kb_1832):
    frame = create_stateyears(kb_1832, years=(1831, 1834)).pipe(add_atop_alliance).to_pandas()
    frame = frame.set_index(["ccode", "year"])
    assert frame.loc[(220, 1832), "atop_defense"] == 1
    assert frame.loc[(211, 1832), "atop_defense"] == 0
    assert frame.loc[(211, 1833), "atop_number"] == 1
    assert frame.loc[(220, 1834), "atop_number"] == 0


def test_the_runs_and_the_rows_give_the_same_alliance_columns(kb_1832):
    # add_nmc spells the runs out first, so ATOP then joins onto rows instead of runs.
    base = create_dyadyears(kb_1832, years=(1830, 1840))
    by_runs = base.pipe(add_atop_alliance).to_pandas()
    by_rows = base.pipe(add_nmc, keep=["cinc"]).pipe(add_atop_alliance).to_pandas()
    assert by_rows.drop(columns=["cinc1", "cinc2"]).equals(by_runs)


def test_phase_handover_gives_the_year_to_the_new_phase():
    # Phase 0 (1900-1905, defense) is carried on by phase 1 from 10 Aug 1905, the day it
    # ends (consultation only): ATOP codes 1905 under the new phase, so no defense that year.
    rows = [
        Membership("atop-9", 0, 2, P(1900, 1, 1), P(1905, 8, 10), frozenset({T.DEFENSE})),
        Membership("atop-9", 0, 20, P(1900, 1, 1), P(1905, 8, 10), frozenset({T.DEFENSE})),
        Membership("atop-9", 1, 2, P(1905, 8, 10), None, frozenset({T.CONSULTATION})),
        Membership("atop-9", 1, 20, P(1905, 8, 10), None, frozenset({T.CONSULTATION})),
    ]
    kb = hand_built(rows, states={2: "USA", 20: "Canada"})
    frame = create_dyadyears(kb, years=(1904, 1906)).pipe(add_atop_alliance).to_pandas()
    us = frame[frame.ccode1 == 2].set_index("year")
    assert us.atop_defense.tolist() == [1, 0, 0] and us.atop_consul.tolist() == [0, 1, 1]


def test_register_columns_run_past_2018():
    rows = [
        _member("atop-1", 2, P(2019, 3, 1), None, T.DEFENSE),
        _member("atop-1", 20, P(2019, 3, 1), None, T.DEFENSE),
    ]
    kb = hand_built(rows, states={2: "USA", 20: "Canada"})
    table = create_dyadyears(kb, years=(2018, 2019)).pipe(add_register_alliance)
    frame = table.to_pandas()
    assert frame.foedus_defense.tolist() == [0, 1, 0, 1]
    assert "register" in table.sources


# --- kinds ---------------------------------------------------------------------------------


def test_a_verb_given_the_wrong_kind_says_what_to_run_first(kb_spells):
    states = create_stateyears(kb_spells, years=(1990, 1991))
    with pytest.raises(WrongTableKind, match=r"start with create_dyadyears\(kb"):
        add_cow_wars(states)
    with pytest.raises(WrongTableKind, match="filter_prd"):
        filter_prd(states)
    with pytest.raises(InputError, match="takes a foedus Table"):
        add_atop_alliance(pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1990]}))


def test_gleditsch_ward_tables_are_refused_by_cow_coded_verbs(kb_1832):
    from foedus.datasets.table import Kind, System, Unit

    kind = Kind(Unit.DYAD_YEAR, System.GW, True, 1990, 1991)
    frame = pd.DataFrame({"gwcode1": [2], "gwcode2": [20], "year": [1990]})
    table = Table.from_frame(kb_1832, frame, kind)
    with pytest.raises(WrongTableKind) as info:
        add_atop_alliance(table)
    assert 'create_dyadyears(kb, system="cow")' in str(info.value)
    assert info.value.verb == "add_atop_alliance"


def test_a_frame_of_ones_own_can_take_verbs(kb_1832):
    from foedus.datasets.table import Kind, System, Unit

    kind = Kind(Unit.DYAD_YEAR, System.COW, True, 1832, 1832)
    frame = pd.DataFrame({"ccode1": [220, 211], "ccode2": [211, 220], "year": [1832, 1832]})
    out = Table.from_frame(kb_1832, frame, kind).pipe(add_atop_alliance).to_pandas()
    assert out.atop_defense.tolist() == [0, 1]  # key order: 211 first
    with pytest.raises(InputError, match="lacks ccode2"):
        Table.from_frame(kb_1832, frame.drop(columns="ccode2"), kind)


def test_verbs_by_name():
    assert parse_verbs("ATOP, nmc,") == [Verb.ATOP, Verb.NMC]
    assert set(VERBS) == set(Verb)
    for spec in VERBS.values():
        assert set(spec.sources) <= set(SOURCES)
    with pytest.raises(InputError, match="unknown verb 'peace'"):
        parse_verbs("atop,peace")


def test_apply_runs_verbs_in_order_and_reports(kb_1832):
    heard = []
    table = apply(
        create_dyadyears(kb_1832, years=(1832, 1832)),
        [Verb.ATOP, Verb.SIMILARITY],
        progress=lambda step, done, total: heard.append((step, done, total)),
    )
    assert table.columns[:4] == ["ccode1", "ccode2", "year", "atop_alliance"]
    assert heard[0][0].startswith("ATOP") and heard[-1][1:] == (1, 1)


# --- files ---------------------------------------------------------------------------------


def test_parquet_csv_and_stata_hold_the_same_rows(kb_1832, tmp_path):
    table = create_dyadyears(kb_1832, years=(1832, 1833)).pipe(add_atop_alliance)
    expected = table.to_pandas()
    parquet = table.write(tmp_path / "t.parquet")
    csv = table.write(tmp_path / "t.csv")
    dta = table.write(tmp_path / "t.dta")
    assert parquet.rows == csv.rows == dta.rows == len(expected) == 12
    back = pd.read_parquet(parquet.path)
    assert back.astype("int64").equals(expected.astype("int64"))
    assert pd.read_csv(csv.path).astype("int64").equals(expected.astype("int64"))
    assert pd.read_stata(dta.path).astype("int64").equals(expected.astype("int64"))
    meta = dict(
        duckdb.sql(f"SELECT key, value FROM parquet_kv_metadata('{parquet.path}')").fetchall()
    )
    assert meta[b"foedus_sources"] == b"state_system_cow,atop"


def test_polars_on_request(kb_1832):
    polars = pytest.importorskip("polars")
    table = create_dyadyears(kb_1832, years=(1832, 1832)).pipe(add_atop_alliance)
    frame = table.frame("polars")
    assert isinstance(frame, polars.DataFrame)
    assert frame["atop_defense"].to_list() == table.to_pandas().atop_defense.tolist()
    with pytest.raises(InputError, match="pandas' or 'polars"):
        table.frame("spark")


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(kb_1832, tmp_path, monkeypatch):
    table = create_dyadyears(kb_1832, years=(1832, 1832))
    target = tmp_path / "t.parquet"
    target.write_bytes(b"the old file")

    def broken(table: Table, path: Path) -> int:
        path.write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setitem(table_module._WRITERS, table_module.Format.PARQUET, broken)
    with pytest.raises(KeyboardInterrupt):
        table.write(target)
    assert target.read_bytes() == b"the old file"
    assert os.listdir(tmp_path) == ["t.parquet"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/t.parquet", "does not exist"),
        ("t.xlsx", "cannot tell the format"),
        (".", "folder"),
    ],
)
def test_unwritable_outputs_say_why(kb_1832, tmp_path, name, message):
    table = create_dyadyears(kb_1832, years=(1832, 1832))
    with pytest.raises(InputError, match=message):
        table.write(tmp_path / name)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder(kb_1832, tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(InputError, match="no permission"):
            create_dyadyears(kb_1832, years=(1832, 1832)).write(tmp_path / "t.csv")
    finally:
        tmp_path.chmod(0o700)


# --- citations -----------------------------------------------------------------------------


def test_cite_names_every_dataset_behind_the_table(kb_1832):
    table = (
        create_dyadyears(kb_1832, years=(1832, 1832))
        .pipe(add_atop_alliance)
        .pipe(add_similarity, measures=["s_abs_wt_glo"])
    )
    text = table.cite()
    for key in ("cow2017states", "leeds2002atop", "signorino1999tau", "singer1972capability"):
        assert f"{{{key}," in text
    assert text.rstrip().endswith("}") and text.count("@") == len(entries(table.sources))


def test_every_citation_is_well_formed():
    text = bibtex(SOURCES)
    assert text.count("{") == text.count("}")
    for entry in entries(SOURCES):
        fields = dict(entry.fields)
        assert ("title" in fields and "year" in fields) or entry.key == "foedus"


# --- the other verbs, by hand ----------------------------------------------------------------


@pytest.fixture
def kb_conflict():
    """Two states, one war, one dispute, capabilities, contiguity and a major power."""
    from foedus.build.importer import ConflictData, SourceBundle, write_bundle
    from foedus.kb import KnowledgeBase
    from foedus.sources import conflict as c
    from foedus.store import Store

    src = Source("hand-built", "2016")
    start = dt.date(1816, 1, 1)
    spells = [StateSpell("cow", code, "X", name, start, None, src)
              for code, name in ((2, "USA"), (70, "Mexico"), (200, "UK"))]  # fmt: skip
    majors = [StateSpell("cow", 200, "UKG", "UK", start, None, src)]
    data = ConflictData(
        wars=[
            c.WarParticipation(7, "Mexican-American", 2, 1, P(1846, 4, 25), P(1848, 2, 2),
                               True, 1, 1, 13283, src),
            c.WarParticipation(7, "Mexican-American", 70, 2, P(1846, 4, 25), P(1848, 2, 2),
                               False, 2, 1, 6000, src),
        ],
        disputes=[c.MilitarizedDispute(1, P(1850, 3, 1), P(1851, 1, 5), 1, 4, 1, src)],
        dispute_members=[
            c.DisputeParticipation(1, 2, P(1850, 3, 1), P(1851, 1, 5), True, True, 4, True, 1,
                                   src),
            c.DisputeParticipation(1, 70, P(1850, 3, 1), P(1850, 12, 31), False, False, 3,
                                   False, 0, src),
        ],
        capabilities=[c.Capability(2, 1846, 1, 2, 3, 4, 5, 6, 0.25, src),
                      c.Capability(70, 1846, 1, 2, 3, 4, 5, 6, 0.05, src)],
        contiguity=[c.Contiguity(2, 70, 1, P(1816, 1, 1), P(1846, 6, 30), src),
                    c.Contiguity(70, 2, 1, P(1816, 1, 1), P(1846, 6, 30), src),
                    c.Contiguity(2, 70, 0, P(1816, 1, 1), None, src),
                    c.Contiguity(70, 2, 0, P(1816, 1, 1), None, src)],
    )  # fmt: skip
    store = Store.memory()
    write_bundle(store, SourceBundle(spells, [], majors, [], [], conflict=data))
    return KnowledgeBase(store=store)


def test_wars_mids_nmc_majors_and_contiguity_by_hand(kb_conflict):
    table = (
        create_dyadyears(kb_conflict, years=(1845, 1851))
        .pipe(add_cow_wars)
        .pipe(add_cow_mids)
        .pipe(add_nmc, keep=["cinc"])
        .pipe(add_major_powers)
        .pipe(add_contiguity)
    )
    f = table.to_pandas()
    usmx = f[(f.ccode1 == 2) & (f.ccode2 == 70)].set_index("year")
    usuk = f[(f.ccode1 == 2) & (f.ccode2 == 200)].set_index("year")
    assert usmx.cowinteronset.tolist() == [0, 1, 0, 0, 0, 0, 0]
    assert usmx.cowinterongoing.tolist() == [0, 1, 1, 1, 0, 0, 0]
    assert usmx.loc[1846, ["warnum", "sidea1", "sidea2", "initiator1", "batdeath2"]].tolist() == [
        7, 1, 2, 1, 6000,
    ]  # fmt: skip
    # Mexico left the dispute at the end of 1850: the dyad fights in 1850 only.
    assert usmx.cowmidongoing.tolist() == [0, 0, 0, 0, 0, 1, 0]
    assert usmx.loc[1850, ["dispnum", "hostlev1", "hostlev2", "orig1", "orig2"]].tolist() == [
        1, 4, 3, 1, 0,
    ]  # fmt: skip
    assert usmx.loc[1846, "cinc1"] == 0.25 and pd.isna(usmx.loc[1847, "cinc1"])
    assert usuk.loc[1846, ["cowmaj1", "cowmaj2"]].tolist() == [0, 1]
    # Land contiguity until June 1846 (the first month decides 1846); the "none" spell that
    # runs on under it only counts after it.
    assert usmx.conttype.tolist() == [1, 1, 0, 0, 0, 0, 0]
    assert usuk.loc[1846, "conttype"] == 0


def test_politically_relevant_dyads(kb_conflict):
    kept = create_dyadyears(kb_conflict, years=(1845, 1847)).pipe(filter_prd).to_pandas()
    pairs = sorted(set(zip(kept.ccode1, kept.ccode2, strict=True)))
    # The UK is a major power (every pair with it); USA-Mexico contiguous until 1846.
    assert pairs == [(2, 70), (2, 200), (70, 2), (70, 200), (200, 2), (200, 70)]
    assert sorted(kept[(kept.ccode1 == 2) & (kept.ccode2 == 70)].year) == [1845, 1846]
    assert (kept.prd == 1).all()


def test_cow_alliances_come_from_the_users_own_copy(kb_1832):
    from foedus.datasets import add_cow_alliance
    from foedus.errors import StoreError

    with pytest.raises(StoreError, match=r"version4\.1_csv\.zip") as info:
        create_dyadyears(kb_1832, years=(1832, 1832)).pipe(add_cow_alliance)
    assert "foedus data import" in str(info.value)


def test_cow_alliance_columns_from_an_imported_file():
    from foedus.build.importer import SourceBundle, write_bundle
    from foedus.datasets import add_cow_alliance
    from foedus.kb import KnowledgeBase
    from foedus.store import Store

    src = Source("hand-built", "2016")
    spells = [StateSpell("cow", c, "X", n, dt.date(1816, 1, 1), None, src)
              for c, n in ((255, "Germany"), (300, "Austria-Hungary"))]  # fmt: skip
    # The Dual Alliance as COW codes it: defense, non-aggression and entente, Oct 1879-1918.
    dual = [
        Membership("cow-7", 0, c, P(1879, 10), P(1918, 11, 11),
                   frozenset({T.DEFENSE, T.NONAGGRESSION, T.CONSULTATION}))
        for c in (255, 300)
    ]  # fmt: skip
    store = Store.memory()
    write_bundle(store, SourceBundle(spells, [], [], [], [], cow_memberships=dual))
    kb = KnowledgeBase(store=store)
    frame = (create_dyadyears(kb, years=(1878, 1880)).pipe(add_cow_alliance).to_pandas()).set_index(
        ["ccode1", "ccode2", "year"]
    )
    cols = ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]
    assert frame.loc[(255, 300, 1878), cols].tolist() == [0, 0, 0, 0]
    assert frame.loc[(255, 300, 1879), cols].tolist() == [1, 0, 1, 1]
    late = create_dyadyears(kb, years=(2012, 2013)).pipe(add_cow_alliance).to_pandas()
    assert late[late.year == 2013][cols].isna().all().all()  # COW 4.1 ends in 2012


def test_the_examples_in_the_research_tables_guide_run():
    import doctest

    guide = Path(__file__).resolve().parents[1] / "docs" / "research-tables.md"
    result = doctest.testfile(str(guide), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


# --- the sweep and the pieces against a plain count --------------------------------------------

_runs_and_spells = st.tuples(
    st.lists(  # runs: dyad, start, length, a value carried along
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1810, 1830),
                  st.integers(0, 6), st.integers(0, 1)),
        max_size=8,
    ),
    st.lists(  # spells: dyad, start, length (−1: empty), lane
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1805, 1835),
                  st.integers(-1, 9), st.integers(0, 2)),
        max_size=12,
    ),
    st.tuples(st.integers(1808, 1818), st.integers(0, 12)),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_runs_and_spells)
def test_merging_spells_into_runs_counts_what_a_plain_loop_counts(case):
    from foedus.datasets.runs import merge_pieces_sql, merge_sql, pieces_sql

    raw_runs, raw_spells, (first, span) = case
    coverage = (first, first + span)
    runs, taken = [], set()
    for c1, c2, start, length, value in raw_runs:  # a dyad's runs do not overlap
        years = set(range(start, start + length + 1))
        if c1 != c2 and not any((c1, c2, y) in taken for y in years):
            taken |= {(c1, c2, y) for y in years}
            runs.append((c1, c2, start, start + length, value))
    assume(runs)
    spells = [(c1, c2, s, s + n, lane) for c1, c2, s, n, lane in raw_spells]
    expected = []
    for c1, c2, y0, y1, value in runs:
        for year in range(y0, y1 + 1):
            inside = coverage[0] <= year <= coverage[1]
            flags = [
                int(any(s[:2] == (c1, c2) and s[2] <= year <= s[3] and s[4] == lane
                        for s in spells)) if inside else None
                for lane in range(3)
            ]  # fmt: skip
            expected.append((c1, c2, year, value, *flags))
    con = duckdb.connect()
    table = con.sql(
        "SELECT * FROM (VALUES " + ",".join(map(str, runs)) + ") t(ccode1, ccode2, y0, y1, v)"
    )
    values = ",".join(map(str, spells)) or "(0, 0, 0, -1, 0)"
    con.sql(f"SELECT * FROM (VALUES {values}) s(c1, c2, y0, y1, lane)").create_view("sp")
    keys, lanes = ("ccode1", "ccode2"), ["a", "b", "c"]
    swept = merge_sql(keys, ["v"], lanes, coverage, "SELECT * FROM sp")
    joined = merge_pieces_sql(
        keys, ["v"], lanes, coverage, pieces_sql(coverage, "SELECT * FROM sp")
    )
    for sql in (swept, joined):
        got = sorted(
            (r[0], r[1], y, *r[4:]) for r in table.query("prev", sql).fetchall()
            for y in range(r[2], r[3] + 1)
        )  # fmt: skip
        assert got == sorted(expected)
