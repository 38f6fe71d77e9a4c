"""``foedus data import``: read every raw file, check it, and load it in one transaction.

All parsing and checking happens before the first write, and the writes run
in one transaction, so a bad file leaves the store exactly as it was.
Importing the same files twice changes nothing.

The store keeps three *views* of who owes what to whom, each derived whole:

* ``ATOP``: ATOP 5.1 as published (what the yearly tables reproduce);
* ``COW``: COW Formal Alliances v4.1, when its file is present;
* ``foedus``: ATOP with the curated register merged in (post-2018 treaties,
  members, exits, suspensions, article-level provisions): what answers use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foedus._version import __version__
from foedus.build.merge import MergeResult, Provision, merge_register
from foedus.build.pledges import (
    PartnerRules,
    Partnership,
    Pledge,
    Suspension,
    apply_suspensions,
    continuing_members,
    derive_partnerships,
    derive_pledges,
)
from foedus.build.validate import validate_bundle
from foedus.codes import StateDirectory
from foedus.model import (
    ATOP_CONDITION_KINDS,
    ConditionKind,
    Membership,
    PartialDate,
    Source,
    StateSpell,
    Term,
    Treaty,
)
from foedus.register import TreatyRecord, load_register, register_dir
from foedus.register.audit import audit_dir, load_audit
from foedus.register.load import record_paths
from foedus.sources import atop, atop_partners, conflict, cow_alliances
from foedus.sources.files import FILES, find_files
from foedus.sources.states import read_cow_majors, read_cow_states, read_gw_states
from foedus.store import DERIVED_TABLES, Store

__all__ = [
    "VIEWS",
    "ImportReport",
    "SourceBundle",
    "import_folder",
    "read_sources",
    "source_hashes",
    "treaty_name",
    "write_bundle",
]

Progress = Callable[[str], None]
VIEWS = ("foedus", "ATOP", "COW")


@dataclass
class SourceBundle:
    """Everything read from the raw files and the register, checked, before anything is written."""

    cow_spells: list[StateSpell]
    gw_spells: list[StateSpell]
    majors: list[StateSpell]
    treaties: list[Treaty]  # ATOP (or hand-built) treaties
    memberships: list[Membership]
    threats: dict[str, tuple[int, ...]] = field(default_factory=dict)
    partner_rules: PartnerRules = field(default_factory=dict)
    register: list[TreatyRecord] = field(default_factory=list)
    cow_treaties: list[Treaty] = field(default_factory=list)
    cow_memberships: list[Membership] = field(default_factory=list)
    conflict: ConflictData = field(default_factory=lambda: ConflictData())
    audit_notes: dict[str, list[str]] = field(default_factory=dict)  # treaty -> notes


@dataclass
class ConflictData:
    """What states did and had: wars, disputes, capabilities, contiguity (each optional)."""

    wars: list[conflict.WarParticipation] = field(default_factory=list)
    disputes: list[conflict.MilitarizedDispute] = field(default_factory=list)
    dispute_members: list[conflict.DisputeParticipation] = field(default_factory=list)
    capabilities: list[conflict.Capability] = field(default_factory=list)
    contiguity: list[conflict.Contiguity] = field(default_factory=list)


def read_conflict(files: dict[str, Path], say: Progress) -> ConflictData:
    """The optional COW files that are present; the publisher's contiguity file wins over
    peacesciencer's copy when a folder holds both."""
    data = ConflictData()
    readers: list[tuple[str, str, Callable[[Path], list[Any]]]] = [
        ("cow_wars", "wars", conflict.read_wars),
        ("cow_mida", "disputes", conflict.read_mid_disputes),
        ("cow_midb", "dispute_members", conflict.read_mid_participants),
        ("cow_nmc", "capabilities", conflict.read_capabilities),
    ]
    contiguity = "cow_contdir" if "cow_contdir" in files else "ps_contdir"
    readers.append((contiguity, "contiguity", conflict.read_contiguity))
    for key, attr, read in readers:
        if key in files:
            say(f"{FILES_BY_KEY[key].dataset} {FILES_BY_KEY[key].version}")
            setattr(data, attr, read(files[key]))
    return data


@dataclass
class ImportReport:
    folder: Path
    files: dict[str, Path]
    counts: dict[str, int]
    unchanged: bool
    conflicts: int = 0  # register facts that contradict ATOP without an explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "files": {k: str(v) for k, v in self.files.items()},
            "counts": self.counts,
            "unchanged": self.unchanged,
            "unexplained_conflicts": self.conflicts,
        }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register_digest(folder: Path | None = None) -> str:
    """A checksum over the register's files, so an edited record triggers a re-import."""
    digest = hashlib.sha256()
    root = folder or register_dir()
    for path in [*record_paths(root), *sorted(audit_dir(root).glob("*.yaml"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_sources(files: dict[str, Path], progress: Progress | None = None) -> SourceBundle:
    """Parse and check every file; raises SourceFileError or RegisterError naming where."""
    say = progress or (lambda _msg: None)
    say("COW state system")
    cow = read_cow_states(files["cow_states"])
    majors = read_cow_majors(files["cow_majors"])
    say("Gleditsch-Ward list")
    gw = read_gw_states(files["gw_states"])
    say("ATOP 5.1")
    atop_data = atop.read_atop(files["atop_a"], files["atop_m"])
    bundle = SourceBundle(
        cow_spells=cow,
        gw_spells=gw,
        majors=majors,
        treaties=[a.treaty for a in atop_data.alliances],
        memberships=list(atop_data.memberships),
        threats={a.treaty.id: a.threats for a in atop_data.alliances},
        partner_rules=atop_partners.load_rules(),
    )
    if "cow_alliances" in files:
        say("COW Formal Alliances")
        cow_data = cow_alliances.read_cow_alliances(files["cow_alliances"])
        bundle.cow_treaties, bundle.cow_memberships = cow_data.treaties, cow_data.memberships
    say("the curated register")
    bundle.conflict = read_conflict(files, say)
    bundle.register = load_register()
    bundle.audit_notes = {f"atop-{e.atopid}": e.notes for e in load_audit() if e.notes}
    say("checking codes, dates and names across the sources")
    validate_bundle(bundle, files)
    return bundle


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


def _member_terms(
    member: Membership, threats: tuple[int, ...], directory: StateDirectory
) -> dict[str, list[Term]]:
    """The obligor's ATOP-coded conditions, per obligation type, as terms.

    A named-adversary condition carries the adversaries ATOP's threat variables
    name for the alliance (statthr1, statthr2), by COW code and in words.
    """
    day = member.entry.first_day()
    named = ", ".join(directory.name(c, day) for c in threats)
    out: dict[str, list[Term]] = {}
    for cond in member.conditions:
        kind = ATOP_CONDITION_KINDS[cond.code]
        adversary = kind is ConditionKind.NAMED_ADVERSARY
        text = f"{cond.text} (the treaty names {named})" if adversary and named else cond.text
        term = Term(kind, text, cond.code, threats if adversary else ())
        out.setdefault(cond.type.value, []).append(term)
    return out


def _source(source: Source | None) -> tuple[str, str, str | None, str | None]:
    if source is None:
        return ("unknown", "", None, None)
    row = None if source.row is None else str(source.row)
    return (source.dataset, source.version, row, source.note)


@dataclass
class _View:
    """One consistent derivation: memberships, the partner rules and what the register adds."""

    name: str
    memberships: list[Membership]
    partner_rules: PartnerRules
    suspensions: Sequence[Suspension] = ()
    provisions: Sequence[Provision] = ()
    notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    treaty_notes: dict[str, list[str]] = field(default_factory=dict)  # on every pledge


def _view_rows(
    view: _View, threats: dict[str, tuple[int, ...]], directory: StateDirectory
) -> dict[str, list[tuple[Any, ...]]]:
    carried = continuing_members(view.memberships)
    members: list[tuple[Any, ...]] = []
    conditions: list[tuple[Any, ...]] = []
    for m in view.memberships:
        members.append(
            (
                view.name,
                m.treaty,
                m.phase,
                m.ccode,
                m.entry.first_day(),
                m.entry.precision.value,
                m.exit.last_day() if m.exit else None,
                m.exit.precision.value if m.exit else None,
                sorted(o.value for o in m.obligations),
                m in carried,
                m.status.value,
                *_source(m.source),
            )
        )
        conditions.extend(
            (
                view.name,
                m.treaty,
                m.phase,
                m.ccode,
                _source(m.source)[2],
                c.type.value,
                c.code,
                c.text,
            )
            for c in m.conditions
        )
    terms = {
        id(m): _member_terms(m, threats.get(m.treaty, ()), directory) for m in view.memberships
    }
    by_treaty: dict[str, list[Provision]] = defaultdict(list)
    for prov in view.provisions:
        by_treaty[prov.treaty].append(prov)
    pairs = list(derive_partnerships(view.memberships))
    pledges = apply_suspensions(derive_pledges(pairs, view.partner_rules), view.suspensions)
    return {
        "members": members,
        "conditions": conditions,
        "partners": [_partner_row(view.name, p) for p in pairs],
        "pledges": [_pledge_row(view, p, terms, by_treaty) for p in pledges],
    }


def _partner_row(view: str, p: Partnership) -> tuple[Any, ...]:
    end = p.end.last_day() if p.end else None
    return (
        view,
        p.treaty,
        p.phase,
        p.a.ccode,
        p.b.ccode,
        p.start.first_day(),
        end,
        p.continues,
        *_source(p.a.source),
    )


def _pledge_row(
    view: _View,
    p: Pledge,
    terms: dict[int, dict[str, list[Term]]],
    provisions: dict[str, list[Provision]],
) -> tuple[Any, ...]:
    m = p.membership
    matching = [
        prov
        for prov in provisions.get(p.treaty, ())
        if prov.type is p.type and prov.covers(p.obligor, p.beneficiary)
    ]
    found = terms[id(m)].get(p.type.value, []) + [t for prov in matching for t in prov.terms]
    unique = list(dict.fromkeys(found))
    notes = (
        view.notes.get((p.treaty, p.obligor), [])
        + view.notes.get((p.treaty, p.beneficiary), [])
        + view.treaty_notes.get(p.treaty, [])
    )
    return (
        view.name,
        p.treaty,
        p.phase,
        p.obligor,
        p.beneficiary,
        p.type.value,
        p.valid_from,
        p.from_precision.value,
        p.valid_to,
        p.to_precision.value if p.to_precision else None,
        p.status.value,
        [t.text for t in unique],
        p.continues,
        list(dict.fromkeys(prov.article for prov in matching)),
        notes,
        json.dumps([t.to_dict() for t in unique]),
        *_source(m.source),
    )


def _treaty_rows(
    treaties: Iterable[Treaty], members: Iterable[Membership], directory: StateDirectory
) -> list[tuple[Any, ...]]:
    by_treaty: dict[str, list[Membership]] = defaultdict(list)
    for m in members:
        by_treaty[m.treaty].append(m)
    rows = []
    for t in treaties:
        name = t.name or treaty_name(by_treaty[t.id], t.begins, directory)
        rows.append(
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
    return rows


def _register_rows(merged: MergeResult) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "provisions": [
            (
                p.treaty,
                p.article,
                p.type.value if p.type else "none",
                list(p.obligors),
                list(p.beneficiaries),
                list(p.conditions),
                p.text,
                p.text_kind,
                p.confidence,
                json.dumps(p.sources),
                p.record,
            )
            for p in merged.provisions
        ],
        "events": [
            (
                e.treaty,
                e.kind,
                e.date.first_day(),
                e.date.precision.value,
                list(e.parties),
                list(e.counterparties),
                e.article,
                e.legal_effect,
                e.contested,
                e.note,
                e.confidence,
                json.dumps(e.sources),
                e.record,
            )
            for e in merged.events
        ],
        "conflicts": [
            (
                c.record,
                c.treaty,
                c.about,
                c.ccode,
                c.atop_says,
                c.register_says,
                c.explained,
                c.follow,
                c.note,
            )
            for c in merged.conflicts
        ],
        "records": [(record, treaty) for record, treaty in merged.records.items()],
    }


def _spell_row(s: StateSpell) -> tuple[Any, ...]:
    return (s.system, s.code, s.abbrev, s.name, s.start, s.end, *_source(s.source))


def _rows(bundle: SourceBundle, directory: StateDirectory) -> dict[str, list[tuple[Any, ...]]]:
    merged = merge_register(
        bundle.treaties, bundle.memberships, bundle.register, bundle.partner_rules
    )
    views = [
        _View("ATOP", bundle.memberships, bundle.partner_rules),
        _View(
            "foedus",
            merged.memberships,
            merged.partner_rules,
            merged.suspensions,
            merged.provisions,
            merged.notes,
            bundle.audit_notes,
        ),
    ]
    if bundle.cow_memberships:
        views.append(_View("COW", bundle.cow_memberships, {}))
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for view in views:
        for table, table_rows in _view_rows(view, bundle.threats, directory).items():
            rows[table].extend(table_rows)
    rows["treaties"] = _treaty_rows(merged.treaties, merged.memberships, directory)
    rows["treaties"] += _treaty_rows(bundle.cow_treaties, bundle.cow_memberships, directory)
    rows.update(_register_rows(merged))
    rows["state_spells"] = [_spell_row(s) for s in (*bundle.cow_spells, *bundle.gw_spells)]
    rows["major_powers"] = [(s.code, s.start, s.end, *_source(s.source)) for s in bundle.majors]
    rows.update(_conflict_rows(bundle.conflict))
    return dict(rows)


def _day(d: PartialDate | None, last: bool = False) -> tuple[dt.date | None, str | None]:
    if d is None:
        return None, None
    return (d.last_day() if last else d.first_day()), d.precision.value


def _conflict_rows(data: ConflictData) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "war_participants": [
            (w.war, w.name, w.ccode, w.side, *_day(w.start), *_day(w.end, True),
             *_day(w.start2), *_day(w.end2, True), w.initiator, w.outcome, w.where, w.deaths,
             *_source(w.source))
            for w in data.wars
        ],
        "mid_disputes": [
            (d.dispute, *_day(d.start), *_day(d.end, True), d.outcome, d.hostility, d.fatality,
             *_source(d.source))
            for d in data.disputes
        ],
        "mid_participants": [
            (p.dispute, p.ccode, *_day(p.start), *_day(p.end, True), p.side_a, p.revisionist,
             p.hostility, p.originator, p.fatality, *_source(p.source))
            for p in data.dispute_members
        ],
        "capabilities": [
            (c.ccode, c.year, c.milex, c.milper, c.irst, c.pec, c.tpop, c.upop, c.cinc,
             *_source(c.source))
            for c in data.capabilities
        ],
        "contiguity": [
            (c.ccode1, c.ccode2, c.conttype, c.start.first_day(),
             c.end.last_day() if c.end else None, *_source(c.source))
            for c in data.contiguity
        ],
    }  # fmt: skip


_SOURCE_COLUMNS = ("source_dataset", "source_version", "source_row", "source_note")
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
        *_SOURCE_COLUMNS,
    ),
    "members": (
        "view",
        "treaty",
        "phase",
        "ccode",
        "entry_date",
        "entry_precision",
        "exit_date",
        "exit_precision",
        "obligations",
        "continues",
        "status",
        *_SOURCE_COLUMNS,
    ),
    "conditions": ("view", "treaty", "phase", "ccode", "source_row", "type", "code", "text"),
    "partners": (
        "view",
        "treaty",
        "phase",
        "ccode1",
        "ccode2",
        "valid_from",
        "valid_to",
        "continues",
        *_SOURCE_COLUMNS,
    ),
    "pledges": (
        "view",
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
        "articles",
        "notes",
        "terms",
        *_SOURCE_COLUMNS,
    ),
    "provisions": (
        "treaty",
        "article",
        "type",
        "obligors",
        "beneficiaries",
        "conditions",
        "text",
        "text_kind",
        "confidence",
        "sources",
        "record",
    ),
    "events": (
        "treaty",
        "kind",
        "date",
        "date_precision",
        "parties",
        "counterparties",
        "article",
        "legal_effect",
        "contested",
        "note",
        "confidence",
        "sources",
        "record",
    ),
    "conflicts": (
        "record",
        "treaty",
        "about",
        "ccode",
        "atop_says",
        "register_says",
        "explained",
        "follow",
        "note",
    ),
    "records": ("record", "treaty"),
    "state_spells": (
        "system",
        "code",
        "abbrev",
        "name",
        "start_date",
        "end_date",
        *_SOURCE_COLUMNS,
    ),
    "major_powers": ("ccode", "start_date", "end_date", *_SOURCE_COLUMNS),
    "war_participants": (
        "war",
        "war_name",
        "ccode",
        "side",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "start2_date",
        "start2_precision",
        "end2_date",
        "end2_precision",
        "initiator",
        "outcome",
        "where_fought",
        "deaths",
        *_SOURCE_COLUMNS,
    ),
    "mid_disputes": (
        "dispute",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "outcome",
        "hostility",
        "fatality",
        *_SOURCE_COLUMNS,
    ),
    "mid_participants": (
        "dispute",
        "ccode",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "side_a",
        "revisionist",
        "hostility",
        "originator",
        "fatality",
        *_SOURCE_COLUMNS,
    ),
    "capabilities": (
        "ccode",
        "year",
        "milex",
        "milper",
        "irst",
        "pec",
        "tpop",
        "upop",
        "cinc",
        *_SOURCE_COLUMNS,
    ),
    "contiguity": ("ccode1", "ccode2", "conttype", "start_date", "end_date", *_SOURCE_COLUMNS),
}


def source_hashes(files: dict[str, Path]) -> dict[str, str]:
    """What an import depends on: each raw file's checksum, the partner rules, the register
    and foedus's own version (a new release may derive the tables differently)."""
    hashes = {FILES_BY_KEY[key].filename: _sha256(path) for key, path in files.items()}
    hashes["partner-rules"] = atop_partners.rules_digest()
    hashes["register"] = register_digest()
    hashes["foedus"] = __version__
    return hashes


def import_folder(
    store: Store, folder: str | Path, *, progress: Progress | None = None
) -> ImportReport:
    """Load every known file under ``folder`` and the register into an open, writable ``store``.

    One transaction: a bad file or a failure while writing leaves ``store`` as
    it was. When the files, the register and foedus are unchanged since the
    last import, nothing is written and ``unchanged`` is True. Users call
    :func:`foedus.build.build_store`, which builds a new file and swaps it in.
    """
    root = Path(folder).expanduser().resolve()
    files = find_files(root)
    hashes = source_hashes(files)
    if hashes == store.import_hashes() and not store.is_empty():
        unexplained = store.count("conflicts", "NOT explained")
        return ImportReport(root, files, store.table_counts(), True, unexplained)
    bundle = read_sources(files, progress)
    write_bundle(store, bundle, hashes)
    unexplained = store.count("conflicts", "NOT explained")
    return ImportReport(root, files, store.table_counts(), unchanged=False, conflicts=unexplained)


def write_bundle(
    store: Store, bundle: SourceBundle, hashes: dict[str, str] | None = None
) -> dict[str, int]:
    """Replace the store's contents with ``bundle`` in one transaction; rows per table."""
    directory = StateDirectory.build(bundle.cow_spells, bundle.gw_spells)
    rows = _rows(bundle, directory)
    with store.transaction() as con:
        for table in (*DERIVED_TABLES, "imports"):
            con.execute(f"DELETE FROM {table}")
        for table, table_rows in rows.items():
            store.insert(table, _COLUMNS[table], table_rows)
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
    dataset, version = (spec.dataset, spec.version) if spec else ("foedus", __version__)
    return (dataset, version, name, sha, None, when)
