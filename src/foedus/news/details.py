"""What an article says about a treaty beyond the event: obligations, conditions,
predecessors, treaty names, and who said what.

>>> s = "The pact calls for the nations to aid one another in the event of aggression."
>>> [(o.value, span.text) for o, span in find_obligations([(0, s)])]
[('defense', 'aid one another')]
>>> [c.text for c in find_conditions([(0, s)])]
['in the event of aggression']
>>> [p.text for p in find_predecessors([(0, "It revives the now-defunct 1961 treaty.")], 2024)]
['now-defunct 1961 treaty']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from foedus.model import ObligationType
from foedus.news.actors import Mention
from foedus.news.lexicon import NOUN_RANK, TREATY_NOUN, fold_case
from foedus.news.records import Quote, Span

__all__ = [
    "find_conditions",
    "find_obligations",
    "find_predecessors",
    "find_quotes",
    "find_treaty_names",
]

Texts = Sequence[tuple[int, str]]  # (offset, sentence text)

_D = ObligationType.DEFENSE
_N = ObligationType.NEUTRALITY
_NA = ObligationType.NONAGGRESSION
_C = ObligationType.CONSULTATION
_O = ObligationType.OFFENSE
_ATTACK = (
    r"(?:(?:an?|any)\s+)?(?:armed\s+|military\s+)?(?:attack|aggression|invasion|"
    r"[“\"]aggression[”\"])"
)
_HELP = (
    r"(?:aid|assist|assistance|help|support|defend|defence|defense|protect|military and other "
    r"assistance)"
)
_OBLIGATIONS: list[tuple[ObligationType, re.Pattern[str]]] = [
    # Neutrality first: its phrasing contains a negation the defense check would veto.
    (_N, re.compile(r"\b(?:not|never)\s+(?:to\s+)?(?:provide|give|offer|render|extend|help|assist|"
                    r"aid|"
                    r"support)\s+(?:any\s+)?(?:military\s+(?:or|and)\s+other\s+|military\s+|"
                    r"other\s+)?"
                    r"(?:assistance|aid|help|support)?\s*(?:to\s+)?(?:the\s+|an\s+|"
                    r"any\s+)?aggressors?\b", re.I)),
    (_N, re.compile(r"\bremain\s+neutral\b|\bneutrality\s+(?:pact|treaty|agreement|clause|"
                    r"obligation|pledge)s?\b"
                    r"|\bpledged?\s+(?:\w+\s+)?neutrality\b", re.I)),
    (_NA, re.compile(r"\bnon-?aggression\b|\b(?:not|never)\s+(?:to\s+)?(?:attack|use force "
                     r"against|take up "
                     r"arms against)\s+(?:each other|one another)\b|"
                     r"\brefrain\s+from\s+(?:the\s+)?(?:use|threat)"
                     r"\s+of\s+force\s+against\s+(?:each other|one another)\b", re.I)),
    (_C, re.compile(r"\bconsult(?:ations?|ing|ed)?\s+(?:with\s+)?(?:each other|one another|"
                    r"promptly|"
                    r"immediately|in (?:the )?(?:event|case))\b|\bcommitment to consult\b|"
                    r"\bconsultations?\s+"
                    r"under\s+Article\s+4\b|\bconsult\b.{0,40}\b(?:threat|crisis|attack)\b", re.I)),
    (_O, re.compile(r"\boffensive alliance\b|\bjointly attack\b|\bjoin\s+(?:in\s+)?(?:an?\s+|"
                    r"the\s+)?"
                    r"(?:attack|offensive)\s+(?:on|against)\b", re.I)),
    (_D, re.compile(r"\bmutual[- ](?:defen[cs]e|military assistance|assistance|aid)\b", re.I)),
    (_D, re.compile(r"\b(?:aid|assist|help|defend|support|protect)\s+"
                    r"(?:one another|each other)\b", re.I)),
    (_D, re.compile(r"\bcome\s+to\s+(?:the|each other['’]s|one another['’]s|the other['’]s|its|"
                    r"their)\s+"
                    r"(?:aid|defen[cs]e|assistance|rescue)\b", re.I)),
    (_D, re.compile(rf"\b(?:in the event of|in case of|if (?:there is|either|"
                    rf"one)\b[^.]{{0,40}}?)\s*{_ATTACK}"
                    rf"[^.]{{0,80}}?\b{_HELP}\b", re.I)),
    (_D, re.compile(rf"\b{_HELP}\b[^.]{{0,60}}?\b(?:in the event of|in case of)\s+"
                    rf"{_ATTACK}", re.I)),
    (_D, re.compile(r"\bcollective (?:self-)?defen[cs]e\b|\bsecurity guarantees?\b|\bdefen[cs]e "
                    r"(?:pact|alliance|guarantees?)\b|\bmutual[- ]defen[cs]e\b", re.I)),
    (_D, re.compile(r"\b(?:an?\s+)?(?:armed\s+)?(?:attack|aggression)\s+(?:on|against)\s+(?:one|"
                    r"either|any)"
                    r"\b[^.]{0,60}?\b(?:attack|aggression)\s+(?:on|against)\s+(?:all|both|them "
                    r"all)\b", re.I)),
    (_D, re.compile(rf"\b{_HELP}\b[^.]{{0,60}}?\b(?:if|should|when|"
                    rf"whenever)\b[^.]{{0,40}}?\b(?:attack(?:ed)?|"
                    r"aggression|invaded|invasion)\b", re.I)),
    (_D, re.compile(r"\bmeet the common danger\b|\barmed attack (?:on|against) either\b[^.]{0,80}?"
                    r"\bdangerous to\b", re.I)),
    (_D, re.compile(r"\bArticle (?:5|Five)\b", re.I)),
]  # fmt: skip
# Every obligation pattern holds one of these; most sentences hold none and are skipped.
_OBLIGATION_HINTS = (
    "aid", "assist", "help", "defen", "protect", "attack", "aggress", "neutral", "consult",
    "article", "guarantee", "danger", "support",
)  # fmt: skip
# The words each pattern above cannot match without (one of them, as it reads once folded):
# a treaty story says "support" and "defence" everywhere, but each pattern is rarer.
_OBLIGATION_WORDS: tuple[tuple[str, ...], ...] = (
    ("aggressor",),
    ("neutral",),
    ("aggression", "each other", "one another"),
    ("consult",),
    ("offensive", "attack"),
    ("mutual",),
    ("one another", "each other"),
    ("come",),
    ("attack", "aggression", "invasion"),
    ("attack", "aggression", "invasion"),
    ("collective", "guarantee", "defen"),
    ("attack", "aggression"),
    ("attack", "aggression", "invaded", "invasion"),
    ("danger",),
    ("article",),
)
_NEGATED = re.compile(
    r"\b(?:not|no|n['’]t|never|without|neither|nor|rather than|short of|instead of|lacks?|absence "
    r"of)"
    r"\b[^.,;]{0,40}$",
    re.I,
)


def find_obligations(texts: Texts) -> list[tuple[ObligationType, Span]]:
    """Obligation types the sentences state, each with its first evidence span.

    A pledge stated in the negative ("does not provide for mutual military
    assistance") is no pledge; "will not help the aggressor" is neutrality.
    """
    found: dict[ObligationType, Span] = {}
    for offset, text in texts:
        low = text.lower()
        if not any(hint in low for hint in _OBLIGATION_HINTS):
            continue
        taken: list[tuple[int, int]] = []
        folded = fold_case(text)
        for (kind, rx), words in zip(_OBLIGATIONS, _OBLIGATION_WORDS, strict=True):
            if not any(w in folded for w in words):
                continue
            for m in rx.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                if kind is not _N and _NEGATED.search(text[max(0, m.start() - 60) : m.start()]):
                    continue
                taken.append(m.span())
                if kind not in found:
                    found[kind] = Span(
                        "obligation_types", offset + m.start(), offset + m.end(), m.group()
                    )
    order = list(ObligationType)
    return sorted(found.items(), key=lambda kv: order.index(kv[0]))


_CONDITIONS = [
    re.compile(rf"\b(?:in the event (?:of|that)|in case of|if|should)\s+(?:{_ATTACK}|one of|either|"
               r"any (?:state|country|party)|the other|a party|one party|one side)"
               r"[^.;:—,]{0,120}", re.I),
    re.compile(r"\b(?:within|in)\s+the\s+(?:Pacific(?: area)?|Euro-Atlantic area|North Atlantic "
               r"area|"
               r"territor(?:y|ies) of (?:either|the parties|both)[^,.;]{0,40})", re.I),
    re.compile(r"\bin accordance with (?:its|their|each party['’]s) (?:respective )?constitutional "
               r"(?:processes|procedures|provisions)\b", re.I),
    re.compile(r"\b(?:in accordance with|under) Article 51 of the (?:U\.?N\.?|United Nations) "
               r"Charter\b", re.I),
    re.compile(r"\bprovided (?:that )?[^.;]{5,100}", re.I),
]  # fmt: skip


# Words each condition pattern needs: a sentence without any is not searched.
_CONDITION_HINTS = (
    ("event", "case", "if", "should"),
    ("within", "in the"),
    ("constitutional",),
    ("article 51",),
    ("provided",),
)


def find_conditions(texts: Texts) -> list[Span]:
    """Conditions on the pledge as the article states them ("in the event of aggression…").

    Sentences that only wonder ("did not say whether…") state no condition.
    """
    found: list[Span] = []
    for offset, text in texts:
        low = text.lower()
        if "whether" in low and re.search(r"\bwhether\b", low):
            continue
        for rx, hints in zip(_CONDITIONS, _CONDITION_HINTS, strict=True):
            if not any(h in low for h in hints):
                continue
            for m in rx.finditer(text):
                phrase = m.group().rstrip(' ,;:—”"')
                if len(phrase.split()) < 3 or any(phrase == f.text for f in found):
                    continue
                found.append(
                    Span("conditions", offset + m.start(), offset + m.start() + len(phrase), phrase)
                )
    return found


_OLD = (
    r"(?:now[- ])?defunct|former|earlier|previous|original|old|older|Soviet-era|Cold War-era|"
    r"expired|lapsed"
)
_PREDECESSOR = [
    re.compile(rf"\b(?:the\s+|a\s+|"
               rf"an\s+)?(?P<np>(?:{_OLD})\s+(?:[\w’'-]+\s+){{0,4}}?(?:{TREATY_NOUN}))\b", re.I),
    re.compile(rf"\b(?:the\s+|a\s+|an\s+|its\s+|"
               rf"their\s+)?(?P<np>(?:[\w’'-]+\s+)?(?P<year>1[6-9]\d\d|20\d\d)\s+"
               rf"(?:[\w’'-]+\s+){{0,3}}?(?:{TREATY_NOUN}))\b", re.I),
    re.compile(rf"\b(?:replac\w+|supersed\w+|succeed\w*)\s+(?:the\s+|an?\s+|"
               rf"its\s+)?(?P<np>(?:[\w’'-]+\s+){{0,5}}?"
               rf"(?:{TREATY_NOUN})(?:\s+of\s+(?P<year2>\d{{4}}))?)\b", re.I),
]  # fmt: skip


# Words each predecessor pattern needs (None: no cheap test); most sentences have none.
_PREDECESSOR_HINTS: tuple[tuple[str, ...] | None, ...] = (
    ("defunct", "former", "earlier", "previous", "original", "old", "soviet-era", "war-era",
     "expired", "lapsed"),
    None,
    ("replac", "supersed", "succeed"),
)  # fmt: skip
_SUCCESSION = re.compile(
    r"\b(?:replac\w+|supersed\w+|succeed\w*|successor|reviv\w+|revival|defunct|former|previous|"
    r"earlier|predecessor|renew\w*|updat\w+|modernis\w+|moderniz\w+|restor\w+|echo\w*)\b",
    re.I,
)


# A word of succession is in a sentence (folded) only if one of these is.
_SUCCESSION_WORDS = (
    "replac", "supersed", "succe", "reviv", "defunct", "former", "previous", "earlier",
    "predecessor", "renew", "updat", "moderni", "restor", "echo",
)  # fmt: skip


def _tells_succession(text: str) -> bool:
    """Whether the sentence has a word of succession (the regex only if a word may be)."""
    folded = fold_case(text)
    return any(w in folded for w in _SUCCESSION_WORDS) and bool(_SUCCESSION.search(text))


def _begins_a_word(folded: str, words: tuple[str, ...] | None) -> bool:
    """Whether one of ``words`` stands in ``folded`` where a word begins, as ``\b`` reads it:
    not after a letter, digit or underscore. (Each word of age in _PREDECESSOR[0] begins
    one: after ``\b``, a space or the hyphen of "now-defunct".)"""
    for word in words or ():
        at = folded.find(word)
        while at >= 0:
            if at == 0 or not (folded[at - 1].isalnum() or folded[at - 1] == "_"):
                return True
            at = folded.find(word, at + 1)
    return False


def find_predecessors(texts: Texts, event_year: int | None) -> list[Span]:
    """Earlier treaties the article names as replaced or revived ("the now-defunct 1961 treaty").

    A treaty named with a year counts only if that year is before ``event_year``.
    Named ones with a year win over vaguer mentions ("a Cold War-era pledge").
    """
    found: list[tuple[bool, Span]] = []
    for offset, text in texts:
        low = text.lower()
        succession = _tells_succession(text)
        for rx, hints in zip(_PREDECESSOR, _PREDECESSOR_HINTS, strict=True):
            if rx is _PREDECESSOR[1] and not succession:
                continue  # a dated treaty is a predecessor only beside a word of succession
            if hints and not any(h in low for h in hints):
                continue
            if rx is _PREDECESSOR[0] and not _begins_a_word(fold_case(text), hints):
                continue  # "old" in "told" or "hold" is no word of age
            for m in rx.finditer(text):
                np = m.group("np").strip()
                year = m.groupdict().get("year") or m.groupdict().get("year2")
                if rx is _PREDECESSOR[1] and (not year or not succession):
                    continue
                if year and event_year is not None and int(year) >= event_year:
                    continue
                if year is None and rx is _PREDECESSOR[1]:
                    continue
                start = offset + m.start("np")
                span = Span("predecessors", start, start + len(np), np)
                if any(s.start < span.end and span.start < s.end for _, s in found):
                    continue
                found.append((bool(year) or bool(re.search(r"\d{4}", np)), span))
    if any(dated for dated, _ in found):
        found = [(d, s) for d, s in found if d]
    return [s for _, s in found]


_WHEN = (
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|January\b|February\b|March\b|April\b|"
    r"May\b|June\b|July\b|August\b|September\b|October\b|November\b|December\b"
)
_PROPER_TREATY = re.compile(
    r"\b(?:(?:[A-Z][\w’'.-]*|of|on|for|and|the|between|de|du|la|in)\s+){0,8}?"
    r"(?:Treaty|Pact|Agreement|Accord|Alliance|Convention|Protocol|Charter)"
    r"(?:\s+(?:of|on|for|between)(?:\s+(?:the|and|(?!" + _WHEN + r")[A-Z][\w’'-]*))+)?"
)
_FUNCTION = {"of", "on", "for", "and", "the", "between", "de", "du", "la", "in", "The"}
# _PROPER_TREATY needs one of these as written: a sentence without any is not searched.
_PROPER_NOUNS = (
    "Treaty", "Pact", "Agreement", "Accord", "Alliance", "Convention", "Protocol", "Charter",
)  # fmt: skip


def find_treaty_names(texts: Texts) -> list[Span]:
    """Treaty names written as proper names ("Treaty of Nancy", "North Atlantic Treaty")."""
    out = []
    for offset, text in texts:
        if not any(noun in text for noun in _PROPER_NOUNS):
            continue
        for m in _PROPER_TREATY.finditer(text):
            tokens = list(re.finditer(r"\S+", m.group()))
            while tokens and tokens[0].group() in _FUNCTION:
                tokens = tokens[1:]
            while tokens and tokens[-1].group() in _FUNCTION:
                tokens = tokens[:-1]
            content = [t.group() for t in tokens if t.group() not in _FUNCTION]
            if len(content) < 2:
                continue
            # Sentence-initial capitals prove nothing ("Treaty talks began").
            initial = m.start() == 0 or text[: m.start()].rstrip().endswith((".", "“", '"'))
            if initial and content[0] in ("Treaty", "Pact", "Agreement", "Accord", "Alliance"):
                continue
            start = offset + m.start() + tokens[0].start()
            end = offset + m.start() + tokens[-1].end()
            out.append(Span("treaty_name", start, end, text[start - offset : end - offset]))
    return out


def noun_phrase_rank(text: str) -> int:
    """How informative a treaty noun phrase is ("treaty" beats "deal" beats "document")."""
    words = re.findall(r"[\w-]+", text.lower())
    head = words[-1] if words else ""
    return NOUN_RANK.get(head, 0) * 10 + min(len(words), 5)


_QUOTE = re.compile(r"“([^“”]{1,600})”|\"([^\"]{1,600})\"")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|claimed|claims|added|adds|declared|declares|stated|states|"
    r"noted|notes|warned|warns|stressed|stresses|insisted|insists|wrote|writes|called|calls|"
    r"vowed|vows|described|describes|according to|announced|announces|tweeted|posted|argued|"
    r"asserted|remarked|replied|responded|explained|urged)\b",
    re.I,
)
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she)\s+(?:said|says|added|told|claimed|noted|declared|wrote|stressed|warned|"
    r"insisted)\b|\b(?:said|says|added)\s+(?:he|she)\b",
    re.I,
)
_TITLED_PERSON = re.compile(
    r"\b(?:President|Prime Minister|Premier|Foreign Minister|Defen[cs]e Minister|Secretary of "
    r"State|"
    r"Secretary[- ]General|Secretary|Chancellor|[Ss]pokes(?:man|woman|person)|Ambassador|Minister|"
    r"General|Gen\.|Admiral|Adm\.|Senator|Sen\.|Rep\.|Chief|Director|King|Prince|Sheikh|Deputy "
    r"[A-Z]\w+(?: [A-Z]\w+)?)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]+){1,3})"
)

# The words a match of _TITLED_PERSON begins with, as written; each alternative starts
# with a letter, so the engine scans for those letters in C.
_TITLE_START = re.compile(
    r"President|Prime|Premier|Foreign|Defen|Secretary|Chancellor|Spokes|spokes|Ambassador|"
    r"Minister|General|Gen\.|Admiral|Adm\.|Senator|Sen\.|Rep\.|Chief|Director|King|Prince|"
    r"Sheikh|Deputy"
)


def _titled_people(text: str) -> Iterator[re.Match[str]]:
    """``_TITLED_PERSON.finditer(text)``, the pattern tried only where a title begins: led by
    ``\b``, it would be tried at every character of the article."""
    pos = 0
    while (hit := _TITLE_START.search(text, pos)) is not None:
        m = _TITLED_PERSON.match(text, hit.start())  # ``\b`` still sees the character before
        if m is None:
            pos = hit.start() + 1
        else:
            yield m
            pos = m.end()


def find_quotes(text: str, sentences: Texts, mentions: Sequence[Mention]) -> list[Quote]:
    """Quoted words with their speaker: the person the sentence says said them.

    The speaker is the person named nearest the speech verb ("Mr. Putin … said");
    "he said" goes to the last person named before.
    """
    people = [m for m in mentions if m.kind == "person"]
    titled = [(m.start("name"), m.end("name"), m.group("name")) for m in _titled_people(text)]
    quotes: list[Quote] = []
    for offset, sent in sentences:
        for qm in _QUOTE.finditer(sent):
            body = (qm.group(1) or qm.group(2) or "").strip()
            body = body.rstrip(".,;: ")
            if not body:
                continue
            q_start, q_end = offset + qm.start(), offset + qm.end()
            speaker = _speaker(sent, offset, q_start, q_end, people, titled)
            if speaker is None:
                continue
            name, cow = speaker
            span = Span("quotes", q_start, q_end, text[q_start:q_end])
            quotes.append(Quote(name, body, cow, span))
    return quotes


def _speaker(
    sent: str,
    offset: int,
    q_start: int,
    q_end: int,
    people: Sequence[Mention],
    titled: Sequence[tuple[int, int, str]],
) -> tuple[str, int | None] | None:
    s_end = offset + len(sent)
    lo = bisect.bisect_left(people, offset, key=lambda m: m.start)
    hi = bisect.bisect_left(people, s_end, key=lambda m: m.start)
    outside = [m for m in people[lo:hi] if not (q_start <= m.start < q_end)]
    verbs = [
        offset + v.start()
        for v in _SPEECH.finditer(sent)
        if not (q_start <= offset + v.start() < q_end)
    ]
    pronoun = _PRONOUN_SPEAKER.search(sent)
    if outside:
        anchor = verbs[0] if verbs else q_start
        best = min(outside, key=lambda m: abs(m.start - anchor))
        return (best.person or best.text, best.cow)
    t_lo = bisect.bisect_left(titled, offset, key=lambda t: t[0])
    t_hi = bisect.bisect_left(titled, s_end, key=lambda t: t[0])
    others = [(s, e, n) for s, e, n in titled[t_lo:t_hi] if not (q_start <= s < q_end)]
    if others and verbs:
        _, _, n = min(others, key=lambda t: abs(t[0] - verbs[0]))
        return (n, None)
    if (pronoun or verbs) and lo > 0:  # the last person named before the sentence
        last = people[lo - 1]
        return (last.person or last.text, last.cow)
    return None
