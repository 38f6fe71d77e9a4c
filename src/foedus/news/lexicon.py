"""The words treaty news uses: event verbs, treaty nouns, and what rules an event out.

Everything here is data (compiled patterns and word sets); the rules that use
it live in :mod:`foedus.news.events`. Each trigger names the event kind, how
it finds the affected treaty (``needs``), and whether it is a bare verb that
only a headline uses for a past event ("Putin and Kim Sign Pact").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "TRIGGERS", "Trigger"]

KINDS = (
    "signed",
    "ratified",
    "entered_into_force",
    "acceded",
    "suspended",
    "withdrawn",
    "invoked",
    "expired",
)
# Kinds whose parties are the states doing it (Turkey ratifies; Finland joins),
# as against kinds whose parties are the treaty's (a pact is signed, takes effect).
ACTOR_KINDS = frozenset({"ratified", "acceded", "suspended", "withdrawn", "invoked"})

ORGS = (
    r"NATO|North Atlantic Treaty Organi[sz]ation|North Atlantic Alliance|CSTO|Collective Security "
    r"Treaty Organi[sz]ation|Warsaw Pact|SEATO|CENTO|Baghdad Pact|ANZUS|AUKUS|Rio Treaty|"
    r"Alliance of Sahel States|AES|ECOWAS|Economic Community of West African States|G5 Sahel|"
    r"Shanghai Cooperation Organi[sz]ation|SCO|Union State|Arab League|Quad"
)
# Bodies that are not military alliances: joining or leaving them is no treaty event here.
NON_ALLIANCE_ORGS = (
    r"EU|European Union|BRICS|WTO|World Trade Organi[sz]ation|UN|United Nations|G7|G20|ASEAN|"
    r"OPEC\+?|Commonwealth|Eurasian Economic Union|African Union|IMF|World Bank|WHO|"
    r"Council of Europe|OSCE|Belt and Road|International Criminal Court|ICC"
)
TREATY_NOUN = (
    r"treaty|treaties|pact|pacts|alliance|alliances|accord|accords|agreement|agreements|deal|deals|"
    r"pledge|pledges|protocol|protocols|convention|charter|document|documents"
)
STRONG_NOUNS = frozenset({"treaty", "treaties", "pact", "pacts", "alliance", "alliances"})
NOUN_RANK = {
    "treaty": 6, "treaties": 6, "pact": 5, "pacts": 5, "alliance": 5, "accord": 4, "accords": 4,
    "agreement": 4, "agreements": 4, "protocol": 3, "convention": 3, "charter": 3, "pledge": 2,
    "pledges": 2, "deal": 2, "deals": 2, "document": 1, "documents": 1,
}  # fmt: skip
NOT_TREATY = re.compile(
    r"\b(?:law|laws|bill|bills|decree|executive order|order|letter|letters|contract|contracts|"
    r"memorandum|memoranda|MoU|MOU|declaration|statement|communiqu[eé]|petition|ceasefire|cease-fire|"
    r"truce|armistice|prisoner swap|hostage deal|sanctions|tariffs?|ban|rules?|regulations?|budget)\b",
    re.I,
)
TRADE = re.compile(
    r"\b(?:trade|free[- ]trade|tariffs?|economic|economy|commerce|commercial|investment|investments|"
    r"energy|gas|oil|pipeline|grain|food|fishing|fisheries|tax|taxation|customs|visa|visas|aviation|"
    r"mining|minerals?|rare[- ]earths?|supply|loan|loans|climate|currency|swap|debt|export|exports|"
    r"import|imports|digital|semiconductors?|chips?|agricultur\w*|infrastructure|railway|port|"
    r"nuclear power|power plant|tourism|cultural|education|health|space|data|migration|migrants|"
    r"extradition|fish|shipping|arms sales?|weapons sales?|purchase)\b",
    re.I,
)
SECURITY_CONTEXT = re.compile(
    r"\b(?:defen[cs]e|military|security|alliance|allies|mutual assistance|aggression|armed attack|"
    r"attack|troops|forces|nuclear|war|NATO|CSTO|deterrence|Article \d+)\b",
    re.I,
)
SECURITY_MODIFIERS = re.compile(
    r"\b(?:defen[cs]e|military|security|strategic|alliance|mutual|assistance|partnership|"
    r"friendship|non-?aggression|neutrality|guarantees?|access|status of forces|cooperation)\b",
    re.I,
)

# Words before a trigger that make it not (yet) an event: future, wish, doubt, denial.
FUTURE = frozenset(
    ["will", "would", "'ll", "shall", "could", "can", "may", "might", "should", "must", "to", "plans", "plan", "planned", "planning", "expected", "expect", "expects", "set", "poised", "ready", "aims", "aim", "aimed", "hopes", "hope", "hoped", "intends", "intend", "intended", "seeks", "seek", "sought", "wants", "want", "wanted", "wish", "wishes", "going", "considering", "consider", "considers", "mulls", "mulling", "weighs", "weighing", "proposed", "propose", "proposes", "discuss", "discussed", "discussing", "negotiate", "negotiating", "negotiated", "prepare", "preparing", "prepares", "prepared", "threatens", "threatened", "threaten", "threatening", "if", "unless", "whether", "once", "until", "due", "likely", "able", "'d", "soon"]
)
NEGATION = frozenset(
    ["not", "n't", "never", "no", "neither", "nor", "without", "yet", "refused", "refuses", "refusing", "declined", "declines", "declining", "failed", "fails", "failing", "short", "instead", "rather", "hardly", "none", "cannot", "won't", "didn't", "don't", "doesn't", "hasn't", "haven't", "isn't", "wasn't", "weren't"]
)
PAST_PERFECT = frozenset({"had", "'d"})

# Clause boundaries: the subject of a verb lies between the last of these and the verb.
BOUNDARY = re.compile(
    r"[;:—–(\[“\"]|\b(?:after|before|when|while|because|although|though|but|since|once|until|"
    r"where|whereas|whether|if|said|says|say|announced|added|told|stated|declared|noted|that|"
    r"which|who)\b|(?<!as well )(?<!such )\bas\b(?! well as| part of| a result)",
    re.I,
)
# A parenthetical inside a subject ("Finland, which borders Russia, joined"): skipped.
PARENTHETICAL = re.compile(
    r",\s*(?:who|which|whose|where|when|while|despite|having|speaking|flanked|accompanied|"
    r"along with|together with|like|unlike)\b[^,]*,",
    re.I,
)
GROUP_ANAPHOR = re.compile(
    r"\b(?:(?:the|both|all)\s+(?:(?P<n>two|three|four|five|2|3|4|5)\s+)?"
    r"(?:leaders|countries|nations|sides|states|governments|neighbou?rs|allies|partners|presidents|"
    r"capitals|parties|signatories|men|heads of state)|both|they|the pair)\b",
    re.I,
)
GROUP_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
# Prepositions after which a state is a place or a target, not a party.
EXCLUDING_PREP = re.compile(
    r"\b(?:in|at|to|into|near|outside|across|toward|towards|against|over|on|about|via|than|unlike|"
    r"like|visiting|around|throughout|within|beyond|amid|despite|through|under|toward|for|"
    r"deter|counter|countering|challenging|confront|confronting|threat from|threats from)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+)?$",
    re.I,
)
RECALL_WORDS = re.compile(
    r"\b(?:anniversary|years ago|decades ago|back in|originally|first signed|in the past)\b", re.I
)


@dataclass(frozen=True)
class Trigger:
    """A pattern announcing an event of ``kind``.

    ``needs`` says what must be near: "object" (a treaty after the verb),
    "subject" (a treaty before it: "the pact took effect"), "org_or_object"
    (an alliance or treaty after it), "article" (an article or clause invoked),
    or "none" (the pattern says it all). ``compound`` patterns carry their own
    modal words ("voted to ratify", "was not renewed") and skip the future and
    negation check. ``headline_only``: a bare verb, past only in a headline.
    """

    kind: str
    pattern: re.Pattern[str]
    needs: str
    compound: bool = False
    headline_only: bool = False


def _t(
    kind: str, rx: str, needs: str, *, compound: bool = False, headline: bool = False
) -> Trigger:
    return Trigger(kind, re.compile(rx, re.I), needs, compound, headline)


_TREATY_OBJ = rf"(?:(?i:{TREATY_NOUN})|{ORGS})"
TRIGGERS: tuple[Trigger, ...] = (
    # Compounds first: their spans hide the plain verbs inside them.
    _t("ratified", r"\b(?:signed|signs|approved|approves|passed|passes|adopted|adopts|endorsed|"
       r"endorses)\s+(?:\w+\s+){0,2}(?:law|bill|decree|legislation|resolution|instruments?)\s+"
       r"(?:\w+\s+){0,2}ratif\w+", "none", compound=True),
    _t("ratified", r"\bvoted\s+(?:\w+\s+){0,3}(?:to ratify|for (?:the )?ratification|in favou?r of "
       r"(?:ratifying|ratification))", "none", compound=True),
    _t("ratified", r"\b(?:completed|completes|concluded|finali[sz]ed)\s+(?:\w+\s+){0,3}ratification",
       "none", compound=True),
    _t("ratified", r"\bexchanged?\s+(?:the\s+)?instruments of ratification", "none", compound=True),
    _t("ratified", r"\b(?:approved|approves|endorsed|endorses|backed|backs|passed|passes)\s+(?:the\s+|a\s+)?"
       r"(?:\w+[- ]){0,5}(?:treaty|pact|accord|agreement|accession|protocol)\b", "legislature",
       compound=True),
    _t("expired", r"\b(?:was|were|has not been|had not been)\s+not\s+(?:renewed|extended)\b|"
       r"\b(?:was|were)\s+allowed\s+to\s+(?:lapse|expire)\b|\ballowed\s+(?:\w+\s+){1,5}to\s+"
       r"(?:lapse|expire)\b", "subject", compound=True),
    _t("acceded", r"\bwelcomed\s+(?P<actor>(?:\S+\s+){1,4}?)as\s+(?:its|the)\s+(?:\w+\s+)?"
       r"(?:member|ally)\b", "none", compound=True),
    _t("acceded", r"\b(?:completed|completes|finali[sz]ed|formali[sz]ed|sealed)\s+(?:its|their|the)\s+"
       r"(?:\w+\s+){0,2}(?:accession|membership|entry)\b", "org_or_object_or_context", compound=True),
    _t("acceded", r"\b(?:became|becomes)\b", "member"),
    _t("withdrawn", r"\b(?:announced|announces|notified|completed|completes|formali[sz]ed|confirmed|"
       r"confirms|finali[sz]ed)\s+(?:its|their|the)\s+(?:\w+\s+){0,2}(?:withdrawal|exit|departure)\b",
       "org_or_object_or_context", compound=True),
    _t("withdrawn", r"\b(?:withdrawal|exit)\b(?:\s+\S+){0,8}?\s+(?:took|takes|has taken)\s+effect\b",
       "org_or_object_or_context", compound=True),
    _t("invoked", r"\b(?:requested|requests|called for|calls for|sought)\s+(?:\w+\s+){0,3}"
       r"consultations\s+under\s+Article\s+\w+", "none", compound=True),
    _t("invoked", r"\b(?:fell|falls|fall)\s+under\s+Article\s+\w+", "none", compound=True),
    _t("entered_into_force", r"\b(?:marked|marks|announced|announces|celebrated|welcomed|confirmed)\s+"
       r"(?:the\s+)?entry\s+into\s+force\b", "context", compound=True),
    # Plain verbs.
    _t("signed", r"\b(?:signed|signs|inked|inks|sealed|seals|concluded|concludes|clinched|clinches|"
       r"forged|forges)\b", "object"),
    _t("signed", r"\b(?:sign|ink|seal|forge)\b", "object", headline=True),
    _t("ratified", r"\b(?:ratified|ratifies)\b", "ratify_object"),
    _t("ratified", r"\bratify\b", "ratify_object", headline=True),
    _t("entered_into_force", r"\b(?:entered|enters|came|comes|went|goes)\s+into\s+(?:force|effect)\b|"
       r"\b(?:took|takes)\s+effect\b|\bbecame\s+(?:legally\s+)?(?:effective|binding|operative)\b",
       "subject"),
    _t("entered_into_force", r"\b(?:enter|come|go)\s+into\s+(?:force|effect)\b|\btake\s+effect\b",
       "subject", headline=True),
    _t("acceded", r"\b(?:joined|joins|acceded|accedes)\b", "org_or_object"),
    _t("acceded", r"\bjoin\b", "org_or_object", headline=True),
    _t("suspended", r"\b(?:suspended|suspends|froze|freezes|halted|halts|paused|pauses)\b",
       "suspend_object"),
    _t("suspended", r"\b(?:suspend|freeze|halt)\b", "suspend_object", headline=True),
    _t("withdrawn", r"\b(?:withdrew|withdraws|withdrawn|pulled out|pulls out|quit|quits|exited|exits|"
       r"left|leaves)\b", "from_object"),
    _t("withdrawn", r"\b(?:withdraw|pull out|exit|leave)\b", "from_object", headline=True),
    _t("withdrawn", r"\b(?:terminated|terminates|scrapped|scraps|abrogated|abrogates|renounced|"
       r"renounces|annulled|annuls|revoked|revokes|tore up|tears up|ripped up|ended|ends|cancell?ed|"
       r"cancels|nullified|nullifies|dissolved|dissolves)\b", "object"),
    _t("withdrawn", r"\b(?:terminate|scrap|abrogate|renounce|annul|revoke|tear up|end|cancel)\b",
       "object", headline=True),
    _t("invoked", r"\b(?:invoked|invokes|invoking|triggered|triggers|activated|activates|cited|"
       r"citing)\b", "article"),
    _t("invoked", r"\b(?:invoke|trigger|activate)\b", "article", headline=True),
    _t("expired", r"\b(?:expired|expires|lapsed|lapses|ran out|runs out)\b", "subject"),
    _t("expired", r"\b(?:expire|lapse)\b", "subject", headline=True),
)  # fmt: skip

TREATY_NOUN_RE = re.compile(rf"\b(?:{TREATY_NOUN})\b", re.I)
ORG_RE = re.compile(rf"\b(?:{ORGS})\b")
NON_ALLIANCE_RE = re.compile(rf"\b(?:{NON_ALLIANCE_ORGS})\b")
TREATY_OBJ_RE = re.compile(rf"\b{_TREATY_OBJ}\b")
ARTICLE_RE = re.compile(
    r"\bArticle\s+(?:\d+|[IVX]+|Four|Five|Two|Three|One)\b|\b(?:mutual|collective)[- ]"
    r"(?:defen[cs]e|assistance)\s+(?:clause|provision|article|obligations?|commitments?)\b|"
    r"\b(?:the\s+)?(?:treaty|alliance|pact)['’]s?\s+(?:\w+\s+)?(?:clause|provision)\b|\bclause\b",
    re.I,
)
LEGISLATURE = re.compile(
    r"\b(?:parliament|parliaments|lawmakers|legislators|legislature|deputies|MPs|senators|senate|"
    r"congress|duma|majlis|assembly|bundestag|sejm|riksdag|eduskunta|rada|knesset|diet|storting|"
    r"folketing|lok sabha|house|chamber|council|cabinet|government)\b",
    re.I,
)
MEMBER_RE = re.compile(
    rf"\b(?:member|members|ally|allies)\s+(?:state\s+)?(?:of|in)\s+(?:the\s+)?(?:{ORGS}|alliance|bloc|"
    rf"pact|treaty)\b|\b(?:{ORGS})['’]s\s+(?:\w+\s+)?(?:member|ally)\b",
)
SUSPEND_OBJ = re.compile(
    rf"\b(?:(?i:participation|membership|obligations|commitments|{TREATY_NOUN})|{ORGS})\b"
)
