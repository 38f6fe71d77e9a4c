"""Knowledge-base speed: import time and `defends` latency, beside their targets.

Run:  python benchmarks/bench_kb.py [RAW_DATA_DIR]   (default: $FOEDUS_DATA or ../shared/data)

Prints one table. The baseline for queries is what a straightforward
implementation would do: one SQL query against the DuckDB pledges table per
call. Ratios above 1 mean foedus is faster than the baseline / within target.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from foedus.build.importer import import_folder
from foedus.kb import KnowledgeBase
from foedus.store import Store

REPO = Path(__file__).resolve().parents[1]
N_QUERIES = 10_000


def _raw_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data"))


def _time_package_import(runs: int = 5) -> float:
    """Seconds for a fresh interpreter to ``import foedus`` (minus a bare interpreter)."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(run("pass") for _ in range(runs))
    return statistics.median(run("import foedus") for _ in range(runs)) - bare


def _time_import(raw: Path, folder: Path, runs: int = 3) -> tuple[float, Path]:
    times = []
    for i in range(runs):
        path = folder / f"kb{i}.duckdb"
        start = time.perf_counter()
        with Store(path) as store:
            import_folder(store, raw)
        times.append(time.perf_counter() - start)
    return statistics.median(times), path


def _pairs(kb: KnowledgeBase, n: int) -> list[tuple[int, dt.date]]:
    """Random days 1816-2025, each with a random state that was in the COW system that day."""
    rng = random.Random(20240619)
    spells = kb.store.con.execute(
        "SELECT code, start_date, coalesce(end_date, DATE '2025-12-31') FROM state_spells "
        "WHERE system = 'cow'"
    ).fetchall()
    first, last = dt.date(1816, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()
    pairs: list[tuple[int, dt.date]] = []
    while len(pairs) < n:
        day = dt.date.fromordinal(rng.randint(first, last))
        alive = [code for code, start, end in spells if start <= day <= end]
        pairs.append((rng.choice(alive), day))
    return pairs


def _latencies(call, pairs) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for code, day in pairs:
        start = time.perf_counter_ns()
        call(code, day)
        out.append((time.perf_counter_ns() - start) / 1e6)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    raw = _raw_dir()
    with tempfile.TemporaryDirectory() as tmp:
        import_s, path = _time_import(raw, Path(tmp))
        start = time.perf_counter()
        kb = KnowledgeBase(path)
        kb.defends(2, "2000-01-01")  # loads the index and the state directory
        open_s = time.perf_counter() - start
        pairs = _pairs(kb, N_QUERIES)
        ours = _latencies(lambda c, d: kb.defends(c, d), pairs)
        found = statistics.mean(len(kb.defends(c, d)) for c, d in pairs)
        sql = (
            "SELECT p.*, t.name FROM pledges p JOIN treaties t USING (treaty) "
            "WHERE view = 'foedus' AND beneficiary = ? AND valid_from <= ? "
            "AND coalesce(valid_to, DATE '9999-12-31') >= ?"
        )
        base = _latencies(lambda c, d: kb.store.con.execute(sql, [c, d, d]).fetchall(), pairs)
        kb.close()

    table = Table(
        title=f"foedus knowledge base: {N_QUERIES:,} random defends queries "
        f"(a state in the system that day; {found:.1f} obligations per answer on average)"
    )
    for col in ("measure", "foedus", "baseline (SQL per call)", "target", "target / foedus"):
        table.add_column(col, justify="right")
    table.add_row("`import foedus`, s", f"{_time_package_import():.3f}", "—", "—", "—")
    table.add_row("data import, s (median of 3)", f"{import_s:.2f}", "—", "—", "—")
    table.add_row("open + first query, s", f"{open_s:.3f}", "—", "—", "—")
    for label, q, target in (("defends p50, ms", 0.5, 1.0), ("defends p99, ms", 0.99, 5.0)):
        mine, theirs = _pct(ours, q), _pct(base, q)
        table.add_row(
            label,
            f"{mine:.3f}",
            f"{theirs:.3f} ({theirs / mine:.1f}× slower)",
            f"< {target:g}",
            f"{target / mine:.1f}×",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
