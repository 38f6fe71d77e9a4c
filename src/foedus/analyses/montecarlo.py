"""The cascade's rounds, vectorised over draws: who joins which side, how often, in what order.

The casus-foederis judge runs once per round over every state that *could*
be at war (:mod:`foedus.analyses.cascade` builds that :class:`PledgeGraph`);
a draw only decides which triggered pledges are honoured. So the rounds of
one draw are boolean algebra over bits, and this module runs them for 64
draws per machine word:

* a **commitment** is one state's promise under one treaty of one type (the
  United Kingdom's defence pledge under NATO); in a draw it is honoured or not,
  with its probability, once for the whole war, whichever partner calls on it;
* a **pull** (an edge) is a triggered positive pledge: its obligor joins the
  beneficiary's side in a draw where the commitment is honoured and the
  beneficiary is at war on that side;
* a **constraint** is a triggered neutrality or non-aggression pledge: its
  obligor may not fight the spared state, so it may not join the side opposed
  to it in a draw where the commitment is honoured and the spared state is at war;
* a state pulled to both sides, or pulled to a side it may not join, is in
  **conflict** in that draw: it stays out, and the count is reported, never
  resolved silently.

Pulls and constraints only grow as states join, so a draw's rounds end when
one adds nobody. Draws come in fixed chunks, each with its own stream spawned
from the seed, so a result depends on the seed and the number of draws, not
on how many threads ran them.

A hand-worked case: a target defended by two states, one honouring with
probability 1 and one never:

>>> g = PledgeGraph(states=(1, 2, 3, 4), initial=(ATTACKER, TARGET, 0, 0),
...                 pulls=((2, 3, TARGET, 0), (2, 4, TARGET, 1)), constraints=(),
...                 probabilities=(1.0, 0.0))
>>> r = simulate(g, draws=1000, seed=1)
>>> r.p_join[3], r.p_join[4]
((0.0, 1.0), (0.0, 0.0))
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foedus.errors import InputError

__all__ = [
    "ATTACKER",
    "CHUNK",
    "TARGET",
    "Outcome",
    "PledgeGraph",
    "simulate",
]

OUT, ATTACKER, TARGET = 0, 1, 2
SIDES = (ATTACKER, TARGET)
#: Draws per chunk: each chunk has its own random stream spawned from the seed.
CHUNK = 1 << 16
_SCALE = 1 << 16  # honour probabilities are compared at 1/65536 resolution
_TOP_PATHS = 10


@dataclass(frozen=True)
class PledgeGraph:
    """Everything a draw needs: states, who starts on which side, pulls, constraints.

    ``initial`` gives each state's side at the start (``ATTACKER``, ``TARGET``
    or 0). ``pulls`` are ``(beneficiary, obligor, side, commitment)``: the
    obligor joins ``side`` when the beneficiary is at war on it and the
    commitment is honoured. ``constraints`` are ``(spared, obligor,
    commitment)``. ``probabilities[k]`` is commitment k's honour probability.
    States are COW codes; the rest are indexes.
    """

    states: tuple[int, ...]
    initial: tuple[int, ...]
    pulls: tuple[tuple[int, int, int, int], ...]
    constraints: tuple[tuple[int, int, int], ...]
    probabilities: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.initial) != len(self.states):
            raise InputError("a pledge graph needs one initial side per state")
        known = set(self.states)
        for b, o, side, k in self.pulls:
            if (
                b not in known
                or o not in known
                or side not in SIDES
                or not (0 <= k < len(self.probabilities))
            ):
                raise InputError(f"bad pull {(b, o, side, k)}")
        for s, o, k in self.constraints:
            if s not in known or o not in known or not 0 <= k < len(self.probabilities):
                raise InputError(f"bad constraint {(s, o, k)}")


@dataclass
class Outcome:
    """What the draws gave.

    ``p_join[state]`` is ``(p_attacker_side, p_target_side)`` for every state
    not at war at the start; ``p_conflict[state]`` the share of draws in which
    it was bound to both sides (or to a side it had promised not to fight);
    ``rounds[state]`` counts the draws in which it joined, by round;
    ``coalition_sizes`` counts draws by the number of states that joined each
    side (``{(n_attacker_side, n_target_side): draws}``); ``paths`` are the
    most frequent orders of joining, each ``(share, [[(state, side), …] per round])``.
    """

    draws: int
    seed: int | None
    p_join: dict[int, tuple[float, float]]
    p_conflict: dict[int, float]
    rounds: dict[int, dict[int, int]]
    coalition_sizes: dict[tuple[int, int], int]
    paths: list[tuple[float, list[list[tuple[int, int]]]]] = field(default_factory=list)

    def joined(self, threshold: float = 0.5) -> dict[int, int]:
        """The states that join a side in more than ``threshold`` of the draws."""
        out = {}
        for s, (pa, pt) in self.p_join.items():
            if max(pa, pt) > threshold:
                out[s] = ATTACKER if pa >= pt else TARGET
        return out

    def modal_round(self, state: int) -> int | None:
        counts = self.rounds.get(state)
        if not counts:
            return None
        return max(sorted(counts), key=lambda r: counts[r])

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "p_join": {str(s): {"attacker": a, "target": t} for s, (a, t) in self.p_join.items()},
            "p_conflict": {str(s): p for s, p in self.p_conflict.items()},
            "coalition_sizes": [
                {"attacker_side": a, "target_side": t, "share": n / self.draws}
                for (a, t), n in sorted(self.coalition_sizes.items(), key=lambda kv: -kv[1])
            ],
            "paths": [
                {
                    "share": share,
                    "rounds": [
                        [{"state": s, "side": _SIDE_NAME[side]} for s, side in rnd] for rnd in path
                    ],
                }
                for share, path in self.paths
            ],
        }


_SIDE_NAME = {ATTACKER: "attacker", TARGET: "target"}


class _Arrays:
    """The graph as index arrays, sorted for grouped reductions."""

    def __init__(self, g: PledgeGraph) -> None:
        pos = {s: i for i, s in enumerate(g.states)}
        self.n = len(g.states)
        self.initial = np.asarray(g.initial, dtype=np.int8)
        thresholds = np.rint(np.asarray(g.probabilities, dtype=np.float64) * _SCALE)
        self.thresholds = thresholds.astype(np.uint32)
        self.k = len(g.probabilities)
        # Only commitments strictly between 0 and 1 need random numbers.
        self.sure = np.flatnonzero(self.thresholds >= _SCALE)
        self.random = np.flatnonzero((self.thresholds > 0) & (self.thresholds < _SCALE))
        pulls = sorted(
            (pos[o], side, pos[b], k)
            for b, o, side, k in g.pulls
            if self.thresholds[k] > 0 and g.initial[pos[o]] == OUT
        )
        self.e_obligor = np.asarray([p[0] for p in pulls], dtype=np.intp)
        self.e_side = np.asarray([p[1] for p in pulls], dtype=np.intp)
        self.e_benef = np.asarray([p[2] for p in pulls], dtype=np.intp)
        self.e_commit = np.asarray([p[3] for p in pulls], dtype=np.intp)
        keys = self.e_obligor * 4 + self.e_side
        self.g_start = (
            np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            if len(pulls)
            else (np.zeros(0, dtype=np.intp))
        )
        self.g_obligor = self.e_obligor[self.g_start]
        self.g_side = self.e_side[self.g_start]
        cons = sorted(
            (pos[o], pos[s], k)
            for s, o, k in g.constraints
            if self.thresholds[k] > 0 and g.initial[pos[o]] == OUT
        )
        self.c_obligor = np.asarray([c[0] for c in cons], dtype=np.intp)
        self.c_spared = np.asarray([c[1] for c in cons], dtype=np.intp)
        self.c_commit = np.asarray([c[2] for c in cons], dtype=np.intp)
        ckeys = self.c_obligor
        self.cg_start = (
            np.flatnonzero(np.r_[True, ckeys[1:] != ckeys[:-1]])
            if len(cons)
            else (np.zeros(0, dtype=np.intp))
        )
        self.cg_obligor = self.c_obligor[self.cg_start]
        # Every state some triggered pledge pulls, even one never honoured, gets a p_join.
        movers = {pos[o] for _, o, _, _ in g.pulls if g.initial[pos[o]] == OUT}
        self.movers = np.asarray(sorted(movers), dtype=np.intp)
        self.max_rounds = max(1, len(movers))


def _honoured(a: _Arrays, rng: np.random.Generator, draws: int, words: int) -> np.ndarray:
    """(K, words) bits: commitment k honoured in draw d."""
    h = np.zeros((a.k, words), dtype=np.uint64)
    if len(a.sure):
        h[a.sure] = ~np.uint64(0)
    if len(a.random):
        u = rng.integers(0, _SCALE, size=(len(a.random), words * 64), dtype=np.uint32)
        bits = u < a.thresholds[a.random][:, None]
        h[a.random] = np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
    if draws < words * 64:  # draws past the end of the chunk are never honoured
        mask = np.zeros(words * 64, dtype=bool)
        mask[:draws] = True
        h &= np.packbits(mask, bitorder="little").view(np.uint64)[None, :]
    return h


@dataclass
class _Tally:
    joins: np.ndarray  # (n, 2) draws joined per side
    conflicts: np.ndarray  # (n,)
    rounds: Counter[tuple[int, int]]
    sizes: Counter[tuple[int, int]]
    paths: Counter[int]
    examples: dict[int, list[list[tuple[int, int]]]]


def _chunk(a: _Arrays, seed: np.random.SeedSequence, draws: int, paths: bool) -> _Tally:
    words = (draws + 63) // 64
    rng = np.random.default_rng(seed)
    h = _honoured(a, rng, draws, words)
    valid = np.zeros(words * 64, dtype=bool)
    valid[:draws] = True
    all_draws = np.packbits(valid, bitorder="little").view(np.uint64)
    on = np.zeros((3, a.n, words), dtype=np.uint64)  # [OUT unused, ATTACKER, TARGET]
    for side in SIDES:
        on[side, a.initial == side] = all_draws
    conflict = np.zeros((a.n, words), dtype=np.uint64)
    history: list[tuple[int, np.ndarray, np.ndarray]] = []  # (round, joinA, joinT)
    for rnd in range(1, a.max_rounds + 1):
        if not len(a.e_obligor):
            break
        act = h[a.e_commit] & on[a.e_side, a.e_benef]
        grouped = np.bitwise_or.reduceat(act, a.g_start, axis=0)
        pull = np.zeros((3, a.n, words), dtype=np.uint64)
        pull[a.g_side, a.g_obligor] = grouped
        block = np.zeros((3, a.n, words), dtype=np.uint64)
        if len(a.c_obligor):
            # Sparing a state at war on one side forbids joining the other.
            for side, other in ((ATTACKER, TARGET), (TARGET, ATTACKER)):
                cact = h[a.c_commit] & on[other, a.c_spared]
                block[side, a.cg_obligor] = np.bitwise_or.reduceat(cact, a.cg_start, axis=0)
        out = ~(on[ATTACKER] | on[TARGET])
        pa, pt = pull[ATTACKER], pull[TARGET]
        clash = out & ((pa & pt) | (pa & block[ATTACKER]) | (pt & block[TARGET]))
        join_a = out & pa & ~clash
        join_t = out & pt & ~clash
        conflict |= clash
        if not (join_a.any() or join_t.any()):
            break
        on[ATTACKER] |= join_a
        on[TARGET] |= join_t
        history.append((rnd, join_a, join_t))
    joiners = a.initial == OUT
    joins = np.zeros((a.n, 2), dtype=np.int64)
    joins[:, 0] = np.where(joiners, np.bitwise_count(on[ATTACKER]).sum(axis=1), 0)
    joins[:, 1] = np.where(joiners, np.bitwise_count(on[TARGET]).sum(axis=1), 0)
    rounds: Counter[tuple[int, int]] = Counter()
    for rnd, ja, jt in history:
        counts = np.bitwise_count(ja | jt).sum(axis=1)
        for s in np.flatnonzero(counts):
            rounds[(int(s), rnd)] += int(counts[s])
    sizes: Counter[tuple[int, int]] = Counter()
    movers = a.movers
    if len(movers):
        ua = np.unpackbits(on[ATTACKER, movers].view(np.uint8), axis=1, bitorder="little")
        ut = np.unpackbits(on[TARGET, movers].view(np.uint8), axis=1, bitorder="little")
        na = ua[:, :draws].sum(axis=0, dtype=np.int32)
        nt = ut[:, :draws].sum(axis=0, dtype=np.int32)
        pairs, counts = np.unique(na.astype(np.int64) * 1_000_000 + nt, return_counts=True)
        for p, c in zip(pairs.tolist(), counts.tolist(), strict=True):
            sizes[(p // 1_000_000, p % 1_000_000)] += c
    else:
        sizes[(0, 0)] += draws
    path_counts: Counter[int] = Counter()
    examples: dict[int, list[list[tuple[int, int]]]] = {}
    if paths:
        path_counts, examples = _paths(history, draws)
    return _Tally(
        joins, np.bitwise_count(conflict).sum(axis=1), rounds, sizes, path_counts, examples
    )


def _paths(
    history: list[tuple[int, np.ndarray, np.ndarray]], draws: int
) -> tuple[Counter[int], dict[int, list[list[tuple[int, int]]]]]:
    """Each draw's order of joining as one 64-bit code; the most frequent ones spelled out.

    Every (round, state, side) that happens in some draw of the chunk is one bit
    of a draw's code; with more than 64 such bits the words are mixed into one
    hash (a collision between two of a chunk's paths has odds of about 2^-40).
    """
    rows: list[tuple[int, int, int]] = []
    packed: list[np.ndarray] = []
    for rnd, ja, jt in history:
        for side, bits in ((ATTACKER, ja), (TARGET, jt)):
            for s in np.flatnonzero(bits.any(axis=1)):
                rows.append((rnd, int(s), side))
                packed.append(bits[s])
    if not rows:
        return Counter({0: draws}), {0: []}
    matrix = np.unpackbits(np.stack(packed).view(np.uint8), axis=1, bitorder="little")
    matrix = matrix[:, :draws]  # (rows, draws) of 0/1
    codes = np.zeros(draws, dtype=np.uint64)
    for j in range(len(rows)):
        if j and j % 64 == 0:  # a new word: mix the finished one in
            codes *= np.uint64(0x9E3779B97F4A7C15)
        codes ^= matrix[j].astype(np.uint64) << np.uint64(j % 64)
    values, first, counts = np.unique(codes, return_index=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")[: _TOP_PATHS * 5]
    examples = {}
    for i in order:
        d = int(first[i])
        path: dict[int, list[tuple[int, int]]] = {}
        for j, (rnd, state, side) in enumerate(rows):
            if matrix[j, d]:
                path.setdefault(rnd, []).append((state, side))
        examples[int(values[i])] = [sorted(path[r]) for r in sorted(path)]
    return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True))), examples


def simulate(
    graph: PledgeGraph,
    draws: int = 10_000,
    seed: int | None = 0,
    *,
    threads: int | None = None,
    paths: bool = True,
) -> Outcome:
    """Run ``draws`` wars through ``graph``'s rounds and tally who joined which side.

    ``seed`` makes the result reproducible (the same for any ``threads``);
    ``threads`` defaults to the CPUs this process may use; ``paths=False``
    skips counting the orders of joining (sweeps do not need them).
    """
    if draws < 1:
        raise InputError(f"draws must be at least 1, got {draws}")
    a = _Arrays(graph)
    sizes = [CHUNK] * (draws // CHUNK) + ([draws % CHUNK] if draws % CHUNK else [])
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    workers = threads or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    workers = max(1, min(workers, len(sizes)))
    if workers == 1:
        tallies = [_chunk(a, s, n, paths) for s, n in zip(seeds, sizes, strict=True)]
    else:
        with ThreadPoolExecutor(workers) as pool:
            tallies = list(
                pool.map(lambda sn: _chunk(a, sn[0], sn[1], paths), zip(seeds, sizes, strict=True))
            )
    return _merge(graph, a, tallies, draws, seed)


def _merge(
    g: PledgeGraph, a: _Arrays, tallies: Sequence[_Tally], draws: int, seed: int | None
) -> Outcome:
    joins = sum((t.joins for t in tallies), np.zeros((a.n, 2), dtype=np.int64))
    conflicts = sum((t.conflicts for t in tallies), np.zeros(a.n, dtype=np.int64))
    rounds: Counter[tuple[int, int]] = Counter()
    sizes: Counter[tuple[int, int]] = Counter()
    path_counts: Counter[int] = Counter()
    examples: dict[int, list[list[tuple[int, int]]]] = {}
    for t in tallies:
        rounds.update(t.rounds)
        sizes.update(t.sizes)
        path_counts.update(t.paths)
        for k, v in t.examples.items():
            examples.setdefault(k, v)
    p_join = {g.states[i]: (joins[i, 0] / draws, joins[i, 1] / draws) for i in a.movers.tolist()}
    p_conflict = {g.states[i]: conflicts[i] / draws for i in np.flatnonzero(conflicts)}
    by_state: dict[int, dict[int, int]] = {}
    for (s, rnd), n in sorted(rounds.items()):
        by_state.setdefault(g.states[s], {})[rnd] = n
    top = [(k, n) for k, n in path_counts.most_common() if k in examples][:_TOP_PATHS]
    paths = [
        (n / draws, [[(g.states[s], side) for s, side in rnd] for rnd in examples[k]])
        for k, n in top
    ]
    return Outcome(
        draws=draws,
        seed=seed,
        p_join={s: (float(pa), float(pt)) for s, (pa, pt) in p_join.items()},
        p_conflict={s: float(p) for s, p in p_conflict.items()},
        rounds=by_state,
        coalition_sizes=dict(sizes),
        paths=paths,
    )
