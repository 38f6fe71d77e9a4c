"""The register merged into the real knowledge base: the examples issue 3 asks for."""

import datetime as dt

import pytest

from foedus.analyses.lineage import history
from foedus.build import check_register

pytestmark = pytest.mark.data


def _defense(kb, state, day):
    return {(o.obligor, o.treaty, o.status.value): o for o in kb.defends(state, day, ["defense"])}


def test_north_korea_on_1_january_2025(kb):
    rows = _defense(kb, "North Korea", "2025-01-01")
    russia = rows[(365, "rus-prk-2024", "in_force")]
    assert russia.valid_from == dt.date(2024, 12, 4)
    assert [p.article for p in russia.provisions] == ["Art. 4"]
    assert russia.source.dataset == "foedus register"
    china = rows[(710, "atop-3445", "in_force")]
    assert china.source.dataset == "ATOP" and [p.article for p in china.provisions] == [
        "Art. II"
    ]


def test_russia_signed_but_not_in_force_on_1_july_2024(kb):
    rows = _defense(kb, "North Korea", "2024-07-01")
    assert (365, "rus-prk-2024", "signed") in rows
    assert not any(k[0] == 365 and k[2] == "in_force" for k in rows)
    assert (710, "atop-3445", "in_force") in rows
    payload = rows[(365, "rus-prk-2024", "signed")].to_dict()
    assert payload["status"] == "signed" and payload["valid_to"] == "2024-12-03"


def _nato_members(kb, day):
    """Members bound by NATO on ``day``, read from the treaty's phases."""
    iso = str(day)  # a date or YYYY-MM-DD text; NATO's member dates are all full days
    return {
        m.ccode
        for phase in kb.treaty(3180).phases
        for m in phase.members
        if m.status == "in_force" and m.entry <= iso and (m.exit is None or m.exit >= iso)
    }


def test_every_nato_member_defends_finland_from_its_accession(kb):
    day = dt.date(2023, 4, 5)
    rows = [o for o in kb.defends("Finland", day, ["defense"]) if o.treaty == "atop-3180"]
    members = _nato_members(kb, day)
    assert len(members) == 31 and 380 not in members  # Sweden joins on 2024-03-07
    assert {o.obligor for o in rows if o.status.value == "in_force"} == members - {375}
    # Sweden had signed its accession protocol: a pledge set apart, not yet in force.
    assert {o.status.value for o in rows if o.obligor == 380} == {"signed"}
    assert not [
        o
        for o in kb.defends("Finland", "2023-04-03", ["defense"])
        if o.treaty == "atop-3180" and o.status.value == "in_force"
    ]


def test_sweden_from_its_own_accession_date(kb):
    def bound(day):
        return {
            o.status.value
            for o in kb.defends("Sweden", day, ["defense"])
            if o.treaty == "atop-3180"
        }

    assert bound("2024-03-06") == {"signed"}
    assert bound("2024-03-07") == {"in_force"}


def test_anzus_us_new_zealand_suspended_australia_still_bound(kb):
    pledges = kb.defends("New Zealand", "2000-01-01", ["defense"])
    rows = {(o.obligor, o.status.value) for o in pledges if o.treaty == "atop-3215"}
    assert rows == {(2, "suspended"), (900, "in_force")}


def test_sahel_states_leave_the_ecowas_defence_protocol(kb):
    def ecowas(day):
        return [o for o in kb.defends("Niger", day, ["defense"]) if o.treaty == "atop-3895"]

    assert ecowas("2025-01-29") and not ecowas("2025-01-30")


def test_armenia_freeze_is_noted_not_applied(kb):
    rows = [o for o in kb.defends("Armenia", "2025-01-01", ["defense"]) if o.treaty == "atop-4220"]
    assert rows and all(any("frozen" in n for n in o.notes) for o in rows)


def test_lineage_russia_north_korea(kb):
    chain = [link for link in history(kb, "Russia", "North Korea") if link.bilateral]
    assert [link.treaty for link in chain] == ["atop-3440", "atop-4940", "rus-prk-2024"]
    first, second, third = chain
    assert first.a_name == "Soviet Union" and "defense" in first.a_owes_b
    assert first.ending.startswith("lapsed 1996-09-10")
    assert second.dropped == ["defense", "nonaggression"] and second.a_owes_b == ["consultation"]
    assert third.added == ["defense"] and third.in_force == "2024-12-04"
    assert "Art. 4" in [a.article for a in third.articles]


def test_register_check_has_no_unexplained_conflict(kb):
    conflicts = check_register(kb.store)
    assert conflicts and all(c.explained for c in conflicts)


def test_register_record_ids_name_treaties(kb):
    view = kb.treaty("north-atlantic-treaty")
    assert view.id == "atop-3180" and view.name.endswith("North Atlantic Treaty")
    assert {"Art. 4", "Art. 5", "Art. 6"} <= {p.article for p in view.provisions}
    finland = [m for p in view.phases for m in p.members if m.ccode == 375]
    assert [m.status for m in finland] == ["signed", "in_force"]
