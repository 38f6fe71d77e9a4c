"""Partner-specific obligations in ATOP alliances.

ATOP's member file says what each member promises, not to whom. In most
alliances every member owes its obligations to every other member, but in
some the treaty directs a promise at some partners only: guarantee pacts
(the guarantors defend the guaranteed states, not each other), accession
protocols, and members ATOP codes with OBVARY = 1. ATOP's own dyadic files
encode these directions; ``atop_partners.yaml`` (written here, one entry per
promise, each with the treaty fact behind it) records them so foedus derives
the same directed obligations from the member file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from foedus.errors import SourceFileError
from foedus.model import ObligationType, PartnerRules
from foedus.sources.atop import treaty_id

__all__ = ["RULES_FILE", "PartnerRule", "load_rules", "rules_digest"]

RULES_FILE = Path(__file__).with_name("atop_partners.yaml")


@dataclass(frozen=True)
class PartnerRule:
    atopid: int
    phase: int
    obligor: int
    type: ObligationType
    beneficiaries: frozenset[int]
    note: str


def _rule(entry: object, index: int, path: Path) -> PartnerRule:
    if not isinstance(entry, dict):
        raise SourceFileError("expected a mapping", path=path, column=f"rules[{index}]")
    try:
        return PartnerRule(
            atopid=int(entry["atopid"]),
            phase=int(entry["phase"]),
            obligor=int(entry["obligor"]),
            type=ObligationType.parse(entry["type"]),
            beneficiaries=frozenset(int(b) for b in entry["beneficiaries"]),
            note=str(entry["note"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceFileError(
            f"expected atopid, phase, obligor, type, beneficiaries and note ({exc})",
            path=path,
            column=f"rules[{index}]",
        ) from exc


def read_rules(path: Path = RULES_FILE) -> list[PartnerRule]:
    """Every partner rule in the file, checked."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [_rule(e, i, path) for i, e in enumerate(doc.get("rules") or [])]


def load_rules(path: Path = RULES_FILE) -> PartnerRules:
    """The rules keyed as :func:`foedus.build.pledges.derive_pledges` expects."""
    rules: dict[tuple[str, int, int, ObligationType], frozenset[int]] = {}
    for r in read_rules(path):
        key = (treaty_id(r.atopid), r.phase, r.obligor, r.type)
        rules[key] = rules.get(key, frozenset()) | r.beneficiaries
    return rules


def rules_digest(path: Path = RULES_FILE) -> str:
    """A checksum of the rules, so a changed file triggers a re-import."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
