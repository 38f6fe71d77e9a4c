"""Proposals from news events, and their review: matching, the proposed YAML, accept, reject.

Register folders here are always temporary copies of data/register; the real one is
only read, and a test checks it is left byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from foedus.build import check_register
from foedus.cli.news import app
from foedus.curation.matching import distinctive, find_predecessors
from foedus.curation.proposals import (
    ArticleRef,
    Catalogue,
    Proposal,
    Skipped,
    check_text,
    propose,
    propose_event,
)
from foedus.curation.review import ProposalStore, accept, diff, reject
from foedus.curation.yamledit import apply_changes, load_text, render
from foedus.errors import InputError, RegisterError
from foedus.model import ObligationType, PartialDate
from foedus.news import ingest
from foedus.news.records import Event, Party, Span
from foedus.register import load_record, load_register, register_dir

runner = CliRunner()
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


# --- fixtures ----------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}; update the test"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    folder.mkdir()
    for path in register_dir().glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def without_pact(register_copy: Path) -> Path:
    """The register without the Russia–DPRK lineage (1961, 2000, 2024 records)."""
    for rid in ("rus-prk-2024", "rus-prk-2000", "ussr-prk-1961"):
        (register_copy / f"{rid}.yaml").unlink()
    _edit(register_copy / "prc-prk-1961.yaml", "related: [ussr-prk-1961]", "related: []")
    load_register(register_copy)  # still a valid register
    return register_copy


@pytest.fixture
def without_2024(register_copy: Path) -> Path:
    """The register without rus-prk-2024, the records that refer to it adjusted."""
    (register_copy / "rus-prk-2024.yaml").unlink()
    _edit(register_copy / "rus-prk-2000.yaml", "superseded_by: [rus-prk-2024]", "superseded_by: []")
    _edit(register_copy / "ussr-prk-1961.yaml", "related: [rus-prk-2024]", "related: []")
    load_register(register_copy)
    return register_copy


@pytest.fixture
def seed(seed_path: Path):  # type: ignore[no-untyped-def]
    return ingest(seed_path, published="2024-06-19")


@pytest.fixture
def store(tmp_path: Path) -> ProposalStore:
    return ProposalStore(tmp_path / "proposals")


def _only(made) -> Proposal:  # type: ignore[no-untyped-def]
    assert len(made.proposals) == 1, (made.proposals, made.skipped)
    return made.proposals[0]


def _article(title: str, published: dt.date, text: str = "") -> ArticleRef:
    return ArticleRef(f"https://example.org/{published}", title, "Example Wire", published, text)


# --- the seed article --------------------------------------------------------------


def test_seed_against_the_real_register_adds_a_source(seed) -> None:
    real = register_dir()
    before = _snapshot(real)
    proposal = _only(propose(seed, Catalogue.load(real), now=NOW))
    assert (proposal.action, proposal.target) == ("add-source", "rus-prk-2024.yaml")
    assert proposal.matched and proposal.matched["origin"] == "register"
    assert proposal.problems == []
    record = load_text(proposal.yaml)
    cite = record["sources"]["ny-times-2024-06-19"]
    assert cite["title"] == "Putin and Kim Jong-un Sign Pact in North Korea"
    assert (cite["publisher"], str(cite["date"])) == ("NY Times", "2024-06-19")
    assert cite["note"].endswith("2024-06-19-putin-kim-pact.txt")
    added = record["signed"]["sources"][-1]
    assert added["ref"] == "ny-times-2024-06-19"
    assert "195-204 “Wednesday”" in added["locator"] and "456-465 “Pyongyang”" in added["locator"]
    # The article agrees (19 June, Pyongyang): no new alternative, the date stands.
    assert str(record["signed"]["date"]) == "2024-06-19"
    assert len(record["signed"]["alternatives"]) == 1
    # Only the signature's citation and the new source change; the rest keeps its lines.
    removed = [ln for ln in diff(proposal, real).splitlines() if ln.startswith("-")]
    assert removed == [
        "--- a/rus-prk-2024.yaml",
        "-  sources: [interfax-2024-12-05, tass-2024-12-05]",
    ]
    assert _snapshot(real) == before


def test_the_same_article_gets_the_same_id_wherever_its_file_sits(
    seed_path: Path, tmp_path: Path
) -> None:
    # A rerun (or the README's transcript on another machine) must find the same proposal.
    catalogue = Catalogue.load(register_dir())
    ids = set()
    for where in ("here", "elsewhere/deeper"):
        copy = tmp_path / where / seed_path.name
        copy.parent.mkdir(parents=True)
        shutil.copy(seed_path, copy)
        ids.add(_only(propose(ingest(copy, published="2024-06-19"), catalogue, now=NOW)).id)
    assert len(ids) == 1
    other = seed_path.read_text(encoding="utf-8").replace("Pyongyang", "Pyongyang city", 1)
    (tmp_path / "edited.txt").write_text(other, encoding="utf-8")
    edited = propose(ingest(tmp_path / "edited.txt", published="2024-06-19"), catalogue, now=NOW)
    assert _only(edited).id not in ids


def test_seed_without_the_pact_proposes_a_new_record_linked_to_atop_3440(
    seed, without_pact: Path, kb
) -> None:
    proposal = _only(propose(seed, Catalogue.load(without_pact, kb), now=NOW))
    assert (proposal.action, proposal.target, proposal.base_sha256) == (
        "new-record",
        "rus-prk-2024.yaml",
        None,
    )
    assert proposal.problems == []
    record = check_text(proposal.yaml, "rus-prk-2024", without_pact)
    assert record.party_codes == [365, 731]
    assert record.related == ["atop-3440"] and record.supersedes == []
    assert (record.signed.date.iso(), record.signed.place) == ("2024-06-19", "Pyongyang")
    assert record.in_force is None and record.instrument.value == "treaty"
    assert all(p.joined is None for p in record.parties)  # signed, not yet bound
    (article,) = record.articles
    assert article.text_kind == "paraphrase" and article.confidence.value == "low"
    assert [o.type.value for o in article.obligations] == ["defense"]
    (condition,) = article.obligations[0].conditions
    assert "in the event of “aggression” against either country" in (condition.note or "")
    assert "aid one another" in article.text
    assert "Machine-extracted" in (article.note or "")
    assert record.signed.sources[0].locator and "195-204" in record.signed.sources[0].locator
    assert "1961" in (record.note or "") and "atop-3440" in (record.note or "")


def test_the_1961_predecessor_is_the_register_record_when_there_is_one(
    seed, without_2024: Path
) -> None:
    cat = Catalogue.load(without_2024)  # no knowledge base: the register alone
    (event,) = seed.events
    assert [(w, i) for w, i, _ in find_predecessors(event, cat)] == [
        ("now-defunct 1961 treaty", "ussr-prk-1961")
    ]
    proposal = _only(propose(seed, cat, now=NOW))
    record = check_text(proposal.yaml, "rus-prk-2024", without_2024)
    assert record.related == ["ussr-prk-1961"]
    assert cat.records["ussr-prk-1961"].atop.id == "atop-3440"


# --- accept and reject -------------------------------------------------------------


def test_accept_writes_a_valid_file_with_the_review_trail(
    seed, without_pact: Path, kb, store: ProposalStore
) -> None:
    proposal = _only(propose(seed, Catalogue.load(without_pact, kb), now=NOW))
    assert store.add(proposal) and not store.add(proposal)
    assert [p.id for p in store.pending()] == [proposal.id]
    path = accept(store, proposal.id[:5], reviewer="A. Curator", register=without_pact, now=NOW)
    assert path == without_pact / "rus-prk-2024.yaml"
    assert sorted(p.suffix for p in without_pact.iterdir()) == [".yaml"] * len(
        list(without_pact.iterdir())
    )  # no temporary file left behind
    record = {r.id: r for r in load_register(without_pact)}["rus-prk-2024"]
    (review,) = record.reviews
    assert (review.accepted_by, review.accepted_at) == ("A. Curator", NOW)
    assert (review.proposal, review.action, review.event) == (proposal.id, "new-record", "signed")
    assert review.article.title == "Putin and Kim Jong-un Sign Pact in North Korea"
    assert review.article.published == PartialDate(2024, 6, 19)
    assert review.article.path and review.article.path.endswith("2024-06-19-putin-kim-pact.txt")
    assert ("date", 195, 204, "Wednesday") in [
        (e.field, e.start, e.end, e.text) for e in review.evidence
    ]
    assert store.pending() == [] and store.get(proposal.id).status == "accepted"
    with pytest.raises(InputError, match="already accepted"):
        accept(store, proposal.id, reviewer="someone else", register=without_pact)
    # The knowledge base merges the new record without an unexplained conflict.
    assert not [c for c in check_register(kb.store, without_pact) if not c.explained]


def test_reject_writes_nothing(seed, register_copy: Path, store: ProposalStore) -> None:
    proposal = _only(propose(seed, Catalogue.load(register_copy), now=NOW))
    store.add(proposal)
    before = _snapshot(register_copy)
    rejected = reject(store, proposal.id, reason="already cited elsewhere", reviewer="B", now=NOW)
    assert rejected.status == "rejected"
    assert rejected.decision == {
        "by": "B",
        "at": "2025-06-01T12:00:00Z",
        "reason": "already cited elsewhere",
    }
    assert _snapshot(register_copy) == before
    assert store.get(proposal.id).status == "rejected" and store.pending() == []
    with pytest.raises(InputError, match="already rejected"):
        accept(store, proposal.id, register=register_copy)


def test_a_proposal_that_breaks_the_schema_is_refused_and_nothing_changes(
    seed, without_pact: Path, store: ProposalStore
) -> None:
    proposal = _only(propose(seed, Catalogue.load(without_pact), now=NOW))
    proposal.yaml = proposal.yaml.replace("instrument: treaty", "instrument: gentlemen-agreement")
    store.add(proposal)
    before = _snapshot(without_pact)
    stored = store.path(proposal.id).read_bytes()
    with pytest.raises(RegisterError) as err:
        accept(store, proposal.id, reviewer="C", register=without_pact)
    message = str(err.value)
    assert "rus-prk-2024.yaml" in message and "instrument" in message
    assert "breaks the register schema" in message and err.value.field == "instrument"
    assert _snapshot(without_pact) == before
    assert store.path(proposal.id).read_bytes() == stored  # still pending, unchanged


def test_a_proposal_that_breaks_the_cross_record_checks_is_refused(
    seed, without_pact: Path, store: ProposalStore
) -> None:
    proposal = _only(propose(seed, Catalogue.load(without_pact), now=NOW))
    proposal.yaml = proposal.yaml.replace(
        "in_force: null\n", "in_force: null\nrelated: [no-such-record]\n"
    )
    store.add(proposal)
    before = _snapshot(without_pact)
    with pytest.raises(RegisterError, match="no-such-record") as err:
        accept(store, proposal.id, reviewer="C", register=without_pact)
    assert err.value.field == "related.0"
    assert _snapshot(without_pact) == before and store.get(proposal.id).status == "pending"


def test_a_proposal_re_applies_to_a_file_that_moved_on(
    seed, register_copy: Path, store: ProposalStore
) -> None:
    cat = Catalogue.load(register_copy)
    first = _only(propose(seed, cat, now=NOW))
    (event,) = seed.events
    other = _article("Russia and North Korea sign defence pact", dt.date(2024, 6, 20))
    second = propose_event(event, other, cat, now=NOW)
    assert isinstance(second, Proposal) and second.id != first.id
    store.add(first)
    store.add(second)
    accept(store, first.id, reviewer="D", register=register_copy, now=NOW)
    accept(store, second.id, reviewer="E", register=register_copy, now=NOW)
    record = load_record(register_copy / "rus-prk-2024.yaml")
    keys = {c.key for c in record.signed.sources}
    assert {"ny-times-2024-06-19", "example-wire-2024-06-20"} <= keys
    assert [r.accepted_by for r in record.reviews] == ["D", "E"]


def test_a_new_record_is_refused_once_the_file_exists(
    seed, without_pact: Path, store: ProposalStore
) -> None:
    proposal = _only(propose(seed, Catalogue.load(without_pact), now=NOW))
    store.add(proposal)
    shutil.copy(register_dir() / "rus-prk-2024.yaml", without_pact / "rus-prk-2024.yaml")
    before = _snapshot(without_pact)
    with pytest.raises(RegisterError, match="now exists"):
        accept(store, proposal.id, reviewer="F", register=without_pact)
    assert _snapshot(without_pact) == before


def test_nothing_to_propose_once_the_article_is_cited(
    seed, register_copy: Path, store: ProposalStore
) -> None:
    proposal = _only(propose(seed, Catalogue.load(register_copy), now=NOW))
    store.add(proposal)
    accept(store, proposal.id, reviewer="G", register=register_copy, now=NOW)
    again = propose(seed, Catalogue.load(register_copy), now=NOW)
    assert again.proposals == []
    assert [s.reason for s in again.skipped] == [
        "rus-prk-2024.yaml already holds everything the article says"
    ]


# --- status changes on hand-built events -------------------------------------------


def _event(kind: str, parties: list[tuple[int, str]], day: PartialDate | None, name: str | None):  # type: ignore[no-untyped-def]
    return Event(
        kind=kind,
        parties=tuple(Party(c, n, (Span("parties", 0, len(n), n),)) for c, n in parties),
        date=day,
        place=None,
        treaty_name=name,
        evidence=(Span("kind", 20, 28, kind),),
    )


def test_withdrawal_from_an_atop_only_alliance_gives_a_linked_record(
    register_copy: Path, kb, store: ProposalStore
) -> None:
    # France–Djibouti (2011) is ATOP 6040, members 220 and 522; the register has no record.
    event = _event(
        "withdrawn", [(522, "Djibouti")], PartialDate(2024, 3, 4), "defence treaty with France"
    )
    article = _article("Djibouti quits defence treaty with France", dt.date(2024, 3, 5))
    proposal = propose_event(event, article, Catalogue.load(register_copy, kb), now=NOW)
    assert isinstance(proposal, Proposal) and proposal.problems == []
    assert (proposal.action, proposal.record) == ("new-linked-record", "fra-dji-2011")
    record = check_text(proposal.yaml, proposal.record, register_copy)
    assert record.atop is not None and (record.atop.id, record.atop.relation.value) == (
        "atop-6040",
        "continues",
    )
    assert record.parties_listed == "changes" and record.parties == []
    assert record.signed.date.iso() == "2011-12-21"  # ATOP's begin date, cited to ATOP
    (exit_,) = record.status_events
    assert (exit_.kind.value, exit_.date.iso(), exit_.parties) == ("withdrawn", "2024-03-04", [522])
    assert exit_.sources[0].url == "https://example.org/2024-03-05"
    store.add(proposal)
    accept(store, proposal.id, reviewer="H", register=register_copy, now=NOW)
    assert "fra-dji-2011" in {r.id for r in load_register(register_copy)}
    assert not [c for c in check_register(kb.store, register_copy) if not c.explained]


def test_ratification_of_a_register_treaty_adds_a_ratification(register_copy: Path) -> None:
    cat = Catalogue.load(register_copy)
    event = _event("ratified", [(290, "Poland")], PartialDate(2025, 12, 10), "Treaty of Nancy")
    proposal = propose_event(
        event, _article("Sejm ratifies Nancy treaty", dt.date(2025, 12, 10)), cat
    )
    assert isinstance(proposal, Proposal) and proposal.problems == []
    assert (proposal.action, proposal.record) == ("status-change", "fra-pol-nancy-2025")
    record = check_text(proposal.yaml, proposal.record, register_copy)
    (ratification,) = record.ratifications
    assert (ratification.party, ratification.date.iso(), ratification.step.value) == (
        290,
        "2025-12-10",
        "ratified",
    )
    assert ratification.confidence.value == "medium"
    # Not a party: nothing to propose.
    germany = _event("ratified", [(255, "Germany")], PartialDate(2025, 12, 10), "Treaty of Nancy")
    assert isinstance(propose_event(germany, _article("x", dt.date(2025, 12, 10)), cat), Skipped)


def test_entry_into_force_sets_in_force_or_adds_an_alternative(register_copy: Path) -> None:
    cat = Catalogue.load(register_copy)
    pukpuk = _event(
        "entered_into_force",
        [(900, "Australia"), (910, "Papua New Guinea")],
        PartialDate(2026, 2, 1),
        "Pukpuk Treaty",
    )
    made = propose_event(pukpuk, _article("Pukpuk treaty in force", dt.date(2026, 2, 1)), cat)
    assert isinstance(made, Proposal) and made.record == "aus-png-pukpuk-2025"
    record = check_text(made.yaml, made.record, register_copy)
    assert record.in_force is not None and record.in_force.date.iso() == "2026-02-01"
    # The Nancy treaty is in force from 2026-01-22: another date is an alternative, never
    # an overwrite.
    nancy = _event(
        "entered_into_force", [(220, "France"), (290, "Poland")], PartialDate(2026, 3, 1), None
    )
    made = propose_event(nancy, _article("Nancy treaty takes effect", dt.date(2026, 3, 1)), cat)
    assert isinstance(made, Proposal) and made.record == "fra-pol-nancy-2025"
    record = check_text(made.yaml, made.record, register_copy)
    assert record.in_force.date.iso() == "2026-01-22"
    assert [a.date.iso() for a in record.in_force.alternatives] == ["2026-03-01"]


def test_a_known_status_event_gets_the_article_as_a_source(register_copy: Path) -> None:
    # The register has Armenia's freeze of 22 February 2024; "suspended" on the 23rd is it.
    cat = Catalogue.load(register_copy)
    event = _event("suspended", [(371, "Armenia")], PartialDate(2024, 2, 23), "CSTO")
    made = propose_event(event, _article("Armenia freezes CSTO role", dt.date(2024, 2, 23)), cat)
    assert isinstance(made, Proposal) and made.action == "add-source"
    assert "another date (2024-02-23) for the frozen event of 2024-02-22" in made.summary
    record = check_text(made.yaml, made.record, register_copy)
    frozen = [e for e in record.status_events if e.kind.value == "frozen"]
    assert frozen[0].date.iso() == "2024-02-22"
    assert [a.date.iso() for a in frozen[0].alternatives] == ["2024-02-23"]


ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.mark.parametrize(
    ("name", "published", "summary"),
    [
        (
            "2024-10-24-duma-ratifies-dprk.txt",
            "2024-10-24",
            "rus-prk-2024: another source for the ratification of 2024-10-24 by Russia",
        ),
        (
            "2024-12-04-dprk-treaty-in-force.txt",
            "2024-12-04",
            "rus-prk-2024: another source for entry into force on 2024-12-04",
        ),
    ],
)
def test_labelled_articles_about_known_facts_cite_them(
    name: str, published: str, summary: str, register_copy: Path
) -> None:
    made = propose(ingest(ARTICLES / name, published=published), Catalogue.load(register_copy))
    matching = [p for p in made.proposals if p.summary == summary]
    assert matching, [p.summary for p in made.proposals]
    assert matching[0].action == "add-source" and matching[0].problems == []


def test_an_unknown_treaty_gives_no_status_proposal(register_copy: Path) -> None:
    event = _event(
        "withdrawn", [(2, "United States")], PartialDate(2020, 11, 22), "Open Skies Treaty"
    )
    made = propose_event(
        event, _article("US quits Open Skies", dt.date(2020, 11, 22)), Catalogue.load(register_copy)
    )
    assert isinstance(made, Skipped) and "no known treaty" in made.reason


def test_new_record_from_a_hand_built_signature(register_copy: Path) -> None:
    text = (
        "Canada and Australia sign pact\n\n"
        "They agreed to consult immediately if either is threatened."
    )
    words = "immediately if either is threatened"
    start = text.index(words)
    event = Event(
        kind="signed",
        parties=(Party(20, "Canada"), Party(900, "Australia")),
        date=PartialDate(2031, 5, 4),
        place="Ottawa",
        treaty_name="Ottawa Accord",
        obligation_types=(ObligationType.CONSULTATION,),
        conditions=(words,),
        evidence=(Span("conditions", start, start + len(words), words),),
    )
    made = propose_event(
        event,
        _article("Canada and Australia sign pact", dt.date(2031, 5, 4), text),
        Catalogue.load(register_copy),
    )
    assert isinstance(made, Proposal) and made.record == "can-aus-2031"
    record = check_text(made.yaml, made.record, register_copy)
    assert (record.names.official, record.instrument.value) == ("Ottawa Accord", "agreement")
    assert record.legally_binding is None
    (condition,) = record.articles[0].obligations[0].conditions
    assert condition.kind.value == "without-delay"
    assert record.articles[0].text == "They agreed to consult immediately if either is threatened."


# --- matching and the YAML editor --------------------------------------------------


def test_distinctive_words_ignore_what_every_treaty_is_called() -> None:
    assert distinctive("the new mutual defence pact") == set()
    assert distinctive("20-year Comprehensive Strategic Partnership Treaty") == {
        "comprehensive",
        "strategic",
        "partnership",
    }
    assert distinctive("the 1961 treaty") == {"1961"}


def test_render_keeps_every_real_file_and_only_adds_lines() -> None:
    for path in sorted(register_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = load_text(text)
        assert render(text, data) == text, path.name
        grown = apply_changes(
            data,
            [
                {"op": "add", "path": ["sources", "zz"], "value": {"title": "T"}},
                {"op": "append", "path": ["status_events"], "value": {"kind": "invoked"}},
            ],
        )
        out = render(text, grown)
        assert yaml.safe_load(out) == yaml.safe_load(render("", grown))
        assert set(text.splitlines()) <= set(out.splitlines()), path.name


def test_apply_changes_never_overwrites() -> None:
    data = {"signed": {"date": dt.date(2024, 6, 19)}}
    same = apply_changes(data, [{"op": "set", "path": ["signed", "date"], "value": "2024-06-19"}])
    assert same == data
    with pytest.raises(RegisterError, match="different value"):
        apply_changes(data, [{"op": "set", "path": ["signed", "date"], "value": "2024-06-18"}])
    with pytest.raises(RegisterError, match="no entry"):
        apply_changes(
            {"parties": []},
            [
                {
                    "op": "append",
                    "path": ["parties", {"match": {"ccode": 2}}, "sources"],
                    "value": "x",
                }
            ],
        )


# --- the commands ------------------------------------------------------------------


def test_cli_ingest_proposes_then_review_accepts(
    seed_path: Path, without_pact: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOEDUS_DB", str(tmp_path / "no-database.duckdb"))
    where = ["--proposals", str(tmp_path / "props")]
    reg = ["--register", str(without_pact)]
    out = runner.invoke(
        app, ["ingest", str(seed_path), "--published", "2024-06-19", "--json", *where, *reg]
    )
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    assert len(payload["events"]) == 1 and len(payload["dropped"]) == 7
    (brief,) = payload["proposals"]
    assert brief["action"] == "new-record" and brief["target"] == "rus-prk-2024.yaml"
    assert brief["new"] and brief["summary"].startswith("new record rus-prk-2024")
    again = runner.invoke(
        app, ["ingest", str(seed_path), "--published", "2024-06-19", *where, *reg]
    )
    assert again.exit_code == 0 and "(proposed before)" in again.stdout

    listed = runner.invoke(app, ["review", "list", "--json", *where])
    assert [p["id"] for p in json.loads(listed.stdout)] == [brief["id"]]
    assert brief["id"] in runner.invoke(app, ["review", *where]).stdout
    shown = runner.invoke(app, ["review", "show", brief["id"], *where, *reg])
    assert shown.exit_code == 0
    assert "--- /dev/null" in shown.stdout and "+++ b/rus-prk-2024.yaml" in shown.stdout
    assert "+related: [atop-3440]" not in shown.stdout  # no knowledge base here: no ATOP link
    done = runner.invoke(app, ["review", "accept", brief["id"], "--reviewer", "I", *where, *reg])
    assert done.exit_code == 0, done.output
    assert load_record(without_pact / "rus-prk-2024.yaml").reviews[0].accepted_by == "I"
    refused = runner.invoke(app, ["review", "reject", brief["id"], *where])
    assert refused.exit_code == 1 and "already accepted" in refused.output
    missing = runner.invoke(app, ["review", "show", "ffffffff", *where])
    assert missing.exit_code == 1 and "no proposal" in missing.output


def test_cli_no_propose_stores_nothing(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOEDUS_DB", str(tmp_path / "no-database.duckdb"))
    monkeypatch.setenv("FOEDUS_PROPOSALS", str(tmp_path / "props"))
    out = runner.invoke(
        app, ["ingest", str(seed_path), "--published", "2024-06-19", "--json", "--no-propose"]
    )
    assert out.exit_code == 0 and json.loads(out.stdout)["proposals"] == []
    assert not (tmp_path / "props").exists()
    listed = runner.invoke(app, ["review", "list"])
    assert "no pending proposals" in listed.stdout
