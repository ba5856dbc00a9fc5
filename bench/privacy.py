"""The privacy guard on the labelled corpus: recall, false alarms, and the time per text.

    python bench/privacy.py [--split dev|holdout|<a new batch's split>|all] [--misses] [--runs 2000]
                            [--lemmatizer]

Loads ``tests/data/privacy/<policy>.<lang>.jsonl`` (format: the corpus README), runs the
guard of that policy on each text with the text's ``names`` and ``allowed_dates``, and prints
recall (revealing/medical texts refused) and the false-alarm rate (neutral/factual texts
refused) per policy, language and category, for each split (dev, holdout, and a new batch
labelled with a split of its own until it has been run once) and all together; then the
median and p99 time to lint a 2,000-character text (caches cleared before every timed call,
so each call does the whole work). ``--lemmatizer`` also times lemmatising
the same texts word by word with simplemma (the alternative the README weighs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connector.domain import lint, privacy  # noqa: E402
from connector.domain.privacy import Finding, Policy, guard  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "privacy"
POSITIVE = {"notice": "revealing", "hr": "medical"}
LANGS = ("nl", "fr", "de", "en")


@dataclass(frozen=True)
class Example:
    policy: Policy
    lang: str
    text: str
    positive: bool
    category: str
    split: str
    names: tuple[str, ...]
    allowed_dates: tuple[dt.date, ...]
    source: str  # file:line

    def run(self) -> list[Finding]:
        return guard(self.text, self.policy, names=self.names, allowed_dates=self.allowed_dates)


def load_corpus(folder: Path = CORPUS) -> list[Example]:
    """Every line of every ``<policy>.<lang>.jsonl``; a malformed line raises, naming it."""
    out: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        policy_name, lang = path.stem.split(".", 1)
        policy = Policy(policy_name)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
                out.append(
                    Example(
                        policy=policy,
                        lang=lang,
                        text=row["text"],
                        positive=row["label"] == POSITIVE[policy_name],
                        category=row["category"],
                        split=row.get("split", "dev"),
                        names=tuple(row.get("names") or ()),
                        allowed_dates=tuple(
                            dt.date.fromisoformat(d) for d in row.get("allowed_dates") or ()
                        ),
                        source=where,
                    )
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{where}: {exc!r}") from exc
    return out


@dataclass
class Tally:
    positives: int = 0
    caught: int = 0
    negatives: int = 0
    alarms: int = 0

    def add(self, example: Example, refused: bool) -> None:
        if example.positive:
            self.positives += 1
            self.caught += refused
        else:
            self.negatives += 1
            self.alarms += refused

    @property
    def recall(self) -> float | None:
        return self.caught / self.positives if self.positives else None

    @property
    def false_alarms(self) -> float | None:
        return self.alarms / self.negatives if self.negatives else None


@dataclass(frozen=True)
class Result:
    example: Example
    findings: tuple[Finding, ...]

    @property
    def refused(self) -> bool:
        return bool(self.findings)

    @property
    def wrong(self) -> bool:
        return self.refused != self.example.positive

    def describe(self) -> str:
        kind = "missed" if self.example.positive else "false alarm"
        words = ", ".join(f"{f.text} ({f.category.value})" for f in self.findings)
        return (
            f"{kind} [{self.example.source} {self.example.category} {self.example.split}] "
            f"{self.example.text!r}" + (f" -> {words}" if words else "")
        )


def evaluate(examples: Iterable[Example]) -> list[Result]:
    return [Result(e, tuple(e.run())) for e in examples]


def tallies(results: Iterable[Result], key: str) -> dict[tuple[str, ...], Tally]:
    """Tallies by (policy, lang, category) for ``key`` "category", (policy, lang) for
    "lang", (policy,) for "policy"."""
    out: dict[tuple[str, ...], Tally] = defaultdict(Tally)
    for r in results:
        e = r.example
        parts = {"policy": (e.policy.value,), "lang": (e.policy.value, e.lang)}
        k = parts.get(key, (e.policy.value, e.lang, e.category))
        out[k].add(e, r.refused)
    return dict(sorted(out.items()))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def table(results: Sequence[Result], title: str) -> str:
    """A markdown table: per policy and language, recall and false alarms, and per category."""
    lines = [
        f"**{title}** ({len(results)} texts)",
        "",
        "| policy | lang | texts | recall | false alarms | missed / false-alarm categories |",
        "|---|---|---:|---:|---:|---|",
    ]
    by_cat = tallies(results, "category")
    for (policy, lang), t in tallies(results, "lang").items():
        bad = [
            f"{cat} {_pct(c.recall) if c.positives else _pct(c.false_alarms)}"
            for (p, la, cat), c in by_cat.items()
            if (p, la) == (policy, lang) and (c.caught < c.positives or c.alarms)
        ]
        lines.append(
            f"| {policy} | {lang} | {t.positives + t.negatives} | {_pct(t.recall)} | "
            f"{_pct(t.false_alarms)} | {'; '.join(bad) or 'none'} |"
        )
    for (policy,), t in tallies(results, "policy").items():
        lines.append(
            f"| **{policy}** | all | {t.positives + t.negatives} | **{_pct(t.recall)}** | "
            f"**{_pct(t.false_alarms)}** | |"
        )
    return "\n".join(lines)


def category_table(results: Sequence[Result]) -> str:
    lines = [
        "| policy | category | lang | texts | recall / false alarms |",
        "|---|---|---|---:|---:|",
    ]
    for (policy, lang, cat), t in tallies(results, "category").items():
        rate = _pct(t.recall) if t.positives else _pct(t.false_alarms)
        kind = "recall" if t.positives else "false alarms"
        lines.append(f"| {policy} | {cat} | {lang} | {t.positives + t.negatives} | {kind} {rate} |")
    return "\n".join(lines)


# --- speed ----------------------------------------------------------------------------------


def texts_of_2000(examples: Sequence[Example], count: int, seed: int = 7) -> list[str]:
    """``count`` different 2,000-character texts made of corpus sentences (or a built-in
    notice when there is no corpus), cut at 2,000 characters."""
    rng = random.Random(seed)
    pool = [e.text for e in examples] or [
        "Vanaf maandag 7 januari is Sam Jansen uw aanspreekpunt. Sam kent uw dossier en helpt u"
        " graag verder met facturen, leveringen en uw wachtwoord.",
        "From Monday, Sam is your contact; Sam has the full history of your requests.",
        "Ab Montag ist Sam Ihr Ansprechpartner und kennt Ihre Anfragen.",
        "À partir de lundi, Sam est votre interlocuteur et connaît votre dossier.",
    ]
    out: list[str] = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 2000:
            parts.append(rng.choice(pool))
        out.append(" ".join(parts)[:2000])
    return out


#: The guard's caches of texts, cleared before every timed call: (module, function).
TEXT_CACHES = (
    ("privacy", "_word_findings"),
    ("privacy", "_fold_shifts"),
    ("privacy", "_sentence_ends"),
    ("lint", "variants"),
    ("lint", "_fold"),  # before the short-text split (privacy_compare's older copies)
    ("lint", "_fold_short"),
)


def _clear_caches(guard_module: ModuleType = privacy, lint_module: ModuleType = lint) -> None:
    """Empty the caches of texts of a guard (this one, or an older copy that
    ``privacy_compare.py`` loaded; a cache that version does not have is skipped)."""
    modules = {"privacy": guard_module, "lint": lint_module}
    for module, name in TEXT_CACHES:
        cached = getattr(modules[module], name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def time_guard(
    texts: Sequence[str], policy: Policy = Policy.NOTICE, clock: Any = time.perf_counter
) -> tuple[float, float]:
    """Median and p99 milliseconds per 2,000-character text, every call uncached. ``clock``
    ``time.thread_time`` counts this thread's CPU time only: on a shared machine the wall
    clock also counts the time other processes held the CPU."""
    guard(texts[0], policy)  # load the lists and build the automaton once
    samples: list[float] = []
    for text in texts:
        _clear_caches()
        start = clock()
        guard(text, policy)
        samples.append((clock() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def time_lemmatizer(texts: Sequence[str]) -> tuple[float, float] | None:
    """Median and p99 milliseconds to lemmatise every word of a text in nl, fr, de and en
    with simplemma (no caching of our own), or None when simplemma is not installed."""
    try:
        import simplemma  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    for lang in LANGS:
        simplemma.lemmatize("test", lang=lang)  # load its dictionaries
    samples: list[float] = []
    for text in texts:
        words = lint.WORD.findall(text.casefold())
        start = time.perf_counter()
        for word in words:
            for lang in LANGS:
                simplemma.lemmatize(word, lang=lang)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split", default=None, help="dev, holdout, a new batch's split, or all (default: each)"
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the misses and false alarms of split dev"
    )
    parser.add_argument(
        "--holdout-misses",
        action="store_true",
        help="also list those of split holdout (for the final report only: never tune on them)",
    )
    parser.add_argument("--categories", action="store_true", help="one row per category")
    parser.add_argument("--runs", type=int, default=2000, help="2,000-character texts timed")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="timing rounds; the round with the lowest median is printed (a shared machine's"
        " other work only ever adds time)",
    )
    parser.add_argument("--lemmatizer", action="store_true", help="also time simplemma")
    args = parser.parse_args(argv)

    examples = load_corpus()
    results = evaluate(examples)
    found_splits = sorted({e.split for e in examples}, key=lambda s: (s != "dev", s))
    splits = (*found_splits, "all") if args.split is None else (args.split,)
    if not examples:
        print(f"no corpus in {CORPUS}")
    for split in splits if examples else ():
        chosen = [r for r in results if split == "all" or r.example.split == split]
        print(table(chosen, f"split {split}"))
        print()
        if args.categories:
            print(category_table(chosen))
            print()
        if args.misses and (split == "dev" or args.holdout_misses):
            for r in chosen:
                if r.wrong:
                    print("  " + r.describe())
            print()
    neutral = [e for e in examples if e.policy is Policy.NOTICE and not e.positive]
    # As a worker does once the guard is built: what lives long (here also the corpus and its
    # results, which a worker does not hold) is kept out of the collector's full collections.
    privacy.prepare()
    gc.collect()
    gc.freeze()
    kinds = (
        ("plain notice text (built-in sentences)", []),
        ("neutral notice text", neutral),
        ("mixed corpus text", examples),
    )
    for label, pool in kinds:
        texts = texts_of_2000(pool, args.runs)
        median, p99 = min(time_guard(texts) for _ in range(args.rounds))
        cpu_median, cpu_p99 = min(
            time_guard(texts, clock=time.thread_time) for _ in range(args.rounds)
        )
        print(
            f"guard, 2,000-character {label}: median {median:.3f} ms, p99 {p99:.3f} ms"
            f" wall clock; CPU time median {cpu_median:.3f} ms, p99 {cpu_p99:.3f} ms"
            f" ({len(texts)} texts, best of {args.rounds} rounds;"
            f" load average {os.getloadavg()[0]:.1f}"
            f" on {os.cpu_count()} CPUs)"
        )
    if args.lemmatizer:
        timed = time_lemmatizer(texts[:200])
        if timed is None:
            print("simplemma is not installed")
        else:
            print(
                f"simplemma alone, every word in 4 languages: median {timed[0]:.3f} ms,"
                f" p99 {timed[1]:.3f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
