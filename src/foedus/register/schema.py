"""The curated treaty register's record format: one YAML file, one :class:`TreatyRecord`.

Every fact carries its sources and a confidence. A record can stand alone
(a treaty ATOP does not have) or point at the ATOP alliance it continues,
amends or adds article-level provisions to (:class:`AtopLink`). Dates are
:class:`~foedus.model.PartialDate` values written ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``.

Sources are defined once per record, under the top-level ``sources`` mapping,
and cited by key from each fact (``sources: [tass-2024-12-05]``), or by key and
locator (``sources: [{ref: atop51m, locator: "atopid 3180, member 375"}]``).
After validation every fact holds full :class:`Citation` objects.

>>> cited = {"sources": ["text"], "confidence": "high"}
>>> rec = TreatyRecord.model_validate({
...     "id": "aaa-bbb-2030", "names": {"official": "Treaty of Example"},
...     "instrument": "treaty", "sources": {"text": {"title": "Treaty text", "publisher": "UN"}},
...     "signed": {"date": "2030-05", **cited},
...     "parties": [{"ccode": 2, "name": "United States", **cited},
...                 {"ccode": 20, "name": "Canada", **cited}],
...     "articles": [{"number": 3, "text": "Each party shall assist the other.",
...                   "text_kind": "paraphrase", **cited,
...                   "obligations": [{"type": "defense", "conditions": [
...                       {"kind": "geographic-scope", "scope": "North America"}]}]}],
... })
>>> rec.signed.date.iso(), rec.article("3").obligations[0].conditions[0].atop_code("defense")
('2030-05', 'defcoloc')
>>> rec.parties[0].sources[0].title
'Treaty text'
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from foedus.errors import InputError
from foedus.model import ATOP_CONDITION_KINDS, ConditionKind, ObligationType, PartialDate

__all__ = [
    "ATOP_CONDITION_CODES",
    "Alternative",
    "Article",
    "ArticleObligation",
    "AtopDifference",
    "AtopLink",
    "AtopRelation",
    "Citation",
    "Condition",
    "ConditionKind",
    "Confidence",
    "EventKind",
    "Fact",
    "InForce",
    "Instrument",
    "Names",
    "ObligationKind",
    "Party",
    "Ratification",
    "RatificationStep",
    "Review",
    "ReviewEvidence",
    "ReviewedArticle",
    "Signed",
    "StatusEvent",
    "TreatyRecord",
    "not_after",
]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ATOP_REF = r"^atop-\d{4}$"


# --- dates -------------------------------------------------------------------


def _to_partial_date(value: Any) -> PartialDate:
    # YAML turns an unquoted 2024-06-19 into a date and 1996 into an int; accept both.
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _in_range(PartialDate(value.year, value.month, value.day))
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    try:
        return _in_range(PartialDate.parse(value))
    except InputError as exc:
        raise ValueError(str(exc)) from None


FIRST_YEAR = 1815  # foedus covers alliances from 1815 on (ATOP's first)
SCHEDULED_YEARS = 10  # how far ahead a scheduled date (entry into force, an exit) may lie


def _in_range(day: PartialDate) -> PartialDate:
    """``day`` when its year is one the register can hold: 1815 to ten years from now.

    >>> _in_range(PartialDate(2205, 1, 2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: expected a date from 1815 to ..., got 2205-01-02
    """
    last = dt.date.today().year + SCHEDULED_YEARS
    if not FIRST_YEAR <= day.year <= last:
        raise ValueError(
            f"expected a date from {FIRST_YEAR} to {last} (foedus covers 1815 on; a date "
            f"further ahead is a typo), got {day.iso()}"
        )
    return day


Date = Annotated[
    PartialDate,
    PlainValidator(_to_partial_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]


def not_after(earlier: PartialDate, later: PartialDate) -> bool:
    """True when ``earlier`` can be on or before ``later``, given both precisions.

    >>> not_after(PartialDate(2024, 6), PartialDate(2024, 6, 1))
    True
    >>> not_after(PartialDate(2024, 7, 1), PartialDate(2024, 6))
    False
    """
    return earlier.first_day() <= later.last_day()


# --- vocabularies ------------------------------------------------------------


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ObligationKind(StrEnum):
    """ATOP's five obligation types, plus ``none`` for an article that creates none."""

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NONAGGRESSION = "nonaggression"
    CONSULTATION = "consultation"
    # A guarantee (of a state's independence or neutrality) is outside ATOP's definition
    # of an alliance; foedus keeps it as a provision and shows it apart, never as a pledge.
    GUARANTEE = "guarantee"
    NONE = "none"


_CONDITION_ALIASES = {"immediately": ConditionKind.WITHOUT_DELAY}

# (obligation, condition) -> ATOP member-level dummy, for the conditions ATOP codes.
ATOP_CONDITION_CODES: dict[tuple[ObligationKind, ConditionKind], str] = {
    (ObligationKind(_type.value), kind): code
    for code, kind in ATOP_CONDITION_KINDS.items()
    for _type in ObligationType.atop_types()
    if code.startswith((_type.atop_column or "")[:3]) and code != "olimob"
}


class Instrument(StrEnum):
    TREATY = "treaty"
    AGREEMENT = "agreement"
    PROTOCOL = "protocol"
    CHARTER = "charter"
    DECLARATION = "declaration"
    EXECUTIVE_ORDER = "executive-order"


class RatificationStep(StrEnum):
    SIGNED = "signed"  # e.g. an accession protocol, or a later signature
    APPROVED = "approved"  # one chamber or body approved; not yet the final act
    RATIFIED = "ratified"  # the state's final act (law signed, decree issued)
    DEPOSITED = "deposited"  # instrument deposited with the depositary
    EXCHANGED = "exchanged"  # instruments exchanged between the parties
    OTHER = "other"


class EventKind(StrEnum):
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"
    FROZEN = "frozen"
    LAPSED = "lapsed"
    INVOKED = "invoked"
    AMENDED = "amended"


class AtopRelation(StrEnum):
    """How a record relates to an ATOP alliance.

    ``continues``: the same treaty; the record adds members, exits, events or
    provisions, including after ATOP's coverage ends. ``amends``: a later
    instrument that changes the ATOP alliance's terms. ``provisions-only``: the
    same treaty; the record adds article-level provisions and dates, and leaves
    ATOP's members and their dates as they are. ``related``: a different treaty
    that builds on or sits beside the ATOP alliance (context, no merge).
    """

    CONTINUES = "continues"
    AMENDS = "amends"
    PROVISIONS_ONLY = "provisions-only"
    RELATED = "related"


# --- building blocks ---------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Citation(_Model):
    """A source: a document, page or dataset row. ``key`` is its name in the record."""

    key: str | None = None
    title: str = Field(min_length=1)
    publisher: str | None = None
    date: Date | None = None
    url: str | None = None
    locator: str | None = None  # article, page, row: where in the source
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://\S+$", value):
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value


def _citation_ref(value: Any) -> Any:
    if isinstance(value, str):
        raise ValueError(
            f"unknown source key {value!r}; define it under the record's top-level `sources`"
        )
    return value


CitationRef = Annotated[Citation, BeforeValidator(_citation_ref)]


class Alternative(_Model):
    """Another reading of a fact that a source gives; the fact itself is the one followed."""

    date: Date | None = None
    value: str | None = None
    sources: list[CitationRef] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _has_value(self) -> Alternative:
        if self.date is None and self.value is None:
            raise ValueError("an alternative needs a `date` or a `value`")
        return self


class Fact(_Model):
    """What every fact carries: at least one source, a confidence, and an optional note.

    ``confidence`` has no default: a fact whose curator did not rate it is refused, so a
    guess never passes for a verified fact.
    """

    sources: list[CitationRef] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None
    alternatives: list[Alternative] = []


class Names(_Model):
    official: str = Field(min_length=1)
    common: list[str] = []


class Party(Fact):
    """A state's membership: ``joined`` is when it became bound, ``left`` when it stopped.

    ``signed`` is the state's own signature when it differs from the treaty's
    (an accession protocol, a later signatory). ``joined: null`` means not
    (yet) bound, or, in a record that lists only changes, "as in ATOP".
    """

    ccode: int = Field(ge=1, le=999)
    name: str = Field(min_length=1)
    signed: Date | None = None
    joined: Date | None = None
    left: Date | None = None
    role: Literal["member", "guarantor", "guaranteed", "depositary"] | None = None

    @model_validator(mode="after")
    def _order(self) -> Party:
        if self.joined and self.left and not not_after(self.joined, self.left):
            raise ValueError(f"left ({self.left}) is before joined ({self.joined})")
        if self.signed and self.joined and not not_after(self.signed, self.joined):
            raise ValueError(f"joined ({self.joined}) is before signed ({self.signed})")
        return self


class Signed(Fact):
    date: Date
    place: str | None = None


class Ratification(Fact):
    party: int = Field(ge=1, le=999)
    date: Date
    step: RatificationStep
    body: str | None = None  # who acted: "State Duma", "President", "Senate"


class InForce(Fact):
    """Entry into force. ``date: null`` means in force, date unknown."""

    date: Date | None = None


class StatusEvent(Fact):
    """Something that changed (or may change) a treaty's standing.

    ``parties``: the states the event concerns (empty: the whole treaty).
    ``counterparties``: when set, only obligations between ``parties`` and these
    states are affected, in both directions (the US suspension toward New
    Zealand under ANZUS). ``date`` is when it happened or was announced;
    ``effective`` when it took legal effect (defaults to ``date``).
    ``legal_effect: false`` marks events that change no obligation (a political
    "freeze", an invocation).
    """

    kind: EventKind
    date: Date
    effective: Date | None = None
    parties: list[int] = []
    counterparties: list[int] = []
    article: str | None = None
    legal_effect: bool = True
    contested: bool = False

    @field_validator("article", mode="before")
    @classmethod
    def _article_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _order(self) -> StatusEvent:
        if self.effective and not not_after(self.date, self.effective):
            raise ValueError(f"effective ({self.effective}) is before date ({self.date})")
        if self.counterparties and not self.parties:
            raise ValueError("counterparties need parties: say whose obligations change")
        return self

    @property
    def effective_date(self) -> PartialDate:
        return self.effective or self.date


class Condition(_Model):
    """One condition on an obligation.

    ``scope`` says where (required for ``geographic-scope``) or what, in words;
    ``adversaries`` lists COW codes for ``named-adversary``.
    """

    kind: ConditionKind
    scope: str | None = None
    adversaries: list[int] = []
    note: str | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _alias(cls, value: Any) -> Any:
        return _CONDITION_ALIASES.get(value, value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _needs(self) -> Condition:
        if self.kind is ConditionKind.GEOGRAPHIC_SCOPE and not self.scope:
            raise ValueError("a geographic-scope condition needs `scope` (the area, in words)")
        if self.kind is ConditionKind.NAMED_ADVERSARY and not (self.adversaries or self.scope):
            raise ValueError("a named-adversary condition needs `adversaries` or `scope`")
        if self.kind is ConditionKind.OTHER and not (self.scope or self.note):
            raise ValueError("an `other` condition needs `scope` or `note` saying what it is")
        return self

    def atop_code(self, obligation: ObligationKind | str) -> str | None:
        """The ATOP member-level dummy this condition sets for ``obligation``, if any."""
        return ATOP_CONDITION_CODES.get((ObligationKind(obligation), self.kind))


class ArticleObligation(_Model):
    """One obligation an article creates.

    Empty ``obligors`` / ``beneficiaries`` mean every party. When set, each
    obligor owes the obligation to each beneficiary other than itself.
    """

    type: ObligationKind
    obligors: list[int] = []
    beneficiaries: list[int] = []
    conditions: list[Condition] = []


class Article(Fact):
    """An article (or paragraph) and the obligations it creates.

    ``number`` as the treaty numbers it ("5", "42(7)", "IV"); ``label`` names
    an unnumbered or unknown provision. ``applies_to`` lists articles this one
    defines or qualifies (NATO Art. 6 defines the area of Art. 5).
    ``in_force_from`` is set when the article began later than the treaty.
    """

    number: str | None = None
    label: str | None = None
    obligations: list[ArticleObligation] = Field(min_length=1)
    text: str = Field(min_length=1)
    text_kind: Literal["quotation", "paraphrase"]
    applies_to: list[str] = []
    in_force_from: Date | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("applies_to", mode="before")
    @classmethod
    def _applies_str(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
        return value

    @model_validator(mode="after")
    def _named(self) -> Article:
        if not self.number and not self.label:
            raise ValueError("an article needs a `number` or, when unnumbered, a `label`")
        return self

    @property
    def ref(self) -> str:
        """How to cite it: "Art. 5", or the label of an unnumbered provision."""
        return f"Art. {self.number}" if self.number else str(self.label)


class AtopDifference(_Model):
    """A known, explained difference between this record and ATOP's coding."""

    about: Literal["membership", "dates", "obligation", "condition", "other"]
    ccode: int | None = None
    atop_says: str = Field(min_length=1)
    register_says: str = Field(min_length=1)
    follow: Literal["register", "atop"]
    note: str = Field(min_length=1)


class AtopLink(Fact):
    """The ATOP alliance a record continues, amends, adds provisions to, or relates to.

    ``note`` must say how the ATOP id was matched (members, begin date).
    """

    id: str = Field(pattern=ATOP_REF)
    relation: AtopRelation
    differences: list[AtopDifference] = []

    @model_validator(mode="after")
    def _matched(self) -> AtopLink:
        if not self.note:
            raise ValueError("say in `note` how the ATOP id was matched (members, begin date)")
        return self

    @property
    def atopid(self) -> int:
        return int(self.id.removeprefix("atop-"))


# --- the review trail ----------------------------------------------------------


class ReviewedArticle(_Model):
    """The news article a reviewed change came from: where to find it again."""

    title: str | None = None
    publisher: str | None = None
    published: Date | None = None
    url: str | None = None
    path: str | None = None

    @model_validator(mode="after")
    def _findable(self) -> ReviewedArticle:
        if not (self.url or self.path or self.title):
            raise ValueError("say which article: give its `url`, `path` or `title`")
        return self


class ReviewEvidence(_Model):
    """The characters ``text`` at ``start:end`` of the article supported ``field``."""

    field: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _order(self) -> ReviewEvidence:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Review(_Model):
    """A change a person accepted into this record from a news article (``foedus review``).

    ``accepted_at`` is a UTC timestamp (``2025-06-01T12:00:00Z``); ``event`` is
    the kind of event the article reported (signed, ratified, ...); ``action``
    what the change did (add-source, status-change, new-record, ...).
    """

    accepted_by: str = Field(min_length=1)
    accepted_at: AwareDatetime
    proposal: str | None = None
    action: str | None = None
    event: str = Field(min_length=1)
    article: ReviewedArticle
    evidence: list[ReviewEvidence] = []
    note: str | None = None


# --- the record --------------------------------------------------------------


def _resolve_sources(data: Any) -> Any:
    """Replace source keys in every fact's ``sources`` list by the record's citations."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        return data
    table: dict[str, Any] = {}
    for key, cite in data["sources"].items():
        table[key] = {"key": key, **cite} if isinstance(cite, dict) else cite

    def resolve_item(item: Any) -> Any:
        if isinstance(item, str) and item in table:
            return table[item]
        if isinstance(item, dict) and "ref" in item and set(item) <= {"ref", "locator"}:
            ref = item["ref"]
            if isinstance(ref, str) and ref in table and isinstance(table[ref], dict):
                out = dict(table[ref])
                if item.get("locator"):
                    out["locator"] = item["locator"]
                return out
            return ref if isinstance(ref, str) else item
        return item

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    out[key] = [resolve_item(v) for v in value]
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    resolved = {k: (v if k == "sources" else walk(v)) for k, v in data.items()}
    resolved["sources"] = table
    return resolved


class TreatyRecord(_Model):
    """One treaty in the register, every fact with its sources.

    ``parties_listed`` says how to read ``parties``: ``all`` lists every party;
    ``changes`` (only with an ATOP link) lists just the parties the register
    adds or whose dates it changes, and every other member comes from ATOP.
    """

    id: str = Field(pattern=SLUG)
    names: Names
    instrument: Instrument
    legally_binding: bool | None = True
    sources: dict[str, Citation] = Field(min_length=1)
    parties_listed: Literal["all", "changes"] = "all"
    parties: list[Party] = []
    signed: Signed
    ratifications: list[Ratification] = []
    in_force: InForce | None = None
    status_events: list[StatusEvent] = []
    atop: AtopLink | None = None
    supersedes: list[Annotated[str, Field(pattern=f"{SLUG}|{ATOP_REF}")]] = []
    superseded_by: list[Annotated[str, Field(pattern=f"{SLUG}|{ATOP_REF}")]] = []
    related: list[Annotated[str, Field(pattern=f"{SLUG}|{ATOP_REF}")]] = []
    articles: list[Article] = []
    note: str | None = None
    reviews: list[Review] = []  # who accepted machine-proposed changes, when, from what

    @model_validator(mode="before")
    @classmethod
    def _sources(cls, data: Any) -> Any:
        return _resolve_sources(data)

    @model_validator(mode="after")
    def _consistent(self) -> TreatyRecord:
        _check_record(self)
        return self

    def article(self, number: str) -> Article:
        """The article numbered ``number`` (or labelled so); KeyError when absent."""
        for art in self.articles:
            if art.number == str(number) or (art.number is None and art.label == number):
                return art
        raise KeyError(f"{self.id} has no article {number!r}")

    def party(self, ccode: int) -> Party | None:
        return next((p for p in self.parties if p.ccode == ccode), None)

    @property
    def party_codes(self) -> list[int]:
        return [p.ccode for p in self.parties]

    def summary(self) -> dict[str, Any]:
        """A line of ``foedus register list``: id, name, signature, entry into force, ATOP link."""
        in_force = None
        if self.in_force:
            in_force = self.in_force.date.iso() if self.in_force.date else "yes, date unknown"
        return {
            "id": self.id,
            "name": self.names.official,
            "signed": self.signed.date.iso(),
            "in_force": in_force,
            "atop": f"{self.atop.id} ({self.atop.relation.value})" if self.atop else None,
            "parties": self.party_codes,
        }


class _RecordError(ValueError):
    """A record-level inconsistency; ``loc`` is the dotted field it concerns."""

    def __init__(self, loc: str, message: str) -> None:
        self.loc = loc
        super().__init__(f"{loc}: {message}")


def _check_record(rec: TreatyRecord) -> None:
    """Checks that need the whole record: dates in order, codes that refer to parties."""
    signed = rec.signed.date
    complete = rec.parties_listed == "all"
    if not complete and (rec.atop is None or rec.atop.relation is AtopRelation.RELATED):
        raise _RecordError(
            "parties_listed",
            "`changes` needs an ATOP link (continues, amends or provisions-only) that "
            "supplies the other members; list every party and use `all`",
        )
    if complete and len(rec.parties) < 1:
        raise _RecordError("parties", "list the parties (or set parties_listed: changes)")
    codes = [p.ccode for p in rec.parties]
    seen: set[int] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise _RecordError(f"parties.{i}.ccode", f"party {code} is listed twice")
        seen.add(code)
    known = set(codes)

    def check_party(loc: str, code: int) -> None:
        if complete and code not in known:
            raise _RecordError(loc, f"{code} is not among this record's parties {sorted(known)}")

    if rec.in_force and rec.in_force.date and not not_after(signed, rec.in_force.date):
        raise _RecordError(
            "in_force.date",
            f"entry into force ({rec.in_force.date}) is before signature ({signed})",
        )
    for i, p in enumerate(rec.parties):
        first = p.signed or p.joined
        if first and not not_after(signed, first):
            raise _RecordError(
                f"parties.{i}", f"{p.name} signed/joined ({first}) before the treaty ({signed})"
            )
    for i, r in enumerate(rec.ratifications):
        check_party(f"ratifications.{i}.party", r.party)
        if not not_after(signed, r.date):
            raise _RecordError(
                f"ratifications.{i}.date", f"ratification step ({r.date}) is before signature"
            )
    for i, e in enumerate(rec.status_events):
        for j, code in enumerate(e.parties):
            check_party(f"status_events.{i}.parties.{j}", code)
        for j, code in enumerate(e.counterparties):
            check_party(f"status_events.{i}.counterparties.{j}", code)
        if not not_after(signed, e.date):
            raise _RecordError(f"status_events.{i}.date", f"event ({e.date}) is before signature")
    numbers = [a.number for a in rec.articles if a.number]
    for i, num in enumerate(numbers):
        if num in numbers[:i]:
            raise _RecordError("articles", f"article {num} is listed twice")
    for i, art in enumerate(rec.articles):
        for j, target in enumerate(art.applies_to):
            if target not in numbers:
                raise _RecordError(
                    f"articles.{i}.applies_to.{j}", f"no article {target!r} in this record"
                )
        for j, ob in enumerate(art.obligations):
            for k, code in enumerate(ob.obligors):
                check_party(f"articles.{i}.obligations.{j}.obligors.{k}", code)
            for k, code in enumerate(ob.beneficiaries):
                check_party(f"articles.{i}.obligations.{j}.beneficiaries.{k}", code)
    for name in ("supersedes", "superseded_by", "related"):
        for i, ref in enumerate(getattr(rec, name)):
            if ref == rec.id:
                raise _RecordError(f"{name}.{i}", "a record cannot refer to itself")
