"""``foedus data import``: read every raw file, check it, and load it in one transaction.

All parsing and checking happens before the first write, and the writes run
in one transaction, so a bad file leaves the store exactly as it was.
Importing the same files twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foedus import __version__
from foedus.codes import StateDirectory
from foedus.model import Membership, PartialDate, Source, StateSpell, Treaty
from foedus.pledges import (
    PartnerRules,
    Partnership,
    Pledge,
    continuing_members,
    derive_partnerships,
    derive_pledges,
)
from foedus.sources import atop, atop_partners, cow_alliances
from foedus.sources.files import FILES, find_files
from foedus.sources.states import read_cow_majors, read_cow_states, read_gw_states
from foedus.store import DATASET_TABLES, Store

__all__ = ["ImportReport", "SourceBundle", "import_folder", "read_sources", "write_bundle"]

Progress = Callable[[str], None]


@dataclass
class SourceBundle:
    """Everything read from the raw files, checked, before anything is written."""

    cow_spells: list[StateSpell]
    gw_spells: list[StateSpell]
    majors: list[StateSpell]
    treaties: list[Treaty]
    memberships: list[Membership]
    threats: dict[str, tuple[int, ...]] = field(default_factory=dict)
    partner_rules: PartnerRules = field(default_factory=dict)


@dataclass
class ImportReport:
    folder: Path
    files: dict[str, Path]
    counts: dict[str, int]
    unchanged: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "files": {k: str(v) for k, v in self.files.items()},
            "counts": self.counts,
            "unchanged": self.unchanged,
        }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_sources(files: dict[str, Path], progress: Progress | None = None) -> SourceBundle:
    """Parse and check every file; raises SourceFileError naming file, line, column."""
    say = progress or (lambda _msg: None)
    say("COW state system")
    cow = read_cow_states(files["cow_states"])
    majors = read_cow_majors(files["cow_majors"])
    say("Gleditsch-Ward list")
    gw = read_gw_states(files["gw_states"])
    say("ATOP 5.1")
    atop_data = atop.read_atop(files["atop_a"], files["atop_m"])
    treaties = [a.treaty for a in atop_data.alliances]
    memberships = list(atop_data.memberships)
    if "cow_alliances" in files:
        say("COW Formal Alliances")
        cow_data = cow_alliances.read_cow_alliances(files["cow_alliances"])
        treaties += cow_data.treaties
        memberships += cow_data.memberships
    return SourceBundle(
        cow_spells=cow,
        gw_spells=gw,
        majors=majors,
        treaties=treaties,
        memberships=memberships,
        threats={a.treaty.id: a.threats for a in atop_data.alliances},
        partner_rules=atop_partners.load_rules(),
    )


def treaty_name(
    members: Sequence[Membership], begins: PartialDate, directory: StateDirectory
) -> str:
    """A descriptive name for a treaty that has none in its source.

    The members who signed first, in order of their codes, named as they were then, e.g.
    "United States–South Korea (1953)"; long lists are cut after three names.
    """
    first_phase = min(m.phase for m in members)
    initial = [m for m in members if m.phase == first_phase]
    opened = min(m.entry.first_day() for m in initial)
    founders = sorted({m.ccode for m in initial if m.entry.first_day() == opened})
    day = begins.first_day()
    names = [directory.name(code, day) for code in founders]
    label = (
        "–".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} and {len(names) - 3} more"
    )
    return f"{label} ({begins.year})"


def _condition_texts(
    member: Membership, threats: tuple[int, ...], directory: StateDirectory
) -> dict[str, list[str]]:
    """The obligor's conditions, per obligation type, in words."""
    day = member.entry.first_day()
    named = ", ".join(directory.name(c, day) for c in threats)
    out: dict[str, list[str]] = {}
    for cond in member.conditions:
        text = cond.text
        if cond.code.endswith("coadv") and named:
            text = f"{text} (the treaty names {named})"
        out.setdefault(cond.type.value, []).append(text)
    return out


def _rows(bundle: SourceBundle, directory: StateDirectory) -> dict[str, list[tuple[Any, ...]]]:
    by_treaty: dict[str, list[Membership]] = {}
    for m in bundle.memberships:
        by_treaty.setdefault(m.treaty, []).append(m)
    treaty_rows = []
    for t in bundle.treaties:
        name = t.name or treaty_name(by_treaty[t.id], t.begins, directory)
        treaty_rows.append(
            (
                t.id,
                name,
                t.atopid,
                t.cow_id,
                t.begins.first_day(),
                t.begins.precision.value,
                t.ends.last_day() if t.ends else None,
                t.ends.precision.value if t.ends else None,
                t.bilateral,
                t.phases,
                json.dumps(t.attributes),
                *_source(t.source),
            )
        )
    member_rows: list[tuple[Any, ...]] = []
    condition_rows: list[tuple[Any, ...]] = []
    carried = continuing_members(bundle.memberships)
    for m in bundle.memberships:
        member_rows.append(
            (
                m.treaty,
                m.phase,
                m.ccode,
                m.entry.first_day(),
                m.entry.precision.value,
                m.exit.last_day() if m.exit else None,
                m.exit.precision.value if m.exit else None,
                sorted(o.value for o in m.obligations),
                m in carried,
                *_source(m.source),
            )
        )
        condition_rows.extend(
            (m.treaty, m.phase, m.ccode, _source(m.source)[2], c.type.value, c.code, c.text)
            for c in m.conditions
        )
    conditions = {
        (m.treaty, m.phase, m.ccode, m.source): _condition_texts(
            m, bundle.threats.get(m.treaty, ()), directory
        )
        for m in bundle.memberships
    }
    pairs = list(derive_partnerships(bundle.memberships))
    pledges = derive_pledges(pairs, bundle.partner_rules)
    return {
        "treaties": treaty_rows,
        "members": member_rows,
        "conditions": condition_rows,
        "partners": [_partner_row(p) for p in pairs],
        "pledges": [_pledge_row(p, conditions) for p in pledges],
        "state_spells": [_spell_row(s) for s in (*bundle.cow_spells, *bundle.gw_spells)],
        "major_powers": [(s.code, s.start, s.end, *_source(s.source)) for s in bundle.majors],
    }


def _source(source: Source | None) -> tuple[str, str, str | None]:
    if source is None:
        return ("unknown", "", None)
    return (source.dataset, source.version, None if source.row is None else str(source.row))


def _spell_row(s: StateSpell) -> tuple[Any, ...]:
    return (s.system, s.code, s.abbrev, s.name, s.start, s.end, *_source(s.source))


def _partner_row(p: Partnership) -> tuple[Any, ...]:
    end = p.end.last_day() if p.end else None
    return (
        p.treaty,
        p.phase,
        p.a.ccode,
        p.b.ccode,
        p.start.first_day(),
        end,
        p.continues,
        *_source(p.a.source),
    )


def _pledge_row(p: Pledge, conditions: dict[Any, dict[str, list[str]]]) -> tuple[Any, ...]:
    m = p.membership
    texts = conditions[(m.treaty, m.phase, m.ccode, m.source)].get(p.type.value, [])
    return (
        p.treaty,
        p.phase,
        p.obligor,
        p.beneficiary,
        p.type.value,
        p.valid_from,
        p.from_precision.value,
        p.valid_to,
        p.to_precision.value if p.to_precision else None,
        "in_force",
        texts,
        p.continues,
        *_source(m.source),
    )


_COLUMNS = {
    "treaties": (
        "treaty",
        "name",
        "atopid",
        "cow_id",
        "begin_date",
        "begin_precision",
        "end_date",
        "end_precision",
        "bilateral",
        "phases",
        "attributes",
    ),
    "members": (
        "treaty",
        "phase",
        "ccode",
        "entry_date",
        "entry_precision",
        "exit_date",
        "exit_precision",
        "obligations",
        "continues",
    ),
    "conditions": ("treaty", "phase", "ccode", "source_row", "type", "code", "text"),
    "partners": ("treaty", "phase", "ccode1", "ccode2", "valid_from", "valid_to", "continues"),
    "pledges": (
        "treaty",
        "phase",
        "obligor",
        "beneficiary",
        "type",
        "valid_from",
        "from_precision",
        "valid_to",
        "to_precision",
        "status",
        "conditions",
        "continues",
    ),
    "state_spells": ("system", "code", "abbrev", "name", "start_date", "end_date"),
    "major_powers": ("ccode", "start_date", "end_date"),
}
_SOURCE_COLUMNS = ("source_dataset", "source_version", "source_row")


def _columns(table: str) -> tuple[str, ...]:
    cols = _COLUMNS[table]
    return cols if table == "conditions" else (*cols, *_SOURCE_COLUMNS)


def _previous_hashes(store: Store) -> dict[str, str]:
    rows = store.con.execute("SELECT file, sha256 FROM imports").fetchall()
    return {file: sha for file, sha in rows}


def import_folder(
    store: Store, folder: str | Path, *, progress: Progress | None = None
) -> ImportReport:
    """Load every known file under ``folder`` into ``store`` in one transaction.

    Returns the rows per table. When the files are byte-identical to the last
    import, nothing is written and ``unchanged`` is True.
    """
    root = Path(folder).expanduser().resolve()
    files = find_files(root)
    hashes = {FILES_BY_KEY[key].filename: _sha256(path) for key, path in files.items()}
    hashes["partner-rules"] = atop_partners.rules_digest()
    hashes["foedus"] = __version__  # a new release may derive the tables differently
    if hashes == _previous_hashes(store) and not store.is_empty():
        counts = {t: store.count(t) for t in (*DATASET_TABLES, "conditions")}
        return ImportReport(root, files, counts, unchanged=True)
    bundle = read_sources(files, progress)
    counts = write_bundle(store, bundle, hashes)
    return ImportReport(root, files, counts, unchanged=False)


def write_bundle(
    store: Store, bundle: SourceBundle, hashes: dict[str, str] | None = None
) -> dict[str, int]:
    """Replace the store's contents with ``bundle`` in one transaction; rows per table."""
    directory = StateDirectory.build(bundle.cow_spells, bundle.gw_spells)
    rows = _rows(bundle, directory)
    with store.transaction() as con:
        for table in (*DATASET_TABLES, "conditions", "imports"):
            con.execute(f"DELETE FROM {table}")
        for table, table_rows in rows.items():
            store.insert(table, _columns(table), table_rows)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        store.insert(
            "imports",
            ("dataset", "version", "file", "sha256", "rows", "imported_at"),
            [_import_row(name, sha, now) for name, sha in (hashes or {}).items()],
        )
    return {table: len(table_rows) for table, table_rows in rows.items()}


FILES_BY_KEY = {f.key: f for f in FILES}
_BY_NAME = {f.filename: f for f in FILES}


def _import_row(name: str, sha: str, when: dt.datetime) -> tuple[Any, ...]:
    spec = _BY_NAME.get(name)
    dataset, version = (spec.dataset, spec.version) if spec else ("foedus", "")
    return (dataset, version, name, sha, None, when)


def spells_from_store(store: Store, system: str) -> Iterable[StateSpell]:
    """The state spells stored for one system ("cow" or "gw")."""
    rows = store.con.execute(
        "SELECT code, abbrev, name, start_date, end_date, source_dataset, source_version, "
        "source_row FROM state_spells WHERE system = ? ORDER BY code, start_date",
        [system],
    ).fetchall()
    for code, abbrev, name, start, end, dataset, version, row in rows:
        yield StateSpell(system, code, abbrev, name, start, end, Source(dataset, version, row))
