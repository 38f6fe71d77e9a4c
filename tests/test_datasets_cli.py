"""``foedus table`` and ``foedus cite`` as a user runs them: files, errors, no leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from foedus.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(kb_file: Path) -> list[str]:
    return ["--db", str(kb_file)]


@pytest.mark.data
def test_dyad_years_to_parquet_then_cite(capsys, db, tmp_path):
    out = tmp_path / "dyads.parquet"
    code, text, err = run(
        capsys, *db, "table", "dyad-years", "--from", "1900", "--to", "1910", "--directed",
        "--add", "atop,majors", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_parquet(out)
    assert list(frame.columns[:4]) == ["ccode1", "ccode2", "year", "atop_alliance"]
    assert frame.year.min() == 1900 and frame.year.max() == 1910
    assert f"Wrote {len(frame):,} directed COW dyad-years 1900–1910" in text
    code, bib, _ = run(capsys, "cite", str(out))
    assert code == 0 and "@article{leeds2002atop," in bib and "@misc{cow2017states," in bib
    assert os.listdir(tmp_path) == ["dyads.parquet"]


@pytest.mark.data
def test_state_years_to_csv_and_stata(capsys, db, tmp_path):
    for name in ("states.csv", "states.dta"):
        code, _, err = run(
            capsys, *db, "table", "state-years", "--from", "1946", "--to", "1950",
            "--add", "atop,nmc", "--out", str(tmp_path / name), "--json",
        )  # fmt: skip
        assert code == 0, err
    csv = pd.read_csv(tmp_path / "states.csv")
    dta = pd.read_stata(tmp_path / "states.dta")
    assert len(csv) == len(dta) > 0 and csv.cinc.sum() == pytest.approx(dta.cinc.sum())


@pytest.mark.data
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "1950", "--to", "1900"], "bad year range 1950–1900"),
        (["--from", "1800"], "begin in 1816"),
        (["--to", "2030"], "--carry-forward 2030"),
        (["--add", "atop,peace"], "unknown verb 'peace'"),
        (["--system", "cshapes"], "'cow' or 'gw'"),
    ],
)
def test_bad_requests_fail_cleanly_and_write_nothing(capsys, db, tmp_path, args, message):
    out = tmp_path / "t.parquet"
    code, _, err = run(capsys, *db, "table", "dyad-years", *args, "--out", str(out))
    assert code == 1 and message in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_unwritable_output_is_refused_before_any_work(capsys, tmp_path):
    # No database needed: the output is checked first.
    code, _, err = run(
        capsys, "--db", str(tmp_path / "none.duckdb"), "table", "dyad-years",
        "--out", str(tmp_path / "no" / "such" / "folder.parquet"),
    )  # fmt: skip
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "table", "dyad-years", "--out", str(tmp_path / "t.xlsx"))
    assert code == 1 and "cannot tell the format" in err


def test_cite_without_a_table_and_from_verbs(capsys, tmp_path):
    code, everything, _ = run(capsys, "cite")
    assert code == 0 and "@article{palmer2022mid5," in everything
    code, some, _ = run(capsys, "cite", "--add", "nmc")
    assert "@incollection{singer1972capability," in some and "leeds2002atop" not in some
    other = tmp_path / "x.csv"
    other.write_text("a\n1\n")
    code, _, err = run(capsys, "cite", str(other))
    assert code == 1 and "foedus cite --add" in err


def test_table_verbs_lists_every_verb(capsys):
    code, out, _ = run(capsys, "table", "verbs")
    assert code == 0 and out.splitlines()[0].startswith("atop")
    assert len(out.splitlines()) == 10


@pytest.mark.data
def test_writing_parquet_does_not_load_pandas(kb_file, tmp_path):
    script = (
        "import sys\n"
        "from foedus.cli import main\n"
        f"try:\n    main(['--db', {str(kb_file)!r}, 'table', 'dyad-years', '--to', '1830',\n"
        f"          '--add', 'atop', '--out', {str(tmp_path / 'd.parquet')!r}])\n"
        "except SystemExit as e:\n    assert not e.code\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
