"""The command line: thin, scriptable (--json), with clean errors and help that shows an example."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml

from foedus.cli import _MOUNTS, app, main

REGISTER = Path(__file__).resolve().parents[1] / "data" / "register"


def _standalone_records() -> int:
    """Register files that are treaties of their own: no ``atop`` link, or one that is only
    ``related`` (read from the YAML files, not through foedus.register)."""
    count = 0
    for path in REGISTER.glob("*.yaml"):
        atop = yaml.safe_load(path.read_text(encoding="utf-8")).get("atop")
        count += atop is None or atop.get("relation") == "related"
    return count


def _atop(data_dir: Path, name: str) -> list[dict[str, str]]:
    (path,) = data_dir.rglob(name)
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def table_rows(out: str) -> list[list[str]]:
    """The body rows of the rich tables in ``out``, each cell's wrapped lines joined by spaces."""
    rows: list[list[str]] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_has_help_with_an_example():
    root = typer.main.get_command(app)
    commands = dict(_commands(root))
    assert {
        ("defends",),
        ("obligations",),
        ("treaty", "show"),
        ("data", "import"),
        ("data", "fetch"),
    } <= set(commands)
    for path, command in commands.items():
        assert "Example: foedus" in (command.help or ""), f"{' '.join(path)} has no example"


@pytest.mark.parametrize("name", sorted(_MOUNTS))
def test_a_command_parsed_alone_has_the_same_help_as_in_the_whole_app(capsys, name):
    # main() builds only the command asked for; its help must not differ from the whole app's.
    root = typer.main.get_command(app)
    paths = [p for p in dict(_commands(root)) if p[0] == name]
    for path in paths:
        code, alone, _ = run(capsys, *path, "--help")
        try:
            app(args=[*path, "--help"], prog_name="foedus")
        except SystemExit as exc:
            assert exc.code == 0
        whole, _ = capsys.readouterr()
        assert code == 0 and alone == whole and "Usage: foedus " + " ".join(path) in alone


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("foedus ")


def test_python_dash_m_runs_the_same_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "foedus", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("foedus "), done.stderr


def test_missing_database_says_how_to_build_it(capsys, tmp_path):
    code, _, err = run(
        capsys, "--db", str(tmp_path / "none.duckdb"), "defends", "USA", "--on", "2000-01-01"
    )
    assert code == 1 and "foedus data import" in err


def test_bad_folder_for_import(capsys, tmp_path):
    code, _, err = run(
        capsys, "--db", str(tmp_path / "kb.duckdb"), "data", "import", str(tmp_path / "nowhere")
    )
    assert code == 1 and "not a folder" in err


def test_sources_json(capsys):
    code, out, _ = run(capsys, "data", "sources", "--json")
    rows = json.loads(out)
    assert code == 0 and {r["file"] for r in rows} >= {"atop5_1m.csv", "states2016.csv"}


@pytest.mark.data
def test_import_then_ask(capsys, tmp_path, data_dir, monkeypatch):
    db = tmp_path / "kb.duckdb"
    monkeypatch.setenv("FOEDUS_DB", str(db))
    code, out, _ = run(capsys, "data", "import", str(data_dir), "--json")
    report = json.loads(out)
    # ATOP's alliance file lists each alliance once; the register adds its own treaties.
    atop_alliances = {r["atopid"] for r in _atop(data_dir, "atop5_1a.csv")}
    assert len(atop_alliances) == 789
    assert code == 0 and not report["unchanged"]
    assert report["counts"]["treaties"] == len(atop_alliances) + _standalone_records()
    code, out, _ = run(capsys, "data", "import", str(data_dir))
    assert code == 0 and "Already up to date" in out

    code, out, _ = run(
        capsys, "defends", "South Korea", "--on", "2010-06-01", "--type", "defense", "--json"
    )
    rows = json.loads(out)
    assert code == 0 and [(r["obligor"], r["obligor_name"]) for r in rows] == [
        (2, "United States of America")
    ]
    assert rows[0]["source"] == {
        "dataset": "ATOP",
        "version": "5.1",
        "row": 937,
        "note": "changed by foedus register usa-rok-1953.yaml (joined)",
    }
    atop_coded, *from_register = rows[0]["conditions"]
    assert atop_coded == "only for conflict in a particular location"  # ATOP's defcoloc
    assert any("Pacific" in c and c.endswith("(Art. III)") for c in from_register)
    assert rows[0]["provisions"][0]["article"] == "Art. III"
    assert rows[0]["provisions"][0]["record"] == "usa-rok-1953"
    assert rows[0]["provisions"][0]["sources"][0]["title"]

    # By hand from atop5_1m.csv: the one Soviet neutrality pledge in effect on 1 January 1962
    # is ATOP 2170 (31 August 1926 to 24 December 1979), whose other member is Afghanistan.
    members = _atop(data_dir, "atop5_1m.csv")
    day = dt.date(1962, 1, 1)

    def spell(r: dict[str, str]) -> tuple[dt.date, dt.date]:
        # An unknown month or day widens the spell; exit year 0 means still in effect.
        def part(key: str) -> int:
            return max(int(r[key] or 0), 0)

        entry = dt.date(part("yrent"), part("moent") or 1, part("dayent") or 1)
        if not part("yrexit"):
            return entry, dt.date.max
        month = part("moexit") or 12
        day = part("dayexit") or calendar.monthrange(part("yrexit"), month)[1]
        return entry, dt.date(part("yrexit"), month, day)

    (line, soviet), *others = [
        (n + 2, r)  # the header is line 1
        for n, r in enumerate(members)
        if r["member"] == "365" and r["neutral"] == "1" and spell(r)[0] <= day <= spell(r)[1]
    ]
    assert not others and soviet["atopid"] == "2170"
    (partner,) = [r["member"] for r in members if r["atopid"] == "2170" and r["member"] != "365"]
    assert partner == "700"
    code, out, _ = run(capsys, "obligations", "USSR", "--on", "1962-01-01", "-t", "neutrality")
    assert code == 0 and "Obligations of Soviet Union on 1962-01-01" in out
    ((owed_to, kind, treaty, conditions),) = table_rows(out)
    begins, ends = spell(soviet)
    assert (owed_to, kind, conditions) == ("Afghanistan (700)", "neutrality", "unconditional")
    assert f"atop-2170 · ATOP 5.1, row {line}" in treaty and f"{begins} – {ends}" in treaty

    code, out, _ = run(capsys, "treaty", "show", "3240", "--json")
    assert code == 0 and json.loads(out)["id"] == "atop-3240"

    code, out, _ = run(capsys, "state", "DPRK", "--on", "1962-01-01", "--json")
    assert code == 0 and json.loads(out)["ccode"] == 731


@pytest.mark.data
def test_errors_are_clean(capsys, kb_file):
    db = ("--db", str(kb_file))
    code, _, err = run(capsys, *db, "defends", "Nroth Korea", "--on", "2010-01-01")
    assert code == 1 and "Did you mean: North Korea (731)" in err and "Traceback" not in err
    code, _, err = run(capsys, *db, "defends", "Japan", "--on", "2010-13-01")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _, err = run(capsys, *db, "defends", "Japan", "--on", "2010-01-01", "--type", "war")
    assert code == 1 and "unknown obligation type" in err
    code, _, err = run(capsys, *db, "treaty", "show", "atop-1")
    assert code == 1 and "no treaty" in err


@pytest.mark.data
def test_register_and_history_commands(capsys, kb_file):
    db = ("--db", str(kb_file))
    code, out, _ = run(capsys, *db, "register", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["unexplained"] == 0 and report["conflicts"]
    code, out, _ = run(capsys, "register", "list", "--json")
    assert code == 0 and "rus-prk-2024" in {r["id"] for r in json.loads(out)}
    code, out, _ = run(capsys, *db, "treaty", "history", "USSR", "DPRK", "--json")
    chain = [link["treaty"] for link in json.loads(out) if link["bilateral"]]
    assert code == 0 and chain == ["atop-3440", "atop-4940", "rus-prk-2024"]
    code, out, _ = run(capsys, *db, "treaty", "history", "Russia", "North Korea")
    assert code == 0 and "adds defense" in out and "Soviet Union owes North Korea" in out
    code, out, _ = run(capsys, *db, "defends", "North Korea", "--on", "2024-07-01", "-t", "defense")
    assert code == 0 and "signed, not yet in force" in out


def test_register_check_reports_a_broken_record(capsys, tmp_path, kb_file):
    (tmp_path / "bad-pact.yaml").write_text("id: bad-pact\nnames: {official: Bad}\n")
    code, _, err = run(capsys, "--db", str(kb_file), "register", "check", "--folder", str(tmp_path))
    assert code == 1 and "bad-pact.yaml" in err
