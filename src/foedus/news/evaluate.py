"""How well ingestion does on a labelled set of articles.

A labels file (YAML) lists, per article file, the publication date to give,
the expected events (kind, parties as COW codes, date, optionally place) and
optionally the exact junk lines cleaning must drop. :func:`evaluate` ingests
each article and scores:

* **kind accuracy** — the article's set of event kinds equals the expected set
  (an article reporting no event must yield none);
* **parties precision / recall** — over (article, COW code) pairs of the states
  found party to any event;
* **event precision / recall** — over (article, kind) pairs;
* **date accuracy** and **place accuracy** — for expected events that were found;
* **actor accuracy** and **organisation accuracy** — for expected events that were found
  and whose label gives ``actor`` (the COW code of the state that acted, or null when
  several did) or ``organisation`` (NATO, CSTO… or null); labels without the key are
  not scored on it;
* **dropped exact** — articles whose dropped lines are exactly those expected.

Run it with ``python -m foedus.news.evaluate tests/news/articles``.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from foedus.errors import FoedusError, InputError
from foedus.news.ingest import IngestResult, ingest

__all__ = ["ArticleScore", "Scores", "evaluate", "load_labels"]


_UNLABELLED: Any = object()  # a label without the key: not scored on it


@dataclass(frozen=True)
class Expected:
    kind: str
    parties: frozenset[int]
    date: str | None
    place: str | None
    actor: int | None = _UNLABELLED
    organisation: str | None = _UNLABELLED


@dataclass(frozen=True)
class Labelled:
    path: Path
    published: dt.date | None
    events: tuple[Expected, ...]
    dropped: tuple[str, ...] | None


@dataclass
class ArticleScore:
    """One article's expected and found kinds and parties, and what went wrong."""

    name: str
    expected_kinds: set[str]
    found_kinds: set[str]
    expected_parties: set[int]
    found_parties: set[int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Scores:
    """The figures over a labelled set, and the per-article detail behind them."""

    articles: list[ArticleScore]
    kind_correct: int = 0
    party_tp: int = 0
    party_fp: int = 0
    party_fn: int = 0
    event_tp: int = 0
    event_fp: int = 0
    event_fn: int = 0
    date_correct: int = 0
    date_total: int = 0
    place_correct: int = 0
    place_total: int = 0
    dropped_correct: int = 0
    dropped_total: int = 0
    actor_correct: int = 0
    actor_total: int = 0
    organisation_correct: int = 0
    organisation_total: int = 0

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self._ratio(self.kind_correct, len(self.articles))

    @property
    def party_precision(self) -> float:
        return self._ratio(self.party_tp, self.party_tp + self.party_fp)

    @property
    def party_recall(self) -> float:
        return self._ratio(self.party_tp, self.party_tp + self.party_fn)

    @property
    def event_precision(self) -> float:
        return self._ratio(self.event_tp, self.event_tp + self.event_fp)

    @property
    def event_recall(self) -> float:
        return self._ratio(self.event_tp, self.event_tp + self.event_fn)

    @property
    def date_accuracy(self) -> float:
        return self._ratio(self.date_correct, self.date_total)

    @property
    def place_accuracy(self) -> float:
        return self._ratio(self.place_correct, self.place_total)

    @property
    def actor_accuracy(self) -> float:
        return self._ratio(self.actor_correct, self.actor_total)

    @property
    def organisation_accuracy(self) -> float:
        return self._ratio(self.organisation_correct, self.organisation_total)

    @property
    def misses(self) -> int:
        """How many articles missed anything at all."""
        return sum(1 for a in self.articles if not a.ok)

    def table(self) -> str:
        """The figures as a small text table, then every article that missed something."""

        def ratio(value: float, hit: int, total: int) -> str:
            return f"{value:.3f}  ({hit}/{total})"

        found_parties = self.party_tp + self.party_fp
        true_parties = self.party_tp + self.party_fn
        rows = [
            ("articles", f"{len(self.articles)}"),
            (
                "event kind accuracy",
                ratio(self.kind_accuracy, self.kind_correct, len(self.articles)),
            ),
            ("parties precision", ratio(self.party_precision, self.party_tp, found_parties)),
            ("parties recall", ratio(self.party_recall, self.party_tp, true_parties)),
            (
                "event precision",
                ratio(self.event_precision, self.event_tp, self.event_tp + self.event_fp),
            ),
            (
                "event recall",
                ratio(self.event_recall, self.event_tp, self.event_tp + self.event_fn),
            ),
            ("date accuracy", ratio(self.date_accuracy, self.date_correct, self.date_total)),
            ("place accuracy", ratio(self.place_accuracy, self.place_correct, self.place_total)),
            ("actor accuracy", ratio(self.actor_accuracy, self.actor_correct, self.actor_total)),
            (
                "organisation accuracy",
                ratio(
                    self.organisation_accuracy, self.organisation_correct, self.organisation_total
                ),
            ),
            ("dropped lines exact", f"{self.dropped_correct}/{self.dropped_total}"),
        ]
        width = max(len(r[0]) for r in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        misses = [a for a in self.articles if not a.ok]
        if misses:
            lines.append("")
            lines.append("misses:")
            for a in misses:
                lines.append(f"  {a.name}: " + "; ".join(a.problems))
        return "\n".join(lines)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _iso(value: Any) -> str | None:
    day = _date(value)
    return day.isoformat() if day else None


def load_labels(path: str | Path) -> list[Labelled]:
    """Read a labels file; article paths are relative to the file's folder."""
    path = Path(path)
    try:
        rows = yaml.safe_load(path.read_text("utf-8")) or []
    except OSError as exc:
        raise InputError(f"cannot read the labels file {path} ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from exc
    out = []
    for i, row in enumerate(rows):
        try:
            events = tuple(
                Expected(
                    e["kind"],
                    frozenset(int(c) for c in e.get("parties", [])),
                    _iso(e.get("date")),
                    e.get("place"),
                    _actor(e["actor"]) if "actor" in e else _UNLABELLED,
                    e.get("organisation", _UNLABELLED),
                )
                for e in row.get("events", [])
            )
            dropped = row.get("dropped")
            out.append(
                Labelled(
                    path=(path.parent / row["file"]),
                    published=_date(row.get("published")),
                    events=events,
                    dropped=tuple(str(d) for d in dropped) if dropped is not None else None,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{path}: entry {i + 1} is malformed ({exc}); see the file's header."
            ) from exc
    return out


def _actor(value: Any) -> int | None:
    return None if value is None else int(value)


def _norm_place(place: str | None) -> str:
    text = (place or "").strip().lower()
    return text[4:] if text.startswith("the ") else text


def score_article(label: Labelled, result: IngestResult, scores: Scores) -> ArticleScore:
    """Add one article's outcome to ``scores`` and return its detail."""
    found = result.events
    exp_kinds = {e.kind for e in label.events}
    got_kinds = {e.kind for e in found}
    exp_parties = set().union(*(e.parties for e in label.events)) if label.events else set()
    got_parties = {c for e in found for c in e.cows}
    a = ArticleScore(label.path.name, exp_kinds, got_kinds, exp_parties, got_parties)
    if exp_kinds == got_kinds:
        scores.kind_correct += 1
    else:
        a.problems.append(
            f"kinds {sorted(got_kinds) or 'none'} (expected {sorted(exp_kinds) or 'none'})"
        )
    tp = len(exp_parties & got_parties)
    scores.party_tp += tp
    scores.party_fp += len(got_parties - exp_parties)
    scores.party_fn += len(exp_parties - got_parties)
    if exp_parties != got_parties:
        a.problems.append(f"parties {sorted(got_parties)} (expected {sorted(exp_parties)})")
    scores.event_tp += len(exp_kinds & got_kinds)
    scores.event_fp += len(got_kinds - exp_kinds)
    scores.event_fn += len(exp_kinds - got_kinds)
    used: set[int] = set()
    for exp in label.events:
        # Several events of a kind (a briefing's two signatures): each expected one is
        # scored against the found one sharing most of its parties.
        same = [i for i, e in enumerate(found) if e.kind == exp.kind]
        if not same:
            continue
        free = [i for i in same if i not in used] or same
        pick = max(free, key=lambda i: (len(exp.parties & set(found[i].cows)), -i))
        used.add(pick)
        event = found[pick]
        scores.date_total += 1
        got_date = event.date.iso() if event.date else None
        if got_date == exp.date:
            scores.date_correct += 1
        else:
            a.problems.append(f"{exp.kind} date {got_date} (expected {exp.date})")
        if exp.place is not None:
            scores.place_total += 1
            if _norm_place(event.place) == _norm_place(exp.place):
                scores.place_correct += 1
            else:
                a.problems.append(f"{exp.kind} place {event.place} (expected {exp.place})")
        if exp.actor is not _UNLABELLED:
            scores.actor_total += 1
            got_actor = event.actor.cow if event.actor else None
            if got_actor == exp.actor:
                scores.actor_correct += 1
            else:
                a.problems.append(f"{exp.kind} actor {got_actor} (expected {exp.actor})")
        if exp.organisation is not _UNLABELLED:
            scores.organisation_total += 1
            if (event.organisation or "").lower() == (exp.organisation or "").lower():
                scores.organisation_correct += 1
            else:
                a.problems.append(
                    f"{exp.kind} organisation {event.organisation} (expected {exp.organisation})"
                )
    if label.dropped is not None:
        scores.dropped_total += 1
        if tuple(result.dropped) == label.dropped:
            scores.dropped_correct += 1
        else:
            a.problems.append(f"dropped {list(result.dropped)} (expected {list(label.dropped)})")
    return a


def evaluate(labels: str | Path | list[Labelled]) -> Scores:
    """Ingest every labelled article and score the answers (see the module docstring)."""
    rows = load_labels(labels) if isinstance(labels, (str, Path)) else labels
    scores = Scores(articles=[])
    for label in rows:
        result = ingest(label.path, published=label.published)
        scores.articles.append(score_article(label, result, scores))
    return scores


_USAGE = """usage: python -m foedus.news.evaluate FOLDER_OR_LABELS_YAML

Scores the extractor on a labelled set: a folder holding labels.yaml and its articles
(e.g. tests/news/generalise), or the labels file itself."""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"]):
        print(_USAGE)
        return 0
    if len(args) != 1 or args[0].startswith("-"):
        print(_USAGE, file=sys.stderr)
        return 2
    target = Path(args[0])
    labels = target / "labels.yaml" if target.is_dir() else target
    try:
        print(evaluate(labels).table())
    except FoedusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
