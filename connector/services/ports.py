"""The service layer's ports: what a service needs from storage, as small Protocols.

The SQLAlchemy repositories in ``connector.adapters.repositories`` implement them (built in
``connector.wiring`` only); ``tests/fakes/repositories.py`` implements them in memory so the
services can be tested without a database. Method names match the old ``Store`` methods, so a
service moves to a port by changing only the object it calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from connector.domain.contact_log import ContactEntry, HrDocument, Read, ReadVia
from connector.domain.contact_procedure import ContactProcedure
from connector.domain.periods import Period
from connector.domain.records import ErasureMode, NotificationItem, OutboxItem, Reroute, TokenInfo

Clock = Callable[[], dt.datetime]


class NotificationQueue(Protocol):
    """Team-lead notifications: recorded in the transaction of the audit row that raised them
    (``s``, opaque here), claimed and finished by the worker."""

    def transaction(self) -> AbstractContextManager[Any]: ...

    def event_in(self, s: Any, event_id: int) -> tuple[str, str] | None:
        """(event type, payload) of an inbox event, or None."""
        ...

    def periods_in(self, s: Any, helpdesk: str) -> list[Period]: ...

    def period_in(self, s: Any, period_id: int) -> Period | None: ...

    def record(
        self,
        s: Any,
        *,
        dedup_key: str,
        rows: list[dict[str, Any]],
        now: dt.datetime,
        window: dt.timedelta,
        ticket_id: str | None,
        each_time: list[dict[str, Any]] | None = None,
    ) -> bool:
        """A new episode of ``dedup_key`` (True), or this occurrence folded into the open one."""
        ...

    def claim(self, now: dt.datetime, lease_seconds: int) -> NotificationItem | None: ...

    def sent(self, item_id: int, now: dt.datetime) -> None: ...

    def retry_later(self, item_id: int, when: dt.datetime, error: str) -> None: ...

    def failed(self, item_id: int, error: str) -> None: ...


class AccessLogRepo(Protocol):
    """Who read which contact-log entries, and how (API, page, export)."""

    def record(
        self,
        at: dt.datetime,
        actor: str,
        via: ReadVia,
        helpdesk: str,
        employee_email: str,
        entry_ids: Sequence[str],
    ) -> None: ...

    def reads(
        self,
        helpdesks: Sequence[str] | None,
        employee_email: str | None = None,
        limit: int = 500,
    ) -> list[Read]:
        """Newest first."""
        ...


class DataSubjectRepo(Protocol):
    """What the database holds about one employee: find it, and erase or anonymise it."""

    def period_ids(self, helpdesks: Sequence[str] | None, email: str) -> list[int]: ...

    def running(self, period_ids: Sequence[int]) -> list[int]:
        """Periods not yet handed back (they still route tickets: end them first)."""
        ...

    def replaced_periods(self, helpdesks: Sequence[str] | None, email: str) -> dict[int, str]:
        """The periods in which ``email`` is a replacement (first or extra): id → agent id."""
        ...

    def erase(
        self,
        helpdesks: Sequence[str] | None,
        email: str,
        period_ids: Sequence[int],
        mode: ErasureMode,
        replaced: Mapping[int, str] | None = None,
    ) -> dict[str, int]: ...


class RecordRetention(Protocol):
    """Deletes (or, ``dry_run``, counts) every kind of record past its retention period."""

    def run(self, now: dt.datetime, *, dry_run: bool = False) -> dict[str, int]: ...


class Purge(Protocol):
    """Deletes (or counts) what expired by ``now``: e.g. the page's ended sessions."""

    def purge(self, now: dt.datetime, limit: int = 500, *, dry_run: bool = False) -> int: ...


class HrOutbox(Protocol):
    """The HR outbox as the dispatcher works it: claim one due delivery, then finish it."""

    def claim(
        self, now: dt.datetime, lease_seconds: float, owner: str = "hr"
    ) -> OutboxItem | None: ...

    def get(self, entry_id: str) -> ContactEntry | None: ...

    def sent(
        self, item_id: int, now: dt.datetime, remote_ref: str, owner: str | None = None
    ) -> bool: ...

    def retry_later(
        self, item_id: int, when: dt.datetime, error: str, owner: str | None = None
    ) -> bool: ...

    def dead(self, item_id: int, error: str, owner: str | None = None) -> bool: ...


class HrTarget(Protocol):
    """The HR system the contact log is delivered to (``connector.adapters.hr``)."""

    @property
    def system(self) -> str: ...

    def document(self, entry: ContactEntry, timezone: str) -> HrDocument:
        """The entry rendered for this system, dated in ``timezone``."""
        ...

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        """Put the document in the employee's confidential place; return the system's ref."""
        ...


class InboxWriter(Protocol):
    """Where webhooks land (the inbox queue itself is the worker's: claim, finish, retry)."""

    def add_events(
        self,
        helpdesk: str,
        events: Sequence[tuple[str, str, str]],
        now: dt.datetime,
        delay_seconds: float = 0.0,
    ) -> tuple[list[int], int]:
        """Insert ``(dedup_key, event_type, payload)`` rows, committed; new ids, duplicates."""
        ...


class PeriodRepo(Protocol):
    def add_period(self, period: Period, now: dt.datetime) -> Period: ...

    def save_period(self, period: Period, now: dt.datetime) -> Period: ...

    def get_period(self, period_id: int) -> Period | None: ...

    def periods(self, helpdesks: Sequence[str] | None = None) -> list[Period]: ...

    def periods_active_at(self, helpdesk: str, now: dt.datetime) -> list[Period]: ...

    def periods_active_during(
        self, helpdesk: str, start: dt.datetime, end: dt.datetime
    ) -> list[Period]:
        """The periods active at some moment from ``start`` to ``end`` (both included)."""
        ...

    def set_balance_state(self, period_id: int, state: dict[str, Any]) -> None:
        """Balancing counters per replacement and capacity counts per local day."""
        ...

    def change_balance_state(
        self, period_id: int, change: Callable[[dict[str, Any]], None]
    ) -> dict[str, Any]:
        """Read, change and write the balance state in one short transaction with the
        period's row locked first, so that concurrent workers never lose each other's
        changes: ``change`` gets the state as committed now and changes it in place (no I/O
        in it: the lock is held while it runs). Returns the state written."""
        ...


class AuditRepo(Protocol):
    def audit(self, now: dt.datetime, helpdesk: str, action: str, **fields: Any) -> None: ...

    def audit_many(self, now: dt.datetime, rows: Sequence[dict[str, Any]]) -> None:
        """Several rows at once, each with ``helpdesk``, ``action`` and the other fields."""
        ...

    def latest_audit(self, period_id: int, action: str) -> dict[str, Any] | None: ...

    def latest_audit_of(self, period_id: int, actions: Sequence[str]) -> dict[str, Any] | None: ...

    def audit_records(
        self,
        helpdesks: Sequence[str] | None,
        *,
        period_id: int | None = None,
        ticket_id: str | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[dict[str, Any]]: ...


class NoticeRepo(Protocol):
    def notice_record(self, period_id: int, dedup_key: str) -> dict[str, Any] | None: ...

    def record_notice(
        self,
        period_id: int,
        dedup_key: str,
        ticket_id: str,
        lang: str,
        status: str,
        now: dt.datetime,
    ) -> bool:
        """Record a notice intent (or a block) once; False when one was already recorded."""
        ...

    def set_notice_status(self, period_id: int, dedup_key: str, status: str) -> None: ...

    def notice_counts(self, period_id: int) -> dict[str, int]: ...

    def notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]: ...

    def record_sent(
        self,
        period_id: int,
        ticket_id: str,
        customer_id: str,
        sent: dict[str, str],
        now: dt.datetime,
    ) -> None:
        """Keep the notice as posted (lang, subject, text, html)."""

    def sent_notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]: ...


class TemplateRepo(Protocol):
    def add_template(
        self, fields: dict[str, Any], actor: str, now: dt.datetime
    ) -> dict[str, Any]: ...

    def templates(self, helpdesks: Sequence[str] | None) -> list[dict[str, Any]]: ...

    def template(self, template_id: int) -> dict[str, Any] | None: ...

    def activate_template(self, template_id: int) -> dict[str, Any]: ...

    def active_template(
        self, helpdesk: str, kind: str, variant: str, lang: str
    ) -> dict[str, Any] | None: ...


class TokenRepo(Protocol):
    def create_token(
        self, name: str, role: str, now: dt.datetime, helpdesks: Sequence[str] | None = None
    ) -> str: ...

    def check_token(self, token: str, now: dt.datetime) -> TokenInfo | None: ...

    def list_tokens(self) -> list[dict[str, Any]]: ...

    def revoke_tokens(self, which: str, now: dt.datetime) -> list[int]: ...

    def token_by_id(self, token_id: int) -> TokenInfo | None: ...


class LifecycleRepo(Protocol):
    """Leases and progress on periods, and the tickets a period moved."""

    def unfinished_periods(self, now: dt.datetime) -> list[Period]: ...

    def claim(self, period_id: int, owner: str, now: dt.datetime, lease_seconds: float) -> bool: ...

    def release(self, period_id: int, owner: str) -> None: ...

    def set_start_move(
        self,
        period_id: int,
        progress: dict[str, Any],
        *,
        done_at: dt.datetime | None = None,
        retry_at: dt.datetime | None = None,
    ) -> None: ...

    def set_swept(self, period_id: int, now: dt.datetime) -> None: ...

    def set_handed_back(self, period_id: int, now: dt.datetime, result: dict[str, Any]) -> None: ...

    def set_phase_move(self, period_id: int, key: str, progress: dict[str, Any]) -> None: ...

    def set_replacement_move_due(self, period_id: int, due: bool) -> None: ...

    def record_reroute(
        self,
        period_id: int,
        ticket_id: str,
        now: dt.datetime,
        from_agent: str,
        to_agent: str,
        via: str,
    ) -> None: ...

    def reroutes(self, period_id: int, *, open_only: bool = False) -> list[Reroute]: ...

    def close_reroutes(
        self, period_id: int, outcomes: Sequence[tuple[str, str]], now: dt.datetime
    ) -> None: ...

    def ticket_reroutes(self, helpdesk: str, ticket_id: str) -> list[tuple[Period, Reroute]]: ...


class ContactLogRepo(Protocol):
    """The sealed contact log and, read-only plus replay, its HR deliveries."""

    def add(self, entry: ContactEntry, targets: Sequence[str], now: dt.datetime) -> bool: ...

    def by_source_ref(self, source_ref: str) -> ContactEntry | None: ...

    def get(self, entry_id: str) -> ContactEntry | None: ...

    def superseded_by(self, entry_id: str) -> list[str]: ...

    def entries(
        self, helpdesks: Sequence[str] | None, employee_email: str | None = None
    ) -> list[tuple[ContactEntry, list[str]]]: ...

    def counts(self, period_id: int, start: dt.datetime, end: dt.datetime) -> tuple[int, int]: ...

    def purge(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int: ...

    def outbox(
        self,
        helpdesks: Sequence[str] | None,
        status: str | None = None,
        limit: int = 200,
        *,
        entry_ids: Sequence[str] | None = None,
        item_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """HR deliveries of these entries, newest first (read side of the HR outbox)."""
        ...

    def replay(self, item_id: int, now: dt.datetime) -> bool: ...


class ContactProcedureRepo(Protocol):
    """A period's contact procedure (sealed): read, replaced whole, purged with the log."""

    def get(self, period_id: int) -> ContactProcedure | None: ...

    def put(
        self, period_id: int, procedure: ContactProcedure, actor: str, now: dt.datetime
    ) -> None: ...

    def purge(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int: ...


class LeaseHolders(Protocol):
    """The leases of inbox events, HR deliveries and periods, as the per-process heartbeat
    (``connector.leases``) sees them: renewed by their process, freed when it is gone.

    A holder is a worker or scheduler id, ``host:pid:thread``; ``prefix`` is ``host:pid:``.
    """

    def renew(
        self,
        prefix: str,
        now: dt.datetime,
        *,
        events: Sequence[int],
        event_until: dt.datetime,
        deliveries: Sequence[int],
        delivery_until: dt.datetime,
        periods: Sequence[int],
        period_until: dt.datetime,
    ) -> int:
        """Extend these leases if a holder starting with ``prefix`` holds them, in one
        transaction (a period's only while its lease has not run out at ``now``); the number
        of leases renewed."""
        ...

    def holders(self, now: dt.datetime) -> set[str]:
        """Who holds a lease now: the owners of events and deliveries being processed and
        of periods whose lease has not run out."""
        ...

    def expire_holder(self, holder: str, gone: dt.datetime) -> int:
        """Let every lease of ``holder`` (a process that is gone) run out at ``gone``; the
        number of leases so freed."""
        ...
