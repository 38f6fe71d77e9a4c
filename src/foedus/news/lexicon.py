"""The words treaty news uses: event verbs, treaty nouns, and what rules an event out.

Everything here is data (compiled patterns and word sets); the trigger rules
are in :mod:`foedus.news.rules`, and the code that applies them in
:mod:`foedus.news.events`.
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "ORGANISATIONS", "ORGS", "TREATY_NOUN", "fold_case", "organisation_named"]

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

# The letters a case-blind regex takes for "i" and "s" that lower-casing leaves apart.
_RE_CASE = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def fold_case(text: str) -> str:
    """``text`` lower-cased as ``re.IGNORECASE`` compares letters: a word a case-blind
    pattern needs is then in it whenever the pattern can match, so a cheap ``in`` test can
    spare the regex.

    >>> fold_case("AGGRESSİON"), "aggression" in "AGGRESSİON".lower()
    ('aggression', False)
    """
    if text.isascii():
        return text.lower()  # no letter to map, and translate() with a dict is slow
    return text.translate(_RE_CASE).lower()


# Alliances and security bodies as news names them: canonical name -> (forms, a body one
# joins or leaves). A treaty known by name without an organisation of members (the Rio
# Treaty, ANZUS) is no body: an event on it names no ``organisation``.
ORGANISATIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "NATO": (("NATO", "Nato", "North Atlantic Treaty Organization",
              "North Atlantic Treaty Organisation", "North Atlantic Alliance"), True),
    "CSTO": (("CSTO", "Collective Security Treaty Organization",
              "Collective Security Treaty Organisation"), True),
    "Warsaw Pact": (("Warsaw Pact",), True),
    "SEATO": (("SEATO",), True),
    "CENTO": (("CENTO", "Baghdad Pact"), True),
    "ANZUS": (("ANZUS",), False),
    "AUKUS": (("AUKUS",), False),
    "Rio Treaty": (("Rio Treaty",), False),
    "AES": (("Alliance of Sahel States", "AES"), True),
    "ECOWAS": (("ECOWAS", "Economic Community of West African States"), True),
    "G5 Sahel": (("G5 Sahel",), True),
    "SCO": (("Shanghai Cooperation Organization", "Shanghai Cooperation Organisation", "SCO"),
            True),
    "Union State": (("Union State",), True),
    "Arab League": (("Arab League",), True),
    "Quad": (("Quad",), True),
}  # fmt: skip
_ORG_OF = {form: name for name, (forms, _) in ORGANISATIONS.items() for form in forms}
ORGS = "|".join(sorted(map(re.escape, _ORG_OF), key=len, reverse=True))


def organisation_named(text: str) -> str | None:
    """The body (NATO, CSTO, ECOWAS…) a phrase names, if it is one states join or leave.

    >>> organisation_named("the North Atlantic Alliance"), organisation_named("the Rio Treaty")
    ('NATO', None)
    """
    m = ORG_RE.search(text)
    if m is None:
        return None
    name = _ORG_OF[m.group()]
    return name if ORGANISATIONS[name][1] else None


# Bodies that are not military alliances: joining or leaving them is no treaty event here.
NON_ALLIANCE_ORGS = (
    r"EU|European Union|BRICS|WTO|World Trade Organi[sz]ation|UN|United Nations|G7|G20|ASEAN|"
    r"OPEC\+?|Commonwealth|Eurasian Economic Union|African Union|IMF|World Bank|WHO|"
    r"Council of Europe|OSCE|Belt and Road|International Criminal Court|ICC"
)
TREATY_NOUN = (
    r"treaty|treaties|pact|pacts|alliance|alliances|accord|accords|agreement|agreements|deal|deals|"
    r"pledge|pledges|protocol|protocols|convention|charter|document|documents|partnership|"
    # A declaration is no treaty unless it declares an alliance ("the Shusha Declaration
    # on allied relations").
    r"declaration(?=\s+(?:on|of)\s+(?:allied|alliance|mutual))"
)
ALLIANCE_DECLARATION = re.compile(r"\bdeclaration\s+(?:on|of)\s+(?:allied|alliance|mutual)", re.I)
STRONG_NOUNS = frozenset({"treaty", "treaties", "pact", "pacts", "alliance", "alliances"})
NOUN_RANK = {
    "treaty": 6, "treaties": 6, "pact": 5, "pacts": 5, "alliance": 5, "accord": 4, "accords": 4,
    "agreement": 4, "agreements": 4, "protocol": 3, "convention": 3, "charter": 3, "pledge": 2,
    "pledges": 2, "deal": 2, "deals": 2, "partnership": 2, "declaration": 2, "document": 1,
    "documents": 1,
}  # fmt: skip
NOT_TREATY = re.compile(
    r"\b(?:law|laws|bill|bills|decree|executive order|order|letter|letters|contract|contracts|"
    r"memorandum|memoranda|memorandums|MoUs?|MOUs?|declaration|statement|communiqu[eé]|petition|ceasefire|"
    r"cease-fire|"
    r"truce|armistice|prisoner swap|hostage deal|sanctions|tariffs?|ban|rules?|regulations?|"
    r"budget)\b",
    re.I,
)
TRADE = re.compile(
    r"\b(?:trade|free[- ]trade|tariffs?|economic|economy|commerce|commercial|investment|"
    r"investments|"
    r"energy|gas|oil|pipeline|grain|food|fishing|fisheries|tax|taxation|customs|visa|visas|"
    r"aviation|"
    r"mining|minerals?|rare[- ]earths?|supply|loan|loans|climate|currency|swap|debt|export|exports|"
    r"import|imports|digital|semiconductors?|chips?|agricultur\w*|infrastructure|railway|port|"
    r"nuclear power|power plant|tourism|cultural|education|health|space|data|migration|migrants|"
    r"extradition|fish|shipping|arms sales?|weapons sales?|purchase)\b",
    re.I,
)
SECURITY_CONTEXT = re.compile(
    r"\b(?:defen[cs]e|military|security|alliance|allies|mutual assistance|aggression|armed attack|"
    r"attack|troops|forces|nuclear|war|NATO|CSTO|deterrence|Article \d+|fleet|naval|navy|"
    r"anti-personnel|landmines?|weapons|arms control)\b",
    re.I,
)
# Words that make an agreement a security one even when it also covers trade.
HARD_SECURITY = re.compile(
    r"\b(?:defen[cs]e|military|security|alliance|mutual|assistance|non-?aggression|neutrality|"
    r"guarantees?|access|status of forces|troops?|forces)\b",
    re.I,
)
SECURITY_MODIFIERS = re.compile(
    r"\b(?:defen[cs]e|military|security|strategic|alliance|mutual|assistance|partnership|"
    r"friendship|non-?aggression|neutrality|guarantees?|access|status of forces|cooperation)\b",
    re.I,
)

# Words before a trigger that make it not (yet) an event: future, wish, doubt, denial.
FUTURE = frozenset(
    [
        "will",
        "would",
        "'ll",
        "shall",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "to",
        "plans",
        "plan",
        "planned",
        "planning",
        "expected",
        "expect",
        "expects",
        "set",
        "poised",
        "ready",
        "aims",
        "aim",
        "aimed",
        "hopes",
        "hope",
        "hoped",
        "intends",
        "intend",
        "intended",
        "seeks",
        "seek",
        "sought",
        "wants",
        "want",
        "wanted",
        "wish",
        "wishes",
        "going",
        "considering",
        "consider",
        "considers",
        "mulls",
        "mulling",
        "weighs",
        "weighing",
        "proposed",
        "propose",
        "proposes",
        "discuss",
        "discussed",
        "discussing",
        "negotiate",
        "negotiating",
        "negotiated",
        "prepare",
        "preparing",
        "prepares",
        "prepared",
        "threatens",
        "threatened",
        "threaten",
        "threatening",
        "if",
        "unless",
        "whether",
        "once",
        "until",
        "due",
        "likely",
        "able",
        "'d",
        "soon",
    ]
)
NEGATION = frozenset(
    [
        "not",
        "n't",
        "never",
        "no",
        "neither",
        "nor",
        "without",
        "yet",
        "refused",
        "refuses",
        "refusing",
        "declined",
        "declines",
        "declining",
        "failed",
        "fails",
        "failing",
        "short",
        "instead",
        "rather",
        "hardly",
        "none",
        "cannot",
        "won't",
        "didn't",
        "don't",
        "doesn't",
        "hasn't",
        "haven't",
        "isn't",
        "wasn't",
        "weren't",
    ]
)
PAST_PERFECT = frozenset({"had", "'d"})
# "before it takes effect", "once it enters into force": a present verb after these is to come.
SUBORDINATE_FUTURE = frozenset(["before", "when", "once", "until", "after", "as", "soon"])
AUXILIARY = frozenset(["is", "are", "was", "were", "been", "be", "am", "'s"])

# Clause boundaries: the subject of a verb lies between the last of these and the verb.
BOUNDARY = re.compile(
    r"[;:—(\[“\"]|\s–\s|\b(?:after|before|when|while|because|although|though|but|since|once|until|"
    r"where|whereas|whether|if|said|says|say|announced|added|told|stated|declared|noted|that|"
    r"which|who)\b|(?<!as well )(?<!such )\bas\b(?! well as| part of| a result)",
    re.I,
)
# A parenthetical inside a subject ("Finland, which borders Russia, joined"): skipped.
PARENTHETICAL = re.compile(
    r",\s*(?:who|which|whose|where|when|while|despite|having|speaking|flanked|accompanied|"
    r"along with|together with|like|unlike|once|formerly|long|then|both|all|each)\b[^,]*,",
    re.I,
)
_GROUP_NOUNS = (
    r"leaders|countries|nations|sides|states|governments|neighbou?rs|allies|partners|presidents|"
    r"capitals|parties|signatories|men|heads of state|members|juntas|ministers|prime ministers"
)
GROUP_ANAPHOR = re.compile(
    rf"\b(?:(?:the|both|all)\s+(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
    rf"(?:\w+\s+){{0,2}}?(?:{_GROUP_NOUNS})|(?P<n2>two|three|four|five|six|seven|eight|nine|ten|"
    rf"\d+)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:{_GROUP_NOUNS})|both|they|the pair)\b",
    re.I,
)
GROUP_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}  # fmt: skip
# Prepositions after which a state is a place or a target, not a party.
EXCLUDING_WORDS = (
    "in", "at", "to", "into", "near", "outside", "across", "toward", "towards", "against", "over",
    "on", "about", "via", "than", "unlike", "like", "visiting", "around", "throughout", "within",
    "beyond", "amid", "despite", "through", "under", "toward", "for", "deter", "counter",
    "countering", "challenging", "confront", "confronting", "threat from", "threats from",
)  # fmt: skip
EXCLUDING_PREP = re.compile(
    rf"\b(?:{'|'.join(EXCLUDING_WORDS)})\s+(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+)?$", re.I
)
# "officials recalled that Japan and China signed …": history told as history.
RECALLED_THAT = re.compile(
    r"\b(?:recall(?:ed|s|ing)?|remember(?:ed|s|ing)?|reminded\s+\w+)\b[^.;]{0,60}?\bthat\s*$",
    re.I,
)
RECALL_WORDS = re.compile(
    r"\b(?:anniversary|years ago|decades ago|back in|originally|first signed|in the past|"
    r"in recent years|over the (?:past|last) (?:few |two |three |several )?(?:years|decades)|"
    r"for decades|at various points)\b",
    re.I,
)


TREATY_NOUN_RE = re.compile(rf"\b(?:{TREATY_NOUN})\b", re.I)
ORG_RE = re.compile(rf"\b(?:{ORGS})\b")
NON_ALLIANCE_RE = re.compile(rf"\b(?:{NON_ALLIANCE_ORGS})\b")
_TREATY_OBJ = rf"(?:(?i:{TREATY_NOUN})|{ORGS})"
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
    rf"\b(?:member|members|ally|allies)\s+(?:state\s+)?(?:of|in)\s+(?:the\s+)?(?:{ORGS}|alliance|"
    rf"bloc|"
    rf"pact|treaty)\b|\b(?:{ORGS})['’]s\s+(?:\w+\s+)?(?:member|ally)\b",
)
SUSPEND_OBJ = re.compile(
    rf"\b(?:(?i:participation|membership|obligations|commitments|{TREATY_NOUN})|{ORGS})\b"
)
