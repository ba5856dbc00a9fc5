"""The guard on the whole labelled corpus (tests/data/privacy, issue 16): the goal holds.

Recall 100 % (every revealing notice text and every medical HR text refused) and at most
1 % false alarms (neutral and factual texts refused). Tuning looks only at split dev; this
test covers dev and holdout together. ``python bench/privacy.py --misses`` shows the table.
"""

from __future__ import annotations

import pytest

from bench.privacy import evaluate, load_corpus

EXAMPLES = load_corpus()
pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no corpus in tests/data/privacy yet")


def test_the_guard_refuses_every_revealing_or_medical_text_and_almost_no_other() -> None:
    results = evaluate(EXAMPLES)
    misses = [r for r in results if r.example.positive and not r.refused]
    alarms = [r for r in results if not r.example.positive and r.refused]
    negatives = sum(not e.positive for e in EXAMPLES)
    rate = len(alarms) / negatives if negatives else 0.0
    report = "\n".join(r.describe() for r in misses + alarms)
    assert not misses and rate <= 0.01, (
        f"{len(misses)} missed, {len(alarms)} false alarms ({rate:.1%} of {negatives}):\n{report}"
    )


def test_every_corpus_line_is_usable() -> None:
    assert all(e.text.strip() and e.category for e in EXAMPLES)
