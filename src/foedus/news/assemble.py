"""From event mentions to events: merge by kind, then date, place, treaty, pledges, quotes.

Internal to :mod:`foedus.news`; :func:`foedus.news.events.extract_events` calls it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from foedus.model import ObligationType, PartialDate
from foedus.news import lexicon as lx
from foedus.news.context import (
    DETERMINERS,
    RECENT_DAYS,
    Candidate,
    Doc,
    antecedent_start,
    clause_end,
    region,
)
from foedus.news.details import (
    find_conditions,
    find_obligations,
    find_predecessors,
    find_quotes,
    find_treaty_names,
    noun_phrase_rank,
)
from foedus.news.records import Event, Party, SetAside, Span
from foedus.news.rules import ACTOR_KINDS, Kind
from foedus.news.sentences import Sentence, salad_marks

__all__ = ["assemble", "drop_background"]


def assemble(doc: Doc, candidates: list[Candidate], source: str | None) -> list[Event]:
    if not candidates:
        return []
    by_kind: dict[str, list[Candidate]] = defaultdict(list)
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
    groups = [g for kind in lx.KINDS for g in _split(doc, by_kind.get(kind, []))]
    for group in groups:
        kind = group[0].kind
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
        actor = party_objs[0] if kind in ACTOR_KINDS and len(party_objs) == 1 else None
        strong = any(c.strong_noun for c in group)
        confidence = {"explicit": "high", "anaphor": "medium", "fallback": "low"}[
            chosen[0].party_source
        ]
        if confidence == "high" and not strong:
            confidence = "medium"
        if confidence == "high" and (
            doc.salad_marks >= 2 or any(salad_marks(c.sentence.text) for c in group)
        ):
            # Jumbled pairs of words ("the of", "treaty The") in its sentence, or more
            # than a real article has: not sure enough to be high.
            confidence = "medium"
        notes = []
        if chosen[0].party_source == "fallback":
            notes.append("parties guessed from the states the article names most")
        if date is not None and date_span is None:
            notes.append("dated by the publication date: the article tells the act as done")
        events.append(
            Event(
                kind=str(kind),  # a plain string in the JSON contract
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
                rules=tuple(dict.fromkeys(c.rule for c in group)),
                actor=actor,
                organisation=_organisation(kind, group),
            )
        )
    return events


def _organisation(kind: str, group: list[Candidate]) -> str | None:
    """The body joined, left or suspended: the first one the mentions name."""
    if kind not in _MEMBERSHIP_KINDS:
        return None
    for c in group:
        for phrase in (c.org, c.noun_phrase):
            name = lx.organisation_named(phrase.text) if phrase is not None else None
            if name is not None:
                return name
    return None


_MEMBERSHIP_KINDS = frozenset({Kind.ACCEDED, Kind.WITHDRAWN, Kind.SUSPENDED})


def _split(doc: Doc, group: list[Candidate]) -> list[list[Candidate]]:
    """The events of one kind: mentions naming other states on another day, or other states
    in another city, are another event ("Britain and Ukraine signed … on Thursday"; "Russia
    and Iran signed … on Friday"; "In Berlin, Zelensky and Scholz signed …; in Paris,
    Zelensky and Macron signed …")."""
    clusters: list[list[Candidate]] = []
    for c in sorted(group, key=lambda c: c.trigger.start):
        home = clusters[0] if clusters else None
        if c.party_source == "explicit" and len(c.parties) >= 1:
            home = next((cl for cl in clusters if _same_event(doc, cl, c)), None)
        if home is None:
            clusters.append([c])
        else:
            home.append(c)
    return clusters


def _same_event(doc: Doc, cluster: list[Candidate], c: Candidate) -> bool:
    cows = {cow for x in cluster if x.party_source == "explicit" for cow in x.parties}
    mine = set(c.parties)
    if not cows or cows <= mine or mine <= cows:
        return True
    days = {x.date.value for x in cluster if x.date is not None and x.date.value is not None}
    day = c.date.value if c.date is not None else None
    if day is not None and days and day not in days and not cows & mine:
        return False
    places = {p for x in cluster if (p := _clause_city(doc, x)) is not None}
    here = _clause_city(doc, c)
    return here is None or not places or here in places


def _clause_city(doc: Doc, c: Candidate) -> str | None:
    """The city named "in …"/"at …" in the verb's own clause, if any."""
    lo, _, _ = region(doc, c.sentence, c.trigger.start)
    hi = clause_end(doc.text, c.trigger.end, c.sentence.end, words=True)
    for i in doc.mention_indices(lo, hi):
        m = doc.mentions[i]
        if m.kind in ("capital", "place") and _IN_PLACE.search(
            doc.text[max(lo, m.start - 24) : m.start]
        ):
            return m.name if m.kind == "capital" else m.text
    return None


def _place_name(doc: Doc, place: Span | None) -> str | None:
    if place is None:
        return None
    if doc.dateline is not None and place.start == doc.dateline.start:
        return doc.dateline.place  # "CANBERRA" as written, "Canberra" as named
    for i in doc.mention_indices(place.start, place.start + 1):
        m = doc.mentions[i]
        if m.kind == "metonym":
            return doc.gaz.capital_of(m.cow) or place.text  # "in the Kremlin": Moscow
    return place.text


def drop_background(
    doc: Doc, events: list[Event], candidates: list[Candidate]
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
        if all(c.date is None and not (c.sentence.is_title or c.sentence.is_lead) for c in mine):
            # "The US withdrew from the INF treaty" deep in a story about Finland joining
            # NATO: told without a date, after the news, it is the story's background.
            aside.append(
                SetAside(e.kind, "background (undated, after the main event)", mine[0].trigger)
            )
            continue
        if all(_vague(c) for c in mine):
            # "… also signed the documents" after "X, Y and Z joined NATO": a step of the
            # main event, told in passing.
            aside.append(SetAside(e.kind, "a detail of the article's main event", mine[0].trigger))
            continue
        kept.append(e)
    return kept, aside


def _vague(c: Candidate) -> bool:
    """A mention whose object only points back ("the documents", "the deal")."""
    if c.strong_noun or c.sentence.is_title or c.sentence.is_lead:
        return False
    if c.noun_phrase is None:
        return True
    words = [w for w in re.findall(r"[\w’'-]+", c.noun_phrase.text.lower()) if w not in DETERMINERS]
    return len(words) <= 1 and lx.NOUN_RANK.get(words[0] if words else "", 0) <= 2


def _event_date(
    doc: Doc, group: list[Candidate], everything: list[Candidate]
) -> tuple[PartialDate | None, Span | None]:
    for c in sorted(group, key=lambda c: (c.sentence.is_title, c.trigger.start)):
        if c.date is not None:
            if c.date.value is None:
                return None, None
            return c.date.value, Span("date", c.date.start, c.date.end, c.date.text)
    found = _lead_date(doc, group, everything)
    if found != (None, None):
        return found
    return _published_day(doc, group), None


def _published_day(doc: Doc, group: list[Candidate]) -> PartialDate | None:
    """The publication day, for an act the headline or lead tells as done without a date
    and not as reported speech: a government's statement ("North Korea declares …"), a
    release ("Vladimir Putin signed the Executive Order …"). "X has suspended …, the
    secretariat said" dates the report, not the act: no date."""
    if doc.published is None:
        return None
    told = [c for c in group if (c.sentence.is_title or c.sentence.is_lead) and not c.subordinate]
    if not told or any(_REPORTING.search(c.sentence.text) for c in told):
        return None
    return PartialDate(doc.published.year, doc.published.month, doc.published.day)


_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|according to|announced|announces|"
    r"confirmed|confirms|quoted|cited)\b",
    re.I,
)


def _lead_date(
    doc: Doc, group: list[Candidate], everything: list[Candidate]
) -> tuple[PartialDate | None, Span | None]:
    # News puts the "when" in its first paragraph: use it unless the paragraph reports another
    # kind ("… has ratified the treaty. The decision was made … on Tuesday.").
    leads = [s for s in doc.sentences if s.is_lead]
    if not leads or any(c.sentence in leads and c.kind != group[0].kind for c in everything):
        return None, None
    lead = Sentence(leads[0].start, leads[-1].end, "", leads[0].block, is_lead=True)
    for d in doc.dates:
        if _REPORTED.search(doc.text[max(lead.start, d.start - 30) : d.start]) and any(
            c.sentence in leads and c.trigger.start < d.start for c in group
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
_IN_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?:(?:north|south|east|west|central|downtown|northern|southern|"
    r"eastern|western)\s+)?$|\b(?:city|town|port|capital|village|resort)\s+of\s+$"
    r"|\b(?:visit|trip|journey)\s+to\s+$"
    # "at the Tower of London", "at Parliament House in Canberra"
    # "in the East Room of the White House"
    r"|\b(?:in|at)\s+(?:the\s+)?(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s+(?:of|in)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_GENERIC_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+(?:[a-z-]+\s+){0,2}(?:city|town|port|village|resort)\s+of\s+)?"
    r"(?P<place>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})"
)
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


def _place(doc: Doc, group: list[Candidate]) -> Span | None:
    """Where it happened: a city in the verb's clause, the dateline, a place named after
    "in"/"at" near the verb, a city elsewhere in the sentence or the lead, else a country."""
    ordered = sorted(group, key=lambda c: (c.sentence.is_title, c.trigger.start))
    sents = list(dict.fromkeys(c.sentence for c in ordered))
    lead = next((s for s in doc.sentences if s.is_lead), None)

    holes = [h for c in ordered for h in region(doc, c.sentence, c.trigger.start)[2]]

    def located(lo_hi: list[tuple[int, int]], kinds: tuple[str, ...]) -> Span | None:
        for lo, hi in lo_hi:
            for i in doc.mention_indices(lo, hi):
                m = doc.mentions[i]
                if any(a <= m.start < b for a, b in holes):
                    continue  # "…, which were invited at a summit in Bucharest, …"
                if m.kind in kinds and _IN_PLACE.search(doc.text[max(lo, m.start - 24) : m.start]):
                    return Span("place", m.start, m.end, m.text)
        return None

    clauses = []
    for c in ordered:
        lo, _, _ = region(doc, c.sentence, c.trigger.start)
        lo = antecedent_start(doc, c.sentence, lo)
        clauses.append((lo, clause_end(doc.text, c.trigger.end, c.sentence.end, words=True)))
    cities = ("capital", "place", "metonym")
    found = located(clauses, cities)
    if found:
        return found
    if doc.dateline is not None and doc.dateline.place:
        d = doc.dateline
        return Span("place", d.start, d.end, doc.text[d.start : d.end])
    for c in ordered:
        window = doc.text[c.trigger.end : clause_end(doc.text, c.trigger.end, c.sentence.end)]
        for g in _GENERIC_PLACE.finditer(window):
            start = c.trigger.end + g.start("place")
            if g.group("place").split()[0] in _NOT_PLACES:
                continue
            near = doc.mention_indices(start - 200, start + 1)
            if any(
                doc.mentions[i].start <= start < doc.mentions[i].end
                and doc.mentions[i].kind not in cities
                for i in near
            ):
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
    kind = ordered[0].kind
    described = [
        (span.start, clause_end(doc.text, span.end, sent.end, words=True))
        for k, sent, span in doc.descriptions
        if k == kind
    ]
    found = located(described, cities)
    if found:
        return found
    return located([(s.start, s.end) for s in sents], ("name",))


def _treaty_name(
    doc: Doc,
    group: list[Candidate],
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
