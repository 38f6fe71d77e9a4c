"""Register edits serialise: concurrent reviews of one file, in separate processes, lose nothing.

Issue 13, defect 1: two ``foedus review accept`` of different proposals on the same
register file, run at once, both reported success and the file kept only one of
them. Each accept now takes the register folder's lock, re-reads the file under
it and re-applies its proposal to what it finds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foedus.curation.proposals import ArticleRef, Catalogue, Proposal, propose_event
from foedus.curation.review import ProposalStore, accept, reject
from foedus.errors import InputError
from foedus.register import load_record, register_dir

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
SEED_ARTICLE = SEED / "2024-06-19-putin-kim-pact.txt"
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
PUBLISHERS = ["Wire", "Herald", "Courier", "Gazette", "Post", "Tribune", "Observer", "Times"]

# A reviewer in its own process: waits for the start signal, then accepts (or rejects).
RUNNER = """
import sys, time
from pathlib import Path
from foedus.curation.review import ProposalStore, accept, reject
from foedus.errors import InputError
go, proposals, register, pid, who, verb = sys.argv[1:7]
while not Path(go).exists():
    time.sleep(0.001)
store = ProposalStore(proposals)
try:
    if verb == "accept":
        accept(store, pid, reviewer=who, register=register)
    else:
        reject(store, pid, reviewer=who)
except InputError as exc:  # already decided: another process won
    print(exc)
"""


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    folder.mkdir()
    for path in register_dir().glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


def _proposals(register: Path, count: int) -> list[Proposal]:
    """``count`` proposals, each adding a different article as a source of rus-prk-2024."""
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"the seed article is not at {SEED_ARTICLE}")
    from foedus.news import ingest

    (event,) = ingest(SEED_ARTICLE, published="2024-06-19").events
    cat = Catalogue.load(register)
    made = []
    for i in range(count):
        day = dt.date(2024, 6, 20 + i)
        article = ArticleRef(
            f"https://example.org/{i}", f"Russia and North Korea sign pact ({i})",
            f"Example {PUBLISHERS[i]}", day, "",
        )  # fmt: skip
        proposal = propose_event(event, article, cat, now=NOW)
        assert isinstance(proposal, Proposal) and proposal.target == "rus-prk-2024.yaml"
        made.append(proposal)
    assert len({p.id for p in made}) == count
    return made


def _race(tmp_path: Path, jobs: list[tuple[str, str, str]], proposals: Path, register: Path):  # type: ignore[no-untyped-def]
    """Start one process per (pid, reviewer, verb), release them together, wait for all."""
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(go), str(proposals), str(register), pid, who, verb],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pid, who, verb in jobs
    ]
    time.sleep(2.0)  # every process has imported foedus and is polling for the signal
    go.touch()
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert code == 0, err
    return results


def test_concurrent_accepts_in_separate_processes_keep_every_change(
    tmp_path: Path, register_copy: Path
) -> None:
    proposals = _proposals(register_copy, 8)
    store = ProposalStore(tmp_path / "proposals")
    for p in proposals:
        store.add(p)
    jobs = [(p.id, f"reviewer-{i}", "accept") for i, p in enumerate(proposals)]
    _race(tmp_path, jobs, store.folder, register_copy)
    record = load_record(register_copy / "rus-prk-2024.yaml")
    cited = {c.key for c in record.signed.sources}
    for i in range(len(proposals)):
        key = f"example-{PUBLISHERS[i].lower()}-2024-06-{20 + i}"
        assert key in cited, (key, sorted(cited))
    reviews = {r.proposal: r.accepted_by for r in record.reviews}
    assert reviews == {p.id: f"reviewer-{i}" for i, p in enumerate(proposals)}
    assert all(store.get(p.id).status == "accepted" for p in proposals)
    assert [p.name for p in register_copy.iterdir() if p.suffix != ".yaml"] == []


def test_accept_and_reject_of_one_proposal_at_once_agree(
    tmp_path: Path, register_copy: Path
) -> None:
    (proposal,) = _proposals(register_copy, 1)
    store = ProposalStore(tmp_path / "proposals")
    store.add(proposal)
    jobs = [(proposal.id, "acceptor", "accept"), (proposal.id, "rejecter", "reject")]
    _race(tmp_path, jobs, store.folder, register_copy)
    status = store.get(proposal.id).status
    in_file = proposal.id in {
        r.proposal for r in load_record(register_copy / "rus-prk-2024.yaml").reviews
    }
    assert (status, in_file) in {("accepted", True), ("rejected", False)}


def test_an_accept_killed_after_writing_the_file_is_finished_once(
    tmp_path: Path, register_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (proposal,) = _proposals(register_copy, 1)
    store = ProposalStore(tmp_path / "proposals")
    store.add(proposal)

    def die(*_args: object) -> None:
        raise KeyboardInterrupt  # stands for a kill between the two writes

    monkeypatch.setattr("foedus.curation.review._mark_accepted", die)
    with pytest.raises(KeyboardInterrupt):
        accept(store, proposal.id, reviewer="first", register=register_copy, now=NOW)
    monkeypatch.undo()
    # The undo ran: the file is as before and the proposal still pending.
    assert proposal.id not in {
        r.proposal for r in load_record(register_copy / "rus-prk-2024.yaml").reviews
    }
    # A real kill -9 skips the undo; simulate the state it leaves, then accept again.
    monkeypatch.setattr("foedus.curation.review._mark_accepted", die)
    monkeypatch.setattr("foedus.curation.review._write_atomic", _write_once(register_copy))
    with pytest.raises(KeyboardInterrupt):
        accept(store, proposal.id, reviewer="first", register=register_copy, now=NOW)
    monkeypatch.undo()
    assert store.get(proposal.id).status == "pending"
    accept(store, proposal.id, reviewer="second", register=register_copy)
    record = load_record(register_copy / "rus-prk-2024.yaml")
    assert [r.accepted_by for r in record.reviews if r.proposal == proposal.id] == ["first"]
    decided = store.get(proposal.id)
    assert decided.status == "accepted" and decided.decision["by"] == "first"
    with pytest.raises(InputError, match="already accepted"):
        reject(store, proposal.id)


def _write_once(register: Path):  # type: ignore[no-untyped-def]
    """_write_atomic that writes the register file and then refuses to write it back."""
    from foedus.curation import review

    real = review._write_atomic
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        if path.parent == register and written:
            return  # the undo never happens: the process is gone
        if path.parent == register:
            written.append(path)
        real(path, text)

    return write


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    from foedus.register.lock import folder_lock

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom foedus.register.lock import folder_lock\n"
         "with folder_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)",
         str(tmp_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    from foedus.errors import RegisterError

    with (
        pytest.raises(RegisterError, match="another foedus process"),
        folder_lock(tmp_path, timeout=0.2),
    ):
        pass
    os.kill(holder.pid, 9)
    holder.wait()
    holder.stdout.close()
    with folder_lock(tmp_path, timeout=5):
        pass
