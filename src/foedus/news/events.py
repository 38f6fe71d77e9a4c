"""Treaty events in a cleaned article: what happened, to which states, when and where.

The rules are those a careful reader applies to news copy:

* a verb of the right kind (signed, ratified, took effect, joined, suspended,
  withdrew, invoked, expired) with a treaty or alliance as its object or subject;
* not planned, hoped for, denied or asked about ("will sign", "did not sign",
  "plans to join"), not a trade deal, not an event recalled from the past
  ("signed in 1961", "had signed", an anniversary);
* the parties are the states in the verb's subject (and, for a signature, those
  it was signed "with" or "between"), not states named as places ("in
  Pyongyang"), targets ("against the United States") or bystanders;
* "the two leaders" means the two states last named together.

>>> from foedus.news.clean import clean_text
>>> from foedus.news.actors import default_gazetteer
>>> c = clean_text("Russia and Belarus signed a mutual defense treaty in Minsk on Friday.")
>>> x = extract_events(c, gazetteer=default_gazetteer(), published=dt.date(2024, 12, 6))
>>> e = x.events[0]
>>> e.kind, e.cows, e.date.iso(), e.place, [o.value for o in e.obligation_types]
('signed', (365, 370), '2024-12-06', 'Minsk', ['defense'])

News says it in many ways: idioms, the passive, nouns for verbs, datelines,
several events in one briefing, and memoranda that are no treaty:

>>> def events(text, day):
...     cleaned, when = clean_text(text), dt.date.fromisoformat(day)
...     found = extract_events(cleaned, gazetteer=default_gazetteer(), published=when).events
...     return [(e.kind, e.cows, e.date.iso() if e.date else None, e.place) for e in found]
>>> events("Britain and Ukraine put pen to paper on a security agreement in Kyiv on Friday.",
...        "2024-01-12")
[('signed', (200, 369), '2024-01-12', 'Kyiv')]
>>> events("A defence agreement described by ministers as historic was signed in London on "
...        "Wednesday by John Healey and his German counterpart, Boris Pistorius.", "2024-10-23")
[('signed', (200, 255), '2024-10-23', 'London')]
>>> events("The withdrawal of Mali, Burkina Faso and Niger from ECOWAS became effective on "
...        "Wednesday.", "2025-01-29")
[('withdrawn', (432, 436, 439), '2025-01-29', None)]
>>> events("SAN FRANCISCO, Aug. 11 — The United States suspended its obligations under the "
...        "ANZUS treaty today.", "1986-08-12")  # printed the next day: "today" is Aug. 11
[('suspended', (2,), '1986-08-11', 'San Francisco')]
>>> events("Britain and Ukraine signed a security pact on Thursday. Russia and Iran signed a "
...        "partnership treaty on Friday.", "2025-01-18")  # doctest: +NORMALIZE_WHITESPACE
[('signed', (200, 369), '2025-01-16', None), ('signed', (365, 630), '2025-01-17', None)]
>>> events("Pakistan and Saudi Arabia signed 27 memoranda of understanding on energy. The "
...        "agreements were signed in Islamabad.", "2024-10-10")
[]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from foedus.news import lexicon as lx
from foedus.news.actors import Gazetteer, default_gazetteer
from foedus.news.assemble import assemble, drop_background
from foedus.news.clean import Cleaned
from foedus.news.context import (
    DETERMINERS,
    RECENT_DAYS,
    TOKEN,
    Candidate,
    Doc,
    antecedent_start,
    clause_end,
    group_after,
    group_before,
    last_person,
    mentions_in,
    read_article,
    region,
    tokens_before,
    top_salient,
)
from foedus.news.dates import DateMention
from foedus.news.records import Event, SetAside, Span
from foedus.news.rules import ACTOR_KINDS, RULES, Kind, Needs, Rule, rules_for_text
from foedus.news.sentences import Sentence

__all__ = ["Extraction", "Progress", "extract_events"]

# Called as progress(done, total, stage) while a long article is read.
Progress = Callable[[int, int, str], None]

_PASSIVE = frozenset({"was", "were", "been", "be", "is", "are", "being", "get", "got"})
_NP_STOP = frozenset(
    [
        "in",
        "on",
        "at",
        "with",
        "for",
        "to",
        "from",
        "by",
        "after",
        "before",
        "during",
        "without",
        "against",
        "over",
        "under",
        "as",
        "that",
        "which",
        "who",
        "while",
        "when",
        "amid",
        "despite",
        "into",
        "since",
        "until",
        "following",
        "because",
        "than",
        "but",
        "between",
        "among",
        "within",
        "through",
        "via",
    ]
)
_PRONOUN_SINGLE = re.compile(r"\b(?:he|she)\b", re.I)


@dataclass(frozen=True)
class Extraction:
    """The events an article reports, and the phrases set aside as not events (with reasons)."""

    events: tuple[Event, ...]
    set_aside: tuple[SetAside, ...]


def extract_events(
    cleaned: Cleaned,
    *,
    gazetteer: Gazetteer | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """The treaty events ``cleaned`` reports, each field with its evidence span.

    ``published`` resolves "on Wednesday" and tells recent events from recalled
    ones; without it, relative dates stay unknown (``date`` None). ``progress`` is
    called as ``progress(done, total, "events")`` as the sentences are read.
    """
    total = len(cleaned.text)
    if progress is not None:
        progress(total // 20, total, "states, people and dates")
    doc = read_article(cleaned, gazetteer or default_gazetteer(), published)
    candidates: list[Candidate] = []
    set_aside: list[SetAside] = []
    _scan(doc, candidates, set_aside, progress)
    if progress is not None:
        progress(total * 9 // 10, total, "details")
    events = assemble(doc, candidates, source)
    events, background = drop_background(doc, events, candidates)
    return Extraction(tuple(events), tuple(set_aside + background))


# ---------------------------------------------------------------- triggers


_BACKGROUND_OPENERS = frozenset({"after", "since", "before", "until", "once"})
_ADVERBIAL = re.compile(
    r"\s*(?:(?:with immediate effect|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|(?:last|this) week|today|yesterday|formally|officially|unilaterally|finally|also|jointly)"
    r"\s*,?\s*)+",
    re.I,
)


def _object_np(
    text: str, pos: int, limit: int, *, skip_from: bool = False
) -> tuple[int, int] | None:
    """The noun phrase right after ``pos`` (up to a preposition, punctuation or ``limit``).

    Adverbials between verb and object are skipped ("revoked with immediate effect a …").
    """
    while True:
        # "signed in Kiev on Thursday a document …": places and times before the object.
        adverbial = _ADVERBIAL.match(text, pos, limit) or _PLACE_ADVERBIAL.match(text, pos, limit)
        if not adverbial or adverbial.end() == pos:
            break
        pos = adverbial.end()
    n = 0
    start = None
    end = pos
    for m in TOKEN.finditer(text, pos, limit):
        tok = m.group()
        low = tok.lower()
        if n == 0 and start is None and skip_from and low in ("from", "of", "out"):
            continue
        if tok in _QUOTES:
            continue  # 'signed a "100-year partnership"': quotation marks hold the name
        if not re.match(r"[\w’'.-]", tok) or low in _NP_STOP or n >= 9:
            break
        if start is None:
            start = m.start()
        end = m.end()
        n += 1
    if start is None:
        return None
    return start, end


_QUOTES = frozenset("\"“”‘’'«»")
# "in Kiev", "at the Kremlin" then a time, before an object ("… a document"): skipped. A
# place alone ("signed in Minsk.") leaves no object, as before.
_PLACE_ADVERBIAL = re.compile(
    r"\s*(?:in|at)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\s*,?\s*(?=(?:on|in|at|last|"
    r"this|today|yesterday)\b|(?:a|an|the)\s)"
)
_LEADING_PREPOSITIONS = frozenset({"of", "from", "to", "on", "in", "with"})
# What a treaty is "on" or "of": up to five words, stopping at a preposition or punctuation.
_COMPLEMENT = re.compile(
    r"\s+(?:on|of|for)(?!\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\s+\d)"
    r"(?:\s+(?!(?:with|in|at|by|after|before|on|during|to|from|that|which|who|within|between|"
    r"under|as|January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)[\w’'-]+){1,5}"
)


def _scan(
    doc: Doc, out: list[Candidate], aside: list[SetAside], progress: Progress | None = None
) -> None:
    """Find every trigger, then judge them in text order.

    A trigger's regex runs only on sentences holding one of its anchor words.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Rule, re.Match[str], Sentence]] = []
    todo: dict[int, list[Sentence]] = defaultdict(list)  # rule index -> its sentences
    for sent in doc.sentences:
        if doc.salad or sent.block in doc.salad_blocks:
            continue  # word salad: the words of an event without its sentence
        for t in rules_for_text(sent.text.lower()):
            todo[t].append(sent)
    for t, trig in enumerate(RULES):  # compounds first: they hide the plain verbs inside
        for sent in todo.get(t, ()):
            for m in trig.regex.finditer(doc.text, sent.start, sent.end):
                if trig.headline and not sent.is_title:
                    # A bare verb in the body is never a report, but "will sign a treaty" is
                    # worth saying why: a planned treaty.
                    _note_bare_verb(doc, trig, m, aside)
                    continue
                if _overlaps(taken, m.start(), m.end()):
                    continue
                if trig.headline and not _headline_verb(sent.text, m.start() - sent.start):
                    continue
                bisect.insort(taken, m.span())
                found.append((m.start(), trig, m, sent))
    found.sort(key=lambda f: f[0])
    total = len(doc.text)
    for k, (_, trig, m, sent) in enumerate(found):
        if progress is not None and k % 50 == 0:
            # The events stage runs from 40 % to 90 % of the whole, by position in the text.
            progress(total * 2 // 5 + m.start() // 2, total, "events")
        span = Span("kind", m.start(), m.end(), m.group())
        reason, cand = _judge(doc, sent, trig, m, span)
        if cand is not None:
            out.append(cand)
        elif reason is not None:
            aside.append(SetAside(str(trig.kind), reason, span))
            if reason.startswith("trade"):
                doc.trade_topic = True
            elif reason == _MEMO:
                doc.memo_topic = True


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a span of ``taken`` (sorted, none overlapping)."""
    i = bisect.bisect_left(taken, (start, end))
    return any(a < end and start < b for a, b in taken[max(0, i - 1) : i + 1])


def _note_bare_verb(doc: Doc, trig: Rule, m: re.Match[str], aside: list[SetAside]) -> None:
    start, end = m.span()
    before = tokens_before(doc.text[max(0, start - 100) : start])
    sent_end = doc.text.find("\n", end)
    np = _object_np(doc.text, end, len(doc.text) if sent_end < 0 else sent_end)
    if np is None or not doc.treaty_re.search(doc.text[np[0] : np[1]]):
        return
    span = Span("kind", start, end, doc.text[start:end])
    if any(t in lx.NEGATION for t in before):
        aside.append(SetAside(str(trig.kind), "denied or not done", span))
    elif any(t in lx.FUTURE for t in before):
        aside.append(SetAside(str(trig.kind), "planned or hypothetical", span))


_FRONTED_FUTURE = frozenset({"once", "when", "until", "if", "unless"})
_INFINITIVE = re.compile(r"\bto\s+[a-z]{3,}\b")


def _headline_verb(title: str, at: int) -> bool:
    # "Kim, Putin Sign Pact": a bare verb follows a name, not "a"/"the" ("the Pact Sign").
    before = tokens_before(title[:at], 1)
    return not before or before[0] not in DETERMINERS


_T = TypeVar("_T")


def _per_sentence(doc: Doc, question: str, sent: Sentence, answer: Callable[[], _T]) -> _T:
    """``answer()``, computed once per sentence and question: a sentence holding several
    verbs is asked the same of its whole text for each of them."""
    key = (question, sent.start)
    if key not in doc.memo:
        doc.memo[key] = answer()
    return doc.memo[key]  # type: ignore[no-any-return]


def _near_miss(doc: Doc, sent: Sentence) -> bool:
    """Whether the sentence names a treaty or an article: only then is a verb set aside in
    it given a reason (asked only when one is)."""
    return _per_sentence(
        doc,
        "near miss",
        sent,
        lambda: bool(doc.treaty_re.search(sent.text)) or bool(lx.ARTICLE_RE.search(sent.text)),
    )


def _treaty_in_sentence(doc: Doc, sent: Sentence) -> _Found | None:
    """``_treaty_in`` of the whole sentence."""
    return _per_sentence(doc, "treaty", sent, lambda: _treaty_in(doc, sent, sent.text, sent.start))


def _judge(
    doc: Doc, sent: Sentence, trig: Rule, m: re.Match[str], span: Span
) -> tuple[str | None, Candidate | None]:
    text = doc.text
    before = tokens_before(text[sent.start : span.start])
    passive = (bool(before) and before[0] in _PASSIVE) or (
        len(before) > 1 and before[1] in _PASSIVE
    )
    if sent.text.rstrip().endswith("?"):
        return ("a question, not a report" if _near_miss(doc, sent) else None), None
    if trig.headline and _INFINITIVE.search(text, sent.start, span.start):
        # "Minister to visit Philippines, sign forces agreement": the "to" covers both verbs.
        return "planned or hypothetical (an infinitive headline)", None
    if passive and before[0] in ("is", "are") and not sent.is_title and not trig.compound:
        # "The treaty is concluded for ten years": what the treaty is, not what happened.
        return ("a description, not a report" if _near_miss(doc, sent) else None), None
    first_word = span.text.split()[0].lower()
    # "was suspending", "are withdrawing": an event; "withdrawing troops, …": a participle.
    if (
        not trig.compound
        and first_word.endswith("ing")
        and first_word not in ("invoking", "citing")
        and not any(t in lx.AUXILIARY for t in before[:2])
    ):
        return None, None
    # A compound carries its own modal words ("voted to ratify"), but what stands before
    # it counts as for a plain verb ("will sign a law ratifying", "did not decide to quit").
    subordinate_future = first_word.endswith("s") and not trig.compound
    fronted = TOKEN.match(sent.text)
    if subordinate_future and (
        any(t in lx.SUBORDINATE_FUTURE for t in before)
        # "Once both have done that and exchanged the documents, it comes into force."
        or (fronted is not None and fronted.group().lower() in _FRONTED_FUTURE)
    ):
        return ("planned or hypothetical" if _near_miss(doc, sent) else None), None
    if any(t in lx.NEGATION for t in before):
        return ("denied or not done" if _near_miss(doc, sent) else None), None
    if any(t in lx.FUTURE for t in before):
        return ("planned or hypothetical" if _near_miss(doc, sent) else None), None
    if any(t in lx.PAST_PERFECT for t in before[:3]):
        return ("recalled past event" if _near_miss(doc, sent) else None), None
    r_lo, r_hi, holes = region(doc, sent, span.start)
    region_text = text[r_lo:r_hi]
    verdict = _object_check(doc, sent, trig, span, region_text, passive)
    if isinstance(verdict, str):
        return (
            verdict
            if _near_miss(doc, sent)
            or verdict == _MEMO
            or verdict.startswith(("trade", "not an alliance"))
            else None
        ), None
    noun_phrase, org, strong = verdict
    if doc.trade_topic and _bare(noun_phrase, text, span):
        return "trade or economic agreement (the deal named before)", None
    if doc.memo_topic and not strong and _bare(noun_phrase, text, span):
        return "not a treaty (the memoranda named before)", None
    stop = clause_end(text, span.end, sent.end, words=True)
    head = text[sent.start : span.start]
    participle = (
        not trig.compound
        and not sent.is_title
        and not passive
        and bool(re.search(rf"\b(?:{lx.TREATY_NOUN})\b[^.;:]{{0,3}}$", head, re.I))
    )
    if participle:
        # A participle ("the pact, signed on Wednesday, …") takes its date from its own phrase.
        stop = clause_end(text, span.end, sent.end)
    date = _linked_date(doc, span.end if participle else r_lo, stop, span, holes)
    ante = antecedent_start(doc, sent, r_lo)
    if date is None and ante < r_lo:
        date = _linked_date(doc, ante, r_lo, span, holes)
    clause = text[r_lo:stop]
    if lx.RECALL_WORDS.search(clause) or lx.RECALLED_THAT.search(text, sent.start, r_lo):
        return "recalled past event", None
    opener = re.findall(r"[\w’']+", text[sent.start : r_lo])
    subordinate = bool(opener) and opener[-1].lower() in _BACKGROUND_OPENERS
    if date is None and subordinate and opener[-1].lower() in ("after", "since", "once"):
        # "…, which took effect in December after both countries ratified it": what came
        # before an old event is older still.
        main = _linked_date(doc, sent.start, r_lo, span, holes)
        old = doc.ref - dt.timedelta(days=RECENT_DAYS) if doc.ref is not None else None
        if main is not None and old is not None and main.latest is not None and main.latest < old:
            return f"recalled past event (before {main.text})", None
    recent = False
    if date is not None and doc.ref is not None and date.latest is not None:
        if date.latest < doc.ref - dt.timedelta(days=RECENT_DAYS):
            return f"recalled past event ({date.text})", None
        if date.value is not None and date.value.first_day() > doc.ref + dt.timedelta(days=1):
            return f"planned ({date.text})", None
        recent = True
    if trig.kind == "signed" and noun_phrase is not None and doc.ref is not None:
        years = [int(y) for y in re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", noun_phrase.text)]
        if any(y < doc.ref.year for y in years):
            return "recalled past event (an older treaty)", None
    if participle and not recent:
        # "The treaty, signed by Kuchma and Yeltsin, …" describes the treaty; it is not news.
        doc.descriptions.append((trig.kind, sent, span))
        return "background (a description of the treaty)", None
    parties, source = _parties(doc, sent, trig, m, span, (r_lo, r_hi, holes), passive, noun_phrase)
    return None, Candidate(
        trig.kind,
        span,
        sent,
        parties,
        source,
        date,
        noun_phrase,
        org,
        strong,
        subordinate,
        rule=trig.name,
    )


_Found = tuple[Span | None, Span | None, bool]  # treaty phrase, alliance named, strong noun


@dataclass(frozen=True)
class _Near:
    """What stands around a trigger, for the functions that judge what it needs."""

    doc: Doc
    sent: Sentence
    rule: Rule
    span: Span
    region: str  # the verb's subject: from its clause's start to the verb
    passive: bool
    np_text: str  # the noun phrase after the verb
    after: str  # up to 90 characters after the verb
    obj: _Found | None  # a treaty in the noun phrase after the verb
    subj: _Found | None  # a treaty in the subject

    def found(self, phrase_text: str, offset: int) -> _Found | None:
        return _treaty_in(self.doc, self.sent, phrase_text, offset)


def _treaty_in(doc: Doc, sent: Sentence, phrase_text: str, offset: int) -> _Found | None:
    """The treaty phrase in ``phrase_text`` (at ``offset``), the alliance it names, and
    whether its noun is a strong one (treaty, pact, alliance, or an alliance's name)."""
    text = doc.text
    nouns: list[re.Match[str]] = list(doc.treaty_re.finditer(phrase_text))
    if not nouns:
        # "the Shusha Declaration" counts when it goes on "… on allied relations".
        declared = _DECLARATION.search(phrase_text)
        at = offset + declared.start() if declared is not None else -1
        if declared is None or not lx.ALLIANCE_DECLARATION.match(text, at):
            return None
        nouns = [declared]
    last = nouns[-1]
    org = lx.ORG_RE.search(phrase_text)
    # The phrase starts after the last punctuation before its noun ("MOSCOW, Dec 4 — A
    # mutual defence treaty" names "A mutual defence treaty").
    cut = 0
    for p in _PHRASE_BREAK.finditer(phrase_text, 0, last.start()):
        cut = p.end()
    tokens = [t for t in re.finditer(r"\S+", phrase_text[: last.end()]) if t.start() >= cut]
    while tokens and tokens[0].group().lower() in (DETERMINERS - {"new"}) | _LEADING_PREPOSITIONS:
        tokens = tokens[1:]
    start = offset + (tokens[0].start() if tokens else last.start())
    end = offset + last.end()
    complement = _COMPLEMENT.match(text, end, sent.end)
    if complement and last.group().lower() in lx.NOUN_RANK:
        end = complement.end()  # "a treaty on security guarantees"
    phrase = Span("treaty_name", start, end, text[start:end])
    org_span = (
        Span("treaty_name", offset + org.start(), offset + org.end(), org.group()) if org else None
    )
    return phrase, org_span, last.group().lower() in lx.STRONG_NOUNS or org is not None


_Verdict = str | _Found  # a reason to set the verb aside, or the treaty it is about
_ANYTHING: _Found = (None, None, True)  # the pattern said it all


def _needs_none(n: _Near) -> _Verdict:
    return n.obj or n.subj or _treaty_in_sentence(n.doc, n.sent) or _ANYTHING


def _object_or_subject(n: _Near) -> _Found | None:
    """The treaty after the verb, else the subject's when the verb has no object of its own
    ("the pact was signed", "the pact signed on Friday")."""
    if n.obj is not None:
        return n.obj
    nxt = TOKEN.findall(n.after[:20])
    follows = bool(nxt) and nxt[0].lower() in (
        "by", "in", "on", "at", "last", "this", "earlier", ",", ".", "and",
    )  # fmt: skip
    if n.subj is not None and (n.passive or follows):
        return n.subj
    return None


def _needs_object(n: _Near) -> _Verdict:
    return _object_or_subject(n) or _why_not(n.np_text)


def _needs_ratify_object(n: _Near) -> _Verdict:
    res = _object_or_subject(n)
    if res is None and _RATIFIABLE.search(n.np_text):
        # "ratified it", "ratified Sweden's accession": the treaty is in the sentence.
        res = _treaty_in_sentence(n.doc, n.sent) or _ANYTHING
    return res or _why_not(n.np_text)


def _needs_suspend_object(n: _Near) -> _Verdict:
    res = _object_or_subject(n)
    if res is None and lx.SUSPEND_OBJ.search(n.np_text):
        # "suspended its participation in the CSTO": the treaty follows the participation.
        start = n.span.end
        res = n.found(n.sent.text[start - n.sent.start :], start) or _ANYTHING
    return res or _why_not(n.np_text)


def _needs_org_or_object(n: _Near) -> _Verdict:
    res = _object_or_subject(n)
    if res is None:
        return _why_not(n.np_text)
    phrase, org, _ = res
    if org is None and not _ALLIANCE_NOUN.search(phrase.text if phrase else ""):
        return "not an alliance"  # "joined the talks", "joined the agreement on grain"
    return res


def _needs_subject(n: _Near) -> _Verdict:
    if n.subj is not None:
        return n.subj
    if re.search(r"\b(?:it|which)\b", n.region, re.I) and n.doc.security:
        return (None, None, False)  # "it took effect on Monday" in a story about a pact
    return _why_not(n.region)


def _needs_member(n: _Near) -> _Verdict:
    doc, after = n.doc, n.after
    mm = lx.MEMBER_RE.search(after)
    if not mm and doc.has_org and not lx.NON_ALLIANCE_RE.search(n.sent.text):
        # "became the 27th and 28th members" in an article about NATO.
        mm = re.match(
            r"\s+(?:the\s+|a\s+|full\s+)?(?:[\w-]+\s+){0,4}?(?:members?|ally|allies)\b", after
        )
    if not mm:
        return "no alliance named"
    org_m = lx.ORG_RE.search(mm.group())
    if org_m is None:
        return (None, None, True)
    at = n.span.end + mm.start()
    org_span = Span("treaty_name", at + org_m.start(), at + org_m.end(), org_m.group())
    return (org_span, org_span, True)


def _needs_article(n: _Near) -> _Verdict:
    am = lx.ARTICLE_RE.search(n.after)
    if not am or am.start() > 40:
        return "no treaty article invoked"
    return _treaty_in_sentence(n.doc, n.sent) or _ANYTHING


def _needs_legislature(n: _Near) -> _Verdict:
    lo = n.span.start - len(n.region)
    metonym = any(
        n.doc.mentions[i].kind == "metonym" for i in n.doc.mention_indices(lo, n.span.start)
    )
    if not (lx.LEGISLATURE.search(n.region) or metonym):
        return "approved by no legislature"
    return n.obj or _ANYTHING


def _needs_context(n: _Near) -> _Verdict:
    res = n.obj or _treaty_in_sentence(n.doc, n.sent)
    if res is None and not (n.doc.has_org or n.doc.treaty_re.search(n.sent.text)):
        return "no treaty named"
    return res or _ANYTHING


# What each rule needs near it, and the function that judges it (rules.Needs documents them).
_NEEDS: dict[Needs, Callable[[_Near], _Verdict]] = {
    Needs.NONE: _needs_none,
    Needs.OBJECT: _needs_object,
    Needs.RATIFY_OBJECT: _needs_ratify_object,
    Needs.SUSPEND_OBJECT: _needs_suspend_object,
    Needs.FROM_OBJECT: _needs_object,  # "from" is skipped when the noun phrase is read
    Needs.ORG_OR_OBJECT: _needs_org_or_object,
    Needs.SUBJECT: _needs_subject,
    Needs.MEMBER: _needs_member,
    Needs.ARTICLE: _needs_article,
    Needs.LEGISLATURE: _needs_legislature,
    Needs.CONTEXT: _needs_context,
    Needs.ORG_OR_OBJECT_OR_CONTEXT: _needs_context,
}
_RATIFIABLE = re.compile(r"\b(?:it|accession|membership|bid)\b", re.I)
_ALLIANCE_NOUN = re.compile(r"\b(?:alliance|pact|treaty)\b", re.I)


def _object_check(
    doc: Doc, sent: Sentence, rule: Rule, span: Span, region: str, passive: bool
) -> _Verdict:
    """Whether the verb is about a treaty: a reason to set it aside, or the treaty phrase."""
    text = doc.text
    skip_from = rule.needs in (Needs.FROM_OBJECT, Needs.SUSPEND_OBJECT)
    np_span = _object_np(text, span.end, sent.end, skip_from=skip_from)
    np_text = text[np_span[0] : np_span[1]] if np_span else ""
    obj = _treaty_in(doc, sent, np_text, np_span[0]) if np_span else None
    subj = _treaty_in(doc, sent, region, span.start - len(region))
    if subj is None and passive:
        # "A defence agreement described by ministers as … was signed": the subject may
        # reach back past a clause word.
        subj = _treaty_in(doc, sent, text[sent.start : span.start], sent.start)
    if rule.kind is Kind.SIGNED and _DRAFT.match(np_text):
        return "not signed (a text or draft agreed)"
    if re.match(r"(?:no|none|neither)\b", np_text, re.I):
        return "denied or not done"  # "signed no treaty"
    if np_text and lx.NON_ALLIANCE_RE.search(np_text) and not lx.ORG_RE.search(np_text):
        return "not an alliance (a trade or political body)"
    after = text[span.end : min(sent.end, span.end + 90)]
    near = _Near(doc, sent, rule, span, region, passive, np_text, after, obj, subj)
    res = _NEEDS[rule.needs](near)
    if isinstance(res, str):
        return res
    phrase, org, strong = res
    if phrase is not None:
        # The purpose follows the noun: "agreements … to reopen ports for grain exports".
        head_region = text[
            phrase.start : clause_end(text, phrase.end, min(sent.end, phrase.end + 100))
        ]
        is_org = org is not None and org.start >= phrase.start
        if lx.TRADE.search(head_region) and not is_org and not lx.HARD_SECURITY.search(phrase.text):
            return "trade or economic agreement"
        if _GENERIC.search(phrase.text):
            return "not an event (treaties of a kind: 'the third such agreement')"
        if (
            lx.NOT_TREATY.search(phrase.text)
            and not lx.TREATY_NOUN_RE.search(phrase.text.split()[-1])
            and not lx.ALLIANCE_DECLARATION.search(text, phrase.start, phrase.end + 40)
            and not rule.through_law  # "signed the law on …"
        ):
            return _MEMO if _MEMO_WORDS.search(phrase.text) else _NOT_TREATY
        if not strong and not doc.security and not lx.SECURITY_MODIFIERS.search(phrase.text):
            return "no security content"
    return phrase, org, strong


_DECLARATION = re.compile(r"\bdeclaration\b", re.I)
_GENERIC = re.compile(r"\bsuch\b", re.I)
_PHRASE_BREAK = re.compile(r"[,;:—(“\"]|\s–\s")
_NOT_TREATY = "not a treaty (a law, declaration or truce)"
_MEMO = "not a treaty (a memorandum or declaration)"
_MEMO_WORDS = re.compile(
    r"\b(?:memorand\w*|MoUs?|MOUs?|declarations?|letters? of intent|statements?)\b", re.I
)
# "agreed the text of the treaty", "agreed a draft": not yet concluded.
_DRAFT = re.compile(
    r"\s*(?:the|a|an|its|their)\s+(?:final\s+|full\s+)?(?:text|terms|wording|draft|outline|"
    r"framework|details)\b",
    re.I,
)


def _why_not(phrase: str) -> str:
    if lx.TRADE.search(phrase):
        return "trade or economic agreement"
    if lx.NOT_TREATY.search(phrase):
        return _MEMO if _MEMO_WORDS.search(phrase) else _NOT_TREATY
    return "no treaty named"


# A participle after a comma dating the treaty, not the act: ", signed in Brussels on".
_PARTICIPLE_DATE = re.compile(
    r",\s*(?:which\s+was\s+|that\s+was\s+)?(?:signed|concluded|inked|sealed|agreed|ratified|"
    r"adopted|dated|drawn\s+up)\b[^,;]{0,40}$"
)


def _linked_date(
    doc: Doc,
    lo: int,
    hi: int,
    span: Span,
    holes: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> DateMention | None:
    """The date in the verb's clause nearest the verb, skipping years that name a treaty."""
    best = None
    best_dist = 10.0**9
    for d in doc.dates_in(lo, hi):
        if any(a <= d.start < b for a, b in holes):
            continue
        if d.start > span.start and _PARTICIPLE_DATE.search(doc.text, span.start, d.start):
            continue  # "terminate the agreement …, signed on 26 May 1993": the treaty's date
        tail = doc.text[d.end : d.end + 40]
        if d.kind == "year" and re.match(
            rf"\s*(?:[\w’'-]+\s+){{0,3}}?(?:{lx.TREATY_NOUN})\b", tail, re.I
        ):
            continue
        dist = d.start - span.end if d.start >= span.end else (span.start - d.end) * 1.5
        if dist < best_dist:
            best, best_dist = d, dist
    return best


def _bare(phrase: Span | None, text: str, span: Span) -> bool:
    """True for a noun phrase that only points back ("the deal", "the agreement", "it")."""
    if phrase is None:
        return True
    words = [w for w in re.findall(r"[\w’'-]+", phrase.text.lower()) if w not in DETERMINERS]
    return len(words) <= 1


def _parties(
    doc: Doc,
    sent: Sentence,
    trig: Rule,
    m: re.Match[str],
    span: Span,
    region: tuple[int, int, list[tuple[int, int]]],
    passive: bool,
    noun_phrase: Span | None,
) -> tuple[dict[int, list[Span]], str]:
    lo, hi, holes = region
    picked: list[int] = []
    if "actor" in m.groupdict() and m.group("actor"):
        picked = mentions_in(doc, m.start("actor"), m.end("actor"))
    else:
        picked = mentions_in(doc, lo, hi, holes)
        stop = clause_end(doc.text, span.end, sent.end)
        after = doc.text[span.end : stop]
        if trig.kind not in ACTOR_KINDS:
            link = re.search(r"\b(?:with|between|among|by)\b", after)
            if link:
                picked += mentions_in(doc, span.end + link.end(), stop)
            if noun_phrase is not None and noun_phrase.start >= span.end:
                picked += mentions_in(doc, span.end, noun_phrase.end)
        if passive:
            # "was signed in London by the defence secretary, John Healey, and his German
            # counterpart": the agents run past commas to the clause's end.
            agent_stop = clause_end(doc.text, span.end, sent.end, words=True)
            link = re.search(r"\bby\b", doc.text[span.end : agent_stop])
            if link:
                picked += mentions_in(doc, span.end + link.end(), agent_stop)
    parties: dict[int, list[Span]] = defaultdict(list)
    for i in dict.fromkeys(picked):
        mm = doc.mentions[i]
        parties[mm.cow].append(Span("parties", mm.start, mm.end, mm.text))  # type: ignore[index]
    source = "explicit"
    region_text = doc.text[lo:hi]
    anaphor = lx.GROUP_ANAPHOR.search(region_text)
    if anaphor and len(parties) < 2:
        word = (anaphor.group("n") or anaphor.group("n2") or "").lower()
        n = int(word) if word.isdigit() else lx.GROUP_WORDS.get(word)
        group = group_before(doc, lo, n)
        if group is None and n is not None:
            # "Eight NATO members triggered Article 4 … Bulgaria, …, Slovakia made the request."
            group = group_after(doc, hi, n)
        if group:
            for cow in group:
                parties[cow].append(
                    Span("parties", lo + anaphor.start(), lo + anaphor.end(), anaphor.group())
                )
            source = "anaphor"
    if not parties and _PRONOUN_SINGLE.search(region_text):
        person = last_person(doc, lo)
        if person is not None and person.cow is not None:
            parties[person.cow].append(Span("parties", person.start, person.end, person.text))
            source = "anaphor"
    if not parties and trig.kind in ACTOR_KINDS:
        # "Kim judged that the situation fell under Article 4": the actor named before the verb.
        before = mentions_in(doc, sent.start, lo)
        if before:
            mm = doc.mentions[before[-1]]
            parties[mm.cow].append(Span("parties", mm.start, mm.end, mm.text))  # type: ignore[index]
            source = "anaphor"
    if (
        not parties
        and trig.kind in ACTOR_KINDS
        and doc.dateline_cow is not None
        and lx.LEGISLATURE.search(region_text)
    ):
        # "MANILA — The Senate on Monday concurred …": a legislature named without its
        # state is the one of the city the story was filed from.
        line = doc.dateline
        assert line is not None
        parties[doc.dateline_cow].append(
            Span("parties", line.start, line.end, doc.text[line.start : line.end])
        )
        source = "anaphor"
    if not parties and trig.kind is Kind.RATIFIED:
        # A legislature's record ("GRAND NATIONAL ASSEMBLY OF TÜRKİYE … the ratification
        # … has been found appropriate"): the state whose legislature it is ratified.
        house = next(
            (
                mm
                for mm in doc.mentions
                if mm.kind == "metonym" and mm.cow is not None and lx.LEGISLATURE.search(mm.text)
            ),
            None,
        )
        if house is not None and house.cow is not None:
            parties[house.cow].append(Span("parties", house.start, house.end, house.text))
            source = "anaphor"
    if not parties:
        want = 1 if trig.kind in ACTOR_KINDS else 2
        group = None if want == 1 else group_before(doc, span.start, None)
        cows = list(group) if group else top_salient(doc, want)
        for cow in cows:
            parties[cow].append(Span("parties", span.start, span.end, span.text))
        source = "fallback"
    return dict(parties), source
