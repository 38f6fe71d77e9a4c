"""Read and check the curated register: every ``*.yaml`` under ``data/register/``.

:func:`load_register` returns the records sorted by id, or raises
:class:`~foedus.errors.RegisterError` naming the file, the dotted field and
what was expected. Checks that span records happen here: ids unique and equal
to the file name, ``supersedes`` / ``superseded_by`` / ``related`` pointing at
records that exist (or at ATOP ids written ``atop-NNNN``), the two directions
of supersession agreeing, and one record at most continuing each ATOP alliance.

>>> records = {r.id: r for r in load_register()}
>>> pact = records["rus-prk-2024"]
>>> pact.in_force.date.iso(), [o.type.value for o in pact.article("4").obligations]
('2024-12-04', ['defense'])
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from foedus.errors import RegisterError
from foedus.register.schema import AtopRelation, TreatyRecord, _RecordError

__all__ = [
    "TolerantLoader",
    "check_records",
    "load_record",
    "load_register",
    "record_paths",
    "register_dir",
]


def register_dir() -> Path:
    """The folder holding the register.

    ``FOEDUS_REGISTER`` when set (a curator's own copy, which ``foedus review
    accept`` writes to and ``foedus data import`` reads); else ``data/register``
    in a checkout; else the copy packaged with foedus.
    """
    env = os.environ.get("FOEDUS_REGISTER")
    if env:
        return Path(env).expanduser()
    repo = Path(__file__).resolve().parents[3] / "data" / "register"
    if repo.is_dir():
        return repo
    try:
        packaged = importlib.resources.files("foedus") / "register_data"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        pass
    raise RegisterError(
        "the curated register folder is missing: expected data/register/ in the source tree "
        "or foedus/register_data/ in the installed package; reinstall foedus",
        path=repo,
    )


def record_paths(folder: Path) -> list[Path]:
    """The record files of a register folder (``audit/`` beside them holds another kind)."""
    return sorted(folder.glob("*.yaml"))


def load_register(folder: str | Path | None = None) -> list[TreatyRecord]:
    """Every record under ``folder`` (default :func:`register_dir`), checked, sorted by id."""
    root = Path(folder) if folder is not None else register_dir()
    if not root.is_dir():
        raise RegisterError("not a folder; pass the folder holding the *.yaml records", path=root)
    loaded = [(load_record(p), p) for p in record_paths(root)]
    check_records(loaded)
    return sorted((rec for rec, _ in loaded), key=lambda r: r.id)


def load_record(path: str | Path) -> TreatyRecord:
    """One record from one YAML file; its id must equal the file name without ``.yaml``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegisterError(f"cannot read the file: {exc}", path=path) from exc
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise RegisterError(f"not valid YAML: {_yaml_problem(exc)}", path=path) from None
    except ValueError as exc:  # a value PyYAML's constructors refuse (an impossible time)
        raise RegisterError(f"not valid YAML: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise RegisterError(
            f"expected one record (a mapping with id, names, ...), got {type(data).__name__}",
            path=path,
        )
    try:
        record = TreatyRecord.model_validate(data)
    except ValidationError as exc:
        field, message = _explain(exc)
        raise RegisterError(message, path=path, field=field) from None
    if record.id != path.stem:
        raise RegisterError(
            f"the id {record.id!r} must equal the file name: rename the file to "
            f"{record.id}.yaml or change the id to {path.stem!r}",
            path=path,
            field="id",
        )
    return record


def check_records(loaded: Iterable[tuple[TreatyRecord, Path]]) -> None:
    """Checks across records; raises :class:`RegisterError` at the first problem."""
    loaded = list(loaded)
    where: dict[str, Path] = {}
    for rec, path in loaded:
        if rec.id in where:
            raise RegisterError(
                f"duplicate id {rec.id!r}: also used by {where[rec.id]}", path=path, field="id"
            )
        where[rec.id] = path
    by_id = {rec.id: rec for rec, _ in loaded}
    continuing: dict[str, str] = {}
    for rec, path in loaded:
        for name in ("supersedes", "superseded_by", "related"):
            for i, ref in enumerate(getattr(rec, name)):
                if ref.startswith("atop-"):
                    if name == "superseded_by":
                        raise RegisterError(
                            f"{ref!r}: an ATOP alliance cannot supersede a register record; "
                            "write the later treaty as a register record and refer to its id",
                            path=path,
                            field=f"{name}.{i}",
                        )
                    continue
                if ref not in by_id:
                    raise RegisterError(
                        f"{ref!r} is not a register id (no data/register/{ref}.yaml) and not an "
                        "ATOP id written atop-NNNN",
                        path=path,
                        field=f"{name}.{i}",
                    )
        for i, ref in enumerate(rec.supersedes):
            if ref in by_id and rec.id not in by_id[ref].superseded_by:
                raise RegisterError(
                    f"{rec.id} supersedes {ref}, but {ref}.yaml does not list {rec.id!r} under "
                    "superseded_by; add it there",
                    path=path,
                    field=f"supersedes.{i}",
                )
        for i, ref in enumerate(rec.superseded_by):
            if ref in by_id and rec.id not in by_id[ref].supersedes:
                raise RegisterError(
                    f"{rec.id} is superseded by {ref}, but {ref}.yaml does not list {rec.id!r} "
                    "under supersedes; add it there",
                    path=path,
                    field=f"superseded_by.{i}",
                )
        if rec.atop and rec.atop.relation in (AtopRelation.CONTINUES, AtopRelation.PROVISIONS_ONLY):
            if rec.atop.id in continuing:
                raise RegisterError(
                    f"{rec.atop.id} is already continued by {continuing[rec.atop.id]}; one record "
                    "per ATOP alliance carries its members and provisions",
                    path=path,
                    field="atop.id",
                )
            continuing[rec.atop.id] = rec.id


# --- YAML --------------------------------------------------------------------


# libyaml's parser when PyYAML has it: ten times faster on the whole register.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that rejects a key repeated in one mapping (PyYAML keeps the last)."""


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An unquoted date such as 2025-02-30 that is no real day stays text, so the schema
    names its field ("signed.date: not a real date") instead of PyYAML raising a bare
    ValueError that names no file."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class TolerantLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader whose impossible dates stay text (for editors that re-read a record)."""


TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return problem


# --- pydantic errors into curator's words -------------------------------------


def _explain(exc: ValidationError) -> tuple[str | None, str]:
    """The first error's dotted field and a message saying what was expected."""
    errors = exc.errors()
    messages = [_one(err) for err in errors]
    field, first = messages[0]
    if len(messages) > 1:
        rest = "; ".join(f"{f or '<record>'}: {m}" for f, m in messages[1:4])
        more = f" (and {len(messages) - 4} more)" if len(messages) > 4 else ""
        first += f". Also: {rest}{more}"
    return field, first


def _one(err: Mapping[str, Any]) -> tuple[str | None, str]:
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, _RecordError):
        prefix = ".".join(str(p) for p in loc)
        where = f"{prefix}.{original.loc}" if prefix else original.loc
        return where, str(original).split(": ", 1)[1]
    field = ".".join(str(p) for p in loc) or None
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return field, f"unknown key {loc[-1]!r}{hint}"
    if kind == "missing":
        return field, f"missing required key {loc[-1]!r}"
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind != "value_error" and "input" in err:
        message += f", got {_short(err['input'])}"
    return field, message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(loc: Sequence[Any]) -> list[str]:
    """The field names of the model found at ``loc`` inside a TreatyRecord, if any."""
    node: Any = TreatyRecord
    for part in loc:
        node = _unwrap(node)
        if isinstance(part, int):
            args = get_args(node)
            if not args:
                return []
            node = args[0]
        elif isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            node = node.model_fields[part].annotation
        elif get_origin(node) is dict:
            node = get_args(node)[1]
        else:
            return []
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return sorted(node.model_fields)
    return []


def _unwrap(node: Any) -> Any:
    """Strip Optional / Annotated wrappers down to a model or list type."""
    for _ in range(5):
        args = get_args(node)
        origin = get_origin(node)
        if origin is None or origin in (list, dict):
            return node
        candidates = [a for a in args if a is not type(None)]
        models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
        lists = [a for a in candidates if get_origin(a) in (list, dict)]
        node = (models or lists or candidates or [node])[0]
    return node
