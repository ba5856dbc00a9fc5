"""Privacy lint: reason hints, medical terms and dates in free text (domain.md rules 1-3).

Pure functions: the normalisation every check shares, date detection, and the checks in the
form their callers have used (``lint_notice``, ``check_notice``, ``check_hr_text``, ...),
which now run the privacy guard of ``connector/domain/privacy.py``.

Text is normalised before matching so that words cannot be smuggled past the lint:
HTML tags and comments are removed (``z<b>ie</b>k``; a comment's own words are read too, since
they reach the recipient with the source), entities decoded (``&#122;iek``,
``zi&shy;ek``, also double-encoded), invisible characters dropped (zero-width space and
joiners, soft hyphen, BOM, bidi controls, variation selectors, the grapheme joiner, Hangul
fillers), NFKC applied (full-width letters, ligatures), case
folded, accents stripped (``reïntegratie`` = ``reintegratie``), common Cyrillic and Greek
look-alike letters mapped to Latin, dashes unified, and letter-spaced words collapsed
(``s i c k``, ``z.i.e.k``). The privacy guard (``connector/domain/privacy.py``) builds on this
and also reads digits as letters (``z1ek``) and glues split words (``zi-ek``, ``s ick``).
Known limits are listed in ``KNOWN_LIMITS``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from connector.errors import PrivacyViolation

LANGUAGES = ("nl", "en", "fr", "de")

KNOWN_LIMITS = (
    "a word split in two by a space where neither part is a lone letter (zie k is found,"
    " zi ek is not), or split by two or more punctuation marks (zi--ek), is missed;",
    "symbols used as letters are read only for 0 1 3 4 5 7 8 ! | @ $ € inside a word;",
    "look-alikes are mapped for common Cyrillic and Greek letters only;",
    "a date without a day (November 2026) or written out in words is not recognised;",
    "all-numeric dates are read day first (05/01/2026 = 5 January); lint_notice accepts either"
    " reading when one of them is allowed;",
    "ordinary senses are recognised only where a context rule (senses.yaml) names the"
    " neighbouring words; a name is recognised only when the caller passes it.",
)

# Look-alike letters NFKC leaves alone (Cyrillic and Greek, after case folding), and Latin
# letters it does not take apart.
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
        # Letters NFKD does not take apart: the French ligatures are ordinary spelling
        # ("problèmes de cœur" is "coeur"), the others look like a plain letter.
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
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

#: An HTML comment, its words as group 1 (not shown, but sent with the mail's source).
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.S)
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


_SECTION_HEADER = re.compile(r"^\[(\w+)\]$")


def sections(text: str) -> Iterator[tuple[int, str, str, str]]:
    """The entries of a sectioned list of ``connector/data/lint`` (terms, misspellings,
    emoji): each entry's line number, the ``[section]`` above it ("" before the first), the
    entry and its note after " #"; blank lines, comments and the headers left out."""
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        entry, _, note = line.partition(" #")
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        if (header := _SECTION_HEADER.match(entry)) is not None:
            section = header.group(1)
            continue
        yield number, section, entry, note.strip()


def _emoji_readings() -> dict[str, tuple[str, str]]:
    """The emoji with a health meaning (``connector/data/lint/emoji.txt``): each emoji (one
    code point) and its reading, a word of letters no language has, with its category."""
    text = (resources.files("connector") / "data" / "lint" / "emoji.txt").read_text("utf-8")
    readings: dict[str, tuple[str, str]] = {}
    for number, category, line, _note in sections(text):
        emoji, word = line.split()
        if len(emoji) != 1 or not word.isascii() or not word.isalpha() or not category:
            raise ValueError(f"emoji.txt:{number}: one emoji, its reading, under a [category]")
        readings[emoji] = (word, category)
    return readings


EMOJI_READINGS = _emoji_readings()
# An emoji is read as its word with a space either side ("out 🤒🤕" -> two words), by the
# table that drops invisible characters: a text holding one takes that table (below).
_EMOJI_WORDS = {ord(emoji): f" {word} " for emoji, (word, _) in EMOJI_READINGS.items()}


# Invisible format characters (zero-width space and joiners, soft hyphen, BOM, bidi controls)
# and combining marks (accents after NFKD) are dropped. Almost every text needs only the
# common ones (one small character class, fast); a text with rarer characters gets the full
# table of every such code point.
class _DropTable(dict[int, int | str | None]):
    """``str.translate`` table of every such code point, filled in as characters are met
    (building it for all 1.1 million code points up front cost seconds at every start)."""

    def __missing__(self, code: int) -> int | str | None:
        if code in _EMOJI_WORDS:
            self[code] = _EMOJI_WORDS[code]
            return _EMOJI_WORDS[code]
        char = chr(code)
        dropped = (
            unicodedata.category(char) in ("Cf", "Mn")  # Mn: also variation selectors
            or bool(unicodedata.combining(char))
            or _COMMON_DROP.match(char) is not None  # U+034F, U+2065: invisible as well
            or char in _FILLERS
        )
        value = None if dropped else code
        self[code] = value
        return value


# Letters that show nothing (Hangul fillers): inside a word they would split it unseen.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_DROP_TABLE = _DropTable()
_COMMON_DROP = re.compile(
    "[\u00ad\u0300-\u036f\u0483-\u0487\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
# Outside these ranges (Latin, Greek and Cyrillic, general punctuation, currency, arrows and
# symbols, emoji) a text may hold rarer invisible characters or combining marks: then the full
# table is used. (Greek and Cyrillic look-alikes are common in smuggling; their only dropped
# characters are the Cyrillic combining marks U+0483-0487, in the class above; a test checks
# every code point of these ranges.)
_FAST_RANGES = (
    (0x0, 0x52F),
    (0x2000, 0x20CF),
    (0x2100, 0x2BFF),
    (0xFEFF, 0xFEFF),
    (0x1F000, 0x1FAFF),
)


def _ranges_without(ranges: Iterable[tuple[int, int]], holes: Iterable[int]) -> str:
    """A character class body of ``ranges`` with the code points ``holes`` left out."""
    cut = sorted(holes)
    out = []
    for lo, hi in ranges:
        for hole in (h for h in cut if lo <= h <= hi):
            if lo < hole:
                out.append((lo, hole - 1))
            lo = hole + 1
        if lo <= hi:
            out.append((lo, hi))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in out)


# A listed emoji (``EMOJI_READINGS``) counts as rare too: the full table reads it as its word.
_RARE = re.compile("[^" + _ranges_without(_FAST_RANGES, _EMOJI_WORDS) + "]")
# Only the characters the table maps: a translate() over a whole text costs far more than a
# search for them, and Latin look-alikes (dotless ı, ȷ) must not slip past a range check.
_LOOKALIKE_CHARS = re.compile("[" + re.escape("".join(chr(k) for k in _LOOKALIKES)) + "]")
WORD = re.compile(r"[^\W_]+")


def _drop(text: str) -> str:
    if _RARE.search(text):
        return text.translate(_DROP_TABLE)
    return _COMMON_DROP.sub("", text)


#: Texts up to this length are folded once and kept (names, words, short fields); a longer
#: text (a notice, an entry) is folded when asked: kept, thousands of distinct notices at the
#: start of a period held tens of MiB.
FOLD_KEPT_UP_TO = 200


def _fold(text: str) -> str:
    """Case-, accent- and look-alike-insensitive form of ``text``; invisible characters dropped;
    an emoji with a health meaning read as its word (``EMOJI_READINGS``).

    NFKD takes compatibility forms apart too (full-width letters, ligatures), so one pass
    before and, if case folding made new letters, one after, is enough."""
    if len(text) > FOLD_KEPT_UP_TO:
        return _fold_text(text)
    return _fold_short(text)


def _fold_text(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = _drop(unicodedata.normalize("NFKD", text)).casefold()
    if not text.isascii():
        text = _drop(unicodedata.normalize("NFKD", text))
    return _LOOKALIKE_CHARS.sub(_lookalike, text)


_fold_short = functools.lru_cache(maxsize=8192)(_fold_text)


def _lookalike(match: re.Match[str]) -> str:
    return match.group().translate(_LOOKALIKES)


def _strip_markup(text: str, joiner: str) -> str:
    """Remove tags and decode entities, repeatedly, so double encoding does not hide a word."""
    for _ in range(4):
        if "<" not in text and "&" not in text:
            break  # no tag and no entity left: another round would change nothing
        cleaned = _TAG.sub(joiner, _BLOCK_TAG.sub(" ", _COMMENT.sub(joiner, text)))
        cleaned = html.unescape(cleaned)
        if cleaned == text:
            break
        text = cleaned
    return text


def _collapse_spacing(text: str) -> str:
    return _SPACED.sub(lambda m: _SPACED_SEP.sub("", m.group()), text)


@functools.lru_cache(maxsize=256)  # texts: a few recent ones (a notice guarded twice)
def variants(text: str, *, collapse: bool = True) -> tuple[str, ...]:
    """The forms of ``text`` to search: tags removed (``z<b>ie</b>k``), tags as spaces
    (``<p>ziek</p><p>x</p>`` must not become ``ziekx``), comments read as text, and
    letter-spacing collapsed."""
    stripped = _strip_markup(text, "")
    glued = _fold(stripped)
    forms = [glued]
    if ("<" in text or "&" in text) and _TAG_INSIDE_TEXT.search(text):
        # "is <i>ziek</i>thuis": read the tag as a space too
        forms.append(_fold(_strip_markup(text, " ")))
    if "<!--" in text:
        # What a comment says reaches the recipient with the source: its words are read too.
        forms.append(_fold(_strip_markup(_COMMENT.sub(r" \1 ", text), "")))
    if _CYRILLIC.search(text):
        # A Cyrillic letter may stand for its look-alike (с = c) or for its sound (с = s).
        # (Only its Cyrillic letters are looked up: str.translate over a whole non-ASCII text
        # looks up every character and cost more than the rest of the reading.)
        forms.append(_fold(_TRANSLITERATED.sub(_transliterate, stripped.casefold())))
    if collapse:
        forms.append(_collapse_spacing(glued))
    return tuple(dict.fromkeys(forms))


_CYRILLIC = re.compile("[\u0400-\u04ff]")
# A tag (or comment) with a letter or digit right before and after it: only then can reading
# tags as nothing and as spaces give different words. (Written to start with "<", which the
# regex engine finds fast; starting with a letter it tried every letter of the text.)
_TAG_INSIDE_TEXT = re.compile(r"<(?<=[^\W_]<)[^<>]*>(?:<[^<>]*>)*(?=[^\W_])")
_TRANSLITERATION = str.maketrans(
    {"с": "s", "в": "v", "н": "n", "р": "r", "у": "u", "х": "h", "к": "k", "м": "m", "т": "t"}
)
_TRANSLITERATED = re.compile("[" + "".join(chr(k) for k in _TRANSLITERATION) + "]")


def _transliterate(match: re.Match[str]) -> str:
    return match.group().translate(_TRANSLITERATION)


_variants = variants


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


def _trie_regex(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a prefix tree (``j(?:an(?:uari|v)|...)``): the regex
    engine then rejects a position on its first letter instead of trying every word."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(tree)


# Longest first is implied: the tree tries the longer continuation before stopping.
_MONTH = "(?P<month>" + _trie_regex(_MONTHS) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th|er|re|eme|e|ste|de)?\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"

_DIGIT = re.compile(r"\d")
#: Words after which a day and month without a year are read as a date ("ab 05.05.",
#: "vanaf 5/5", "per 12-05", "from 24/3", "le 05/05", "jusqu'au 30/4"). Prepositions only:
#: after an article the figures are a version or a share ("the 2.5 release", "des 2/3").
_DATE_WORDS = (
    "ab", "bis", "vom", "am", "zum", "per", "vanaf", "tot", "op", "from", "on", "until", "till",
    "by", "le", "du", "au", "vor", "na", "nach", "after", "before", "voor", "since", "sinds",
    "seit", "depuis",
)  # fmt: skip
_DATE_WORDS_BEFORE = "(?:" + "|".join(rf"(?<=\b{w} )" for w in _DATE_WORDS) + ")"

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
        rf"\b{_MONTH}[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|[-/.:]\d)"
        rf"(?:[ \t]*,?[ \t]*{_YEAR})?"
    ),
    # ab 05.05., vanaf 5/5, per 12-05, from 24/3, le 05/05: day and month without a year, only
    # right after a word that introduces a date (a bare "4/5" is a rating or a fraction)
    re.compile(_DATE_WORDS_BEFORE + r"(?P<nd>\d{1,2})(?P<ns>[-/.])(?P<nm>\d{1,2})(?!\w|[-/.]\d)"),
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
    if "nd" in groups:
        day, month = int(groups["nd"]), int(groups["nm"])
        if _make_date(2000, month, day) is None:
            return None
        return DateMention(match.start(), month_day=(month, day))
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


_DIGIT_RUN = re.compile(r"(\d+)")


# ASCII text with its digits as "1" and everything else as a space (bytes.translate).
_DIGITS_AS_ONES = bytes(49 if chr(i).isdigit() and i < 128 else 32 for i in range(256))


_NON_ASCII_NON_DIGIT = re.compile(r"[^\x00-\x7f\d]")


def _digit_runs(text: str) -> list[tuple[int, int]]:
    """Where each run of digits in ``text`` starts and ends. ASCII text: from its digits
    marked by bytes.translate and found with bytes.find (C-level, a few calls a run; a regex
    tries every position of the text). Else from the lengths of the pieces of one split
    (other, digits, other, ..., other): a match object per run cost more."""
    if not text.isascii():
        # Quotes, bullets and emoji make most folded texts non-ASCII; as spaces (one for one,
        # so offsets stay) the text is usually ASCII and takes the fast way too.
        text = _NON_ASCII_NON_DIGIT.sub(" ", text)
    if text.isascii():
        marked = text.encode("ascii").translate(_DIGITS_AS_ONES)
        runs: list[tuple[int, int]] = []
        find = marked.find
        at = find(b"1")
        while at >= 0:
            end = find(b" ", at)
            if end < 0:
                runs.append((at, len(text)))
                break
            runs.append((at, end))
            at = find(b"1", end)
        return runs
    pieces = _DIGIT_RUN.split(text)
    ends = list(itertools.accumulate(map(len, pieces)))
    # run k is piece 2k + 1: it starts where piece 2k ends
    return list(zip(ends[0:-1:2], ends[1::2], strict=True))


_SEPARATORS = ("-", "/", ".")


def _starts_by_pattern(text: str, runs: list[tuple[int, int]]) -> tuple[list[int], ...]:
    """For each of ``_DATE_PATTERNS``, the runs of digits where a match can begin (or, month
    first, that can be its day): four digits and a separator (2026-11-23), one or two and a
    separator (23-11-2026), one or two (a day: 23 November, November 23)."""
    iso: list[int] = []
    numeric: list[int] = []
    days: list[int] = []
    for start, end in runs:
        size = end - start
        if size <= 2:
            days.append(start)
            if text[end : end + 1] in _SEPARATORS:
                numeric.append(start)
        elif size == 4 and text[end : end + 1] in _SEPARATORS:
            iso.append(start)
    return iso, numeric, days, days, numeric


_MONTH_ENDINGS = tuple(_MONTHS)


def _after_month_name(text: str, pos: int) -> bool:
    """Whether a month name, perhaps a dot, and spaces or tabs stand right before ``pos``
    (C-level string calls): only there can a date that starts with the month end its name."""
    head = text[:pos].rstrip(" \t")
    if len(head) == pos:
        return False
    return head.removesuffix(".").endswith(_MONTH_ENDINGS)


def _word_before(text: str, pos: int) -> int | None:
    """Where the word right before ``pos`` starts ("November 23": the N), skipping the
    spaces or tabs and an optional dot between; ``None`` when there is none."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == pos:
        return None
    if i > 0 and text[i - 1] == ".":
        i -= 1
    end = i
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i if i < end else None


def _matches(pattern: re.Pattern[str], text: str, runs: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a date can start: at the start of a run
    of digits that can begin one (``runs``, ``_starts_by_pattern``), or (month first:
    "November 23") at the word before one. Same matches, a fraction of the time: the
    patterns' look-behinds and month names are costly to try at every position of a long
    text."""
    month_first = pattern is _DATE_PATTERNS[3]
    last_end = -1
    for start in runs:
        if month_first:
            if not _after_month_name(text, start):
                continue
            word = _word_before(text, start)
            if word is None:
                continue
            start = word
        if start < last_end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            last_end = match.end()
            yield match


def date_mentions(text: str) -> Iterator[DateMention]:
    if not _DIGIT.search(text):
        return  # every date form has a digit (the day or the year)
    seen: set[tuple[tuple[dt.date, ...], tuple[int, int] | None]] = set()
    for variant in _variants(text, collapse=False):
        taken: list[tuple[int, int]] = []
        found: list[DateMention] = []
        starts = _starts_by_pattern(variant, _digit_runs(variant))
        for pattern, runs in zip(_DATE_PATTERNS, starts, strict=True):
            for match in _matches(pattern, variant, runs):
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
    for mention in date_mentions(text):
        if mention.readings and mention.readings[0] not in dates:
            dates.append(mention.readings[0])
    return dates


# --- the checks (the guard's two policies, in the form the callers have used) --------------


def find_reason_terms(text: str, names: Iterable[str] = ()) -> list[str]:
    """Words in ``text`` that a customer notice may not hold (reasons, hints, medical words).

    Distinct words as found, in order of appearance, in the normalised form the guard matched
    (lower case, accents removed, markup and invisible characters gone): ``z<b>IE</b>K`` is
    reported as ``ziek``, ``Reïntegratie`` as ``reintegratie``.
    """
    from connector.domain.privacy import Policy, guard, refused_words

    return refused_words(guard(text, Policy.NOTICE, names=names, dates=False))


def find_medical_terms(text: str, names: Iterable[str] = ()) -> list[str]:
    """Medical information in ``text`` (what the HR file may not hold, rule 2)."""
    from connector.domain.privacy import Policy, guard, refused_words

    return refused_words(guard(text, Policy.HR, names=names))


def lint_notice(
    text: str, allowed_dates: Iterable[dt.date] = (), names: Iterable[str] = ()
) -> list[str]:
    """Everything in a customer notice that rule 1 forbids; an empty list when it is clean.

    Reasons, hints and medical words, then every date that is not in ``allowed_dates`` (as
    ``"date 2026-01-05"``; a day and month without a year as ``"date 01-05 (no year)"``,
    allowed when an allowed date has that day and month). ``names`` are never judged.
    """
    from connector.domain.privacy import Policy, guard, refused_words

    found = guard(text, Policy.NOTICE, names=names, allowed_dates=allowed_dates, strict_dates=True)
    return refused_words(found)


def check_notice(
    text: str, allowed_dates: Iterable[dt.date] = (), names: Iterable[str] = ()
) -> None:
    """Raise ``PrivacyViolation`` naming what the notice policy refuses in ``text``."""
    from connector.domain.privacy import Policy, guard

    found = guard(text, Policy.NOTICE, names=names, allowed_dates=allowed_dates, strict_dates=True)
    if found:
        raise PrivacyViolation.of(found)


def check_hr_text(text: str, names: Iterable[str] = ()) -> None:
    """Raise ``PrivacyViolation`` when text for the HR file holds medical information."""
    from connector.domain.privacy import Policy, guard

    found = guard(text, Policy.HR, names=names)
    if found:
        raise PrivacyViolation.of(found)
