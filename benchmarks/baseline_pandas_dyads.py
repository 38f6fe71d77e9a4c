"""The pandas script a researcher would write by hand for directed dyad-years with ATOP.

State-years from COW's state list (states alive at the end of 2016 carried to
2018, as peacesciencer does), a self-join on the year, a left merge of ATOP's
directed dyad-year file, 0 for no pledge. It keeps peacesciencer's false
dyads (pairs in the system the same year but never on the same day), which
foedus leaves out: it is the baseline for time and memory, not for rows.

Run:  python benchmarks/baseline_pandas_dyads.py [RAW_DATA_DIR] [--out FILE.parquet]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


def build(raw: Path, last: int = 2018) -> pd.DataFrame:
    states = pd.read_csv(next(raw.rglob("states2016.csv")))
    states.loc[states.endyear == 2016, "endyear"] = last
    years = pd.DataFrame(
        [(c, y) for c, s, e in zip(states.ccode, states.styear, states.endyear, strict=True)
         for y in range(s, e + 1)],
        columns=["ccode", "year"],
    ).drop_duplicates()  # fmt: skip
    dyads = years.merge(years, on="year", suffixes=("1", "2"))
    dyads = dyads[dyads.ccode1 != dyads.ccode2][["ccode1", "ccode2", "year"]]
    atop = pd.read_csv(next(raw.rglob("atop_alliance.csv")))
    dyads = dyads.merge(atop, on=["ccode1", "ccode2", "year"], how="left")
    dyads[FLAGS] = dyads[FLAGS].fillna(0).astype("int8")
    return dyads.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    out = argv[argv.index("--out") + 1] if "--out" in argv else None
    if out in args:
        args.remove(out)
    raw = Path(args[0] if args else os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data"))
    dyads = build(raw)
    if out:
        dyads.to_parquet(out, index=False)
    print(len(dyads))


if __name__ == "__main__":
    main(sys.argv[1:])
