"""One-shot CLI speed as whole processes: this design beside the previous one (commit d34c3e5).

Run:  python benchmarks/bench_cli.py [--runs 7] [--data DIR] [--work DIR] [--no-old]

Each case is a fresh process started the way a user starts it (the console
script ``foedus`` of a virtual environment, or ``python -c "import foedus"``).
A case runs once to warm the page cache and write bytecode caches, then
``--runs`` times; the table gives the median wall time, the median CPU time
(user + system) and the median peak resident set size of the process, read
from ``os.wait4`` for that one child.

"before" is the previous design, checked out for real: the first run makes
``WORK/old`` (a git worktree of d34c3e5), a virtual environment
``WORK/old-venv`` with ``pip install WORK/old`` (typer held below 0.29 as in
this design's pyproject, so the comparison is of the designs and not of a
typer release), and a store imported from the raw data. "after" is the
``foedus`` installed beside the Python running this script, with its own
store built into ``WORK``. Later runs reuse all of it.

The child environment drops ``PYTHONDONTWRITEBYTECODE`` so that, as on a
user's machine, modules load from their bytecode caches. The load average is
printed with the table: on a shared machine the wall times move with it, the
CPU times much less. Targets (issue 7): a one-shot query at most 0.25 s and
120 MB as a whole process, ``import foedus`` at most 0.1 s.

Not part of the test suite: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OLD_COMMIT = "d34c3e5"
DATE = "2025-01-01"
TARGET_WALL = 0.25
TARGET_RSS_MB = 120.0
TARGET_IMPORT = 0.1


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass(frozen=True)
class Figures:
    wall: float
    cpu: float
    rss_mb: float
    walls: tuple[float, ...]

    @classmethod
    def of(cls, runs: list[Run]) -> Figures:
        return cls(
            statistics.median(r.wall for r in runs),
            statistics.median(r.cpu for r in runs),
            statistics.median(r.rss_mb for r in runs),
            tuple(sorted(r.wall for r in runs)),
        )


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("FOEDUS_DB", None)
    return env


def run_once(argv: list[str], env: dict[str, str]) -> Run:
    """One process: wall time, CPU time and peak RSS of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    # ru_maxrss is in kilobytes on Linux.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(argv: list[str], runs: int, env: dict[str, str]) -> Figures:
    run_once(argv, env)  # warm-up: page cache, bytecode caches
    return Figures.of([run_once(argv, env) for _ in range(runs)])


def _sh(argv: list[str], **kwargs: object) -> None:
    print("+", " ".join(argv), file=sys.stderr)
    subprocess.run(argv, check=True, **kwargs)  # type: ignore[call-overload]


def _store(foedus: Path, db: Path, data: Path) -> Path:
    if not db.exists():
        _sh([str(foedus), "--db", str(db), "data", "import", str(data)], stdout=subprocess.DEVNULL)
    return db


def prepare_old(work: Path, data: Path) -> tuple[Path, Path, Path]:
    """The previous design: worktree, its own venv, its own store (made once, then reused)."""
    tree, venv = work / "old", work / "old-venv"
    if not tree.exists():
        _sh(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), OLD_COMMIT])
    python = venv / "bin" / "python"
    if not (venv / "bin" / "foedus").exists():
        _sh([sys.executable, "-m", "venv", str(venv)])
        _sh([str(python), "-m", "pip", "install", "--quiet", str(tree), "typer<0.29"])
    foedus = venv / "bin" / "foedus"
    return python, foedus, _store(foedus, work / "old.duckdb", data)


def prepare_new(work: Path, data: Path) -> tuple[Path, Path, Path]:
    python = Path(sys.executable)
    foedus = python.parent / "foedus"
    if not foedus.exists():
        raise SystemExit(f"no foedus console script beside {python}; pip install -e . first")
    return python, foedus, _store(foedus, work / "new.duckdb", data)


def cases(python: Path, foedus: Path, db: Path) -> dict[str, list[str]]:
    ask = [str(foedus), "--db", str(db)]
    return {
        'defends "North Korea"': [*ask, "defends", "North Korea", "--on", DATE],
        "obligations USA": [*ask, "obligations", "USA", "--on", DATE],
        'defends "North Korea" --json': [*ask, "defends", "North Korea", "--on", DATE, "--json"],
        "python -c 'import foedus'": [str(python), "-c", "import foedus"],
    }


def answer(argv: list[str]) -> list[tuple[int, int, str, str]]:
    """The rows of a --json answer, as (obligor, beneficiary, type, treaty)."""
    out = subprocess.run(argv, env=_env(), check=True, capture_output=True, text=True).stdout
    return sorted((r["obligor"], r["beneficiary"], r["type"], r["treaty"]) for r in json.loads(out))


def _versions(python: Path) -> str:
    code = (
        "import sys, importlib.metadata as m; "
        "print(sys.version.split()[0], *(f'{p} {m.version(p)}' "
        "for p in ('foedus', 'typer', 'rich', 'duckdb')), sep=', ')"
    )
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def _ratio(before: float | None, after: float) -> str:
    return "" if before is None else f"{before / after:5.1f}×"


def _mark(value: float, target: float) -> str:
    return "ok" if value <= target else "MISS"


def report(
    before: dict[str, Figures] | None, after: dict[str, Figures], runs: int, load: tuple[float, ...]
) -> None:
    now = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nWhole processes, median of {runs} runs (after one warm-up each); load average "
        f"before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after: {now}; {os.cpu_count()} cores."
    )
    head = f"{'case':30} {'wall before':>11} {'after':>7} {'ratio':>6}  "
    head += f"{'CPU before':>10} {'after':>6}  {'RSS before':>10} {'after':>7} {'ratio':>6}  target"
    print(head)
    print("-" * len(head))
    for name, new in after.items():
        old = before.get(name) if before else None
        is_import = name.startswith("python")
        wall_ok = _mark(new.wall, TARGET_IMPORT if is_import else TARGET_WALL)
        rss_ok = "" if is_import else f", {_mark(new.rss_mb, TARGET_RSS_MB)}"
        print(
            f"{name:30} {f'{old.wall:.3f} s' if old else '—':>11} {new.wall:5.3f} s"
            f" {_ratio(old and old.wall, new.wall):>6}  "
            f"{f'{old.cpu:.3f} s' if old else '—':>10} {new.cpu:.3f} s  "
            f"{f'{old.rss_mb:.0f} MB' if old else '—':>10} {new.rss_mb:4.0f} MB"
            f" {_ratio(old and old.rss_mb, new.rss_mb):>6}  {wall_ok}{rss_ok}"
        )
    print("\nEvery wall time, sorted (after):")
    for name, new in after.items():
        print(f"  {name:30} " + " ".join(f"{w:.3f}" for w in new.walls))
    if before:
        print("Every wall time, sorted (before):")
        for name, old in before.items():
            print(f"  {name:30} " + " ".join(f"{w:.3f}" for w in old.walls))
    print(
        f"targets: query ≤ {TARGET_WALL} s and ≤ {TARGET_RSS_MB:.0f} MB; "
        f"import foedus ≤ {TARGET_IMPORT} s (wall, with interpreter start-up)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (≥ 5)")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data")),
        help="raw datasets (default: $FOEDUS_DATA or ../shared/data)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "foedus-bench-cli",
        help="where the old checkout, its venv and both stores are kept",
    )
    parser.add_argument("--no-old", action="store_true", help="measure this design only")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5 (a median of fewer says little)")
    if not args.data.is_dir():
        raise SystemExit(f"raw datasets not found at {args.data}; set FOEDUS_DATA or --data")
    args.work.mkdir(parents=True, exist_ok=True)

    new = prepare_new(args.work, args.data)
    old = None if args.no_old else prepare_old(args.work, args.data)
    print(f"after:  {_versions(new[0])}")
    if old:
        print(f"before: {_versions(old[0])} (commit {OLD_COMMIT})")
        same = answer(cases(*old)['defends "North Korea" --json']) == answer(
            cases(*new)['defends "North Korea" --json']
        )
        print(
            f'defends "North Korea" --on {DATE}: the same rows before and after: {same} '
            "(the register has grown since, so a difference is expected)"
        )

    load = os.getloadavg()
    env = _env()
    after: dict[str, Figures] = {}
    before: dict[str, Figures] = {}
    # Interleave old and new case by case so both see the same machine load.
    for name, argv in cases(*new).items():
        after[name] = measure(argv, args.runs, env)
        if old:
            before[name] = measure(cases(*old)[name], args.runs, env)
    report(before or None, after, args.runs, load)


if __name__ == "__main__":
    main()
