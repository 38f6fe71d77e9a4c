"""How fast the casus-foederis judge and the reliability analysis run.

    python benchmarks/bench_reliability.py [--db PATH]

* judgements per second: every pledge at stake when North Korea attacks South Korea on
  1 June 2025 (about 120), judged repeatedly as a cascade round would;
* the reliability analysis over every COW war 1816-2003 (ATOP view), the index load apart;
* the sensitivity table for 1816-1944 (thirteen analyses).

Wall-clock seconds; on a shared machine they also count other people's work.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None, help="store file (default: the user's)")
    args = parser.parse_args()

    from foedus.analyses.judge import at_stake, judge, make_scenario
    from foedus.analyses.reliability import reliability, sensitivity
    from foedus.kb import KnowledgeBase

    kb = KnowledgeBase(args.db)
    kb.load_index()
    war = make_scenario(kb, "North Korea", "South Korea", "2025-06-01")
    pledges = at_stake(kb, war)
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        judge(pledges, war)
    took = time.perf_counter() - start
    print(f"judge: {len(pledges)} pledges x {rounds} rounds in {took:.2f} s "
          f"= {len(pledges) * rounds / took:,.0f} judgements/s")  # fmt: skip

    atop = KnowledgeBase(args.db, view="ATOP")
    start = time.perf_counter()
    atop.load_index()
    print(f"ATOP view index: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    result = reliability(atop, start=1816, end=2003)
    print(f"reliability 1816-2003: {len(result.pledges)} pledges judged, "
          f"{result.overall.invoked} units invoked, {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    rows = sensitivity(atop, start=1816, end=1944)
    print(f"sensitivity 1816-1944: {len(rows)} analyses, {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
