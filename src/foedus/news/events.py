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
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from foedus.model import ObligationType, PartialDate
from foedus.news import lexicon as lx
from foedus.news.actors import Gazetteer, Mention, default_gazetteer
from foedus.news.clean import Cleaned
from foedus.news.dates import Dateline, DateMention, find_dateline, find_dates
from foedus.news.details import (
    find_conditions,
    find_obligations,
    find_predecessors,
    find_quotes,
    find_treaty_names,
    noun_phrase_rank,
)
from foedus.news.records import Event, Party, SetAside, Span
from foedus.news.sentences import Sentence, split_sentences

__all__ = ["Extraction", "extract_events"]

RECENT_DAYS = 10  # an event dated more than this before publication is recalled, not news
_TOKEN = re.compile(r"[\w’'.-]+|[^\w\s]")
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
_DETERMINERS = frozenset(
    ["a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those", "our", "new"]
)
_PRONOUN_SINGLE = re.compile(r"\b(?:he|she)\b", re.I)


@dataclass(frozen=True)
class Extraction:
    """The events an article reports, and the phrases set aside as not events (with reasons)."""

    events: tuple[Event, ...]
    set_aside: tuple[SetAside, ...]


@dataclass
class _Candidate:
    kind: str
    trigger: Span
    sentence: Sentence
    parties: dict[int, list[Span]]
    party_source: str  # explicit, anaphor or fallback
    date: DateMention | None
    noun_phrase: Span | None
    org: Span | None
    strong_noun: bool
    subordinate: bool = False  # in an "after …"/"since …" clause: told as background


@dataclass
class _Doc:
    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    dates: list[DateMention]
    published: dt.date | None
    ref: dt.date | None
    gaz: Gazetteer
    excluded: set[int] = field(default_factory=set)
    groups: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)
    salience: dict[int, float] = field(default_factory=dict)
    security: bool = False
    has_org: bool = False
    trade_topic: bool = False  # a trade deal was named: "the deal" later means it
    dateline: Dateline | None = None

    def sentence_of(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None


def extract_events(
    cleaned: Cleaned,
    *,
    gazetteer: Gazetteer | None = None,
    published: dt.date | None = None,
    source: str | None = None,
) -> Extraction:
    """The treaty events ``cleaned`` reports, each field with its evidence span.

    ``published`` resolves "on Wednesday" and tells recent events from recalled
    ones; without it, relative dates stay unknown (``date`` None).
    """
    gaz = gazetteer or default_gazetteer()
    text = cleaned.text
    sentences = split_sentences(cleaned)
    doc = _Doc(
        text=text,
        sentences=sentences,
        mentions=[m for m in gaz.find(text, on=published) if _in_any(m.start, sentences)],
        dates=find_dates(text, published),
        published=published,
        ref=None,
        gaz=gaz,
    )
    doc.ref = published or _reference_date(doc.dates)
    if cleaned.paragraphs:
        first = cleaned.paragraphs[0]
        doc.dateline = find_dateline(first.text, first.start, published)
    body = " ".join(s.text for s in sentences)
    doc.security = bool(lx.SECURITY_CONTEXT.search(body))
    doc.has_org = bool(lx.ORG_RE.search(body))
    _mark_excluded(doc)
    _build_groups(doc)
    _build_salience(doc)
    candidates: list[_Candidate] = []
    set_aside: list[SetAside] = []
    _scan(doc, candidates, set_aside)
    events = _assemble(doc, candidates, source)
    events, background = _drop_background(doc, events, candidates)
    return Extraction(tuple(events), tuple(set_aside + background))


def _in_any(pos: int, sentences: list[Sentence]) -> bool:
    return any(s.start <= pos < s.end for s in sentences)


def _reference_date(dates: list[DateMention]) -> dt.date | None:
    # Without a publication date, the latest date the article gives stands in for it.
    days = [d.value.last_day() for d in dates if d.value is not None and d.kind != "year"]
    if days:
        return max(days)
    years = [d.value.last_day() for d in dates if d.value is not None]
    return max(years) if years else None


# ---------------------------------------------------------------- mentions


def _mark_excluded(doc: _Doc) -> None:
    """States named as places or targets ("in Pyongyang", "against the United States")."""
    prev: Mention | None = None
    prev_excluded = False
    for i, m in enumerate(doc.mentions):
        sent = doc.sentence_of(m.start)
        lo = max(sent.start if sent else 0, m.start - 40)
        before = doc.text[lo : m.start]
        excluded = bool(lx.EXCLUDING_PREP.search(before))
        if not excluded and prev is not None and prev_excluded:
            gap = doc.text[prev.end : m.start]
            if re.fullmatch(r"\s*(?:,|and|or|&|,\s*and|,\s*or)\s*(?:the\s+)?", gap):
                excluded = True
        if excluded:
            doc.excluded.add(i)
        prev, prev_excluded = m, excluded


def _usable(doc: _Doc, i: int) -> bool:
    return doc.mentions[i].cow is not None and i not in doc.excluded


def _build_groups(doc: _Doc) -> None:
    """States named together ("Russia and North Korea", "Putin of Russia and … Kim")."""
    chain: list[int] = []

    def close() -> None:
        cows = tuple(dict.fromkeys(doc.mentions[j].cow for j in chain if doc.mentions[j].cow))
        if len(cows) >= 2:
            doc.groups.append((doc.mentions[chain[0]].start, doc.mentions[chain[-1]].end, cows))  # type: ignore[arg-type]

    for i, m in enumerate(doc.mentions):
        if not _usable(doc, i):
            continue
        if chain:
            last = doc.mentions[chain[-1]]
            gap = doc.text[last.end : m.start]
            if (
                len(gap) <= 25
                and not re.search(r"[.;:!?\n]", gap)
                and re.search(r"\band\b|,|&|[-–/]|\bof\b|['’]s\b|\bwith\b", gap)
            ):
                chain.append(i)
                continue
            close()
        chain = [i]
    if chain:
        close()


def _build_salience(doc: _Doc) -> None:
    for i, m in enumerate(doc.mentions):
        if not _usable(doc, i):
            continue
        sent = doc.sentence_of(m.start)
        weight = 3.0 if sent and sent.is_title else 2.0 if sent and sent.is_lead else 1.0
        if m.cow is not None:
            doc.salience[m.cow] = doc.salience.get(m.cow, 0.0) + weight


# ---------------------------------------------------------------- triggers


def _tokens_before(text: str, limit: int = 5) -> list[str]:
    out: list[str] = []
    for tok in reversed(_TOKEN.findall(text[-100:])):
        if tok in ',;:()[]“”"—–' or tok in ("'", "’"):
            break
        out.append(tok.lower().replace("’", "'"))
        if len(out) >= limit:
            break
    return out


_BACKGROUND_OPENERS = frozenset({"after", "since", "before", "until", "once"})
_ADVERBIAL = re.compile(
    r"\s*(?:(?:with immediate effect|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|(?:last|this) week|today|yesterday|formally|officially|unilaterally|finally|also|jointly)"
    r"\s*,?\s*)+",
    re.I,
)


def _object_np(text: str, pos: int, *, skip_from: bool = False) -> tuple[int, int] | None:
    """The noun phrase right after ``pos`` (up to a preposition or punctuation).

    Adverbials between verb and object are skipped ("revoked with immediate effect a …").
    """
    adverbial = _ADVERBIAL.match(text, pos)
    if adverbial:
        pos = adverbial.end()
    i = pos
    n = 0
    start = None
    end = pos
    for m in _TOKEN.finditer(text, pos):
        tok = m.group()
        low = tok.lower()
        if n == 0 and start is None and skip_from and low in ("from", "of", "out"):
            continue
        if not re.match(r"[\w’'.-]", tok) or low in _NP_STOP or n >= 9:
            break
        if start is None:
            start = m.start()
        end = m.end()
        n += 1
        i = m.end()
    del i
    if start is None:
        return None
    return start, end


def _region(doc: _Doc, sent: Sentence, trig_start: int) -> tuple[int, int, list[tuple[int, int]]]:
    """The subject of a verb: from the last clause boundary to the verb, minus parentheticals."""
    rel = trig_start - sent.start
    head = sent.text[:rel]
    closed = [m.span() for m in lx.PARENTHETICAL.finditer(head)]
    start = 0
    for m in lx.BOUNDARY.finditer(head):
        # A boundary inside a closed parenthetical ("Finland, which borders Russia, joined")
        # does not start the verb's clause.
        if not any(a <= m.start() < b for a, b in closed):
            start = m.end()
    holes = [(sent.start + a, sent.start + b) for a, b in closed if a >= start]
    return sent.start + start, trig_start, holes


def _mentions_in(doc: _Doc, lo: int, hi: int, holes: list[tuple[int, int]] = ()) -> list[int]:  # type: ignore[assignment]
    return [
        i
        for i, m in enumerate(doc.mentions)
        if lo <= m.start
        and m.end <= hi
        and _usable(doc, i)
        and not any(a <= m.start < b for a, b in holes)
    ]


_WORD = re.compile(r"[a-z]+")


def _scan(doc: _Doc, out: list[_Candidate], aside: list[SetAside]) -> None:
    """Find every trigger, then judge them in text order.

    A trigger's regex runs only on sentences holding one of its anchor words.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, lx.Trigger, re.Match[str], Sentence]] = []
    words = [set(_WORD.findall(s.text.lower())) for s in doc.sentences]
    for trig in lx.TRIGGERS:  # compounds first: they hide the plain verbs inside them
        for sent, vocab in zip(doc.sentences, words, strict=True):
            if trig.anchors.isdisjoint(vocab):
                continue
            for m in trig.pattern.finditer(doc.text, sent.start, sent.end):
                if trig.headline_only and not sent.is_title:
                    # A bare verb in the body is never a report, but "will sign a treaty" is
                    # worth saying why: a planned treaty.
                    _note_bare_verb(doc, trig, m, aside)
                    continue
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if trig.headline_only and not _headline_verb(sent.text, m.start() - sent.start):
                    continue
                taken.append(m.span())
                found.append((m.start(), trig, m, sent))
    found.sort(key=lambda f: f[0])
    for _, trig, m, sent in found:
        span = Span("kind", m.start(), m.end(), m.group())
        reason, cand = _judge(doc, sent, trig, m, span)
        if cand is not None:
            out.append(cand)
        elif reason is not None:
            aside.append(SetAside(trig.kind, reason, span))
            if reason.startswith("trade"):
                doc.trade_topic = True


def _note_bare_verb(doc: _Doc, trig: lx.Trigger, m: re.Match[str], aside: list[SetAside]) -> None:
    start, end = m.span()
    before = _tokens_before(doc.text[max(0, start - 100) : start])
    np = _object_np(doc.text, end)
    if np is None or not lx.TREATY_OBJ_RE.search(doc.text[np[0] : np[1]]):
        return
    span = Span("kind", start, end, doc.text[start:end])
    if any(t in lx.NEGATION for t in before):
        aside.append(SetAside(trig.kind, "denied or not done", span))
    elif any(t in lx.FUTURE for t in before):
        aside.append(SetAside(trig.kind, "planned or hypothetical", span))


def _headline_verb(title: str, at: int) -> bool:
    # "Kim, Putin Sign Pact": a bare verb follows a name, not "a"/"the" ("the Pact Sign").
    before = _tokens_before(title[:at], 1)
    return not before or before[0] not in _DETERMINERS


def _judge(
    doc: _Doc, sent: Sentence, trig: lx.Trigger, m: re.Match[str], span: Span
) -> tuple[str | None, _Candidate | None]:
    text = doc.text
    near_miss = bool(lx.TREATY_OBJ_RE.search(sent.text)) or bool(lx.ARTICLE_RE.search(sent.text))
    before = _tokens_before(text[sent.start : span.start])
    passive = (bool(before) and before[0] in _PASSIVE) or (
        len(before) > 1 and before[1] in _PASSIVE
    )
    if sent.text.rstrip().endswith("?"):
        return ("a question, not a report" if near_miss else None), None
    first_word = span.text.split()[0].lower()
    # "was suspending", "are withdrawing": an event; "withdrawing troops, …": a participle.
    if (
        not trig.compound
        and first_word.endswith("ing")
        and first_word not in ("invoking", "citing")
        and not any(t in lx.AUXILIARY for t in before[:2])
    ):
        return None, None
    if not trig.compound:
        if first_word.endswith("s") and any(t in lx.SUBORDINATE_FUTURE for t in before):
            return ("planned or hypothetical" if near_miss else None), None
        if any(t in lx.NEGATION for t in before):
            return ("denied or not done" if near_miss else None), None
        if any(t in lx.FUTURE for t in before):
            return ("planned or hypothetical" if near_miss else None), None
        if any(t in lx.PAST_PERFECT for t in before[:3]):
            return ("recalled past event" if near_miss else None), None
    r_lo, r_hi, holes = _region(doc, sent, span.start)
    region_text = text[r_lo:r_hi]
    verdict = _object_check(doc, sent, trig, span, region_text, passive)
    if isinstance(verdict, str):
        return (
            verdict if near_miss or verdict.startswith(("trade", "not an alliance")) else None
        ), None
    noun_phrase, org, strong = verdict
    if doc.trade_topic and _bare(noun_phrase, text, span):
        return "trade or economic agreement (the deal named before)", None
    clause_end = _clause_end(text, span.end, sent.end, words=True)
    head = text[sent.start : span.start]
    participle = (
        not trig.compound
        and not sent.is_title
        and not passive
        and bool(re.search(rf"\b(?:{lx.TREATY_NOUN})\b[^.;:]{{0,3}}$", head, re.I))
    )
    if participle:
        # A participle ("the pact, signed on Wednesday, …") takes its date from its own phrase.
        clause_end = _clause_end(text, span.end, sent.end)
    date = _linked_date(doc, span.end if participle else r_lo, clause_end, span, holes)
    clause = text[r_lo:clause_end]
    if lx.RECALL_WORDS.search(clause):
        return "recalled past event", None
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
        return "background (a description of the treaty)", None
    parties, source = _parties(doc, sent, trig, m, span, (r_lo, r_hi, holes), passive, noun_phrase)
    opener = re.findall(r"[\w’']+", text[sent.start : r_lo])
    subordinate = bool(opener) and opener[-1].lower() in _BACKGROUND_OPENERS
    return None, _Candidate(
        trig.kind, span, sent, parties, source, date, noun_phrase, org, strong, subordinate
    )


_Found = tuple[Span | None, Span | None, bool]  # treaty phrase, alliance named, strong noun


def _object_check(
    doc: _Doc, sent: Sentence, trig: lx.Trigger, span: Span, region: str, passive: bool
) -> str | tuple[Span | None, Span | None, bool]:
    """Whether the verb is about a treaty: a reason to set it aside, or the treaty phrase."""
    text = doc.text
    needs = trig.needs
    np_span = _object_np(text, span.end, skip_from=needs in ("from_object", "suspend_object"))
    np_text = text[np_span[0] : np_span[1]] if np_span else ""
    after = text[span.end : min(sent.end, span.end + 90)]

    def found(phrase_text: str, offset: int) -> _Found | None:
        nouns = list(lx.TREATY_OBJ_RE.finditer(phrase_text))
        if not nouns:
            return None
        last = nouns[-1]
        org = lx.ORG_RE.search(phrase_text)
        tokens = list(re.finditer(r"\S+", phrase_text[: last.end()]))
        while tokens and tokens[0].group().lower() in _DETERMINERS - {"new"}:
            tokens = tokens[1:]
        start = offset + (tokens[0].start() if tokens else last.start())
        end = offset + last.end()
        phrase = Span("treaty_name", start, end, text[start:end])
        org_span = (
            Span("treaty_name", offset + org.start(), offset + org.end(), org.group())
            if org
            else None
        )
        return phrase, org_span, last.group().lower() in lx.STRONG_NOUNS or org is not None

    res: _Found | None
    obj = found(np_text, np_span[0]) if np_span else None
    subj = found(region, span.start - len(region))
    if re.match(r"(?:no|none|neither)\b", np_text, re.I):
        return "denied or not done"  # "signed no treaty"
    if np_text and lx.NON_ALLIANCE_RE.search(np_text) and not lx.ORG_RE.search(np_text):
        return "not an alliance (a trade or political body)"
    if needs == "none":
        res = obj or subj or found(sent.text, sent.start) or (None, None, True)
    elif needs in ("object", "ratify_object", "suspend_object", "from_object", "org_or_object"):
        nxt = _TOKEN.findall(after[:20])
        res = obj
        if (
            res is None
            and subj is not None
            and (
                passive
                or (
                    nxt
                    and nxt[0].lower()
                    in ("by", "in", "on", "at", "last", "this", "earlier", ",", ".", "and")
                )
            )
        ):
            res = subj
        if (
            res is None
            and needs == "ratify_object"
            and re.search(r"\b(?:it|accession|membership|bid)\b", np_text, re.I)
        ):
            res = found(sent.text, sent.start) or (None, None, True)
        if res is None and needs == "suspend_object" and lx.SUSPEND_OBJ.search(np_text):
            res = found(sent.text[span.end - sent.start :], span.end) or (None, None, True)
        if res is None:
            return _why_not(np_text)
        if (
            needs == "org_or_object"
            and res[1] is None
            and not re.search(r"\b(?:alliance|pact|treaty)\b", res[0].text if res[0] else "", re.I)
        ):
            return "not an alliance"
    elif needs == "subject":
        res = subj
        if res is None and re.search(r"\b(?:it|which)\b", region, re.I) and doc.security:
            res = (None, None, False)
        if res is None:
            return _why_not(region)
    elif needs == "member":
        mm = lx.MEMBER_RE.search(after)
        if not mm and doc.has_org and not lx.NON_ALLIANCE_RE.search(sent.text):
            # "became the 27th and 28th members" in an article about NATO.
            mm = re.match(
                r"\s+(?:the\s+|a\s+|full\s+)?(?:[\w-]+\s+){0,4}?(?:members?|ally|allies)\b", after
            )
        if not mm:
            return "no alliance named"
        org_m = lx.ORG_RE.search(mm.group())
        org_span = (
            Span(
                "treaty_name",
                span.end + mm.start() + org_m.start(),
                span.end + mm.start() + org_m.end(),
                org_m.group(),
            )
            if org_m
            else None
        )
        res = (org_span, org_span, True)
    elif needs == "article":
        am = lx.ARTICLE_RE.search(after)
        if not am or am.start() > 40:
            return "no treaty article invoked"
        res = found(sent.text, sent.start) or (None, None, True)
    elif needs == "legislature":
        if not (
            lx.LEGISLATURE.search(region)
            or any(
                m.kind == "metonym"
                for m in doc.mentions
                if span.start - len(region) <= m.start < span.start
            )
        ):
            return "approved by no legislature"
        res = obj or (None, None, True)
    elif needs in ("context", "org_or_object_or_context"):
        res = obj or found(sent.text, sent.start)
        if res is None and not (doc.has_org or lx.TREATY_OBJ_RE.search(sent.text)):
            return "no treaty named"
        res = res or (None, None, True)
    else:  # pragma: no cover - every trigger names one of the needs above
        raise AssertionError(needs)
    if res is None:  # pragma: no cover - each branch above returns or sets it
        return "no treaty named"
    phrase, org, strong = res
    if phrase is not None:
        # The purpose follows the noun: "agreements … to reopen ports for grain exports".
        head_region = text[
            phrase.start : _clause_end(text, phrase.end, min(sent.end, phrase.end + 100))
        ]
        is_org = org is not None and org.start >= phrase.start
        if lx.TRADE.search(head_region) and not is_org and not lx.HARD_SECURITY.search(phrase.text):
            return "trade or economic agreement"
        if lx.NOT_TREATY.search(phrase.text) and not lx.TREATY_NOUN_RE.search(
            phrase.text.split()[-1]
        ):
            return "not a treaty (a law, declaration or truce)"
        if not strong and not doc.security and not lx.SECURITY_MODIFIERS.search(phrase.text):
            return "no security content"
    return phrase, org, strong


def _why_not(phrase: str) -> str:
    if lx.TRADE.search(phrase):
        return "trade or economic agreement"
    if lx.NOT_TREATY.search(phrase):
        return "not a treaty (a law, declaration or truce)"
    return "no treaty named"


def _linked_date(
    doc: _Doc,
    lo: int,
    hi: int,
    span: Span,
    holes: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> DateMention | None:
    """The date in the verb's clause nearest the verb, skipping years that name a treaty."""
    best = None
    best_dist = 10.0**9
    for d in doc.dates:
        if not (lo <= d.start < hi) or any(a <= d.start < b for a, b in holes):
            continue
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
    words = [w for w in re.findall(r"[\w’'-]+", phrase.text.lower()) if w not in _DETERMINERS]
    return len(words) <= 1


def _parties(
    doc: _Doc,
    sent: Sentence,
    trig: lx.Trigger,
    m: re.Match[str],
    span: Span,
    region: tuple[int, int, list[tuple[int, int]]],
    passive: bool,
    noun_phrase: Span | None,
) -> tuple[dict[int, list[Span]], str]:
    lo, hi, holes = region
    picked: list[int] = []
    if "actor" in m.groupdict() and m.group("actor"):
        picked = _mentions_in(doc, m.start("actor"), m.end("actor"))
    else:
        picked = _mentions_in(doc, lo, hi, holes)
        clause_end = _clause_end(doc.text, span.end, sent.end)
        after = doc.text[span.end : clause_end]
        if trig.kind not in lx.ACTOR_KINDS:
            link = re.search(r"\b(?:with|between|among|by)\b", after)
            if link:
                picked += _mentions_in(doc, span.end + link.end(), clause_end)
            if noun_phrase is not None and noun_phrase.start >= span.end:
                picked += _mentions_in(doc, span.end, noun_phrase.end)
        elif passive:
            link = re.search(r"\bby\b", after)
            if link:
                picked += _mentions_in(doc, span.end + link.end(), clause_end)
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
        group = _group_before(doc, lo, n)
        if group is None and n is not None:
            # "Eight NATO members triggered Article 4 … Bulgaria, …, Slovakia made the request."
            group = _group_after(doc, hi, n)
        if group:
            for cow in group:
                parties[cow].append(
                    Span("parties", lo + anaphor.start(), lo + anaphor.end(), anaphor.group())
                )
            source = "anaphor"
    if not parties and _PRONOUN_SINGLE.search(region_text):
        person = _last_person(doc, lo)
        if person is not None and person.cow is not None:
            parties[person.cow].append(Span("parties", person.start, person.end, person.text))
            source = "anaphor"
    if not parties and trig.kind in lx.ACTOR_KINDS:
        # "Kim judged that the situation fell under Article 4": the actor named before the verb.
        before = _mentions_in(doc, sent.start, lo)
        if before:
            mm = doc.mentions[before[-1]]
            parties[mm.cow].append(Span("parties", mm.start, mm.end, mm.text))  # type: ignore[index]
            source = "anaphor"
    if not parties:
        want = 1 if trig.kind in lx.ACTOR_KINDS else 2
        group = None if want == 1 else _group_before(doc, span.start, None)
        cows = list(group) if group else _top_salient(doc, want)
        for cow in cows:
            parties[cow].append(Span("parties", span.start, span.end, span.text))
        source = "fallback"
    return dict(parties), source


def _clause_end(text: str, pos: int, limit: int, *, words: bool = False) -> int:
    """Where the clause after ``pos`` ends: punctuation, or (``words``) a clause boundary word."""
    m = re.compile(r"[,;:.!?—(]").search(text, pos, limit)
    end = m.start() if m else limit
    if words:
        end = limit
        m = re.compile(r"[;:.!?—(]").search(text, pos, limit)
        if m:
            end = m.start()
        b = lx.BOUNDARY.search(text, pos, end)
        if b:
            end = b.start()
    return end


def _group_before(doc: _Doc, pos: int, n: int | None) -> tuple[int, ...] | None:
    for start, _end, cows in reversed(doc.groups):
        if start >= pos:
            continue
        if n is None or len(cows) == n:
            return cows
    return None


def _group_after(doc: _Doc, pos: int, n: int) -> tuple[int, ...] | None:
    for start, _end, cows in doc.groups:
        if pos <= start < pos + 600 and len(cows) == n:
            return cows
    return None


def _last_person(doc: _Doc, pos: int) -> Mention | None:
    people = [m for m in doc.mentions if m.kind == "person" and m.start < pos]
    return people[-1] if people else None


def _top_salient(doc: _Doc, n: int) -> list[int]:
    ranked = sorted(doc.salience.items(), key=lambda kv: (-kv[1], kv[0]))
    return [cow for cow, _ in ranked[:n]]


# ---------------------------------------------------------------- assembly


def _assemble(doc: _Doc, candidates: list[_Candidate], source: str | None) -> list[Event]:
    if not candidates:
        return []
    by_kind: dict[str, list[_Candidate]] = defaultdict(list)
    for c in candidates:
        by_kind[c.kind].append(c)
    body = [(s.start, s.text) for s in doc.sentences if not s.is_title]
    every = [(s.start, s.text) for s in doc.sentences]
    events = []
    quotes = find_quotes(doc.text, body, doc.mentions)
    names: list[Span] | None = None
    # What the article says of the treaty is the same for every event it reports
    # (given the event's year, which decides what counts as a predecessor).
    pledges: dict[int | None, tuple[list[Span], list[tuple[ObligationType, Span]], list[Span]]] = {}
    for kind in lx.KINDS:
        group = by_kind.get(kind)
        if not group:
            continue
        rank = {"explicit": 0, "anaphor": 1, "fallback": 2}
        best = min(rank[c.party_source] for c in group)
        chosen = [c for c in group if rank[c.party_source] == best]
        parties: dict[int, list[Span]] = defaultdict(list)
        for c in chosen:
            for cow, spans in c.parties.items():
                parties[cow].extend(spans)
        date, date_span = _event_date(doc, group, candidates)
        event_year = date.year if date else (doc.ref.year if doc.ref else None)
        if event_year not in pledges:
            preds = find_predecessors(body, event_year)
            pred_sents = {doc.sentence_of(p.start) for p in preds}
            pledge_texts = [(o, t) for o, t in every if doc.sentence_of(o) not in pred_sents]
            pledges[event_year] = (
                preds,
                find_obligations(pledge_texts),
                find_conditions(pledge_texts),
            )
        preds, obligations, conditions = pledges[event_year]
        if names is None:
            names = find_treaty_names(body)
        name = _treaty_name(doc, group, preds, names, event_year)
        place = _place(doc, group)
        evidence: list[Span] = [c.trigger for c in group]
        party_objs = []
        for cow in sorted(parties):
            party_spans = tuple(dict.fromkeys(parties[cow]))
            party_objs.append(Party(cow, doc.gaz.name_of(cow), party_spans))
            evidence.extend(party_spans)
        if date_span is not None:
            evidence.append(date_span)
        if place is not None:
            evidence.append(place)
        if name is not None:
            evidence.append(name)
        evidence += [s for _, s in obligations] + conditions + preds + [q.evidence for q in quotes]
        strong = any(c.strong_noun for c in group)
        confidence = {"explicit": "high", "anaphor": "medium", "fallback": "low"}[
            chosen[0].party_source
        ]
        if confidence == "high" and not strong:
            confidence = "medium"
        notes = []
        if chosen[0].party_source == "fallback":
            notes.append("parties guessed from the states the article names most")
        events.append(
            Event(
                kind=kind,
                parties=tuple(party_objs),
                date=date,
                place=_place_name(doc, place),
                treaty_name=name.text if name else None,
                obligation_types=tuple(o for o, _ in obligations),
                conditions=tuple(c.text for c in conditions),
                predecessors=tuple(p.text for p in preds),
                quotes=tuple(quotes),
                evidence=tuple(evidence),
                source=source,
                confidence=confidence,
                notes=tuple(notes),
            )
        )
    return events


def _place_name(doc: _Doc, place: Span | None) -> str | None:
    if place is None:
        return None
    if doc.dateline is not None and place.start == doc.dateline.start:
        return doc.dateline.place  # "CANBERRA" as written, "Canberra" as named
    return place.text


def _drop_background(
    doc: _Doc, events: list[Event], candidates: list[_Candidate]
) -> tuple[list[Event], list[SetAside]]:
    """Keep the article's news; drop events told only as its background.

    The news is what the headline or first paragraph reports. Another event is
    background when every mention of it sits in an "after …"/"since …" clause
    ("a day after Seoul suspended the deal"), or when it happened before the news.
    """
    main_kinds = {
        c.kind
        for c in candidates
        if (c.sentence.is_title or c.sentence.is_lead) and not c.subordinate
    }
    if not main_kinds:
        return events, []
    main_dates = [e.date.first_day() for e in events if e.kind in main_kinds and e.date]
    kept, aside = [], []
    for e in events:
        if e.kind in main_kinds:
            kept.append(e)
            continue
        mine = [c for c in candidates if c.kind == e.kind]
        earlier = e.date is not None and main_dates and e.date.last_day() < min(main_dates)
        if all(c.subordinate for c in mine) or earlier:
            first = mine[0].trigger
            aside.append(SetAside(e.kind, "background to the article's main event", first))
            continue
        kept.append(e)
    return kept, aside


def _event_date(
    doc: _Doc, group: list[_Candidate], everything: list[_Candidate]
) -> tuple[PartialDate | None, Span | None]:
    for c in sorted(group, key=lambda c: (c.sentence.is_title, c.trigger.start)):
        if c.date is not None:
            if c.date.value is None:
                return None, None
            return c.date.value, Span("date", c.date.start, c.date.end, c.date.text)
    # News puts the "when" in its first sentence: use it unless that sentence reports another kind.
    lead = next((s for s in doc.sentences if s.is_lead), None)
    if lead is None or any(c.sentence is lead and c.kind != group[0].kind for c in everything):
        return None, None
    for d in doc.dates:
        if _REPORTED.search(doc.text[max(lead.start, d.start - 30) : d.start]) and any(
            c.sentence is lead and c.trigger.start < d.start for c in group
        ):
            continue  # "X quit the pact, the ministry said on Friday": reported then, done when?
        if lead.start <= d.start < lead.end and d.kind in (
            "weekday",
            "relative",
            "mdy",
            "dmy",
            "iso",
        ):
            if d.value is None or d.value.precision.value != "day":
                continue
            if doc.ref is not None and d.value.last_day() < doc.ref - dt.timedelta(
                days=RECENT_DAYS
            ):
                continue
            return d.value, Span("date", d.start, d.end, d.text)
    return None, None


_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|stated|added|wrote|tweeted|posted)"
    r"(?:\s+\w+){0,2}\s+(?:on\s+)?$",
    re.I,
)
_NEW_NP = re.compile(
    r"\b(?:the|a)\s+(?P<np>new\s+(?:[\w-]+\s+){0,3}?(?:treaty|pact|agreement|accord|alliance))\b",
    re.I,
)
# Clauses about something else: a city named in them is not where the event happened.
_OTHER_CLAUSE = re.compile(
    r"\b(?:before|after|ahead of|since|until|while|although|though|but|which|who|whereas)\b", re.I
)
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_GENERIC_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})")
_NOT_PLACES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "The",
        "A",
        "An",
        "This",
        "That",
        "Article",
    ]
)


def _place(doc: _Doc, group: list[_Candidate]) -> Span | None:
    """Where it happened: a city in the verb's clause, the dateline, a place named after
    "in"/"at" near the verb, a city elsewhere in the sentence or the lead, else a country."""
    ordered = sorted(group, key=lambda c: (c.sentence.is_title, c.trigger.start))
    sents = list(dict.fromkeys(c.sentence for c in ordered))
    lead = next((s for s in doc.sentences if s.is_lead), None)

    holes = [h for c in ordered for h in _region(doc, c.sentence, c.trigger.start)[2]]

    def located(lo_hi: list[tuple[int, int]], kinds: tuple[str, ...]) -> Span | None:
        for lo, hi in lo_hi:
            for m in doc.mentions:
                if any(a <= m.start < b for a, b in holes):
                    continue  # "…, which were invited at a summit in Bucharest, …"
                if (
                    lo <= m.start < hi
                    and m.kind in kinds
                    and _IN_PLACE.search(doc.text[max(lo, m.start - 12) : m.start])
                ):
                    return Span("place", m.start, m.end, m.text)
        return None

    clauses = []
    for c in ordered:
        lo, _, _ = _region(doc, c.sentence, c.trigger.start)
        clauses.append((lo, _clause_end(doc.text, c.trigger.end, c.sentence.end, words=True)))
    cities = ("capital", "place")
    found = located(clauses, cities)
    if found:
        return found
    if doc.dateline is not None and doc.dateline.place:
        d = doc.dateline
        return Span("place", d.start, d.end, doc.text[d.start : d.end])
    for c in ordered:
        window = doc.text[c.trigger.end : _clause_end(doc.text, c.trigger.end, c.sentence.end)]
        for g in _GENERIC_PLACE.finditer(window):
            start = c.trigger.end + g.start("place")
            if g.group("place").split()[0] in _NOT_PLACES:
                continue
            if any(mm.start <= start < mm.end and mm.kind not in cities for mm in doc.mentions):
                continue
            return Span("place", start, start + len(g.group("place")), g.group("place"))
    # Elsewhere in the sentence, but not in a later clause ("… days before a summit in Strasbourg").
    firsts: dict[int, tuple[int, int]] = {}
    for c in ordered:
        other = _OTHER_CLAUSE.search(doc.text, c.trigger.end, c.sentence.end)
        firsts.setdefault(
            id(c.sentence), (c.sentence.start, other.start() if other else c.sentence.end)
        )
    found = located(list(firsts.values()), cities)
    if found:
        return found
    if lead is not None and lead not in sents:
        found = located([(lead.start, lead.end)], cities)
        if found:
            return found
    return located([(s.start, s.end) for s in sents], ("name",))


def _treaty_name(
    doc: _Doc,
    group: list[_Candidate],
    preds: list[Span],
    proper: list[Span],
    year: int | None,
) -> Span | None:
    def clear(span: Span) -> bool:
        if any(p.start < span.end and span.start < p.end for p in preds):
            return False
        years = [int(y) for y in re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", span.text)]
        return not (year is not None and any(y < year for y in years))

    kind = group[0].kind
    if kind in ("acceded", "withdrawn", "suspended", "invoked"):
        for c in group:
            if c.org is not None:
                return c.org
    cand_sents = {c.sentence for c in group}
    names = [n for n in proper if clear(n)]
    near = [n for n in names if doc.sentence_of(n.start) in cand_sents]
    if near:
        return near[0]
    if names:
        return names[0]
    phrases = [c.noun_phrase for c in group if c.noun_phrase is not None and clear(c.noun_phrase)]
    # "the new treaty" names the treaty the article is about, wherever it stands.
    for offset, sentence in ((x.start, x.text) for x in doc.sentences if not x.is_title):
        for m in _NEW_NP.finditer(sentence):
            phrases.append(
                Span("treaty_name", offset + m.start("np"), offset + m.end("np"), m.group("np"))
            )
    if phrases:
        return max(phrases, key=lambda p: (noun_phrase_rank(p.text), -p.start))
    orgs = [c.org for c in group if c.org is not None]
    return orgs[0] if orgs else None
