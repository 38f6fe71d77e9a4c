"""Merging the register with ATOP: rules on hand-built cases whose answers were worked out here."""

from __future__ import annotations

from typing import Any

from foedus.build.merge import merge_register
from foedus.build.pledges import apply_suspensions, derive_partnerships, derive_pledges
from foedus.model import Membership, Source, Status, Treaty
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P
from foedus.register.schema import TreatyRecord

SRC = [{"title": "hand-built test source"}]
RATED: dict[str, Any] = {"sources": ["t"], "confidence": "high"}
ATOP = Source("ATOP", "5.1", 2)


def record(**fields: Any) -> TreatyRecord:
    base: dict[str, Any] = {
        "id": "test-pact",
        "names": {"official": "Test Pact"},
        "instrument": "treaty",
        "sources": {"t": {"title": "hand-built test source"}},
        "signed": {"date": fields.pop("signed_on", "2024-06-19"), **RATED},
    }
    return TreatyRecord.model_validate({**base, **fields})


def party(ccode: int, **fields: Any) -> dict[str, Any]:
    return {"ccode": ccode, "name": f"state {ccode}", **RATED, **fields}


def article(number: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "number": number,
        "obligations": [{"type": kind, **fields}],
        "text": "words",
        "text_kind": "paraphrase",
        **RATED,
    }


def alliance(*members: tuple[int, P, P | None], obligations=frozenset({T.DEFENSE})):
    treaty = Treaty("atop-9999", "", members[0][1], None, ATOP, atopid=9999)
    rows = [
        Membership("atop-9999", 0, c, entry, exit_, obligations, (), ATOP)
        for c, entry, exit_ in members
    ]
    return [treaty], rows


def link(relation: str = "continues", differences: list[dict[str, Any]] | None = None):
    return {
        "id": "atop-9999",
        "relation": relation,
        "note": "matched by hand",
        **RATED,
        "differences": differences or [],
    }


def pledges_on(result, day: str):
    pairs = derive_partnerships(result.memberships)
    pledges = apply_suspensions(derive_pledges(pairs, result.partner_rules), result.suspensions)
    d = P.parse(day).first_day()
    return {
        (p.obligor, p.beneficiary, p.type.value, p.status.value)
        for p in pledges
        if p.valid_from <= d and (p.valid_to is None or d <= p.valid_to)
    }


def test_a_new_treaty_is_signed_then_in_force():
    rec = record(
        parties=[party(365), party(731)],
        in_force={"date": "2024-12-04", **RATED},
        articles=[article("4", "defense"), article("3", "consultation")],
    )
    result = merge_register([], [], [rec])
    assert [t.id for t in result.treaties] == ["test-pact"]
    assert pledges_on(result, "2024-06-18") == set()
    assert pledges_on(result, "2024-07-01") == {
        (365, 731, "defense", "signed"),
        (731, 365, "defense", "signed"),
        (365, 731, "consultation", "signed"),
        (731, 365, "consultation", "signed"),
    }
    assert {s for *_, s in pledges_on(result, "2024-12-04")} == {"in_force"}
    assert {a for *_, a in pledges_on(result, "2024-12-03")} == {"signed"}


def test_a_treaty_never_in_force_stays_signed():
    rec = record(parties=[party(900), party(910)], articles=[article("1", "defense")])
    assert {s for *_, s in pledges_on(merge_register([], [], [rec]), "2030-01-01")} == {"signed"}


def test_asymmetric_article_obligations():
    rec = record(
        parties=[party(900), party(947)],
        in_force={"date": "2024-08-28", **RATED},
        articles=[article("4", "defense", obligors=[900], beneficiaries=[947])],
    )
    assert pledges_on(merge_register([], [], [rec]), "2025-01-01") == {
        (900, 947, "defense", "in_force")
    }


def test_a_new_member_takes_on_what_the_other_members_owe():
    treaties, rows = alliance((2, P(1949, 4, 4), None), (200, P(1949, 4, 4), None))
    rec = record(
        atop=link(),
        parties_listed="changes",
        signed_on="1949-04-04",
        parties=[party(375, signed="2022-07-05", joined="2023-04-04")],
    )
    result = merge_register(treaties, rows, [rec])
    assert result.conflicts == []
    assert (2, 375, "defense", "signed") in pledges_on(result, "2023-01-01")
    on = pledges_on(result, "2023-04-05")
    assert {(2, 375, "defense", "in_force"), (375, 200, "defense", "in_force")} <= on
    finland = [m for m in result.memberships if m.ccode == 375]
    assert [m.status for m in finland] == [Status.SIGNED, Status.IN_FORCE]
    assert finland[0].source.dataset == "foedus register"


def test_an_exit_after_2018_extends_atop_without_conflict():
    treaties, rows = alliance((436, P(1981, 5, 29), None), (475, P(1981, 5, 29), None))
    rec = record(atop=link(), parties_listed="changes", parties=[party(436, left="2025-01-29")])
    result = merge_register(treaties, rows, [rec])
    assert result.conflicts == []
    assert pledges_on(result, "2025-01-29") and not pledges_on(result, "2025-01-30")


def test_a_contradiction_is_reported_and_atop_stands():
    treaties, rows = alliance((70, P(1947, 9, 2), P(2004, 9, 6)), (2, P(1947, 9, 2), None))
    rec = record(atop=link(), parties_listed="changes", parties=[party(70, left="2002-09-06")])
    result = merge_register(treaties, rows, [rec])
    (conflict,) = result.conflicts
    assert (conflict.ccode, conflict.explained, conflict.follow) == (70, False, "atop")
    assert (
        conflict.atop_says == "exits 2004-09-06" and conflict.register_says == "leaves 2002-09-06"
    )
    assert pledges_on(result, "2003-01-01")  # ATOP's exit date kept


def test_an_explained_contradiction_follows_the_register():
    treaties, rows = alliance(
        (920, P(1951, 9, 1), P(1986, 9, 17)), (2, P(1951, 9, 1), None), (900, P(1951, 9, 1), None)
    )
    difference = {
        "about": "membership",
        "ccode": 920,
        "atop_says": "exits 1986",
        "register_says": "remains",
        "follow": "register",
        "note": "why",
    }
    rec = record(
        atop=link(differences=[difference]),
        signed_on="1951-09-01",
        parties_listed="changes",
        status_events=[
            {
                "kind": "suspended",
                "date": "1986-08-11",
                "parties": [2],
                "counterparties": [920],
                **RATED,
            }
        ],
    )
    result = merge_register(treaties, rows, [rec])
    (conflict,) = result.conflicts
    assert conflict.explained and conflict.follow == "register"
    on = pledges_on(result, "2000-01-01")
    assert {(2, 920, "defense", "suspended"), (920, 2, "defense", "suspended")} <= on
    assert {(900, 920, "defense", "in_force"), (920, 900, "defense", "in_force")} <= on
    assert (2, 900, "defense", "in_force") in on


def test_provisions_only_adds_articles_and_leaves_members():
    treaties, rows = alliance((710, P(1961, 7, 11), None), (731, P(1961, 7, 11), None))
    rec = record(
        atop=link("provisions-only"),
        parties_listed="changes",
        articles=[article("II", "defense", conditions=[{"kind": "without-delay"}])],
    )
    result = merge_register(treaties, rows, [rec])
    assert result.memberships == rows and result.conflicts == []
    (prov,) = result.provisions
    assert (prov.article, prov.type, prov.conditions) == (
        "Art. II",
        T.DEFENSE,
        ("immediately, without delay (Art. II)",),
    )
    assert result.treaties[0].name == "Test Pact"


def test_an_article_atop_does_not_code_is_a_conflict():
    treaties, rows = alliance((2, P(1960, 1, 19), None), (740, P(1960, 1, 19), None))
    rows[1] = Membership("atop-9999", 0, 740, P(1960, 1, 19), None, frozenset(), (), ATOP)
    rec = record(
        atop=link("provisions-only"), parties_listed="changes", articles=[article("V", "defense")]
    )
    (conflict,) = merge_register(treaties, rows, [rec]).conflicts
    assert (conflict.about, conflict.ccode, conflict.explained) == ("obligation", 740, False)


def test_a_whole_treaty_ending_after_2018_closes_every_membership():
    treaties, rows = alliance((365, P(2000, 2, 9), None), (731, P(2000, 2, 9), None))
    rec = record(
        atop=link(),
        parties_listed="changes",
        status_events=[{"kind": "terminated", "date": "2024-12-04", **RATED}],
    )
    result = merge_register(treaties, rows, [rec])
    assert {m.exit.iso() for m in result.memberships} == {"2024-12-04"}
    assert result.conflicts == []


def test_a_freeze_without_legal_effect_is_a_note_not_a_change():
    treaties, rows = alliance((365, P(1992, 5, 15), None), (371, P(1992, 5, 15), None))
    rec = record(
        atop=link(),
        parties_listed="changes",
        signed_on="1992-05-15",
        status_events=[
            {
                "kind": "frozen",
                "date": "2024-02-22",
                "parties": [371],
                "legal_effect": False,
                "note": "no funding",
                **RATED,
            }
        ],
    )
    result = merge_register(treaties, rows, [rec])
    assert result.memberships == rows
    assert result.notes[("atop-9999", 371)] == [
        "frozen 2024-02-22 (test-pact; no legal effect): no funding"
    ]
