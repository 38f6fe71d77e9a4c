"""The audit of every alliance ATOP leaves in effect at the end of 2018 (``data/register/audit/``).

ATOP 5.1 marks 372 alliances as still in effect on 31 December 2018. Each has
an entry saying what a curator found since: ``in-force`` (with the latest
source that says so), ``ended`` or ``changed`` (with the register record that
carries the change into answers), or ``unknown`` (with what was searched).
The format is in ``data/register/audit/README.md``; :func:`load_audit` reads
and checks every part file, naming the file and field of a bad entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from foedus.errors import RegisterError
from foedus.register.schema import Citation, Confidence, Date

__all__ = ["AuditEntry", "Outcome", "audit_summary", "load_audit"]


class Outcome(StrEnum):
    IN_FORCE = "in-force"
    ENDED = "ended"
    CHANGED = "changed"
    UNKNOWN = "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ending(_Model):
    date: Date
    how: str
    sources: list[str] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None


class Change(_Model):
    kind: str = Field(pattern="^(joined|left|suspended|resumed|obligations)$")
    ccode: int | None = None
    date: Date | None = None
    sources: list[str] = Field(min_length=1)
    confidence: Confidence
    contested: bool = False
    note: str | None = None


class Latest(_Model):
    date: Date | None = None  # the source's date; None when the page is undated
    sources: list[str] = Field(min_length=1)
    note: str | None = None


class AuditEntry(_Model):
    """What became of one ATOP alliance after 2018."""

    atopid: int
    label: str
    outcome: Outcome
    confidence: Confidence
    summary: str
    ended: Ending | None = None
    changes: list[Change] = []
    record: str | None = None
    latest: Latest | None = None
    searched: list[str] = []
    notes: list[str] = []

    @model_validator(mode="after")
    def _complete(self) -> AuditEntry:
        needs = {
            Outcome.IN_FORCE: ("latest", self.latest is not None),
            Outcome.ENDED: ("ended and record", self.ended is not None and bool(self.record)),
            Outcome.CHANGED: ("changes and record", bool(self.changes) and bool(self.record)),
            Outcome.UNKNOWN: ("searched", bool(self.searched)),
        }
        what, ok = needs[self.outcome]
        if not ok:
            raise ValueError(f"an `{self.outcome.value}` entry needs {what}")
        return self

    def cited(self) -> list[str]:
        keys = [*(self.ended.sources if self.ended else ()), *(self.latest.sources if self.latest
                else ())]  # fmt: skip
        return keys + [k for c in self.changes for k in c.sources]


class _Part(_Model):
    sources: dict[str, Citation] = {}
    alliances: list[AuditEntry]


def audit_dir(register: Path) -> Path:
    return register / "audit"


def load_audit(register: str | Path | None = None) -> list[AuditEntry]:
    """Every audit entry, checked (sources cited exist, one entry per alliance), by atopid."""
    import yaml

    from foedus.register.load import register_dir

    folder = audit_dir(Path(register) if register else register_dir())
    entries: list[AuditEntry] = []
    seen: dict[int, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            part = _Part.model_validate(data)
        except yaml.YAMLError as exc:
            raise RegisterError(f"not valid YAML ({exc})", path=path) from None
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"])
            raise RegisterError(error["msg"], path=path, field=field) from None
        for i, entry in enumerate(part.alliances):
            missing = [k for k in entry.cited() if k not in part.sources]
            if missing:
                raise RegisterError(
                    f"cites {', '.join(missing)}, not defined under `sources`",
                    path=path,
                    field=f"alliances.{i}",
                )
            if entry.atopid in seen:
                raise RegisterError(
                    f"atopid {entry.atopid} is audited twice (also in {seen[entry.atopid].name})",
                    path=path,
                    field=f"alliances.{i}.atopid",
                )
            seen[entry.atopid] = path
            entries.append(entry)
    return sorted(entries, key=lambda e: e.atopid)


def audit_summary(entries: Iterable[AuditEntry]) -> dict[str, Any]:
    """Counts by outcome and the unknowns, for ``foedus register audit``."""
    entries = list(entries)
    counts = Counter(e.outcome.value for e in entries)
    return {
        "alliances": len(entries),
        "counts": {o.value: counts.get(o.value, 0) for o in Outcome},
        "unknown": [
            {"atopid": e.atopid, "label": e.label, "searched": e.searched}
            for e in entries
            if e.outcome is Outcome.UNKNOWN
        ],
        "changed_or_ended": [
            {"atopid": e.atopid, "label": e.label, "outcome": e.outcome.value, "record": e.record}
            for e in entries
            if e.outcome in (Outcome.ENDED, Outcome.CHANGED)
        ],
    }
