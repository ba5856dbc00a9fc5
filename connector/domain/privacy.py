"""The privacy guard: two policies over free text, in nl, fr, de and en (domain.md rules 1-3).

Pure. ``guard(text, Policy.NOTICE, names=..., allowed_dates=...)`` returns typed findings:
the matched text and its span, a ``Category``, the language of the listed term and a
suggested rewrite key (a message in the web catalogue, ``connector/web/i18n_privacy.py``).

- ``Policy.NOTICE`` (rule 1): no reason and no hint of one: sickness, leave and absence,
  recovery, reintegration, personal circumstances, anything medical, and dates that are not
  allowed (they would reveal the absence).
- ``Policy.HR`` (rule 2): no medical information: diagnoses, symptoms, complaints of the
  body, treatment and medication, care professions and appointments, test results, recovery
  as a state of health, and a manager's impressions of health. The words of the process
  (return, phased return, reintegration, plan, hours, reassignment, agreements) are allowed.

How matching works (numbers and the library choice are in the README, "Privacy guard"):
the text is normalised (``lint._fold``: markup, entities, invisible characters, look-alike
letters, accents, case; an emoji with a health meaning read as its word, ``emoji.txt``),
names the caller knows are masked, and the words are laid out as
one space-separated string. One Aho-Corasick automaton per policy (``pyahocorasick``) finds
every listed term in a single pass; a hit counts only on whole words, unless the term is a
prefix (``ziekte*``: inflections and compounds that start with it) or a compound tail
(``*klachten``: rugklachten). Two extra layouts catch split and disguised words: digits and
symbols used as letters (``z1ek``, ``s!ck``), and fragments glued back together
(``zi-ek``, ``s ick``); from those only hits that span a repaired spot count. Finally the
context rules (``senses.yaml``) drop hits whose ordinary sense the neighbouring words show
(password recovery, herstel van de printer, Holiday Inn).
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import enum
import functools
import gc
import hashlib
import itertools
import operator
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

import ahocorasick
import yaml

from connector.domain import lint as _lint

LANGUAGES = ("nl", "fr", "de", "en")


class Policy(enum.StrEnum):
    NOTICE = "notice"
    HR = "hr"


class Category(enum.StrEnum):
    """What a finding is. Leave and absence, reintegration, personal circumstances and dates
    are refused in notices only; the rest (being ill, recovery as a state of health, and
    every kind of medical information) in notices and in the HR file alike."""

    SICKNESS = "sickness"
    LEAVE_ABSENCE = "leave_absence"
    REINTEGRATION = "reintegration"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    ABSENCE_DATE = "absence_date"
    #: A notice template that names the colleague and says more than the period's mention
    #: sentence ("temporarily not available"): found by ``notices.validate_template``, not by
    #: the lists (domain.md rule 1: "if named, only 'temporarily not available', nothing more").
    ABOUT_THE_COLLEAGUE = "about_the_colleague"
    RECOVERY = "recovery"
    DIAGNOSIS = "diagnosis"
    SYMPTOMS = "symptoms"
    BODY_COMPLAINTS = "body_complaints"
    TREATMENT_MEDICATION = "treatment_medication"
    CARE_APPOINTMENTS = "care_appointments"
    TEST_RESULTS = "test_results"
    IMPRESSIONS_OF_HEALTH = "impressions_of_health"
    # Listed ordinary words that contain a listed word (Urlaubsmodul, herstelpunt): never a
    # finding; as the longest term over their span they shield the shorter word inside.
    ORDINARY = "ordinary"


NOTICE_ONLY = frozenset(
    {
        Category.LEAVE_ABSENCE,
        Category.REINTEGRATION,
        Category.PERSONAL_CIRCUMSTANCES,
        Category.ABSENCE_DATE,
        Category.ABOUT_THE_COLLEAGUE,
    }
)
MEDICAL = frozenset(Category) - NOTICE_ONLY - {Category.ORDINARY}


@functools.cache
def refused_in(policy: Policy) -> frozenset[Category]:
    return frozenset(Category) - {Category.ORDINARY} if policy is Policy.NOTICE else MEDICAL


class Rewrite(enum.StrEnum):
    """A suggested rewrite; each value is a key of a message in the catalogue (4 languages)."""

    WHO_FROM_WHEN = "rewrite.who_from_when"
    ALLOWED_DATES_ONLY = "rewrite.allowed_dates_only"
    FACTS_OF_WORK = "rewrite.facts_of_work"
    AGREEMENTS_NOT_IMPRESSIONS = "rewrite.agreements_not_impressions"
    MENTION_ONLY = "rewrite.mention_only"


def rewrite_for(policy: Policy, category: Category) -> Rewrite:
    if policy is Policy.NOTICE:
        if category is Category.ABSENCE_DATE:
            return Rewrite.ALLOWED_DATES_ONLY
        if category is Category.ABOUT_THE_COLLEAGUE:
            return Rewrite.MENTION_ONLY
        return Rewrite.WHO_FROM_WHEN
    if category is Category.IMPRESSIONS_OF_HEALTH:
        return Rewrite.AGREEMENTS_NOT_IMPRESSIONS
    return Rewrite.FACTS_OF_WORK


@dataclass(frozen=True)
class Finding:
    """One refused word or date. ``text`` is the matched words in normalised form (lower
    case, accents, markup and invisible characters removed); ``span`` indexes that
    normalised text. ``lang`` is the language of the listed term (``""`` for a date)."""

    text: str
    span: tuple[int, int]
    category: Category
    lang: str
    rewrite: Rewrite
    source: str = field(default="", repr=False, compare=False)  # the text that was guarded

    @functools.cached_property
    def written(self) -> str:
        """The words as the writer typed them, when they can be recovered from ``source``
        (found only when asked: most findings are counted, not shown)."""
        return _as_written(self.source, self.span, self.text) if self.source else ""

    def describe(self) -> str:
        """The words as written when known (``Hernia``), else the normalised ``text``."""
        return self.written or self.text


# --- the word lists -----------------------------------------------------------------------


class _Term(NamedTuple):
    """A listed term (a tuple: about 40,000 are made at every build of the word lists)."""

    key: str  # normalised, words separated by one space
    category: Category
    lang: str
    prefix: bool  # more letters may follow (ziekte* -> ziekteverlof)
    tail: bool  # more letters may precede (*klachten -> rugklachten)
    # A phrase with gaps ("knapt ~ op"): this term is its longest piece (the anchor the
    # automaton finds); ``pieces`` are all pieces as words, ``part`` the anchor's place.
    pieces: tuple[tuple[str, ...], ...] = ()
    part: int = 0
    veto: frozenset[str] = frozenset()  # words that may not stand in a gap
    # The only words a gap may hold ("?$INT": intensifiers), or None: any word. Such a phrase
    # reads like one written without gaps ("looked very tired" is one phrase, read whole).
    only: frozenset[str] | None = None

    @property
    def parts(self) -> int:
        return len(self.pieces) or 1


GAP_WORDS = 4  # "~" in a phrase: up to this many words in between (knapt gelukkig goed op)
# How far a context rule may look (its ``window`` in senses.yaml, checked on load).
CONTEXT_REACH = 8


_MACRO = re.compile(r"^\$([A-Z_]+)\s*=\s*(.+)$")
# "?$INT" after a phrase with gaps: its gaps may hold only the words of the macro $INT.
_GAP_ONLY = re.compile(r"\s+\?\$([A-Z_]+)\s*$")


def _words(text: str) -> list[str]:
    return _lint.WORD.findall(_lint._fold(text))


def _expand_macros(line: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"\$([A-Z_]+)", line)
    if match is None:
        return [line]
    values = macros[match.group(1)]
    out: list[str] = []
    for value in values:
        out.extend(_expand_macros(line[: match.start()] + value + line[match.end() :], macros))
    return out


def _spellings(raw: str) -> list[str]:
    """A term and its German digraph spelling (Rückenschmerzen = Rueckenschmerzen)."""
    out = [raw]
    lowered = raw.casefold()
    if any(u in lowered for u in "äöü"):
        out.append(lowered.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
    return out


#: Words too common to anchor a phrase with gaps. The anchor is the piece the automaton looks
#: for; every place it is found starts a search for the other pieces, so "is ~ zv" anchored
#: on "is" searched around almost every Dutch sentence.
_COMMON_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as words
        "is ist est es en et in im op on of to at de het een the a an le la les un une der die "
        "das den dem ein eine und and or ou his her hij zij ze zijn haar sa son ses sein seine "
        "ihr ihre er sie il elle he she it"
    ).split()
)


def _anchor_rank(words: tuple[str, ...]) -> tuple[bool, int]:
    """How good a piece of a phrase with gaps is as its anchor: one with a word that is not
    common first, then the longest."""
    return (not _COMMON_WORDS.issuperset(words), len(" ".join(words)))


_T = TypeVar("_T")
_SHARED: dict[Any, Any] = {}


def _shared(value: _T) -> _T:
    """One object for each distinct value: some ten thousand phrases with gaps each made an
    empty ``veto`` set (216 bytes) and a tuple of pieces of their own, kept in every process
    that loads the tables; pickle keeps the sharing."""
    return _SHARED.setdefault(value, value)


def _terms_from(raw: str, category: Category, lang: str) -> list[_Term]:
    if "~" in raw:
        # A separable verb or a split phrase: "knapt ~ op", "fällt ~ aus"; "!bij" after it
        # names a word that may not stand in the gap ("komt ~ terug !bij": not "komt bij u
        # terug", which is getting back to someone).
        veto = _shared(frozenset(" ".join(_words(w[1:])) for w in raw.split() if w.startswith("!")))
        phrase = " ".join(w for w in raw.split() if not w.startswith("!"))
        pieces = [p.strip() for p in phrase.split("~")]
        piece_words = _shared(tuple(map(_piece_words, pieces)))
        anchor = max(
            range(len(pieces)),
            key=lambda i: _anchor_rank(tuple(w.rstrip("*") for w in piece_words[i])),
        )
        return [
            term._replace(pieces=piece_words, part=anchor, veto=veto)
            for term in _terms_from(pieces[anchor], category, lang)
        ]
    out: list[_Term] = []
    for spelling in _spellings(raw):
        tail = spelling.startswith("*")
        prefix = spelling.endswith("*")
        words = [w for w in re.split(r"[\s\-]+", spelling.strip("*")) if w]
        inner_stars = [w.endswith("*") for w in words[:-1]]
        folded = [" ".join(_words(w.strip("*"))) for w in words]
        if not all(folded):
            continue
        layouts = {" ".join(folded)}
        if len(folded) > 1 and "-" in spelling:
            layouts.add("".join(folded))  # burn-out = burnout
        if any(inner_stars):
            # "persoonlijk* omstandighed*": the starred inner word may be inflected
            # (persoonlijke); list the usual endings rather than allow any continuation.
            layouts = set()
            for combo in _inflect_inner(folded, inner_stars):
                layouts.add(" ".join(combo))
        # Interned: the anchors of a macro line's phrases repeat (and pickling keeps the sharing).
        out.extend(_Term(sys.intern(key), category, lang, prefix, tail) for key in sorted(layouts))
    return out


@functools.cache  # one tuple per piece: a macro line repeats its pieces thousands of times
def _piece_words(piece: str) -> tuple[str, ...]:
    """The words of a piece of a phrase with gaps. Outside the anchor a word written with a
    trailing * keeps it and is matched as a prefix ("build* ~ hours up": builds his hours up,
    building her hours up); the anchor is a term of its own (``_terms_from``)."""
    out: list[str] = []
    for raw in piece.split():
        words = _words(raw)
        if words and raw.endswith("*"):
            words[-1] += "*"
        out += words
    return tuple(out)


_INNER_ENDINGS = ("", "e", "en", "es", "er", "em", "s", "n", "le", "les", "lle", "lles")


def _inflect_inner(words: list[str], stars: list[bool]) -> list[list[str]]:
    combos: list[list[str]] = [[]]
    for i, word in enumerate(words):
        forms = [word + e for e in _INNER_ENDINGS] if i < len(stars) and stars[i] else [word]
        combos = [c + [f] for c in combos for f in forms]
    return combos


@functools.cache
def _read(name: str) -> str:
    return (resources.files("connector") / "data" / "lint" / name).read_text(encoding="utf-8")


@functools.cache
def terms() -> tuple[_Term, ...]:
    """Every listed term of every language (``connector/data/lint/terms.<lang>.txt``) and the
    readings of the emoji with a health meaning (``emoji.txt``)."""
    out: list[_Term] = []
    for lang in LANGUAGES:
        out += _terms_in(f"terms.{lang}.txt", lang)
    # An emoji with a health meaning is read as a word of its own (lint._fold): no language.
    for word, category_name in _lint.EMOJI_READINGS.values():
        out.append(_Term(word, Category(category_name), "", prefix=False, tail=False))
    return tuple(out)


def typos() -> dict[str, _Term]:
    """The misspellings of long listed words (``typos.<lang>.txt``, written by
    ``scripts/make_typos.py``), each a whole word, with the term it stands for: "sugery" is
    read as "surgery", context rules included ("the veterinary sugery" stays ordinary).
    Looked up word by word (a dictionary: some 40,000 more keys in the automaton cost a
    sixth more memory)."""
    out: dict[str, _Term] = {}
    meant_terms: dict[tuple[str, Category, str], _Term] = {}  # one per word meant: shared
    for lang in LANGUAGES:
        name = f"typos.{lang}.txt"
        for number, category, slip, meant in _entries(name):
            if category is None or not slip.isalpha() or not meant:
                raise ValueError(f"{name}:{number}: not 'misspelling  # term' under a [category]")
            key = (meant, category, lang)
            if key not in meant_terms:
                meant_terms[key] = _Term(meant, category, lang, prefix=False, tail=False)
            out.setdefault(slip, meant_terms[key])
    return out


def _terms_in(name: str, lang: str) -> list[_Term]:
    """The terms of one file of ``connector/data/lint`` (the format: its README.txt)."""
    out: list[_Term] = []
    macros: dict[str, list[str]] = {}
    for number, category, line, _note in _entries(name):
        if (macro := _MACRO.match(line)) is not None:
            value = macro.group(2)
            macros[macro.group(1)] = [v.strip() for v in value.split("|" if "|" in value else None)]
            continue
        if category is None:
            raise ValueError(f"{name}:{number}: a term before any [category]")
        only = None
        if (gap := _GAP_ONLY.search(line)) is not None:
            if "~" not in line or gap.group(1) not in macros:
                raise ValueError(f"{name}:{number}: ?$ names a macro, after a phrase with ~")
            only = frozenset(w for value in macros[gap.group(1)] for w in _words(value))
            line = line[: gap.start()]
        for raw in _expand_macros(line, macros):
            out.extend(
                term._replace(only=only) if only is not None else term
                for term in _terms_from(raw, category, lang)
            )
    return out


def _entries(name: str) -> Iterator[tuple[int, Category | None, str, str]]:
    """``lint.sections`` of a list file, with its sections as categories."""
    for number, section, entry, note in _lint.sections(_read(name)):
        yield number, Category(section) if section else None, entry, note


# --- context rules --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SenseRule:
    """A listed word is read in its ordinary sense when one of ``near`` stands within
    ``window`` words before (``side`` before) or after it (``after``), or either side, and
    none of ``unless`` does: a second condition, for a sense that one neighbour shows only
    when another is absent ("your office manager is on leave" is the customer's matter,
    "your contact is on leave" is not)."""

    lang: str
    terms: tuple[str, ...]
    near: tuple[str, ...]
    window: int
    side: str
    sense: str
    ordinary: str = ""  # an example read in the ordinary sense (tested)
    refused: str = ""  # the same word where it is refused (tested)
    names: tuple[str, ...] = ()  # the names Stand-in knows in the examples
    unless: tuple[str, ...] = ()  # words that keep the listed sense although a near word stands
    #: ``notice``: read in customer notices only. Such a rule reads "your" as the customer's,
    #: and in the HR file "your" is the employee's ("after your operation" in a mail to them).
    notice_only: bool = False
    #: ``<name-between>`` in ``unless``: a name Stand-in knows between the listed word and
    #: the near word before it is the one the word is said of (a state of health: "after the
    #: update of the system Tom looked pale"), unless it owns the thing ("the server of Tom").
    name_between: bool = False

    def matches_term(self, word: str) -> bool:
        return any(_word_matches(word, t) for t in self.terms)

    def matches_context(
        self, words: Sequence[str], first: int, last: int, *, inside: bool = False, hr: bool = False
    ) -> bool:
        """``inside``: the hit is a phrase with gaps, whose gaps hold words of the context
        too ("ligt ons hele netwerk plat"). A hit of one word is also read by its own end: a
        compound is what its last part names ("medicatiebewakingssysteem" is a system, as
        "the medication system" would be by its neighbour), so a compound tail (``*systeem``)
        that ends the word itself, after more letters, shows the ordinary sense. ``hr``: read
        for the HR file, where "your" is the employee's ("je klachten", "votre traitement"):
        a second-person word shows no ordinary sense there (``SECOND_PERSON``), and a rule for
        notices only (``notice_only``) none at all."""
        if hr and self.notice_only:
            return False
        before = words[max(0, first - self.window) : first] if self.side != "after" else []
        after = words[last + 1 : last + 1 + self.window] if self.side != "before" else []
        tails = self._near.tails
        near = [*before, *words[first + 1 : last], *after] if inside else [*before, *after]
        own = words[first] if first == last and tails else ""
        if bool(own) and _ends_in_a_tail(own, tails):
            shown = True
        else:
            patterns = self._near_hr if hr else self._near
            shown = _any_matches(near, patterns)
            if shown and self.name_between and not inside and any(map(_masked, before)):
                shown = _any_matches(after, patterns) or _shown_before_any_subject(before, patterns)
        if shown and self.unless and not self.window:
            # a rule that reads only the word's own compound still hears its unless words
            # around it ("staat zelf op de blessurelijst")
            near = [
                *words[max(0, first - OWN_UNLESS_REACH) : first],
                *words[last + 1 : last + 1 + OWN_UNLESS_REACH],
            ]
        return shown and not (self.unless and _any_matches(near, self._unless))

    @functools.cached_property
    def _near(self) -> _Patterns:
        return _patterns(self.near)

    @functools.cached_property
    def _near_hr(self) -> _Patterns:
        return _patterns([n for n in self.near if n.rstrip("*") not in SECOND_PERSON])

    @functools.cached_property
    def _unless(self) -> _Patterns:
        return _patterns(self.unless)


def _ends_in_a_tail(word: str, tails: tuple[str, ...]) -> bool:
    """Whether ``word`` is a compound that one of ``tails`` ends, after more letters
    ("medicatiebewakingssysteem" by "systeem"); one C-level ``endswith`` first."""
    return word.endswith(tails) and any(word.endswith(t) and len(word) > len(t) for t in tails)


#: How far the unless words of a rule of window 0 (its word's own compound only) are read.
OWN_UNLESS_REACH = 3


#: The second person ("your", "uw", "votre", "dein", the formal German "Ihr" as marked):
#: in a notice the customer, in the HR file the employee.
SECOND_PERSON = frozenset(
    {
        "u", "uw", "je", "jouw", "jij", "jullie", "you", "your", "yours", "vous", "votre",
        "vos", "tu", "ton", "ta", "tes", "toi", "du", "dein", "deine", "deiner", "deinem",
        "deinen", "deines", "dich", "dir", "euch", "euer", "eure", "yhr", "yhre", "yhrer",
        "yhrem", "yhren", "yhres", "yie",
    }
)  # fmt: skip


class _Patterns(NamedTuple):
    """Near words as exact words, prefixes (``daten*``), compound tails (``*daten``:
    Kundendaten) and parts found anywhere in a word (``*datenbank*``)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    tails: tuple[str, ...]
    infixes: tuple[str, ...]


def _patterns(listed: Sequence[str]) -> _Patterns:
    plain = [n for n in listed if not n.startswith("*")]
    return _Patterns(
        frozenset(n for n in plain if not n.endswith("*")),
        tuple(n[:-1] for n in plain if n.endswith("*")),
        tuple(n[1:] for n in listed if n.startswith("*") and not n.endswith("*")),
        tuple(n[1:-1] for n in listed if len(n) > 2 and n[0] == n[-1] == "*"),
    )


def _any_matches(near: Sequence[str], patterns: _Patterns) -> bool:
    """Whether a word of ``near`` is one of ``patterns``: an exact word, a name Stand-in knows
    (when ``<name>`` is listed), a word with a prefix or a tail, or one holding an infix."""
    exact, prefixes, tails, infixes = patterns
    return (
        not exact.isdisjoint(near)
        or (NAME_WORD in exact and any(map(_masked, near)))
        or (bool(prefixes) and any(map(str.startswith, near, itertools.repeat(prefixes))))
        or (bool(tails) and any(map(str.endswith, near, itertools.repeat(tails))))
        or (bool(infixes) and any(map(" ".join(near).__contains__, infixes)))
    )


#: Words before a name that make it the owner of the thing before them ("the server of Tom",
#: "de laptop van Anna", "le portable de Léa", "der Rechner von Jan"), not a new subject.
_OWNER_BEFORE_A_NAME = frozenset({"of", "van", "de", "du", "des", "d", "von", "vom", "der"})


#: Words that open a phrase of time or cause before a near word ("na de storing", "after the
#: outage", "nach dem Ausfall", "depuis la panne"): the thing there is not what the sentence
#: speaks of, so a name before it is still the subject ("Tom is na de storing weer op de been").
_PHRASE_OPENERS = frozenset(
    {
        "na", "sinds", "tijdens", "sedert", "after", "since", "during", "following", "nach",
        "seit", "wahrend", "apres", "depuis", "pendant", "suite",
    }
)  # fmt: skip
#: Articles, and the customer's possessives, that may stand between such an opener and the
#: near word.
_ARTICLES = frozenset(
    {
        "de", "het", "een", "the", "a", "an", "der", "die", "das", "dem", "den", "des", "ein",
        "einem", "einer", "la", "le", "les", "l", "un", "une", "du", "uw", "your", "yhrem",
        "yhrer", "votre", "vos",
    }
)  # fmt: skip


def _in_a_phrase_of_time(before: Sequence[str], i: int) -> bool:
    """Whether ``before[i]`` follows an opener of time or cause, perhaps after an article."""
    j = i - 1
    if j >= 0 and before[j] in _ARTICLES:
        j -= 1
    return j >= 0 and before[j] in _PHRASE_OPENERS


def _shown_before_any_subject(before: Sequence[str], patterns: _Patterns) -> bool:
    """Whether a near word stands before the listed word with no name Stand-in knows between
    them, read from the listed word back: "after the update of the system Tom looked pale"
    says "pale" of Tom, not of the system; "the system looked pale", "Toms laptop zag er
    grauw uit" and "the server of Tom looked pale" say it of the thing. A near word in a
    phrase of time ("Tom is na de storing weer op de been") is passed over: a name before it
    is still the subject."""
    for i in range(len(before) - 1, -1, -1):
        word = before[i]
        if _any_matches((word,), patterns) and not _in_a_phrase_of_time(before, i):
            return True
        if _masked(word) and (i == 0 or before[i - 1] not in _OWNER_BEFORE_A_NAME):
            return False
    return False


#: A near word of a context rule that stands for a name Stand-in knows ("behandeld door
#: <name>": handled by a colleague, not treated by one).
NAME_WORD = "<name>"
#: An unless word of a context rule: a name Stand-in knows standing between the near word
#: before and the listed word (``SenseRule.name_between``).
NAME_BETWEEN = "<name-between>"


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _pattern(text: str) -> str:
    """A rule's word in normalised form, keeping a trailing ``*`` (a prefix) and, for a near
    word, a leading one (a compound tail: ``*daten``)."""
    return (
        ("*" if text.startswith("*") else "")
        + " ".join(_words(text))
        + ("*" if text.endswith("*") and len(text) > 1 else "")
    )


@functools.cache
def sense_rules() -> tuple[SenseRule, ...]:
    """The context rules of ``connector/data/lint/senses.yaml``, checked on load."""
    # BaseLoader: every value is text (YAML 1.1 would read the word "no" as false); it builds
    # only strings, lists and mappings, never objects. libyaml's (in PyYAML's wheels) reads the
    # file in a tenth of the time, in every process that guards a text.
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    loaded: Any = yaml.load(_read("senses.yaml"), Loader=loader)  # noqa: S506
    out: list[SenseRule] = []
    for i, rule in enumerate(loaded["rules"]):
        if rule["lang"] not in LANGUAGES or rule.get("side", "either") not in (
            "before",
            "after",
            "either",
        ):
            raise ValueError(f"senses.yaml rule {i}: bad lang or side")
        # window 0: no neighbour is read, only the listed word's own compound tail (a
        # "*liste" of a rule about "Medikamentenliste" must not read "Warteliste" beside it).
        if not 0 <= int(rule.get("window", 3)) <= CONTEXT_REACH:
            raise ValueError(f"senses.yaml rule {i}: window must be 0 to {CONTEXT_REACH}")
        near = tuple(n if n == NAME_WORD else _pattern(n) for n in rule["near"])
        unless_listed = rule.get("unless", ())
        unless = tuple(
            n if n == NAME_WORD else _pattern(n) for n in unless_listed if n != NAME_BETWEEN
        )
        if spaced := [n for n in (*near, *unless) if " " in n]:
            raise ValueError(f"senses.yaml rule {i}: near and unless words are one word: {spaced}")
        if rule.get("policy", "both") not in ("both", Policy.NOTICE.value):
            raise ValueError(f"senses.yaml rule {i}: policy is notice or both")
        out.append(
            SenseRule(
                lang=rule["lang"],
                terms=tuple(_pattern(t) for t in rule["terms"]),
                near=near,
                window=int(rule.get("window", 3)),
                side=rule.get("side", "either"),
                sense=str(rule["sense"]),
                ordinary=str(rule.get("ordinary", "")),
                refused=str(rule.get("refused", "")),
                names=tuple(rule.get("names", ())),
                unless=unless,
                notice_only=rule.get("policy") == Policy.NOTICE.value,
                name_between=NAME_BETWEEN in unless_listed,
            )
        )
    return tuple(out)


# --- the automaton ----------------------------------------------------------------------------


class _Listed:
    """The terms listed under each automaton value (all of them have it as their ``key``),
    kept as one UTF-8 text and read back when a text first meets the value (``_Groups`` keeps
    what was read): as tuples, the terms with their words and pieces took several times the
    memory of their text in every process that loads the tables."""

    __slots__ = ("_ends", "_text")

    def __init__(self, entries: Iterable[Sequence[_Term]]) -> None:
        encoded = [_TERMS.join(map(_encode_term, terms)).encode() for terms in entries]
        self._ends = array.array("L", itertools.accumulate(map(len, encoded)))
        self._text = b"".join(encoded)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> tuple[_Term, ...]:
        start = self._ends[index - 1] if index else 0
        encoded = self._text[start : self._ends[index]].decode()
        return tuple(map(_decode_term, encoded.split(_TERMS)))

    def __iter__(self) -> Iterator[tuple[_Term, ...]]:
        return map(self.__getitem__, range(len(self)))

    def __getstate__(self) -> tuple[array.array[int], bytes]:
        return self._ends, self._text

    def __setstate__(self, state: tuple[array.array[int], bytes]) -> None:
        self._ends, self._text = state


# Separators of ``_Listed``'s text: control characters, which no folded word holds.
_TERMS, _FIELDS, _PIECES = "\x1e", "\x1f", "\x1d"
_NO_LIMIT = "\x15"  # ``only`` is None: a gap may hold any word


def _encode_term(term: _Term) -> str:
    words = [term.key, *itertools.chain(*term.pieces), *term.veto, *(term.only or ())]
    if any(not _PLAIN(word) for word in words):
        raise ValueError(f"a listed term holds a space or control character: {term.key!r}")
    return _FIELDS.join(
        (
            term.key,
            term.category.value,
            term.lang,
            ("p" if term.prefix else "") + ("t" if term.tail else ""),
            "".join(_PIECES + " ".join(piece) for piece in term.pieces),  # a piece may be empty
            str(term.part),
            " ".join(sorted(term.veto)),
            _NO_LIMIT if term.only is None else " ".join(sorted(term.only)),
        )
    )


# Words as ``_Listed`` writes them: no control character, and a space only between words.
_PLAIN = re.compile(r"[^\x00-\x1f ]+(?: [^\x00-\x1f ]+)*").fullmatch


def _decode_term(encoded: str) -> _Term:
    key, category, lang, flags, pieces, part, veto, only = encoded.split(_FIELDS)
    return _Term(
        sys.intern(key),
        Category(category),
        lang,
        "p" in flags,
        "t" in flags,
        _decoded_pieces(pieces),
        int(part),
        _decoded_words(veto),
        None if only == _NO_LIMIT else _decoded_words(only),
    )


@functools.lru_cache(maxsize=4096)  # one object per value, as in the built lists (``_shared``)
def _decoded_pieces(encoded: str) -> tuple[tuple[str, ...], ...]:
    pieces = encoded.split(_PIECES)[1:]  # each piece starts with the separator
    return tuple(tuple(piece.split(" ")) if piece else () for piece in pieces)


@functools.lru_cache(maxsize=1024)
def _decoded_words(encoded: str) -> frozenset[str]:
    return frozenset(encoded.split(" ")) if encoded else frozenset()


class _Tables(NamedTuple):
    """The automaton over every listed term, and what its hits mean: the automaton's value for
    a key is an index into ``listed``, the terms listed under that key. Plain numbers in the
    automaton, so that the tables load from a cache in a tenth of the time they take to
    build (``TableCache``). A key is stored after the space every word of a text has before
    it, but for the few compound tails (which may start inside a word): the automaton then
    follows words from their start only, instead of every part of every word (a third of a
    reading's scan)."""

    automaton: Any
    listed: _Listed
    typos: dict[str, _Term]  # ``typos()``


def _build_tables() -> _Tables:
    """Where hits overlap, the longest listed term decides the category (``sick leave`` is
    leave, ``sick`` alone is being ill); only then is the policy applied, so a process word
    shields the shorter word inside it."""
    by_key: dict[str, list[_Term]] = {}
    for term in terms():
        by_key.setdefault(term.key, []).append(term)
    automaton = ahocorasick.Automaton()
    for index, (key, listed) in enumerate(by_key.items()):
        automaton.add_word(key if any(t.tail for t in listed) else " " + key, index)
    automaton.make_automaton()
    return _Tables(automaton, _Listed(by_key.values()), typos())


def _is_key(automaton: Any, text: str) -> bool:
    """Whether ``text`` is a listed term's key (``_build_tables``: a key is stored after the
    space that must stand before it, but for the few compound tails, found inside a word)."""
    return bool(automaton.exists(" " + text) or automaton.exists(text))


def _starts_a_key(automaton: Any, text: str) -> bool:
    """Whether a listed term's key starts with ``text``."""
    return bool(automaton.match(" " + text) or automaton.match(text))


class TableCache(Protocol):
    """Where the built tables may be kept between processes (an adapter: files on disk).
    ``key`` names what they were built from; a cache holds only what it was given."""

    def holds(self, key: str) -> bool: ...

    def load(self, key: str) -> bytes | None: ...

    def save(self, key: str, make: Callable[[], bytes]) -> None: ...


_table_cache: list[TableCache] = []


def use_table_cache(cache: TableCache | None) -> None:
    """Keep the built tables in ``cache`` (set once by ``wiring``; None: build in each process)."""
    _table_cache[:] = [cache] if cache is not None else []


def tables_key() -> str:
    """What the tables are built from: the word lists, this module and ``lint`` (the rules
    that read them), and the versions of Python and pyahocorasick (the automaton's format)."""
    digest = hashlib.sha256()
    for lang in LANGUAGES:
        digest.update(_read(f"terms.{lang}.txt").encode())
        digest.update(_read(f"typos.{lang}.txt").encode())
    digest.update(_read("emoji.txt").encode())
    for module in (__file__, _lint.__file__):
        digest.update(Path(module).read_bytes())
    digest.update(f"{sys.version} pyahocorasick {_installed('pyahocorasick')}".encode())
    return digest.hexdigest()[:32]


def fill_table_cache() -> bool:
    """Build the tables into the table cache if it does not hold them yet, without keeping
    them here. Meant for a short-lived process (``standin serve`` runs it in the child that
    checks the configuration): what building leaves behind in memory, some 10 MiB more than
    loading, then ends with it, and the long-lived processes load the compact copy. False
    without a cache (or without the module's source to key it on)."""
    cached = _cache_and_key()
    if cached is None:
        return False
    cache, key = cached
    if not cache.holds(key):  # built only where the cache can keep them (``save``)
        cache.save(key, lambda: pickle.dumps(_build_tables(), protocol=pickle.HIGHEST_PROTOCOL))
    return True


def _installed(distribution: str) -> str:
    from importlib import metadata  # here: about 30 ms to import, needed once per process

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _tables_from(blob: bytes) -> _Tables | None:
    """The tables in ``blob``, or None if it holds anything else. The collector is paused
    while some 200,000 tuples are made (it would walk them all several times: 3x slower)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        tables = pickle.loads(blob)  # noqa: S301  (a blob this module wrote; see TableCache)
    except Exception:  # noqa: BLE001  (a torn or foreign file: build instead)
        return None
    finally:
        if collecting:
            gc.enable()
    return tables if isinstance(tables, _Tables) else None


def _cache_and_key() -> tuple[TableCache, str] | None:
    """The table cache in use and the key of these tables there; None without a cache, or
    when the module's source is not on disk (a frozen build): nothing to key on."""
    cache = _table_cache[0] if _table_cache else None
    if cache is None:
        return None
    try:
        return cache, tables_key()
    except OSError:
        return None


@functools.cache
def _tables() -> _Tables:
    cached = _cache_and_key()
    if cached is None:
        return _build_tables()
    cache, key = cached
    blob = cache.load(key)
    tables = _tables_from(blob) if blob is not None else None
    if tables is None:
        tables = _build_tables()
        cache.save(key, lambda: pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
    return tables


_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}
    | {"!": "i", "|": "l", "@": "a", "$": "s", "€": "e"}
)
# A digit or symbol between two letters (z1ek, s!ck, burn0ut), or right after a letter and a
# hyphen or dot with two letters after it (burn-0ut), or a symbol starting a word ($ick): not
# an ordinal or a time (1er, 2e, 11u), which are far more common in notices.
# (Each branch starts with the character itself: the regex engine then skips to candidates.)
_LEET_HINT = re.compile(
    r"[0-9!|@$€](?:(?<=[a-z].)(?=[a-z])|(?<=[a-z][-.].)(?=[a-z]{2})"
    r"|(?<=[!|@$€])(?<![\w!|@$€].)(?=[a-z]{2}))"
)
# A hyphen at the end of a line splits a word across the break ("her-\nstelperiode").
_GLUE_GAP = re.compile(r"[-.·*/_|~+]|\s{1,2}|-[ \t]*\r?\n[ \t]*")
# Where a split word may be: a punctuation mark between two letters (or a hyphen before a line
# break and a letter), or a lone consonant.
# (Written so that the regex engine jumps to the rare character first: these run on every text.)
_GLUE_PUNCT = re.compile(r"[-.·*/_|~+](?<=[^\W\d_].)(?=[^\W\d_]|(?<=-)[ \t]*\r?\n[ \t]*[^\W\d_])")
_LONE_LETTERS = frozenset("bcdefghjklmnpqrstvwxz")
# Single-letter words of the four languages: they do not start a glued run of letters.
_REAL_SINGLES = frozenset("auiyo")


def _deleet(folded: str) -> tuple[str, list[tuple[int, int]]] | None:
    """Digits and symbols used as letters (z1ek, s!ck, burn0ut) read as letters, in words
    that mix them with letters, and the stretches read so; ``None`` when there are none
    (dates and numbers stay). The text keeps its length."""
    hints = [m.start() for m in _LEET_HINT.finditer(folded)]
    if not hints:
        return None
    regions: list[tuple[int, int]] = []
    chars = list(folded)
    done = -1
    for pos in hints:
        if pos <= done:
            continue
        start, end = pos, pos + 1
        while start > 0 and _leet_char(folded[start - 1]):
            start -= 1
        while end < len(folded) and _leet_char(folded[end]):
            end += 1
        chars[start:end] = folded[start:end].translate(_LEET)
        regions.append((start, end))
        done = end
    return "".join(chars), regions


# Letters one or two spaces apart, or a mark between two of them with a space or none on
# either side ("b u r n - o u t", "z i e k t e - v e r l o f"): the mark stays in the word.
_LETTER_SPACED = re.compile(
    r"(?<![^\W_])[^\W\d_]"
    r"(?:(?: {1,2}| ?[-\u2010\u2013\u2014.\u00b7/_*|~+] ?)[^\W\d_]){3,}(?![^\W_])"
)


def _collapse(match: re.Match[str]) -> str:
    return " ".join(part.replace(" ", "") for part in match.group().split("  "))


def _split_in_two(run: str) -> list[tuple[str, _Term]]:
    """The listed phrases of two words that a glued run of letters holds whole, split at any
    place ("panicattacks": "panic attacks"); a run with a space or shorter than six letters is
    left as it is."""
    if " " in run or len(run) < 6:
        return []
    out: list[tuple[str, _Term]] = []
    # a one-letter word spaced like the rest may stand before it ("a h e a r t a t t a c k")
    for glued in (run, run[1:]) if run[0] in "ai" else (run,):
        for i in range(3, len(glued) - 2):
            words = [glued[:i], glued[i:]]
            hits = _word_hits(words)
            out += [(" ".join(words), h.term) for h in hits if (h.first, h.last) == (0, 1)]
    return out


def _leet_char(ch: str) -> bool:
    return ch.isalnum() or ch in "!|@$€"


_Found = tuple[str, tuple[int, int], "_Term"]
_START = operator.itemgetter(0)  # of a span
_MATCH_START = operator.methodcaller("start")
_KEY = operator.attrgetter("key")


class _Hit(NamedTuple):  # a tuple: made for every hit of every text
    first: int  # index of the first and last word of the hit among the searched words
    last: int
    term: _Term


class _Group(NamedTuple):
    """The terms of one automaton value, as ``_scan`` reads them."""

    terms: tuple[_Term, ...]
    back: int  # the key's length less one: where a hit starts, from where it ends
    bounds: tuple[bool, bool] | None  # (prefix, tail) when every term has the same, else None
    # Per term, a word that must stand somewhere in the text for it to be found: the first
    # word of another piece of a phrase with gaps (``_other_firsts``); None for every other
    # term, and the whole field None when no term of the group needs one.
    needs: tuple[str | None, ...] | None


class _Groups(dict[int, _Group]):
    """``_Group`` by automaton value, filled in as values are met (a property of the lists,
    like ``_Ruleless``). A phrase with gaps is listed once per combination of its pieces
    ("avait l'air ~ fatiguee", "avait l'air ~ epuisee", ...), all under the anchor the automaton
    finds: most of them need a word the text does not hold, and are dropped here, before a hit
    is made for each."""

    def __init__(self, listed: _Listed) -> None:
        super().__init__()
        self._listed = listed

    def __missing__(self, index: int) -> _Group:
        terms = self._listed[index]
        flags = {(t.prefix, t.tail) for t in terms}
        needs = tuple(min(_other_firsts(t.pieces, t.part), default=None) for t in terms)
        group = _Group(
            terms,
            len(terms[0].key) - 1,
            next(iter(flags)) if len(flags) == 1 else None,
            needs if any(n is not None for n in needs) else None,
        )
        # Threads that read the same value at once all go on with the group kept first: a
        # term is one object for the life of the process (``_Ruleless`` knows it by ``id``).
        return self.setdefault(index, group)


@functools.cache
def _groups() -> _Groups:
    return _Groups(_tables().listed)


def _scan(line: str, words: Sequence[str]) -> list[tuple[int, int, _Term]]:
    """(start, end) in ``line`` and the term, for every whole-word hit of the automaton;
    ``words``: the words of ``line``, for the phrases with gaps (``_Group.needs``)."""
    out: list[tuple[int, int, _Term]] = []
    groups = _groups()
    present: set[str] | None = None
    for end, index in _tables().automaton.iter(line):
        group = groups[index]
        start = end - group.back
        before, after = line[start - 1], line[end + 1]
        found: Sequence[_Term] = group.terms
        if group.needs is not None:
            if present is None:
                present = set(words)
            found = [
                t
                for t, need in zip(found, group.needs, strict=True)
                if need is None or need in present
            ]
        if group.bounds is not None:
            prefix, tail = group.bounds
            if (before == " " or tail) and (after == " " or prefix):
                out += zip(itertools.repeat(start), itertools.repeat(end + 1), found)
            continue
        for term in found:
            if (before == " " or term.tail) and (after == " " or term.prefix):
                out.append((start, end + 1, term))
    return out


def _word_hits(words: list[str]) -> list[_Hit]:
    line = " " + " ".join(words) + " "
    raw = _scan(line, words)
    if not raw:
        return []
    # Word i starts in ``line`` after i + 1 spaces and the letters of the words before it.
    lengths = itertools.accumulate(map(len, words), initial=0)
    starts = list(map(operator.add, lengths, itertools.count(1)))
    # The word of each hit's first and last character (bisect_right - 1), C-level: a hit is
    # made for every listed word of every text.
    # The last word is as many words on as the matched key has spaces.
    begins, _ends, found = zip(*raw, strict=True)
    firsts = list(map((-1).__add__, map(functools.partial(bisect.bisect_right, starts), begins)))
    spaces = map(str.count, map(_KEY, found), itertools.repeat(" "))
    lasts = map(operator.add, firsts, spaces)
    return list(map(tuple.__new__, itertools.repeat(_Hit), zip(firsts, lasts, found, strict=True)))


def _typo_hits(words: list[str]) -> list[_Hit]:
    """A hit for each word that is a listed misspelling (``typos``), with the term meant;
    usually none, known at C speed (the dictionary's keys, not a set of them beside it: that
    set cost 2 MiB for 1.5 µs a reading)."""
    typos = _tables().typos
    if typos.keys().isdisjoint(words):
        return []
    return [_Hit(i, i, typos[word]) for i, word in enumerate(words) if word in typos]


def _single_letter_words(words: Sequence[str]) -> list[int]:
    """The indexes of the one-letter words (C-level: this runs for every reading)."""
    return list(itertools.compress(itertools.count(), map((1).__eq__, map(len, words))))


def _glue_candidates(
    folded: str,
    words: Sequence[str],
    singles: Sequence[int] | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[int] | None:
    """Words next to which a split may be: lone consonants (as word indexes), and
    punctuation between letters (as character offsets, negative: resolved once the spans
    are known). ``singles``: the indexes of the one-letter words, when known. With
    ``spans``, a letter joined to a word by an apostrophe (French l'équipe, d'Anna; English
    there's, won't, the employee's) is not a fragment: an apostrophe never glues a split
    word. (A quote mark with a space on its other side still leaves the letter a fragment.)"""
    if singles is None:
        singles = _single_letter_words(words)
    lone = [i for i in singles if words[i] in _LONE_LETTERS]
    if spans is not None and lone and "'" in folded:
        lone = [i for i in lone if not _joined_by_apostrophe(folded, *spans[i])]
    marks = [-1 - m.start() for m in _GLUE_PUNCT.finditer(folded)]
    return lone + marks or None


def _joined_by_apostrophe(folded: str, start: int, end: int) -> bool:
    """Whether the one-letter word at ``start..end`` is elided (l'é…) or contracted (…'s)."""
    return (folded[end : end + 1] == "'" and folded[end + 1 : end + 2].isalpha()) or (
        start >= 2 and folded[start - 1] == "'" and folded[start - 2].isalpha()
    )


def _glued_hits(folded: str, spans: list[tuple[int, int]], candidates: list[int]) -> list[_Hit]:
    """Hits on words split in two (zi-ek, zi.ek, s ick, s i c k): runs of fragments joined
    by one punctuation mark, or by spaces next to a lone letter, are glued back together and
    searched with one word on each side; a hit counts only when it crosses a glued spot."""
    pairs: set[int] = set()
    tried: set[int] = set()  # neighbouring candidates share pairs
    last = len(spans) - 1
    for candidate in candidates:
        k = (
            candidate
            if candidate >= 0
            else bisect.bisect_right(spans, -1 - candidate, key=_START) - 1
        )
        for i in (k - 1, k, k + 1):
            if 0 <= i < last and i not in tried:
                tried.add(i)
                if _gluable(folded, spans[i], spans[i + 1]):
                    pairs.add(i)
    out: list[_Hit] = []

    def lone(k: int) -> bool:
        return spans[k][1] - spans[k][0] == 1

    listed_start = functools.partial(_starts_a_key, _tables().automaton)
    for i, j in _runs(sorted(pairs)):
        # "is s ick", "h e r s t e l t nog": the run takes in a word before or after the
        # split one, so stretches of the run that start or end at a lone letter are tried.
        for k in range(i, j):
            if k != i and not (lone(k) or lone(k - 1)):
                continue
            # A glued hit starts with word k and crosses its end: unless a listed term
            # starts with that word and the next letter, no stretch from k can hit.
            if not listed_start(folded[spans[k][0] : spans[k][1]] + folded[spans[k + 1][0]]):
                continue
            for m in range(k + 1, j + 1):
                if m == j or lone(m) or lone(m + 1):
                    out.extend(_glued_run_hits(folded, spans, k, m))
    return out


def _glued_run_hits(folded: str, spans: list[tuple[int, int]], i: int, j: int) -> list[_Hit]:
    """Hits that start at the glued words ``i..j`` and cross a glued spot; the word after
    them is searched too (a phrase may go on: "s ick leave")."""
    pieces = [folded[a:b] for a, b in spans[i : j + 1]]
    after = [folded[a:b] for a, b in spans[j + 1 : j + 2]]
    line = " ".join(["".join(pieces), *after]) + " "
    # The listed terms that ``line`` starts with and that are longer than its first piece
    # (so they cross a glued spot): only lengths up to where ``line`` leaves the automaton's
    # tree can be terms. Shortest first, as a scan of the line would find them.
    automaton, groups = _tables().automaton, _groups()
    found: list[tuple[int, list[_Hit]]] = []
    # Keys are stored after a space (compound tails without one): both are looked up.
    for shift, text in ((1, " " + line), (0, line)):
        for length in range(len(pieces[0]) + 1 + shift, automaton.longest_prefix(text) + 1):
            index = automaton.get(text[:length], None)
            if index is not None:
                following = text[length]
                hits = [
                    _Hit(i, j, term)
                    for term in groups[index].terms
                    if following == " " or term.prefix
                ]
                found.append((length - shift, hits))
    found.sort(key=operator.itemgetter(0))
    return [hit for _length, hits in found for hit in hits]


def _runs(pairs: list[int]) -> Iterator[tuple[int, int]]:
    """Glued pairs (i means word i + word i+1) as runs of words (first, last)."""
    if not pairs:
        return
    first = prev = pairs[0]
    for i in pairs[1:]:
        if i != prev + 1:
            yield first, prev + 1
            first = i
        prev = i
    yield first, prev + 1


def _gluable(folded: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    gap = folded[left[1] : right[0]]
    if gap == " ":  # the usual gap: joined by spaces, a split needs a lone letter beside it
        if left[1] - left[0] != 1 and right[1] - right[0] != 1:
            return False
    elif not _GLUE_GAP.fullmatch(gap):
        return False
    a, b = folded[left[0] : left[1]], folded[right[0] : right[1]]
    if not (a.isalpha() and b.isalpha()):
        return False
    if gap.strip():
        return True  # one punctuation mark inside a word: zi-ek, zi.ek, z*iek, her-\nstel
    return (len(a) == 1 and a not in _REAL_SINGLES) or (len(b) == 1 and b not in _REAL_SINGLES)


@functools.cache
def _sense_index() -> tuple[
    dict[str, tuple[SenseRule, ...]], tuple[tuple[str, SenseRule], ...], tuple[str, ...]
]:
    """The rules by the exact words they are about, by their prefixes, and those prefixes."""
    exact: dict[str, list[SenseRule]] = {}
    prefixes: list[tuple[str, SenseRule]] = []
    for rule in sense_rules():
        for term in rule.terms:
            if term.endswith("*"):
                prefixes.append((term[:-1], rule))
            else:
                exact.setdefault(term, []).append(rule)
    starts = tuple(dict.fromkeys(p for p, _ in prefixes))
    return {k: tuple(v) for k, v in exact.items()}, tuple(prefixes), starts


class _Ruleless(dict[int, bool]):
    """Whether no context rule can be about a term (by ``id``) where the automaton finds it
    on whole words: then the words of the hit are the term's words, the last one perhaps
    longer (a prefix term). Compound tails (any letters may precede) and phrases with gaps
    (the gaps hold other words) are never ruleless. For each word of the term and for the
    whole phrase, no rule's word may start with it nor it with a rule's word: more than
    ``_rules_about`` asks, so in doubt a term is looked up. Filled in as terms are met (a
    property of the lists, like ``lint._DROP_TABLE``; all of them at once cost seconds)."""

    def __init__(self, listed: Sequence[str]) -> None:
        super().__init__()
        self._sorted = sorted(set(listed))
        self._starts = tuple(self._sorted)

    def of(self, term: _Term) -> bool:
        free = self.get(id(term))
        if free is None:
            free = self[id(term)] = not (term.tail or term.pieces) and not any(
                map(self._related, {*term.key.split(" "), term.key})
            )
        return free

    def _related(self, text: str) -> bool:
        if text.startswith(self._starts):  # a rule's word starts the text
            return True
        k = bisect.bisect_left(self._sorted, text)  # a rule's word that starts with the text
        return k < len(self._sorted) and self._sorted[k].startswith(text)


@functools.cache
def _ruleless() -> _Ruleless:
    return _Ruleless([t.rstrip("*") for rule in sense_rules() for t in rule.terms])


class _Reach(NamedTuple):
    """The near words of several rules together, and how far the widest of them reads."""

    patterns: _Patterns
    before: int
    after: int


@functools.lru_cache(maxsize=8192)
def _reach(rules: tuple[SenseRule, ...]) -> _Reach:
    """``_Reach`` of the rules about one hit (a property of the rules, kept across texts)."""
    near = [n for rule in rules for n in rule.near]
    return _Reach(
        _patterns(near),
        max((r.window for r in rules if r.side != "after"), default=0),
        max((r.window for r in rules if r.side != "before"), default=0),
    )


def _any_near(rules: tuple[SenseRule, ...], words: Sequence[str], first: int, last: int) -> bool:
    """Whether any near word of ``rules`` stands where one of them reads (or ends the hit's
    own word, as a compound tail). Cheaper than asking each rule: around most hits of a
    revealing text no rule's near word stands, and then none of them can read an ordinary
    sense. A yes says only that one may."""
    reach = _reach(rules)
    tails = reach.patterns.tails
    if first == last and tails and _ends_in_a_tail(words[first], tails):
        return True
    near = [
        *words[max(0, first - reach.before) : first],
        *words[first + 1 : last],
        *words[last + 1 : last + 1 + reach.after],
    ]
    return _any_matches(near, reach.patterns)


@functools.lru_cache(maxsize=8192)
def _rules_for(matched: tuple[str, ...], whole: bool) -> tuple[SenseRule, ...]:
    """``_rules_about`` the words of a hit: a property of the lists and the rules, not of a
    text, so it is kept across texts (bounded: the words hits are made of are listed words)."""
    return tuple(_rules_about(matched, 0, len(matched) - 1, whole=whole))


def _rules_about(
    words: Sequence[str], first: int, last: int, *, whole: bool = False
) -> list[SenseRule]:
    """The context rules about the words ``first..last`` (usually none); ``whole``: about
    those words as one phrase only."""
    matched = words[first : last + 1]
    if whole:
        candidates: Sequence[str] = (" ".join(matched),)
    else:
        candidates = (*matched, " ".join(matched)) if len(matched) > 1 else matched
    exact, prefixes, starts = _sense_index()
    rules: list[SenseRule] = []
    for word in candidates:
        rules.extend(exact.get(word, ()))
        if word.startswith(starts):
            rules.extend(rule for prefix, rule in prefixes if word.startswith(prefix))
    return rules


_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ten",
        "ter",
        "te",
        "von",
        "vom",
        "zu",
        "du",
        "des",
        "le",
        "la",
        "les",
        "di",
        "da",
        "dos",
        "del",
        "y",
        "and",
        "&",
        "und",
        "et",
        "en",
        "of",  # Friends of the Sick Children Trust
        "the",
        "for",  # a linking word too (_REASON_LINKS): not before a reason
        "voor",
        "für",
        "pour",
        # Places in an organisation's name ("Back in Motion Physiotherapy", "Hotel am See",
        # "Café op de Hoek", "Pharmacie au Centre"); linking words too (_REASON_LINKS): a
        # name ends before one that precedes a reason ("Sam in Recovery").
        "in",
        "on",
        "at",
        "am",
        "an",
        "im",
        "zum",
        "zur",
        "op",
        "aan",
        "bij",
        "sur",
        "au",
        "aux",
        "à",
    ]
)
_NAME_STOP = re.compile(r"[()\[\]{},;:|/<>\n]|\s[-–—]\s")


#: Words that link a person to a state ("on", "out", "in", "en", "im", "op"): in a name,
#: one before a reason ("Anna On Sick Leave", "Tom Out Sick", "Lisa Im Krankenstand", "Marc
#: En Arrêt Maladie") ends the name there, whatever the capitals.
_REASON_LINKS = frozenset(
    {
        "on", "off", "out", "in", "at", "with", "from", "still", "for",
        "op", "met", "uit", "nog", "voor",
        "im", "auf", "zur", "zum", "mit", "noch", "für",
        "en", "au", "pour", "encore",
    }
)  # fmt: skip
#: The categories of a reason for the absence (domain.md rule 1), as opposed to medical
#: vocabulary, which names many a customer ("Acme Health Care", "Physical Therapy Partners").
_REASONS = frozenset(
    {
        Category.SICKNESS,
        Category.LEAVE_ABSENCE,
        Category.RECOVERY,
        Category.REINTEGRATION,
        Category.PERSONAL_CIRCUMSTANCES,
    }
)


#: The first word of an organisation's name (folded): such a name may hold words in lower case
#: ("Cabinet médical des Tilleuls", "Centre de santé du Parc"), and they are part of it.
_ORGANISATION_WORDS = frozenset(
    {
        "cabinet", "centre", "centrum", "center", "stichting", "vereniging", "fondation",
        "association", "verein", "stiftung", "praxis", "maison", "huis", "groupe", "institut",
        "instituut", "institute", "clinique", "kliniek", "klinik", "clinic", "hopital",
        "ziekenhuis", "hospital", "krankenhaus", "apotheek", "pharmacie", "apotheke",
        "pharmacy", "laboratoire", "laboratorium", "labor", "polyclinique", "polikliniek",
        "residence", "residentie", "woonzorgcentrum", "ecole", "school", "schule", "universite",
        "universiteit", "universitat", "university", "mutualite", "mutualiteit", "caisse", "kas",
        "societe", "bureau", "atelier", "agence", "agentschap", "office", "studio", "garage",
    }
)  # fmt: skip


def _name_words(name: str) -> list[str]:
    """The part of ``name`` that looks like a name: up to the first bracket, comma or dash,
    and only while its words are capitalised (or particles such as van, de, von, du; any word
    in an organisation's name, ``_ORGANISATION_WORDS``), and up to a linking word before a
    reason (``_REASON_LINKS``) or a listed reason of two words or more. So a value passed as a
    name, "Anna (on sick leave)", "Sam since 2026-09-01", "Anna On Sick Leave" or "Team
    Arrêts Longue Durée", keeps the rest under judgement."""
    words: list[str] = []
    value = _NAME_STOP.split(name or "", maxsplit=1)[0].split()
    organisation = bool(value) and _lint._fold(value[0]) in _ORGANISATION_WORDS
    for word in value:
        if (
            organisation
            or word[:1].isupper()
            or (word[:1].isdigit() and words)
            or word.casefold() in _PARTICLES
        ):
            words.append(word)
        else:
            break
    # A reason that starts a part of the name is one that the whole name holds, starting at
    # that part's first word: one look at the whole name says which parts to try (most names:
    # none).
    starts = {hit.first for hit in _reason_hits(words)}
    first_word = list(itertools.accumulate((len(_words(w)) for w in words), initial=0))
    for i in range(len(words)) if starts else ():
        linked = (
            i
            and words[i].casefold() in _REASON_LINKS
            and first_word[i + 1] in starts
            and _starts_with_a_reason(words[i + 1 :])
        )
        if linked or (first_word[i] in starts and _starts_with_a_reason(words[i:], phrase=True)):
            words = words[:i]
            break
    while words and words[-1].casefold() in _PARTICLES:
        words.pop()
    return words


def _reason_hits(words: Sequence[str]) -> list[_Hit]:
    """The listed words and phrases of a reason (``_REASONS``) in ``words``. Those of a part of
    ``words`` are among those of the whole (the same words, fewer neighbours for a phrase)."""
    return [h for h in _word_hits(_words(" ".join(words))) if h.term.category in _REASONS]


def _starts_with_a_reason(words: Sequence[str], *, phrase: bool = False) -> bool:
    """Whether ``words`` start with a listed word or phrase of a reason (``_REASONS``);
    ``phrase``: a listed phrase of two words or more only ("Arrêts Longue Durée" in a team's
    name is a reason; a one-word surname or firm such as Krank GmbH is not)."""
    return any(hit.first == 0 and (not phrase or hit.last > 0) for hit in _reason_hits(words))


@functools.lru_cache(maxsize=512)
def _name_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for the names of a notice. Bounded: the customer's name is among them, so
    nearly every notice brings a new set (unbounded, 20,000 customers kept 22 MiB)."""
    phrases: set[str] = set()
    singles: set[str] = set()
    genitives: set[str] = set()
    titled: set[str] = set()
    listed = functools.partial(_is_key, _tables().automaton)
    for name in names:
        words = _name_words(name)
        if not words:
            continue
        phrase = r"[\s\-]+".join(re.escape(w) for w in words)
        phrases.add(phrase)
        if words[-1][:1].isupper():
            # The German and Dutch genitive without an apostrophe ("Frau Krankes Vertretung",
            # "Toms klanten"), written as the name is: "ein krankes Kind" is not a name.
            genitives.add(phrase + "s")
        if len(words) > 1:
            # "Sickinger" alone stands for "Anna Sickinger"; but "Health" alone does not
            # stand for "Acme Health": a part that is itself a listed word is masked only
            # inside the whole name.
            # A particle or linking word of a name ("van der", "Ferme des Quatre Vents",
            # "Bank of the West") is no name of its own: alone it stays a word.
            for w in words:
                if len(w) < 3 or w.casefold() in _PARTICLES:
                    continue
                if not _is_listed_word(" ".join(_words(w)), listed):
                    singles.add(re.escape(w))
                elif w[:1].isupper():
                    # ... or after a courtesy title, written as the name is: "Frau Müde",
                    # "Mr Payne" name the person, "müde" alone is judged.
                    titled.add(re.escape(w))
    if not phrases:
        return None
    whole, parts = _longest_first(phrases), _longest_first(singles)
    # A doctor's title directly before a known name is part of the name ("Docteur Roussel",
    # "Dr. Janssen" as a customer): the title is judged only where it stands alone.
    source = rf"(?<!\w)(?:{_TITLE})?(?i:{whole})(?!\w)"
    if genitives:
        source = rf"(?<!\w)(?:{_TITLE})?(?:{_longest_first(genitives)})(?!\w)|" + source
    if parts:
        source += rf"|(?<!\w)(?:{_TITLE})?(?:{parts})(?!\w)"
    if titled:
        source += rf"|(?<!\w){_COURTESY}(?:{_longest_first(titled)})(?!\w)"
    return re.compile(source)


def _longest_first(patterns: Iterable[str]) -> str:
    """An alternation of ``patterns`` that tries the longest first ("Anna de Vries" before
    "Anna")."""
    return "|".join(sorted(patterns, key=len, reverse=True))


_TITLE = r"(?i:docteur|docteure|doctoresse|dokter|doktor|doctor|dr|dre|drs)\.?[ \t]+"
# A courtesy title before a surname, in the four languages.
#: Titles before a person's name, as written (Herr Braun, mevrouw Jansen, Mme Roux).
_TITLE_WORDS = (
    "Frau", "Herr", "Herrn", "Mevrouw", "Mevr", "Meneer", "Dhr", "Madame", "Mme", "Monsieur",
    "Mr", "Mrs", "Ms", "Miss", "Mx",
)  # fmt: skip
_COURTESY = rf"(?:{'|'.join(_TITLE_WORDS)})\.?[ \t]+"


def _is_listed_word(word: str, listed: Callable[[str], bool]) -> bool:
    """Whether ``word`` is one word and a key of the automaton (``listed``: its ``exists``)."""
    return bool(word) and " " not in word and listed(word)


#: "Ms" as a title, written so, before a capitalised word ("with Ms Schreiber"): not MS, the
#: illness ("living with MS").
_MS_TITLE = re.compile(r"(?<!\w)Ms\.?(?=[ \t]+[A-ZÀ-ÖØ-Þ])")


def _mask_names(text: str, names: Iterable[str]) -> str:
    """Known names replaced by neutral letters before anything is judged (domain.md rule 3:
    a colleague called Sickinger is not a reason, nor is a company called Krank GmbH)."""
    if "Ms" in text:
        text = _MS_TITLE.sub(_neutral, text)
    kept = tuple(sorted({n.strip() for n in names if n and n.strip() and not _a_label(n)}))
    regex = _name_regex(kept)
    if regex is None:
        return text
    if "@" in text:
        text = _EMAIL.sub(functools.partial(_mask_address, _address_words(kept)), text)
    return regex.sub(_neutral, text)


#: Words that make a name a label of a group rather than a name of its own ("Team
#: Wiedereingliederung", "Sick Cover", "Warteschlange Krankheitsfälle", "Équipe Réintégration").
_LABEL_WORDS = frozenset(
    {
        "team", "teams", "equipe", "queue", "warteschlange", "wachtrij", "cover", "vertretung",
        "vervanging", "remplacement", "pool", "groep", "gruppe", "groupe", "group", "afdeling",
        "abteilung", "cel", "cellule", "desk", "unit", "pole", "dienst", "service",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=256)
def _a_label(name: str) -> bool:
    """Whether a name is a group's label ("Team …", "… Cover", "Warteschlange …") whose other
    words tell a reason ("Team Wiedereingliederung", "Team Geleidelijke Terugkeer"): the
    customer reads them as words, so they are judged as words (issue 16: a reason smuggled
    through a value is caught). "Team Noord", "Leave Management" or "Acme Health" (no label
    word) stay names."""
    words = _words(name)
    rest = [w for w in words if w not in _LABEL_WORDS]
    if len(rest) == len(words) or not rest:
        return False
    return any(
        term.category is not Category.ORDINARY
        for _found, _span, term in _word_findings(" ".join(rest))
    )


_EMAIL = re.compile(r"[\w.+-]+(?=@[\w-]+(?:\.[\w-]+)+)")


def _address_words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for name in names for w in _words(name))


def _mask_address(known: frozenset[str], match: re.Match[str]) -> str:
    """The part of an e-mail address before the @ when it spells a known name, words or
    their initials ("peter.kur@…", "p.kur@…" for Peter Kur): a name, not words."""
    parts = [p for p in re.split(r"[._+-]+", match.group().lower()) if p]
    initials = {word[0] for word in known}
    if (
        parts
        and all(" ".join(_words(p)) in known or (len(p) == 1 and p in initials) for p in parts)
        and any(len(p) > 1 for p in parts)
    ):
        return _neutral(match)
    return match.group()


def _neutral(match: re.Match[str]) -> str:
    return re.sub(r"\w", "x", match.group())


def _capital_inside_a_sentence(letter: str, rest: str) -> re.Pattern[str]:
    """``letter`` (then ``rest``) written with a capital inside a sentence: after a word's last
    letter, a space and at most a comma or semicolon."""
    return re.compile(rf"{letter}(?={rest})(?:(?<=[^\W\d_] {letter})|(?<=[^\W\d_][,;] {letter}))")


#: German "Ihr", "Ihre", ... written with a capital inside a sentence (after a word's last
#: letter, a space and at most a comma or semicolon): the formal "your", which folding to lower
#: case would make "her" ("nach Ihrer Rückkehr" is the customer's return, "nach ihrer
#: Rückkehr" the colleague's). At the start of a sentence the capital says nothing. The
#: pattern starts with the letter it replaces, so the search skips ahead to each "I".
_FORMAL_YOUR = _capital_inside_a_sentence("I", r"hr(?:e[mnrs]?)?\b")
#: What the "I" of a formal "Ihr..." is read as (the same length, so spans stay where they
#: were): "yhre", a word no language has, which context rules name and no listed phrase holds.
FORMAL_YOUR_MARK = "Y"


#: "Ihr..." that opens the text, alone or after a salutation line ("Sehr geehrte Frau Peters,"):
#: nobody has been named yet whom it could be "her" of, so it is the formal "your" too
#: ("Ihre Klinik wird ab Montag von Anna betreut").
_OPENING_YOUR = re.compile(
    r"\A(?:\s|<[^<>]{0,200}>)*(?:[^\W\d_][^\n.!?<>;:]{0,80},(?:\s|<[^<>]{0,200}>)*)?"
    r"I(?=hr(?:e[mnrs]?)?\b)"
)


#: "IT" in capitals, the department or the trade ("the IT surgery hour", "Spital-IT"): a
#: context rule's sign of an ordinary sense, which the pronoun "it" is not ("Tom had surgery
#: and it went well"). Folding to lower case would make them one word, so the capitals are
#: marked first as "QT" (the same length; a word no language has, which rules name), unless
#: the words around are in capitals too (a text in capitals says nothing by its case).
_IT = re.compile(r"\bIT\b")
IT_MARK = "QT"
_LAST_WORD = re.compile(r"([^\W\d_]+)[\W\d_]*\Z")
_NEXT_WORD = re.compile(r"[\W\d_]*([^\W\d_]+)")


def _mark_it(text: str) -> str:
    """``text`` with "IT" in capitals marked as ``IT_MARK`` where the words around are not."""
    if "IT" not in text:
        return text

    def mark(match: re.Match[str]) -> str:
        before = _LAST_WORD.search(text, max(0, match.start() - 80), match.start())
        after = _NEXT_WORD.match(text, match.end(), match.end() + 80)
        for word in (before, after):
            if word is not None and len(word.group(1)) > 1 and word.group(1).isupper():
                return match.group()
        return IT_MARK

    return _IT.sub(mark, text)


#: German "Sie" with a capital inside a sentence (after a word's last letter, a space and at
#: most a comma or semicolon): the formal "you", which folding would make "she" or "they"
#: ("Sie sind ja bis April im Urlaub" is the customer's holiday). Marked "Yie" like "Yhr...".
_FORMAL_YOU = _capital_inside_a_sentence("S", r"ie\b")


def _mark_formal_you(text: str) -> str:
    """``text`` with the formal German "Sie" inside a sentence marked (``_FORMAL_YOU``)."""
    if "Sie" not in text:
        return text
    return _FORMAL_YOU.sub(FORMAL_YOUR_MARK, text)


def _mark_formal_your(text: str) -> str:
    """``text`` with the formal German "Ihr..." marked: inside a sentence (``_FORMAL_YOUR``)
    and where it opens the text (``_OPENING_YOUR``)."""
    if "Ihr" not in text:
        return text
    marked = _FORMAL_YOUR.sub(FORMAL_YOUR_MARK, text)
    opening = _OPENING_YOUR.match(marked)
    if opening is not None:
        at = opening.end() - 1
        marked = marked[:at] + FORMAL_YOUR_MARK + marked[at + 1 :]
    return marked


@functools.lru_cache(maxsize=256)  # texts: a few recent ones (``lint.variants``)
def _word_findings(text: str, hr: bool = False) -> tuple[_Found, ...]:
    """Every listed word in ``text`` as (text, span, deciding term), whatever the category;
    ``hr``: read for the HR file (without the context rules for notices only)."""
    unique: dict[str, _Found] = {}
    variants = _lint.variants(text, collapse=False)
    first: tuple[list[str], list[tuple[int, int]]] = ([], [])
    for index, variant in enumerate(variants):
        found: list[_Found] | None = None
        if index:
            shared = _shared_ends(variants[0], variant)
            words, spans = _respan(variants[0], *first, variant, shared)
            found = _changed_findings(variants[0], len(first[0]), variant, spans, shared, hr)
        else:
            words, spans = first = _words_and_spans(variant)
        singles = _single_letter_words(words)
        if found is None:
            found = _reading_findings(variant, words, spans, singles, hr=hr)
        deleeted = _deleet(variant)
        if deleeted is not None:
            # Only around the words read differently (same length: spans stay valid).
            leet, regions = deleeted
            for start, end in regions:
                lo = max(0, variant.rfind(" ", 0, max(0, start - 60)))
                hi = variant.find(" ", end + 60)
                hi = len(variant) if hi < 0 else hi
                found += [
                    (words, (a + lo, b + lo), term)
                    for words, (a, b), term in _reading_findings(leet[lo:hi], hr=hr)
                    if a + lo < end and b + lo > start
                ]
        # A letter-spaced word is at least four one-letter words in a row.
        spaced = 3 in map(operator.sub, singles[3:], singles)  # singles[i + 3] - singles[i]
        for match in _LETTER_SPACED.finditer(variant) if spaced else ():
            # "r e p r i s e  p r o g r e s s i v e": letter-spaced words, read collapsed
            # (one space inside a word, two between words), with a few words around.
            lo = max(0, variant.rfind(" ", 0, max(0, match.start() - 40)))
            hi = variant.find(" ", match.end() + 40)
            hi = len(variant) if hi < 0 else hi
            windows = [_LETTER_SPACED.sub(_collapse, variant[lo:hi])]
            if variant[match.start() - 1 : match.start()] == "'":
                # "mark's b u r n o u t": the letter after an apostrophe may be a word of
                # its own (a possessive, an elided article) rather than the spaced word's first
                cut = match.start() + 1
                windows.append(variant[lo:cut] + _LETTER_SPACED.sub(_collapse, variant[cut:hi]))
            spaced_found = [
                (words, (match.start(), match.end()), term)
                for window in windows
                for words, _span, term in _reading_findings(window, hr=hr)
            ]
            if not spaced_found:
                # "p a n i c a t t a c k s": the spacing hides where one word ends, so the
                # collapsed run is also tried as two words split at each place
                spaced_found = [
                    (words, (match.start(), match.end()), term)
                    for words, term in _split_in_two(_collapse(match))
                ]
            found += spaced_found
        for item in found:
            # "z<b>ie</b>k" is found as "ziek" and, tags read as spaces, as "z ie k"
            key = item[0] if item[0].isalnum() else "".join(_lint.WORD.findall(item[0]))
            unique.setdefault(key, item)
    return tuple(sorted(unique.values(), key=lambda item: item[1]))


# How many words away a changed word can change what is found: the longest listed phrase
# with its gaps (11 words) and the reach of a context rule (8).
LOCALITY = 24


def _changed_findings(
    first: str,
    first_words: int,
    variant: str,
    spans: Sequence[tuple[int, int]],
    shared: tuple[int, int],
    hr: bool = False,
) -> list[_Found] | None:
    """What a reading of ``variant`` finds that a reading of ``first`` (the first variant of
    the same text, read already; ``first_words`` words) may not: the findings within
    ``LOCALITY`` words of where the two differ, read from a window of twice that around it.
    Elsewhere the words and their surroundings are the same, so the same words are found
    there, and the findings are kept once per word anyway. ``None`` when the difference spans
    most of the text (then the whole variant is read). ``shared``: ``_shared_ends``."""
    if not spans:
        return []
    if first == variant:
        return []
    head, tail = _differing_tokens(first, first_words, variant, spans, shared)
    # Token t is word (t - 1) // 2 (a gap belongs to the word before it).
    lo_word, hi_word = (
        max(0, (head - 1) // 2),
        min(len(spans) - 1, (2 * len(spans) + 1 - tail) // 2),
    )
    window = (max(0, lo_word - 2 * LOCALITY), min(len(spans) - 1, hi_word + 2 * LOCALITY))
    if window[1] - window[0] > len(spans) * 2 // 3:
        return None
    keep = (spans[max(0, lo_word - LOCALITY)][0], spans[min(len(spans) - 1, hi_word + LOCALITY)][1])
    lo, hi = spans[window[0]][0], spans[window[1]][1]
    return [
        (words, (start + lo, end + lo), term)
        for words, (start, end), term in _reading_findings(variant[lo:hi], hr=hr)
        if keep[0] <= start + lo < keep[1]
    ]


def _respan(
    a: str,
    a_words: list[str],
    a_spans: list[tuple[int, int]],
    b: str,
    shared: tuple[int, int] | None = None,
) -> tuple[list[str], list[tuple[int, int]]]:
    """``_words_and_spans(b)`` from those of ``a`` (another reading of the same text): the
    words before the first and after the last differing character are the same (shifted by
    the change in length), only those in between are split anew. ``shared``:
    ``_shared_ends``, when known."""
    p, q = shared or _shared_ends(a, b)
    k = bisect.bisect_left(a_spans, p, key=operator.itemgetter(1))  # words that end before p
    j = bisect.bisect_left(a_spans, len(a) - q + 1, key=operator.itemgetter(0))  # in the tail
    shift = len(b) - len(a)
    lo = a_spans[k - 1][1] if k else 0
    hi = a_spans[j][0] + shift if j < len(a_spans) else len(b)
    if j < k or hi < lo:  # the shared start and end overlap: split the whole text
        return _words_and_spans(b)
    # lo ends a word and hi starts one (or they are the text's ends): no word is cut.
    words, spans = _words_and_spans(b[lo:hi])
    tail = a_spans[j:]
    if shift:
        tail = [(start + shift, end + shift) for start, end in tail]
    return (
        a_words[:k] + words + a_words[j:],
        a_spans[:k] + [(start + lo, end + lo) for start, end in spans] + tail,
    )


def _differing_tokens(
    a: str,
    a_words: int,
    b: str,
    spans: Sequence[tuple[int, int]],
    shared: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """How many tokens (``_WORD_SPLIT.split``: gap, word, gap, ..., gap) ``a`` and ``b`` share
    at their start (``head``), and then at their end (``tail``, among the tokens after
    ``head``). ``b`` has the words at ``spans``. Found from where the characters first and
    last differ, splitting only the few tokens around those places: splitting two whole texts
    cost more than the reading it saves. ``shared``: ``_shared_ends``, when known."""
    a_tokens, b_tokens = 2 * a_words + 1, 2 * len(spans) + 1
    # Words of b that end before the first differing character are the same words in a, and
    # so are the gaps before them: tokens up to the end of the last such word are shared.
    p, q = shared or _shared_ends(a, b)
    k = bisect.bisect_left(spans, p, key=operator.itemgetter(1))  # words that end before p
    at = spans[k - 1][1] if k else 0
    head = 2 * k + _equal_count(_split_from(a, at), _split_from(b, at))
    # At the end likewise, reading both texts backwards from the first word of b that starts
    # after the last differing character.
    j = bisect.bisect_left(spans, len(b) - q + 1, key=operator.itemgetter(0))
    at_b = spans[j][0] if j < len(spans) else len(b)
    at_a = at_b - len(b) + len(a)
    tail = 2 * (len(spans) - j) + _equal_count(
        _split_from(a[::-1], len(a) - at_a), _split_from(b[::-1], len(b) - at_b)
    )
    return head, min(tail, a_tokens - head, b_tokens - head)


def _shared_ends(a: str, b: str) -> tuple[int, int]:
    """How many characters two readings share at their start, and at their end."""
    return _common_chars(a, b, from_end=False), _common_chars(a, b, from_end=True)


def _common_chars(a: str, b: str, *, from_end: bool) -> int:
    """How many characters ``a`` and ``b`` share at their start (or end), by halving."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = a[len(a) - mid :] == b[len(b) - mid :] if from_end else a[:mid] == b[:mid]
        if same:
            lo = mid
        else:
            hi = mid - 1
    return lo


_TOKEN = re.compile(f"({_lint.WORD.pattern})|[\\W_]+")


def _split_from(text: str, pos: int) -> Iterator[str]:
    """The tokens of ``_WORD_SPLIT.split(text)`` from ``pos`` (0, the end of a word, or the end
    of the text) on: a gap, a word, a gap, ..., a gap (empty at either end of the text)."""
    gap_next = True
    for match in _TOKEN.finditer(text, pos):
        is_word = match.lastindex == 1
        if gap_next and is_word:
            yield ""
        yield match.group()
        gap_next = is_word
    if gap_next:
        yield ""


def _equal_count(a: Iterator[str], b: Iterator[str]) -> int:
    """How many items two sequences share at their start."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


# Characters that are not word characters (``lint.WORD``: letters and digits), read as
# spaces: the ASCII ones by a table, the few others one by one.
_WORD_SPLIT = re.compile(f"({_lint.WORD.pattern})")
_ASCII_GAPS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_ASCII_GAP_BYTES = bytes(i if chr(i).isalnum() else 32 for i in range(128)) + bytes(range(128, 256))
# The non-ASCII characters that are not letters or digits (``\w`` is str.isalnum and "_").
_NON_ASCII_GAP = re.compile(r"[^\w\x00-\x7f]")


def _gaps_as_spaces(reading: str) -> str:
    """``reading`` with every character that is not part of a word (``lint.WORD``) as a
    space, one for one (offsets stay)."""
    if not reading.isascii():
        # Most non-ASCII characters left in a folded reading are gaps (quotes, bullets,
        # emoji): without them the reading is usually ASCII and takes the fast table too.
        reading = _NON_ASCII_GAP.sub(" ", reading)
    if reading.isascii():  # bytes.translate: a tenth of the time of str.translate with a dict
        return reading.encode("ascii").translate(_ASCII_GAP_BYTES).decode("ascii")
    return reading.translate(_ASCII_GAPS)


def _words_and_spans(reading: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of ``reading`` (``lint.WORD``) and where each starts and ends. Computed
    from the lengths of the words and the gaps between them, with C-level calls only: a
    match object per word cost more than all the rest of a reading."""
    spaced = _gaps_as_spaces(reading)
    pieces = spaced.split(" ")  # the words, and "" for each space after the first in a gap
    # Piece k starts after the pieces before it and k spaces; the words are the non-empty ones.
    starts = list(
        itertools.compress(
            itertools.accumulate(map((1).__add__, map(len, pieces)), initial=0), pieces
        )
    )
    words = list(filter(None, pieces))
    return words, list(zip(starts, map(operator.add, starts, map(len, words)), strict=True))


def _reading_findings(
    reading: str,
    words: list[str] | None = None,
    spans: list[tuple[int, int]] | None = None,
    singles: list[int] | None = None,
    *,
    hr: bool = False,
) -> list[_Found]:
    """What the automaton, the glued words and the context rules find in one reading.
    ``words``, ``spans`` (``_words_and_spans``) and ``singles`` (the indexes of one-letter
    words) when the caller has them already."""
    if words is None or spans is None:
        words, spans = _words_and_spans(reading)
    hits = _word_hits(words)
    if hits and any(h.last > h.first for h in hits):
        hits = [h for h in hits if not _into_a_sentence_of_its_own(h, reading, words, spans)]
    # A misspelt listed word is read as the word meant, by the context rules too.
    read = words
    if misspelt := _typo_hits(words):
        hits += misspelt
        read = list(words)
        for hit in misspelt:
            read[hit.first] = hit.term.key
    candidates = _glue_candidates(reading, words, singles, spans)
    if not hits and candidates is None:
        return []
    glued = _glued_hits(reading, spans, candidates) if candidates is not None else []
    # A hit of the automaton on whole words holds the listed words themselves, so whether a
    # context rule can be about it is known from the term ("_ruleless"); a glued hit holds
    # fragments, a phrase with gaps the words in its gaps too: those are looked up.
    ruleless = _ruleless()
    # A listed phrase of three words or more found on whole words is read as a whole: a
    # context rule about one of its words ("herstellen": de printer herstellen) does not
    # undo "is nog aan het herstellen"; a rule may still name the phrase itself.
    items = [
        (h, len(h.term.key), ruleless.of(h.term), h.term.key.count(" ") >= 2)
        for h in hits
        if not h.term.pieces
    ]
    items += [(h, len(h.term.key), False, False) for h in glued if not h.term.pieces]
    hits += glued
    gapped = _join_gaps([h for h in hits if h.term.pieces], words)
    gapped = [
        (h, n) for h, n in gapped if not _into_a_sentence_of_its_own(h, reading, words, spans)
    ]
    found: dict[tuple[int, int], tuple[_Found, int]] = {}
    containers: set[tuple[int, int]] = set()
    breaks: list[int] | None = None  # made for the first hit that a context rule is about
    # A phrase whose gaps may hold only some words ("looked very tired") reads like one
    # written without gaps: whole, and holding the words inside it.
    for h, n in gapped:
        if h.term.only is None:
            items.append((h, n, False, False))
        else:
            items.append(
                (h, len(" ".join(words[h.first : h.last + 1])), False, h.last > h.first + 1)
            )

    def clause(hit: _Hit) -> tuple[int, list[str]]:
        """The hit's clause (``_clause_context``), the breaks found once per reading."""
        nonlocal breaks
        if breaks is None:
            breaks = _clause_breaks(reading, spans, words)
        return _clause_context(read, breaks, hit)

    # What the context rules say of each item: ordinary (True), not shown ordinary although a
    # rule is about it (False: its clause is looked up only if a person must be looked for in
    # it), or nothing to say (None).
    verdicts: list[bool | None] = []
    # The last word of each term read as ordinary, and where it stood.
    ordinary_keys: dict[str, list[tuple[int, int]]] = {}
    for hit, _length, free, whole in items:
        verdict: bool | None = None
        if not free and hit.term.category is not Category.ORDINARY:
            open_gaps = bool(hit.term.pieces) and hit.term.only is None
            rules = (
                tuple(_rules_about(read, hit.first, hit.last))  # its gaps: the text's words
                if open_gaps
                else _rules_for(tuple(read[hit.first : hit.last + 1]), whole)
            )
            # No near word in reach of the hit, across clauses too: no rule can read its
            # clause as ordinary, and the clause need not be found.
            verdict = False if rules else None
            if rules and _any_near(rules, read, hit.first, hit.last):
                lo, context = clause(hit)
                first, last = hit.first - lo, hit.last - lo
                if any(
                    rule.matches_context(context, first, last, inside=open_gaps, hr=hr)
                    for rule in rules
                ):
                    verdict = True
                    ordinary_keys.setdefault(hit.term.key.rpartition(" ")[2], []).append(
                        (hit.first, hit.last)
                    )
        verdicts.append(verdict)
    for (hit, length, _free, _whole), verdict in zip(items, verdicts, strict=True):
        if verdict is True or (
            verdict is False
            and hit.term.category in _THING_SENSES
            and _after_a_definite_article(read, hit)
            and any(
                last < hit.first  # an earlier place in the text
                for _first, last in ordinary_keys.get(hit.term.key.rpartition(" ")[2], ())
            )
            and not _about_a_person(clause(hit)[1])
        ):
            # One sense per text: a word a context rule read as ordinary keeps that sense
            # where the text refers back to it ("the cut-over operation of our servers ...
            # during the operation the portal is down"), unless that clause speaks of a person
            # (a name, a pronoun, a colleague).
            continue
        span = (spans[hit.first][0], spans[hit.last][1])
        if span in found and found[span][1] >= length:
            continue
        # One word is its own text (a word has no spaces); more are joined by single spaces.
        text_found = (
            words[hit.first]
            if hit.first == hit.last
            else " ".join(reading[span[0] : span[1]].split())
        )
        found[span] = ((text_found, span, hit.term), length)
        if not hit.term.pieces or hit.term.only is not None:
            containers.add(span)
    # A longer listed term decides over the words inside it; a phrase with a gap does not
    # (the gap may hold a word of its own: "komt na zijn operatie terug").
    inside = _inside_another(containers)
    return [found[span][0] for span in found if not inside(span)]


#: Words written with a full stop that does not end a sentence ("bzw. behandelt", "Dr.
#: Peeters"): a listed phrase may run across their dot.
_ABBREVIATIONS = frozenset(
    word
    for line in (
        # de
        "bzw usw evtl ggf inkl exkl zzgl ca vgl bspw sog dh zb ua od zt zzt tlw teilw mind gem",
        "lt bzgl allg bes dgl eigtl entspr ggu hrsg lfd mtl nachm vorm orig pkt rd spez str",
        "urspr usf verh wg zust abt anl bd mo di mi do fr sa so",
        # nl
        "bv bijv bvb dwz ivm mbt nl oa evt ong mw dhr mevr mej blz zgn enz vnl tav tov iom ipv",
        # fr
        "cf env mme mlle nb ex av apr svp tel cie ste",
        # en
        "etc eg ie vs approx dept mr mrs ms dr jr sr st no nos inc ltd corp co ref min max",
        # shared
        "hr hrn prof nr resp art abs ch fax pp incl excl",
        "jan feb mar apr jun jul aug sep sept oct okt nov dec dez",
    )
    for word in line.split()
)
_SENTENCE_DOT = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s")
#: A sentence this long after a full stop is one of its own; a shorter piece may be the rest
#: of the sentence before, cut off for effect ("Tom is taking some time. For himself.").
_FULL_SENTENCE = 6


def _ends_a_sentence(
    i: int, reading: str, words: Sequence[str], spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether a sentence ends after word ``i``: a question or exclamation mark, or a full
    stop after a word that is not an abbreviation, a number or a single letter."""
    end = spans[i + 1][0] if i + 1 < len(spans) else len(reading)
    gap = reading[spans[i][1] : end]
    if not ("." in gap or "!" in gap or "?" in gap or "\u2026" in gap):
        return False
    mark = _SENTENCE_DOT.search(gap + " ")
    if mark is None:
        return False
    before = words[i]
    return (
        "!" in mark.group()
        or "?" in mark.group()
        or (len(before) > 1 and not before.isdigit() and before not in _ABBREVIATIONS)
    )


def _into_a_sentence_of_its_own(
    hit: _Hit, reading: str, words: Sequence[str], spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether a listed phrase runs across a sentence end into a sentence of its own ("the
    release is out. From 9 March Owen is your contact" holds no "out from"). A short piece
    after the end still counts as the sentence before it continued."""
    for i in range(hit.first, hit.last):
        if _ends_a_sentence(i, reading, words, spans):
            j = i + 1
            while j < min(len(words), i + _FULL_SENTENCE) and not _ends_a_sentence(
                j, reading, words, spans
            ):
                j += 1
            if j - i >= _FULL_SENTENCE:
                return True
    return False


def _inside_another(containers: set[tuple[int, int]]) -> Any:
    """A test whether a span lies inside one of ``containers`` other than itself. In the
    order (start, longest first), the containers before a span are those that start before
    it or at its start and end later; one of them holds it if the furthest end reaches."""
    order = sorted(containers, key=lambda o: (o[0], -o[1]))
    keys = [(a, -b) for a, b in order]
    reach = list(itertools.accumulate((b for _, b in order), max))

    def inside(span: tuple[int, int]) -> bool:
        k = bisect.bisect_left(keys, (span[0], -span[1]))
        return k > 0 and reach[k - 1] >= span[1]

    return inside


# Any of these between two words ends a clause, but a full stop or a colon between two digits
# (version 4.2, 10:30, 3.2.2025: the digits are words of their own), and the full stop of a
# German day number before its month ("ab dem 2. März": one clause, not two; readings are
# folded, so the months are written in lower case without accents). An emoji ends one
# too: chat writing uses it as a full stop ("a speedy recovery 💐 Isabel knows your file");
# emoji with a health meaning were read as words before (``emoji.txt``), so only the others are
# left. Written as one character class first, the exceptions after it: the regex engine then
# skips ahead to each candidate character; an alternation at the top tried every position.
_CLAUSE_END = re.compile(
    r"[;!?\n.:\u2600-\u27bf\U0001f300-\U0001faff]"
    r"(?!(?<=\d[.:])(?:\d|[ \t]*(?:januar|februar|marz|maerz|april|mai|juni|juli|august"
    r"|september|oktober|november|dezember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dez)\b))"
)


#: Words that open a clause of their own, most of them a reason ("uw hond, want Iris is
#: geopereerd"): a context rule does not read across them, so the customer's dog before "want"
#: does not make the colleague's operation after it ordinary. Chat spellings count too (bc,
#: coz, cuz, pcq; "b/c" is folded to the two words of ``CLAUSE_OPENER_PAIRS``).
CLAUSE_OPENERS = frozenset(
    {
        "want", "omdat", "doordat", "aangezien", "zodat", "maar", "vanwege",
        "weil", "da", "denn", "sodass", "aber", "wegen",
        "because", "since", "as", "but", "so", "bc", "bcs", "coz", "cos", "cuz", "bcoz",
        "car", "parce", "puisque", "comme", "mais", "pcq",
    }
)  # fmt: skip

#: Words that join two clauses; one opens a clause of its own when a subject follows it, a
#: name the caller knows (masked: "xxxx") or a personal pronoun: "Tim is in recovery and
#: Isabel handles your tickets" is two clauses, and the replacement's tickets say nothing
#: about the colleague's recovery. After a comma a known name opens a clause too.
COORDINATORS = frozenset(
    {
        "en", "terwijl", "dus",
        "und", "während", "wahrend", "also", "doch",
        "and", "while", "whilst", "meanwhile",
        "et", "donc", "pendant", "alors",
    }
)  # fmt: skip
SUBJECTS = frozenset(
    {
        "ik", "hij", "zij", "ze", "wij", "we", "u", "jij", "je",
        "ich", "er", "sie", "wir", "ihr", "yie",
        "i", "he", "she", "they", "you",
        "il", "elle", "nous", "vous", "ils", "elles", "on",
    }
)  # fmt: skip
#: The customer's "your" after a joining word opens a clause too: "Tom sees the company
#: doctor and your employees call Anna" says nothing about the employees' doctor.
YOUR = frozenset(
    {"uw", "jouw", "your", "votre", "vos", "yhr", "yhre", "yhrer", "yhren", "yhrem", "yhres"}
)

#: Openers of two words: "b/c" (because) folds to "b" "c". ``_clause_breaks`` looks for them
#: only where a "b" stands alone, so a new pair must start with "b" or change that test.
CLAUSE_OPENER_PAIRS = frozenset({("b", "c")})


def _clause_breaks(
    reading: str, spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> list[int]:
    """The gaps where a clause ends, in order: ``i`` for the gap between word i and word i+1
    (or after the last word): at a punctuation mark, and before a word of
    ``CLAUSE_OPENERS``. One search of the reading, made for its first hit that a context
    rule is about; a hit then finds its clause by bisection."""
    ends = list(map(operator.itemgetter(1), spans))
    gaps = set(map(functools.partial(bisect.bisect_right, ends), _marks(reading)))
    gaps.update(itertools.compress(itertools.count(), map(CLAUSE_OPENERS.__contains__, words)))
    if "b" in words:  # a pair ("b" "c") opens before its first word; "b" alone is rare
        pairs = enumerate(zip(words, words[1:], strict=False))
        gaps.update(i for i, pair in pairs if pair in CLAUSE_OPENER_PAIRS)
    gaps.update(_subject_clauses(reading, spans, words))
    gaps.discard(0)  # marks before the first word, or an opener that is the first word
    return list(map((-1).__add__, sorted(gaps)))


#: Words that put a person in a clause: the third person, the first, a colleague.
_PERSON_WORDS = frozenset(
    {
        "he", "she", "him", "his", "her", "hers", "hij", "zij", "ze", "hem", "zijn", "haar",
        "il", "elle", "lui", "son", "sa", "ses", "er", "sie", "ihm", "ihn", "sein", "seine",
        "seiner", "seinem", "seinen", "seines", "ihr", "ihre", "ihrer", "ihrem", "ihren",
        "ihres", "i", "ik", "ich", "me", "mij", "mich", "mir", "moi", "my", "mijn", "mon", "ma",
        "mes", "mein", "meine", "they", "them", "their", "hun", "leur", "leurs",
    }
)  # fmt: skip
_PERSON_PREFIXES = (
    "colleague",
    "collega",
    "kolleg",
    "collegue",
    "coworker",
    "medewerk",
    "mitarbeit",
)


#: Definite articles and demonstratives: a word after one of them refers back to something
#: the text has named ("during the operation", "nach dem Eingriff", "pendant l'opération").
_BACK_ARTICLES = frozenset(
    {
        "the", "this", "that", "these", "those", "de", "het", "deze", "die", "dat", "dit",
        "der", "dem", "den", "des", "das", "diese", "dieser", "diesem", "diesen", "dieses",
        "le", "la", "l", "les", "ce", "cet", "cette", "ces",
    }
)  # fmt: skip


#: The categories whose words also name things a text goes on about (an operation on servers,
#: a data recovery, the treatment of a complaint, a diagnostic of samples). Reasons such as
#: leave, family or sickness are not carried over.
_THING_SENSES = frozenset(
    {
        Category.RECOVERY,
        Category.DIAGNOSIS,
        Category.TREATMENT_MEDICATION,
        Category.CARE_APPOINTMENTS,
        Category.TEST_RESULTS,
        Category.SYMPTOMS,
    }
)


def _after_a_definite_article(words: Sequence[str], hit: _Hit) -> bool:
    """Whether the hit is a definite article or demonstrative with its word (a phrase such as
    "the operation"), or stands right after one."""
    if hit.last > hit.first:
        return words[hit.first] in _BACK_ARTICLES and hit.last == hit.first + 1
    return hit.first > 0 and words[hit.first - 1] in _BACK_ARTICLES


def _about_a_person(context: Sequence[str]) -> bool:
    """Whether a clause names a person: a name Stand-in knows, a personal pronoun or a
    possessive, a colleague."""
    return (
        not _PERSON_WORDS.isdisjoint(context)
        or any(map(_masked, context))
        or any(map(str.startswith, context, itertools.repeat(_PERSON_PREFIXES)))
    )


def _masked(word: str) -> bool:
    return word.count("x") == len(word)  # a name the caller knows (``_mask_names``)


def _subject_clauses(
    reading: str, spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> Iterator[int]:
    """Where a clause opens with its own subject: before a joining word (``COORDINATORS``)
    that a known name or a pronoun follows, and before a known name or a third person's
    pronoun after a comma ("Anna is your contact for the planning module, he is in therapy")."""
    for i in itertools.compress(itertools.count(), map(COORDINATORS.__contains__, words)):
        if i + 1 < len(words) and (
            words[i + 1] in SUBJECTS or words[i + 1] in YOUR or _masked(words[i + 1])
        ):
            yield i
    for match in _SUBJECT_AFTER_COMMA.finditer(reading):
        yield bisect.bisect_left(spans, (match.start(1),))  # the name's word


_SUBJECT_AFTER_COMMA = re.compile(r",[ \t]*(x+|he|she|hij|zij|il|elle|er|sie)(?!\w)")


def _marks(reading: str) -> Iterator[int]:
    marks = map(_MATCH_START, _CLAUSE_END.finditer(reading))
    if "xx" not in reading:  # no known name in the reading (``_mask_names``)
        return marks
    titles = {m.end() - 1 for m in _TITLE_DOT.finditer(reading)}
    return (m for m in marks if m not in titles) if titles else marks


#: The dot of a courtesy or academic title before a name Stand-in knows ("par M. Renard",
#: "mr. Smeets", "Dr. Jansen"): the name is part of the clause before the dot.
_TITLE_DOT = re.compile(
    r"(?<!\w)(?:m|mm|mme|mmes|mlle|mr|mrs|dr|drs|prof|dhr|mevr|mw|ir|ing|mgr)\.(?=[ \t]*x+(?!\w))"
)


def _clause_context(
    words: Sequence[str], breaks: Sequence[int], hit: _Hit
) -> tuple[int, list[str]]:
    """The words a context rule may see around ``hit`` (``CONTEXT_REACH`` on either side),
    only those of the hit's own clause ("in behandeling; Rob neemt haar klanten over").
    ``breaks``: ``_clause_breaks``. Returns where the slice starts in ``words``."""
    lo = max(0, hit.first - CONTEXT_REACH)
    hi = min(len(words), hit.last + CONTEXT_REACH + 1)
    k = bisect.bisect_left(breaks, hit.first)  # the last break before the hit's first word
    if k and breaks[k - 1] >= lo:
        lo = breaks[k - 1] + 1
    k = bisect.bisect_left(breaks, hit.last, k)  # the first break after its last word
    if k < len(breaks) and breaks[k] < hi - 1:
        hi = breaks[k] + 1
    return lo, list(words[lo:hi])


@functools.cache
def _other_firsts(pieces: tuple[tuple[str, ...], ...], part: int) -> frozenset[str]:
    """The first words of the pieces of a phrase with gaps other than its anchor (``part``)."""
    return frozenset(
        piece[0] for i, piece in enumerate(pieces) if piece and i != part and piece[0][-1] != "*"
    )


def _join_gaps(anchors: list[_Hit], words: Sequence[str]) -> list[tuple[_Hit, int]]:
    """Phrases with gaps: around each anchor the other pieces, in order, each at most
    ``GAP_WORDS`` words from the last, with no vetoed word in a gap."""
    out: list[tuple[_Hit, int]] = []
    # Most anchors stand without their other pieces anywhere in the text ("looked" without
    # "tired"): a phrase whose other pieces' first words are not all among the words is skipped.
    present = set(words) if anchors else set()
    for hit in anchors:
        term = hit.term
        if not present.issuperset(_other_firsts(term.pieces, term.part)):
            continue
        first, last = hit.first, hit.last
        for piece in reversed(term.pieces[: term.part]):  # before the anchor, nearest first
            found = _find_piece(words, piece, first, -1, term.veto, term.only)
            if found is None:
                break
            first = found
        else:
            for piece in term.pieces[term.part + 1 :]:
                found = _find_piece(words, piece, last, 1, term.veto, term.only)
                if found is None:
                    break
                last = found + len(piece) - 1
            else:
                length = sum(len(" ".join(p)) for p in term.pieces)
                out.append((_Hit(first, last, term), length))
    return out


def _find_piece(
    words: Sequence[str],
    piece: tuple[str, ...],
    edge: int,
    step: int,
    veto: frozenset[str],
    only: frozenset[str] | None = None,
) -> int | None:
    """Where ``piece`` starts, looking from word ``edge`` in direction ``step``; ``only``: the
    words the gap may hold (None: any)."""
    size = len(piece)
    for gap in range(GAP_WORDS + 1):
        start = edge + 1 + gap if step > 0 else edge - size - gap
        if start < 0 or start + size > len(words):
            return None
        if gap and only is not None and words[edge + gap * step] not in only:
            return None  # the word the gap just took in may not stand there
        if veto:
            between = words[edge + 1 : start] if step > 0 else words[start + size : edge]
            if veto.intersection(between):
                return None
        # The first word first: most places fail there (a piece may be empty).
        if not size or (
            _same(words[start], piece[0]) and all(map(_same, words[start : start + size], piece))
        ):
            return start
    return None


def _same(word: str, pattern: str) -> bool:
    """Whether ``word`` is the piece's word ``pattern`` (``x*``: any word starting with x)."""
    return word == pattern or (pattern[-1] == "*" and word.startswith(pattern[:-1]))


@functools.cache
def _date_cues() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The cue words (exact, prefixes, phrases) of ``date_cues.txt``."""
    exact: set[str] = set()
    prefixes: list[str] = []
    phrases: list[str] = []
    for line in _read("date_cues.txt").splitlines():
        cue = line.split("#", 1)[0].strip()
        if not cue:
            continue
        folded = " ".join(_words(cue.rstrip("*")))
        if " " in folded:
            phrases.append(f" {folded} ")
        elif cue.endswith("*"):
            prefixes.append(folded)
        else:
            exact.add(folded)
    return frozenset(exact), tuple(prefixes), tuple(phrases)


# A sentence ends at ! ? ; or a line break, or at a full stop before a space and a non-digit or
# at the end ("[!?;\n]|\.(?=\s+\D)|\.$", written to start with one character class: the regex
# engine then skips to candidates instead of trying three branches at every position). The full
# stop of a German ordinal day of one or two digits ("ab dem 4. Mai") does not end a sentence.
_SENTENCE_END = re.compile(
    r"[!?;\n.](?:(?<=\.)(?<!(?<!\d)\d\.)(?<!(?<!\d)\d\d\.)(?=\s+\D|$)|(?<!\.))"
)


@functools.lru_cache(maxsize=64)
def _sentence_ends(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    marks = list(_SENTENCE_END.finditer(text))
    return tuple(m.start() for m in marks), tuple(m.end() for m in marks)


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    starts, ends = _sentence_ends(text)
    k = bisect.bisect_right(starts, pos)
    return (ends[k - 1] if k else 0), (starts[k] if k < len(starts) else len(text))


def _about_the_absence(
    text: str,
    pos: int,
    word_spans: Sequence[tuple[int, int]],
    seen: dict[tuple[int, int], bool] | None = None,
) -> bool:
    """Whether the sentence around ``pos`` speaks of the absence: a cue word, or a word the
    guard refuses anyway (``word_spans``, in order). ``seen``: the answers per sentence so far
    (several dates often stand in one sentence)."""
    start, end = _sentence_at(text, pos)
    if seen is not None and (start, end) in seen:
        return seen[start, end]
    answer = _speaks_of_the_absence(text, start, end, word_spans)
    if not answer and end < len(text):
        # "... tussen 12 januari en 15 mei; Mark was in die periode niet bereikbaar": the
        # next sentence tells the absence of "that period"
        after = _sentence_at(text, end + 1)
        answer = _refers_back(text[after[0] : after[1]]) and _speaks_of_the_absence(
            text, *after, word_spans
        )
    if seen is not None:
        seen[start, end] = answer
    return answer


def _speaks_of_the_absence(
    text: str, start: int, end: int, word_spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether ``text[start:end]`` holds a word the guard refuses anyway, or a date cue in a
    sentence that may be about the colleague. A cue in a sentence about the customer's or the
    company's things that names no one ("since 3 February your tickets show a new field",
    "on 19 June we are not reachable") dates those, not an absence."""
    k = bisect.bisect_left(word_spans, start, key=_START)  # the first word starting there or later
    if k < len(word_spans) and word_spans[k][0] < end:
        return True
    sentence = text[start:end]
    line = _word_line(sentence)
    return _has_date_cue(line) and not _about_things_naming_no_one(sentence, line)


#: The roles a colleague is named by in a notice, beside ``_PERSON_PREFIXES``.
_ROLE_PREFIXES = (
    "collaborat", "contact", "aanspreek", "ansprech", "interlocut", "betreuer", "account",
    "teamlead", "teamleid", "manager", "employee", "werknemer", "conseill", "adviseur",
    "berater", "agent", "technic", "techniek", "monteur", "vertegenwoordig", "representa",
)  # fmt: skip


#: Words that open a greeting ("Dear Mr Green,", "Sehr geehrter Herr Schulz,"): the name
#: before the greeting's comma is the customer addressed, not someone the sentence is about.
_GREETINGS = frozenset(
    {
        "dear", "beste", "geachte", "sehr", "liebe", "lieber", "hallo", "hello", "hi", "dag",
        "bonjour", "madame", "monsieur", "cher", "chere", "guten", "goedemorgen", "goedemiddag",
        "goedendag", "gruezi", "gruss", "servus", "moin", "hey", "good",
    }
)  # fmt: skip
#: ``_TITLE_WORDS`` as words of a sentence, and three more that ``_COURTESY`` does not take
#: before a known name: M., Mlle and the lower-case Flemish "heer" (M. Reto Cattin).
_TITLES = frozenset(t.lower() for t in _TITLE_WORDS) | {"m", "mlle", "heer"}


#: Words of the customer addressed or of the company writing: a sentence about their things
#: ("du" and "je" are also the French "of the" and "I").
_ADDRESSEE_WORDS = (SECOND_PERSON - {"du", "je"}) | {
    "we", "wij", "wir", "nous", "our", "ours", "onze", "ons", "unsere", "unser", "unserem",
    "unseren", "unserer", "unseres", "notre", "nos",
}  # fmt: skip


#: The beginnings of words for a system or its upkeep: a sentence about one that names no one
#: dates the system ("Samstag, 5. April: das Portal ist in dieser Zeit nicht erreichbar").
_SYSTEM_PREFIXES = (
    "wartung", "maintenance", "onderhoud", "portal", "portaal", "portail", "system", "systeem",
    "systeme", "server", "serveur", "website", "webseite", "webshop", "hotline", "plattform",
    "platform", "plateforme", "netwerk", "netzwerk", "reseau", "network",
)  # fmt: skip


def _about_things_naming_no_one(sentence: str, line: str) -> bool:
    """Whether a sentence speaks of the customer or the company ("your", "we"), or of a
    system (``_SYSTEM_PREFIXES``), and names no one: no name Stand-in knows, title, pronoun of
    a person or colleague's role. The person addressed before the first comma (a greeting, or
    only a name: "Mr. Green, since February 3 your tickets ...") is left out. ``line``: the
    sentence's ``_word_line``."""
    words = line.split()
    if words and "," in sentence:
        # A comma is a gap between words: the words before it start the sentence's words.
        addressed = _word_line(sentence.split(",", 1)[0]).split()
        if words[0] in _GREETINGS or all(_masked(w) or w in _TITLES for w in addressed):
            words = words[len(addressed) :]
    return (
        (
            not _ADDRESSEE_WORDS.isdisjoint(words)
            or any(w.startswith(_SYSTEM_PREFIXES) for w in words)
        )
        and not _about_a_person(words)
        and _TITLES.isdisjoint(words)
        and not any(w.startswith(_ROLE_PREFIXES) for w in words)
    )


#: Words that point back to the time just named ("in die periode", "during that time"): a
#: sentence holding one and a cue speaks of the dates of the sentence before it.
_BACK_REFERENCES = (
    " in die periode ", " in die tijd ", " in deze periode ", " gedurende die periode ",
    " during that time ", " during that period ", " in that period ", " at that time ",
    " pendant cette periode ", " durant cette periode ", " pendant ce temps ",
    " a cette periode ", " in dieser zeit ", " in diesem zeitraum ", " wahrend dieser zeit ",
    " in der zeit ", " damals ",
)  # fmt: skip


#: A word every phrase of ``_BACK_REFERENCES`` holds one of: without any, none can stand.
_BACK_REFERENCE_WORDS = ("period", "tijd", "time", "temps", "zeit", "damals")


def _refers_back(sentence: str) -> bool:
    if not any(map(sentence.__contains__, _BACK_REFERENCE_WORDS)):
        return False
    line = _word_line(sentence)
    return any(map(line.__contains__, _BACK_REFERENCES))


def _word_line(text: str) -> str:
    """The words of ``text`` (``lint.WORD``) as " w1 w2 ... " (as ``_words_and_spans`` finds
    them: gaps read by a table, at a third of the time of joining ``WORD.findall``)."""
    return " " + " ".join(_gaps_as_spaces(text).split()) + " "


@functools.cache
def _date_cue_automaton() -> Any:
    """The cues of ``_date_cues`` in one automaton over a sentence's words laid out as
    " w1 w2 ... ": " word " for a word, " prefix" for a prefix, " a phrase " for a phrase. One
    pass finds any of them (testing each phrase and prefix in turn was a tenth of a notice's
    time: most sentences of a notice hold a date)."""
    exact, prefixes, phrases = _date_cues()
    automaton = ahocorasick.Automaton()
    for key in [f" {word} " for word in exact] + [f" {prefix}" for prefix in prefixes]:
        automaton.add_word(key, 0)
    for phrase in phrases:
        automaton.add_word(phrase, 0)
    automaton.make_automaton()
    return automaton


def _has_date_cue(line: str) -> bool:
    """Whether a sentence's words, laid out by ``_word_line``, hold a date cue."""
    return next(_date_cue_automaton().iter(line), None) is not None


def prepare() -> None:
    """Build (or load from the table cache) the word lists, the automaton and the context
    rules now rather than inside the first text guarded: a worker does this in idle time, so
    its first notice does not hold a claimed batch while they are made."""
    guard("Anna is ziek.", Policy.NOTICE, names=["Anna de Vries"])
    _date_cue_automaton()


def is_prepared() -> bool:
    """Whether this process has built (or loaded) the word lists and the automaton."""
    return _tables.cache_info().currsize > 0


def guard(
    text: str,
    policy: Policy,
    *,
    names: Iterable[str] = (),
    allowed_dates: Iterable[dt.date] = (),
    strict_dates: bool = False,
    dates: bool = True,
) -> list[Finding]:
    """Everything in ``text`` that ``policy`` refuses, in order; empty when the text is fine.

    ``names``: people and organisations Stand-in knows (agents, the customer, the company,
    the helpdesk's names); they are never judged as words. ``allowed_dates`` (notices only):
    the dates the notice may mention. Another date is an ``ABSENCE_DATE`` finding when its
    sentence speaks of the absence (``date_cues.txt``: "sinds 14 oktober afwezig", "back on
    1 March") or, with ``strict_dates`` (templates and rendered notices), always.
    ``dates=False``: words only, no date is looked at (a field whose dates are its purpose).
    """
    if not text:
        return []
    masked = _mark_it(_mask_names(text, tuple(names)))
    hr = policy is Policy.HR
    if not hr:  # in the HR file "Ihre" is the employee's as often as "your" is (a mail to them)
        masked = _mark_formal_you(_mark_formal_your(masked))
    refused = refused_in(policy)
    found = [
        Finding(
            words,
            span,
            term.category,
            term.lang,
            rewrite_for(policy, term.category),
            text,
        )
        for words, span, term in _word_findings(masked, hr)
        if term.category in refused
    ]
    if policy is Policy.NOTICE and dates:
        allowed = frozenset(allowed_dates)
        folded = _lint.variants(masked, collapse=False)[0]
        spans = [f.span for f in found]
        seen: dict[tuple[int, int], bool] = {}
        for mention in _lint.date_mentions(masked):
            if mention.allowed_by(allowed):
                continue
            if strict_dates or _about_the_absence(folded, mention.start, spans, seen):
                found.append(
                    Finding(
                        mention.describe(),
                        (mention.start, mention.start),
                        Category.ABSENCE_DATE,
                        "",
                        Rewrite.ALLOWED_DATES_ONLY,
                    )
                )
    return found


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _FoldChange(dict[str, int]):
    """How much folding changes the length of one character (``ß`` -> ``ss``: 1; a combining
    mark: -1), filled in as characters are met: a property of the character, like
    ``lint._DROP_TABLE``, so it outlives the caches of texts."""

    def __missing__(self, char: str) -> int:
        change = self[char] = len(_lint._fold(char)) - 1
        return change


_FOLD_CHANGE = _FoldChange()


@functools.lru_cache(maxsize=256)
def _fold_shifts(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where folding changes the length of ``text`` (only non-ASCII characters can): their
    positions, the total change up to and including each, and where the folded form of
    each ends."""
    positions: list[int] = []
    totals: list[int] = []
    total = 0
    if not any(map(_FOLD_CHANGE.__getitem__, set(_NON_ASCII.findall(text)))):
        return (), (), ()  # usually: accents fold to their letter, no length changes
    for m in _NON_ASCII.finditer(text):
        change = _FOLD_CHANGE[m.group()]
        if change:
            total += change
            positions.append(m.start())
            totals.append(total)
    ends = tuple(map(operator.add, map((1).__add__, positions), totals))
    return tuple(positions), tuple(totals), ends


def _original_index(text: str, folded_pos: int, *, end: bool) -> int:
    """The index in ``text`` of the character whose folded form holds ``folded_pos``: the
    first character whose folded form ends after it (``end``: at it or after it). Character
    i's folded form ends at i + 1 + the total change up to i, which never decreases (a
    character folds to nothing at the least); between two changing characters it grows by
    one a character, so the answer is found among the changing ones by bisection."""
    positions, totals, ends = _fold_shifts(text)
    if not positions:  # folding kept every character's length: the index is the same
        return min(len(text), max(0, folded_pos - 1 if end else folded_pos))
    target = folded_pos if end else folded_pos + 1  # the first i whose form ends at >= target
    k = bisect.bisect_left(ends, target)  # the first changing character that qualifies
    before = positions[k - 1] + 1 if k else 0  # the characters from here to it change nothing
    total = totals[k - 1] if k else 0
    found = max(before, target - 1 - total)
    if k < len(positions):
        return min(found, positions[k])
    return min(found, len(text))


def _as_written(text: str, span: tuple[int, int], words: str) -> str:
    """The part of ``text`` that folds to the finding's ``words`` at ``span``, or ``""`` (the
    span indexes the folded text; markup or entities in between make it unrecoverable)."""
    if "<" in text or "&" in text:
        return ""
    start = _original_index(text, span[0], end=False)
    end = _original_index(text, span[1], end=True) + 1
    candidate = text[start:end].strip()
    folded = " ".join(_lint._fold(candidate).split())
    if words == folded:
        return candidate
    deleeted = _deleet(folded)
    if (deleeted is not None and words == deleeted[0]) or " ".join(
        _lint.WORD.findall(folded)
    ) == " ".join(_lint.WORD.findall(words)):
        return candidate
    return ""


def refused_words(findings: Iterable[Finding]) -> list[str]:
    """The distinct texts of ``findings``, in order (the form ``PrivacyViolation`` names): the
    normalised words, but an emoji as written (its reading in the lists is no word of any
    language a person would recognise)."""
    return list(dict.fromkeys(f.text if f.lang or not f.written else f.written for f in findings))
