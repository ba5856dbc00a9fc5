"""Where the privacy guard's time goes on 2,000-character texts: cProfile over the benchmark's
texts of one kind, caches of texts cleared before every call.

    python bench/privacy_profile.py [--kind plain|neutral|mixed] [--runs 500] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import privacy as bench  # type: ignore[import-not-found]  # noqa: E402  (bench/privacy.py)

from connector.domain.privacy import Policy, guard  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="mixed", choices=("plain", "neutral", "mixed"))
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args(argv)
    examples = bench.load_corpus()
    pools = {
        "plain": [],
        "neutral": [e for e in examples if e.policy is Policy.NOTICE and not e.positive],
        "mixed": examples,
    }
    texts = bench.texts_of_2000(pools[args.kind], args.runs)
    guard(texts[0], Policy.NOTICE)  # load the lists and build the automaton once
    profile = cProfile.Profile()
    for text in texts:
        bench._clear_caches()
        profile.enable()
        guard(text, Policy.NOTICE)
        profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
