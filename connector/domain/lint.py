"""Privacy lint: reason hints, medical terms and dates in free text (domain.md rules 1-3).

Pure functions. The word lists are package data (``connector/data/lint/*.txt``, format in the
README there), read once and compiled to one regular expression per list.

Text is normalised before matching so that words cannot be smuggled past the lint:
HTML tags and comments are removed (``z<b>ie</b>k``), entities decoded (``&#122;iek``,
``zi&shy;ek``, also double-encoded), invisible format characters dropped (zero-width space and
joiners, soft hyphen, BOM, bidi controls), NFKC applied (full-width letters, ligatures), case
folded, accents stripped (``reïntegratie`` = ``reintegratie``), common Cyrillic and Greek
look-alike letters mapped to Latin, dashes unified, and letter-spaced words collapsed
(``s i c k``, ``z.i.e.k``). Known limits are listed in ``KNOWN_LIMITS``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from connector.errors import PrivacyViolation

LANGUAGES = ("nl", "en", "fr", "de")

KNOWN_LIMITS = (
    "a word split by a visible character the lint does not remove (zi-ek, zi.ek) is missed;",
    "digits or symbols used as letters (z1ek, s!ck) are missed;",
    "look-alikes are mapped for common Cyrillic and Greek letters only;",
    "letter-spacing is collapsed only when every letter stands alone (s i c k, not si ck);",
    "a date without a day (November 2026) or written out in words is not recognised;",
    "all-numeric dates are read day first (05/01/2026 = 5 January); lint_notice accepts either"
    " reading when one of them is allowed;",
    "ordinary words can be hits: holiday in 'Holiday Inn', recovery in 'data recovery',"
    " herstel meaning repair, a customer or company name such as 'Acme Health'.",
)

# Look-alike letters NFKC leaves alone (Cyrillic and Greek, after case folding).
_LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "һ": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "о": "o",
        "р": "p",
        "ԛ": "q",
        "г": "r",
        "с": "c",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "ԝ": "w",
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        "ı": "i",
        "ȷ": "j",
        "ɡ": "g",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "⁃": "-",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
    }
)

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TAG = re.compile(r"</?[A-Za-z!/?][^<>]*>")
# Tags that break a line or a block always separate words, even in the glued form.
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|dl|dt|dd|tr|td|th|table|h[1-6]|blockquote|section|article"
    r"|header|footer|hr|pre|title|body|html|head)\b[^<>]*>",
    re.I,
)
# A run of at least three single letters separated by spaces or punctuation: "s i c k".
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_*·/]+){2,}\w(?!\w)")
_SPACED_SEP = re.compile(r"[ .\-_*·/]+")


def _fold(text: str) -> str:
    """Case-, accent- and look-alike-insensitive form of ``text``; invisible characters dropped."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_LOOKALIKES)


def _strip_markup(text: str, joiner: str) -> str:
    """Remove tags and decode entities, repeatedly, so double encoding does not hide a word."""
    for _ in range(4):
        cleaned = _TAG.sub(joiner, _BLOCK_TAG.sub(" ", _COMMENT.sub(joiner, text)))
        cleaned = html.unescape(cleaned)
        if cleaned == text:
            break
        text = cleaned
    return text


def _collapse_spacing(text: str) -> str:
    return _SPACED.sub(lambda m: _SPACED_SEP.sub("", m.group()), text)


def _variants(text: str, *, collapse: bool = True) -> list[str]:
    """The forms of ``text`` to search: tags removed (``z<b>ie</b>k``), tags as spaces
    (``<p>ziek</p><p>x</p>`` must not become ``ziekx``), and letter-spacing collapsed."""
    glued = _fold(_strip_markup(text, ""))
    forms = [glued, _fold(_strip_markup(text, " "))]
    if collapse:
        forms.append(_collapse_spacing(glued))
    return list(dict.fromkeys(forms))


# --- word lists -------------------------------------------------------------------------

_JOIN = r"[\s\-_]*"
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}


def _term_source(term: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", term) if w]
    parts = []
    for word in words:
        lead = word.startswith("*")
        trail = word.endswith("*")
        core = re.escape(_fold(word.strip("*"))).replace("'", "['\\s]?")
        parts.append((r"\w*" if lead else "") + core + (r"\w*" if trail else ""))
    return _JOIN.join(parts)


def _parse_line(line: str) -> str | None:
    text = line.split(" #", 1)[0].strip()
    if not text or text.startswith("#"):
        return None
    return text


def _read_list(name: str) -> list[str]:
    path = resources.files("connector") / "data" / "lint" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [term for term in map(_parse_line, lines) if term is not None]


def _compile_terms(raw_terms: Iterable[str]) -> list[str]:
    """Regex sources for the terms, longest first so "sick leave" wins over "sick"."""
    sources: list[str] = []
    for raw in raw_terms:
        spellings = [raw]
        lowered = raw.casefold()
        if any(u in lowered for u in _UMLAUTS):
            for umlaut, digraph in _UMLAUTS.items():
                lowered = lowered.replace(umlaut, digraph)
            spellings.append(lowered)
        sources.extend(_term_source(spelling) for spelling in spellings)
    unique = [source for source in dict.fromkeys(sources) if source]
    return sorted(unique, key=len, reverse=True)


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]

    def find(self, text: str) -> list[str]:
        found: list[str] = []
        for variant in _variants(text):
            for match in self.regex.finditer(variant):
                word = " ".join(match.group().split())
                if word not in found:
                    found.append(word)
        return found


@functools.cache
def _matcher(*kinds: str) -> _Matcher:
    raw = [
        term for kind in kinds for lang in LANGUAGES for term in _read_list(f"{kind}.{lang}.txt")
    ]
    alternation = "|".join(_compile_terms(raw))
    return _Matcher(re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"))


def find_reason_terms(text: str) -> list[str]:
    """Words in ``text`` that give or hint at a reason for an absence (all four languages).

    Distinct words as found, in order of appearance, in the normalised form the lint matched
    (lower case, accents removed, markup and invisible characters gone): ``z<b>IE</b>K`` is
    reported as ``ziek``, ``Reïntegratie`` as ``reintegratie``.
    """
    return _matcher("reasons").find(text)


def find_medical_terms(text: str) -> list[str]:
    """Medical terms and reason hints in ``text`` (the medical and the reason lists)."""
    return _matcher("medical", "reasons").find(text)


# --- dates ------------------------------------------------------------------------------

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("januari", "january", "janvier", "januar", "janner", "jan", "janv"),
    2: ("februari", "february", "fevrier", "februar", "feber", "feb", "fev", "fevr"),
    3: ("maart", "march", "mars", "marz", "maerz", "mrt", "mar", "mrz"),
    4: ("april", "avril", "apr", "avr"),
    5: ("mei", "may", "mai"),
    6: ("juni", "june", "juin", "jun"),
    7: ("juli", "july", "juillet", "jul", "juil", "juill"),
    8: ("augustus", "august", "aout", "aug"),
    9: ("september", "septembre", "sep", "sept"),
    10: ("oktober", "october", "octobre", "okt", "oct"),
    11: ("november", "novembre", "nov"),
    12: ("december", "decembre", "dezember", "dec", "dez"),
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}
# "Jan 12" may be the name Jan: an abbreviated month first counts only with a year.
_ABBREVIATIONS = frozenset(name for name in _MONTHS if len(name) <= 4) - {
    "mei",
    "may",
    "mai",
    "juni",
    "june",
    "juin",
    "juli",
    "july",
    "mars",
    "aout",
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th|er|re|eme|e|ste|de)?\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"

_DATE_PATTERNS = (
    # 2026-11-23, 2026/11/23, 2026.11.23
    re.compile(
        r"(?<![\w.\-/])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\w|[-/.]\d)"
    ),
    # 23-11-2026, 23/11/2026, 23.11.2026, 23.11.26 (day first; month first when day first fails)
    re.compile(
        r"(?<![\w.\-/])(?P<d>\d{1,2})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?!\w|[-/.]\d)"
    ),
    # 23 november 2026, 23. November 2026, 1er decembre 2026, 23rd of November 2026, 23 nov.
    re.compile(
        rf"(?<![\w.])(?P<day>\d{{1,2}}){_ORDINAL}\s*(?:of\s+|de\s+)?{_MONTH}(?!\w)"
        rf"(?:\s*,?\s*{_YEAR})?"
    ),
    # November 23, 2026; Nov 23rd 2026; november 23 (on one line: "Jan\n24/7 Support" is no date)
    re.compile(
        rf"(?<!\w){_MONTH}[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|[-/.:]\d)"
        rf"(?:[ \t]*,?[ \t]*{_YEAR})?"
    ),
)


@dataclass(frozen=True)
class DateMention:
    """A date found in text: its possible readings, or only a month and day (no year)."""

    start: int
    readings: tuple[dt.date, ...] = ()
    month_day: tuple[int, int] | None = None

    def allowed_by(self, allowed: frozenset[dt.date]) -> bool:
        if self.readings:
            return any(d in allowed for d in self.readings)
        return any((d.month, d.day) == self.month_day for d in allowed)

    def describe(self) -> str:
        if self.readings:
            return f"date {self.readings[0].isoformat()}"
        month, day = self.month_day or (0, 0)
        return f"date {month:02d}-{day:02d} (no year)"


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2199:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _readings(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    if "y" in groups:
        year = int(groups["y"])
        if len(groups["y"]) == 2:
            year += 2000
        day, month = int(groups["d"]), int(groups["m"])
        first = _make_date(year, month, day)
        # Numeric day-first dates may be US month-first (11/23/2026): keep both readings.
        second = _make_date(year, day, month) if match.re is _DATE_PATTERNS[1] else None
        readings = tuple(d for d in dict.fromkeys((first, second)) if d is not None)
        return DateMention(match.start(), readings) if readings else None
    month = _MONTHS[groups["month"]]
    day = int(groups["day"])
    if groups.get("year"):
        found = _make_date(int(groups["year"]), month, day)
        return DateMention(match.start(), (found,)) if found else None
    if match.re is _DATE_PATTERNS[3] and groups["month"] in _ABBREVIATIONS:
        return None
    if _make_date(2000, month, day) is None:  # 2000 is a leap year: 29 February is fine
        return None
    return DateMention(match.start(), month_day=(month, day))


def _date_mentions(text: str) -> Iterator[DateMention]:
    seen: set[tuple[tuple[dt.date, ...], tuple[int, int] | None]] = set()
    for variant in _variants(text, collapse=False):
        taken: list[tuple[int, int]] = []
        found: list[DateMention] = []
        for pattern in _DATE_PATTERNS:
            for match in pattern.finditer(variant):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                mention = _readings(match)
                if mention is not None:
                    taken.append(match.span())
                    found.append(mention)
        for mention in sorted(found, key=lambda m: m.start):
            key = (mention.readings, mention.month_day)
            if key not in seen:
                seen.add(key)
                yield mention


def find_dates(text: str) -> list[dt.date]:
    """Full dates in ``text`` (numeric, ISO, or with a month name in nl, en, fr or de), distinct,
    in order. All-numeric dates are read day first (European), month first only when day
    first is impossible (11/23/2026). Dates without a year are not returned."""
    dates: list[dt.date] = []
    for mention in _date_mentions(text):
        if mention.readings and mention.readings[0] not in dates:
            dates.append(mention.readings[0])
    return dates


# --- the checks -------------------------------------------------------------------------


def lint_notice(text: str, allowed_dates: Iterable[dt.date] = ()) -> list[str]:
    """Everything in a customer notice that rule 1 forbids; an empty list when it is clean.

    Reason hints and medical terms (a diagnosis is a reason too), then every date that is not
    in ``allowed_dates`` (as ``"date 2026-01-05"``; a day and month without a year as
    ``"date 01-05 (no year)"``, allowed when an allowed date has that day and month).
    """
    allowed = frozenset(allowed_dates)
    words = find_medical_terms(text)
    for mention in _date_mentions(text):
        if not mention.allowed_by(allowed):
            description = mention.describe()
            if description not in words:
                words.append(description)
    return words


def check_notice(text: str, allowed_dates: Iterable[dt.date] = ()) -> None:
    """Raise ``PrivacyViolation`` naming what ``lint_notice`` found."""
    words = lint_notice(text, allowed_dates)
    if words:
        raise PrivacyViolation(words)


def check_hr_text(text: str) -> None:
    """Raise ``PrivacyViolation`` when text for the HR file holds medical data or reason hints."""
    words = find_medical_terms(text)
    if words:
        raise PrivacyViolation(words)
