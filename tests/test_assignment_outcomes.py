"""The outcomes of a refused assignment and their human reasons (pure: no database, no HTTP)."""

from __future__ import annotations

import pytest

from connector.services.assignment import REASONS, AssignOutcome, reason

VALUES = {"target": "bob@example.com", "why": "not in group 4", "owner": "dora@example.com"}


@pytest.mark.parametrize("outcome", sorted(REASONS))
@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_every_refusal_outcome_has_a_reason_in_each_of_the_four_languages(
    outcome: AssignOutcome, lang: str
) -> None:
    text = reason(outcome, lang, **VALUES)
    assert "bob@example.com" in text and "not in group 4" in text
    assert "{" not in text  # every placeholder filled


def test_the_outcomes_that_are_not_a_move_each_have_a_reason() -> None:
    assert set(REASONS) == set(AssignOutcome) - {AssignOutcome.ASSIGNED}


def test_an_unknown_language_falls_back_to_english() -> None:
    assert reason(AssignOutcome.KEPT, "sv", **VALUES) == reason(AssignOutcome.KEPT, "en", **VALUES)
    assert reason(AssignOutcome.KEPT, "en", **VALUES).endswith("it stays with dora@example.com.")
