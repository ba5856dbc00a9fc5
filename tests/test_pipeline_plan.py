"""The pure plan step: decided moves grouped into vendor calls (no I/O, no database)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from connector.domain.plan import DEFAULT_BATCH_SIZE, MovePlan, batches, plan_moves


@dataclass(frozen=True)
class Mv:
    ticket: str
    target: str
    notice: bool = False


def _plan(moves: list[Mv], batch_size: int = DEFAULT_BATCH_SIZE) -> MovePlan[Mv]:
    return plan_moves(moves, lambda m: m.target, alone=lambda m: m.notice, batch_size=batch_size)


def test_moves_to_one_target_share_one_bulk_call() -> None:
    plan = _plan([Mv("1", "anna"), Mv("2", "anna"), Mv("3", "anna")])
    assert plan.single == ()
    assert [[m.ticket for m in b] for b in plan.batches] == [["1", "2", "3"]]
    assert plan.calls == 1


def test_moves_to_different_targets_are_grouped_per_target_in_first_seen_order() -> None:
    plan = _plan([Mv("1", "bob"), Mv("2", "anna"), Mv("3", "bob")])
    assert [[m.ticket for m in b] for b in plan.batches] == [["1", "3"], ["2"]]
    assert {b[0].target for b in plan.batches} == {"anna", "bob"}


def test_a_group_larger_than_the_batch_size_is_cut_into_batches() -> None:
    plan = _plan([Mv(str(i), "anna") for i in range(7)], batch_size=3)
    assert [len(b) for b in plan.batches] == [3, 3, 1]
    assert plan.calls == 3


def test_the_default_batch_size_keeps_a_hundred_tickets_to_a_call() -> None:
    plan = _plan([Mv(str(i), "anna") for i in range(201)])
    assert [len(b) for b in plan.batches] == [100, 100, 1]


def test_a_move_with_a_notice_goes_alone_and_never_in_bulk() -> None:
    plan = _plan([Mv("1", "anna", notice=True), Mv("2", "anna"), Mv("3", "anna", notice=True)])
    assert [m.ticket for m in plan.single] == ["1", "3"]
    assert [[m.ticket for m in b] for b in plan.batches] == [["2"]]
    assert plan.calls == 3


def test_no_moves_plan_no_calls() -> None:
    assert _plan([]).calls == 0


def test_batches_keep_the_order_of_the_items() -> None:
    assert batches(["a", "b", "c", "d", "e"], 2) == (("a", "b"), ("c", "d"), ("e",))


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        batches(["a"], 0)
