"""Write ``connector/data/lint/typos.<lang>.txt``: the common misspellings of the privacy
guard's long listed words, so that "knee sugery" or "hartinfract" is refused like the word
meant.

    python scripts/make_typos.py [--check]

A misspelling here is one slip of the fingers on a listed word of at least ``MIN_LENGTH``
letters: a letter left out (sugery) or two neighbouring letters swapped (hartinfract). A variant is kept only when it is no word of its own: not a word form
in simplemma's dictionaries of nl, fr, de and en (about 1.9 million forms) and not another
listed term. A misspelling counts as a whole word only ("sugery", not "sugerys"). The files
are data, made here once; the guard looks each word of a text up in them. ``--check`` exits 1 when a file differs from what this script would write (a test
runs it).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connector.domain import privacy  # noqa: E402
from connector.domain.privacy import LANGUAGES, Category  # noqa: E402

OUT = ROOT / "connector" / "data" / "lint"
MIN_LENGTH = 7  # shorter words have too many neighbours that are words (hernia: herna, henia)
MIN_VARIANT = 6
#: Categories whose words are long and unmistakable enough; impressions of health are often
#: ordinary adjectives (tired, pale), whose slips collide with other words.
CATEGORIES = tuple(
    c for c in Category if c not in (Category.ORDINARY, Category.IMPRESSIONS_OF_HEALTH)
)


def slips(word: str) -> Iterator[str]:
    """Every one-slip misspelling of ``word``: a letter left out or two neighbours swapped
    (a doubled letter is rarer and would add a third to the lists)."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]
        if i + 1 < len(word) and word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def lexicon() -> set[str]:
    """Every word form of simplemma's dictionaries (and their lemmas), folded as the guard
    folds text."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory(cache_max_size=len(LANGUAGES))
    words: set[str] = set()
    for lang in LANGUAGES:
        for form, lemma in factory.get_dictionary(lang).items():
            words.add(form)
            words.add(lemma.decode() if isinstance(lemma, bytes) else lemma)
    folded: set[str] = set()
    for word in words:
        parts = privacy._words(word)  # noqa: SLF001 - the guard's own normalisation
        if len(parts) == 1:
            folded.add(parts[0])
    return folded


def typos(words: set[str]) -> dict[str, dict[Category, dict[str, str]]]:
    """Per language and category: misspelling -> the listed term meant (the guard reads the
    misspelling as that term, context rules included)."""
    listed = privacy.terms()
    keys = {t.key for t in listed}
    out: dict[str, dict[Category, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    taken: set[str] = set()
    for term in sorted(listed, key=lambda t: (t.lang, t.category.value, t.key)):
        if (
            not term.lang
            or term.pieces
            or term.category not in CATEGORIES
            or len(term.key) < MIN_LENGTH
            or not term.key.isalpha()
        ):
            continue
        for slip in slips(term.key):
            if len(slip) < MIN_VARIANT or slip in keys or slip in taken or slip in words:
                continue
            taken.add(slip)
            out[term.lang][term.category][slip] = term.key
    return out


def render(lang: str, by_category: dict[Category, dict[str, str]]) -> str:
    lines = [
        f"# Misspellings of the long words of terms.{lang}.txt: written by scripts/make_typos.py,",
        "# do not edit (change the terms file and run the script). Each line: the misspelling,",
        "# then the listed term it stands for.",
    ]
    for category in CATEGORIES:
        spellings = by_category.get(category)
        if not spellings:
            continue
        lines += ["", f"[{category.value}]"]
        lines += [f"{slip}  # {meant}" for slip, meant in sorted(spellings.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    found = typos(lexicon())
    stale = []
    for lang in LANGUAGES:
        path = OUT / f"typos.{lang}.txt"
        text = render(lang, found.get(lang, {}))
        count = sum(len(v) for v in found.get(lang, {}).values())
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {count} misspellings")
    if stale:
        print("out of date (run python scripts/make_typos.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
