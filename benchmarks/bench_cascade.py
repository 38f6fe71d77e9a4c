"""How fast the escalation cascade runs: draws per second, and all-pairs sweeps.

    python benchmarks/bench_cascade.py [--db PATH] [--day 2025-06-01] [--pairs N]
                                       [--draws 1000000] [--skip-dask]

* draws per second for one scenario in today's world (North Korea attacks South
  Korea; South Korea attacks North Korea), the day's pledge graph built first
  (its time is reported apart), on 1 and 2 threads, with and without the
  paths tally;
* the all-pairs sweep for one day (every ordered pair of states, 1,000 draws
  each) on a local process pool of 1 and 2 workers, and on a Dask LocalCluster
  of 1 and 2 worker processes.

Wall-clock seconds and CPU seconds are both printed: on a shared machine the
wall clock also counts other people's work. Targets (issue 9): at least
1,000,000 draws per second on 2 cores; the all-pairs sweep within 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(label: str, fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), _cpu()
    out = fn()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"{label:<58} {wall:8.2f} s wall {cpu:8.2f} s CPU (this process and children)")
    return out, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("FOEDUS_DB"))
    parser.add_argument("--day", default="2025-06-01")
    parser.add_argument("--pairs", type=int, default=None, help="Sweep only the first N pairs.")
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()

    from foedus.analyses.honour import HonourTable
    from foedus.analyses.judge import Scenario
    from foedus.analyses.sweep import all_pairs, sweep
    from foedus.analyses.world import World
    from foedus.kb import KnowledgeBase

    kb = KnowledgeBase(Path(args.db) if args.db else None).load_index()
    table = HonourTable.published()
    print(f"cores available: {len(os.sched_getaffinity(0))}; day {args.day}")

    world = World(kb, Scenario({-1}, {-2}, args.day), honour=table)
    _timed(
        "the day's pledge graph, East Asian theatre (every pledge judged per role)",
        lambda: world.graph_for({732}),
    )
    g = world.graph_for({732})
    print(
        f"  {len(g.states)} states, {len(g.commitments)} commitments, {len(g.pulls)} pulls, "
        f"{len(g.holds)} holds"
    )
    world.simulate([({731}, {732})], 1000, 0)  # warm up (arrays, caches)
    for a, t, label in (
        (731, 732, "North Korea attacks South Korea"),
        (732, 731, "South Korea attacks North Korea"),
    ):
        for threads in (1, 2):
            for detail in (False, True):
                what = "with paths" if detail else "no paths"
                _, wall = _timed(
                    f"{label}: {args.draws:,} draws, {threads} thread(s), {what}",
                    lambda a=a, t=t, threads=threads, detail=detail: world.simulate(
                        [({a}, {t})], args.draws, 1, threads=threads, detail=detail
                    ),
                )
                print(f"  {args.draws / wall:,.0f} draws per second")

    pairs = all_pairs(kb, args.day)
    if args.pairs:
        pairs = pairs[: args.pairs]
    print(f"\nall-pairs sweep: {len(pairs):,} ordered pairs, 1,000 draws each")
    for workers in (1, 2):
        _timed(
            f"local process pool, {workers} worker(s)",
            lambda workers=workers: sweep(
                kb, args.day, pairs, draws=1000, honour=table, workers=workers, task_size=400
            ),
        )
    if args.skip_dask:
        return
    from distributed import Client, LocalCluster

    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            _timed(
                f"Dask LocalCluster, {workers} worker process(es)",
                lambda client=client: sweep(
                    kb, args.day, pairs, draws=1000, honour=table, scheduler=client, task_size=400
                ),
            )


if __name__ == "__main__":
    main()
