"""The cascade's rounds, vectorised over draws: who joins which side, how often, in what order.

The casus-foederis judge decides which pledges a war triggers (see
:mod:`foedus.analyses.world`, which judges each pledge of a day once per role
of its beneficiary); a draw only decides which triggered pledges are honoured.
So the rounds of one draw are boolean algebra over bits, and this module runs
them for 64 draws per machine word:

* a **commitment** is one state's promise under one treaty of one type (the
  United Kingdom's defence pledge under NATO); in a draw it is honoured or not,
  with its probability, once for the whole war, whichever partner calls on it;
* a **pull** ``(b, o, side, k)``: when ``b`` fights on ``side`` and commitment
  ``k`` is honoured, ``o`` joins ``side`` (a defence pledge toward an attacked
  ally, an offence pledge toward an ally that attacks);
* a **hold** ``(b, o, side, k)``: when ``b`` fights on ``side`` and ``k`` is
  honoured, ``o`` may not join the other side (neutrality, non-aggression);
* a state pulled to both sides, or pulled to a side it may not join, is in
  **conflict** in that draw: it stays out, and the count is reported, never
  resolved silently.

Pulls and holds only grow as states join, so a draw's rounds end when one adds
nobody; each round looks again only at pledges toward states that joined in the
last one. Honour bits come from a random stream of their own per commitment,
seed and chunk of draws (:data:`CHUNK`), so the same commitment is honoured in
the same draws whatever else the graph holds, however many threads run, and in
a sweep every scenario sees the same draws (common random numbers: a
difference between two scenarios comes from the pledges, not from the dice).

A hand-worked case: a target defended by two states, one honouring always and
one never:

>>> g = PledgeGraph(states=(1, 2, 3, 4), commitments=((3, "t", "defense"), (4, "t", "defense")),
...                 probabilities=(1.0, 0.0), pulls=((2, 3, TARGET, 0), (2, 4, TARGET, 1)),
...                 holds=())
>>> (r,) = simulate(g, [Start({1}, {2})], draws=1000, seed=1)
>>> r.p_join[3], r.p_join.get(4)  # a state no draw brings in has no entry
((0.0, 1.0), None)
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
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
    "Prepared",
    "Start",
    "honour_bits",
    "prepare",
    "simulate",
]

OUT, ATTACKER, TARGET = 0, 1, 2
SIDES = (ATTACKER, TARGET)
_OTHER = {ATTACKER: TARGET, TARGET: ATTACKER}
_SIDE_NAME = {ATTACKER: "attacker", TARGET: "target"}
#: Draws per chunk: each (commitment, chunk) has its own random stream.
CHUNK = 1 << 16
_BITS = 16  # honour probabilities are exact to 1/65536
_TOP_PATHS = 10
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)

Commitment = tuple[int, str, str]  # (obligor, treaty, obligation type)
Edge = tuple[int, int, int, int]  # (beneficiary, obligor, side, commitment index)


@dataclass(frozen=True)
class PledgeGraph:
    """Every triggered pledge of a day (or of one scenario), as the draws need it.

    ``states`` are COW codes; ``commitments[k]`` is honoured with
    ``probabilities[k]``; ``pulls`` and ``holds`` are ``(beneficiary, obligor,
    side, k)`` as the module docstring says.
    """

    states: tuple[int, ...]
    commitments: tuple[Commitment, ...]
    probabilities: tuple[float, ...]
    pulls: tuple[Edge, ...]
    holds: tuple[Edge, ...]

    def __post_init__(self) -> None:
        n = len(self.commitments)
        if len(self.probabilities) != n:
            raise InputError("a pledge graph needs one probability per commitment")
        if any(not 0.0 <= p <= 1.0 for p in self.probabilities):
            raise InputError("honour probabilities must lie between 0 and 1")
        for e in (*self.pulls, *self.holds):
            if not 0 <= e[3] < n or e[2] not in SIDES:
                raise InputError(f"bad pledge edge {e}: side 1 or 2, a known commitment")


@dataclass(frozen=True)
class Start:
    """One scenario's first day, and the pledges judged for it alone (open conditions)."""

    attackers: frozenset[int] | set[int]
    targets: frozenset[int] | set[int]
    pulls: tuple[Edge, ...] = ()
    holds: tuple[Edge, ...] = ()


@dataclass
class Outcome:
    """What the draws of one scenario gave.

    ``p_join[state]`` is ``(p_attacker_side, p_target_side)`` for every state
    some pledge can call in; ``p_conflict[state]`` the share of draws in which
    it was bound to both sides (or to a side it had promised not to fight);
    ``rounds[state]`` counts the draws in which it joined, by round;
    ``coalition_sizes`` counts draws by the number of states that joined each
    side; ``paths`` are the most frequent orders of joining, each
    ``(share, [[(state, side), …] per round])``.
    """

    draws: int
    seed: int
    p_join: dict[int, tuple[float, float]]
    p_conflict: dict[int, float]
    rounds: dict[int, dict[int, int]] = field(default_factory=dict)
    coalition_sizes: dict[tuple[int, int], int] = field(default_factory=dict)
    paths: list[tuple[float, list[list[tuple[int, int]]]]] = field(default_factory=list)

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
                    "rounds": [[{"state": s, "side": _SIDE_NAME[x]} for s, x in r] for r in path],
                }
                for share, path in self.paths
            ],
        }


# -- honour bits ---------------------------------------------------------------------------


def _key(c: Commitment) -> int:
    digest = hashlib.blake2b(f"{c[0]}|{c[1]}|{c[2]}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def honour_bits(c: Commitment, p: float, seed: int, chunk: int, words: int) -> np.ndarray:
    """``words`` × 64 honour bits of commitment ``c`` in chunk ``chunk`` of the draws.

    Each bit is 1 with probability ``p`` (rounded to 1/65536): the binary digits
    of ``p`` combine random words, from the last digit to the first, with OR
    (digit 1) and AND (digit 0).
    """
    q = round(p * (1 << _BITS))
    if q <= 0:
        return np.zeros(words, dtype=np.uint64)
    if q >= 1 << _BITS:
        return np.full(words, _ALL, dtype=np.uint64)
    low = (q & -q).bit_length() - 1  # digits below the lowest 1 leave the result at 0
    n = _BITS - low
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence([seed, _key(c), chunk])))
    raw = rng.integers(0, _ALL, size=(n, words), dtype=np.uint64, endpoint=True)
    acc = np.zeros(words, dtype=np.uint64)
    for i in range(n):
        if (q >> (low + i)) & 1:
            acc |= raw[i]
        else:
            acc &= raw[i]
    return acc


class _Honour:
    """Honour bits of one chunk, made for a commitment the first time a round needs it."""

    def __init__(self, g: PledgeGraph, seed: int, chunk: int, words: int, draws: int) -> None:
        self.g, self.seed, self.chunk, self.words = g, seed, chunk, words
        self.bits = np.zeros((len(g.commitments), words), dtype=np.uint64)
        self.made = np.zeros(len(g.commitments), dtype=bool)
        self.valid = _valid(draws, words)

    def rows(self, ks: np.ndarray) -> np.ndarray:
        missing = np.unique(ks[~self.made[ks]])
        for k in missing.tolist():
            c = self.g.commitments[k]
            bits = honour_bits(c, self.g.probabilities[k], self.seed, self.chunk, self.words)
            self.bits[k] = bits & self.valid
            self.made[k] = True
        return self.bits[ks]


def _valid(draws: int, words: int) -> np.ndarray:
    mask = np.zeros(words * 64, dtype=bool)
    mask[:draws] = True
    return np.packbits(mask, bitorder="little").view(np.uint64)


# -- the rounds ----------------------------------------------------------------------------


class _Groups:
    """Pulls (or holds) grouped for speed: one row per (obligor, side, commitment), reading
    one shared *set* of beneficiaries.

    A multilateral treaty's n members owe each other n(n-1) pledges, but a member's
    commitment is called as soon as *any* other member fights on the side: so the
    row reads "some member of this set is on the side", computed once per set and
    round for every obligor that shares it. The obligor may be in its own set: once
    it fights, what calls it no longer matters.
    """

    def __init__(self, edges: Iterable[Edge], pos: dict[int, int], n: int) -> None:
        by: dict[tuple[int, int, int], set[int]] = {}
        for b, o, side, k in edges:
            by.setdefault((pos[o], side, k), set()).add(pos[b])
        sets: dict[tuple[frozenset[int], int], int] = {}
        rows = []
        for (o, side, k), bs in sorted(by.items()):
            key = (frozenset(bs | {o}), side)
            if key not in sets:
                sets[key] = len(sets)
            rows.append((o, side, k, sets[key]))
        self.o = np.asarray([r[0] for r in rows], dtype=np.intp)
        self.side = np.asarray([r[1] for r in rows], dtype=np.intp)
        self.k = np.asarray([r[2] for r in rows], dtype=np.intp)
        self.set = np.asarray([r[3] for r in rows], dtype=np.intp)
        listed = sorted(sets.items(), key=lambda kv: kv[1])
        self.set_side = np.asarray([side for (_, side), _ in listed], dtype=np.intp)
        self.members = [np.asarray(sorted(m), dtype=np.intp) for (m, _), _ in listed]
        self.sets_of: list[list[int]] = [[] for _ in range(n)]
        for sid, m in enumerate(self.members):
            for s in m.tolist():
                self.sets_of[s].append(sid)
        order = np.argsort(self.set, kind="stable")
        cuts = np.searchsorted(self.set[order], np.arange(len(sets) + 1))
        self.rows_of = [order[cuts[i] : cuts[i + 1]] for i in range(len(sets))]
        ocuts = np.searchsorted(self.o, np.arange(n + 1))  # rows are sorted by obligor
        self.rows_by_obligor = [np.arange(ocuts[i], ocuts[i + 1]) for i in range(n)]

    def __len__(self) -> int:
        return len(self.o)


class Prepared:
    """A graph's arrays, built once (:func:`prepare`) for many calls to :func:`simulate`."""

    def __init__(self, g: PledgeGraph) -> None:
        self.graph = g
        self.pos = {s: i for i, s in enumerate(g.states)}
        self.n = len(g.states)
        self.pulls = _Groups(g.pulls, self.pos, self.n)
        self.holds = _Groups(g.holds, self.pos, self.n)


@dataclass
class _Block:
    """The state of B scenarios × w words of draws, round after round."""

    on: np.ndarray  # (3, n, B, w)
    conflict: np.ndarray  # (n, B, w)
    history: list[tuple[int, np.ndarray, np.ndarray]]  # (round, join_attacker, join_target)


def _run(
    a: Prepared,
    starts: Sequence[Start],
    honour: _Honour,
    *,
    keep_history: bool,
    max_rounds: int = 64,
) -> _Block:
    n, nb, w = a.n, len(starts), honour.words
    on = np.zeros((3, n, nb, w), dtype=np.uint64)
    for j, st in enumerate(starts):
        for side, first in ((ATTACKER, st.attackers), (TARGET, st.targets)):
            for s in first:
                if s in a.pos:
                    on[side, a.pos[s], j] = honour.valid
    # Pledges judged for one scenario only: (b, o, side, k, scenario) arrays.
    own = [
        (kind, a.pos[b], a.pos[o], side, k, j)
        for j, st in enumerate(starts)
        for kind, edges in (("pull", st.pulls), ("hold", st.holds))
        for b, o, side, k in edges
    ]
    pull = np.zeros((3, n, nb, w), dtype=np.uint64)
    block = np.zeros((3, n, nb, w), dtype=np.uint64)
    conflict = np.zeros((n, nb, w), dtype=np.uint64)
    history: list[tuple[int, np.ndarray, np.ndarray]] = []
    anys = {
        id(gr): np.zeros((len(gr.members), nb * w), dtype=np.uint64) for gr in (a.pulls, a.holds)
    }
    fresh = np.flatnonzero((on[ATTACKER] | on[TARGET]).any(axis=(1, 2)))
    # A hold only matters to a state some pledge calls in: holds are worked out for a state
    # from the round a pull first reaches it (all its holds then, the changed ones after).
    ready = np.zeros(n, dtype=bool)
    pulled = np.zeros(n, dtype=bool)  # some pull reaches the state in some draw
    for rnd in range(1, max_rounds + 1):
        changed: list[np.ndarray] = []  # states whose pulls or holds grew this round
        for gr, into, flip in ((a.pulls, pull, False), (a.holds, block, True)):
            touched = sorted({sid for f in fresh.tolist() for sid in gr.sets_of[f]})
            if touched:
                # Some member of each touched set on the set's side, in each draw.
                members: list[np.ndarray] = [gr.members[sid] for sid in touched]
                flat = np.concatenate(members)
                sides = np.repeat(gr.set_side[touched], [len(m) for m in members])
                cuts = np.cumsum(np.asarray([0] + [len(m) for m in members[:-1]], dtype=np.intp))
                gathered = on[sides, flat].reshape(len(flat), nb * w)
                anys[id(gr)][touched] = np.bitwise_or.reduceat(gathered, cuts, axis=0)
            parts = [gr.rows_of[sid] for sid in touched]
            if flip:
                newly = np.flatnonzero(pulled & ~ready)
                parts = [r[ready[gr.o[r]]] for r in parts]
                parts += [gr.rows_by_obligor[i] for i in newly]
                ready |= pulled
            if not parts:
                continue
            rows = np.unique(np.concatenate(parts))  # sorted: by obligor, then side
            if not len(rows):
                continue
            h = honour.rows(gr.k[rows])  # (m, w)
            act = anys[id(gr)][gr.set[rows]].reshape(len(rows), nb, w) & h[:, None, :]
            row_side = gr.side[rows]
            into_side = np.where(row_side == ATTACKER, TARGET, ATTACKER) if flip else row_side
            _grouped_or_block(into, into_side, gr.o[rows], act.reshape(len(rows), nb * w), nb, w)
            changed.append(gr.o[rows])
            if not flip:
                pulled[gr.o[rows[act.reshape(len(rows), -1).any(axis=1)]]] = True
        new_now = set(fresh.tolist())
        for kind, b, o, side, k, j in own:
            if b in new_now:
                bits = on[side, b, j] & honour.rows(np.asarray([k]))[0]
                (pull if kind == "pull" else block)[
                    side if kind == "pull" else _OTHER[side], o, j
                ] |= bits
                changed.append(np.asarray([o]))
                pulled[o] |= kind == "pull" and bool(bits.any())
        if not changed:
            break
        # Only a state whose pulls or holds grew can join or fall into conflict now.
        cand = np.unique(np.concatenate(changed))
        out = ~(on[ATTACKER, cand] | on[TARGET, cand])
        pa, pt = pull[ATTACKER, cand], pull[TARGET, cand]
        clash = out & ((pa & pt) | (pa & block[ATTACKER, cand]) | (pt & block[TARGET, cand]))
        join_a = out & pa & ~clash
        join_t = out & pt & ~clash
        conflict[cand] |= clash
        joined = (join_a | join_t).any(axis=(1, 2))
        if not joined.any():
            break
        on[ATTACKER, cand] |= join_a
        on[TARGET, cand] |= join_t
        fresh = cand[joined]
        if keep_history:
            full_a, full_t = np.zeros_like(on[ATTACKER]), np.zeros_like(on[TARGET])
            full_a[cand], full_t[cand] = join_a, join_t
            history.append((rnd, full_a, full_t))
    return _Block(on, conflict, history)


def _grouped_or_block(
    target: np.ndarray, side: np.ndarray, obligor: np.ndarray, rows: np.ndarray, nb: int, w: int
) -> None:
    """target[side[i], obligor[i]] |= rows[i]: rows come sorted by obligor, then side."""
    key = obligor * 4 + side
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    grouped = np.bitwise_or.reduceat(rows, starts, axis=0).reshape(len(starts), nb, w)
    target[side[starts], obligor[starts]] |= grouped


# -- tallies -------------------------------------------------------------------------------


@dataclass
class _Tally:
    joins: np.ndarray  # (n, 2)
    conflicts: np.ndarray  # (n,)
    rounds: Counter[tuple[int, int]] = field(default_factory=Counter)
    sizes: Counter[tuple[int, int]] = field(default_factory=Counter)
    paths: Counter[int] = field(default_factory=Counter)
    examples: dict[int, list[list[tuple[int, int]]]] = field(default_factory=dict)


def _tally(block: _Block, j: int, starts: Sequence[Start], a: Prepared, draws: int,
           detail: bool) -> _Tally:  # fmt: skip
    on = block.on[:, :, j]  # (3, n, w)
    initial = np.zeros(a.n, dtype=bool)
    for s in (*starts[j].attackers, *starts[j].targets):
        if s in a.pos:
            initial[a.pos[s]] = True
    joins = np.stack(
        [np.bitwise_count(on[ATTACKER]).sum(axis=1), np.bitwise_count(on[TARGET]).sum(axis=1)],
        axis=1,
    ).astype(np.int64)
    joins[initial] = 0
    t = _Tally(joins, np.bitwise_count(block.conflict[:, j]).sum(axis=1).astype(np.int64))
    if not detail:
        return t
    for rnd, ja, jt in block.history:
        counts = np.bitwise_count(ja[:, j] | jt[:, j]).sum(axis=1)
        for s in np.flatnonzero(counts):
            t.rounds[(int(s), rnd)] += int(counts[s])
    movers = np.flatnonzero(~initial & (on[ATTACKER] | on[TARGET]).any(axis=1))
    if len(movers):
        ua = np.unpackbits(on[ATTACKER, movers].view(np.uint8), axis=1, bitorder="little")
        ut = np.unpackbits(on[TARGET, movers].view(np.uint8), axis=1, bitorder="little")
        na = ua[:, :draws].sum(axis=0, dtype=np.int64)
        nt = ut[:, :draws].sum(axis=0, dtype=np.int64)
        pairs, counts = np.unique(na * 1_000_000 + nt, return_counts=True)
        for p, c in zip(pairs.tolist(), counts.tolist(), strict=True):
            t.sizes[(p // 1_000_000, p % 1_000_000)] += c
    else:
        t.sizes[(0, 0)] += draws
    t.paths, t.examples = _paths([(r, ja[:, j], jt[:, j]) for r, ja, jt in block.history], draws)
    return t


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
    matrix = matrix[:, :draws]
    codes = np.zeros(draws, dtype=np.uint64)
    for i in range(len(rows)):
        if i and i % 64 == 0:
            codes *= np.uint64(0x9E3779B97F4A7C15)
        codes ^= matrix[i].astype(np.uint64) << np.uint64(i % 64)
    values, first, counts = np.unique(codes, return_index=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")[: _TOP_PATHS * 5]
    examples = {}
    for i in order:
        d = int(first[i])
        path: dict[int, list[tuple[int, int]]] = {}
        for r, (rnd, state, side) in enumerate(rows):
            if matrix[r, d]:
                path.setdefault(rnd, []).append((state, side))
        examples[int(values[i])] = [sorted(path[r]) for r in sorted(path)]
    return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True))), examples


def _merge(g: PledgeGraph, tallies: Sequence[_Tally], draws: int, seed: int) -> Outcome:
    n = len(g.states)
    joins = sum((t.joins for t in tallies), np.zeros((n, 2), dtype=np.int64))
    conflicts = sum((t.conflicts for t in tallies), np.zeros(n, dtype=np.int64))
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
    by_state: dict[int, dict[int, int]] = {}
    for (s, rnd), c in sorted(rounds.items()):
        by_state.setdefault(g.states[s], {})[rnd] = c
    top = [(k, c) for k, c in path_counts.most_common() if k in examples][:_TOP_PATHS]
    return Outcome(
        draws=draws,
        seed=seed,
        p_join={
            g.states[i]: (float(joins[i, 0] / draws), float(joins[i, 1] / draws))
            for i in np.flatnonzero(joins.sum(axis=1))
        },
        p_conflict={g.states[i]: float(conflicts[i] / draws) for i in np.flatnonzero(conflicts)},
        rounds=by_state,
        coalition_sizes=dict(sizes),
        paths=[
            (c / draws, [[(g.states[s], x) for s, x in rnd] for rnd in examples[k]]) for k, c in top
        ],
    )


def prepare(graph: PledgeGraph) -> Prepared:
    """The graph's arrays, to pass to :func:`simulate` instead of the graph when it runs often."""
    return Prepared(graph)


def simulate(
    graph: PledgeGraph | Prepared,
    starts: Sequence[Start],
    draws: int = 10_000,
    seed: int = 0,
    *,
    threads: int | None = None,
    detail: bool | None = None,
    batch: int = 1,
) -> list[Outcome]:
    """Run ``draws`` wars for each scenario in ``starts`` through ``graph``'s rounds.

    Every scenario sees the same honour bits (seeded by ``seed``), so results
    are reproducible and comparable. ``detail`` (default: only for a single
    scenario) also counts rounds, coalition sizes and the most frequent paths.
    Scenarios run ``batch`` at a time through the same arrays (one at a time is
    fastest: each round then looks only at that scenario's new belligerents); draws run in
    chunks of :data:`CHUNK`, on ``threads`` threads (default: the CPUs this
    process may use).
    """
    if draws < 1:
        raise InputError(f"draws must be at least 1, got {draws}")
    if not starts:
        return []
    detail = len(starts) == 1 if detail is None else detail
    a = graph if isinstance(graph, Prepared) else Prepared(graph)
    graph = a.graph
    chunks = [(i, min(CHUNK, draws - i * CHUNK)) for i in range((draws + CHUNK - 1) // CHUNK)]
    groups = [list(range(i, min(i + batch, len(starts)))) for i in range(0, len(starts), batch)]
    jobs = [(c, g) for c in chunks for g in groups]
    # One set of honour bits per chunk, shared by every scenario (and thread) that uses it.
    honours = {c: _Honour(graph, seed, c, (size + 63) // 64, size) for c, size in chunks}

    def job(item: tuple[tuple[int, int], list[int]]) -> tuple[list[int], list[_Tally]]:
        (chunk, size), group = item
        honour = honours[chunk]
        mine = [starts[j] for j in group]
        blk = _run(a, mine, honour, keep_history=detail)
        return group, [_tally(blk, j, mine, a, size, bool(detail)) for j in range(len(mine))]

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    workers = max(1, min(threads or cpus, len(jobs)))
    if workers == 1:
        done = [job(x) for x in jobs]
    else:
        with ThreadPoolExecutor(workers) as pool:
            done = list(pool.map(job, jobs))
    per: list[list[_Tally]] = [[] for _ in starts]
    for group, tallies in done:
        for j, t in zip(group, tallies, strict=True):
            per[j].append(t)
    return [_merge(graph, per[j], draws, seed) for j in range(len(starts))]
