"""The package's layers: who may import whom, no cycles, every module importable alone.

The layers (docs/architecture.md draws them): a module may import from its own
layer and the layers below, never above; imports inside functions count too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A module belongs to the first prefix that matches its dotted name.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("foedus._version", "foedus.errors", "foedus.paths")),
    ("model", ("foedus.model",)),
    ("sources", ("foedus.codes", "foedus.sources", "foedus.register", "foedus.news")),
    ("store", ("foedus.store", "foedus.lookup", "foedus.obligations")),
    ("facade", ("foedus.kb", "foedus.answers")),
    ("build", ("foedus.build",)),
    ("analyses", ("foedus.analyses", "foedus.datasets", "foedus.curation")),
    ("interfaces", ("foedus.cli", "foedus.web")),
    ("package", ("foedus",)),  # the package's lazy re-exports
]
RANK = {name: i for i, (name, _) in enumerate(LAYERS)}

# Groups in one layer that must not know each other at all (in both directions).
SEPARATE = [
    ("foedus.news", "foedus.register"),  # reading an article knows nothing of the register
    ("foedus.analyses", "foedus.curation"),
    ("foedus.datasets", "foedus.curation"),
]


def _layer(module: str) -> str:
    best = ""
    found = "package"
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, found = prefix, name
    return found


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "foedus").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path) -> set[str]:
    """Every foedus module ``module`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("foedus")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            if name.startswith("foedus"):
                found.add(name)
    return found - {module}


MODULES = _modules()
GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_from_its_layer_or_below(module: str) -> None:
    here = RANK[_layer(module)]
    upward = sorted(i for i in GRAPH[module] if RANK[_layer(i)] > here)
    assert not upward, f"{module} ({_layer(module)}) imports from above: {upward}"


def test_separate_groups_never_import_each_other() -> None:
    for a, b in SEPARATE:
        for module, targets in GRAPH.items():
            for x, y in ((a, b), (b, a)):
                if module == x or module.startswith(x + "."):
                    bad = [t for t in targets if t == y or t.startswith(y + ".")]
                    assert not bad, f"{module} imports {bad}"


def test_no_import_cycles() -> None:
    # Modules, not packages: a package importing its own submodules is not a cycle.
    def edges(module: str) -> set[str]:
        return {t for t in GRAPH[module] if t in GRAPH and not module.startswith(t + ".")}

    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in edges(module):
            if state.get(target) == 1:
                cycle = trail[trail.index(target) :] if target in trail else trail
                pytest.fail(f"import cycle: {' -> '.join([*cycle, target])}")
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in GRAPH:
        if module not in state:
            visit(module, [module])


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {sorted(MODULES)!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('foedus')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.strip() == ""


def test_a_query_does_not_load_the_news_reader_pydantic_or_pandas() -> None:
    script = (
        "import sys\n"
        "from foedus.cli import app\n"
        "import foedus.kb, foedus.answers\n"
        "heavy = ['foedus.news', 'foedus.curation', 'foedus.build', 'pydantic', 'pandas',\n"
        "         'duckdb', 'numpy', 'foedus.sources.download']\n"
        "print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') "
        "for h in heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
