"""Web explorer load: 50 concurrent clients on ``/api/obligations`` over loopback.

Run:  python benchmarks/bench_web.py [RAW_DATA_DIR]   (default: $FOEDUS_DATA or ../shared/data)
      options: --clients 50 --requests 4000 --db PATH (reuse a built store);
      BENCH_PATH=/api/status measures the framework alone

Builds a store (unless --db), starts ``foedus serve`` in its own process on a
free loopback port, and drives it from this process with ``--clients``
keep-alive connections asking random (state, date) pairs. Prints throughput
and latency percentiles beside the in-process time of the same question
(``KnowledgeBase.obligations`` with the in-memory index), and the target:
p99 under 50 ms on 2 cores. Every request goes to 127.0.0.1 and the run is
bounded by ``--requests``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_P99_MS = 50.0
PATH = os.environ.get("BENCH_PATH", "/api/obligations?state={code}&on={day}")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    raw = Path(os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data"))
    parser.add_argument("raw", nargs="?", type=Path, default=raw)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--distinct", type=int, default=0,
                        help="draw the requests from this many distinct questions "
                        "(0: every request a new question, the explorer's answer cache cold)")
    return parser.parse_args()  # fmt: skip


def _questions(db: Path, n: int, seed: int) -> tuple[list[tuple[int, str]], list[float]]:
    """Random (state, day) pairs among states in the system that day, and the in-process
    time of each question (microseconds resolution, seconds)."""
    from foedus.kb import KnowledgeBase

    rng = random.Random(seed)
    kb = KnowledgeBase(db).load_index()
    codes = kb.states.codes()
    first, last = dt.date(1816, 1, 1), dt.date(2024, 12, 31)
    pairs: list[tuple[int, str]] = []
    while len(pairs) < n:
        day = first + dt.timedelta(days=rng.randrange((last - first).days))
        code = rng.choice(codes)
        if kb.states.is_member(code, day):
            pairs.append((code, day.isoformat()))
    times = []
    for code, day in pairs:
        start = time.perf_counter()
        rows = kb.obligations(code, day)
        [o.to_dict() for o in rows]
        times.append(time.perf_counter() - start)
    kb.close()
    return pairs, times


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _client(port: int, work: list[tuple[int, str]], out: list[float], errors: list[str]
                  ) -> None:  # fmt: skip
    """One keep-alive HTTP/1.1 connection asking its share of the questions in turn."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for code, day in work:
            request = (f"GET {PATH.format(code=code, day=day)} HTTP/1.1\r\n"
                       f"Host: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n")  # fmt: skip
            start = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            out.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"{status} for state={code}&on={day}")
    finally:
        writer.close()


async def _load(port: int, pairs: list[tuple[int, str]], clients: int
                ) -> tuple[list[float], list[str], float]:  # fmt: skip
    latencies: list[float] = []
    errors: list[str] = []
    shares = [pairs[i::clients] for i in range(clients)]
    start = time.perf_counter()
    await asyncio.gather(*(_client(port, share, latencies, errors) for share in shares))
    return latencies, errors, time.perf_counter() - start


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from foedus.build import build_store

            db = Path(tmp) / "kb.duckdb"
            build_store(args.raw, db)
        pool = args.distinct or args.requests
        distinct, inproc = _questions(db, pool, args.seed)
        pairs = [distinct[i % pool] for i in range(args.requests)]
        random.Random(args.seed).shuffle(pairs)
        port = _port()
        env = {**os.environ, "FOEDUS_DB": str(db), "XDG_DATA_HOME": str(Path(tmp) / "xdg")}
        server = subprocess.Popen(
            [sys.executable, "-c", "from foedus.cli import main; main()", "serve", "--port",
             str(port), "--no-fetch"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("foedus serve did not start") from None
                    time.sleep(0.2)
            warm = _questions(db, args.clients * 4, args.seed + 1)[0]
            asyncio.run(_load(port, warm, args.clients))  # connections and code paths, not answers
            cpu_before = _cpu_seconds(server.pid)
            latencies, errors, wall = asyncio.run(_load(port, pairs, args.clients))
            cpu_after = _cpu_seconds(server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    p50, p99 = _pct(latencies, 0.50) * 1000, _pct(latencies, 0.99) * 1000
    in50, in99 = _pct(inproc, 0.50) * 1000, _pct(inproc, 0.99) * 1000
    cache = f"{args.distinct} distinct questions" if args.distinct else "every question new"
    print(f"foedus explorer load: {len(latencies):,} requests on {PATH.split('?')[0]} "
          f"({cache}), {args.clients} concurrent keep-alive clients, loopback, "
          f"{os.cpu_count()} cores, load average before {os.getloadavg()[0]:.1f}")
    print(f"  throughput        {len(latencies) / wall:8.0f} requests/s")
    print(f"  latency p50       {p50:8.2f} ms")
    print(f"  latency p99       {p99:8.2f} ms   (target < {TARGET_P99_MS:.0f} ms: "
          f"{'met' if p99 < TARGET_P99_MS else 'MISSED'})")
    print(f"  mean              {statistics.fmean(latencies) * 1000:8.2f} ms")
    print(f"  in-process p50    {in50:8.3f} ms   (KnowledgeBase.obligations + to_dict, same pairs)")
    print(f"  in-process p99    {in99:8.3f} ms")
    if cpu_before is not None and cpu_after is not None:
        per = (cpu_after - cpu_before) / len(latencies) * 1000
        print(f"  server CPU        {per:8.2f} ms per request (what a busy machine cannot stretch: "
              f"one core serves at most {1000 / per:,.0f} requests/s)")
    print(f"  errors            {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
