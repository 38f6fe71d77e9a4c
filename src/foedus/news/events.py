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

from foedus.model import PartialDate
from foedus.news import lexicon as lx
from foedus.news.actors import Gazetteer, Mention, default_gazetteer
from foedus.news.clean import Cleaned
from foedus.news.dates import DateMention, find_dates
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
    ["in", "on", "at", "with", "for", "to", "from", "by", "after", "before", "during", "without", "against", "over", "under", "as", "that", "which", "who", "while", "when", "amid", "despite", "into", "since", "until", "following", "because", "than", "but", "between", "among", "within", "through", "via"]
)
_DETERMINERS = frozenset(["a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those", "our", "new"])
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
    body = " ".join(s.text for s in sentences)
    doc.security = bool(lx.SECURITY_CONTEXT.search(body))
    doc.has_org = bool(lx.ORG_RE.search(body))
    _mark_excluded(doc)
    _build_groups(doc)
    _build_salience(doc)
    candidates: list[_Candidate] = []
    set_aside: list[SetAside] = []
    for sent in sentences:
        _scan_sentence(doc, sent, candidates, set_aside)
    events = _assemble(doc, candidates, source)
    return Extraction(tuple(events), tuple(set_aside))


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
        doc.salience[m.cow] = doc.salience.get(m.cow, 0.0) + weight  # type: ignore[index]


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


def _object_np(text: str, pos: int, *, skip_from: bool = False) -> tuple[int, int] | None:
    """The noun phrase right after ``pos`` (up to a preposition or punctuation)."""
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
    start = 0
    for m in lx.BOUNDARY.finditer(head):
        start = m.end()
    holes = [
        (sent.start + m.start(), sent.start + m.end())
        for m in lx.PARENTHETICAL.finditer(head, start)
    ]
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


def _scan_sentence(doc: _Doc, sent: Sentence, out: list[_Candidate], aside: list[SetAside]) -> None:
    taken: list[tuple[int, int]] = []
    text = doc.text
    for trig in lx.TRIGGERS:
        if trig.headline_only and not sent.is_title:
            continue
        for m in trig.pattern.finditer(sent.text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            if trig.headline_only and not _headline_verb(sent.text, m.start()):
                continue
            taken.append((start, end))
            span = Span("kind", start, end, text[start:end])
            reason, cand = _judge(doc, sent, trig, m, span)
            if cand is not None:
                out.append(cand)
            elif reason is not None:
                aside.append(SetAside(trig.kind, reason, span))


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
    passive = (bool(before) and before[0] in _PASSIVE) or (len(before) > 1 and before[1] in _PASSIVE)
    if sent.text.rstrip().endswith("?"):
        return ("a question, not a report" if near_miss else None), None
    if not trig.compound:
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
    date = _linked_date(doc, sent, span)
    clause = text[r_lo : min(sent.end, span.end + 80)]
    if lx.RECALL_WORDS.search(clause):
        return "recalled past event", None
    if date is not None and doc.ref is not None and date.latest is not None:
        if date.latest < doc.ref - dt.timedelta(days=RECENT_DAYS):
            return f"recalled past event ({date.text})", None
        if date.value is not None and date.value.first_day() > doc.ref + dt.timedelta(days=1):
            return f"planned ({date.text})", None
    parties, source = _parties(doc, sent, trig, m, span, (r_lo, r_hi, holes), passive, noun_phrase)
    return None, _Candidate(trig.kind, span, sent, parties, source, date, noun_phrase, org, strong)


def _object_check(
    doc: _Doc, sent: Sentence, trig: lx.Trigger, span: Span, region: str, passive: bool
) -> str | tuple[Span | None, Span | None, bool]:
    """Whether the verb is about a treaty; returns a reason to set it aside, or the treaty phrase."""
    text = doc.text
    needs = trig.needs
    np_span = _object_np(text, span.end, skip_from=needs in ("from_object", "suspend_object"))
    np_text = text[np_span[0] : np_span[1]] if np_span else ""
    after = text[span.end : min(sent.end, span.end + 90)]

    def found(phrase_text: str, offset: int) -> tuple[Span | None, Span | None, bool] | None:
        nouns = list(lx.TREATY_OBJ_RE.finditer(phrase_text))
        if not nouns:
            return None
        last = nouns[-1]
        org = lx.ORG_RE.search(phrase_text)
        words = phrase_text[: last.end()].split()
        while words and words[0].lower() in _DETERMINERS - {"new"}:
            words = words[1:]
        np = " ".join(words)
        start = offset + phrase_text.index(words[0]) if words else offset + last.start()
        phrase = Span("treaty_name", start, start + len(np), np)
        org_span = (
            Span("treaty_name", offset + org.start(), offset + org.end(), org.group())
            if org
            else None
        )
        return phrase, org_span, last.group().lower() in lx.STRONG_NOUNS or org is not None

    obj = found(np_text, np_span[0]) if np_span else None
    subj = found(region, span.start - len(region))
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
        if not mm:
            return "no alliance named"
        org = lx.ORG_RE.search(mm.group())
        org_span = (
            Span(
                "treaty_name",
                span.end + mm.start() + org.start(),
                span.end + mm.start() + org.end(),
                org.group(),
            )
            if org
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
    phrase, org, strong = res
    if phrase is not None:
        np = text[max(sent.start, phrase.start - 40) : phrase.end + 40]
        head_region = text[phrase.start : phrase.end + 30]
        if lx.TRADE.search(head_region) and not lx.SECURITY_MODIFIERS.search(phrase.text):
            return "trade or economic agreement"
        if lx.NOT_TREATY.search(phrase.text) and not lx.TREATY_NOUN_RE.search(
            phrase.text.split()[-1]
        ):
            return "not a treaty (a law, declaration or truce)"
        del np
        if not strong and not doc.security and not lx.SECURITY_MODIFIERS.search(phrase.text):
            return "no security content"
    return phrase, org, strong


def _why_not(phrase: str) -> str:
    if lx.TRADE.search(phrase):
        return "trade or economic agreement"
    if lx.NOT_TREATY.search(phrase):
        return "not a treaty (a law, declaration or truce)"
    return "no treaty named"


def _linked_date(doc: _Doc, sent: Sentence, span: Span) -> DateMention | None:
    """The date expression in the sentence nearest the verb, skipping years that name a treaty."""
    best = None
    best_dist = 10**9
    for d in doc.dates:
        if not (sent.start <= d.start < sent.end):
            continue
        if d.kind == "year" and re.match(
            r"\s*(?:[\w’'-]+\s+){0,3}?(?:" + lx.TREATY_NOUN + r")\b",
            doc.text[d.end : d.end + 40],
            re.I,
        ):
            continue
        dist = d.start - span.end if d.start >= span.end else (span.start - d.end) * 1.5
        if dist < best_dist:
            best, best_dist = d, dist
    return best


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
        a_lo = sent.start + m.start("actor")
        picked = _mentions_in(doc, a_lo, sent.start + m.end("actor"))
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
        n = lx.GROUP_WORDS.get((anaphor.group("n") or "").lower())
        group = _group_before(doc, lo, n)
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
    if not parties:
        want = 1 if trig.kind in lx.ACTOR_KINDS else 2
        group = None if want == 1 else _group_before(doc, span.start, None)
        cows = list(group) if group else _top_salient(doc, want)
        for cow in cows:
            parties[cow].append(Span("parties", span.start, span.end, span.text))
        source = "fallback"
    return dict(parties), source


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"[,;:.!?—(]").search(text, pos, limit)
    return m.start() if m else limit


def _group_before(doc: _Doc, pos: int, n: int | None) -> tuple[int, ...] | None:
    for start, _end, cows in reversed(doc.groups):
        if start >= pos:
            continue
        if n is None or len(cows) == n:
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
        preds = find_predecessors(body, event_year)
        pred_sents = {doc.sentence_of(p.start) for p in preds}
        pledge_texts = [(o, t) for o, t in every if doc.sentence_of(o) not in pred_sents]
        obligations = find_obligations(pledge_texts)
        conditions = find_conditions(pledge_texts)
        name = _treaty_name(doc, group, preds, body, event_year)
        place = _place(doc, group)
        quotes = find_quotes(doc.text, body, doc.mentions)
        evidence: list[Span] = [c.trigger for c in group]
        party_objs = []
        for cow in sorted(parties):
            spans = tuple(dict.fromkeys(parties[cow]))
            party_objs.append(Party(cow, doc.gaz.name_of(cow), spans))
            evidence.extend(spans)
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
                place=place.text if place else None,
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


_NEW_NP = re.compile(
    r"\b(?:the|a)\s+(?P<np>new\s+(?:[\w-]+\s+){0,3}?(?:treaty|pact|agreement|accord|alliance))\b",
    re.I,
)
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_GENERIC_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})")
_NOT_PLACES = frozenset(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An", "This", "That", "Article"]
)


def _place(doc: _Doc, group: list[_Candidate]) -> Span | None:
    sents = list(
        dict.fromkeys(
            c.sentence for c in sorted(group, key=lambda c: (c.sentence.is_title, c.trigger.start))
        )
    )
    lead = next((s for s in doc.sentences if s.is_lead), None)

    def located(sentences: list[Sentence], kinds: tuple[str, ...]) -> Span | None:
        for s in sentences:
            for m in doc.mentions:
                if s.start <= m.start < s.end and m.kind in kinds:
                    if _IN_PLACE.search(doc.text[max(s.start, m.start - 12) : m.start]):
                        return Span("place", m.start, m.end, m.text)
        return None

    found = located(sents, ("capital", "place"))
    if found:
        return found
    for c in group:
        window = doc.text[c.trigger.end : _clause_end(doc.text, c.trigger.end, c.sentence.end)]
        for g in _GENERIC_PLACE.finditer(window):
            word = g.group("place").split()[0]
            if word not in _NOT_PLACES and not any(
                mm.start <= c.trigger.end + g.start("place") < mm.end
                and mm.kind != "place"
                and mm.kind != "capital"
                for mm in doc.mentions
            ):
                start = c.trigger.end + g.start("place")
                return Span("place", start, start + len(g.group("place")), g.group("place"))
    if lead is not None and lead not in sents:
        found = located([lead], ("capital", "place"))
        if found:
            return found
    return located(sents, ("name",))


def _treaty_name(
    doc: _Doc,
    group: list[_Candidate],
    preds: list[Span],
    body: list[tuple[int, str]],
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
    names = [n for n in find_treaty_names(body) if clear(n)]
    near = [n for n in names if doc.sentence_of(n.start) in cand_sents]
    if near:
        return near[0]
    if names:
        return names[0]
    phrases = [c.noun_phrase for c in group if c.noun_phrase is not None and clear(c.noun_phrase)]
    # "the new treaty" names the treaty the article is about, wherever it stands.
    for offset, sentence in body:
        for m in _NEW_NP.finditer(sentence):
            phrases.append(
                Span("treaty_name", offset + m.start("np"), offset + m.end("np"), m.group("np"))
            )
    if phrases:
        return max(phrases, key=lambda p: (noun_phrase_rank(p.text), -p.start))
    orgs = [c.org for c in group if c.org is not None]
    return orgs[0] if orgs else None
