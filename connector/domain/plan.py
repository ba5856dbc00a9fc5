"""The pure *plan* step of the pipeline: which vendor calls carry the decided moves.

decide (:mod:`connector.domain.moves`) says where each ticket goes; this module groups those
moves into calls without I/O: a move that carries a customer notice goes alone (a bulk
endpoint cannot carry a per-customer comment), the others go in bulk, one group per target,
cut into batches of at most ``batch_size`` tickets. The lifecycle's start move, sweep, move to
a new replacement and hand-back act on the same plan shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Tickets per bulk call when the vendor declares nothing smaller.
DEFAULT_BATCH_SIZE = 100


@dataclass(frozen=True)
class MovePlan(Generic[T]):
    """``single``: moves made one call each (with their notice), in decision order.
    ``batches``: bulk calls, each for one target, in the order the targets were first seen."""

    single: tuple[T, ...]
    batches: tuple[tuple[T, ...], ...]

    @property
    def calls(self) -> int:
        """The vendor calls the plan makes when every call succeeds."""
        return len(self.single) + len(self.batches)


def batches(items: Sequence[T], batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[tuple[T, ...], ...]:
    """``items`` cut into consecutive batches of at most ``batch_size``."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return tuple(tuple(items[i : i + batch_size]) for i in range(0, len(items), batch_size))


def plan_moves(
    moves: Iterable[T],
    target_of: Callable[[T], str],
    *,
    alone: Callable[[T], bool] = lambda _m: False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> MovePlan[T]:
    """Group decided moves into vendor calls: ``alone`` moves one by one, the rest in bulk per
    target (``target_of``), at most ``batch_size`` tickets a call."""
    single: list[T] = []
    by_target: dict[str, list[T]] = {}
    for move in moves:
        if alone(move):
            single.append(move)
        else:
            by_target.setdefault(target_of(move), []).append(move)
    return MovePlan(
        tuple(single),
        tuple(b for group in by_target.values() for b in batches(group, batch_size)),
    )
