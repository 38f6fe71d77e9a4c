"""Fault injection for imports: kill -9, a full disk, a read-only folder, two importers,
importer plus readers, a reader during the swap.

The promise under test: the store and its lookup are at every moment either the old
build or the new one, whole; readers answer from the old one during an import and from
the new one after it; a failed import says why and leaves the old one as it was.

Two builds that answer differently: the "old" register lacks the 2024 Russia-DPRK
treaty (rus-prk-2024), the "new" one has it, so Russia owes North Korea defense on
2025-01-01 only in the new build. Imports and readers run as separate processes.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from foedus.errors import NotFound
from foedus.kb import KnowledgeBase
from foedus.lookup import lookup_path
from foedus.register import register_dir
from foedus.store import Store

pytestmark = pytest.mark.data

SEED = int(os.environ.get("FOEDUS_FAULT_SEED", "13"))
DAY = "2025-01-01"
CLI = "from foedus.cli import main; main()"

# A reader in its own process: asks until told to stop, one JSON line per answer.
READER = """
import json, sys, time
from pathlib import Path
from foedus.errors import NotFound
from foedus.kb import KnowledgeBase
db, stop, mode = sys.argv[1:4]
kb = KnowledgeBase(db) if mode == "long" else None
while not Path(stop).exists():
    try:
        if mode == "long":
            kb.refresh()
            ask = kb
        else:
            ask = KnowledgeBase(db)
        owed = sorted([o.obligor, o.type.value] for o in ask.defends(731, "2025-01-01"))
        try:
            ask.treaty("rus-prk-2024")
            has = True
        except NotFound:
            has = False
        if mode != "long":
            ask.close()
        print(json.dumps({"t": time.time(), "answer": [owed, has]}), flush=True)
    except Exception as exc:
        print(json.dumps({"t": time.time(), "error": f"{type(exc).__name__}: {exc}"}), flush=True)
    time.sleep(0.02)
"""


def _without_2024(folder: Path) -> None:
    (folder / "rus-prk-2024.yaml").unlink()
    for name, old, new in (
        ("rus-prk-2000.yaml", "superseded_by: [rus-prk-2024]", "superseded_by: []"),
        ("ussr-prk-1961.yaml", "related: [rus-prk-2024]", "related: []"),
    ):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}; update the test"
        path.write_text(text.replace(old, new), encoding="utf-8")


def _env(register: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FOEDUS_REGISTER"] = str(register)
    env.pop("FOEDUS_DB", None)
    return env


def _import(db: Path, raw: Path, register: Path, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", str(db), "data", "import", str(raw), "--json"],
        env=_env(register),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err


def answer(db: Path, *, via_store: bool = False) -> tuple[list[list[Any]], bool]:
    """Who owes North Korea what on 2025-01-01, and whether rus-prk-2024 is a treaty."""
    kb = KnowledgeBase(store=Store(db, read_only=True)) if via_store else KnowledgeBase(db)
    with kb:
        owed = sorted([o.obligor, o.type.value] for o in kb.defends(731, DAY))
        try:
            kb.treaty("rus-prk-2024")
            has = True
        except NotFound:
            has = False
    return owed, has


class World:
    """The raw files, the two registers, the two builds and their answers."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.root = root
        self.raw = root / "raw"
        for sub in ("atop-5.1", "cow-states-2016", "gw-states"):
            shutil.copytree(data_dir / sub, self.raw / sub)
        self.old_register = root / "register-old"
        self.new_register = root / "register-new"
        shutil.copytree(register_dir(), self.new_register)
        shutil.copytree(register_dir(), self.old_register)
        _without_2024(self.old_register)
        self.old_db = root / "old" / "foedus.duckdb"
        self.new_db = root / "new" / "foedus.duckdb"
        start = time.monotonic()
        for db, register in ((self.old_db, self.old_register), (self.new_db, self.new_register)):
            code, _, err = _finish(_import(db, self.raw, register))
            assert code == 0, err
        self.seconds = (time.monotonic() - start) / 2  # one import, as a whole process
        self.old = answer(self.old_db)
        self.new = answer(self.new_db)
        assert self.old != self.new and [365, "defense"] in self.new[0]

    def place(self, folder: Path, build: str = "old") -> Path:
        """The old (or new) build in ``folder``, hard-linked: the same files, so the lookup
        still belongs to its store, and an import's rename never touches the original."""
        source = self.old_db if build == "old" else self.new_db
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "foedus.duckdb"
        os.link(source, db)
        os.link(lookup_path(source), lookup_path(db))
        return db


@pytest.fixture(scope="module")
def world(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("faults"), data_dir)


def _leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}."))


def _whole(world: World, db: Path) -> str:
    """'old' or 'new': the store and the lookup answer alike, from one build."""
    by_lookup, by_store = answer(db), answer(db, via_store=True)
    assert by_lookup == by_store, "the lookup and the store disagree: a half-swapped pair"
    assert by_store in (world.old, world.new), by_store
    return "old" if by_store == world.old else "new"


# --- kill -9 -----------------------------------------------------------------------


def test_kill_9_at_random_moments_of_an_import_leaves_old_or_new(
    world: World, tmp_path: Path
) -> None:
    rnd = random.Random(SEED)
    outcomes = []
    for i in range(6):
        db = world.place(tmp_path / f"kill-{i}")
        proc = _import(db, world.raw, world.new_register)
        delay = rnd.uniform(0.05, world.seconds * 1.1)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        _finish(proc)
        outcomes.append((round(delay, 2), _whole(world, db)))
    print(f"kill -9 after (s, state): {outcomes}; one import takes {world.seconds:.1f} s")
    # The next import cleans up what the killed one left and finishes the job.
    code, _, err = _finish(_import(db, world.raw, world.new_register))
    assert code == 0, err
    assert _whole(world, db) == "new" and _leftovers(db) == []


# A kill -9 at an exact moment of the swap: the process kills itself when it gets there.
KILL_AT = """
import os, signal, sys
point, *argv = sys.argv[1:]
real = os.replace

def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def replace(src, dst, *args, **kwargs):
    if (point, str(dst).rsplit(".", 1)[-1]) in {("before-swap", "lookup"),
                                                ("between-renames", "duckdb")}:
        die()
    return real(src, dst, *args, **kwargs)

os.replace = replace
if point == "after-swap":
    import foedus.build
    foedus.build._sync_folder = die
from foedus.cli import main
main(argv)
"""


@pytest.mark.parametrize(
    ("point", "state"),
    [("before-swap", "old"), ("between-renames", "old"), ("after-swap", "new")],
)
def test_kill_9_at_each_moment_of_the_swap(
    world: World, tmp_path: Path, point: str, state: str
) -> None:
    db = world.place(tmp_path / "kb")
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT, point, "--db", str(db), "data", "import",
         str(world.raw)],
        env=_env(world.new_register), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # Between the renames the lookup is the new build's and the store the old one's:
    # readers must not pair them (the lookup names its store file), so both say "old".
    assert _whole(world, db) == state
    code, out, err = _finish(_import(db, world.raw, world.new_register))
    assert code == 0, err
    assert json.loads(out)["unchanged"] == (state == "new")
    assert _whole(world, db) == "new" and _leftovers(db) == []


# --- readers -----------------------------------------------------------------------


def _reader(db: Path, stop: Path, mode: str) -> tuple[subprocess.Popen[str], Path]:
    """A reader process writing its answers to a file (a pipe nobody drains would fill
    up and stall it)."""
    out = stop.with_name(f"answers-{mode}.jsonl")
    with out.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop), mode],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
        )
    return proc, out


def _answers(reader: tuple[subprocess.Popen[str], Path]) -> tuple[int, str, list[dict[str, Any]]]:
    """The reader's exit code, its stderr, and its answers (every reader is waited for
    before anything is asserted, so none is left running)."""
    proc, out = reader
    _, err = proc.communicate(timeout=120)
    lines = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    return proc.returncode, err, lines


def test_readers_answer_from_the_old_store_during_an_import_and_the_new_one_after(
    world: World, tmp_path: Path
) -> None:
    db = world.place(tmp_path / "kb")
    stop = tmp_path / "stop"
    readers = {mode: _reader(db, stop, mode) for mode in ("one-shot", "long")}
    time.sleep(3.0)  # both have answered from the old store
    started = time.time()
    code, _, err = _finish(_import(db, world.raw, world.new_register))
    finished = time.time()
    assert code == 0, err
    time.sleep(1.5)
    stop.touch()
    results = {mode: _answers(reader) for mode, reader in readers.items()}
    assert [code for code, _, _ in results.values()] == [0, 0], results
    outputs = {mode: lines for mode, (_, _, lines) in results.items()}
    # Each question is answered whole from one build: who owes North Korea what (the
    # lookup) and whether rus-prk-2024 is a treaty (the store). A reader that opens the
    # store after a swap moves to the new build, so the two may come from either.
    for part in (0, 1):
        old, new = _freeze(world.old[part]), _freeze(world.new[part])
        for mode, lines in outputs.items():
            errors = [r["error"] for r in lines if "error" in r]
            assert errors == [], (mode, errors[:3])
            seen = [_freeze(r["answer"][part]) for r in lines]
            assert set(seen) <= {old, new}, (mode, part)
            during = [s for r, s in zip(lines, seen, strict=True) if started <= r["t"] <= finished]
            assert during and old in during, f"{mode}: no answer from the old build during it"
            after = [
                (round(r["t"] - finished, 2), s == new) for r, s in zip(lines, seen, strict=True)
            ]
            assert seen[-1] == new, f"{mode}: old answers after the import: {after[-8:]}"
            assert old not in seen[seen.index(new) :], f"{mode}: went back to the old build"


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def test_a_reader_that_opened_the_old_store_keeps_it_until_it_refreshes(
    world: World, tmp_path: Path
) -> None:
    db = world.place(tmp_path / "kb")
    with KnowledgeBase(db) as kb, KnowledgeBase(db) as indexed:
        indexed.load_index()
        assert answer_of(kb) == answer_of(indexed) == world.old
        code, _, err = _finish(_import(db, world.raw, world.new_register))
        assert code == 0, err
        # Still the old build, whole: its files stay open after the rename.
        assert answer_of(kb) == answer_of(indexed) == world.old
        assert kb.refresh() and indexed.refresh() and not kb.refresh()
        assert answer_of(kb) == answer_of(indexed) == world.new


def answer_of(kb: KnowledgeBase) -> tuple[list[list[Any]], bool]:
    owed = sorted([o.obligor, o.type.value] for o in kb.defends(731, DAY))
    try:
        kb.treaty("rus-prk-2024")
        has = True
    except NotFound:
        has = False
    return owed, has


def test_two_importers_at_once_take_turns(world: World, tmp_path: Path) -> None:
    db = world.place(tmp_path / "kb")
    first = _import(db, world.raw, world.new_register)
    second = _import(db, world.raw, world.new_register)
    results = [_finish(first), _finish(second)]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    unchanged = sorted(json.loads(out)["unchanged"] for _, out, _ in results)
    assert unchanged == [False, True]  # one built, the other found it up to date
    assert _whole(world, db) == "new" and _leftovers(db) == []


# --- a full disk, a read-only folder -------------------------------------------------


def _snapshot(db: Path) -> dict[str, bytes]:
    """The store, its lookup and anything else in the folder but the builders' lock file."""
    return {
        p.name: p.read_bytes()
        for p in sorted(db.parent.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_full_disk_fails_cleanly_and_leaves_the_old_store(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    needed = world.old_db.stat().st_size + lookup_path(world.old_db).stat().st_size
    if not _mount("-t", "tmpfs", "-o", f"size={needed + 4 * 2**20}", "tmpfs", str(folder)):
        pytest.skip(
            "cannot mount a small tmpfs here; the file-size limit test covers ENOSPC's twin"
        )
    try:
        db = folder / "foedus.duckdb"
        shutil.copy(world.old_db, db)
        shutil.copy(lookup_path(world.old_db), lookup_path(db))
        before = _snapshot(db)
        code, _, err = _finish(_import(db, world.raw, world.new_register))
        assert code == 1 and "no space left" in err and "is unchanged" in err, err
        assert "Traceback" not in err
        assert _snapshot(db) == before and _leftovers(db) == []
        assert answer(db) == world.old
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 2**20, 4 * 2**20))


def test_a_file_size_limit_fails_cleanly_and_leaves_the_old_store(
    world: World, tmp_path: Path
) -> None:
    db = world.place(tmp_path / "kb")
    before = _snapshot(db)
    code, _, err = _finish(_import(db, world.raw, world.new_register, preexec_fn=_small_files))
    assert code == 1 and "file-size limit" in err and "is unchanged" in err, err
    assert "Traceback" not in err
    assert _snapshot(db) == before and _leftovers(db) == []
    assert _whole(world, db) == "old"


def test_a_read_only_folder_fails_cleanly_and_readers_still_answer(
    world: World, tmp_path: Path
) -> None:
    folder = tmp_path / "kb"
    db = world.place(folder)
    before = _snapshot(db)
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif not (_mount("--bind", str(folder), str(folder))
              and _mount("-o", "remount,ro,bind", str(folder))):  # fmt: skip
        pytest.skip("root, and cannot bind-mount the folder read-only here")
    try:
        code, _, err = _finish(_import(db, world.raw, world.new_register))
        assert code == 1 and "no permission to write in" in err, err
        assert "Traceback" not in err
        assert _snapshot(db) == before
        assert _whole(world, db) == "old"  # readers need no write access
    finally:
        if os.geteuid() != 0:
            folder.chmod(0o755)
        else:
            subprocess.run(["umount", str(folder)], check=False)
