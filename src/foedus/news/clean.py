"""From raw bytes to an article's own sentences: decoding, HTML extraction, junk removal.

:func:`clean_text` keeps the article's lines and blanks out the junk a
scraper leaves behind (paywall and login notices, "enable JavaScript", bylines,
photo credits, "Source – …", share widgets, trailing headlines), reporting each
dropped line with its reason. The cleaned text has the same length as the text
given, so every character offset found later points into the original.

>>> raw = "Pact signed\\n\\nRussia and North Korea signed a pact.\\n\\nAlready a subscriber? Log in"
>>> c = clean_text(raw)
>>> c.title.text, [p.text for p in c.paragraphs]
('Pact signed', ['Russia and North Korea signed a pact.'])
>>> [(d.text, d.reason) for d in c.dropped]
[('Already a subscriber? Log in', 'paywall')]
>>> len(c.text) == len(raw)
True

Stamps, captions and link lines go too, whatever the outlet's style:

>>> raw = ("Pact signed\\n\\nPost-Courier | October 7, 2025\\n\\n"
...        "Photo: The leaders shake hands in Canberra. (AP)\\n\\n"
...        "The two leaders signed the treaty.\\n\\nRead more: Why the pact matters to PNG")
>>> [(d.text, d.reason) for d in clean_text(raw).dropped]  # doctest: +NORMALIZE_WHITESPACE
[('Post-Courier | October 7, 2025', 'timestamp'),
 ('Photo: The leaders shake hands in Canberra. (AP)', 'photo credit'),
 ('Read more: Why the pact matters to PNG', 'related links')]"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from foedus.errors import InputError
from foedus.news.dates import find_full_date

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Block",
    "Cleaned",
    "Decoded",
    "Dropped",
    "HtmlText",
    "clean_text",
    "decode",
    "html_to_text",
    "looks_like_html",
    "missing_package",
    "repair_mojibake",
]

DEFAULT_MAX_BYTES = 5_000_000  # no news article is this long; a page with its markup rarely

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and whether it was cut at the cap."""

    text: str
    encoding: str
    truncated: bool = False
    size: int = 0


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)


def decode(data: bytes, *, source: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode an article's bytes: BOM, then UTF-8, then cp1252, then latin-1.

    Raises :class:`~foedus.errors.InputError` for an empty or binary file.
    Bytes beyond ``max_bytes`` are cut off (``truncated`` is then True).

    >>> decoded = decode("Caf\\u00e9 talks".encode("cp1252"))
    >>> decoded.text, decoded.encoding
    ('Café talks', 'cp1252')
    >>> decode(codecs.BOM_UTF16_LE + "Kyiv".encode("utf-16-le")).text
    'Kyiv'
    """
    size = len(data)
    if not data.strip():
        raise InputError(f"{source}: the article is empty; give a file with the article's text.")
    truncated = size > max_bytes
    if truncated:
        data = data[:max_bytes]
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            body = data[len(bom) :]
            unit = 4 if "32" in enc else 2 if "16" in enc else 1
            body = body[: len(body) - len(body) % unit]
            text = body.decode(enc, errors="replace")
            return _checked(text, enc, truncated, size, source)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"{source}: this is {what}, not an article; save the article as text or HTML."
            )
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: every other byte is zero in Latin text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) / 2
        if odd > 0.3 * half and even < 0.05 * half:
            return _checked(_cut_decode(data, "utf-16-le", 2), "utf-16-le", truncated, size, source)
        if even > 0.3 * half and odd < 0.05 * half:
            return _checked(_cut_decode(data, "utf-16-be", 2), "utf-16-be", truncated, size, source)
        raise InputError(f"{source}: this is a binary file, not an article; give text or HTML.")
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 3:
            text, enc = data[: exc.start].decode("utf-8", errors="replace"), "utf-8"
        else:
            text, enc = _legacy_decode(data)
    return _checked(repair_mojibake(text), enc, truncated, size, source)


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: charset-normalizer's guess when the text is long enough
    for one (it tells cp1251 Cyrillic or cp1250 from Western text), else cp1252 — what
    Western news sites wrote before UTF-8 — and latin-1 for bytes cp1252 leaves undefined.

    >>> _legacy_decode("Договор о партнерстве подписан в Москве, сообщил Кремль.".encode("cp1251"))
    ('Договор о партнерстве подписан в Москве, сообщил Кремль.', 'cp1251')
    >>> _legacy_decode("Café talks".encode("cp1252"))  # too short to guess: cp1252
    ('Café talks', 'cp1252')
    """
    if len(data) >= _GUESS_FROM:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding not in ("ascii", "utf_8"):
            try:
                return data.decode(best.encoding), best.encoding.replace("_", "-")
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_GUESS_FROM = 48  # bytes: below this, a guess of the encoding is a coin toss


def _cut_decode(data: bytes, enc: str, unit: int) -> str:
    return data[: len(data) - len(data) % unit].decode(enc, errors="replace")


def _checked(text: str, enc: str, truncated: bool, size: int, source: str) -> Decoded:
    if not text.strip():
        raise InputError(f"{source}: the article is empty; give a file with the article's text.")
    if _control_ratio(text) > 0.05:
        raise InputError(f"{source}: this is a binary file, not an article; give text or HTML.")
    return Decoded(text, enc, truncated, size)


_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 and saved again ("Putinâ€™s"), with ftfy.

    ftfy mends each broken stretch on its own, so a page that also holds characters
    cp1252 lacks (a Cyrillic name) is mended too; text with no sign of mojibake is
    returned as it is, without asking ftfy.

    >>> repair_mojibake("Putinâ€™s pact")
    'Putin’s pact'
    >>> repair_mojibake("Putinâ€™s pact with the Кремль")
    'Putin’s pact with the Кремль'
    """
    if not _MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:p|div|article|span|br|meta|title)[\s>/]",
    re.I,
)


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than prose.

    >>> looks_like_html("<html><body><p>Hi</p></body></html>"), looks_like_html("Kim < Putin")
    (True, False)
    """
    head = text[:5000]
    return bool(_HTML_HINT.search(head)) and head.count("<") >= 2


@contextlib.contextmanager
def _quiet_extractors() -> Iterator[None]:
    # trafilatura logs "empty HTML tree" at ERROR for pages we then report ourselves;
    # without a handler Python would print those lines on stderr.
    loggers = [logging.getLogger(n) for n in ("trafilatura", "htmldate", "courlan", "justext")]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved, strict=True):
            lg.setLevel(level)


# Modules whose pip package has another name.
_PACKAGE_OF = {"lxml.html.clean": "lxml_html_clean", "bs4": "beautifulsoup4"}


def missing_package(exc: ImportError) -> str:
    """The pip package whose absence made ``exc``: the innermost module named in its chain.

    Importing trafilatura without lxml's HTML cleaner fails inside lxml with a
    message that names no module; the import it tried first is in the chain.

    >>> try:
    ...     import no_such_module_here
    ... except ImportError as exc:
    ...     missing_package(exc)
    'no_such_module_here'
    """
    seen: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in seen:
        seen.append(node)
        node = node.__cause__ or node.__context__
    for err in reversed(seen):
        name = getattr(err, "name", None)
        if isinstance(err, ImportError) and name:
            return _PACKAGE_OF.get(name, name.split(".")[0])
    text = str(exc)
    for module, package in _PACKAGE_OF.items():
        if module in text or package in text:
            return package
    return "trafilatura"


@dataclass(frozen=True)
class HtmlText:
    """The main text of a web page, with the title and date its metadata give."""

    text: str
    title: str | None
    date: dt.date | None


def html_to_text(html: str, *, source: str = "<input>") -> HtmlText:
    """The article text of an HTML page, extracted with trafilatura.

    Raises :class:`~foedus.errors.InputError` when the page has no main text
    (a login wall, a page built by JavaScript) or cannot be parsed.
    """
    try:
        import trafilatura
    except ImportError as exc:
        package = missing_package(exc)
        raise InputError(
            f"reading HTML needs the Python package {package}, which is not installed "
            f"(pip install {package}); or save the article's text and ingest that."
        ) from exc
    try:
        with _quiet_extractors():
            doc = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                include_images=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise InputError(
            f"{source}: could not read this HTML ({type(exc).__name__}: {exc})."
        ) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(
            f"{source}: this HTML page has no article text (a login wall, or a page "
            "built by JavaScript?); save the article's text and ingest that instead."
        )
    title = getattr(doc, "title", None) or None
    date = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            date = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            date = None
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return HtmlText(text=text, title=title, date=date)


@dataclass(frozen=True)
class Block:
    """A kept line of the article: its text, where it is, and its 1-based line number."""

    start: int
    end: int
    text: str
    line: int


@dataclass(frozen=True)
class Dropped:
    """A line removed as junk, with the rule that removed it."""

    line: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Cleaned:
    """An article after cleaning.

    ``text`` has the length of the text given, junk lines replaced by spaces,
    so offsets into it are offsets into the original. ``title`` is the headline
    when the article starts with one; ``paragraphs`` the kept lines after it.
    """

    text: str
    title: Block | None
    paragraphs: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = field(default=())

    @property
    def lead(self) -> Block | None:
        """The story's first paragraph: the first kept line that reads as prose (not a
        standfirst, a stamp or a byline that cleaning kept)."""
        for block in self.paragraphs:
            if _is_paragraph(block.text):
                return block
        return self.paragraphs[0] if self.paragraphs else None

    @property
    def body(self) -> str:
        """The kept text, headline first, paragraphs separated by blank lines."""
        blocks = ([self.title] if self.title else []) + list(self.paragraphs)
        return "\n\n".join(b.text for b in blocks)


# Strong signals: a line holding one of these is junk whatever its length.
_STRONG = [
    ("paywall", r"trouble retrieving|verify(?:ing)? (?:your )?access|reader mode|already a "
                r"subscriber"
     r"|log ?in(?:to)? (?:to )?your \w+ account|subscribe (?:for|to read|to continue|now|today)"
     r"|subscribers? only|to continue reading|continue reading (?:your|with)|unlock (?:this|the "
     r"full)"
     r"|create (?:a free|an) account|register (?:now|for free)|free trial|this (?:article|"
     r"content) is for"
     r"|you have reached your (?:limit|free)|articles? remaining|paywall|want all of the \w+"),
    ("script notice", r"enable javascript|javascript is (?:disabled|required|not enabled)"
     r"|browser (?:settings|is not supported|is out of date)|ad ?blocker|disable your ad"
     r"|turn off your ad|update your browser|supported browser"),
    ("cookie notice", r"\bcookies?\b.{0,60}\b(?:accept|consent|policy|settings|use|preferences)\b"
     r"|accept all cookies|manage (?:your )?(?:preferences|consent|cookies)"),
    ("newsletter", r"sign up (?:for|to) (?:our|the) \w+|newsletters?\b.{0,40}\b(?:sign|subscribe|"
                   r"inbox)"
     r"|delivered (?:straight |directly )?to your inbox"),
    ("copyright", r"^(?:©|\(c\)|copyright\b)|all rights reserved"),
    ("wire credits", r"^\(?(?:reporting|writing|editing|additional reporting|compiled|produced)"
     r" by\b|\bcontributed (?:to )?(?:this )?report(?:ing)?\b"),
]  # fmt: skip
# Strong signals that open the line: tried with one anchored match, which costs nothing on
# prose (unanchored ones scan the whole line).
_STRONG_START = [
    ("wire credits", r"our standards\b|special to the\b|continued on (?:page|a\d)|news id\s*:"
     r"|tags?\s*:|\((?:attn|editor'?s note|updates?|adds|recasts|corrects?|lead|"
     r"\d+(?:st|nd|rd|th) ld)\b[^)]*\)$|\(end\)$|-0-$|[\w.+-]+@[\w-]+\.[\w.]+$"),
    # A caption announces itself; a sentence never opens with "Photo:".
    ("photo credit", r"(?:photo|photos|image|images|picture|pictured|caption|file photo|"
     r"photograph|main image|top image|video)\s*:"),
    # "Published: 14:32 BST, 17 July 2025 | UPDATED: …": a timestamp however long.
    ("timestamp", r"(?:published|updated|posted|issued(?: on)?|last updated|first published|"
     r"modified)\b\s*:?.{0,80}\b(?:1[89]|20)\d\d\b"),
]  # fmt: skip
_STRONG_START_RE = re.compile(
    "|".join(f"(?P<t{i}>{rx})" for i, (_, rx) in enumerate(_STRONG_START)), re.I
)
_STRONG_START_REASON = {f"t{i}": reason for i, (reason, _) in enumerate(_STRONG_START)}
# Weak signals: junk only on a short line (a real sentence may say "subscribe to").
_WEAK = [
    ("paywall", r"\bsubscribe\b|\bsubscri(?:ber|ption)s?\b|\blog ?in\b|\bsign ?in\b|\bsign up\b"
     r"|\bpremium\b|\bmembers? only\b"),
    ("share widget", r"^(?:share|tweet|e-?mail|print|copy link|save|bookmark|comments?|"
     r"\d+ comments?|leave a comment|show comments|view comments|facebook|twitter|whatsapp|"
     r"linkedin|telegram|reddit|x|flipboard|pinterest|messenger|follow us\b.*|gift (?:this "
     r")?article)"
     r"(?:\s*[|/·•,]\s*(?:share|tweet|e-?mail|print|copy link|save|facebook|twitter|whatsapp|"
     r"linkedin|telegram|reddit|x|comments?))*$|^share (?:this|on|via|or comment)\b"),
    ("advertisement", r"^(?:advertisement|advertising|sponsored(?: content)?|ad|supported by|"
     r"story continues below(?: advertisement)?|scroll (?:down )?to continue.*|"
     r"continue reading (?:below|the main story)|skip advertisement)$"),
    ("navigation", r"^(?:skip to (?:main )?content|jump to|back to top|home\s*[>|/›].*|menu|search"
     r"|close|open menu|next article|previous article|top of page)$"),
    ("timestamp", r"^(?:published|updated|posted|last updated|first published|modified)\b.{0,60}\d"
     r"|^\d+\s*min(?:ute)?s?\s+read$|^listen(?: to (?:this )?(?:article|story))?(?:\s*[·•|].*)?$"
     r"|^\d{1,2}:\d{2}(?::\d{2})?$"),
    ("photo credit", r"^(?:photo|photograph|image|picture|video|illustration|file photo|credit)"
     r"(?:\s*(?:by|credit|:))|getty images|via getty|\bap photo\b|reuters/|afp photo|epa-efe"
     r"|shutterstock|\(photo:|photo credit|\bcredit:|/ ?(?:ap|afp|reuters|epa|getty)\)?$"),
    ("source line", r"^(?:source|sources|via)\s*[:–—|-]\s*\S|^(?:originally published(?: at| by| "
                    r"in)?"
     r"|this (?:article|story) (?:first |originally )?appeared (?:in|on|at))\b"),
]  # fmt: skip
# "Read more: <headline>", "READ: …", "RELATED: …": one link, whatever its length.
_LINK = re.compile(
    r"^(?:read more|read also|also read|read|related|see also|more|watch|listen|recommended)"
    r"\s*:\s*\S",
    re.I,
)
_RELATED = re.compile(
    r"^(?:read more|read also|also read|see also|related(?: articles?| stories| coverage| content"
    r"| news| reading)?|more (?:from|on|stories|news|in)\b.*|recommended(?: for you| stories)?"
    r"|most (?:read|popular|viewed)|trending(?: now| stories)?|latest (?:news|stories)|top stories"
    r"|you (?:may|might) (?:also )?like|what to read next|editors'? picks?|watch|listen|in other "
    r"news)"
    r"\s*[:|–—-]?.*$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:By|BY|by|(?:Analysis|Opinion|Commentary|Explainer|Interview|Text|Photos?|Words)\s+by)\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|al-\w+|bin))*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*)*\s*(?:[|,–—-].*)?$"
)
_DATE_ONLY = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+)?(?:\d{1,2}\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}"
    r"(?:[,\s]+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?$",
    re.I,
)
# "Pia Lee-Brago - The Philippine Star", "Baqir Sajjad Syed | Dawn.com": a name, then the outlet.
_NAME_OUTLET = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+[|–—-]\s+(?:The\s+)?[A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,3}$"
)
_DIGIT = re.compile(r"\d")
_NUMERIC_DATE = re.compile(
    r"\b[0-3]?\d[./][01]?\d[./](?:1[89]|20)\d\d\b|\b(?:1[89]|20)\d\d[./][01]?\d[./][0-3]?\d\b"
)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.I)
_SEPARATOR = re.compile(r"[|·•—–]|\s-\s")
# One pass for all strong signals: the group that matched names the reason.
_STRONG_RE = re.compile("|".join(f"(?P<s{i}>{rx})" for i, (_, rx) in enumerate(_STRONG)), re.I)
# Each strong pattern contains one of these; testing them first spares the regex on most lines.
_STRONG_HINTS = (
    "retriev", "verify", "reader mode", "subscri", "log", "continue reading", "unlock", "account",
    "register", "free trial", "this article", "this content", "reached your", "remaining",
    "paywall",
    "want all of", "javascript", "browser", "ad blocker", "adblock", "disable your ad",
    "turn off your ad", "cookie", "manage", "sign up", "newsletter", "inbox", "©", "(c)",
    "copyright",
    "all rights reserved", "reporting", "writing", "editing", "compiled", "produced",
    "contributed",
)  # fmt: skip


@functools.cache
def _hint_automaton() -> Any:
    """An Aho-Corasick automaton of the hints: one pass over a line finds whether it holds
    any, five times faster than a regex of them all (which tries each at every letter)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for hint in _STRONG_HINTS:
        automaton.add_word(hint, hint)
    automaton.make_automaton()
    return automaton


def _has_hint(low: str) -> bool:
    """Whether the lower-cased line holds one of the strong hints."""
    return next(_hint_automaton().iter(low), None) is not None


_STRONG_REASON = {f"s{i}": reason for i, (reason, _) in enumerate(_STRONG)}
_WEAK_RE = [(reason, re.compile(rx, re.I)) for reason, rx in _WEAK]
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_WEAK_MAX_WORDS = 12


def _looks_like_timestamp(line: str) -> bool:
    """A short line holding a full date beside a time or a separator.

    "Post-Courier | October 7, 2025", "4.4.2023 16:54", "July 9, 2024 | 12:00am",
    "Morning Briefing — Saturday, January 18, 2025" are stamps; "Finland joins NATO
    on April 4, 2023" is a headline.
    """
    if _NUMERIC_DATE.search(line):
        return True
    if find_full_date(line) is None:
        return False
    return bool(_SEPARATOR.search(line) or _CLOCK.search(line))


def _junk_reason(line: str, *, first: bool = False) -> str | None:
    words = len(line.split())
    low = line.lower()
    opening = _STRONG_START_RE.match(line)
    if opening:
        return _STRONG_START_REASON[opening.lastgroup or ""]
    strong = _STRONG_RE.search(line) if _has_hint(low) else None
    if strong:
        return _STRONG_REASON[strong.lastgroup or ""]
    if words <= 25 and _LINK.match(line) and not _ends_sentence(line):
        return "related links"
    if words <= _WEAK_MAX_WORDS:
        if _BYLINE.match(line) or (not first and _NAME_OUTLET.match(line)):
            return "byline"
        if _DATE_ONLY.match(line) or (_DIGIT.search(line) and _looks_like_timestamp(line)):
            return "timestamp"
        for reason, rx in _WEAK_RE:
            if rx.search(line):
                return reason
    return None


def _ends_sentence(line: str) -> bool:
    """``_SENTENCE_END.search(line)``, read from the end of the line instead of searched
    for at every position of it."""
    end = line.rstrip()  # the pattern's trailing ``\s*$``
    return end.rstrip(_CLOSERS).endswith(_FULL_STOPS) or end.endswith(_QUOTE_ENDS)


_CLOSERS = "\"'”’)]"  # what may follow a full stop: [\"'”’)\]]* in _SENTENCE_END
_FULL_STOPS = (".", "!", "?", "…")
_QUOTE_ENDS = ('"', "”", "’")


def _is_paragraph(line: str) -> bool:
    return _ends_sentence(line) or len(line.split()) >= 25


def _is_headline_like(line: str) -> bool:
    return not _is_paragraph(line) and len(line.split()) <= 25


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Unusual spaces (no-break, thin, zero-width) become plain spaces, one for one.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")


def clean_text(text: str) -> Cleaned:
    """Keep the article's lines, blank out the junk, and say what was dropped and why.

    Never raises: any string gives a :class:`Cleaned` (perhaps with no paragraphs).
    Line endings are normalised to ``\\n`` first, so offsets refer to ``Cleaned.text``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text))
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    verdict: list[str | None] = [None] * len(lines)  # None: kept; "": blank; else reason
    seen_paragraph = False
    in_related = False
    first_line = next((i for i, raw in enumerate(lines) if raw.strip()), -1)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            verdict[i] = ""
            continue
        reason = _junk_reason(line, first=i == first_line)
        if reason is None and seen_paragraph and _RELATED.match(line) and len(line.split()) <= 8:
            reason, in_related = "related links", True
        elif reason is None and in_related:
            if _is_headline_like(line):
                reason = "related links"
            else:
                in_related = False
        if reason is None and _is_paragraph(line):
            seen_paragraph = True
        verdict[i] = reason
    # Trailing headlines: short unpunctuated lines after the last real paragraph.
    last_paragraph = max(
        (i for i, v in enumerate(verdict) if v is None and _is_paragraph(lines[i].strip())),
        default=len(lines),
    )
    for i in range(last_paragraph + 1, len(lines)):
        if verdict[i] is None:
            verdict[i] = "trailing headline"
    chars = list(text)
    dropped: list[Dropped] = []
    kept: list[Block] = []
    for i, line in enumerate(lines):
        v = verdict[i]
        if v:
            dropped.append(Dropped(i + 1, " ".join(line.split()), v))
            for k in range(starts[i], starts[i] + len(line)):
                chars[k] = " "
        elif v is None:
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            kept.append(Block(starts[i] + lead, starts[i] + lead + len(body), body, i + 1))
    title = None
    first_paragraph = next((k for k, b in enumerate(kept) if _is_paragraph(b.text)), len(kept))
    if 1 <= first_paragraph < len(kept):
        # The headline is the last short line before the first paragraph; short lines
        # above it are section labels and menus ("World", "Politics | Europe").
        for b in kept[: first_paragraph - 1]:
            if len(b.text.split()) <= 4:
                dropped.append(Dropped(b.line, " ".join(b.text.split()), "navigation"))
                chars[b.start : b.end] = " " * (b.end - b.start)
        labels = {b.line for b in kept[: first_paragraph - 1] if len(b.text.split()) <= 4}
        kept = [b for b in kept if b.line not in labels]
        dropped.sort(key=lambda d: d.line)
    if kept and _is_headline_like(kept[0].text) and len(kept) > 1:
        title, kept = kept[0], kept[1:]
        # Between headline and story, a line of one to three words is a credit ("Yle
        # News", "Analysis"), not a standfirst.
        lead = next((k for k, b in enumerate(kept) if _is_paragraph(b.text)), 0)
        credits = [b for b in kept[:lead] if len(b.text.split()) <= 3]
        for b in credits:
            dropped.append(Dropped(b.line, " ".join(b.text.split()), "byline"))
            chars[b.start : b.end] = " " * (b.end - b.start)
        if credits:
            kept = [b for b in kept if b not in credits]
            dropped.sort(key=lambda d: d.line)
    return Cleaned("".join(chars), title, tuple(kept), tuple(dropped))
