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
    r"NATO|Nato|North Atlantic Treaty Organi[sz]ation|North Atlantic Alliance|CSTO|"
    r"Collective Security Treaty Organi[sz]ation|Warsaw Pact|SEATO|CENTO|Baghdad Pact|ANZUS|"
    r"AUKUS|Rio Treaty|"
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
    r"attack|troops|forces|nuclear|war|NATO|CSTO|deterrence|Article \d+)\b",
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
EXCLUDING_PREP = re.compile(
    r"\b(?:in|at|to|into|near|outside|across|toward|towards|against|over|on|about|via|than|unlike|"
    r"like|visiting|around|throughout|within|beyond|amid|despite|through|under|toward|for|"
    r"deter|counter|countering|challenging|confront|confronting|threat from|threats from)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+)?$",
    re.I,
)
RECALL_WORDS = re.compile(
    r"\b(?:anniversary|years ago|decades ago|back in|originally|first signed|in the past|"
    r"in recent years|over the (?:past|last) (?:few |two |three |several )?(?:years|decades)|"
    r"for decades|at various points)\b",
    re.I,
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
    anchors: frozenset[str] = frozenset()  # words every match contains: a sentence without
    # any of them is not searched (regexes are slow; a set lookup is not)


def _t(
    kind: str, anchors: str, rx: str, needs: str, *, compound: bool = False, headline: bool = False
) -> Trigger:
    return Trigger(
        kind, re.compile(rx, re.I), needs, compound, headline, frozenset(anchors.split())
    )


_TREATY_OBJ = rf"(?:(?i:{TREATY_NOUN})|{ORGS})"
TRIGGERS: tuple[Trigger, ...] = (
    # Compounds first: their spans hide the plain verbs inside them.
    _t(
        "ratified",
        "adopted adopts approved approves endorsed endorses passed passes signed signs",
        r"\b(?:signed|signs|approved|approves|passed|passes|adopted|adopts|endorsed|"
        r"endorses)\s+(?:\w+\s+){0,2}(?:law|bill|decree|legislation|resolution|"
        r"instruments?)\s+(?:[\w’'-]+\s+){0,10}?ratif\w+",
        "none",
        compound=True,
    ),
    # "signed the law on Sweden's NATO accession": a head of state's act of ratification.
    _t(
        "ratified",
        "signed signs",
        r"\b(?:signed|signs)\s+(?:into\s+law\s+|(?:the|a)\s+(?:law|bill|decree|legislation)\s+"
        r"(?:on|approving|endorsing|promulgating)\s+)(?:[\w’'-]+\s+){0,4}?(?:accession|"
        r"membership|treaty|protocol|agreement|pact)\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "sign signed signs",
        r"\b(?:signed|signs|sign)\s+(?:[\w’'-]+\s+){1,6}?into\s+law\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "completing",
        r"\bcompleting\s+(?P<actor>[\w’'-]+['’]s)\s+(?:\w+\s+)?ratification\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "concur concurred concurs",
        r"\b(?:concurred|concurs|concur)\s+(?:in|with)\s+(?:the\s+)?ratification\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "signed signs",
        r"\b(?:signed|signs)\s+off\s+on\s+(?:[\w’'-]+\s+){0,6}?(?:accession|protocol|"
        r"ratification|membership|bid)\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "deposited deposits",
        r"\b(?:deposited|deposits)\s+(?:[\w’'-]+\s+){0,3}?instruments?\s+of\s+ratification\b",
        "none",
        compound=True,
    ),
    _t(
        "acceded",
        "delivered deposited deposits handed hands presented submitted",
        r"\b(?:deposited|deposits|handed(?:\s+over)?|hands(?:\s+over)?|submitted|presented|"
        r"delivered)\s+(?:[\w’'-]+\s+){0,3}?instruments?\s+of\s+accession\b",
        "none",
        compound=True,
    ),
    # "Finland's accession to NATO became official", "… took effect", "… was completed".
    _t(
        "acceded",
        "accession",
        r"\baccession\b(?:\s+[^\s.;]+){0,10}?\s+(?:(?:became|becomes|has become|was made|is now)"
        r"\s+(?:official|effective|final|complete)|(?:took|takes|has taken)\s+effect|was\s+"
        r"(?:completed|finali[sz]ed|formali[sz]ed))\b",
        "org_or_object_or_context",
        compound=True,
    ),
    _t(
        "entered_into_force",
        "exchanged instruments",
        r"\bexchanged\s+(?:the\s+|their\s+)?instruments\s+of\s+ratification\b|\binstruments\s+"
        r"of\s+ratification\s+were\s+exchanged\b",
        "context",
    ),
    # "The signing ceremony of the Treaty … between X and Y took place …"
    _t(
        "signed",
        "signing",
        r"\bsigning(?:\s+ceremony)?\s+(?:of|for)\s+(?P<actor>[^.;]{3,200}?)\s+(?:took place|"
        r"was held|has taken place|were held)\b",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "voted",
        r"\bvoted\s+(?:\w+\s+){0,3}(?:to ratify|for (?:the )?ratification|"
        r"in favou?r of (?:ratifying|ratification)|to (?:approve|endorse|"
        r"back)\s+(?:\S+\s+){0,4}?(?:accession|treaty|pact|agreement|protocol|membership|"
        r"application|bid))",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "completed completes concluded finalised finalized",
        r"\b(?:completed|completes|concluded|finali[sz]ed)\s+(?:\w+\s+){0,3}ratification",
        "none",
        compound=True,
    ),
    _t(
        "ratified",
        "approved approves backed backs endorsed endorses passed passes",
        r"\b(?:approved|approves|endorsed|endorses|backed|backs|passed|passes)\s+(?:the\s+|"
        r"a\s+)?(?:[\w’']+[- ]){0,5}(?:treaty|pact|accord|agreement|accession|protocol|"
        r"membership|bid|application)\b",
        "legislature",
        compound=True,
    ),
    _t(
        "expired",
        "expire extended lapse renewed",
        r"\b(?:was|were|has not been|had not been)\s+not\s+(?:renewed|extended)\b|\b(?:was|"
        r"were)\s+allowed\s+to\s+(?:lapse|expire)\b|\ballowed\s+(?:\w+\s+){1,5}to\s+(?:lapse|"
        r"expire)\b",
        "subject",
        compound=True,
    ),
    _t(
        "acceded",
        "welcomed",
        r"\bwelcomed\s+(?P<actor>(?:\S+\s+){1,4}?)as\s+(?:its|the)\s+(?:\w+\s+)?(?:member|"
        r"ally)\b",
        "none",
        compound=True,
    ),
    _t(
        "acceded",
        "completed completes finalised finalized formalised formalized sealed",
        r"\b(?:completed|completes|finali[sz]ed|formali[sz]ed|sealed)\s+(?:its|their|"
        r"the)\s+(?:\w+\s+){0,2}(?:accession|membership|entry)\b",
        "org_or_object_or_context",
        compound=True,
    ),
    _t(
        "withdrawn",
        "departure exit withdrawal",
        r"\b(?:announced|announces|announce|notified|completed|completes|complete|"
        r"formali[sz]ed|confirmed|confirms|finali[sz]ed)\s+(?:(?:its|their|"
        r"the)\s+)?(?:\w+\s+){0,2}(?:withdrawal|exit|departure)\b",
        "org_or_object_or_context",
        compound=True,
    ),
    _t(
        "withdrawn",
        "departure exit withdrawal",
        r"\b(?:withdrawal|exit|departure)(?:\s+of\s+(?P<actor>[^.;]{1,80}?)(?=\s+from\b))?"
        r"(?:\s+[^\s.;]+){0,24}?\s+(?:(?:took|takes|has taken)\s+effect|(?:became|becomes|"
        r"has become|was made)\s+(?:effective|official|final))\b",
        "org_or_object_or_context",
        compound=True,
    ),
    _t(
        "withdrawn",
        "declared declares",
        r"\b(?:declared|declares)\s+(?:the|a|an|its|their)\s+(?:[\w’'-]+\s+){0,5}?(?:treaty|pact|"
        r"agreement|accord|alliance|deal)s?(?:\s+[\w’'-]+){0,4}?\s+(?:null\s+and\s+)?(?:void|"
        r"invalid|defunct|null|obsolete|no longer (?:valid|binding|in force))\b",
        "none",
    ),
    _t(
        "invoked",
        "asked asks called calls requested requests seeks sought",
        r"\b(?:requested|requests|asked for|asks for|called for|calls for|sought|seeks)\s+"
        r"(?:[\w’'-]+\s+){0,10}?(?:consultations|meeting|talks|session)\s+"
        r"(?:[\w’'-]+\s+){0,8}?under\s+Article\s+\w+",
        "none",
        compound=True,
    ),
    _t(
        "invoked",
        "fall falls fell",
        r"\b(?:fell|falls|fall)\s+under\s+Article\s+\w+",
        "none",
        compound=True,
    ),
    _t(
        "entered_into_force",
        "entry",
        r"\b(?:marked|marks|announced|announces|celebrated|welcomed|"
        r"confirmed)\s+(?:the\s+)?entry\s+into\s+force\b",
        "context",
        compound=True,
    ),
    # Plain verbs.
    _t(
        "acceded",
        "became becomes now",
        r"\b(?:became|becomes)\b|\b(?:is|are)\s+now(?=\s+(?:a|an|the|its|\w+['’]s)\s+"
        r"(?!(?:only|last|sole|remaining|lone|key|founding|longest|largest|biggest|most)\b)"
        r"(?:[\w’'-]+\s+){0,3}?(?:member|ally)\b)",
        "member",
    ),
    _t(
        "signed",
        "clinched clinches concluded concludes forged forges inked inks sealed seals signed signs",
        r"\b(?:signed|signs|inked|inks|sealed|seals|concluded|concludes|clinched|clinches|"
        r"forged|forges)\b",
        "object",
    ),
    _t(
        "signed",
        "forge ink seal sign",
        r"\b(?:sign|ink|seal|forge)\b",
        "object",
        headline=True,
    ),
    _t(
        "signed",
        "pen put puts",
        r"\b(?:put|puts)\s+pen\s+to\s+paper\s+on\b",
        "object",
    ),
    _t(
        "signed",
        "affix affixed affixes put puts",
        r"\b(?:put|puts|affixed|affix|affixes)\s+(?:their|his|her|its)\s+signatures?\s+(?:to|on)\b",
        "object",
    ),
    # British "agreed a pact" and "struck a deal": concluded. "agreed to …" and "agreed on
    # a framework" are not (a determiner must follow).
    _t(
        "signed",
        "agreed struck",
        r"\b(?:agreed|struck)(?=\s+(?:a|an|the|their|its|new)\s)",
        "object",
    ),
    _t(
        "signed",
        "agree strike",
        r"\b(?:agree|strike)(?=\s+(?:an?\s+|the\s+|new\s+)?(?:[\w’'-]+\s+){0,3}?(?:treaty|pact|"
        r"agreement|accord|deal|alliance)\b)",
        "object",
        headline=True,
    ),
    _t(
        "ratified",
        "ratified ratifies",
        r"\b(?:ratified|ratifies)\b",
        "ratify_object",
    ),
    _t(
        "ratified",
        "ratify",
        r"\bratify\b",
        "ratify_object",
        headline=True,
    ),
    _t(
        "entered_into_force",
        "became came comes entered enters goes takes took went",
        r"\b(?:entered|enters|came|comes|went|goes)\s+into\s+(?:force|effect)\b|\b(?:took|"
        r"takes)\s+effect\b|\bbecame\s+(?:legally\s+)?(?:effective|binding|operative)\b",
        "subject",
    ),
    _t(
        "entered_into_force",
        "come enter go take force",
        r"\b(?:enter|come|go)\s+into\s+(?:force|effect)\b|\btake\s+effect\b|\bnow\s+in\s+force\b",
        "subject",
        headline=True,
    ),
    _t(
        "acceded",
        "acceded accedes joined joins",
        r"\b(?:joined|joins|acceded|accedes)\b",
        "org_or_object",
    ),
    _t(
        "acceded",
        "join",
        r"\bjoin\b",
        "org_or_object",
        headline=True,
    ),
    _t(
        "suspended",
        "freezes freezing froze frozen halted halts paused pauses suspended suspending suspends",
        r"\b(?:suspended|suspends|suspending|froze|freezes|frozen|freezing|halted|halts|"
        r"paused|pauses)\b",
        "suspend_object",
    ),
    _t(
        "suspended",
        "freeze halt suspend",
        r"\b(?:suspend|freeze|halt)\b",
        "suspend_object",
        headline=True,
    ),
    _t(
        "withdrawn",
        "exited exiting exits leaves leaving left pulled pulling pulls quit quits "
        "quitting withdrawing withdrawn withdraws withdrew",
        r"\b(?:withdrew|withdraws|withdrawn|withdrawing|pulled out|pulls out|pulling out|quit|"
        r"quits|quitting|exited|exits|exiting|left|leaves|leaving)\b",
        "from_object",
    ),
    _t(
        "withdrawn",
        "exit leave pull withdraw",
        r"\b(?:withdraw|pull out|exit|leave)\b",
        "from_object",
        headline=True,
    ),
    _t(
        "withdrawn",
        "abrogated abrogates abrogating annulled annuls away breaking broke broken canceled "
        "cancelled cancels dissolved dissolves ended ending ends nullified nullifies renounced "
        "renounces revoked revokes ripped scrapped scrapping scraps tears terminated terminates "
        "terminating tore",
        r"\b(?:terminated|terminates|terminating|scrapped|scraps|scrapping|abrogated|abrogates|"
        r"abrogating|renounced|renounces|annulled|annuls|revoked|revokes|tore up|tears up|"
        r"ripped up|ended|ends|ending|cancell?ed|cancels|nullified|nullifies|dissolved|dissolves|"
        r"(?:breaking|broke|broken|breaks) off|walked away from|walks away from)\b",
        "object",
    ),
    _t(
        "withdrawn",
        "abrogate annul cancel end renounce revoke scrap tear terminate",
        r"\b(?:terminate|scrap|abrogate|renounce|annul|revoke|tear up|end|cancel)\b",
        "object",
        headline=True,
    ),
    _t(
        "invoked",
        "activated activates cited citing invoked invokes invoking triggered triggers",
        r"\b(?:invoked|invokes|invoking|triggered|triggers|activated|activates|cited|citing)\b",
        "article",
    ),
    _t(
        "invoked",
        "activate invoke trigger",
        r"\b(?:invoke|trigger|activate)\b",
        "article",
        headline=True,
    ),
    _t(
        "expired",
        "expired expires lapsed lapses ran runs",
        r"\b(?:expired|expires|lapsed|lapses|ran out|runs out)\b",
        "subject",
    ),
    _t(
        "expired",
        "expire lapse",
        r"\b(?:expire|lapse)\b",
        "subject",
        headline=True,
    ),
)

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
    rf"\b(?:member|members|ally|allies)\s+(?:state\s+)?(?:of|in)\s+(?:the\s+)?(?:{ORGS}|alliance|"
    rf"bloc|"
    rf"pact|treaty)\b|\b(?:{ORGS})['’]s\s+(?:\w+\s+)?(?:member|ally)\b",
)
SUSPEND_OBJ = re.compile(
    rf"\b(?:(?i:participation|membership|obligations|commitments|{TREATY_NOUN})|{ORGS})\b"
)
