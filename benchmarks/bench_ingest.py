"""Throughput of news ingestion: articles per second, against the target of 200/s on 2 cores.

Run: ``python benchmarks/bench_ingest.py [--seconds 5] [--workers 2] [--sizes 100,400,1600,5000]``

The corpus is the labelled articles in tests/news (plain text, 1-3 kB each, the
``realstyle`` set with its wire datelines, stamps and captions among them) plus,
when present, the scraped seed article; an HTML row wraps each article in a page
of markup, and adds the real-style pages with their navigation, banners and
footers, so trafilatura's extraction is measured too. Each row runs the whole
pipeline (decode, clean, states and people, events, details) in one process,
then in ``--workers`` processes. ``--sizes`` (kB) then times one long input of each
size (the labelled articles repeated), to show that time grows linearly with size up to
the 5 MB cap; each is timed in CPU seconds, so other work on the machine does not count.

``--against REV`` (e.g. d34c3e5, the code the 229/s of issue 14 was measured on) checks REV
out as a git worktree and measures the long treaty-dense row with REV's package and with
this one, alternately (``--rounds`` times each, in fresh processes, articles per CPU
second), so both see the same machine in the same minutes; it prints the ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import time
from pathlib import Path

TARGET = 200.0  # articles per second on 2 cores, from issue 4
REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "examples" / "2024-06-19-putin-kim-pact.txt"


def corpus() -> list[str]:
    paths = sorted((REPO / "tests" / "news" / "articles").glob("*.txt"))
    paths += sorted((REPO / "tests" / "news" / "heldout").glob("*.txt"))
    paths += sorted((REPO / "tests" / "news" / "blind").glob("*.txt"))
    paths += sorted((REPO / "tests" / "news" / "realstyle").glob("*.txt"))
    if SEED.is_file():
        paths.append(SEED)
    return [p.read_text("utf-8") for p in paths]


def real_pages() -> list[str]:
    """The HTML pages of the real-style set, as saved from the web."""
    folders = ("heldout", "realstyle")
    paths = sorted(p for f in folders for p in (REPO / "tests" / "news" / f).glob("*.html"))
    return [p.read_text("utf-8") for p in paths]


def long_articles(texts: list[str], size: int = 6000) -> list[str]:
    """Longer articles (about ``size`` bytes) made of several short ones: a dense worst case,
    since every paragraph is then a treaty story."""
    bodies = [t.split("\n", 1)[1] for t in texts]
    out, current = [], "Headline of a long article\n"
    for body in bodies * 3:
        current += "\n" + body
        if len(current.encode()) >= size:
            out.append(current)
            current = "Headline of a long article\n"
    return out


def as_html(text: str) -> str:
    title, _, body = text.partition("\n")
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/login'>Log in</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>© Example</footer></body></html>"
    )


def _run(args: tuple[list[str], float]) -> int:
    texts, seconds = args
    from foedus.news import ingest
    from foedus.news.actors import default_gazetteer

    default_gazetteer()  # built once per process, as a long-running user would
    done = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for text in texts:
            ingest(text, published="2024-06-19")
            done += 1
    return done


def cpu_measure(texts: list[str], seconds: float) -> float:
    """Articles per CPU second in this process: unlike wall time, not slowed by other work
    on a shared machine. Two free cores do about twice this."""
    from foedus.news import ingest
    from foedus.news.actors import default_gazetteer

    default_gazetteer()
    ingest(texts[0], published="2024-06-19")
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            ingest(text, published="2024-06-19")
            done += 1
    return done / (time.process_time() - start)


def measure(texts: list[str], seconds: float, workers: int) -> float:
    if workers == 1:
        _run((texts[:1], 0.2))  # warm up imports and the gazetteer
        start = time.perf_counter()
        n = _run((texts, seconds))
        return n / (time.perf_counter() - start)
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(_run, [(texts[:1], 0.2)] * workers)  # warm up every worker
        start = time.perf_counter()
        counts = pool.map(_run, [(texts, seconds)] * workers)
        return sum(counts) / (time.perf_counter() - start)


def size_curve(texts: list[str], sizes_kb: list[int]) -> None:
    """CPU seconds to ingest one input of each size, and seconds per MB (flat if linear)."""
    from foedus.news import ingest
    from foedus.news.actors import default_gazetteer

    default_gazetteer()
    blob = "\n\n".join(texts)
    print(f"{'size':>10}{'cpu s':>10}{'s per MB':>10}{'events':>8}")
    for kb in sizes_kb:
        n = kb * 1000
        text = (blob * (n // len(blob) + 1))[:n]
        start = time.process_time()
        result = ingest(text, published="2024-06-19", max_bytes=max(n, 5_000_000))
        cpu = time.process_time() - start
        print(f"{kb:>7} kB{cpu:>10.2f}{cpu / (n / 1e6):>10.2f}{len(result.events):>8}")


def _cpu_rate_with(src: Path, seconds: float) -> float:
    """The long row's articles per CPU second with the package under ``src``, in a fresh
    process (this benchmark's corpus and code, that package)."""
    import subprocess
    import sys

    code = (
        f"import sys; sys.path.insert(0, {str(REPO / 'benchmarks')!r}); import bench_ingest as b; "
        f"print(b.cpu_measure(b.long_articles(b.corpus()), {seconds}))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"measuring {src} failed: {out.stderr.strip()[-500:]}")
    return float(out.stdout.strip().splitlines()[-1])


def against(rev: str, seconds: float, rounds: int) -> None:
    """Same-minutes A/B of the long row: REV's package against this one."""
    import statistics
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), rev],
                       check=True, capture_output=True)  # fmt: skip
        try:
            old, new = [], []
            for _ in range(rounds):
                old.append(_cpu_rate_with(tree / "src", seconds))
                new.append(_cpu_rate_with(REPO / "src", seconds))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)  # fmt: skip
    a, b = statistics.median(old), statistics.median(new)
    print(f"long treaty-dense text, articles per CPU second (median of {rounds}, alternating)")
    print(f"  {rev:<12}{a:>8.1f}   {' '.join(f'{x:.1f}' for x in old)}")
    print(f"  {'this code':<12}{b:>8.1f}   {' '.join(f'{x:.1f}' for x in new)}")
    print(f"  ratio {b / a:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--sizes", default="", help="comma-separated sizes in kB for the size curve, e.g. 100,5000"
    )
    parser.add_argument("--only-sizes", action="store_true", help="skip the throughput rows")
    parser.add_argument("--against", metavar="REV", help="A/B the long row against git REV")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the A/B (--against)")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.seconds, args.rounds)
        return
    if args.sizes:
        size_curve(corpus(), [int(x) for x in args.sizes.split(",")])
        if args.only_sizes:
            return
    texts = corpus()
    pages = [as_html(t) for t in texts] + real_pages()
    longer = long_articles(texts)
    size = sum(len(t.encode()) for t in texts) / len(texts)
    long_size = sum(len(t.encode()) for t in longer) / len(longer)
    print(f"{len(texts)} articles, {size:,.0f} bytes on average; {len(longer)} long ones of "
          f"{long_size:,.0f} bytes; {os.cpu_count()} CPUs visible")  # fmt: skip
    print(f"{'input':<12}{'processes':>10}{'articles/s':>14}{'target':>10}{'ratio':>9}")
    for label, data in (("text", texts), ("html", pages), ("long text", longer)):
        for workers in sorted({1, args.workers}):
            rate = measure(data, args.seconds, workers)
            target = TARGET if workers >= 2 else TARGET / 2
            print(f"{label:<12}{workers:>10}{rate:>14.0f}{target:>10.0f}{rate / target:>8.1f}x")
        cpu_rate = cpu_measure(data, args.seconds)
        print(f"{label:<12}{'cpu':>10}{cpu_rate:>14.0f}  articles per CPU second (x2 for 2 cores)")
    print("target: 200 articles/s on 2 cores (100/s for one); ratio = measured / target")


if __name__ == "__main__":
    main()
