"""States and people in news text, mapped to COW codes, with character spans.

A :class:`Gazetteer` knows every form a state goes by in the news: its names,
demonyms, capital (used as a metonym: "Moscow said"), seats of government
("the Kremlin"), and the people who speak and sign for it while in office
("Mr. Putin", "Kim Jong-un"). It is built by :func:`build_gazetteer` from a
list of ``(ccode, name)`` entries plus the curated aliases in ``aliases.yaml``;
no model is downloaded and nothing is inferred at run time.

>>> gaz = build_gazetteer([(365, "Russia"), (731, "North Korea")])
>>> text = "Mr. Putin flew to Pyongyang, where Kim Jong-un met him."
>>> [(m.text, m.cow, m.kind) for m in gaz.find(text, on=dt.date(2024, 6, 19))]
[('Mr. Putin', 365, 'person'), ('Pyongyang', 731, 'capital'), ('Kim Jong-un', 731, 'person')]

A leader counts only while in office on the article's date:

>>> [m.text for m in gaz.find("Trump spoke.", on=dt.date(2023, 1, 1))]
[]
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from foedus.errors import InputError

__all__ = [
    "AliasBook",
    "Gazetteer",
    "Mention",
    "Person",
    "build_gazetteer",
    "cow_state_entries",
    "default_gazetteer",
    "load_aliases",
]

StateEntry = tuple[int, str] | tuple[int, str, dt.date | None, dt.date | None]

# Titles that may stand before a surname ("Mr. Kim", "President Yoon").
TITLES = (
    "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Dr.", "President", "Prime Minister", "Premier",
    "Chancellor", "Foreign Minister", "Defense Minister", "Defence Minister", "Minister",
    "Secretary", "Secretary of State", "King", "Queen", "Crown Prince", "Prince", "Emir",
    "Sheikh", "Gen.", "General", "Ayatollah", "Leader", "Chairman", "Vice President",
    "Secretary-General", "Secretary General", "Speaker", "Marshal", "Senator", "Sen.",
)  # fmt: skip

# Surnames that are also ordinary words or place names ("May", "Park", "Dar es
# Salaam"): they name a person only after a title.
_WORDLIKE = frozenset(
    [
        "May",
        "Moon",
        "Park",
        "Rice",
        "Brown",
        "Bush",
        "Austin",
        "Dar",
        "Charles",
        "Cooper",
        "Howard",
        "Harris",
        "Han",
        "Lai",
        "Lin",
        "Mao",
        "Wen",
        "Hu",
        "Salman",
        "Abdullah",
        "Marin",
    ]
)


@dataclass(frozen=True)
class Mention:
    """One place in the text that names a state, a person or a place.

    ``cow`` is None for a person who holds no state office on the date (a NATO
    Secretary General) and for a place that names no state (Brussels).
    ``kind`` is one of name, demonym, capital, metonym, prefix, person, place.
    """

    start: int
    end: int
    text: str
    cow: int | None
    name: str
    kind: str
    person: str | None = None


@dataclass(frozen=True)
class Role:
    cow: int | None
    start: dt.date | None
    end: dt.date | None
    office: str | None = None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    """Someone who speaks or signs for a state while in office."""

    name: str
    variants: tuple[str, ...]
    surnames: tuple[str, ...]
    bare: bool  # the surname alone names this person
    roles: tuple[Role, ...]

    def role_on(self, day: dt.date | None) -> Role | None:
        """The office held on ``day``; with no day, the latest office."""
        valid = [r for r in self.roles if r.covers(day)]
        if not valid:
            return None
        return valid[-1]


@dataclass(frozen=True)
class AliasBook:
    """The curated aliases: per-state forms, people, places, and phrases that name no state."""

    states: tuple[dict[str, Any], ...]
    people: tuple[Person, ...]
    places: tuple[str, ...]
    not_states: tuple[str, ...]


@dataclass(frozen=True)
class _Form:
    cow: int | None
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _as_date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"aliases file: {where}: expected a date YYYY-MM-DD, got {value!r}"
        ) from None


def load_aliases(path: str | Path | None = None) -> AliasBook:
    """Read the curated aliases (``aliases.yaml`` beside this module unless ``path`` is given)."""
    if path is None:
        text = resources.files("foedus.news").joinpath("aliases.yaml").read_text("utf-8")
        where = "foedus/news/aliases.yaml"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the aliases file {path} ({exc.strerror})") from exc
        where = str(path)
    # libyaml's loader when PyYAML has it: ten times faster on the aliases file.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    people = []
    for i, row in enumerate(data.get("people", [])):
        surnames = row.get("surname") or []
        roles = tuple(
            Role(
                r.get("cow"),
                _as_date(r.get("from"), f"{where}: people[{i}]"),
                _as_date(r.get("to"), f"{where}: people[{i}]"),
                r.get("office"),
            )
            for r in row.get("roles", [])
        )
        people.append(
            Person(
                name=row["name"],
                variants=tuple(row.get("variants", [])),
                surnames=tuple([surnames] if isinstance(surnames, str) else surnames),
                bare=bool(row.get("bare", False)),
                roles=roles,
            )
        )
    return AliasBook(
        states=tuple(data.get("states", [])),
        people=tuple(people),
        places=tuple(data.get("places", [])),
        not_states=tuple(data.get("not_states", [])),
    )


class _Phrases:
    """Whole-word, case-sensitive matching of many phrases at once (pyahocorasick).

    Matches are read as a regular expression of all the phrases would read them: left to
    right, the longest phrase at each position, none overlapping, each bounded by
    non-word characters (hyphens bound a name on both sides: "Japan-Australia pact" and
    "Russia-led bloc" name Japan, Australia and Russia). An automaton is built in a
    millisecond where a regex of a thousand names took half a second to compile.

    >>> list(_Phrases(["Korea", "North Korea", "US"]).finditer("North Korea, USA and the US"))
    [(0, 11, 'North Korea'), (25, 27, 'US')]
    """

    def __init__(self, words: Iterable[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for word in words:
            if word:
                self._automaton.add_word(word, len(word))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._empty:
            return
        found = []
        n = len(text)
        for last, length in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end < n and _is_word_char(text[end]):
                continue
            found.append((start, -length))
        found.sort()
        taken = -1
        for start, neg in found:
            if start >= taken:
                taken = start - neg
                yield start, taken, text[start:taken]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass
class Gazetteer:
    """Surface forms of states, people and places; :meth:`find` returns their mentions."""

    names: dict[int, str]
    forms: dict[str, list[_Form]]
    people: tuple[Person, ...]
    prefixes: dict[str, int] = field(default_factory=dict)
    capitals: dict[int, str] = field(default_factory=dict)  # the first capital listed per state
    _by_full: dict[str, Person] = field(default_factory=dict, repr=False)
    _by_surname: dict[str, list[Person]] = field(default_factory=dict, repr=False)
    _pattern: _Phrases | None = field(default=None, repr=False)
    _surname_pattern: _Phrases | None = field(default=None, repr=False)
    _prefix_pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _places: dict[str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for person in self.people:
            for full in (person.name, *person.variants):
                self._by_full.setdefault(full, person)
            for surname in person.surnames:
                self._by_surname.setdefault(surname, []).append(person)
        words = set(self.forms) | set(self._by_full)
        self._pattern = _Phrases(words)
        titled = [f"{t} {s}" for t in TITLES for s in self._by_surname]
        self._surname_pattern = _Phrases([*titled, *self._by_surname])
        if self.prefixes:
            self._prefix_pattern = re.compile(
                r"(?<![\w-])(" + "|".join(map(re.escape, sorted(self.prefixes))) + r")(?=[-–])"
            )

    def place_named(self, text: str, on: dt.date | None = None) -> tuple[str, int | None] | None:
        """A city or state however it is capitalised ("N'DJAMENA" → ("N'Djamena", 483)).

        >>> build_gazetteer([]).place_named("N'DJAMENA")
        ("N'Djamena", 483)
        """
        if self._places is None:
            self._places = {}
            for surface, forms in self.forms.items():
                if forms and forms[0].kind in ("capital", "place", "name"):
                    self._places.setdefault(surface.lower(), surface)
        found = self._places.get(text.lower())
        if found is None:
            return None
        valid = [f for f in self.forms[found] if f.covers(on)]
        return found, (valid[-1].cow if valid else None)

    def capital_of(self, cow: int | None) -> str | None:
        """The capital a seat of government stands in ("Moscow" for the Kremlin's 365)."""
        return self.capitals.get(cow) if cow is not None else None

    def name_of(self, cow: int) -> str:
        """The display name of a COW code ("North Korea" for 731)."""
        return self.names.get(cow, str(cow))

    def find(self, text: str, *, on: dt.date | None = None) -> list[Mention]:
        """Every state, person and place named in ``text``, in order, without overlaps.

        ``on`` is the article's date: people count only while in office on it,
        and a state name only while the state exists (when the list says so).
        """
        assert self._pattern is not None and self._surname_pattern is not None
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        full_seen: list[tuple[int, Person]] = []
        for start, end, surface in self._pattern.finditer(text):
            taken.append((start, end))
            person = self._by_full.get(surface)
            if person is not None:
                role = person.role_on(on)
                if role is None:
                    continue
                full_seen.append((start, person))
                found.append(self._person(start, end, surface, person, role))
                continue
            mention = self._state(start, end, surface, on)
            if mention is not None:
                found.append(mention)
        found.extend(self._surnames(text, on, taken, full_seen))
        if self._prefix_pattern is not None:
            for m in self._prefix_pattern.finditer(text):
                if not _overlaps(m.span(), taken):
                    cow = self.prefixes[m.group(1)]
                    found.append(Mention(*m.span(), m.group(), cow, self.name_of(cow), "prefix"))
        found.sort(key=lambda x: x.start)
        return found

    def _person(self, start: int, end: int, surface: str, person: Person, role: Role) -> Mention:
        name = self.name_of(role.cow) if role.cow is not None else (role.office or person.name)
        return Mention(start, end, surface, role.cow, name, "person", person.name)

    def _state(self, start: int, end: int, surface: str, on: dt.date | None) -> Mention | None:
        forms = self.forms.get(surface, [])
        if not forms or forms[0].kind == "none":
            return None
        valid = [f for f in forms if f.covers(on)]
        if not valid:
            return None  # "Korea" in 2024 is not the Korea of 1887-1905
        form = valid[-1]
        if form.cow is None:
            return Mention(start, end, surface, None, surface, form.kind)
        return Mention(start, end, surface, form.cow, self.name_of(form.cow), form.kind)

    def _surnames(
        self,
        text: str,
        on: dt.date | None,
        taken: list[tuple[int, int]],
        full_seen: list[tuple[int, Person]],
    ) -> list[Mention]:
        assert self._surname_pattern is not None
        out = []
        by_surname: dict[str, list[tuple[int, Person]]] = {}
        for pos, seen_person in full_seen:  # in text order
            for name in seen_person.surnames:
                by_surname.setdefault(name, []).append((pos, seen_person))
        for start, end, surface in self._surname_pattern.finditer(text):
            if _overlaps((start, end), taken):
                continue
            surname, titled = surface, False
            for title in TITLES:
                if (
                    surface.startswith(title + " ")
                    and surface[len(title) + 1 :] in self._by_surname
                ):
                    surname, titled = surface[len(title) + 1 :], True
                    break
            seen = by_surname.get(surname, [])
            person = self._resolve_surname_checked(surname, titled, start, on, seen)
            if person is None:
                continue
            role = person.role_on(on)
            if role is not None:
                out.append(self._person(start, end, surface, person, role))
        return out

    def _resolve_surname_checked(
        self,
        surname: str,
        titled: bool,
        at: int,
        on: dt.date | None,
        full_seen: list[tuple[int, Person]],
    ) -> Person | None:
        if not titled and surname in _WORDLIKE:
            return None
        return self._resolve_surname(surname, at, on, full_seen)

    def _resolve_surname(
        self, surname: str, at: int, on: dt.date | None, full_seen: list[tuple[int, Person]]
    ) -> Person | None:
        # Someone named in full earlier in the article wins ("Kim Jong-un ... Mr. Kim").
        seen = [(pos, p) for pos, p in full_seen if surname in p.surnames]
        i = bisect.bisect_left(seen, at, key=lambda x: x[0])
        if i > 0:
            return seen[i - 1][1]
        bare = [p for p in self._by_surname.get(surname, []) if p.bare and p.role_on(on)]
        return bare[-1] if bare else None


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of ``taken``: spans in text order, none overlapping
    (a regex's matches), so only the two neighbours of ``span`` need a look."""
    start, end = span
    i = bisect.bisect_left(taken, (start, end))
    return any(s < end and start < e for s, e in taken[max(0, i - 1) : i + 1])


def _is_unsafe_abbreviation(name: str) -> bool:
    # COW abbreviations and ISO3 codes ("CAN", "MAL", "CHA") are ordinary words or
    # acronyms in capitals; only the curated ones ("US", "DPRK") are trusted.
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def build_gazetteer(states: Iterable[StateEntry], *, aliases: AliasBook | None = None) -> Gazetteer:
    """A gazetteer from ``(ccode, name)`` or ``(ccode, name, valid_from, valid_to)`` entries.

    The first name given for a code is its display name unless the curated
    aliases name it. Curated names, demonyms, capitals, seats of government,
    people, places and not-state phrases are added from ``aliases`` (the
    packaged ``aliases.yaml`` when None). Short all-capital entries ("CAN") are
    skipped unless the curated list has them, because news prose uses them as
    words.

    >>> gaz = build_gazetteer([(2, "United States of America"), (20, "Canada"), (20, "CAN")])
    >>> [(m.text, m.cow) for m in gaz.find("CAN Canada and the U.S.")]
    [('Canada', 20), ('U.S.', 2)]
    """
    book = aliases if aliases is not None else load_aliases()
    names: dict[int, str] = {}
    forms: dict[str, list[_Form]] = {}
    curated_names = {n for s in book.states for n in s.get("names", [])}

    def add(surface: str, form: _Form) -> None:
        surface = surface.strip()
        if not surface:
            return
        bucket = forms.setdefault(surface, [])
        if form not in bucket:
            bucket.append(form)

    for entry in states:
        ccode, name = int(entry[0]), str(entry[1]).strip()
        start = entry[2] if len(entry) > 2 else None  # type: ignore[misc]
        end = entry[3] if len(entry) > 3 else None  # type: ignore[misc]
        names.setdefault(ccode, name)
        if _is_unsafe_abbreviation(name) and name not in curated_names:
            continue
        add(name, _Form(ccode, "name", start, end))
    prefixes: dict[str, int] = {}
    capitals: dict[int, str] = {}
    for row in book.states:
        cow = int(row["cow"])
        if row.get("capitals"):
            capitals.setdefault(cow, str(row["capitals"][0]))
        names[cow] = row.get("name", names.get(cow, str(cow)))
        start = _as_date(row.get("from"), f"states cow {cow}")
        end = _as_date(row.get("to"), f"states cow {cow}")
        for kind, key in (
            ("name", "names"),
            ("demonym", "demonyms"),
            ("capital", "capitals"),
            ("metonym", "metonyms"),
        ):
            for surface in row.get(key, []):
                add(str(surface), _Form(cow, kind, start, end))
        for prefix in row.get("prefixes", []):
            prefixes[str(prefix)] = cow
    for place in book.places:
        forms.setdefault(place, [_Form(None, "place")])
    for phrase in book.not_states:
        forms[phrase] = [_Form(None, "none")]
    return Gazetteer(
        names=names, forms=forms, people=book.people, prefixes=prefixes, capitals=capitals
    )


def cow_state_entries(path: str | Path) -> list[StateEntry]:
    """``(ccode, name, start, end)`` for every spell in COW's ``states2016.csv``."""
    from foedus.sources.states import read_cow_states

    return [(s.code, s.name, s.start, s.end) for s in read_cow_states(Path(path))]


def _find_cow_states() -> Path | None:
    root = os.environ.get("FOEDUS_DATA")
    if not root:
        return None
    base = Path(root)
    direct = base / "cow-states-2016" / "states2016.csv"
    if direct.is_file():
        return direct
    if base.is_file() and base.name == "states2016.csv":
        return base
    return None


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer :func:`foedus.news.ingest` uses when given none.

    States come from the COW list when ``FOEDUS_DATA`` points at the raw data
    (``cow-states-2016/states2016.csv``), else from the curated aliases alone,
    which name every state that appears in alliance news.
    """
    path = _find_cow_states()
    entries: list[StateEntry] = cow_state_entries(path) if path else []
    return build_gazetteer(entries)


# Kinds of foedus.codes aliases that are names as prose writes them (not codes).
_PROSE_KINDS = ("name", "alias", "cow_name", "gw_name")


def entries_from_directory(directory: Any) -> list[StateEntry]:
    """``(ccode, name, valid_from, valid_to)`` entries from a :class:`foedus.codes.StateDirectory`.

    Only names as prose writes them (shown names, curated aliases, COW and GW
    names); abbreviations and ISO codes are left to the curated list. Feed the
    result to :func:`build_gazetteer`.
    """
    rows = [a for a in directory.aliases() if getattr(a, "kind", "name") in _PROSE_KINDS]
    # Shown names first, so each code's display name is its "name" alias.
    rows.sort(key=lambda a: _PROSE_KINDS.index(getattr(a, "kind", "name")))
    return [(a.ccode, a.text, a.valid_from, a.valid_to) for a in rows]
