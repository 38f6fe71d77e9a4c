"""Match a news event to a treaty foedus knows: a register record or an ATOP alliance.

:class:`Catalogue` holds the register records (with their files) and, when a
knowledge base is open, the ATOP alliances the register does not carry, each
as a :class:`Known` treaty with its names, members and signature date.

* :func:`match_signed`: a treaty with the same parties signed within
  :data:`WINDOW` of the event's date, register records first, then ATOP.
* :func:`match_status`: for a ratification, accession, exit, ..., the treaty
  the event names (or whose members are exactly its parties) among those
  signed before it.
* :func:`find_predecessors`: "the now-defunct 1961 treaty" between Russia and
  North Korea is the treaty between the same parties signed in 1961.

>>> tokens("Russia–North Korea pact (2024)")
['russia', 'north', 'korea', 'pact', '2024']
>>> sorted(distinctive("the new Comprehensive Strategic Partnership Treaty"))
['comprehensive', 'partnership', 'strategic']
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.codes import load_curated
from foedus.errors import FoedusError, RegisterError
from foedus.model import PartialDate
from foedus.news.records import Event
from foedus.register.load import check_records, load_record, record_paths, register_dir
from foedus.register.schema import AtopRelation, EventKind, TreatyRecord

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "GENERIC_WORDS",
    "MIN_NAME_SCORE",
    "WINDOW",
    "Catalogue",
    "Known",
    "Match",
    "distinctive",
    "find_predecessors",
    "match_signed",
    "match_status",
    "tokens",
]

WINDOW = dt.timedelta(days=31)  # "within a few weeks" of the event, for signatures

# Words that do not tell one treaty from another ("the new mutual defence pact").
_GENERIC_TEXT = """a an the of on and or for with between in to its their his her new last this
    that these those treaty treaties pact pacts agreement agreements accord accords deal deals
    alliance alliances mutual defence defense security military bloc cooperation co operation
    organization organisation document documents landmark historic year years"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MIN_NAME_SCORE = 0.6  # share of a name's distinctive words a treaty's names must hold
# Words of treaties that are not alliances (arms control, trade): ATOP does not hold them, so
# an event named so is never matched to an ATOP alliance by its members alone.
_NOT_ALLIANCE_TEXT = """nuclear arms missile missiles weapons forces start inf cfe skies trade grain
    test ban nonproliferation proliferation"""
_NOT_ALLIANCE = frozenset(_NOT_ALLIANCE_TEXT.split())


# --- what foedus knows -------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """A treaty an event can be matched to: a register record or an ATOP alliance."""

    id: str  # register id, or atop-NNNN
    origin: str  # "register" or "atop"
    names: tuple[str, ...]  # empty for an ATOP alliance known only by its members and year
    parties: frozenset[int]  # every state ever a member, as far as known
    signed: PartialDate
    ends: dt.date | None = None
    atop: str | None = None  # the ATOP alliance it is (or that the record continues)
    label: str = ""  # how to call it when it has no name ("Russia–Ukraine (1997)")

    @property
    def words(self) -> frozenset[str]:
        """Every word of every name it goes by, lower-cased and without accents."""
        return frozenset(t for name in self.names for t in tokens(name))


@dataclass
class Catalogue:
    """The register records (with their files) and the ATOP alliances the register lacks."""

    folder: Path
    records: dict[str, TreatyRecord]
    paths: dict[str, Path]
    known: list[Known]
    atop_names: dict[str, str] = field(default_factory=dict)
    state_name: Callable[[int, dt.date | None], str | None] = lambda code, day: None
    iso3: Callable[[int], str | None] = lambda code: None
    is_state: Callable[[str], bool] = lambda words: False
    has_kb: bool = False

    @classmethod
    def load(cls, register: str | Path | None = None, kb: KnowledgeBase | None = None) -> Catalogue:
        """Read the register folder (default :func:`register_dir`) and, with ``kb``, its ATOP
        alliances (members as the ``foedus`` view has them)."""
        folder = Path(register) if register is not None else register_dir()
        if not folder.is_dir():
            raise RegisterError(
                "not a folder; give the folder holding the *.yaml records", path=folder
            )
        loaded = [(load_record(p), p) for p in record_paths(folder)]
        check_records(loaded)
        records = {r.id: r for r, _ in loaded}
        paths = {r.id: p for r, p in loaded}
        atop: dict[str, tuple[str, PartialDate, dt.date | None, frozenset[int], list[str]]] = {}
        if kb is not None:
            atop = _atop_alliances(kb)
        linked = {
            r.atop.id
            for r in records.values()
            if r.atop is not None and r.atop.relation is not AtopRelation.RELATED
        }
        known = [_known_record(r, atop) for r in records.values()]
        for tid, (name, begins, ends, members, names) in atop.items():
            if tid not in linked:
                known.append(Known(tid, "atop", tuple(names), members, begins, ends, tid, name))
        cat = cls(folder, records, paths, known, {t: v[0] for t, v in atop.items()})
        if kb is not None:
            states = kb.states
            cat.state_name = lambda code, day: _safe(lambda: states.name(code, day))
            cat.iso3 = lambda code: _safe(lambda: states.iso3(code))
            cat.is_state = lambda words: _safe(lambda: str(states.resolve(words))) is not None
            cat.has_kb = True
        else:
            cat.iso3 = _curated_iso3()
        return cat

    def loaded(self) -> list[tuple[TreatyRecord, Path]]:
        return [(self.records[i], self.paths[i]) for i in self.records]


def _safe(call: Callable[[], str | None]) -> str | None:
    try:
        return call()
    except (FoedusError, ValueError):
        return None


def _curated_iso3() -> Callable[[int], str | None]:
    codes: dict[int, str] = {}
    for entry in load_curated().get("states", []):
        iso = entry.get("iso3")
        if isinstance(iso, list):
            current = [i for i in iso if isinstance(i, dict) and not i.get("to")]
            iso = (current or iso)[-1].get("code") if iso else None
        if isinstance(iso, str):
            codes[int(entry["ccode"])] = iso
    return codes.get


def _atop_alliances(
    kb: KnowledgeBase,
) -> dict[str, tuple[str, PartialDate, dt.date | None, frozenset[int], list[str]]]:
    rows = kb.store.con.execute(
        "SELECT t.treaty, t.name, t.begin_date, t.begin_precision, t.end_date, t.attributes, "
        "list(DISTINCT m.ccode) FROM treaties t JOIN members m ON m.treaty = t.treaty "
        "AND m.view = 'foedus' WHERE t.treaty LIKE 'atop-%' "
        "GROUP BY t.treaty, t.name, t.begin_date, t.begin_precision, t.end_date, t.attributes"
    ).fetchall()
    out = {}
    for tid, name, begins, precision, ends, attrs, members in rows:
        extra = json.loads(attrs) if attrs else {}
        names = [n for n in [extra.get("official_name"), *extra.get("common_names", [])] if n]
        day = PartialDate(begins.year, begins.month, begins.day)
        if precision == "year":
            day = PartialDate(begins.year)
        elif precision == "month":
            day = PartialDate(begins.year, begins.month)
        out[tid] = (name, day, ends, frozenset(int(m) for m in members), names)
    return out


def _known_record(rec: TreatyRecord, atop: dict[str, Any]) -> Known:
    parties = set(rec.party_codes)
    link = rec.atop.id if rec.atop and rec.atop.relation is not AtopRelation.RELATED else None
    ends = None
    if link and link in atop:
        parties |= atop[link][3]
        ends = atop[link][2]
    parties |= {c for e in rec.status_events for c in e.parties}
    endings = [
        e.effective_date.first_day()
        for e in rec.status_events
        if e.kind in (EventKind.TERMINATED, EventKind.LAPSED, EventKind.WITHDRAWN)
        and not e.parties
        and e.legal_effect
    ]
    if endings:
        ends = min(endings)
    names = (rec.names.official, *rec.names.common)
    return Known(
        rec.id, "register", names, frozenset(parties), rec.signed.date, ends, link, names[0]
    )


# --- matching ----------------------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    """The words of ``text``: lower case, accents and punctuation gone."""
    if not text:
        return []
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    flat = "".join(c if c.isalnum() else " " for c in bare).encode("ascii", "ignore").decode()
    flat = flat.lower()
    return [t for t in re.split(r"[^a-z0-9]+", flat) if t]


def distinctive(name: str | None) -> set[str]:
    """The words of a treaty name that tell it from others (not "the", "new", "pact", "20")."""
    return {
        t
        for t in tokens(name)
        if t not in GENERIC_WORDS and len(t) > 1 and (not t.isdigit() or YEAR.fullmatch(t))
    }


def _name_score(name: str | None, known: Known) -> float | None:
    """Share of the name's distinctive words found in the treaty's names.

    None when the name tells nothing ("the new treaty", "the 2018 pact") or the
    treaty has no name to compare it with (an ATOP alliance known by its members
    and year, unless the name mentions one of them).
    A year in the name must be the treaty's year (else 0).
    """
    words = {w for w in distinctive(name) if not YEAR.fullmatch(w)}
    if not words:
        return None
    if not known.names:
        # An ATOP alliance has only its label, its members' names ("France–Djibouti (2011)"):
        # "the defence treaty with France" names one; "the friendship treaty" tells nothing.
        hit = words & set(tokens(known.label))
        return len(hit) / len(words) if hit else None
    return len(words & known.words) / len(words)


def _unlike(name: str | None, known: Known) -> bool:
    """The name rules the treaty out: another year, or an arms or trade treaty where the
    treaty is an ATOP alliance known only by its members."""
    words = distinctive(name)
    years = {w for w in words if YEAR.fullmatch(w)}
    if years and str(known.signed.year) not in years:
        return True
    return not known.names and bool(words & _NOT_ALLIANCE)


def _near(signed: PartialDate, day: dt.date, window: dt.timedelta) -> bool:
    return signed.first_day() - window <= day <= signed.last_day() + window


@dataclass(frozen=True)
class Match:
    known: Known
    why: str
    others: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.known.id,
            "origin": self.known.origin,
            "why": self.why,
            "also_possible": list(self.others),
        }


def match_signed(event: Event, day: dt.date | None, cat: Catalogue) -> Match | None:
    """The known treaty an article's signature is about, if any (see the module docstring)."""
    parties = set(event.cows)
    found = []
    for k in cat.known:
        if _unlike(event.treaty_name, k):
            continue
        score = _name_score(event.treaty_name, k)
        same = bool(k.parties) and k.parties == parties
        if not same and not (parties <= k.parties and (score or 0) >= MIN_NAME_SCORE):
            continue
        if day is not None and not _near(k.signed, day, WINDOW):
            continue
        if day is None and (score or 0) < MIN_NAME_SCORE:
            continue
        gap = abs((k.signed.first_day() - day).days) if day else 0
        found.append(((k.origin != "register", not same, -(score or 0), gap), k, same, score))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    _, best, same, score = found[0]
    who = "the same parties" if same else "the parties among its members"
    when = f"signed {best.signed.iso()}" + (f", within {WINDOW.days} days of {day}" if day else "")
    why = f"{who}, {when}"
    if score:
        why += f"; name words matched {score:.0%}"
    others = tuple(k.id for key, k, *_ in found[1:4] if key[:3] == found[0][0][:3])
    return Match(best, why, others)


def match_status(event: Event, day: dt.date | None, cat: Catalogue) -> Match | None:
    """The known treaty a ratification, accession, exit, … is about, if any."""
    parties = set(event.cows)
    found = []
    for k in cat.known:
        if day is not None and k.signed.first_day() > day:
            continue
        if _unlike(event.treaty_name, k):
            continue
        score = _name_score(event.treaty_name, k)
        if score is not None and score < MIN_NAME_SCORE:
            continue
        members = bool(k.parties) and parties <= k.parties
        if event.kind != "acceded" and k.parties and not members:
            continue
        exact = bool(k.parties) and parties == k.parties
        if score is None and not (exact and len(parties) >= 2):
            continue  # a generic name ("the pact"): only the full set of members singles it out
        ended = k.ends is not None and day is not None and k.ends < day
        rank = (
            -(score or 0),
            k.origin != "register",
            not exact,
            ended,
            -k.signed.first_day().toordinal(),
        )
        found.append((rank, k, score, exact))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    _, best, score, exact = found[0]
    bits = []
    if score:
        bits.append(f"name words matched {score:.0%}")
    if exact:
        bits.append("its members are exactly the event's parties")
    elif best.parties and parties <= best.parties:
        bits.append("the parties are among its members")
    bits.append(f"signed {best.signed.iso()}")
    others = tuple(k.id for rank, k, *_ in found[1:4] if rank[0] == found[0][0][0])
    return Match(best, "; ".join(bits), others)


def find_predecessors(event: Event, cat: Catalogue) -> list[tuple[str, str, Known]]:
    """(as written, id, treaty) for each predecessor the article names that foedus knows.

    "the now-defunct 1961 treaty" between Russia and North Korea is the treaty
    between the same parties signed in 1961: the register's record when it has
    one, else the ATOP alliance.
    """
    parties = set(event.cows)
    out = []
    for written in event.predecessors:
        years = {int(y) for y in YEAR.findall(written)}
        hits = []
        for k in cat.known:
            if not k.parties or k.parties != parties:
                continue
            if years and k.signed.year not in years:
                continue
            if not years and (_name_score(written, k) or 0) < MIN_NAME_SCORE:
                continue
            hits.append(k)
        hits.sort(key=lambda k: (k.origin != "register", k.signed.first_day()))
        if hits:
            out.append((written, hits[0].id, hits[0]))
    return out
