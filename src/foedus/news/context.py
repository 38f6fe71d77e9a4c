"""The article as the event rules read it (internal to :mod:`foedus.news`).

:func:`read_article` gathers, once per article: its sentences, the states and
people it names (marking those named as places or targets: "in Pyongyang",
"against the United States"), its date expressions, the groups of states it
names together ("Russia and North Korea"), and how prominent each state is.
The helpers here find a verb's subject, clause and the states in a span.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from foedus.news import lexicon as lx
from foedus.news.actors import Gazetteer, Mention
from foedus.news.clean import Cleaned
from foedus.news.dates import Dateline, DateMention, find_dateline, find_dates
from foedus.news.lexicon import fold_case
from foedus.news.records import Span
from foedus.news.rules import rules_for_words
from foedus.news.sentences import Sentence, looks_like_salad, salad_marks, split_sentences

__all__ = [
    "DETERMINERS",
    "RECENT_DAYS",
    "TOKEN",
    "Candidate",
    "Doc",
    "antecedent_start",
    "article_dateline",
    "clause_end",
    "group_after",
    "group_before",
    "last_person",
    "mentions_in",
    "read_article",
    "region",
    "tokens_before",
    "top_salient",
]

RECENT_DAYS = 10  # an event dated more than this before publication is recalled, not news
TOKEN = re.compile(r"[\w’'.-]+|[^\w\s]")
DETERMINERS = frozenset(
    ["a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those", "our", "new"]
)


@dataclass
class Candidate:
    """A verb that passed the rules: an event mention, before events are merged."""

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
    rule: str = ""  # the name of the rule (foedus.news.rules) that found it


@dataclass
class Doc:
    """One article, read once: what the rules consult for every verb."""

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
    memo_topic: bool = False  # memoranda or a declaration were named: "the agreements" means them
    dateline: Dateline | None = None
    dateline_cow: int | None = None  # the state whose city the story was filed from
    treaty_re: re.Pattern[str] = lx.TREATY_OBJ_RE  # plus acronyms the article defines ("RAA")
    # Undated participles describing the treaty ("The treaty, inked at the V&A in west
    # London, …"): not events, but they may say where the event happened.
    descriptions: list[tuple[str, Sentence, Span]] = field(default_factory=list)
    # Paragraphs of word salad (sentences.looks_like_salad), by block number; ``salad``
    # when a third of the article's words are in them: no sentence of it is read for events.
    salad_blocks: frozenset[int] = frozenset()
    salad: bool = False
    salad_marks: int = 0  # jumbled neighbours in the whole article (sentences.salad_marks)
    # Answers to questions about a whole sentence that several of its verbs ask (keyed by
    # the question and the sentence's start; see events._per_sentence).
    memo: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _mention_starts: list[int] = field(default_factory=list, repr=False)
    _date_starts: list[int] = field(default_factory=list, repr=False)
    _people: list[int] = field(default_factory=list, repr=False)  # starts of people named

    def mention_indices(self, lo: int, hi: int) -> range:
        """Indices into ``mentions`` of those starting in ``[lo, hi)`` (a bisection, so a
        long article costs no more per question than a short one)."""
        if len(self._mention_starts) != len(self.mentions):
            self._mention_starts = [m.start for m in self.mentions]
            self._people = [i for i, m in enumerate(self.mentions) if m.kind == "person"]
        starts = self._mention_starts
        return range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))

    def dates_in(self, lo: int, hi: int) -> list[DateMention]:
        """The date expressions starting in ``[lo, hi)``."""
        if len(self._date_starts) != len(self.dates):
            self._date_starts = [d.start for d in self.dates]
        starts = self._date_starts
        return self.dates[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def sentence_of(self, pos: int) -> Sentence | None:
        if len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return None


def read_article(cleaned: Cleaned, gaz: Gazetteer, published: dt.date | None) -> Doc:
    """Sentences, mentions, dates, groups and salience of a cleaned article."""
    text = cleaned.text
    sentences = split_sentences(cleaned)
    dateline = article_dateline(cleaned, published) if cleaned.paragraphs else None
    # A story printed the day after its dateline ("SAN FRANCISCO, Aug. 11 — … today")
    # counts its days from the dateline.
    ref = published
    if published is not None and dateline is not None and dateline.date is not None:
        filed = dateline.date.first_day() if dateline.date.day is not None else None
        if filed is not None and published - dt.timedelta(days=3) <= filed < published:
            ref = filed
    starts = [s.start for s in sentences]
    mentions = [m for m in gaz.find(text, on=published) if _in_any(m.start, starts, sentences)]
    dates = find_dates(text, ref)
    if dateline is not None:
        # The dateline dates the filing, not the event.
        dates = [d for d in dates if not dateline.start <= d.start < dateline.head_end]
    doc = Doc(
        text=text,
        sentences=sentences,
        mentions=_with_capitals(mentions, gaz, text, sentences, published),
        dates=dates,
        published=published,
        ref=None,
        gaz=gaz,
        dateline=dateline,
    )
    doc.ref = ref or _reference_date(doc.dates)
    if dateline is not None and dateline.place:
        known = gaz.place_named(dateline.place, published)
        if known is not None:
            # "N'DJAMENA" is N'Djamena, not "N'djamena"
            doc.dateline = dataclasses.replace(dateline, place=known[0])
            doc.dateline_cow = known[1]
    acronyms = set(_ACRONYM.findall(text))
    if acronyms:
        extra = "|".join(sorted(map(re.escape, acronyms)))
        doc.treaty_re = re.compile(rf"{lx.TREATY_OBJ_RE.pattern}|\b(?:{extra})\b")
    first = 1 if cleaned.title is not None else 0
    marks = [salad_marks(p.text) for p in cleaned.paragraphs]
    salad = [
        first + i
        for i, p in enumerate(cleaned.paragraphs)
        if marks[i] >= 2 and looks_like_salad(p.text)
    ]
    doc.salad_blocks = frozenset(salad)
    blocks = ([cleaned.title] if cleaned.title is not None else []) + list(cleaned.paragraphs)
    doc.salad_marks = sum(marks) + (salad_marks(cleaned.title.text) if cleaned.title else 0)
    if doc.salad_marks >= 2:
        # Real articles in the labelled sets have at most one mark (8 per 1,000 words at
        # most); shuffled ones have 9 to 50 per 1,000.
        words = sum(len(b.text.split()) for b in blocks)
        doc.salad = doc.salad_marks * 1000 >= 12 * words
    body = " ".join(s.text for s in sentences)
    doc.security = bool(lx.SECURITY_CONTEXT.search(body))
    doc.has_org = bool(lx.ORG_RE.search(body))
    _mark_excluded(doc)
    _build_groups(doc)
    _build_salience(doc)
    return doc


def article_dateline(cleaned: Cleaned, published: dt.date | None = None) -> Dateline | None:
    """The dateline of the story: on its first paragraph, or on a kept line just before it
    (a standfirst or stamp that cleaning kept)."""
    lead = cleaned.lead
    for block in cleaned.paragraphs:
        line = find_dateline(block.text, block.start, published)
        if line is not None or block is lead:
            return line
    return None


# "the Reciprocal Access Agreement (RAA)": the article may then say "the RAA".
_ACRONYM = re.compile(
    r"\b(?:Agreement|Treaty|Pact|Accord|Charter|Protocol|Convention|Arrangement)\s*\("
    r"([A-Z][A-Za-z]{1,6})\)"
)
_LOWER = re.compile(r"[^\W\d_A-Z]")  # lower-case letters (and uncased ones, rare in news)
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_CAPS_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _title_case(text: str) -> str:
    # "TÜRKİYE" is "Türkiye": the dotted capital I lower-cases to two characters, so it is
    # mapped to "i" first and the offsets stay put.
    return _CAPS_WORD.sub(lambda m: m.group()[0] + m.group()[1:].translate(_DOTTED_I).lower(), text)


_DOTTED_I = str.maketrans({"İ": "i"})


def _with_capitals(
    mentions: list[Mention],
    gaz: Gazetteer,
    text: str,
    sentences: list[Sentence],
    on: dt.date | None,
) -> list[Mention]:
    """Add the states and people an all-capitals headline names ("MARAPE, ALBANESE SIGN…").

    Names are matched as written; a line in capitals is read again in title case.
    """
    extra: list[Mention] = []
    starts = [m.start for m in mentions]
    for sent in sentences:
        if len(_LOWER.findall(sent.text, 0, 24)) > 6:
            continue  # prose: most of its first letters are small
        lower = len(_LOWER.findall(sent.text))
        upper = len(_UPPER.findall(sent.text))
        if upper < 8 or lower > 0.25 * upper:
            continue
        titled = _title_case(sent.text)
        if len(titled) != len(sent.text):
            continue  # a letter whose case changes its length: offsets would drift
        lo = bisect.bisect_left(starts, sent.start)
        hi = bisect.bisect_left(starts, sent.end)
        taken = [(m.start, m.end) for m in mentions[lo:hi]]
        for m in gaz.find(titled, on=on):
            start, end = sent.start + m.start, sent.start + m.end
            if any(a < end and start < b for a, b in taken):
                continue
            extra.append(Mention(start, end, text[start:end], m.cow, m.name, m.kind, m.person))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


def _in_any(pos: int, starts: list[int], sentences: list[Sentence]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < sentences[i].end


def _reference_date(dates: list[DateMention]) -> dt.date | None:
    # Without a publication date, the latest date the article gives stands in for it.
    days = [d.value.last_day() for d in dates if d.value is not None and d.kind != "year"]
    if days:
        return max(days)
    years = [d.value.last_day() for d in dates if d.value is not None]
    return max(years) if years else None


def _mark_excluded(doc: Doc) -> None:
    """States named as places or targets ("in Pyongyang", "against the United States")."""
    prev: Mention | None = None
    prev_excluded = False
    line = doc.dateline
    for i, m in enumerate(doc.mentions):
        sent = doc.sentence_of(m.start)
        lo = max(sent.start if sent else 0, m.start - 40)
        before = doc.text[lo : m.start]
        excluded = _after_excluding_word(before)
        if line is not None and line.start <= m.start < line.head_end:
            excluded = True  # "MANILA, Philippines —" says where the story was filed
        elif _MODIFIER_AFTER.match(doc.text, m.end) or _after_modifier_word(before):
            excluded = True  # "the Russia-led bloc", "former Soviet republics"
        if not excluded and prev is not None and prev_excluded:
            gap = doc.text[prev.end : m.start]
            if re.fullmatch(
                r"\s*(?:,|and|or|&|,\s*and|,\s*or)\s*(?:the\s+)?", gap
            ) and not _verb_follows(doc.text, m.end):
                # "in Russia, Belarus and Kazakhstan": all places; but "… to the State
                # Department, and West Germany became …" starts a clause with a subject.
                excluded = True
        if excluded:
            doc.excluded.add(i)
        prev, prev_excluded = m, excluded


_NEXT_WORD = re.compile(r"\s+(?:(?:has|have|had|was|were)\s+)?([a-z]+)")


def _verb_follows(text: str, pos: int) -> bool:
    """Whether an event verb (a word some trigger rule is anchored on) follows ``pos``."""
    m = _NEXT_WORD.match(text, pos)
    return m is not None and bool(rules_for_words((m.group(1),)))


# A state named as a modifier of someone else: "Russia-led", "Soviet-era", "Soviet bloc".
_MODIFIER_AFTER = re.compile(
    r"[-–](?:led|backed|brokered|made|built|supplied|style|era|dominated|controlled|occupied|"
    r"annexed|aligned|allied|friendly|based|born|funded|sponsored|trained|armed)\b|\s+bloc\b",
    re.I,
)
_MODIFIER_BEFORE = re.compile(r"\b(?:former|ex-|then-)\s*$", re.I)
# The last word of each EXCLUDING_PREP word ("from" of "threat from"), as fold_case reads it.
_EXCLUDING_ENDS = tuple(dict.fromkeys(w.split()[-1] for w in lx.EXCLUDING_WORDS))


def _after_excluding_word(before: str) -> bool:
    """``EXCLUDING_PREP.search(before)``, the regex run only when it can match: ``before``
    ends in a space, and one of its last three words (the preposition, then perhaps an
    article and a word) ends with a preposition. Most mentions follow no such word, and a
    search anchored at the end still tries every position of the 40 characters."""
    if not before[-1:].isspace():
        return False
    tail = before.rsplit(None, 3)[-3:]
    if not any(fold_case(word).endswith(_EXCLUDING_ENDS) for word in tail):
        return False
    return bool(lx.EXCLUDING_PREP.search(before))


def _after_modifier_word(before: str) -> bool:
    """``_MODIFIER_BEFORE.search(before)``, the regex run only when ``before`` ends with the
    word (spaces aside)."""
    if not fold_case(before.rstrip()).endswith(("former", "ex-", "then-")):
        return False
    return bool(_MODIFIER_BEFORE.search(before))


def _usable(doc: Doc, i: int) -> bool:
    return doc.mentions[i].cow is not None and i not in doc.excluded


def _build_groups(doc: Doc) -> None:
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


def _build_salience(doc: Doc) -> None:
    for i, m in enumerate(doc.mentions):
        if not _usable(doc, i):
            continue
        sent = doc.sentence_of(m.start)
        weight = 3.0 if sent and sent.is_title else 2.0 if sent and sent.is_lead else 1.0
        if m.cow is not None:
            doc.salience[m.cow] = doc.salience.get(m.cow, 0.0) + weight


def antecedent_start(doc: Doc, sent: Sentence, lo: int) -> int:
    """Where the verb's clause borrows its time and place from: the sentence start when
    the clause opens with "where"/"when" ("… in Nancy on Friday, where X and Y signed…")."""
    if lo > sent.start and re.search(r",\s*(?:where|when)\s*$", doc.text[sent.start : lo]):
        return sent.start
    return lo


def tokens_before(text: str, limit: int = 5) -> list[str]:
    out: list[str] = []
    for tok in reversed(TOKEN.findall(text[-100:])):
        if tok in ',;:()[]“”"—–' or tok in ("'", "’"):
            break
        out.append(tok.lower().replace("’", "'"))
        if len(out) >= limit:
            break
    return out


def region(doc: Doc, sent: Sentence, trig_start: int) -> tuple[int, int, list[tuple[int, int]]]:
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


def mentions_in(doc: Doc, lo: int, hi: int, holes: list[tuple[int, int]] = ()) -> list[int]:  # type: ignore[assignment]
    return [
        i
        for i in doc.mention_indices(lo, hi)
        if doc.mentions[i].end <= hi
        and _usable(doc, i)
        and not any(a <= doc.mentions[i].start < b for a, b in holes)
    ]


_CLAUSE_PUNCT = re.compile(r"[,;:.!?—(]")
_SENTENCE_PUNCT = re.compile(r"[;:.!?—(]")


def clause_end(text: str, pos: int, limit: int, *, words: bool = False) -> int:
    """Where the clause after ``pos`` ends: punctuation, or (``words``) a clause boundary word."""
    m = _CLAUSE_PUNCT.search(text, pos, limit)
    end = m.start() if m else limit
    if words:
        end = limit
        m = _SENTENCE_PUNCT.search(text, pos, limit)
        if m:
            end = m.start()
        for b in lx.BOUNDARY.finditer(text, pos, end):
            if b.group() in '“"':
                continue  # a quoted name ('signed a "100-year partnership" on Thursday')
            end = b.start()
            break
    return end


def group_before(doc: Doc, pos: int, n: int | None) -> tuple[int, ...] | None:
    for start, _end, cows in reversed(doc.groups):
        if start >= pos:
            continue
        if n is None or len(cows) == n:
            return cows
    return None


def group_after(doc: Doc, pos: int, n: int) -> tuple[int, ...] | None:
    for start, _end, cows in doc.groups:
        if pos <= start < pos + 600 and len(cows) == n:
            return cows
    return None


def last_person(doc: Doc, pos: int) -> Mention | None:
    before = doc.mention_indices(0, pos)  # also builds the index of people
    i = bisect.bisect_left(doc._people, before.stop) - 1
    return doc.mentions[doc._people[i]] if i >= 0 else None


def top_salient(doc: Doc, n: int) -> list[int]:
    ranked = sorted(doc.salience.items(), key=lambda kv: (-kv[1], kv[0]))
    return [cow for cow, _ in ranked[:n]]
