"""The service layer's ports: what a service needs from storage, as small Protocols.

The SQLAlchemy repositories in ``connector.adapters.repositories`` implement them (built in
``connector.wiring`` only); ``tests/fakes/repositories.py`` implements them in memory so the
services can be tested without a database. Method names match the old ``Store`` methods, so a
service moves to a port by changing only the object it calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from connector.domain.contact_log import ContactEntry
from connector.domain.periods import Period
from connector.domain.records import Reroute, TokenInfo

Clock = Callable[[], dt.datetime]


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
