"""The knowledge base on a small world built by hand: Europe's alliances in the summer of 1914.

Runs without the raw datasets. Dates follow ATOP 5.1's coding of the Triple
Alliance (1350, phase 4 from 2 August 1913; Italy out on 23 May 1915, when it
entered the war against Austria-Hungary) and of the Franco-Russian alliance
(1385, from 4 January 1894); the answers below were worked out by hand.
"""

import pytest

from foedus.analyses.lineage import history
from foedus.build import hand_built
from foedus.errors import NotFound, UnknownState
from foedus.model import Membership, Source
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

GERMANY, AUSTRIA, ITALY, FRANCE, RUSSIA = 255, 300, 325, 220, 365
NAMES = {255: "Germany", 300: "Austria-Hungary", 325: "Italy", 220: "France", 365: "Russia"}
SRC = Source("hand-built", "1914")


@pytest.fixture(scope="module")
def kb_1914():
    triple = [
        Membership(
            "ta",
            4,
            GERMANY,
            P(1913, 8, 2),
            P(1918, 11, 3),
            frozenset({T.DEFENSE, T.OFFENSE, T.NEUTRALITY, T.CONSULTATION}),
            source=SRC,
        ),
        Membership(
            "ta",
            4,
            AUSTRIA,
            P(1913, 8, 2),
            P(1918, 11, 3),
            frozenset({T.DEFENSE, T.NEUTRALITY}),
            source=SRC,
        ),
        Membership(
            "ta",
            4,
            ITALY,
            P(1913, 8, 2),
            P(1915, 5, 23),
            frozenset({T.DEFENSE, T.NEUTRALITY}),
            source=SRC,
        ),
    ]
    dual = [
        Membership("fr-ru", 0, c, P(1894, 1, 4), P(1917, 11, 7), frozenset({T.DEFENSE}), source=SRC)
        for c in (FRANCE, RUSSIA)
    ]
    return hand_built([*triple, *dual], states=NAMES)


def test_who_defends_germany_in_july_1914(kb_1914):
    rows = kb_1914.defends("Germany", on="1914-07-28", types=["defense"])
    assert sorted(o.obligor for o in rows) == [AUSTRIA, ITALY]


def test_italy_leaves_after_its_exit_day(kb_1914):
    assert ITALY in {o.obligor for o in kb_1914.defends(GERMANY, "1915-05-23")}
    assert ITALY not in {o.obligor for o in kb_1914.defends(GERMANY, "1915-05-24")}


def test_asymmetric_offense(kb_1914):
    owed = kb_1914.obligations("Germany", "1914-07-28", ["offense"])
    assert sorted(o.beneficiary for o in owed) == [AUSTRIA, ITALY]
    assert kb_1914.obligations("Italy", "1914-07-28", ["offense"]) == []


def test_treaty_show_and_history(kb_1914):
    view = kb_1914.treaty("ta")
    (phase,) = view.phases
    assert phase.phase == 4 and phase.ends == "1918-11-03"
    assert {m.name for m in phase.members} == {"Germany", "Austria-Hungary", "Italy"}
    (link,) = history(kb_1914, "France", "Russia")
    assert (link.treaty, link.a_owes_b, link.begins) == ("fr-ru", ["defense"], "1894-01-04")
    with pytest.raises(NotFound):
        kb_1914.treaty("entente")


def test_unknown_state_suggests_close_names(kb_1914):
    with pytest.raises(UnknownState, match="Germany"):
        kb_1914.defends("Germnay", "1914-07-28")
