"""Research tables from the real raw files, checked against the published files and counts.

Expected values come from elsewhere than the code under test: peacesciencer's
published row counts, ATOP's own directed dyad-year and state-year files,
COW's state, major-power and NMC files read here with pandas, COW's war and
MID participant files, and portfolios built here from ATOP's directed file.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foedus.datasets import add_atop_alliance, create_dyadyears, create_stateyears
from foedus.datasets.conflict import add_cow_mids, add_cow_wars
from foedus.datasets.covariates import add_contiguity, add_major_powers, add_nmc, filter_prd
from foedus.datasets.portfolio import kappa, s_score, scott_pi, tau_b
from foedus.datasets.similarity import LADDER, add_similarity

pytestmark = pytest.mark.data

FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
KEY = ["ccode1", "ccode2", "year"]


def _file(data_dir: Path, name: str) -> Path:
    found = sorted(data_dir.rglob(name))
    if not found:
        pytest.skip(f"{name} not found under {data_dir}")
    return found[0]


@pytest.fixture(scope="module")
def atop_ddy(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(_file(data_dir, "atop_alliance.csv"))


@pytest.fixture(scope="module")
def ddy_2018(kb) -> pd.DataFrame:
    """Directed COW dyad-years 1816-2018 (carried forward, as peacesciencer) with ATOP."""
    table = create_dyadyears(kb, years=(1816, 2018), carry_forward=2018)
    return table.pipe(add_atop_alliance).to_pandas()


# --- rows -------------------------------------------------------------------------------------


def test_dyad_year_rows_as_peacesciencer_counts_them(kb, ddy_2018):
    # peacesciencer: 1,912,290 directed COW dyad-years 1816-2016 without false dyads, and
    # 1,987,950 for 1816-2018 when the 2016 list is carried forward.
    assert len(create_dyadyears(kb)) == 1_912_290
    assert len(create_dyadyears(kb, directed=False)) == 1_912_290 // 2
    assert len(ddy_2018) == 1_987_950
    assert not ddy_2018.duplicated(KEY).any()
    keys = ddy_2018[KEY].to_numpy()
    assert (np.lexsort(keys.T[::-1]) == np.arange(len(keys))).all()  # in key order


def test_state_years_are_cow_system_file(kb, data_dir):
    ours = create_stateyears(kb).to_pandas()
    system = pd.read_csv(_file(data_dir, "system2016.csv"))
    assert set(zip(ours.ccode, ours.year, strict=True)) == set(
        zip(system.ccode, system.year, strict=True)
    )


def test_no_false_dyads(kb):
    rows = create_dyadyears(kb, years=(1975, 1975)).to_pandas()
    pairs = set(zip(rows.ccode1, rows.ccode2, strict=True))
    assert (115, 817) not in pairs and (817, 115) not in pairs  # Suriname, South Vietnam
    assert (2, 115) in pairs and (2, 817) in pairs


def test_gleditsch_ward_dyad_years(kb):
    table = create_dyadyears(kb, system="gw", years=(2017, 2017))
    frame = table.to_pandas()
    assert list(frame.columns) == ["gwcode1", "gwcode2", "year"]
    assert not frame.duplicated().any() and len(frame) > 0


# --- ATOP -------------------------------------------------------------------------------------


def test_atop_flags_match_atops_directed_file_on_every_row(ddy_2018, atop_ddy):
    reference = atop_ddy[atop_ddy.year >= 1816].assign(atop_alliance=1)
    both = ddy_2018.merge(reference, on=KEY, how="left", suffixes=("", "_atop"))
    mismatches = {
        flag: int((both[flag] != both[f"{flag}_atop"].fillna(0)).sum())
        for flag in ["atop_alliance", *FLAGS]
    }
    assert mismatches == dict.fromkeys(mismatches, 0)
    # Every row of ATOP's file whose two states were both COW members that year is here.
    assert int(both.atop_alliance.sum()) == len(reference.merge(ddy_2018[KEY], on=KEY))


def test_atop_rows_outside_the_cow_system_are_the_only_ones_left_out(ddy_2018, atop_ddy):
    # e.g. the USA and the Netherlands 1942-1944: the Netherlands was occupied, out of the
    # COW system, though ATOP keeps the alliance.
    reference = atop_ddy[atop_ddy.year >= 1816]
    left_out = reference.merge(ddy_2018[KEY], on=KEY, how="left", indicator=True)
    left_out = left_out[left_out._merge == "left_only"]
    assert len(left_out) == 5_768
    assert ((left_out.ccode1 == 2) & (left_out.ccode2 == 210) & (left_out.year == 1943)).any()


def test_undirected_flags_keep_both_sides_pledges(kb, atop_ddy):
    ours = create_dyadyears(kb, directed=False, years=(1816, 2016))
    ours = ours.pipe(add_atop_alliance).to_pandas()
    atop = atop_ddy.assign(
        lo=atop_ddy[["ccode1", "ccode2"]].min(axis=1), hi=atop_ddy[["ccode1", "ccode2"]].max(axis=1)
    )
    either = atop.groupby(["lo", "hi", "year"])[FLAGS].max().reset_index()
    either = either.rename(columns={"lo": "ccode1", "hi": "ccode2"})
    both = ours.merge(either, on=KEY, how="left", suffixes=("", "_atop"))
    for flag in FLAGS:
        assert (both[flag] == both[f"{flag}_atop"].fillna(0)).all(), flag
    row = both[(both.ccode1 == 211) & (both.ccode2 == 220) & (both.year == 1832)]
    assert row.atop_defense.tolist() == [1]  # France's pledge to Belgium


def test_past_2018_atop_is_missing(kb):
    frame = (
        create_dyadyears(kb, years=(2018, 2020), carry_forward=2020)
        .pipe(add_atop_alliance)
        .to_pandas()
    )
    assert frame[frame.year > 2018][FLAGS].isna().all().all()
    assert frame[frame.year == 2018][FLAGS].notna().all().all()


def test_state_year_flags_match_atops_state_year_file(kb, data_dir):
    ours = create_stateyears(kb).pipe(add_atop_alliance).to_pandas()
    atop = pd.read_csv(_file(data_dir, "atop5_1sy.csv")).rename(columns={"state": "ccode"})
    names = ("defense", "offense", "neutral", "nonagg", "consul", "number")
    atop = atop.rename(columns={f: f"atop_{f}" for f in names})
    both = ours.merge(atop, on=["ccode", "year"], how="left", suffixes=("", "_ref"))
    for flag in [*FLAGS, "atop_number"]:
        assert (both[flag] == both[f"{flag}_ref"].fillna(0)).all(), flag


def test_the_runs_and_the_rows_agree_on_real_data(kb):
    base = create_dyadyears(kb, years=(1900, 1960))
    by_runs = base.pipe(add_atop_alliance).pipe(add_major_powers).pipe(add_contiguity)
    by_rows = (
        base.pipe(add_nmc, keep=["cinc"])
        .pipe(add_atop_alliance)
        .pipe(add_major_powers)
        .pipe(add_contiguity)
    )
    a, b = by_runs.to_pandas(), by_rows.to_pandas().drop(columns=["cinc1", "cinc2"])
    assert a.equals(b)


# --- power and geography ---------------------------------------------------------------------


def test_major_powers_match_cows_file(kb, data_dir):
    majors = pd.read_csv(_file(data_dir, "majors2016.csv"))
    expected = {
        (c, y) for c, s, e in zip(majors.ccode, majors.styear, majors.endyear, strict=True)
        for y in range(s, e + 1)
    }  # fmt: skip
    ours = create_stateyears(kb).pipe(add_major_powers).to_pandas()
    assert set(zip(ours.ccode[ours.cowmaj == 1], ours.year[ours.cowmaj == 1], strict=True)) == (
        expected
    )
    dyads = create_dyadyears(kb, years=(1990, 1991)).pipe(add_major_powers).to_pandas()
    row = dyads[(dyads.ccode1 == 2) & (dyads.ccode2 == 740)].set_index("year")
    assert row.loc[1990, "cowmaj2"] == 0 and row.loc[1991, "cowmaj2"] == 1  # Japan from 1991


def test_nmc_values_are_cows(kb, data_dir):
    nmc = pd.read_csv(_file(data_dir, "NMC-60-abridged.csv"))
    ours = create_stateyears(kb).pipe(add_nmc).to_pandas()
    both = ours.merge(nmc, on=["ccode", "year"], suffixes=("", "_ref"))
    assert len(both) == len(ours) == 15_951
    assert np.allclose(both.cinc, both.cinc_ref)
    milex = both.milex_ref.where(both.milex_ref >= 0)  # -9 is missing
    assert ((both.milex == milex) | (both.milex.isna() & milex.isna())).all()


def _peacesciencer_contiguity(path: Path) -> pd.DataFrame:
    """peacesciencer's rule on its own spells: each month of each spell, then the first row
    per dyad and year (ties in the order of the file)."""
    spells = pd.read_csv(path, parse_dates=["stdate", "enddate"])
    rows = []
    for order, s in enumerate(spells.itertuples(index=False)):
        for month in pd.date_range(s.stdate, s.enddate, freq="MS"):
            rows.append((s.ccode1, s.ccode2, month.year, month, order, s.conttype))
    months = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "date", "order", "conttype"])
    months = months.sort_values(["ccode1", "ccode2", "date", "order"], kind="stable")
    return months.groupby(KEY, as_index=False).first()


def test_contiguity_follows_peacesciencers_first_month_rule(kb, data_dir):
    path = _file(data_dir, "cow_contdir.csv")
    reference = _peacesciencer_contiguity(path)
    ours = create_dyadyears(kb).pipe(add_contiguity).to_pandas()
    both = ours.merge(reference[[*KEY, "conttype"]], on=KEY, how="left", suffixes=("", "_ps"))
    both["conttype_ps"] = both.conttype_ps.fillna(0)
    differ = both[both.conttype != both.conttype_ps]
    # The only differences: a "no contiguity" spell of peacesciencer's copy that runs on
    # under a contiguity spell (Italy-Germany 1939-1945, Afghanistan-USSR 1920-1991) wins the
    # first month there, so peacesciencer codes those years 0; here the contiguity counts.
    spells = pd.read_csv(path, parse_dates=["stdate", "enddate"])
    zero, some = spells[spells.conttype == 0], spells[spells.conttype > 0]
    under = zero.merge(some, on=["ccode1", "ccode2"], suffixes=("_0", ""))
    under = under[(under.stdate >= under.stdate_0) & (under.stdate < under.enddate_0)]
    covered = set(zip(under.ccode1, under.ccode2, strict=True))
    assert set(zip(differ.ccode1, differ.ccode2, strict=True)) <= covered
    assert (differ.conttype_ps == 0).all() and (differ.conttype > 0).all()
    assert len(differ) == 1_288
    italy = both[(both.ccode1 == 325) & (both.ccode2 == 255)].set_index("year")
    assert italy.loc[1940, "conttype"] == 1 and italy.loc[1940, "conttype_ps"] == 0


def test_politically_relevant_dyads(kb):
    frame = create_dyadyears(kb, years=(2000, 2000)).pipe(filter_prd).to_pandas()
    assert ((frame.conttype > 0) | (frame.cowmaj1 == 1) | (frame.cowmaj2 == 1)).all()
    pairs = set(zip(frame.ccode1, frame.ccode2, strict=True))
    assert (2, 20) in pairs and (2, 365) in pairs and (41, 42) in pairs  # Haiti-Dominican Rep.
    assert (41, 900) not in pairs  # Haiti-Australia: neither contiguous nor a major power


# --- conflict ---------------------------------------------------------------------------------


def _days(y, m, d):  # COW codes unknown days as -9
    return pd.Timestamp(int(y), int(m), 1 if d < 0 else int(d))


def _last(y, m, d):
    start = pd.Timestamp(int(y), int(m), 1)
    return start + pd.offsets.MonthEnd(0) if d < 0 else pd.Timestamp(int(y), int(m), int(d))


def _fighting(spells: pd.DataFrame, group: str, side: str) -> set[tuple[int, int, int]]:
    """(ccode1, ccode2, year) of two states on opposite sides of one war/dispute who both
    took part in it on one day of that year, read from the participants here."""
    out = set()
    for _, members in spells.groupby(group):
        rows = list(members.itertuples(index=False))
        for a in rows:
            for b in rows:
                if getattr(a, side) == getattr(b, side) or a.ccode == b.ccode:
                    continue
                start, end = max(a.start, b.start), min(a.end, b.end)
                if start <= end:
                    out |= {(a.ccode, b.ccode, y) for y in range(start.year, end.year + 1)}
    return out


def test_wars_match_cows_participants(kb, data_dir):
    raw = pd.read_csv(_file(data_dir, "Inter-StateWarData_v4.0.csv"), encoding="latin-1")
    spells = []
    for r in raw.itertuples(index=False):
        spells.append((r.WarNum, r.ccode, r.Side, _days(r.StartYear1, r.StartMonth1, r.StartDay1),
                       _last(r.EndYear1, r.EndMonth1, r.EndDay1)))  # fmt: skip
        if r.StartYear2 > 0:
            spells.append((r.WarNum, r.ccode, r.Side,
                           _days(r.StartYear2, r.StartMonth2, r.StartDay2),
                           _last(r.EndYear2, r.EndMonth2, r.EndDay2)))  # fmt: skip
    frame = pd.DataFrame(spells, columns=["war", "ccode", "side", "start", "end"])
    expected = _fighting(frame, "war", "side")
    ours = create_dyadyears(kb).pipe(add_cow_wars).to_pandas()
    dyads = set(zip(ours.ccode1, ours.ccode2, ours.year, strict=True))
    fighting = ours[ours.cowinterongoing == 1]
    assert set(zip(fighting.ccode1, fighting.ccode2, fighting.year, strict=True)) == (
        expected & dyads
    )
    ww1 = ours[(ours.ccode1 == 255) & (ours.ccode2 == 365) & (ours.year == 1914)]
    assert ww1[["cowinteronset", "warnum", "initiator1"]].values.tolist() == [[1, 106, 0]]
    serbia = ours[(ours.ccode1 == 300) & (ours.ccode2 == 345) & (ours.year == 1914)]
    assert serbia[["cowinteronset", "initiator1", "initiator2"]].values.tolist() == [[1, 1, 0]]
    assert ours[ours.year > 2007].cowinteronset.isna().all()


def test_mids_match_cows_participants(kb, data_dir):
    raw = pd.read_csv(_file(data_dir, "MIDB 5.0.csv"))
    frame = pd.DataFrame(
        {
            "dispute": raw.dispnum,
            "ccode": raw.ccode,
            "side": raw.sidea,
            "start": [_days(y, m, d) for y, m, d in zip(raw.styear, raw.stmon, raw.stday,
                                                        strict=True)],
            "end": [_last(y, m, d) for y, m, d in zip(raw.endyear, raw.endmon, raw.endday,
                                                      strict=True)],
        }
    )  # fmt: skip
    expected = _fighting(frame, "dispute", "side")
    ours = create_dyadyears(kb).pipe(add_cow_mids).to_pandas()
    dyads = set(zip(ours.ccode1, ours.ccode2, ours.year, strict=True))
    ongoing = ours[ours.cowmidongoing == 1]
    assert set(zip(ongoing.ccode1, ongoing.ccode2, ongoing.year, strict=True)) == (expected & dyads)
    assert not ours.duplicated(KEY).any()
    assert ours[ours.year > 2014].cowmidongoing.isna().all()


# --- similarity -------------------------------------------------------------------------------


def _portfolios(atop: pd.DataFrame, states: list[int], year: int) -> dict[int, list[int]]:
    """Each state's row of tie values (the ladder, either direction), from ATOP's file."""
    value = {"atop_defense": 3, "atop_offense": 3, "atop_neutral": 2, "atop_nonagg": 2,
             "atop_consul": 1}  # fmt: skip
    rows = atop[atop.year == year]
    tie: dict[tuple[int, int], int] = {}
    for r in rows.itertuples(index=False):
        v = max([value[f] for f in value if getattr(r, f)] or [0])
        for a, b in ((r.ccode1, r.ccode2), (r.ccode2, r.ccode1)):
            tie[(a, b)] = max(tie.get((a, b), 0), v)
    return {i: [3 if i == k else tie.get((i, k), 0) for k in states] for i in states}


@pytest.mark.parametrize("year", [1914, 1962])
def test_similarity_matches_portfolios_built_from_atops_file(kb, atop_ddy, year):
    states = sorted(create_stateyears(kb, years=(year, year)).to_pandas().ccode)
    port = _portfolios(atop_ddy, states, year)
    table = create_dyadyears(kb, years=(year, year)).pipe(
        add_similarity, measures=["s_abs_un_glo", "s_sq_un_glo", "taub_glo", "kappa_glo",
                                  "pi_glo"],
        valuation=LADDER,
    )  # fmt: skip
    frame = table.to_pandas().set_index(["ccode1", "ccode2"])
    pairs = [(255, 365), (365, 255), (2, 200), (200, 220), (710, 2), (220, 211)]
    for a, b in pairs:
        if (a, b) not in frame.index:
            continue
        x, y = port[a], port[b]
        row = frame.loc[(a, b)]
        assert math.isclose(row.atop_s_abs_un_glo, s_score(x, y, max_distance=3))
        assert math.isclose(row.atop_s_sq_un_glo, s_score(x, y, max_distance=3, squared=True))
        assert math.isclose(row.atop_taub_glo, tau_b(x, y))
        assert math.isclose(row.atop_kappa_glo, kappa(x, y))
        assert math.isclose(row.atop_pi_glo, scott_pi(x, y))


def test_similarity_limits(kb):
    frame = create_dyadyears(kb, years=(1950, 1951)).pipe(add_similarity).to_pandas()
    for column in ("atop_s_abs_un_glo", "atop_s_sq_un_glo", "atop_taub_glo", "atop_kappa_glo",
                   "atop_pi_glo"):  # fmt: skip
        assert frame[column].between(-1, 1).all(), column
    # Scott's pi never exceeds Cohen's kappa (the pooled chance agreement is the larger).
    assert (frame.atop_pi_glo <= frame.atop_kappa_glo + 1e-12).all()
    # Weighted S is missing only where NMC is (not in 1950-1951).
    assert frame.atop_s_abs_wt_glo.notna().all()
    # Symmetric measures: (a, b) equals (b, a).
    swapped = frame.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = frame.merge(swapped, on=KEY, suffixes=("", "_ba"))
    assert np.allclose(both.atop_s_abs_un_glo, both.atop_s_abs_un_glo_ba)
