"""The ``ingest`` command (mounted by the lead as ``foedus ingest``)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from foedus.cli.news import app, ingest_command

runner = CliRunner()


def test_json(seed_path: Path) -> None:
    out = runner.invoke(app, ["ingest", str(seed_path), "--published", "2024-06-19", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    (event,) = data["events"]
    assert (event["kind"], event["date"], event["place"]) == ("signed", "2024-06-19", "Pyongyang")
    assert [p["cow"] for p in event["parties"]] == [365, 731]
    assert len(data["dropped"]) == 7


def test_summary(seed_path: Path) -> None:
    out = runner.invoke(app, ["ingest", str(seed_path), "--published", "2024-06-19"])
    assert out.exit_code == 0
    assert "SIGNED  2024-06-19  in Pyongyang" in out.stdout
    assert "parties: Russia (365), North Korea (731)" in out.stdout
    assert "dropped 7 junk lines" in out.stdout and "evidence:" in out.stdout


def test_errors_exit_1_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = runner.invoke(app, ["ingest", str(empty)])
    assert out.exit_code == 1 and "empty" in out.output
    out = runner.invoke(app, ["ingest", "Finland joined NATO.", "--published", "yesterday"])
    assert out.exit_code == 1 and "YYYY" in out.output


def test_help_has_an_example() -> None:
    assert ingest_command.__doc__ is not None and "Example: foedus ingest" in ingest_command.__doc__
    out = runner.invoke(app, ["ingest", "--help"])
    assert out.exit_code == 0 and "--published" in out.output
