"""Precision, recall and accuracy on the labelled articles, with floors.

Four sets: ``articles`` (44, the rules were developed on them), ``heldout`` (15,
written after, scored once, then used to fix general gaps), ``blind`` (15,
written after the rules were frozen; one gap fixed after its first score) and
``realstyle`` (39, in the styles real outlets print and scrapers deliver: wire
datelines, stamps, captions, HTML pages, briefings with several events; scored
once, then used to fix general gaps — its README gives both scores).

The figures are printed (``pytest -s``). Each older set may have at most one
article that misses anything (a wrong kind, party, date, place or dropped line),
so a change that costs accuracy fails here; ``generalise`` (44 articles in new
registers) has its own floor at today's score. The seed article is scored as a
45th article when it is present.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foedus.news.evaluate import Expected, Labelled, Scores, evaluate, load_labels, main

HERE = Path(__file__).resolve().parent
ARTICLES, HELDOUT, BLIND = HERE / "articles", HERE / "heldout", HERE / "blind"
REALSTYLE = HERE / "realstyle"
GENERALISE = HERE / "generalise"
SEED = HERE.parents[2] / "shared" / "examples" / "2024-06-19-putin-kim-pact.txt"


def _with_seed(rows: list[Labelled]) -> list[Labelled]:
    if not SEED.is_file():
        return rows
    seed = Labelled(
        SEED,
        dt.date(2024, 6, 19),
        (Expected("signed", frozenset({365, 731}), "2024-06-19", "Pyongyang"),),
        None,
    )
    return [*rows, seed]


@pytest.fixture(scope="module")
def labelled() -> Scores:
    return evaluate(_with_seed(load_labels(ARTICLES / "labels.yaml")))


@pytest.fixture(scope="module")
def heldout() -> Scores:
    return evaluate(HELDOUT / "labels.yaml")


def test_the_labelled_set_covers_every_kind_and_the_negatives() -> None:
    rows = load_labels(ARTICLES / "labels.yaml")
    assert len(rows) >= 30
    kinds = [e.kind for r in rows for e in r.events]
    for kind in ("signed", "ratified", "entered_into_force", "acceded", "suspended", "withdrawn",
                 "invoked", "expired"):  # fmt: skip
        assert kinds.count(kind) >= 2, kind
    assert sum(1 for r in rows if not r.events) >= 6
    assert all(Path(r.path).is_file() for r in rows)


def _report(name: str, scores: Scores) -> None:
    print(f"\n{name}\n" + scores.table())


def test_scores_on_the_labelled_set(labelled: Scores) -> None:
    _report("labelled set", labelled)
    assert labelled.misses <= 1
    assert labelled.dropped_correct == labelled.dropped_total


def test_scores_on_the_second_set(heldout: Scores) -> None:
    _report("second set", heldout)
    assert heldout.misses <= 1


def test_scores_on_the_third_set() -> None:
    blind = evaluate(BLIND / "labels.yaml")
    _report("third set", blind)
    assert blind.misses <= 1


def test_scores_on_the_real_style_set() -> None:
    real = evaluate(REALSTYLE / "labels.yaml")
    _report("real-style set", real)
    assert len(real.articles) >= 30
    assert real.misses <= 1


def test_scores_on_the_fresh_real_style_batch() -> None:
    # Written after the realstyle rules were made; scored once (README), then four
    # general gaps it showed were fixed, so it is no longer blind.
    fresh = evaluate(REALSTYLE / "fresh" / "labels.yaml")
    _report("fresh real-style batch", fresh)
    assert fresh.misses <= 1


def test_scores_on_the_generalise_set() -> None:
    # 44 articles in registers the rules had not seen, scored once before any change
    # (kind 0.636, parties P/R 0.690/0.526, 23 articles missing something; its README).
    # Its failure kinds were then fixed with general rules, so it is no longer held out:
    # the floor keeps what was won (eight articles still miss something; README lists them).
    general = evaluate(GENERALISE / "labels.yaml")
    _report("generalise set", general)
    assert len(general.articles) >= 40
    assert general.misses <= 8
    assert general.kind_accuracy >= 0.95
    assert general.party_precision >= 0.92 and general.party_recall >= 0.94
    assert general.actor_accuracy >= 0.96 and general.organisation_accuracy == 1.0
    negatives = [a for a in general.articles if not a.expected_kinds]
    assert len(negatives) >= 16
    assert sum(1 for a in negatives if a.found_kinds) <= 1


def test_two_events_of_one_kind_are_scored_each_against_its_own(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Britain and Ukraine signed a security pact on Thursday.\n\n"
        "Russia and Iran signed a partnership treaty on Friday.",
        "utf-8",
    )
    (tmp_path / "labels.yaml").write_text(
        "- file: a.txt\n  published: 2025-01-18\n  events:\n"
        "    - {kind: signed, parties: [200, 369], date: 2025-01-16}\n"
        "    - {kind: signed, parties: [365, 630], date: 2025-01-17}\n",
        "utf-8",
    )
    s = evaluate(tmp_path / "labels.yaml")
    assert (s.party_precision, s.party_recall, s.date_accuracy) == (1.0, 1.0, 1.0)


def test_a_wrong_answer_is_scored_as_wrong(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Finland joined NATO on Tuesday.", "utf-8")
    (tmp_path / "labels.yaml").write_text(
        "- file: a.txt\n  published: 2023-04-04\n"
        "  events: [{kind: signed, parties: [375, 2], date: 2023-04-05}]\n",
        "utf-8",
    )
    s = evaluate(tmp_path / "labels.yaml")
    assert (s.kind_accuracy, s.party_precision, s.party_recall) == (0.0, 1.0, 0.5)
    assert s.articles[0].problems


def test_actor_and_organisation_are_scored_when_labelled(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Finland joined NATO on Tuesday.", "utf-8")
    (tmp_path / "labels.yaml").write_text(
        "- file: a.txt\n  published: 2023-04-04\n  events:\n"
        "    - {kind: acceded, parties: [375], date: 2023-04-04, actor: 375, organisation: CSTO}\n",
        "utf-8",
    )
    s = evaluate(tmp_path / "labels.yaml")
    assert (s.actor_correct, s.actor_total) == (1, 1)
    assert (s.organisation_correct, s.organisation_total) == (0, 1)
    assert "organisation NATO (expected CSTO)" in s.articles[0].problems[0]


def test_the_scorer_on_the_command_line_says_what_is_wrong(tmp_path, capsys) -> None:
    assert main(["--help"]) == 0 and "FOLDER_OR_LABELS_YAML" in capsys.readouterr().out
    assert main([]) == 2
    assert main([str(tmp_path / "none")]) == 1
    assert "cannot read the labels file" in capsys.readouterr().err
    bad = tmp_path / "labels.yaml"
    bad.write_text("- file: [unclosed\n", encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    assert "not valid YAML" in capsys.readouterr().err
