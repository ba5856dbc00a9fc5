"""Bad days at the vendor: every fault on cue, the same promises kept under each.

A batch of signed webhooks is accepted (202) and the worker runs until the inbox is quiet,
against a local Zendesk (tests/fake_zendesk.py) that misbehaves on cue. The test clock moves
to each rescheduled event's ``next_attempt_at``; HTTP timeouts are real but short (config).
After every run the same invariants are checked: each accepted event ends ``done`` or
``dead`` with a reason naming the cause; no ticket is assigned to two different people; no
customer gets two notices; attempts and vendor calls stay within the configured bounds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from connector.adapters.models import InboxEvent
from connector.config import WorkerConfig
from connector.web import create_app
from connector.wiring import Services
from connector.worker import Worker
from tests.conftest import ZENDESK_SECRET, SleepRecorder, make_config
from tests.fake_zendesk import FakeZendesk, Fault
from tests.support import (
    FakeClock,
    anna_period,
    build_test_services,
    zendesk_headers,
    zendesk_ticket_created,
)

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

ANNA, BOB = 9001, 9002
TICKETS = range(1, 31)  # 30 events; 10 customers with 3 tickets each
MAX_ATTEMPTS = 3  # per event (worker.max_attempts)
INLINE_ATTEMPTS = 3  # per call (the test RetryPolicy)
TIMEOUT = 0.8  # helpdesks.acme.timeout_seconds: the client gives up after this; with room for
# a loaded machine, where a plain answer slower than this would count as a fault and be repeated
HOLD = 1.6  # how long a "timeout" fault holds, and how long a slow body takes (2 x TIMEOUT)


def customer_of(tid: int) -> int:
    return 7100 + tid % 10


TRANSIENT_PUT = {t for t in TICKETS if t % 5 == 0}  # the first PUT fails: 5, 10, … 30
TRANSIENT_GET = {t for t in TICKETS if t % 5 == 1}  # the first read fails: 1, 6, … 26
PERSISTENT = {2, 17}  # every call about these tickets fails: they end dead


def cue(mode: str, retry_after: float | None = None) -> Any:
    """The faults' script: which call of which ticket misbehaves, and how."""
    fault = Fault(mode, retry_after=retry_after, hold=HOLD)

    def faults(method: str, route: str, ticket: int | None, nth: int) -> Fault | None:
        if ticket is None or route != "/api/v2/tickets/{id}.json":
            return None
        if ticket in PERSISTENT:
            return fault
        if method == "PUT" and ticket in TRANSIENT_PUT and nth == 1:
            return fault
        if method == "GET" and ticket in TRANSIENT_GET and nth == 1:
            return fault
        return None

    return faults


def event_body(tid: int) -> bytes:
    return zendesk_ticket_created(tid, assignee=ANNA, requester=customer_of(tid))


@dataclasses.dataclass
class Run:
    svc: Services
    zd: FakeZendesk
    clock: FakeClock
    sleeps: SleepRecorder
    # (event id, seconds it was put back for, error), once per failed attempt
    reschedules: list[tuple[int, float, str]] = dataclasses.field(default_factory=list)
    seen: set[tuple[int, int]] = dataclasses.field(default_factory=set)

    def rows(self) -> list[Any]:
        with self.svc.store.session() as s:
            return list(s.execute(select(InboxEvent).order_by(InboxEvent.id)).scalars())


@pytest.fixture
def setup(db_url: str, clock: FakeClock, sleeps: SleepRecorder) -> Iterator[Any]:
    servers: list[FakeZendesk] = []
    services: list[Services] = []

    def make(faults: Any) -> Run:
        zd = FakeZendesk(faults=faults)
        zd.start()
        servers.append(zd)
        zd.add_user(ANNA, "Anna de Vries", "anna@example.com")
        zd.add_user(BOB, "Bob Jansen", "bob@example.com")
        for tid in TICKETS:
            c = customer_of(tid)
            zd.add_user(c, f"Customer {c}", f"c{c}@example.org", "end-user", "nl")
            zd.add_ticket(tid, ANNA, requester_id=c)
        config = make_config(
            db_url, url=zd.url, timeout_seconds=TIMEOUT, rate_limit_per_minute=100_000
        )
        config = dataclasses.replace(
            config, worker=WorkerConfig(max_attempts=MAX_ATTEMPTS, lease_seconds=60)
        )
        svc = build_test_services(config, clock, sleeps)
        services.append(svc)
        anna_period(svc, "acme")
        return Run(svc, zd, clock, sleeps)

    yield make
    for svc in services:
        svc.store.engine.dispose()
    for zd in servers:
        zd.stop()


def accept_batch(run: Run) -> None:
    client = create_app(services=run.svc, TESTING=True).test_client()
    for tid in TICKETS:
        body = event_body(tid)
        resp = client.post(
            "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, run.clock())
        )
        assert resp.status_code == 202, resp.get_json()
    run.zd.calls.clear()


def work_until_quiet(run: Run) -> None:
    """Drain; then move the clock to the earliest rescheduled event (never past it early)."""
    worker = Worker(run.svc, "fault-test")
    for _ in range(100):
        worker.drain()
        waiting = [r for r in run.rows() if r.status == "pending"]
        if not waiting:
            return
        for r in waiting:
            if (r.id, r.attempts) not in run.seen:  # put back during this drain, at this time
                run.seen.add((r.id, r.attempts))
                wait = (_aware(r.next_attempt_at) - run.clock()).total_seconds()
                run.reschedules.append((r.id, wait, r.last_error))
        due = min(_aware(r.next_attempt_at) for r in waiting)
        run.clock.now = due - dt.timedelta(milliseconds=1)
        assert worker.run_once() is False, "an event was taken before its next_attempt_at"
        run.clock.now = due
    raise AssertionError("the inbox never became quiet")


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def check_invariants(run: Run, cause: str) -> list[Any]:
    rows = run.rows()
    assert len(rows) == len(TICKETS)
    by_ticket = {json.loads(r.payload)["detail"]["id"]: r for r in rows}
    # Every accepted event ends done, or dead with a reason that names the cause.
    assert Counter(r.status for r in rows).keys() <= {"done", "dead"}
    for tid, r in by_ticket.items():
        if int(tid) in PERSISTENT:
            assert r.status == "dead", (tid, r.status, r.outcome)
            assert cause in r.last_error and f"/tickets/{tid}.json" in r.last_error, r.last_error
        else:
            assert r.status == "done", (tid, r.status, r.last_error)
            assert run.zd.tickets[int(tid)]["assignee_id"] == BOB
    for tid in PERSISTENT:
        assert run.zd.tickets[tid]["assignee_id"] == ANNA
    # No ticket was ever assigned to two different people.
    for tid, assignees in run.zd.assignments.items():
        assert set(assignees) == {BOB}, (tid, assignees)
    # No customer got two notices, and every customer got exactly one.
    notices = run.zd.notices_per_requester()
    assert notices == {customer_of(t): 1 for t in TICKETS}, notices
    # Retries are bounded: attempts per event, and calls per ticket at the vendor.
    assert max(r.attempts for r in rows) <= MAX_ATTEMPTS
    # (the team lead's internal note on a dead-lettered ticket is not a retry of the job)
    calls = Counter(c.path for c in run.zd.calls if not _team_lead_note(c))
    for tid in TICKETS:
        made = calls[f"/api/v2/tickets/{tid}.json"]
        assert made <= MAX_ATTEMPTS * INLINE_ATTEMPTS * 2, (tid, made)
    for tid in PERSISTENT:
        # the read fails every time: each attempt reads (idempotent: inline retries), no PUT
        assert by_ticket[str(tid)].attempts == MAX_ATTEMPTS
        assert calls[f"/api/v2/tickets/{tid}.json"] == MAX_ATTEMPTS * INLINE_ATTEMPTS
    assert run.zd.count("/api/v2/tickets/{id}.json", "PUT") <= 2 * len(TICKETS)
    return rows


def _team_lead_note(call: Any) -> bool:
    """The internal note that tells the team lead about a dead letter (not a customer notice)."""
    ticket = call.body.get("ticket") if isinstance(call.body, dict) else None
    comment = ticket.get("comment") if isinstance(ticket, dict) else None
    return isinstance(comment, dict) and comment.get("public") is False


# The vendor's faults do not depend on the database: these run on SQLite (fast); the queue's
# rescheduling, which does, is proven on both engines by the Retry-After tests below.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("mode", "cause"),
    [
        ("500", "answered 500"),
        ("502", "answered 502"),
        ("503", "answered 503"),
        ("reset", "failed: ConnectionError"),
        ("timeout", "failed: ReadTimeout"),
        ("slow_body", "failed: too slow"),
        ("garbage", "not valid JSON"),
    ],
)
def test_under_each_vendor_fault_every_event_ends_done_or_dead_with_its_cause(
    setup: Any, mode: str, cause: str
) -> None:
    run = setup(cue(mode))
    accept_batch(run)

    work_until_quiet(run)

    check_invariants(run, cause)
    # A PUT carrying a notice that failed ambiguously was not repeated blindly: the job
    # re-read the ticket, saw it already with Bob (the change had been applied), and stopped.
    put_calls = [c for c in run.zd.calls if c.method == "PUT"]
    for tid in TRANSIENT_PUT:
        mine = [c for c in put_calls if c.path == f"/api/v2/tickets/{tid}.json"]
        carried_notice = "comment" in mine[0].body["ticket"]
        if carried_notice and mode != "503":
            assert [c.fault for c in mine] == [mode], (tid, mine)
        else:  # no notice (idempotent), or refused before any work (503): repeated, once
            assert [c.fault for c in mine] == [mode, None], (tid, mine)


def test_a_short_retry_after_is_slept_in_the_call_and_a_long_one_reschedules_the_event(
    setup: Any,
) -> None:
    run = setup(cue("429", retry_after=2))
    accept_batch(run)

    work_until_quiet(run)

    check_invariants(run, "answered 429")
    # Transient 429s: slept in the call for exactly Retry-After, then repeated once.
    assert run.sleeps.calls.count(2.0) >= len(TRANSIENT_PUT) + len(TRANSIENT_GET)
    # Persistent 429s: after the call's attempts, the event waits at least Retry-After.
    waits = [w for _, w, err in run.reschedules if "answered 429" in err]
    assert waits and min(waits) >= 2.0


def test_a_retry_after_longer_than_a_worker_should_wait_is_honoured_by_the_queue(
    setup: Any,
) -> None:
    def faults(method: str, route: str, ticket: int | None, nth: int) -> Fault | None:
        if method == "PUT" and ticket is not None and ticket <= 10 and nth == 1:
            return Fault("429", retry_after=120)
        return None

    run = setup(faults)
    accept_batch(run)

    work_until_quiet(run)

    # No worker slept 120 s: each such event went back to the queue for at least 120 s.
    assert all(s < 120 for s in run.sleeps.calls)
    waits = {eid: w for eid, w, err in run.reschedules if "answered 429" in err}
    assert len(waits) == 10 and min(waits.values()) >= 120.0
    rows = run.rows()
    assert {r.status for r in rows} == {"done"}
    assert Counter(r.attempts for r in rows) == {1: 20, 2: 10}
    for tid, assignees in run.zd.assignments.items():
        assert set(assignees) == {BOB}, (tid, assignees)
    assert run.zd.notices_per_requester() == {customer_of(t): 1 for t in TICKETS}
