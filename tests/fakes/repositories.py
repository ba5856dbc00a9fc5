"""In-memory repositories: the ports of ``connector.services.ports`` without a database.

They behave like the SQLAlchemy repositories as far as the services can tell; the contract
tests in ``tests/test_repositories_contract.py`` run the same assertions against both, so a
fake that drifts from the real thing fails there, not in a service test that trusted it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from connector.domain.contact_log import ContactEntry, Read, ReadVia
from connector.domain.periods import Period
from connector.domain.records import OutboxItem, Reroute, TokenInfo

ROLES = ("admin", "team_lead", "viewer")
#: The fields ``save_period`` writes (the scheduler's progress is the lifecycle's).
PERIOD_FIELDS = (
    "employee_email",
    "employee_id",
    "employee_name",
    "replacement_email",
    "replacement_id",
    "replacement_name",
    "starts_at",
    "ends_at",
    "timezone",
    "ended_early_at",
    "scope",
    "notice",
    "phases",
    "handback",
    "move_on_replacement_change",
    "replacements",
    "balancing",
)
EMPTY_STATE: dict[str, Any] = {
    "start_move": {},
    "start_moved_at": None,
    "start_retry_at": None,
    "handed_back_at": None,
    "handback_result": {},
    "last_swept_at": None,
    "replacement_move_due": False,
    "phase_moves": {},
    "balance": {},
}


class FakePeriods:
    def __init__(self) -> None:
        self.rows: dict[int, Period] = {}

    def add_period(self, period: Period, now: dt.datetime) -> Period:
        new = dataclasses.replace(
            copy.deepcopy(period), id=len(self.rows) + 1, state=copy.deepcopy(EMPTY_STATE)
        )
        self.rows[new.id or 0] = new
        return copy.deepcopy(new)

    def save_period(self, period: Period, now: dt.datetime) -> Period:
        assert period.id is not None
        row = self.rows[period.id]
        for name in PERIOD_FIELDS:
            setattr(row, name, copy.deepcopy(getattr(period, name)))
        return copy.deepcopy(row)

    def get_period(self, period_id: int) -> Period | None:
        row = self.rows.get(period_id)
        return copy.deepcopy(row) if row else None

    def periods(self, helpdesks: Sequence[str] | None = None) -> list[Period]:
        rows = [p for p in self.rows.values() if helpdesks is None or p.helpdesk in helpdesks]
        return [copy.deepcopy(p) for p in sorted(rows, key=lambda p: (p.starts_at, p.id or 0))]

    def set_balance_state(self, period_id: int, state: dict[str, Any]) -> None:
        self.rows[period_id].state["balance"] = copy.deepcopy(state)

    def change_balance_state(
        self, period_id: int, change: Callable[[dict[str, Any]], None]
    ) -> dict[str, Any]:
        state = copy.deepcopy(self.rows[period_id].state.get("balance") or {})
        change(state)
        self.rows[period_id].state["balance"] = copy.deepcopy(state)
        return copy.deepcopy(state)

    def periods_active_at(self, helpdesk: str, now: dt.datetime) -> list[Period]:
        return self.periods_active_during(helpdesk, now, now)

    def periods_active_during(
        self, helpdesk: str, start: dt.datetime, end: dt.datetime
    ) -> list[Period]:
        return [
            p
            for p in self.periods([helpdesk])
            if p.starts_at <= end
            and (p.ends_at is None or start < p.ends_at)  # None: open-ended
            and (p.ended_early_at is None or p.ended_early_at > start)
        ]


class CountingPeriods(FakePeriods):
    """``FakePeriods`` that records every ``periods_active_during`` read: (helpdesk, start)."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[tuple[str, dt.datetime]] = []

    def periods_active_during(
        self, helpdesk: str, start: dt.datetime, end: dt.datetime
    ) -> list[Period]:
        self.reads.append((helpdesk, start))
        return super().periods_active_during(helpdesk, start, end)


AUDIT_FIELDS = (
    "period_id",
    "event_id",
    "ticket_id",
    "from_agent",
    "to_agent",
    "reason",
    "vendor_status",
    "vendor_response",
    "actor",
)


AUDIT_DEFAULTS: dict[str, Any] = {"reason": "", "actor": "connector"}


def check_period(periods: FakePeriods, period_id: int | None) -> None:
    """The foreign key the database has: a record names an existing period (or none)."""
    if period_id is not None and period_id not in periods.rows:
        raise LookupError(f"no period {period_id} (foreign key)")


class FakeAudit:
    def __init__(self, periods: FakePeriods) -> None:
        self.periods = periods
        self.rows: list[dict[str, Any]] = []

    def audit(self, now: dt.datetime, helpdesk: str, action: str, **fields: Any) -> None:
        unknown = set(fields) - set(AUDIT_FIELDS)
        assert not unknown, f"no audit column {sorted(unknown)}"
        check_period(self.periods, fields.get("period_id"))
        row = {"id": len(self.rows) + 1, "at": now, "helpdesk": helpdesk, "action": action}
        self.rows.append(row | {k: fields.get(k, AUDIT_DEFAULTS.get(k)) for k in AUDIT_FIELDS})

    def audit_many(self, now: dt.datetime, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            fields = dict(row)
            self.audit(now, fields.pop("helpdesk"), fields.pop("action"), **fields)

    def latest_audit(self, period_id: int, action: str) -> dict[str, Any] | None:
        return self.latest_audit_of(period_id, (action,))

    def latest_audit_of(self, period_id: int, actions: Sequence[str]) -> dict[str, Any] | None:
        for row in reversed(self.rows):
            if row["period_id"] == period_id and row["action"] in actions:
                keys = ("action", "reason", "to_agent", "at", "vendor_status")
                return {k: row[k] for k in keys}
        return None

    def audit_records(
        self,
        helpdesks: Sequence[str] | None,
        *,
        period_id: int | None = None,
        ticket_id: str | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[dict[str, Any]]:
        out = []
        for row in reversed(self.rows):
            if helpdesks is not None and row["helpdesk"] not in helpdesks:
                continue
            if period_id is not None and row["period_id"] != period_id:
                continue
            if ticket_id is not None and row["ticket_id"] != ticket_id:
                continue
            if before_id is not None and row["id"] >= before_id:
                continue
            out.append(row | {"at": row["at"].isoformat()})
        return out[:limit]


class FakeNotices:
    def __init__(self, periods: FakePeriods) -> None:
        self.periods = periods
        self.rows: dict[tuple[int, str], dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []

    def notice_record(self, period_id: int, dedup_key: str) -> dict[str, Any] | None:
        row = self.rows.get((period_id, dedup_key))
        return {k: row[k] for k in ("ticket_id", "status", "lang")} if row else None

    def record_notice(
        self,
        period_id: int,
        dedup_key: str,
        ticket_id: str,
        lang: str,
        status: str,
        now: dt.datetime,
    ) -> bool:
        check_period(self.periods, period_id)
        if (period_id, dedup_key) in self.rows:
            return False
        self.rows[period_id, dedup_key] = {
            "ticket_id": ticket_id,
            "lang": lang,
            "status": status,
            "at": now,
        }
        return True

    def set_notice_status(self, period_id: int, dedup_key: str, status: str) -> None:
        if (period_id, dedup_key) in self.rows:
            self.rows[period_id, dedup_key]["status"] = status

    def notice_counts(self, period_id: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for (pid, _key), row in self.rows.items():
            if pid == period_id:
                out[row["status"]] = out.get(row["status"], 0) + 1
        return out

    def notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]:
        rows = [{"key": key} | row for (pid, key), row in self.rows.items() if pid == period_id]
        return rows[:limit]

    def record_sent(
        self,
        period_id: int,
        ticket_id: str,
        customer_id: str,
        sent: dict[str, str],
        now: dt.datetime,
    ) -> None:
        check_period(self.periods, period_id)
        self.sent.append(
            {"period_id": period_id, "ticket_id": ticket_id, "customer_id": customer_id}
            | {k: sent[k] for k in ("lang", "subject", "text", "html")}
            | {"sent_at": now}
        )

    def sent_notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]:
        rows = [
            {k: v for k, v in r.items() if k != "period_id"}
            for r in self.sent
            if r["period_id"] == period_id
        ]
        return rows[:limit]


class FakeTemplates:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add_template(self, fields: dict[str, Any], actor: str, now: dt.datetime) -> dict[str, Any]:
        key = {k: fields[k] for k in ("helpdesk", "kind", "variant", "lang")}
        versions = [r["version"] for r in self.rows if all(r[k] == v for k, v in key.items())]
        row = key | {
            "id": len(self.rows) + 1,
            "version": max(versions, default=0) + 1,
            "subject": fields["subject"],
            "text": fields["text"],
            "html": fields.get("html") or "",
            "fields": dict(fields["fields"]) if fields.get("fields") else None,
            "mode": "plain" if fields.get("fields") else "advanced",
            "active": False,
            "created_by": actor,
            "created_at": now.isoformat(),
        }
        self.rows.append(row)
        return dict(row)

    def templates(self, helpdesks: Sequence[str] | None) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows if helpdesks is None or r["helpdesk"] in helpdesks]

    def template(self, template_id: int) -> dict[str, Any] | None:
        found = [r for r in self.rows if r["id"] == template_id]
        return dict(found[0]) if found else None

    def activate_template(self, template_id: int) -> dict[str, Any]:
        (row,) = [r for r in self.rows if r["id"] == template_id]
        for other in self.rows:
            if all(other[k] == row[k] for k in ("helpdesk", "kind", "variant", "lang")):
                other["active"] = False
        row["active"] = True
        return dict(row)

    def active_template(
        self, helpdesk: str, kind: str, variant: str, lang: str
    ) -> dict[str, Any] | None:
        want = {"helpdesk": helpdesk, "kind": kind, "variant": variant, "lang": lang}
        for row in self.rows:
            if row["active"] and all(row[k] == v for k, v in want.items()):
                return dict(row)
        return None


class FakeTokens:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    @staticmethod
    def _hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create_token(
        self, name: str, role: str, now: dt.datetime, helpdesks: Sequence[str] | None = None
    ) -> str:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        token = "sti_" + secrets.token_urlsafe(32)
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "name": name,
                "role": role,
                "hash": self._hash(token),
                "prefix": token[:8],
                "helpdesks": list(helpdesks) if helpdesks is not None else None,
                "created_at": now,
                "last_used_at": None,
                "revoked_at": None,
            }
        )
        return token

    @staticmethod
    def _info(row: dict[str, Any]) -> TokenInfo:
        hds = tuple(row["helpdesks"]) if row["helpdesks"] is not None else None
        return TokenInfo(row["id"], row["name"], row["role"], hds)

    def check_token(self, token: str, now: dt.datetime) -> TokenInfo | None:
        for row in self.rows:
            if row["hash"] == self._hash(token) and row["revoked_at"] is None:
                last = row["last_used_at"]
                if last is None or (now - last).total_seconds() > 60:
                    row["last_used_at"] = now
                return self._info(row)
        return None

    def list_tokens(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "hash"} for r in self.rows]

    def revoke_tokens(self, which: str, now: dt.datetime) -> list[int]:
        ids = []
        for row in self.rows:
            hit = which in (row["prefix"], row["name"]) or (
                which.isdigit() and row["id"] == int(which)
            )
            if hit and row["revoked_at"] is None:
                row["revoked_at"] = now
                ids.append(row["id"])
        return ids

    def token_by_id(self, token_id: int) -> TokenInfo | None:
        for row in self.rows:
            if row["id"] == token_id and row["revoked_at"] is None:
                return self._info(row)
        return None


class FakeLifecycle:
    """Leases, progress and rerouted tickets, over the periods of a ``FakePeriods``."""

    def __init__(self, periods: FakePeriods) -> None:
        self.periods = periods
        self.leases: dict[int, tuple[str, dt.datetime]] = {}
        self.moves: dict[tuple[int, str], Reroute] = {}

    def unfinished_periods(self, now: dt.datetime) -> list[Period]:
        return [
            p
            for p in self.periods.periods()
            if p.starts_at <= now and p.state["handed_back_at"] is None
        ]

    def claim(self, period_id: int, owner: str, now: dt.datetime, lease_seconds: float) -> bool:
        held = self.leases.get(period_id)
        if period_id not in self.periods.rows or (held is not None and held[1] >= now):
            return False
        self.leases[period_id] = (owner, now + dt.timedelta(seconds=lease_seconds))
        return True

    def release(self, period_id: int, owner: str) -> None:
        if self.leases.get(period_id, ("",))[0] == owner:
            del self.leases[period_id]

    def _state(self, period_id: int) -> dict[str, Any]:
        return self.periods.rows[period_id].state

    def set_start_move(
        self,
        period_id: int,
        progress: dict[str, Any],
        *,
        done_at: dt.datetime | None = None,
        retry_at: dt.datetime | None = None,
    ) -> None:
        self._state(period_id).update(
            start_move=dict(progress), start_moved_at=done_at, start_retry_at=retry_at
        )

    def set_swept(self, period_id: int, now: dt.datetime) -> None:
        self._state(period_id)["last_swept_at"] = now

    def set_handed_back(self, period_id: int, now: dt.datetime, result: dict[str, Any]) -> None:
        self._state(period_id).update(handed_back_at=now, handback_result=dict(result))

    def set_phase_move(self, period_id: int, key: str, progress: dict[str, Any]) -> None:
        self._state(period_id)["phase_moves"][key] = dict(progress)

    def set_replacement_move_due(self, period_id: int, due: bool) -> None:
        self._state(period_id)["replacement_move_due"] = due

    def record_reroute(
        self,
        period_id: int,
        ticket_id: str,
        now: dt.datetime,
        from_agent: str,
        to_agent: str,
        via: str,
    ) -> None:
        old = self.moves.get((period_id, ticket_id))
        first_from = old.from_agent if old else from_agent
        first_via = old.via if old else via
        self.moves[period_id, ticket_id] = Reroute(
            ticket_id, now, first_from, to_agent, first_via, None, None
        )

    def reroutes(self, period_id: int, *, open_only: bool = False) -> list[Reroute]:
        return [
            r
            for (pid, _t), r in self.moves.items()
            if pid == period_id and not (open_only and r.handed_back_at is not None)
        ]

    def close_reroutes(
        self, period_id: int, outcomes: Sequence[tuple[str, str]], now: dt.datetime
    ) -> None:
        for ticket_id, outcome in outcomes:
            if (period_id, ticket_id) in self.moves:
                self.moves[period_id, ticket_id] = dataclasses.replace(
                    self.moves[period_id, ticket_id], handed_back_at=now, outcome=outcome[:255]
                )

    def ticket_reroutes(self, helpdesk: str, ticket_id: str) -> list[tuple[Period, Reroute]]:
        found = [
            (self.periods.rows[pid], r)
            for (pid, t), r in self.moves.items()
            if t == ticket_id and self.periods.rows[pid].helpdesk == helpdesk
        ]
        found.sort(key=lambda pr: (pr[1].moved_at, pr[0].id or 0), reverse=True)
        return [(copy.deepcopy(p), r) for p, r in found]


class FakeContactLog:
    """Entries kept as objects (the real one seals them; sealing has its own tests)."""

    def __init__(
        self,
        periods: FakePeriods,
        audit: FakeAudit,
        notices: FakeNotices,
    ) -> None:
        self.periods, self.audit, self.notices = periods, audit, notices
        self.rows: dict[str, ContactEntry] = {}
        self.deliveries: list[dict[str, Any]] = []

    def add(self, entry: ContactEntry, targets: Sequence[str], now: dt.datetime) -> bool:
        if entry.source_ref and self.by_source_ref(entry.source_ref) is not None:
            return False
        assert entry.id not in self.rows
        check_period(self.periods, entry.period_id)
        self.rows[entry.id] = entry
        for target in targets:
            self.deliveries.append(
                {
                    "id": len(self.deliveries) + 1,
                    "entry_id": entry.id,
                    "helpdesk": entry.helpdesk,
                    "target": target,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now.isoformat(),
                    "last_error": None,
                    "remote_ref": None,
                    "sent_at": None,
                }
            )
        return True

    def by_source_ref(self, source_ref: str) -> ContactEntry | None:
        return next((e for e in self.rows.values() if e.source_ref == source_ref), None)

    def get(self, entry_id: str) -> ContactEntry | None:
        return self.rows.get(entry_id)

    def superseded_by(self, entry_id: str) -> list[str]:
        newer = [e for e in self.rows.values() if e.supersedes_id == entry_id]
        return [e.id for e in sorted(newer, key=lambda e: e.recorded_at)]

    def entries(
        self, helpdesks: Sequence[str] | None, employee_email: str | None = None
    ) -> list[tuple[ContactEntry, list[str]]]:
        rows = [
            e
            for e in self.rows.values()
            if (helpdesks is None or e.helpdesk in helpdesks)
            and (employee_email is None or e.employee_email == employee_email.lower())
        ]
        rows.sort(key=lambda e: e.id)
        rows.sort(key=lambda e: e.contact_at, reverse=True)
        return [(e, self.superseded_by(e.id)) for e in rows]

    def counts(self, period_id: int, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        moved = {
            a["ticket_id"]
            for a in self.audit.rows
            if a["period_id"] == period_id
            and a["action"] == "rerouted"
            and start <= a["at"] < end
            and a["ticket_id"] is not None
        }
        sent = [
            n
            for (pid, _k), n in self.notices.rows.items()
            if pid == period_id and n["status"] == "sent" and start <= n["at"] < end
        ]
        return len(moved), len(sent)

    def purge(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int:
        unfinished = {
            d["entry_id"] for d in self.deliveries if d["status"] in ("pending", "processing")
        }

        def ended_before(pid: int | None) -> bool:
            p = self.periods.rows.get(pid or 0)
            if pid is None or p is None:
                return True
            # The store's "recent" negated; an open end that no one ended is recent.
            recent = (p.ends_at is None or p.ends_at >= cutoff) and (
                p.ended_early_at is None or p.ended_early_at >= cutoff
            )
            return not recent

        ids = [
            e.id
            for e in self.rows.values()
            if e.recorded_at < cutoff and e.id not in unfinished and ended_before(e.period_id)
        ]
        if not dry_run:
            for i in ids:
                del self.rows[i]
            self.deliveries = [d for d in self.deliveries if d["entry_id"] not in ids]
        return len(ids)

    def outbox(
        self,
        helpdesks: Sequence[str] | None,
        status: str | None = None,
        limit: int = 200,
        *,
        entry_ids: Sequence[str] | None = None,
        item_id: int | None = None,
    ) -> list[dict[str, Any]]:
        rows = [
            dict(d)
            for d in reversed(self.deliveries)
            if (status is None or d["status"] == status)
            and (entry_ids is None or d["entry_id"] in entry_ids)
            and (item_id is None or d["id"] == item_id)
            and (helpdesks is None or d["helpdesk"] in helpdesks)
        ]
        return rows[:limit]

    def replay(self, item_id: int, now: dt.datetime) -> bool:
        for d in self.deliveries:
            if d["id"] == item_id and d["status"] == "dead":
                d.update(status="pending", next_attempt_at=now.isoformat(), attempts=0)
                return True
        return False


class FakeHrOutbox:
    """The HR outbox over the fake contact log's deliveries (one table in the real store)."""

    def __init__(self, log: FakeContactLog) -> None:
        self.log = log

    def claim(self, now: dt.datetime, lease_seconds: float, owner: str = "hr") -> OutboxItem | None:
        for d in self.log.deliveries:
            if d["status"] == "pending" and dt.datetime.fromisoformat(d["next_attempt_at"]) <= now:
                d.update(status="processing", attempts=d["attempts"] + 1, owner=owner)
                return OutboxItem(d["id"], d["entry_id"], d["target"], d["attempts"])
        return None

    def get(self, entry_id: str) -> ContactEntry | None:
        return self.log.get(entry_id)

    def _finish(self, item_id: int, owner: str | None, **values: Any) -> bool:
        for d in self.log.deliveries:
            if d["id"] == item_id and d["status"] == "processing":
                if owner is not None and d.get("owner") != owner:
                    return False  # the lease passed to someone else
                d.update(values)
                return True
        return False

    def sent(
        self, item_id: int, now: dt.datetime, remote_ref: str, owner: str | None = None
    ) -> bool:
        return self._finish(
            item_id,
            owner,
            status="sent",
            sent_at=now.isoformat(),
            remote_ref=remote_ref[:255],
            last_error=None,
        )

    def retry_later(
        self, item_id: int, when: dt.datetime, error: str, owner: str | None = None
    ) -> bool:
        return self._finish(
            item_id, owner, status="pending", next_attempt_at=when.isoformat(), last_error=error
        )

    def dead(self, item_id: int, error: str, owner: str | None = None) -> bool:
        return self._finish(item_id, owner, status="dead", last_error=error)


class FakeLeaseHolders:
    """The heartbeat's view of the leases (``LeaseHolders``): inbox events and HR deliveries
    held here (``hold``; the fakes have no inbox, and the fake HR outbox keeps no lease
    times), periods in the ``FakeLifecycle``'s leases, so a period claimed there is renewed
    and freed here as in the database."""

    def __init__(self, lifecycle: FakeLifecycle) -> None:
        self.lifecycle = lifecycle
        self.events: dict[int, tuple[str, dt.datetime]] = {}
        self.deliveries: dict[int, tuple[str, dt.datetime]] = {}

    def hold(self, kind: str, job_id: int, owner: str, until: dt.datetime) -> None:
        """A worker claimed an event (``kind`` "event") or a delivery ("delivery")."""
        {"event": self.events, "delivery": self.deliveries}[kind][job_id] = (owner, until)

    def holder(self, kind: str, job_id: int, now: dt.datetime) -> str | None:
        """Who holds the lease at ``now`` (None once it ran out)."""
        table = {"event": self.events, "delivery": self.deliveries, "period": self._periods}
        owner, until = table[kind].get(job_id, ("", now))
        return owner if owner and until >= now else None

    @property
    def _periods(self) -> dict[int, tuple[str, dt.datetime]]:
        return self.lifecycle.leases

    @staticmethod
    def _extend(
        table: dict[int, tuple[str, dt.datetime]],
        ids: Sequence[int],
        prefix: str,
        until: dt.datetime,
        now: dt.datetime | None = None,
    ) -> int:
        renewed = 0
        for job_id in ids:
            owner, held = table.get(job_id, ("", until))
            if owner and owner.startswith(prefix) and (now is None or held >= now):
                table[job_id] = (owner, until)
                renewed += 1
        return renewed

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
        return (
            self._extend(self.events, events, prefix, event_until)
            + self._extend(self.deliveries, deliveries, prefix, delivery_until)
            + self._extend(self._periods, periods, prefix, period_until, now)
        )

    def holders(self, now: dt.datetime) -> set[str]:
        jobs = {owner for owner, _ in (*self.events.values(), *self.deliveries.values())}
        return jobs | {owner for owner, until in self._periods.values() if until >= now}

    def expire_holder(self, holder: str, gone: dt.datetime) -> int:
        freed = 0
        for table in (self.events, self.deliveries, self._periods):
            for job_id, (owner, _) in list(table.items()):
                if owner == holder:
                    table[job_id] = (owner, gone)
                    freed += 1
        return freed


class FakeAccessLog:
    """Who read which contact-log entries, newest first."""

    def __init__(self) -> None:
        self.rows: list[Read] = []

    def record(
        self,
        at: dt.datetime,
        actor: str,
        via: ReadVia,
        helpdesk: str,
        employee_email: str,
        entry_ids: Sequence[str],
    ) -> None:
        if entry_ids:
            self.rows.append(
                Read(at, actor, via, helpdesk, employee_email.lower(), tuple(entry_ids))
            )

    def reads(
        self,
        helpdesks: Sequence[str] | None,
        employee_email: str | None = None,
        limit: int = 500,
    ) -> list[Read]:
        found = [
            r
            for r in reversed(self.rows)
            if (helpdesks is None or r.helpdesk in helpdesks)
            and (not employee_email or r.employee_email == employee_email.lower())
        ]
        return sorted(found, key=lambda r: r.at, reverse=True)[:limit]


@dataclasses.dataclass
class FakeRepositories:
    """One of each, sharing their data like the tables of one database do."""

    periods: FakePeriods = dataclasses.field(default_factory=FakePeriods)
    audit: FakeAudit = dataclasses.field(init=False)
    notices: FakeNotices = dataclasses.field(init=False)
    templates: FakeTemplates = dataclasses.field(default_factory=FakeTemplates)
    tokens: FakeTokens = dataclasses.field(default_factory=FakeTokens)
    lifecycle: FakeLifecycle = dataclasses.field(init=False)
    contact_log: FakeContactLog = dataclasses.field(init=False)
    hr_outbox: FakeHrOutbox = dataclasses.field(init=False)
    access_log: FakeAccessLog = dataclasses.field(default_factory=FakeAccessLog)
    leases: FakeLeaseHolders = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.audit = FakeAudit(self.periods)
        self.notices = FakeNotices(self.periods)
        self.lifecycle = FakeLifecycle(self.periods)
        self.contact_log = FakeContactLog(self.periods, self.audit, self.notices)
        self.hr_outbox = FakeHrOutbox(self.contact_log)
        self.leases = FakeLeaseHolders(self.lifecycle)
