"""Inflected forms of the guard's listed words that the guard lets through.

    python scripts/inflection_gaps.py [--lang nl] [--min-zipf 2.5]

For every listed single word (``terms.<lang>.txt``, not a phrase, a compound tail or an
ordinary sense), every form that simplemma's dictionary of that language gives the same
lemma (plurals, past tenses, participles, comparatives, diminutives), alone, through the
guard of each policy that refuses the word's category. A form neither refuses is printed
with the word it comes from. With the ``wordfreq`` package installed (not a dependency of
the project: ``uv pip install --target /tmp/wf wordfreq`` and ``PYTHONPATH=/tmp/wf``), only
forms at least as frequent as ``--min-zipf`` are printed, the most frequent first; most of
the rest are forms nobody writes.

A printed form is a question, not an answer: many are ordinary words ("terugkerende vragen",
"les délais prescrits", "das Unternehmen operiert") and stay unlisted; those that only ever
name the listed meaning go into the terms file, those with a second sense get a context rule.
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simplemma.strategies.dictionaries.dictionary_factory import (  # noqa: E402
    DefaultDictionaryFactory,
)

from connector.domain import lint, privacy  # noqa: E402
from connector.domain.privacy import Category, Policy, guard, refused_in  # noqa: E402

LANGS = ("nl", "fr", "de", "en")


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _fold(word: str) -> str:
    return lint._fold(word).strip()


def gaps(lang: str) -> list[tuple[str, str, Category]]:
    """(form, listed word, its category) for every form of a listed word the guard passes."""
    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    forms_of: dict[str, set[str]] = collections.defaultdict(set)
    lemmas_of: dict[str, set[str]] = collections.defaultdict(set)
    for form, lemma in dictionary.items():
        folded_form, folded_lemma = _fold(_text(form)), _fold(_text(lemma))
        forms_of[folded_lemma].add(folded_form)
        lemmas_of[folded_form].add(folded_lemma)
    listed = {t.key for t in privacy.terms() if t.lang == lang}
    found: list[tuple[str, str, Category]] = []
    seen: set[str] = set()
    for term in privacy.terms():
        if term.lang != lang or " " in term.key or term.pieces or term.tail:
            continue
        policies = [p for p in Policy if term.category in refused_in(p)]
        if term.category is Category.ORDINARY or not policies:
            continue
        for lemma in {term.key} | lemmas_of.get(term.key, set()):
            for form in sorted(forms_of.get(lemma, ())):
                if form in seen or form in listed or not form.isalpha() or len(form) < 4:
                    continue
                seen.add(form)
                if term.prefix and form.startswith(term.key):
                    continue
                if not any(guard(form, policy) for policy in policies):
                    found.append((form, term.key, term.category))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGS, action="append")
    parser.add_argument("--min-zipf", type=float, default=2.5)
    args = parser.parse_args(argv)
    try:
        from wordfreq import zipf_frequency  # type: ignore[import-not-found]
    except ImportError:
        zipf_frequency = None
    for lang in args.lang or LANGS:
        rows = [
            (zipf_frequency(form, lang) if zipf_frequency else 0.0, form, word, category)
            for form, word, category in gaps(lang)
        ]
        if zipf_frequency is not None:
            rows = sorted((r for r in rows if r[0] >= args.min_zipf), reverse=True)
        print(f"{lang}: {len(rows)} forms")
        for zipf, form, word, category in rows:
            print(f"  {zipf:3.1f}  {form}  <- {word} ({category.value})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
