"""The guard on the whole labelled corpus (tests/data/privacy, issue 16): the goal holds.

The goal is recall 100 % (every revealing notice text and every medical HR text refused) and
at most 1 % false alarms (neutral and factual texts refused). It holds on split dev, the
texts the guard was tuned on; on split holdout it does not yet, and the test there keeps
today's level from slipping. ``python bench/privacy.py --misses`` shows the table.
"""

from __future__ import annotations

import pytest

from bench.privacy import evaluate, load_corpus

EXAMPLES = load_corpus()
pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no corpus in tests/data/privacy yet")


def _rates(split: str, policy: str | None = None) -> tuple[float, float, str]:
    """(recall, false-alarm rate, a report of the misses and alarms) on one split."""
    examples = [
        e for e in EXAMPLES if e.split == split and (policy is None or e.policy.value == policy)
    ]
    results = evaluate(examples)
    misses = [r for r in results if r.example.positive and not r.refused]
    alarms = [r for r in results if not r.example.positive and r.refused]
    positives = sum(e.positive for e in examples)
    negatives = len(examples) - positives
    recall = 1 - len(misses) / positives if positives else 1.0
    rate = len(alarms) / negatives if negatives else 0.0
    return recall, rate, "\n".join(r.describe() for r in misses + alarms)


def test_on_the_texts_it_was_tuned_on_the_guard_misses_nothing_and_alarms_almost_never() -> None:
    recall, rate, report = _rates("dev")
    assert recall == 1.0 and rate <= 0.01, f"recall {recall:.1%}, alarms {rate:.1%}:\n{report}"


@pytest.mark.parametrize(
    ("policy", "min_recall", "max_alarms"), [("notice", 0.875, 0.07), ("hr", 0.96, 0.13)]
)
def test_on_texts_it_was_never_tuned_on_the_guard_holds_at_least_todays_level(
    policy: str, min_recall: float, max_alarms: float
) -> None:
    """Issue 16's goal (100 % recall, at most 1 % alarms) is not met on the held-out texts
    yet (see the README's table); this keeps today's level from slipping. Raise the bar as
    the guard improves; never tune on these texts."""
    recall, rate, _report = _rates("holdout", policy)
    assert recall >= min_recall and rate <= max_alarms, (recall, rate)


def test_every_corpus_line_is_usable() -> None:
    assert all(e.text.strip() and e.category for e in EXAMPLES)


def test_the_corpus_holds_at_least_1200_texts_in_every_language_for_both_policies() -> None:
    """Issue 16 asks for at least 1,200 labelled texts; each batch written since adds to it."""
    assert len(EXAMPLES) >= 1200
    for policy in ("notice", "hr"):
        for lang in ("nl", "fr", "de", "en"):
            chosen = [e for e in EXAMPLES if e.policy.value == policy and e.lang == lang]
            assert sum(e.positive for e in chosen) >= 90, (policy, lang)
            assert sum(not e.positive for e in chosen) >= 90, (policy, lang)
            assert {e.split for e in chosen} == {"dev", "holdout"}, (policy, lang)
