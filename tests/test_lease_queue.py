"""The one durable lease queue, tested once for both of its tables on both engines.

The inbox (webhook events) and the HR outbox (contact-log deliveries) are the same
``LeaseQueue``; each test runs for each table, on SQLite and on PostgreSQL (``db_url``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert, select

from connector import in_flight
from connector.adapters.contact_log_store import OUTBOX_QUEUE
from connector.adapters.lease_queue import LeaseQueue
from connector.adapters.models import ContactLogEntryRow, HrOutboxRow
from connector.adapters.store import Store
from connector.leases import free_dead, process_prefix, renew

pytestmark = pytest.mark.both_engines  # the queue: claim and lease races differ per engine

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def add_inbox_job(store: Store, due: dt.datetime) -> int:
    ids, _ = store.add_events("acme", [(f"e:{uuid.uuid4()}", "t", "{}")], due)
    return ids[0]


def add_outbox_job(store: Store, due: dt.datetime) -> int:
    entry = str(uuid.uuid4())
    with store.session() as s:
        s.execute(
            insert(ContactLogEntryRow).values(
                id=entry,
                helpdesk="acme",
                employee_email="anna@example.com",
                source="manual",
                contact_at=due,
                recorded_at=due,
                data={},
            )
        )
        return int(
            s.execute(
                insert(HrOutboxRow)
                .values(entry_id=entry, target="bamboohr", next_attempt_at=due, created_at=due)
                .returning(HrOutboxRow.id)
            ).scalar_one()
        )


QueueOf = Callable[[Store], LeaseQueue[Any]]
TABLES: dict[str, tuple[QueueOf, Callable[[Store, dt.datetime], int]]] = {
    "inbox": (lambda store: store.inbox, add_inbox_job),
    "hr_outbox": (
        lambda store: LeaseQueue(HrOutboxRow, OUTBOX_QUEUE, store.session),
        add_outbox_job,
    ),
}


@pytest.fixture(params=sorted(TABLES))
def queue(request: pytest.FixtureRequest, services: Any) -> tuple[LeaseQueue[Any], Any]:
    store: Store = services.store
    make, add = TABLES[request.param]
    return make(store), lambda due=NOW: add(store, due)


@pytest.fixture
def seconds(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The queue's monotonic clock, set by the test (the expired-lease check's interval)."""
    now = [1000.0]
    monkeypatch.setattr("connector.adapters.lease_queue.time.monotonic", lambda: now[0])
    return now


def row(q: LeaseQueue[Any], job_id: int) -> Any:
    with q._session() as s:
        return s.execute(select(q.model).where(q.c.id == job_id)).scalar_one()


def test_the_oldest_due_job_is_claimed_once_and_its_attempt_counted(queue: Any) -> None:
    q, add = queue
    later = add(at(60))
    first = add(NOW)
    second = add(at(1))
    got = q.claim("w1", at(2), 300)
    assert (got.id, got.attempts, got.locked_by) == (first, 1, "w1")
    assert q.claim("w2", at(2), 300).id == second
    assert q.claim("w3", at(2), 30) is None  # the third is not due yet
    assert q.claim("w3", at(61), 30).id == later


def test_only_the_lease_owner_may_finish_retry_or_dead_letter_its_job(queue: Any) -> None:
    q, add = queue
    job = add()
    assert q.claim("w1", NOW, 30) is not None
    assert not q.finish(job, "w2", at(1))
    assert not q.retry_later(job, "w2", at(60), "429")
    assert not q.dead_letter(job, "w2", at(1), "boom")
    assert not q.finish(job, None, at(1))  # the operator's path leaves a held job alone
    assert row(q, job).status == "processing"
    assert q.finish(job, "w1", at(1))
    assert (row(q, job).status, row(q, job).locked_until) == (q.table.done, None)
    assert not q.finish(job, "w1", at(2))  # finished once


def test_a_job_whose_lease_ran_out_is_taken_over_and_the_first_owner_changes_nothing(
    queue: Any,
) -> None:
    q, add = queue
    job = add()
    assert q.claim("dies", NOW, 10).id == job
    assert q.claim("other", at(5), 10) is None  # still leased
    taken = q.claim("other", at(11), 10)
    assert (taken.id, taken.attempts) == (job, 2)
    assert not q.finish(job, "dies", at(12))
    assert not q.dead_letter(job, "dies", at(12), "late")
    assert q.finish(job, "other", at(12))


def test_while_jobs_keep_coming_an_expired_lease_is_taken_over_within_the_check_interval(
    queue: Any, seconds: list[float]
) -> None:
    q, add = queue
    crashed = add(NOW)
    assert q.claim("dies", NOW, 10).id == crashed
    fresh = [add(at(20)), add(at(21))]
    # within the interval the pending jobs go first (one lookup per claim) ...
    seconds[0] += q.EXPIRED_CHECK_SECONDS / 2
    assert q.claim("w", at(30), 10).id == fresh[0]
    # ... once it has passed, the crashed worker's job is taken over before the next one
    seconds[0] += q.EXPIRED_CHECK_SECONDS
    assert q.claim("w", at(30), 10).id == crashed
    assert q.claim("w", at(30), 10).id == fresh[1]


def test_with_nothing_pending_an_expired_lease_is_taken_over_at_once(
    queue: Any, seconds: list[float]
) -> None:
    q, add = queue
    job = add(NOW)
    assert q.claim("dies", NOW, 10).id == job  # the expired-first check is now not due
    assert q.claim("other", at(11), 10).id == job


def test_retry_later_waits_for_its_time_and_keeps_the_error(queue: Any) -> None:
    q, add = queue
    job = add()
    q.claim("w1", NOW, 30)
    assert q.retry_later(job, "w1", at(120), "429: Retry-After 120")  # Retry-After honoured
    r = row(q, job)
    assert (r.status, r.last_error, r.locked_until) == ("pending", "429: Retry-After 120", None)
    assert q.claim("w1", at(119), 30) is None
    again = q.claim("w1", at(120), 30)
    assert (again.id, again.attempts) == (job, 2)


def test_a_dead_job_is_not_claimed_until_replayed_with_its_attempts_reset(queue: Any) -> None:
    q, add = queue
    job = add()
    q.claim("w1", NOW, 30)
    assert q.dead_letter(job, "w1", at(1), "x" * 5000)
    assert (row(q, job).status, len(row(q, job).last_error)) == ("dead", 4000)
    assert q.claim("w1", at(2), 30) is None
    assert q.replay(job, at(3))
    assert not q.replay(job, at(3))  # only a dead job is replayed
    assert row(q, job).attempts == 0
    assert q.claim("w1", at(3), 30).attempts == 1


def test_the_heartbeat_renews_only_the_jobs_its_process_still_works_on(
    queue: Any, services: Any
) -> None:
    q, add = queue
    kept, given_up = add(), add()
    mine = process_prefix() + "1"
    q.claim(mine, NOW, 3)
    q.claim(mine, NOW, 3)
    assert q.renew([kept], process_prefix(), at(30)) == 1
    assert q.renew([kept], "other-host:1:", at(30)) == 0
    assert q.claim("other-host:1:1", at(4), 3).id == given_up
    assert q.claim("other-host:1:1", at(5), 3) is None  # the renewed one stays
    working = in_flight.working_on_event if q is services.store.inbox else None
    if working is None:
        with in_flight.working_on_delivery(kept):
            assert renew(services.lease_holders, process_prefix(), at(20), 3, 3) == 1
    else:
        with working(kept):
            assert renew(services.lease_holders, process_prefix(), at(20), 3, 3) == 1


def test_the_jobs_of_a_process_that_is_gone_are_freed_at_once(queue: Any, services: Any) -> None:
    q, add = queue
    job = add()
    dead = process_prefix(pid=999_999_999) + "1"
    q.claim(dead, NOW, 300)
    assert q.claim("successor", at(1), 300) is None
    assert free_dead(services.lease_holders, at(1), alive=lambda pid: pid != 999_999_999) == 1
    taken = q.claim("successor", at(1), 300)
    assert (taken.id, taken.attempts) == (job, 2)


def test_several_due_jobs_are_claimed_at_once_oldest_first_and_never_twice(queue: Any) -> None:
    q, add = queue
    jobs = [add(at(i)) for i in range(5)]
    not_due = add(at(60))
    first = q.claim_many("w1", at(10), 300, 3)
    assert [(j.id, j.attempts, j.locked_by) for j in first] == [(i, 1, "w1") for i in jobs[:3]]
    second = q.claim_many("w2", at(10), 300, 10)
    assert [j.id for j in second] == jobs[3:]  # what is left and due; the held ones are not
    assert q.claim_many("w3", at(10), 30, 10) == []
    assert [j.id for j in q.claim_many("w3", at(61), 30, 10)] == [not_due]


def test_a_batch_claim_takes_a_crashed_workers_jobs_first_when_the_check_is_due(
    queue: Any, seconds: list[float]
) -> None:
    q, add = queue
    crashed = add(NOW)
    assert [j.id for j in q.claim_many("dies", NOW, 10, 1)] == [crashed]
    fresh = [add(at(5)), add(at(6))]
    # within the check interval, pending jobs found: the expired lease waits for the check
    assert [j.id for j in q.claim_many("w", at(20), 10, 1)] == [fresh[0]]
    seconds[0] += q.EXPIRED_CHECK_SECONDS
    taken = q.claim_many("w", at(20), 10, 5)
    assert sorted((j.id, j.attempts) for j in taken) == [(crashed, 2), (fresh[1], 1)]


def test_jobs_given_back_unstarted_are_due_as_before_and_their_claim_is_not_counted(
    queue: Any,
) -> None:
    q, add = queue
    jobs = [add(at(i)) for i in range(3)]
    claimed = q.claim_many("w1", at(10), 30, 3)
    assert q.release([j.id for j in claimed[1:]], "w2") == 0  # only the holder gives back
    assert q.release([j.id for j in claimed[1:]], "w1") == 2
    assert [(row(q, j).status, row(q, j).attempts) for j in jobs] == [
        ("processing", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert row(q, jobs[1]).next_attempt_at.replace(tzinfo=dt.UTC) == at(1)
    assert [j.id for j in q.claim_many("w2", at(10), 30, 5)] == jobs[1:]


def test_several_jobs_end_in_one_statement_each_as_its_holder_said(queue: Any) -> None:
    q, add = queue
    done, retried, dead, taken_over = (add(at(i)) for i in range(4))
    assert len(q.claim_many("w1", at(5), 10, 4)) == 4
    q.expire_holder("w1", at(6))  # ... and a second worker takes one over
    q.renew([done, retried, dead], "w1", at(30))
    assert [j.id for j in q.claim_many("w2", at(7), 300, 4)] == [taken_over]

    ended = q.end_many(
        "w1",
        [
            (done, q.table.done, {"at": at(8)}),
            (retried, "pending", {"next_attempt_at": at(60), "last_error": "429"}),
            (dead, "dead", {"at": at(8), "last_error": "410 Gone"}),
            (taken_over, q.table.done, {"at": at(8)}),
        ],
    )

    assert ended == {done, retried, dead}
    got = {j: row(q, j) for j in (done, retried, dead, taken_over)}
    assert [(r.status, r.last_error, r.locked_until) for r in got.values()] == [
        (q.table.done, None, None),
        ("pending", "429", None),
        ("dead", "410 Gone", None),
        ("processing", None, got[taken_over].locked_until),
    ]
    assert got[retried].next_attempt_at.replace(tzinfo=dt.UTC) == at(60)
    assert got[taken_over].locked_by == "w2"
    assert [j.id for j in q.claim_many("w3", at(60), 10, 4)] == [retried]
