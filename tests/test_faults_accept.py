"""Fault injection for review decisions: kill -9 at random moments of ``foedus review accept``,
a read-only register folder, a read-only proposals folder.

The promise under test: the register file is at every moment the old text or the new
one, whole and valid; the proposal is pending or accepted; the one state where they
disagree (the file written, the process killed before it marked the proposal) is
finished by the next accept without adding the change twice.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foedus.curation.proposals import ArticleRef, Catalogue, Proposal, propose_event
from foedus.curation.review import ProposalStore, accept
from foedus.errors import FoedusError, RegisterError
from foedus.register import load_record, register_dir

SEED_ARTICLE = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "examples"
    / "2024-06-19-putin-kim-pact.txt"
)
TARGET = "rus-prk-2024.yaml"
CLI = "from foedus.cli import main; main()"
RANDOM_SEED = int(os.environ.get("FOEDUS_FAULT_SEED", "13"))


@pytest.fixture(scope="module")
def event():  # type: ignore[no-untyped-def]
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"the seed article is not at {SEED_ARTICLE}")
    from foedus.news import ingest

    (found,) = ingest(SEED_ARTICLE, published="2024-06-19").events
    return found


def _setup(root: Path, event) -> tuple[Path, ProposalStore, Proposal]:  # type: ignore[no-untyped-def]
    register = root / "register"
    shutil.copytree(register_dir(), register)
    article = ArticleRef(
        "https://example.org/a", "Russia and North Korea sign pact", "Example Wire",
        dt.date(2024, 6, 20), "",
    )  # fmt: skip
    proposal = propose_event(event, article, Catalogue.load(register))
    assert isinstance(proposal, Proposal) and proposal.target == TARGET
    store = ProposalStore(root / "proposals")
    store.add(proposal)
    return register, store, proposal


def _accept_cli(store: ProposalStore, register: Path, pid: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "review", "accept", pid, "--reviewer", "killed",
         "--proposals", str(store.folder), "--register", str(register)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _reviews(register: Path, pid: str) -> int:
    return sum(r.proposal == pid for r in load_record(register / TARGET).reviews)


def test_kill_9_at_random_moments_of_an_accept(event, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(RANDOM_SEED)
    # How long one accept takes as a whole process, to spread the kills over it.
    register, store, proposal = _setup(tmp_path / "timing", event)
    start = time.monotonic()
    proc = _accept_cli(store, register, proposal.id)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    seconds = time.monotonic() - start
    outcomes = []
    for i in range(8):
        register, store, proposal = _setup(tmp_path / f"kill-{i}", event)
        before = (register / TARGET).read_bytes()
        proc = _accept_cli(store, register, proposal.id)
        delay = rnd.uniform(0.0, seconds * 1.2)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        written = (register / TARGET).read_bytes() != before
        status = store.get(proposal.id).status
        if written:
            assert _reviews(register, proposal.id) == 1  # whole, valid, the change once
        else:
            load_record(register / TARGET)
        assert (written, status) in {(False, "pending"), (True, "pending"), (True, "accepted")}
        outcomes.append((round(delay, 2), "new" if written else "old", status))
        if status == "pending":  # the next accept finishes the job, once
            accept(store, proposal.id, reviewer="next", register=register)
            assert _reviews(register, proposal.id) == 1
        assert store.get(proposal.id).status == "accepted"
        assert [p.name for p in register.iterdir() if p.name.startswith(".")] == []
    print(f"accept killed after (s, file, proposal): {outcomes}; one accept takes {seconds:.1f} s")


def _read_only(folder: Path) -> bool:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    ok = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if ok.returncode != 0:
        return False
    ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True)
    return ro.returncode == 0


def _writable(folder: Path) -> None:
    if os.geteuid() != 0:
        folder.chmod(0o755)
    else:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("which", ["register", "proposals"])
def test_a_read_only_folder_refuses_cleanly_and_changes_nothing(
    event,
    tmp_path: Path,
    which: str,  # type: ignore[no-untyped-def]
) -> None:
    register, store, proposal = _setup(tmp_path, event)
    folder = register if which == "register" else store.folder
    before = (register / TARGET).read_bytes()
    if not _read_only(folder):
        pytest.skip("root, and cannot bind-mount a folder read-only here")
    try:
        with pytest.raises(FoedusError, match=r"Read-only file system|Permission denied") as err:
            accept(store, proposal.id, reviewer="r", register=register)
        assert isinstance(err.value, RegisterError) == (which == "register")
    finally:
        _writable(folder)
    assert (register / TARGET).read_bytes() == before
    assert store.get(proposal.id).status == "pending"


# A kill -9 at an exact moment: the process kills itself when it reaches the point.
KILL_AT = """
import os, signal, sys
point, *argv = sys.argv[1:]
real = os.replace

def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def replace(src, dst, *args, **kwargs):
    if (point, str(dst).rsplit(".", 1)[-1]) in {("register-rename", "yaml"),
                                                ("proposal-rename", "json")}:
        die()
    return real(src, dst, *args, **kwargs)

os.replace = replace
if point == "before-mark":
    import foedus.curation.review as review
    review._mark_accepted = die
from foedus.cli import main
main(argv)
"""


@pytest.mark.parametrize(
    ("point", "file", "status"),
    [
        ("register-rename", "old", "pending"),  # the new text written, not yet renamed
        ("before-mark", "new", "pending"),  # the file renamed, the proposal not yet marked
        ("proposal-rename", "new", "pending"),  # the decision written, not yet renamed
    ],
)
def test_kill_9_at_each_moment_between_the_writes(
    event,
    tmp_path: Path,
    point: str,
    file: str,
    status: str,  # type: ignore[no-untyped-def]
) -> None:
    register, store, proposal = _setup(tmp_path, event)
    before = (register / TARGET).read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT, point, "review", "accept", proposal.id,
         "--reviewer", "killed", "--proposals", str(store.folder), "--register", str(register)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    written = (register / TARGET).read_bytes() != before
    assert ("new" if written else "old", store.get(proposal.id).status) == (file, status)
    assert _reviews(register, proposal.id) == (1 if written else 0)
    path = accept(store, proposal.id, reviewer="next", register=register)
    assert path == register / TARGET and _reviews(register, proposal.id) == 1
    decided = store.get(proposal.id)
    assert decided.status == "accepted"
    assert decided.decision and decided.decision["by"] == ("killed" if written else "next")
    assert [p.name for p in register.iterdir() if p.name.startswith(".")] == []
