"""Group commit: webhooks arriving together share one durable write.

Each accepted webhook must be committed before its 202, and the commit (a WAL flush on
PostgreSQL, a WAL write under a file lock on SQLite) is the largest cost of ingest. Requests
handled by the threads of one process at the same moment are written together: the first
one to arrive leads and writes everything queued so far in one statement; the others wait
for that write and answer only after it. With one request at a time nothing waits, so the
latency of a quiet system is unchanged.

Leader/follower: while a write is in flight, new arrivals queue. When it ends, the oldest
waiting request is promoted and writes the next batch (its own included), so no request
waits for more than the write in flight plus its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class _Slot(Generic[T, R]):
    """One request. ``wake`` is a lock held from the start and released once to wake it: far
    cheaper than a ``threading.Event`` (a condition and a re-entrant lock per request), and
    only made for a request that has to wait."""

    __slots__ = ("item", "result", "error", "done", "lead", "wake")

    def __init__(self, item: T):
        self.item = item
        self.result: R | None = None
        self.error: BaseException | None = None
        self.done = False
        self.lead = False
        self.wake: threading.Lock | None = None

    def sleep(self) -> None:
        assert self.wake is not None
        self.wake.acquire()  # blocks until a leader releases it

    def rouse(self) -> None:
        if self.wake is not None and self.wake.locked():
            self.wake.release()


class GroupCommit(Generic[T, R]):
    """Batch concurrent ``submit`` calls into calls of ``write(items) -> results`` (same order).

    If a batch of several fails and ``isolate(error)`` is true, each item is written alone so
    that one bad item fails only its own request; otherwise (the database is down, say) every
    request in the batch gets the error.
    """

    def __init__(
        self,
        write: Callable[[Sequence[T]], Sequence[R]],
        *,
        max_batch: int = 64,
        isolate: Callable[[BaseException], bool] = lambda _e: True,
    ):
        self._write = write
        self._max_batch = max_batch
        self._isolate = isolate
        self._lock = threading.Lock()
        self._queue: list[_Slot[T, R]] = []
        self._busy = False

    @property
    def waiting(self) -> int:
        """Requests queued behind the write in flight."""
        with self._lock:
            return len(self._queue)

    def submit(self, item: T) -> R:
        """Write ``item`` (with whatever else is queued); return its result or raise its error."""
        slot: _Slot[T, R] = _Slot(item)
        with self._lock:
            self._queue.append(slot)
            if not self._busy:
                self._busy = slot.lead = True
            else:
                slot.wake = threading.Lock()
                slot.wake.acquire()
        if not slot.lead:
            slot.sleep()  # woken once: either written by a leader, or promoted to lead
        if not slot.done:
            self._lead()
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _lead(self) -> None:
        with self._lock:
            batch = self._queue[: self._max_batch]  # the leader is always first in the queue
            del self._queue[: self._max_batch]
        try:
            self._run(batch)
        finally:
            with self._lock:
                nxt = self._queue[0] if self._queue else None
                if nxt is None:
                    self._busy = False
                else:
                    nxt.lead = True
            for slot in batch:
                if not slot.done:  # only if _run itself failed unexpectedly
                    slot.error = RuntimeError("group commit: the write ended without a result")
                    slot.done = True
                slot.rouse()
            if nxt is not None:
                nxt.rouse()

    def _run(self, batch: list[_Slot[T, R]]) -> None:
        try:
            results = self._write([s.item for s in batch])
        except Exception as exc:  # noqa: BLE001 - handed to the waiting requests
            if len(batch) > 1 and self._isolate(exc):
                for slot in batch:
                    self._run([slot])
                return
            for slot in batch:
                slot.error, slot.done = exc, True
            return
        if len(results) != len(batch):
            raise RuntimeError(f"group commit: {len(results)} results for {len(batch)} items")
        for slot, res in zip(batch, results, strict=True):
            slot.result, slot.done = res, True
