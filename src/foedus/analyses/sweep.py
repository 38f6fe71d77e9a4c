"""Many scenarios at once: every ordered pair of states on a day, or a pair over many days.

A sweep splits its scenarios into tasks, each naming a day and a list of
(attacker, target) pairs; a task opens the store itself, builds that day's
:class:`~foedus.analyses.world.World` (memoised per worker process) and runs
the Monte Carlo cascade for its pairs. Tasks run on a local process pool by
default, or on a Dask cluster given its scheduler address (the workers must
see the same store file at the same path). Results are the same either way,
and for any number of workers: every scenario of a day sees the same seeded
draws.

>>> task = Task("kb.duckdb", "2025-06-01", ((731, 732),), draws=1000)
>>> task.day, len(task.pairs)
('2025-06-01', 1)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.errors import InputError
from foedus.model import parse_date

if TYPE_CHECKING:
    import pandas as pd

    from foedus.analyses.honour import HonourTable
    from foedus.analyses.world import World
    from foedus.kb import KnowledgeBase

__all__ = ["COLUMNS", "Options", "Task", "all_pairs", "run_task", "sweep"]

#: The columns of a sweep's table: one row per scenario and state some draw brings in.
COLUMNS = ["day", "attacker", "target", "state", "p_attacker", "p_target", "p_conflict"]


@dataclass(frozen=True)
class Options:
    """What every scenario of a sweep shares (see :class:`foedus.analyses.judge.Scenario`)."""

    where: str | int | None = None
    provoked: bool | None = False
    held_out: tuple[int, ...] = ()
    void: tuple[str, ...] = ()
    undetermined_joins: bool = False
    view: str | None = None


@dataclass(frozen=True)
class Task:
    """One unit of work: the pairs of one day."""

    db: str
    day: str
    pairs: tuple[tuple[int, int], ...]
    draws: int = 1000
    seed: int = 0
    options: Options = field(default_factory=Options)
    honour: HonourTable | None = None  # None: the published figures


_WORLDS: dict[tuple[Any, ...], World] = {}


def _world(kb: KnowledgeBase, day: str, options: Options, table: HonourTable | None) -> World:
    from foedus.analyses.honour import HonourTable
    from foedus.analyses.judge import Scenario
    from foedus.analyses.world import World

    table = table or HonourTable.published()
    key = (str(kb.path), day, options, repr(table))
    if key not in _WORLDS:
        template = Scenario(
            frozenset({-1}),
            frozenset({-2}),
            parse_date(day),
            where=options.where,
            provoked=options.provoked,
            held_out=frozenset(options.held_out),
            void=frozenset(options.void),
        )
        _WORLDS.clear()  # one day at a time per process keeps memory flat
        _WORLDS[key] = World(
            kb, template, honour=table, undetermined_joins=options.undetermined_joins
        )
    return _WORLDS[key]


_KBS: dict[str, KnowledgeBase] = {}


def run_task(task: Task) -> list[tuple[Any, ...]]:
    """Run one task; rows as :data:`COLUMNS` (what a worker sends back)."""
    from foedus.kb import KnowledgeBase

    if task.db not in _KBS:
        kb = (
            KnowledgeBase(task.db, view=task.options.view)
            if task.options.view
            else KnowledgeBase(task.db)
        )
        _KBS[task.db] = kb.load_index()
    world = _world(_KBS[task.db], task.day, task.options, task.honour)
    outcomes = world.simulate(
        [({a}, {t}) for a, t in task.pairs], task.draws, task.seed, threads=1, detail=False
    )
    rows: list[tuple[Any, ...]] = []
    for (a, t), out in zip(task.pairs, outcomes, strict=True):
        for state, (pa, pt) in sorted(out.p_join.items()):
            rows.append((task.day, a, t, state, pa, pt, out.p_conflict.get(state, 0.0)))
        for state, pc in sorted(out.p_conflict.items()):
            if state not in out.p_join:
                rows.append((task.day, a, t, state, 0.0, 0.0, pc))
    return rows


def all_pairs(kb: KnowledgeBase, day: str) -> list[tuple[int, int]]:
    """Every ordered pair of distinct states that exist on ``day``."""
    on = parse_date(day)
    states = [c for c in kb.states.codes() if kb.states.is_member(c, on)]
    return [(a, t) for a in states for t in states if a != t]


def _tasks(
    db: str,
    days: Sequence[str],
    pairs: Sequence[tuple[int, int]] | None,
    kb: KnowledgeBase,
    draws: int,
    seed: int,
    options: Options,
    size: int,
    honour: HonourTable,
) -> list[Task]:
    out = []
    for day in days:
        chosen = list(pairs) if pairs is not None else all_pairs(kb, day)
        for i in range(0, len(chosen), size):
            out.append(Task(db, day, tuple(chosen[i : i + size]), draws, seed, options, honour))
    return out


def sweep(
    kb: KnowledgeBase,
    days: Iterable[str] | str,
    pairs: Sequence[tuple[int, int]] | None = None,
    *,
    draws: int = 1000,
    seed: int = 0,
    options: Options | None = None,
    honour: HonourTable | None = None,
    workers: int | None = None,
    scheduler: str | Any | None = None,
    task_size: int = 500,
) -> pd.DataFrame:
    """The Monte Carlo cascade for many scenarios: a table with :data:`COLUMNS`.

    ``days``: one day or several (``YYYY-MM-DD``); ``pairs``: (attacker,
    target) COW codes, by default every ordered pair of states existing that
    day. ``workers`` processes of a local pool (default: the CPUs this process
    may use; 1 runs in this process), or ``scheduler``: a Dask scheduler's
    address (``tcp://host:8786``) or a ``distributed.Client``. ``honour``: the
    honour probabilities (default: calibrated on ``kb``'s wars, worked out once here).
    """
    import pandas as pd

    from foedus.analyses.honour import calibrated_or_published

    if draws < 1:
        raise InputError(f"draws must be at least 1, got {draws}")
    day_list = [days] if isinstance(days, str) else list(days)
    if not day_list:
        raise InputError("a sweep needs at least one day")
    for day in day_list:
        parse_date(day)
    db = str(Path(kb.path).resolve())
    table = honour or calibrated_or_published(kb)
    tasks = _tasks(db, day_list, pairs, kb, draws, seed, options or Options(), task_size, table)
    if scheduler is not None:
        rows = _on_dask(tasks, scheduler)
    else:
        n = workers or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        if n <= 1 or len(tasks) == 1:
            rows = [r for t in tasks for r in run_task(t)]
        else:
            import multiprocessing

            # Tasks for one day go to the same worker in turn, so each builds that day once.
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
                rows = [r for part in pool.map(run_task, tasks) for r in part]
    return pd.DataFrame(rows, columns=COLUMNS)


def _on_dask(tasks: Sequence[Task], scheduler: str | Any) -> list[tuple[Any, ...]]:
    from distributed import Client

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = client.map(run_task, tasks, pure=False)
        return [r for part in client.gather(futures) for r in part]
    finally:
        if client is not scheduler:
            client.close()
