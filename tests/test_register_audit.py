"""The audit of the 372 alliances ATOP leaves in effect at the end of 2018 is complete."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from foedus.cli import main
from foedus.register import load_register
from foedus.register.audit import AuditEntry, Outcome, load_audit


@pytest.fixture(scope="module")
def audit() -> dict[int, AuditEntry]:
    return {e.atopid: e for e in load_audit()}


@pytest.mark.data
def test_every_alliance_atop_leaves_in_effect_has_an_entry(data_dir: Path, audit) -> None:
    path = next(data_dir.rglob("atop5_1a.csv"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        open_ones = {int(r["atopid"]) for r in csv.DictReader(handle) if r["ineffect"] == "1"}
    assert len(open_ones) == 372
    assert sorted(open_ones - set(audit)) == []
    assert sorted(set(audit) - open_ones) == []  # no entry for an alliance ATOP ended


def test_ended_and_changed_entries_name_a_record_linking_the_same_alliance(audit) -> None:
    records = {r.id: r for r in load_register()}
    for entry in audit.values():
        if entry.outcome in (Outcome.ENDED, Outcome.CHANGED):
            record = records[entry.record]
            assert record.atop is not None and record.atop.id == f"atop-{entry.atopid}", entry


def test_unknowns_say_what_was_searched_and_in_force_names_a_source(audit) -> None:
    for entry in audit.values():
        if entry.outcome is Outcome.UNKNOWN:
            assert entry.searched
        if entry.outcome is Outcome.IN_FORCE:
            assert entry.latest and entry.latest.sources


def test_no_fact_rests_on_memory() -> None:
    folder = Path(__file__).resolve().parents[1] / "data" / "register"
    for path in [*folder.glob("*.yaml"), *folder.glob("audit/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert "sources: [memory" not in text and "- memory\n" not in text, path.name
        assert "\n  memory:" not in text, path.name


def test_audit_command_counts_outcomes(capsys, audit) -> None:
    try:
        main(["register", "audit", "--json"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    payload = json.loads(capsys.readouterr().out)
    assert payload["alliances"] == len(audit) == sum(payload["counts"].values())
    unknown = sum(e.outcome is Outcome.UNKNOWN for e in audit.values())
    assert payload["counts"]["unknown"] == len(payload["unknown"]) == unknown
