"""The trigger rules: every phrase that announces a treaty event, as data, with its examples.

One table, :data:`RULES`. A row names the event ``kind`` it announces, its
``pattern`` (a regular expression, matched ignoring case), what must stand
near it for it to be about a treaty (``needs``, a :class:`Needs`), and two
lists of sentences: ``fires`` (the rule must find an event of its kind there)
and ``spares`` (it must not). ``tests/news/test_news_rules.py`` runs every
example; a rule without both kinds of example fails it.

The words a sentence must hold for a rule to be tried (its *anchors*) are
derived from the pattern, never written by hand: see :func:`anchors_of`. The
cues that set a trigger aside (a plan, a denial, a trade deal) are a second
table, :data:`CUES`, with examples of their own.

>>> rule = RULES_BY_NAME["ratified-verb"]
>>> rule.kind, rule.needs, sorted(rule.anchors)
(<Kind.RATIFIED: 'ratified'>, <Needs.RATIFY_OBJECT: 'ratify_object'>, ['ratifie'])
>>> sorted(anchors_of(r"\\b(?:put|puts)\\s+pen\\s+to\\s+paper\\s+on\\b"))
['paper']

Compound rules come first: their spans hide the plain verbs inside them
("voted to ratify" is one ratification, not a vote and a ratification).
"""

from __future__ import annotations

import enum
import functools
import re
import re._constants as _sre  # the parser's node names; stable since Python 3.11
import re._parser as _sre_parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from foedus.news import lexicon as lx

__all__ = [
    "CUES",
    "CUES_BY_NAME",
    "RULES",
    "RULES_BY_NAME",
    "Cue",
    "Kind",
    "Needs",
    "Rule",
    "anchors_of",
    "rules_for_text",
    "rules_for_words",
]


class Kind(enum.StrEnum):
    """The kinds of treaty event an article can report."""

    SIGNED = "signed"
    RATIFIED = "ratified"
    ENTERED_INTO_FORCE = "entered_into_force"
    ACCEDED = "acceded"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    INVOKED = "invoked"
    EXPIRED = "expired"


# Kinds whose parties are the states doing it (Turkey ratifies; Finland joins), as against
# kinds whose parties are the treaty's (a pact is signed, takes effect, expires).
ACTOR_KINDS = frozenset({Kind.RATIFIED, Kind.ACCEDED, Kind.SUSPENDED, Kind.WITHDRAWN, Kind.INVOKED})


class Needs(enum.Enum):
    """What must stand near a trigger for it to be about a treaty.

    Each value has one small function in :mod:`foedus.news.events` (``_NEEDS``).
    """

    NONE = "none"  # the pattern says it all ("signed a law ratifying …")
    OBJECT = "object"  # a treaty after the verb ("signed a pact")
    RATIFY_OBJECT = "ratify_object"  # a treaty, or "it"/"accession"/"membership" after it
    SUSPEND_OBJECT = "suspend_object"  # a treaty, or "participation"/"obligations" in one
    FROM_OBJECT = "from_object"  # a treaty after "from"/"of"/"out" ("withdrew from the pact")
    ORG_OR_OBJECT = "org_or_object"  # an alliance or a treaty after it ("joined NATO")
    SUBJECT = "subject"  # a treaty before it ("the pact took effect")
    MEMBER = "member"  # "member of NATO" after it ("became the 32nd member of NATO")
    ARTICLE = "article"  # an article or clause after it ("invoked Article 4")
    LEGISLATURE = "legislature"  # a legislature or cabinet before it ("parliament approved")
    CONTEXT = "context"  # a treaty in the sentence or an alliance in the article
    ORG_OR_OBJECT_OR_CONTEXT = "org_or_object_or_context"


@dataclass(frozen=True)
class Rule:
    """A phrase announcing an event of ``kind``; see the module docstring.

    ``compound`` patterns carry their own modal words ("voted to ratify", "was not
    renewed"); what stands before them is checked as for a plain verb ("will sign a
    law ratifying"). ``headline``: a bare verb ("Kim, Putin Sign Pact"), past only in a
    headline; in the body it only says why a planned or denied event is set aside.
    ``through_law``: the act is a law or an order on the treaty ("signed a law
    ratifying …"), so a law named beside the treaty does not make it no treaty.
    """

    name: str
    kind: Kind
    pattern: str
    needs: Needs
    fires: tuple[str, ...]
    spares: tuple[str, ...]
    compound: bool = False
    headline: bool = False
    through_law: bool = False  # the pattern names the law or order that acts on the treaty
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    anchors: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.I))
        object.__setattr__(self, "anchors", anchors_of(self.pattern))


# ------------------------------------------------------------------ anchors

_MIN_ANCHOR = 3  # shorter literals ("of", "up") are in most sentences: no use as a filter


def anchors_of(pattern: str) -> frozenset[str]:
    """Lower-case letter strings one of which every match of ``pattern`` contains.

    Read from the parsed pattern: a run of literal letters is required where it
    stands; an alternation requires one of its branches' requirements; an optional
    part requires nothing. Of the requirements a sequence holds, the longest is
    kept. An empty set means the pattern has no usable anchor (it is tried on every
    sentence).

    >>> sorted(anchors_of(r"\\b(?:withdrew|withdraws|quit)\\b"))
    ['quit', 'withdraws', 'withdrew']
    >>> sorted(anchors_of(r"\\bcompleting\\s+(?P<actor>\\w+)\\s+ratification\\b"))
    ['ratification']
    """
    parsed = _sre_parse.parse(pattern, re.I)
    found = _required(list(parsed))
    return found or frozenset()


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        word = "".join(run)
        if len(word) >= _MIN_ANCHOR:
            options.append(frozenset({word}))
        run.clear()

    for op, av in items:
        if op is _sre.LITERAL:
            ch = chr(av).lower()
            if ch.isalpha():
                run.append(ch)
                continue
            flush()
            continue
        if op is _sre.AT:
            continue  # \b takes no characters: "sign\b" still requires "sign"
        flush()
        need: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            need = _required(list(av[-1]))
        elif op is _sre.BRANCH:
            branches = [_required(list(b)) for b in av[1]]
            if branches and all(b for b in branches):
                need = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                need = _required(list(sub))
        elif op is _sre.ASSERT:
            direction, sub = av
            if direction == 1:  # a lookahead's text is in the sentence too
                need = _required(list(sub))
        if need:
            options.append(need)
    flush()
    if not options:
        return None
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


@functools.lru_cache(maxsize=1)
def _anchor_index() -> tuple[tuple[str, tuple[int, ...]], ...]:
    by_anchor: dict[str, list[int]] = {}
    for i, rule in enumerate(RULES):
        for a in rule.anchors:
            by_anchor.setdefault(a, []).append(i)
    return tuple((a, tuple(ix)) for a, ix in sorted(by_anchor.items()))


_UNANCHORED: tuple[int, ...] = ()
_WORD_CACHE: dict[str, frozenset[int]] = {}


def _rules_in_word(word: str) -> frozenset[int]:
    hit = _WORD_CACHE.get(word)
    if hit is None:
        hit = frozenset(i for a, ix in _anchor_index() if a in word for i in ix)
        if len(_WORD_CACHE) > 200_000:  # a long salad of odd words: start again
            _WORD_CACHE.clear()
        _WORD_CACHE[word] = hit
    return hit


@functools.lru_cache(maxsize=1)
def _anchor_automaton() -> Any:
    """An Aho-Corasick automaton of the anchors made of the letters a-z, each giving the
    rules it anchors. (Another anchor is never inside a word of a-z: it never counts.)"""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for anchor, rules in _anchor_index():
        if re.fullmatch(r"[a-z]+", anchor):
            automaton.add_word(anchor, rules)
    automaton.make_automaton()
    return automaton


def rules_for_text(low: str) -> set[int]:
    """``rules_for_words`` of the words (runs of a-z) of a lower-case text, in one pass over
    it: a word holds an anchor of letters a-z exactly when the text holds the anchor."""
    out: set[int] = set(_UNANCHORED)
    for _end, rules in _anchor_automaton().iter(low):
        out.update(rules)
    return out


def rules_for_words(words: Iterable[str]) -> set[int]:
    """The indices in :data:`RULES` of the rules worth trying on a sentence of ``words``
    (lower-case): those with an anchor inside one of the words, and those with none."""
    out: set[int] = set(_UNANCHORED)
    for w in words:
        out |= _rules_in_word(w)
    return out


# ------------------------------------------------------------------- the rules

# Verbs of enacting a law or an order ("signed", "put his signature on", "approved"…).
_ENACTED = (
    r"(?:signed|signs|approved|approves|passed|passes|adopted|adopts|endorsed|endorses|"
    r"issued|issues|put\s+(?:his|her|its|their)\s+signatures?\s+(?:on|to))"
)
_INSTRUMENT = r"(?:law|bill|decree|order|legislation|resolution)"
# "decided Thursday to", "has decided to", "approved a motion to".
_DECIDED = (
    r"\b(?:(?:decided|decides|resolved|resolves)(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|"
    r"Satur|Sun)day|\s+today|\s+yesterday|\s+unanimously|\s+formally)?|(?:approved|approves|"
    r"adopted|adopts|passed|passes|endorsed|endorses)\s+(?:a|the)\s+(?:motion|resolution|"
    r"decision|proposal|bill))"
)

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- compounds
    # An act of state that ends or suspends a treaty: a law, decree or order "terminating",
    # "on the denunciation of", "revoking the ratification of", "suspending" it. Before the
    # ratification rule, which "signed a law revoking … ratification" would otherwise match.
    Rule(
        "withdrawn-law-ending",
        Kind.WITHDRAWN,
        rf"\b{_ENACTED}\s+(?:[\w’'-]+\s+){{0,3}}?{_INSTRUMENT}\s+(?:on\s+(?:the\s+)?)?"
        r"(?:terminating|termination|denouncing|denunciation|scrapping|ending|revoking|revocation|"
        r"withdrawing|withdrawal|abrogating|abrogation|annulling|cancell?ing|rescinding)\b",
        Needs.CONTEXT,
        fires=(
            "Putin signed a law revoking Russia's ratification of the nuclear test ban treaty "
            "on Thursday.",
            "Vladimir Putin signed Federal Law On Denunciation by the Russian Federation of the "
            "Treaty on Open Skies.",
        ),
        spares=("The Duma will pass a bill terminating the treaty with Ukraine next week.",),
        compound=True,
        through_law=True,
    ),
    Rule(
        "suspended-law-suspending",
        Kind.SUSPENDED,
        rf"\b{_ENACTED}\s+(?:[\w’'-]+\s+){{0,3}}?{_INSTRUMENT}\s+(?:on\s+(?:the\s+)?)?"
        r"(?:suspending|suspension|halting|freezing)\b",
        Needs.CONTEXT,
        fires=(
            "Vladimir Putin signed the Executive Order On Suspending the Agreement with the "
            "United States on disposing of plutonium from nuclear weapons.",
        ),
        spares=("Putin is expected to sign a decree suspending the treaty with the US.",),
        compound=True,
        through_law=True,
    ),
    # Governments decide, cabinets approve motions: "decided Thursday to terminate a pact",
    # "approved a motion to suspend the agreement". The decision is the act.
    Rule(
        "withdrawn-decided-to",
        Kind.WITHDRAWN,
        rf"{_DECIDED}\s+to\s+(?:terminate|denounce|scrap|end|abrogate|revoke|cancel|annul|"
        r"withdraw|pull\s+out|quit|leave|exit)\b",
        Needs.FROM_OBJECT,
        fires=(
            "South Korea decided Thursday to terminate a military intelligence-sharing pact with "
            "Japan.",
            "The Cabinet of Ministers of Ukraine has decided to terminate the intergovernmental "
            "agreement with Russia on military-technical cooperation.",
        ),
        spares=(
            "South Korea decided Thursday to terminate a fisheries agreement with Japan.",
            "Duterte threatened to terminate the Visiting Forces Agreement with the United States.",
        ),
        compound=True,
    ),
    Rule(
        "suspended-decided-to",
        Kind.SUSPENDED,
        rf"{_DECIDED}\s+to\s+(?:suspend|halt|freeze)\b",
        Needs.SUSPEND_OBJECT,
        fires=(
            "The Cabinet deliberated on and approved a motion to suspend the entire effect of the "
            "9.19 Military Agreement with North Korea.",
        ),
        spares=("The Cabinet did not approve a motion to suspend the military agreement.",),
        compound=True,
    ),
    # Notices: "sent the United States a notice of termination of the VFA", "deposited …
    # a notification of withdrawal from the Convention", "formalized their denunciation of".
    Rule(
        "withdrawn-notice",
        Kind.WITHDRAWN,
        r"\b(?:sent|sends|delivered|delivers|deposited|deposits|handed|hands|submitted|submits|"
        r"served|serves|gave|gives|issued|issues|lodged|lodges|transmitted|transmits|filed|files)"
        r"\s+(?:[^\s.;]+\s+){0,40}?(?:notices?|notifications?|notes?|instruments?|letters?)\s+"
        r"of\s+(?:termination|withdrawal|denunciation|exit)\b",
        Needs.CONTEXT,
        fires=(
            "The Philippines on Tuesday sent the United States a notice of termination of the "
            "Visiting Forces Agreement.",
            "Lithuania, Latvia and Estonia each deposited with the Secretary-General, the "
            "depositary of the Ottawa Convention on anti-personnel mines, a notification of "
            "withdrawal from the Convention.",
        ),
        spares=(
            "The Philippines may send the United States a notice of termination of the "
            "Visiting Forces Agreement.",
        ),
        compound=True,
    ),
    # A legislature's record: "the ratification of the Protocol … has been found appropriate".
    Rule(
        "ratified-ratification-approved",
        Kind.RATIFIED,
        r"\bratification\s+of\b[^.;]{0,300}?\b(?:has|have)\s+been\s+(?:found\s+appropriate|"
        r"approved|adopted|accepted|endorsed|authori[sz]ed)\b",
        Needs.CONTEXT,
        fires=(
            "In Ankara, Article 1 of the law of the Grand National Assembly reads: the "
            "ratification of the Protocol to the North Atlantic Treaty on the Accession of "
            "Finland has been found appropriate.",
        ),
        spares=(
            "The ratification of the Protocol to the North Atlantic Treaty has not been "
            "approved by the Grand National Assembly.",
        ),
        compound=True,
    ),
    Rule(
        "ratified-law-ratifying",
        Kind.RATIFIED,
        rf"\b{_ENACTED}\s+(?:\w+\s+){{0,2}}(?:law|bill|decree|legislation|resolution|"
        r"instruments?)\s+(?:[\w’'-]+\s+){0,10}?ratif\w+",
        Needs.NONE,
        fires=(
            "Putin signed a law ratifying the treaty with North Korea on Saturday.",
            "Vladimir Putin put his signature on the law ratifying Russia's treaty with Iran "
            "yesterday.",
        ),
        spares=("Putin signed a law on pensions on Saturday.",),
        compound=True,
        through_law=True,
    ),
    Rule(
        "ratified-signed-law-on",
        Kind.RATIFIED,
        r"\b(?:signed|signs)\s+(?:into\s+law\s+|(?:the|a)\s+(?:law|bill|decree|legislation)\s+"
        r"(?:on|approving|endorsing|promulgating)\s+)(?:[\w’'-]+\s+){0,4}?(?:accession|"
        r"membership|treaty|protocol|agreement|pact)\b",
        Needs.NONE,
        fires=("Erdogan signed the law on Sweden's NATO accession on Thursday.",),
        spares=("Erdogan signed the law on road safety on Thursday.",),
        compound=True,
        through_law=True,
    ),
    Rule(
        "ratified-into-law",
        Kind.RATIFIED,
        r"\b(?:signed|signs|sign)\s+(?:[\w’'-]+\s+){1,12}?into\s+law\b",
        Needs.NONE,
        fires=(
            "President Biden signed the NATO accession protocols for Finland and Sweden into "
            "law on Tuesday.",
        ),
        spares=("President Biden signed the farm bill on Tuesday.",),
        compound=True,
        through_law=True,
    ),
    Rule(
        "ratified-completing-ratification",
        Kind.RATIFIED,
        r"\bcompleting\s+(?P<actor>[\w’'-]+['’]s)\s+(?:\w+\s+)?ratification\b",
        Needs.NONE,
        fires=(
            "Hungary's parliament voted on Monday, completing Hungary's ratification of "
            "Sweden's NATO accession.",
        ),
        spares=("Hungary's parliament debated the budget on Monday.",),
        compound=True,
    ),
    Rule(
        "ratified-concurred",
        Kind.RATIFIED,
        r"\b(?:concurred|concurs|concur)\s+(?:in|with)\s+(?:the\s+)?ratification\b",
        Needs.NONE,
        fires=(
            "The Philippine Senate concurred in the ratification of the reciprocal access "
            "agreement with Japan on Monday.",
        ),
        spares=("The Philippine Senate concurred with the House on the budget on Monday.",),
        compound=True,
    ),
    Rule(
        "ratified-signed-off",
        Kind.RATIFIED,
        r"\b(?:signed|signs)\s+off\s+on\s+(?:[\w’'-]+\s+){0,6}?(?:accession|protocol|"
        r"ratification|membership|bid)\b",
        Needs.NONE,
        fires=("Hungary's president signed off on Sweden's NATO accession on Tuesday.",),
        spares=("Hungary's president signed off on a new budget on Tuesday.",),
        compound=True,
    ),
    Rule(
        "acceded-instrument",
        Kind.ACCEDED,
        r"\b(?:deposited|deposits|handed(?:\s+over)?|hands(?:\s+over)?|submitted|presented|"
        r"delivered)\s+(?:[\w’'-]+\s+){0,3}?instruments?\s+of\s+accession\b",
        Needs.NONE,
        fires=(
            "Foreign Minister Pekka Haavisto handed over Finland's instrument of accession to "
            "NATO in Brussels on Tuesday.",
        ),
        spares=("Finland will deposit its instrument of accession to NATO next week.",),
        compound=True,
    ),
    # "Finland's accession to NATO became official", "… took effect", "… was completed".
    Rule(
        "acceded-accession-effective",
        Kind.ACCEDED,
        r"\baccession\b(?:\s+[^\s.;]+){0,10}?\s+(?:(?:became|becomes|has become|was made|is now)"
        r"\s+(?:official|effective|final|complete)|(?:took|takes|has taken)\s+effect|was\s+"
        r"(?:completed|finali[sz]ed|formali[sz]ed))\b",
        Needs.ORG_OR_OBJECT_OR_CONTEXT,
        fires=("Finland's accession to NATO became official on Tuesday.",),
        spares=("Finland's accession to NATO is expected to become official next week.",),
        compound=True,
    ),
    Rule(
        "in-force-exchanged-instruments",
        Kind.ENTERED_INTO_FORCE,
        r"\bexchanged\s+(?:the\s+|their\s+)?instruments\s+of\s+ratification\b|\binstruments\s+"
        r"of\s+ratification\s+were\s+exchanged\b",
        Needs.CONTEXT,
        fires=(
            "Russia and North Korea exchanged instruments of ratification of their defence "
            "treaty in Moscow on Wednesday.",
        ),
        spares=(
            "Russia and North Korea have not exchanged instruments of ratification of their "
            "defence treaty.",
        ),
    ),
    # "The signing ceremony of the Treaty … between X and Y took place …"
    Rule(
        "signed-ceremony-took-place",
        Kind.SIGNED,
        r"\bsigning(?:\s+ceremony)?\s+(?:of|for)\s+(?P<actor>[^.;]{3,200}?)\s+(?:took place|"
        r"was held|has taken place|were held)\b",
        Needs.NONE,
        fires=(
            "The signing ceremony of the defence treaty between France and Poland took place in "
            "Nancy on Friday.",
        ),
        spares=(
            "The signing ceremony of the defence treaty between France and Poland will take "
            "place in Nancy.",
        ),
        compound=True,
    ),
    Rule(
        "ratified-voted",
        Kind.RATIFIED,
        r"\bvoted\s+(?:\w+\s+){0,3}(?:to ratify|for (?:the )?ratification|"
        r"in favou?r of (?:ratifying|ratification)|to (?:approve|endorse|"
        r"back)\s+(?:\S+\s+){0,4}?(?:accession|treaty|pact|agreement|protocol|membership|"
        r"application|bid))",
        Needs.NONE,
        fires=("Turkey's parliament voted to ratify Finland's NATO membership on Thursday.",),
        spares=("Turkey's parliament voted to raise the minimum wage on Thursday.",),
        compound=True,
    ),
    Rule(
        "ratified-approved-by-legislature",
        Kind.RATIFIED,
        r"\b(?:approved|approves|endorsed|endorses|backed|backs|passed|passes)\s+(?:the\s+|"
        r"a\s+)?(?:[\w’']+[- ]){0,5}(?:treaty|pact|accord|agreement|accession|protocol|"
        r"membership|bid|application)\b",
        Needs.LEGISLATURE,
        fires=("Hungary's parliament approved Sweden's NATO accession on Monday.",),
        spares=("The foreign ministers approved the pact's wording on Monday.",),
        compound=True,
    ),
    Rule(
        "withdrawn-announced-withdrawal",
        Kind.WITHDRAWN,
        r"\b(?:announced|announces|announce|declared|declares|notified|completed|completes|"
        r"complete|formali[sz]ed|confirmed|confirms|finali[sz]ed)\s+(?:(?:its|their|"
        r"the)\s+)?(?:\w+\s+){0,2}(?:withdrawal|exit|departure|denunciation|termination)\b",
        Needs.ORG_OR_OBJECT_OR_CONTEXT,
        fires=(
            "Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS on Sunday.",
            "Bolivia, Ecuador, Nicaragua and Venezuela on Tuesday formalized here their "
            "denunciation of the Inter-American Treaty of Reciprocal Assistance.",
            "North Korea declares immediate withdrawal from nuclear Non-Proliferation Treaty\n\n"
            "The government statement was broadcast by KCNA.",
        ),
        spares=("Mali announced the withdrawal of its ambassador from Algiers on Sunday.",),
        compound=True,
    ),
    Rule(
        "withdrawn-withdrawal-effective",
        Kind.WITHDRAWN,
        r"\b(?:withdrawal|exit|departure)(?:\s+of\s+(?P<actor>[^.;]{1,80}?)(?=\s+from\b))?"
        r"(?:\s+[^\s.;]+){0,24}?\s+(?:(?:took|takes|has taken)\s+effect|(?:became|becomes|"
        r"has become|was made)\s+(?:effective|official|final))\b",
        Needs.ORG_OR_OBJECT_OR_CONTEXT,
        fires=(
            "The withdrawal of Mali, Burkina Faso and Niger from ECOWAS became effective on "
            "Wednesday.",
        ),
        spares=("The withdrawal of Mali from ECOWAS will become effective next year.",),
        compound=True,
    ),
    Rule(
        "withdrawn-declared-void",
        Kind.WITHDRAWN,
        r"\b(?:declared|declares)\s+(?:the|a|an|its|their)\s+(?:[\w’'-]+\s+){0,5}?(?:treaty|pact|"
        r"agreement|accord|alliance|deal)s?(?:\s+[\w’'-]+){0,4}?\s+(?:null\s+and\s+)?(?:void|"
        r"invalid|defunct|null|obsolete|no longer (?:valid|binding|in force))\b",
        Needs.NONE,
        fires=(
            "North Korea declared the 2018 military agreement with South Korea void on Wednesday.",
        ),
        spares=("North Korea declared the 2018 military agreement a success on Wednesday.",),
    ),
    Rule(
        "invoked-requested-consultations",
        Kind.INVOKED,
        r"\b(?:requested|requests|asked for|asks for|called for|calls for|sought|seeks)\s+"
        r"(?:[\w’'-]+\s+){0,10}?(?:consultations|meeting|talks|session)\s+"
        r"(?:[\w’'-]+\s+){0,8}?under\s+Article\s+\w+",
        Needs.NONE,
        fires=(
            "Poland requested consultations under Article 4 of the North Atlantic Treaty on "
            "Wednesday.",
        ),
        spares=("Poland requested consultations with its neighbours on Wednesday.",),
        compound=True,
    ),
    Rule(
        "invoked-fell-under-article",
        Kind.INVOKED,
        r"\b(?:fell|falls|fall)\s+under\s+Article\s+\w+",
        Needs.NONE,
        fires=(
            "Kim judged on Tuesday that the situation fell under Article 4 of the treaty with "
            "Russia.",
        ),
        spares=("The situation fell under the army's control on Tuesday.",),
        compound=True,
    ),
    # ------------------------------------------------------------- plain verbs
    Rule(
        "acceded-became-member",
        Kind.ACCEDED,
        r"\b(?:became|becomes)\b|\b(?:is|are)\s+now(?=\s+(?:a|an|the|its|\w+['’]s)\s+"
        r"(?!(?:only|last|sole|remaining|lone|key|founding|longest|largest|biggest|most)\b)"
        r"(?:[\w’'-]+\s+){0,3}?(?:member|ally)\b)",
        Needs.MEMBER,
        fires=("Sweden became the 32nd member of NATO on Thursday.",),
        spares=("Sweden became a republic on Thursday.",),
    ),
    Rule(
        "signed-verb",
        Kind.SIGNED,
        r"\b(?:signed|signs|inked|inks|sealed|seals|concluded|concludes|clinched|clinches|"
        r"forged|forges)\b",
        Needs.OBJECT,
        fires=("Russia and Belarus signed a mutual defence treaty in Minsk on Friday.",),
        spares=("Russia and Belarus will sign a mutual defence treaty in Minsk.",),
    ),
    Rule(
        "signed-headline",
        Kind.SIGNED,
        r"\b(?:sign|ink|seal|forge)\b",
        Needs.OBJECT,
        fires=("Putin, Kim Sign Defence Pact\n\nThe two leaders met in Pyongyang on Wednesday.",),
        spares=("Russia and Iran plan to sign a defence treaty.",),
        headline=True,
    ),
    Rule(
        "signed-pen-to-paper",
        Kind.SIGNED,
        r"\b(?:put|puts)\s+pen\s+to\s+paper\s+on\b",
        Needs.OBJECT,
        fires=("Britain and Ukraine put pen to paper on a security agreement in Kyiv on Friday.",),
        spares=("Britain and Ukraine put pen to paper on a trade agreement in Kyiv on Friday.",),
    ),
    Rule(
        "signed-signatures",
        Kind.SIGNED,
        r"\b(?:put|puts|affixed|affix|affixes)\s+(?:their|his|her|its)\s+signatures?\s+(?:to|on)\b",
        Needs.OBJECT,
        fires=(
            "The prime ministers of Japan and Australia put their signatures to a security "
            "declaration treaty on Saturday.",
        ),
        spares=("The two ministers put their signatures on a fisheries deal on Saturday.",),
    ),
    # British "agreed a pact" and "struck a deal": concluded. "agreed to …" and "agreed on
    # a framework" are not (a determiner must follow).
    Rule(
        "signed-agreed-a",
        Kind.SIGNED,
        r"\b(?:agreed|struck)(?=\s+(?:a|an|the|their|its|new)\s)",
        Needs.OBJECT,
        fires=("Britain and Germany agreed a defence pact in London on Wednesday.",),
        spares=("Britain and Germany agreed the text of a defence pact on Wednesday.",),
    ),
    Rule(
        "signed-agree-headline",
        Kind.SIGNED,
        r"\b(?:agree|strike)(?=\s+(?:an?\s+|the\s+|new\s+)?(?:[\w’'-]+\s+){0,3}?(?:treaty|pact|"
        r"agreement|accord|deal|alliance)\b)",
        Needs.OBJECT,
        fires=("UK and Germany agree defence pact\n\nThe ministers met in London on Wednesday.",),
        spares=("Britain and Germany hope to agree a defence pact this year.",),
        headline=True,
    ),
    Rule(
        "ratified-verb",
        Kind.RATIFIED,
        r"\b(?:ratified|ratifies)\b",
        Needs.RATIFY_OBJECT,
        fires=("The State Duma ratified the treaty with North Korea on Thursday.",),
        spares=("The State Duma has not ratified the treaty with North Korea.",),
    ),
    Rule(
        "ratified-headline",
        Kind.RATIFIED,
        r"\bratify\b",
        Needs.RATIFY_OBJECT,
        fires=("Duma deputies ratify pact with Pyongyang\n\nThe vote was held on Thursday.",),
        spares=("The State Duma is due to ratify the treaty with North Korea next week.",),
        headline=True,
    ),
    Rule(
        "in-force-verb",
        Kind.ENTERED_INTO_FORCE,
        r"\b(?:entered|enters|came|comes|went|goes)\s+into\s+(?:force|effect)\b|\b(?:took|"
        r"takes)\s+effect\b|\bbecame\s+(?:legally\s+)?(?:effective|binding|operative)\b",
        Needs.SUBJECT,
        fires=("The Russia-North Korea treaty entered into force on Wednesday.",),
        spares=("The Russia-North Korea treaty will enter into force on Wednesday.",),
    ),
    Rule(
        "acceded-verb",
        Kind.ACCEDED,
        r"\b(?:joined|joins|acceded|accedes)\b",
        Needs.ORG_OR_OBJECT,
        fires=("Finland formally joined NATO on Tuesday.",),
        spares=("Egypt and Iran joined BRICS on Monday.",),
    ),
    Rule(
        "acceded-headline",
        Kind.ACCEDED,
        r"\bjoin\b",
        Needs.ORG_OR_OBJECT,
        fires=("Finland, Sweden Join NATO\n\nThe two states were admitted on Tuesday.",),
        spares=("Sweden hopes to join NATO this year.",),
        headline=True,
    ),
    Rule(
        "suspended-verb",
        Kind.SUSPENDED,
        r"\b(?:suspended|suspends|suspending|froze|freezes|frozen|freezing|halted|halts|"
        r"paused|pauses)\b",
        Needs.SUSPEND_OBJECT,
        fires=("Armenia froze its participation in the CSTO on Thursday.",),
        spares=("Armenia suspended flights to Moscow on Thursday.",),
    ),
    Rule(
        "withdrawn-verb",
        Kind.WITHDRAWN,
        r"\b(?:withdrew|withdraws|withdrawn|withdrawing|pulled out|pulls out|pulling out|quit|"
        r"quits|quitting|exited|exits|exiting|left|leaves|leaving)\b",
        Needs.FROM_OBJECT,
        fires=("Russia withdrew from the CFE treaty on Tuesday.",),
        spares=("Russia withdrew its troops from the border on Tuesday.",),
    ),
    Rule(
        "withdrawn-ended",
        Kind.WITHDRAWN,
        r"\b(?:terminated|terminates|terminating|scrapped|scraps|scrapping|abrogated|abrogates|"
        r"abrogating|renounced|renounces|annulled|annuls|revoked|revokes|tore up|tears up|"
        r"ripped up|ended|ends|ending|cancell?ed|cancels|nullified|nullifies|dissolved|dissolves|"
        r"(?:breaking|broke|broken|breaks) off|walked away from|walks away from)\b",
        Needs.OBJECT,
        fires=("North Korea scrapped its military agreement with South Korea on Thursday.",),
        spares=("North Korea scrapped its trade agreement with South Korea on Thursday.",),
    ),
    Rule(
        "invoked-verb",
        Kind.INVOKED,
        r"\b(?:invoked|invokes|invoking|triggered|triggers|activated|activates|cited|citing)\b",
        Needs.ARTICLE,
        fires=("Poland invoked Article 4 of the North Atlantic Treaty on Wednesday.",),
        spares=("Poland invoked its right to self-defence on Wednesday.",),
    ),
    Rule(
        "invoked-headline",
        Kind.INVOKED,
        r"\b(?:invoke|trigger|activate)\b",
        Needs.ARTICLE,
        fires=("Poland, Lithuania Invoke NATO Article 4\n\nThe request came on Thursday.",),
        spares=("Poland may invoke Article 4 of the North Atlantic Treaty.",),
        headline=True,
    ),
    Rule(
        "expired-verb",
        Kind.EXPIRED,
        r"\b(?:expired|expires|lapsed|lapses|ran out|runs out)\b",
        Needs.SUBJECT,
        fires=("The 1997 friendship treaty between Ukraine and Russia expired on Monday.",),
        spares=("The visas of the two diplomats expired on Monday.",),
    ),
)

RULES_BY_NAME = {r.name: r for r in RULES}
_UNANCHORED = tuple(i for i, r in enumerate(RULES) if not r.anchors)


# ------------------------------------------------------------------- the cues


@dataclass(frozen=True)
class Cue:
    """A condition that sets a trigger aside (a plan, a denial, a trade deal…), with the
    reason the article's ``set_aside`` gives, the words or pattern it looks for (kept in
    :mod:`foedus.news.lexicon`, which :mod:`foedus.news.events` reads), and examples:
    in ``spares`` the cue sets an event aside; in ``fires``, the same news without the
    cue is an event. ``tests/news/test_news_rules.py`` runs them with the rules."""

    name: str
    reason: str  # a part of the set-aside reason
    words: frozenset[str] | re.Pattern[str]
    fires: tuple[str, ...]
    spares: tuple[str, ...]


CUES: tuple[Cue, ...] = (
    Cue(
        "future",
        "planned",
        lx.FUTURE,
        fires=("Russia and Iran signed a defence treaty in Moscow on Friday.",),
        spares=(
            "Russia and Iran will sign a defence treaty in Moscow on Friday.",
            "Russia and Iran plan to sign a defence treaty.",
        ),
    ),
    Cue(
        "negation",
        "denied",
        lx.NEGATION,
        fires=("Armenia suspended its participation in the CSTO on Thursday.",),
        spares=("Armenia has not suspended its participation in the CSTO.",),
    ),
    Cue(
        "past-perfect",
        "recalled",
        lx.PAST_PERFECT,
        fires=("Russia and Iran signed a defence treaty on Friday.",),
        spares=("Russia and Iran had signed a defence treaty.",),
    ),
    Cue(
        "recalled",
        "recalled",
        lx.RECALL_WORDS,
        fires=("Japan and China signed a peace treaty on Saturday.",),
        spares=(
            "Japan and China signed a peace treaty 45 years ago.",
            "Japan and China first signed a peace treaty on Saturday.",
        ),
    ),
    Cue(
        "recalled-that",
        "recalled",
        lx.RECALLED_THAT,
        fires=("Japan and China signed a peace treaty on Saturday, officials said.",),
        spares=(
            "On the anniversary, officials recalled that Japan and China signed a peace treaty.",
        ),
    ),
    Cue(
        "trade",
        "trade",
        lx.TRADE,
        fires=("Britain and India signed a defence agreement on Thursday.",),
        spares=("Britain and India signed a free trade agreement on Thursday.",),
    ),
    Cue(
        "not-an-alliance",
        "not an alliance",
        lx.NON_ALLIANCE_RE,
        fires=("Egypt and Iran joined the CSTO on Monday.",),
        spares=("Egypt and Iran joined BRICS on Monday.",),
    ),
    Cue(
        "not-a-treaty",
        "not a treaty",
        lx.NOT_TREATY,
        fires=("Pakistan and Saudi Arabia signed a mutual defence pact on Wednesday.",),
        spares=("Pakistan and Saudi Arabia signed 27 memoranda of understanding on energy.",),
    ),
)
CUES_BY_NAME = {c.name: c for c in CUES}
