"""The impact of a treaty on who is drawn into which wars: the 2024 Russia–North Korea treaty.

Needs the raw datasets (FOEDUS_DATA); skips with a how-to when they are absent.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from foedus.analyses.honour import HonourTable
from foedus.analyses.impact import impact
from foedus.cli import app
from foedus.errors import NotFound

USA, RUSSIA, CHINA, PRK, ROK, JAPAN = 2, 365, 710, 731, 732, 740


@pytest.fixture(scope="module")
def rus_prk(kb):
    kb.load_index()
    return impact(
        kb,
        "rus-prk-2024",
        draws=2000,
        seed=1,
        honour=HonourTable.published(),
        others=[USA, ROK, JAPAN],
    )


def test_days_and_parties(rus_prk):
    # In force on 4 December 2024 (exchange of ratifications, Art. 22).
    assert (rus_prk.before.isoformat(), rus_prk.after.isoformat()) == ("2024-12-03", "2024-12-04")
    assert rus_prk.parties == (RUSSIA, PRK)
    # Each party attacks, and is attacked by, the 3 others and the other party.
    assert rus_prk.scenarios == 2 * 2 * 3 + 2


def test_russia_exposed_on_the_korean_peninsula_by_art_4(rus_prk):
    """South Korea attacks North Korea: before, Russia owed North Korea consultation only
    (the 2000 treaty); after, Art. 4's defence pledge calls it in."""
    change = next(
        c for c in rus_prk.changes if c.state == RUSSIA and c.attacker == ROK and c.target == PRK
    )
    assert change.side == "target"
    assert change.p_before == 0.0 and change.p_after > 0.05
    assert (change.exposed_before, change.exposed_after) == (False, True)
    assert "Art. 4" in {p["article"] for p in change.provisions}
    assert all(c.p_after >= c.p_before for c in rus_prk.changes if c.state == RUSSIA)


def test_wording_1961_and_2024(rus_prk):
    by_treaty = {w["treaty"]: w for w in rus_prk.wording}
    art1 = next(a for a in by_treaty["atop-3440"]["articles"] if a["article"] == "Art. 1")
    art4 = next(a for a in by_treaty["rus-prk-2024"]["articles"] if a["article"] == "Art. 4")
    assert "armed attack" in art1["text"] and "armed attack" in art4["text"]
    assert "defense" in by_treaty["rus-prk-2024"]["added"]


def test_impact_json_contract(kb_file):
    out = CliRunner().invoke(
        app,
        [
            "--db",
            str(kb_file),
            "impact",
            "rus-prk-2024",
            "--json",
            "--draws",
            "200",
            "--honour",
            "published",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["treaty"] == "rus-prk-2024"
    assert (data["before"], data["after"]) == ("2024-12-03", "2024-12-04")
    assert data["scenarios"] > 300
    row = next(
        c
        for c in data["changes"]
        if c["state"] == RUSSIA and c["attacker"] == ROK and c["target"] == PRK
    )
    assert set(row) >= {"state", "attacker", "target", "p_before", "p_after", "provisions"}
    assert row["p_after"] > row["p_before"]


def test_unknown_treaty(kb):
    with pytest.raises(NotFound):
        impact(kb, "no-such-treaty")
