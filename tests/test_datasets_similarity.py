"""Portfolio similarity: worked examples, limiting cases, the measures against each other.

The one-pair functions are written straight from the formulas (domain.md §4);
the all-pairs matrices used for the tables must agree with them on any
portfolios (a fuzz test), and each measure must reach its limits where it
should.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.build import hand_built
from foedus.datasets import create_dyadyears
from foedus.datasets.portfolio import all_pairs, kappa, s_score, scott_pi, tau_b
from foedus.datasets.similarity import BINARY, Measure, Valuation, add_similarity, region_of
from foedus.errors import InputError, StoreError
from foedus.model import Membership
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

portfolios = st.integers(2, 9).flatmap(
    lambda n: st.lists(
        st.lists(st.sampled_from([0, 0, 0, 1, 2, 3]), min_size=n, max_size=n),
        min_size=2,
        max_size=6,
    )
)


@settings(max_examples=150, deadline=None)
@given(portfolios, st.randoms(use_true_random=False))
def test_the_matrices_agree_with_the_one_pair_formulas(rows, rng):
    ties = np.array(rows, dtype=float)
    weights = [rng.random() + 0.01 for _ in rows[0]]
    one_pair = {
        "s_abs": lambda x, y: s_score(x, y, max_distance=3),
        "s_sq": lambda x, y: s_score(x, y, max_distance=3, squared=True),
        "taub": tau_b,
        "kappa": kappa,
        "pi": scott_pi,
    }
    for name, formula in one_pair.items():
        matrix = all_pairs(ties, name, levels=[0, 3])
        for i, x in enumerate(rows):
            for j, y in enumerate(rows):
                want = formula(x, y)
                got = matrix[i, j]
                assert (math.isnan(want) and math.isnan(got)) or math.isclose(
                    want, got, abs_tol=1e-9
                ), (name, x, y)
    weighted = all_pairs(ties, "s_abs", weights=np.array(weights), levels=[0, 3])
    for i, x in enumerate(rows):
        for j, y in enumerate(rows):
            want = s_score(x, y, weights=weights, max_distance=3)
            assert math.isclose(weighted[i, j], want, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(portfolios)
def test_limits_and_relations(rows):
    ties = np.array(rows, dtype=float)
    s_abs = all_pairs(ties, "s_abs", levels=[0, 3])
    s_sq = all_pairs(ties, "s_sq", levels=[0, 3])
    k, p, tau = (all_pairs(ties, m, levels=[0, 3]) for m in ("kappa", "pi", "taub"))
    assert np.allclose(np.diag(s_abs), 1) and np.allclose(np.diag(s_sq), 1)
    for m in (s_abs, s_sq, k, p):
        assert (m >= -1 - 1e-9).all() and (m <= 1 + 1e-9).all()
        assert np.allclose(m, m.T)
    # Scott's pi pools the two marginals: its chance agreement is never below kappa's.
    assert (p <= k + 1e-9).all()
    defined = ~np.isnan(tau)
    assert np.allclose(tau[defined], tau.T[defined])
    # Equal weights are no weights.
    equal = all_pairs(ties, "s_abs", weights=np.full(ties.shape[1], 0.5), levels=[0, 3])
    assert np.allclose(equal, s_abs)


@settings(max_examples=100, deadline=None)
@given(portfolios)
def test_on_binary_portfolios_absolute_and_squared_s_coincide(rows):
    ties = (np.array(rows) > 0).astype(float)
    assert np.allclose(
        all_pairs(ties, "s_abs", levels=[0, 1]), all_pairs(ties, "s_sq", levels=[0, 1])
    )


def test_textbook_kappa_and_pi_on_binary_portfolios():
    x, y = [1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 0, 1, 0, 0, 0, 0]
    # Agreement 6/8; marginals 3/8 and 3/8, so chance 3/8·3/8 + 5/8·5/8 = 34/64 for both.
    expected = (6 / 8 - 34 / 64) / (1 - 34 / 64)
    assert math.isclose(kappa(x, y), expected) and math.isclose(scott_pi(x, y), expected)


def test_perfect_disagreement_and_constant_portfolios():
    assert s_score([3, 0], [0, 3], max_distance=3) == -1.0
    assert tau_b([3, 0, 1], [0, 3, 2]) == -1.0
    assert math.isnan(tau_b([0, 0, 0], [3, 0, 1]))  # undefined: a portfolio without ranks
    assert kappa([0, 0], [0, 0]) == 0.0  # Häge: 0 when there is no variation to correct


def test_measure_names():
    assert Measure.parse("s_sq_wt_re2") == Measure("s_sq", True, "re2")
    assert Measure.parse("taub_glo").name == "taub_glo"
    with pytest.raises(InputError, match="no similarity measure 'taub_wt_glo'"):
        Measure.parse("taub_wt_glo")
    assert (region_of(2), region_of(200), region_of(651), region_of(900)) == (1, 2, 4, 5)


# --- the verb on a hand-built year ------------------------------------------------------------


@pytest.fixture
def kb_1900():
    """Four states in 1900: the USA (2) and Canada (20) in a defense pact, the UK (200)
    promising Canada neutrality only (one way), France (220) allied to no one."""
    rows = [
        Membership("atop-1", 0, 2, P(1900, 1, 1), None, frozenset({T.DEFENSE})),
        Membership("atop-1", 0, 20, P(1900, 1, 1), None, frozenset({T.DEFENSE})),
        Membership("atop-2", 0, 200, P(1900, 1, 1), None, frozenset({T.NEUTRALITY})),
        Membership("atop-2", 0, 20, P(1900, 1, 1), None, frozenset()),
    ]
    return hand_built(rows, states={2: "USA", 20: "Canada", 200: "UK", 220: "France"})


def test_s_of_a_hand_worked_year(kb_1900):
    # Portfolios over (USA, Canada, UK, France), ladder values, either direction:
    #   USA    (3, 3, 0, 0)   Canada (3, 3, 2, 0)   UK (0, 2, 3, 0)   France (0, 0, 0, 3)
    # USA-Canada: distances 0, 0, 2, 0 -> d = 2/3 of d_max 4 -> S = 1 - 2(2/3)/4 = 2/3.
    # USA-France: 3, 3, 0, 3 -> d = 3 -> S = 1 - 6/4 = -1/2.
    table = create_dyadyears(kb_1900, years=(1900, 1900)).pipe(
        add_similarity, measures=["s_abs_un_glo", "taub_glo"]
    )
    frame = table.to_pandas().set_index(["ccode1", "ccode2"])
    assert math.isclose(frame.loc[(2, 20), "atop_s_abs_un_glo"], 2 / 3)
    assert math.isclose(frame.loc[(2, 220), "atop_s_abs_un_glo"], -1 / 2)
    assert math.isclose(frame.loc[(2, 20), "atop_taub_glo"], tau_b([3, 3, 0, 0], [3, 3, 2, 0]))
    assert "signorino1999tau" in table.cite()


def test_direction_and_valuation(kb_1900):
    # Only what a state owes: the UK owes Canada neutrality, Canada owes the UK nothing.
    owed = create_dyadyears(kb_1900, years=(1900, 1900)).pipe(
        add_similarity, measures=["s_abs_un_glo"], direction="owed", valuation=BINARY
    )
    frame = owed.to_pandas().set_index(["ccode1", "ccode2"])
    # Binary, owed: USA (1,1,0,0), Canada (1,1,0,0), UK (0,1,1,0): USA and Canada identical.
    assert frame.loc[(2, 20), "atop_s_abs_un_glo"] == 1.0
    custom = create_dyadyears(kb_1900, years=(1900, 1900)).pipe(
        add_similarity, measures=["s_abs_un_glo"], valuation={"defense": 1}, prefix="d_"
    )
    assert "d_s_abs_un_glo" in custom.columns
    assert Valuation("x", {"defense": 2}).levels() == [0, 2]


def test_regional_scope(kb_1900):
    # re1: the states of ccode1's region only. USA and Canada are the Americas: portfolios
    # over (USA, Canada) are (3, 3) and (3, 3): S = 1.
    frame = (
        create_dyadyears(kb_1900, years=(1900, 1900))
        .pipe(add_similarity, measures=["s_abs_un_re1", "s_abs_un_re2"])
        .to_pandas()
        .set_index(["ccode1", "ccode2"])
    )
    assert frame.loc[(2, 20), "atop_s_abs_un_re1"] == 1.0
    # UK-Canada, UK's region (Europe: UK, France): UK (3, 0), Canada (2, 0): S = 1 - 2/3/2.
    assert math.isclose(frame.loc[(200, 20), "atop_s_abs_un_re1"], 1 - (1 / 3) * 2 / 2)
    assert math.isclose(
        frame.loc[(200, 20), "atop_s_abs_un_re2"], frame.loc[(20, 200), "atop_s_abs_un_re1"]
    )


def test_weighted_s_is_missing_without_capabilities(kb_1900):
    frame = (
        create_dyadyears(kb_1900, years=(1900, 1900))
        .pipe(add_similarity, measures=["s_abs_wt_glo"])
        .to_pandas()
    )
    assert frame.atop_s_abs_wt_glo.isna().all()


def test_cow_ties_need_the_users_own_file(kb_1900):
    with pytest.raises(StoreError, match="never ships it"):
        create_dyadyears(kb_1900, years=(1900, 1900)).pipe(add_similarity, ties="cow")
    with pytest.raises(InputError, match="no tie source"):
        create_dyadyears(kb_1900, years=(1900, 1900)).pipe(add_similarity, ties="un")
