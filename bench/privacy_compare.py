"""The privacy guard against an earlier version of itself: the same findings, and the time.

    python bench/privacy_compare.py --against <git revision> [--runs 2000] [--timed 1000]

Copies ``connector/domain/privacy.py`` and ``lint.py`` of the revision into a scratch folder
(outside the package), then

1. runs both guards on every corpus text (``tests/data/privacy``, all splits) in both policies
   and as a notice with strict dates, and on the benchmark's 2,000-character texts of each kind
   in both policies, and compares the findings text by text (every field of every finding);
2. times both on the same texts, in turn, in one process (CPU time, caches of texts cleared
   before every call), and prints the medians and the ratio per kind: on a shared machine the
   load moves a single run's numbers by a third, the ratio much less.

Exit status 1 when any text's findings differ. For speed work: run it after every step and
keep only steps that leave every finding the same.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import privacy as bench  # type: ignore[import-not-found]  # noqa: E402  (bench/privacy.py)

from connector.domain import lint, privacy  # noqa: E402


def load_old(revision: str, folder: Path) -> tuple[ModuleType, ModuleType]:
    """``lint`` and ``privacy`` of ``revision`` as modules ``old_lint`` and ``old_privacy``."""
    sources = {}
    for name in ("lint", "privacy"):
        sources[name] = subprocess.run(
            ["git", "show", f"{revision}:connector/domain/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    sources["privacy"] = sources["privacy"].replace(
        "from connector.domain import lint as _lint", "import old_lint as _lint"
    )
    sys.path.insert(0, str(folder))
    modules = []
    for name in ("lint", "privacy"):
        file = folder / f"old_{name}.py"
        file.write_text(sources[name], encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"old_{name}", file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"old_{name}"] = module
        spec.loader.exec_module(module)
        modules.append(module)
    return modules[0], modules[1]


def _as_tuples(findings: Sequence[Any]) -> list[tuple[Any, ...]]:
    return [
        (f.text, f.span, f.category.value, f.lang, f.rewrite.value, f.written) for f in findings
    ]


def compare(old: ModuleType, runs: int) -> int:
    """How many calls give different findings (the first few are printed)."""
    examples = bench.load_corpus()
    cases: list[tuple[str, str, tuple[str, ...], tuple[Any, ...], bool]] = []
    for e in examples:
        for policy in ("notice", "hr"):
            cases.append((e.text, policy, e.names, e.allowed_dates, False))
        cases.append((e.text, "notice", e.names, e.allowed_dates, True))
    for pool in _pools(examples).values():
        for text in bench.texts_of_2000(pool, runs):
            for policy in ("notice", "hr"):
                cases.append((text, policy, (), (), False))
    differ = 0
    for text, policy, names, dates, strict in cases:
        found = []
        for module in (old, privacy):
            found.append(
                _as_tuples(
                    module.guard(
                        text,
                        module.Policy(policy),
                        names=names,
                        allowed_dates=dates,
                        strict_dates=strict,
                    )
                )
            )
        if found[0] != found[1]:
            differ += 1
            if differ <= 5:
                print(f"differ ({policy}, strict dates {strict}): {text[:160]!r}")
                print(f"  before: {found[0]}\n  now:    {found[1]}")
    print(f"findings compared on {len(cases)} calls: {differ} differ")
    return differ


def _pools(examples: Sequence[Any]) -> dict[str, Sequence[Any]]:
    neutral = [e for e in examples if e.policy is privacy.Policy.NOTICE and not e.positive]
    return {"plain": [], "neutral": neutral, "mixed": examples}


def time_both(old_lint: ModuleType, old: ModuleType, timed: int) -> None:
    clock = time.thread_time
    for kind, pool in _pools(bench.load_corpus()).items():
        texts = bench.texts_of_2000(pool, timed)
        old.guard(texts[0], old.Policy.NOTICE)
        privacy.guard(texts[0], privacy.Policy.NOTICE)
        before: list[float] = []
        now: list[float] = []
        for text in texts:
            bench._clear_caches(old, old_lint)
            start = clock()
            old.guard(text, old.Policy.NOTICE)
            before.append(clock() - start)
            bench._clear_caches(privacy, lint)
            start = clock()
            privacy.guard(text, privacy.Policy.NOTICE)
            now.append(clock() - start)
        b, n = statistics.median(before) * 1000, statistics.median(now) * 1000
        print(
            f"{kind:8s} before {b:.3f} ms, now {n:.3f} ms (CPU time medians): ratio of medians"
            f" {n / b:.2f}, of totals {sum(now) / sum(before):.2f} ({len(texts)} texts)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="the git revision to compare with")
    parser.add_argument("--runs", type=int, default=2000, help="benchmark texts compared per kind")
    parser.add_argument("--timed", type=int, default=1000, help="texts timed per kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        old_lint, old = load_old(args.against, Path(folder))
        differ = compare(old, args.runs)
        time_both(old_lint, old, args.timed)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
