"""Change a register file's YAML text with the smallest diff a reviewer has to read.

A proposal is a list of changes to a record, applied to the record as parsed
(:func:`apply_changes`): ``add`` a key to a mapping, ``append`` to a list,
``set`` a value that is missing. :func:`render` then writes the new record
back through ruamel.yaml's round-trip mode, which keeps every line the change
does not touch (comments, folded notes, flow lists, quoting); only the entries
that changed are written anew. Should the result ever parse to anything but
the intended record, :func:`render` writes the whole record afresh
(:func:`dump`).

>>> old = ("id: x\\nsources:\\n  a: {title: A}  # kept\\n"
...        "signed:\\n  date: 2024-06-19\\n  sources: [a]\\n")
>>> new = apply_changes(load_text(old), [
...     {"op": "add", "path": ["sources", "b"], "value": {"title": "B"}},
...     {"op": "append", "path": ["signed", "sources"], "value": "b"}])
>>> print(render(old, new), end="")
id: x
sources:
  a: {title: A}  # kept
  b:
    title: B
signed:
  date: 2024-06-19
  sources: [a, b]

Applying the same change twice changes nothing, so a proposal can be
re-applied to a file that moved on since it was made:

>>> apply_changes(new, [{"op": "append", "path": ["signed", "sources"], "value": "b"}]) == new
True
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import yaml

from foedus.errors import RegisterError

__all__ = ["apply_changes", "dump", "load_text", "normal", "render"]

# Keys whose ISO-date strings are written as plain YAML dates (2024-06-19, not '2024-06-19').
_DATE_KEYS = frozenset({"date", "joined", "left", "signed", "effective", "published"})
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WIDTH = 88


# --- parsing and comparing ---------------------------------------------------------


def load_text(text: str) -> dict[str, Any]:
    """The mapping a register file's text holds (``{}`` for an empty text).

    An impossible date (2025-02-30) stays text here; validating the record names it.
    """
    from foedus.register.load import TolerantLoader

    try:
        data = yaml.load(text, Loader=TolerantLoader) if text.strip() else {}
    except ValueError as exc:  # PyYAML refuses a value (yaml.YAMLError is one too)
        raise RegisterError(f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RegisterError(f"expected a record (a mapping), got {type(data).__name__}")
    return data


def normal(value: Any) -> Any:
    """``value`` with dates as ISO strings, so a parsed file compares with JSON-born values."""
    if isinstance(value, dict):
        return {str(k): normal(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- changes -----------------------------------------------------------------------


def apply_changes(data: dict[str, Any], changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A copy of ``data`` with ``changes`` applied; raises RegisterError where they cannot be.

    Each change is ``{"op": "add" | "append" | "set" | "create", "path": [...], "value": ...}``.
    A path step is a key, a list index, or ``{"match": {field: value}}`` (the first
    list item whose fields have those values). ``add`` puts a new key in a mapping,
    ``append`` adds an item to a list (creating the list), ``set`` fills a value
    that is missing or null, ``create`` starts a new record. A change already made
    (an equal key, item or value) is skipped; one that would overwrite a different
    value is refused.
    """
    out = copy.deepcopy(data)
    for change in changes:
        op, path, value = change["op"], list(change.get("path", [])), change.get("value")
        if op == "create":
            if out:
                raise RegisterError("the record already exists; a new record cannot replace it")
            if not isinstance(value, dict):
                raise RegisterError("a new record must be a mapping (id, names, ...)")
            out = copy.deepcopy(value)
            continue
        if not path:
            raise RegisterError(f"a {op!r} change needs a path")
        parent = _walk(out, path[:-1])
        last = path[-1]
        where = _dotted(path)
        if op == "append":
            current = _get(parent, last, where, create=[])
            if not isinstance(current, list):
                raise RegisterError(f"expected a list, found {type(current).__name__}", field=where)
            if normal(value) not in normal(current):
                current.append(copy.deepcopy(value))
        elif op in ("add", "set"):
            if not isinstance(parent, dict):
                raise RegisterError("expected a mapping here", field=_dotted(path[:-1]))
            existing = parent.get(last)
            if existing is None:
                parent[last] = copy.deepcopy(value)
            elif normal(existing) != normal(value):
                raise RegisterError(
                    f"already holds a different value ({_short(existing)}); the proposal would "
                    "overwrite it. Re-run `foedus ingest` to propose against the current file",
                    field=where,
                )
        else:
            raise RegisterError(f"unknown change {op!r}; expected add, append, set or create")
    return out


def _walk(node: Any, path: Sequence[Any]) -> Any:
    for i, step in enumerate(path):
        node = _get(node, step, _dotted(path[: i + 1]))
    return node


def _get(node: Any, step: Any, where: str, create: Any = None) -> Any:
    if isinstance(step, dict):
        wanted = normal(step.get("match", {}))
        if isinstance(node, list):
            for item in node:
                if isinstance(item, dict) and all(
                    normal(item.get(k)) == v for k, v in wanted.items()
                ):
                    return item
        raise RegisterError(f"no entry with {wanted} any more", field=where)
    if isinstance(step, int):
        if isinstance(node, list) and -len(node) <= step < len(node):
            return node[step]
        raise RegisterError("no such list entry", field=where)
    if not isinstance(node, dict):
        raise RegisterError("expected a mapping here", field=where)
    if node.get(step) is None:
        if create is None:
            raise RegisterError("missing", field=where)
        node[step] = copy.deepcopy(create)
    return node[step]


def _dotted(path: Sequence[Any]) -> str:
    return ".".join(
        "[" + ",".join(f"{k}={v}" for k, v in s.get("match", {}).items()) + "]"
        if isinstance(s, dict)
        else str(s)
        for s in path
    )


def _short(value: Any) -> str:
    text = repr(normal(value))
    return text if len(text) <= 70 else text[:67] + "..."


# --- writing -----------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The register's layout: lists indented under their key, short lists in flow style."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if len(value) > 80 and "\n" not in value and value == value.strip() and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_str(value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = bool(value) and all(not isinstance(v, (dict, list)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _prepare(value: Any, key: str | None = None) -> Any:
    """ISO days under date keys become dates, so they are written unquoted."""
    if isinstance(value, dict):
        return {k: _prepare(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v, key) for v in value]
    if isinstance(value, str) and key in _DATE_KEYS and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def dump(value: Any) -> str:
    """``value`` as YAML in the register's layout.

    >>> print(dump({"parties": [{"ccode": 365, "joined": "2024-12-04"}], "related": ["a"]}), end="")
    parties:
      - ccode: 365
        joined: 2024-12-04
    related: [a]
    """
    text: str = yaml.dump(
        _prepare(value),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_WIDTH,
    )
    return text


def render(old_text: str, new: dict[str, Any]) -> str:
    """``new`` written over ``old_text``: unchanged entries keep their lines, changed ones are
    re-written in place, new ones are added at the end of their mapping or list."""
    if not old_text.strip():
        return dump(new)
    if normal(load_text(old_text)) == normal(new):
        return old_text
    from io import StringIO

    yaml_rt = _round_trip()
    tree = yaml_rt.load(old_text)
    _sync(tree, _prepare(new))
    out = StringIO()
    yaml_rt.dump(tree, out)
    text = out.getvalue()
    if normal(load_text(text)) == normal(new):
        return text
    return dump(new)  # pragma: no cover - a layout ruamel.yaml cannot keep


def _round_trip() -> Any:
    """A round-trip ruamel.yaml in the register's layout; it never re-wraps a line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        """Writes a missing value as ``null``, as the register files do."""

    Representer.add_representer(
        type(None), lambda rep, _v: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    yaml_rt = YAML()
    yaml_rt.Representer = Representer
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 4096
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    return yaml_rt


def _node(value: Any) -> Any:
    """A new value as ruamel.yaml nodes: short lists of scalars in flow style, as ``dump``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap((k, _node(v)) for k, v in value.items())
    if isinstance(value, list):
        seq = CommentedSeq(_node(v) for v in value)
        if value and all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _sync(node: Any, new: Any) -> None:
    """Make the round-trip tree ``node`` hold ``new``, touching only what differs: a list
    that only grew keeps its items and gains the new ones."""
    if isinstance(node, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            if key in node and normal(node[key]) == normal(value):
                continue
            old = node.get(key)
            if isinstance(old, (dict, list)) and type(normal(old)) is type(value):
                _sync(old, value)
            else:
                node[key] = _node(value)
        return
    if normal(list(node)) == normal(new[: len(node)]):
        node.extend(_node(v) for v in new[len(node) :])
    else:
        node[:] = [_node(v) for v in new]
