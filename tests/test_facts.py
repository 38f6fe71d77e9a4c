"""Answers corrected against the historical record, each pinned the day before and the day of.

Each expected value comes from the source the register cites (in the record named), not
from the code: NATO's accession dates from NATO's own pages, the Lisbon Treaty's entry
into force, the OAS's note on Nicaragua's denunciation, Interfax on the Russia–Ukraine
treaty's expiry, the 1839 Treaty of London's text.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.data


def _status(kb, state, day, treaty, types=("defense",)):
    """The statuses of the pledges toward ``state`` under ``treaty`` that day."""
    return {o.status.value for o in kb.defends(state, day, list(types)) if o.treaty == treaty}


def test_poland_bound_by_nato_from_its_accession_not_the_protocols_signature(kb):
    # Protocol signed 16 December 1997; instrument of accession deposited 12 March 1999.
    assert _status(kb, "Poland", "1997-12-15", "atop-3180") == set()
    assert _status(kb, "Poland", "1998-06-01", "atop-3180") == {"signed"}
    assert _status(kb, "Poland", "1999-03-11", "atop-3180") == {"signed"}
    assert _status(kb, "Poland", "1999-03-12", "atop-3180") == {"in_force"}


@pytest.mark.parametrize(
    ("state", "before", "day"),
    [
        ("Spain", "1982-05-29", "1982-05-30"),
        ("Estonia", "2004-03-28", "2004-03-29"),
        ("Albania", "2009-03-31", "2009-04-01"),
        ("Montenegro", "2017-06-04", "2017-06-05"),
        ("North Macedonia", "2020-03-26", "2020-03-27"),
    ],
)
def test_every_enlargement_binds_from_accession(kb, state, before, day):
    assert _status(kb, state, before, "atop-3180") == {"signed"}
    assert _status(kb, state, day, "atop-3180") == {"in_force"}


def test_nato_founders_bound_from_entry_into_force(kb):
    # Signed 4 April 1949, in force 24 August 1949.
    assert _status(kb, "France", "1949-08-23", "atop-3180") == {"signed"}
    assert _status(kb, "France", "1949-08-24", "atop-3180") == {"in_force"}


def test_eu_mutual_assistance_from_lisbon_not_its_signature(kb):
    # TEU Art. 42(7) came with the Lisbon Treaty's entry into force on 1 December 2009.
    assert _status(kb, "France", "2009-11-30", "atop-4175") == {"signed"}
    assert _status(kb, "France", "2009-12-01", "atop-4175") == {"in_force"}


def test_political_declarations_are_never_in_force(kb):
    rows = kb.defends("Finland", "2023-04-03", ["defense"])
    uk = [o for o in rows if o.treaty == "gbr-fin-2022"]
    assert uk and {o.status.value for o in uk} == {"political"}
    assert not [o for o in rows if o.status.value == "in_force" and o.treaty == "gbr-fin-2022"]
    assert _status(kb, "Qatar", "2025-12-01", "usa-qat-eo-2025") == {"political"}


def test_russia_ukraine_friendship_treaty_expired_in_2019(kb):
    kinds = ("nonaggression", "consultation")
    assert _status(kb, "Ukraine", "2019-03-31", "atop-4875", kinds) == {"in_force"}
    assert _status(kb, "Ukraine", "2019-04-01", "atop-4875", kinds) == set()


def test_nicaragua_left_the_oas_on_19_november_2023(kb):
    assert _status(kb, "Nicaragua", "2023-11-18", "atop-3150") == {"in_force"}
    assert _status(kb, "Nicaragua", "2023-11-19", "atop-3150") == set()


def test_us_korea_treaty_binds_from_its_entry_into_force(kb):
    assert _status(kb, "South Korea", "1954-11-16", "atop-3240") == {"signed"}
    assert _status(kb, "South Korea", "1954-11-17", "atop-3240") == {"in_force"}


def test_belgium_1914_guaranteed_by_the_treaty_of_london(kb):
    # ATOP has no guarantee treaties; the register records the 1839 guarantee apart.
    rows = kb.defends("Belgium", "1914-08-03")
    guarantors = {o.obligor for o in rows if o.treaty == "london-1839"}
    assert guarantors == {200, 220, 255, 300, 365}
    assert {o.type.value for o in rows if o.treaty == "london-1839"} == {"guarantee"}
    assert not kb.defends("Belgium", "1914-08-03", ["defense"])


def test_answers_carry_notes_where_atop_misleads(kb):
    armenia = kb.defends("Armenia", "2025-01-01", ["defense"])
    cis = [o for o in armenia if o.treaty == "atop-4400"]
    assert cis and any("Azerbaijan" in n for o in cis for n in o.notes)
    pakistan = [o for o in kb.defends("Pakistan", "1960-01-01") if o.treaty == "atop-3355"]
    assert pakistan and any("communist aggression" in n for o in pakistan for n in o.notes)
