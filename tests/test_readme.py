"""README.md tells the truth: every ```text transcript in it is what the tool prints.

In a ```text block, a line starting with ``$ `` is a command and the lines after it, up
to the next command, are what it printed (stdout and stderr). Each command runs in bash
from the repository root, as typed, piped (not a terminal) and 80 columns wide, with:

* ``FOEDUS_DB``: a copy of a store built from the real raw data (``FOEDUS_DATA``; the
  test skips with the usual hint without it);
* ``FOEDUS_REGISTER``: a fresh copy of ``data/register`` per block, so ``review accept``
  writes there; its folder is printed as ``data/register``, where a checkout keeps it;
* ``FOEDUS_PROPOSALS``: a fresh folder per block, so an ``ingest`` makes the proposal
  that a later command of the same block accepts.

Trailing spaces are ignored (rich pads table titles). After a deliberate change to what
a command prints, rewrite the transcripts with the tool itself:

    python tests/test_readme.py --write        # needs the raw data, like the test
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
FENCE = re.compile(r"^```text\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
SHOWN_REGISTER = "data/register"


@dataclass(frozen=True)
class Block:
    start: int  # offsets of the block's body in README.md
    end: int
    commands: tuple[str, ...]
    body: str

    @property
    def name(self) -> str:
        return self.commands[0]


def blocks(text: str) -> list[Block]:
    """The ```text blocks that hold at least one ``$ command``."""
    found = []
    for m in FENCE.finditer(text):
        body = m.group(1)
        commands = tuple(line[2:] for line in body.splitlines() if line.startswith("$ "))
        if commands:
            found.append(Block(m.start(1), m.end(1), commands, body))
    return found


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


@dataclass(frozen=True)
class Setting:
    db: Path
    register: Path  # the copy data/register is copied from, per block

    def env(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FOEDUS_")}
        env.update(
            FOEDUS_DB=str(self.db),
            FOEDUS_REGISTER=str(home / "register"),
            FOEDUS_PROPOSALS=str(home / "proposals"),
            COLUMNS="80",
            LINES="10000",
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            TERM="dumb",
        )
        env.pop("NO_COLOR", None)
        return env


def run_block(block: Block, setting: Setting) -> str:
    """The transcript the tool writes for the block's commands, in README's form."""
    with tempfile.TemporaryDirectory(prefix="foedus-readme-") as tmp:
        home = Path(tmp)
        shutil.copytree(setting.register, home / "register")
        env = setting.env(home)
        out = []
        for command in block.commands:
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=300,
            )
            printed = done.stdout.replace(str(home / "register"), SHOWN_REGISTER)
            out.append(f"$ {command}\n{printed}")
        return _normal("".join(out))


def _stores(data_dir: Path, folder: Path) -> Setting:
    from foedus.build import build_store

    db = folder / "foedus.duckdb"
    build_store(data_dir, db)
    return Setting(db, REPO / "data" / "register")


# --- the test ----------------------------------------------------------------------------

BLOCKS = blocks(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def setting(kb_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    """A private copy of the session's store (and its lookup): a transcript may rebuild it."""
    folder = tmp_path_factory.mktemp("readme")
    for path in kb_file.parent.iterdir():
        if path.name.startswith(kb_file.name) and path.is_file():
            shutil.copy2(path, folder / path.name)
    yield Setting(folder / kb_file.name, REPO / "data" / "register")


def test_readme_has_transcripts_of_the_main_commands() -> None:
    commands = [c for b in BLOCKS for c in b.commands]
    for wanted in ("foedus defends", "foedus treaty history", "foedus ingest", "review accept"):
        assert any(c.startswith(wanted) or wanted in c for c in commands), wanted


@pytest.mark.data
@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_transcript_is_what_the_tool_prints(block: Block, setting: Setting) -> None:
    for command in block.commands:
        for path in re.findall(r"\.\./shared/\S+", command):
            if not (REPO / path).exists():
                pytest.skip(f"{path} is not here (shared examples and data sit beside the repo)")
    expected = _normal(block.body)
    got = run_block(block, setting)
    if got != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                got.splitlines(keepends=True),
                "README.md",
                "what the tool prints",
            )
        )
        pytest.fail(
            f"README.md's transcript of `{block.name}` has drifted; if the change is meant, "
            f"run `python tests/test_readme.py --write`.\n{diff}"
        )


def test_architecture_doc_draws_the_layers_the_tests_enforce() -> None:
    # docs/architecture.md draws LAYERS (tests/test_architecture.py): the same layers, lowest
    # last, each with its modules, and every group that must not know another.
    from test_architecture import LAYERS, SEPARATE

    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    (mermaid,) = re.findall(r"```mermaid\n(.*?)```", doc, re.DOTALL)
    subgraphs = re.findall(r"^\s*subgraph (\w+)(?:\[(\w+)\])?", mermaid, re.MULTILINE)
    drawn = [label or name for name, label in subgraphs]
    assert drawn == [name for name, _ in reversed(LAYERS)]
    for _, prefixes in LAYERS:
        for prefix in prefixes:
            short = prefix.removeprefix("foedus.") if prefix != "foedus" else "foedus"
            assert re.search(rf"\b{re.escape(short)}\b", mermaid), f"{prefix} is not drawn"
    for a, b in SEPARATE:
        x, y = (m.removeprefix("foedus.") for m in (a, b))
        assert re.search(rf"({x} -\. never \.- {y}|{y} -\. never \.- {x})", mermaid), (a, b)
    assert (REPO / "docs" / "architecture.svg").read_text(encoding="utf-8").startswith("<svg")


# --- rewriting the transcripts -------------------------------------------------------------


def write(data_dir: Path) -> int:
    """Run every transcript and put what the tool prints into README.md (re-read just before
    writing, and only the transcript blocks touched)."""
    with tempfile.TemporaryDirectory(prefix="foedus-readme-kb-") as tmp:
        setting = _stores(data_dir, Path(tmp))
        fresh = {b.commands: run_block(b, setting) for b in BLOCKS}
    text = README.read_text(encoding="utf-8")
    changed = 0
    for b in reversed(blocks(text)):
        new = fresh.get(b.commands)
        if new is not None and _normal(b.body) != new:
            text = text[: b.start] + new + text[b.end :]
            changed += 1
    README.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python tests/test_readme.py --write")
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import data_path

    print(f"rewrote {write(data_path())} transcript(s) in README.md")
