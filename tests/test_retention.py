"""Retention: every kind of record goes when its policy says, in batches, and nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from connector.adapters.models import (
    AuditRecord,
    ContactLogRead,
    InboxEvent,
    NoticeRecord,
    NoticeSentRow,
    PeriodRow,
    ReroutedTicket,
    SignInFailure,
)
from connector.adapters.retention_store import RetentionStore
from connector.config import RetentionConfig
from connector.domain.periods import Period
from connector.wiring import Services

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def _count(services: Services, model: Any) -> int:
    with services.store.session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _event(services: Services, key: str, status: str, finished_days_ago: float) -> int:
    (event_id,), _ = services.store.add_events(
        "acme", [(key, "zen:event-type:ticket.created", "{}")], days_ago(finished_days_ago + 0.1)
    )
    with services.store.session() as s:
        s.execute(
            update(InboxEvent)
            .where(InboxEvent.id == event_id)
            .values(status=status, finished_at=days_ago(finished_days_ago))
        )
    return event_id


def _period(services: Services, ended_days_ago: float, handed_back: bool = True) -> int:
    period = services.repositories.periods.add_period(
        Period(
            None,
            "acme",
            "anna@example.com",
            "9001",
            "Anna",
            "bob@example.com",
            "9002",
            "Bob",
            days_ago(ended_days_ago + 60),
            days_ago(ended_days_ago),
            "Europe/Amsterdam",
            created_by="token:seed",
        ),
        days_ago(ended_days_ago + 61),
    )
    assert period.id is not None
    if handed_back:
        with services.store.session() as s:
            s.execute(
                update(PeriodRow)
                .where(PeriodRow.id == period.id)
                .values(handed_back_at=days_ago(ended_days_ago))
            )
    return period.id


def _seed(services: Services) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    ids["fresh_done"] = _event(services, "a", "done", 1)
    ids["old_done"] = _event(services, "b", "done", 20)
    ids["old_dead"] = _event(services, "c", "dead", 20)  # dead keep 60 days
    ids["older_dead"] = _event(services, "d", "dead", 90)
    services.repositories.audit.audit(days_ago(20), "acme", "rerouted", event_id=ids["old_done"])
    ids["recent_period"] = _period(services, 10)  # notices stay 30 days after the end
    ids["done_period"] = _period(services, 40)
    ids["ancient_period"] = _period(services, 800)
    ids["running_period"] = _period(services, -30, handed_back=False)
    with services.store.session() as s:
        for pid in (ids["recent_period"], ids["done_period"], ids["ancient_period"]):
            s.add(
                NoticeRecord(
                    period_id=pid,
                    dedup_key=f"customer:{pid}",
                    ticket_id="1",
                    lang="nl",
                    status="sent",
                    at=NOW,
                )
            )
            s.add(  # the notice as sent names the customer: it goes with the notice record
                NoticeSentRow(
                    period_id=pid,
                    ticket_id="1",
                    customer_id="7001",
                    lang="nl",
                    subject="Uw aanspreekpunt vanaf vandaag: Bob",
                    text="Beste Noor Jansen, ...",
                    html="<p>Beste Noor Jansen, ...</p>",
                    sent_at=NOW,
                )
            )
            s.add(
                ReroutedTicket(
                    period_id=pid,
                    ticket_id="1",
                    moved_at=NOW,
                    from_agent="9001",
                    to_agent="9002",
                    via="start",
                )
            )
        s.add(SignInFailure(key="k", at=days_ago(2)))
        s.add(SignInFailure(key="k", at=days_ago(0.01)))
        for age in (10, 800):
            s.add(
                ContactLogRead(
                    at=days_ago(age),
                    actor="token:lead",
                    via="api",
                    helpdesk="acme",
                    employee_email="anna@example.com",
                    entry_ids=["x"],
                )
            )
    services.repositories.audit.audit(
        days_ago(800), "acme", "period_created", period_id=ids["ancient_period"]
    )
    services.repositories.audit.audit(
        days_ago(5), "acme", "period_created", period_id=ids["done_period"]
    )
    return ids


def test_a_dry_run_counts_each_kind_that_is_due_and_deletes_nothing(services: Services) -> None:
    _seed(services)
    before = _count(services, InboxEvent), _count(services, PeriodRow)
    report = services.retention.run(NOW, dry_run=True)
    assert report == {
        "inbox_done": 1,
        "inbox_dead": 1,
        "notices": 2,
        "notices_sent": 2,
        "audit": 1,
        "periods": 1,
        "access_log": 1,
        "sign_in_failures": 1,
        "notifications": 0,
        "contact_log_copies": 0,
        "sessions": 0,
    }
    assert (_count(services, InboxEvent), _count(services, PeriodRow)) == before


def test_the_policy_deletes_exactly_what_is_due_and_keeps_the_rest(services: Services) -> None:
    ids = _seed(services)
    services.retention.run(NOW)
    with services.store.session() as s:
        events = set(s.execute(select(InboxEvent.id)).scalars())
        periods = set(s.execute(select(PeriodRow.id)).scalars())
        notices = set(s.execute(select(NoticeRecord.period_id)).scalars())
        sent = set(s.execute(select(NoticeSentRow.period_id)).scalars())
        moved = set(s.execute(select(ReroutedTicket.period_id)).scalars())
        orphan_audit = s.execute(
            select(AuditRecord.event_id).where(AuditRecord.action == "rerouted")
        ).scalar_one()
    assert events == {ids["fresh_done"], ids["old_dead"]}
    assert periods == {ids["recent_period"], ids["done_period"], ids["running_period"]}
    assert notices == {ids["recent_period"]}
    assert sent == {ids["recent_period"]}  # the text as sent goes with the period's notices
    assert moved == {ids["recent_period"], ids["done_period"]}
    assert orphan_audit is None  # the audit row stays; the deleted event's id goes
    assert _count(services, SignInFailure) == 1
    assert _count(services, ContactLogRead) == 1
    assert not any(services.retention.run(NOW, dry_run=True).values())  # nothing left due


def test_each_run_deletes_at_most_a_batch_per_kind(services: Services) -> None:
    for i in range(5):
        _event(services, f"k{i}", "done", 30)
    small = RetentionStore(services.store, dataclasses.replace(RetentionConfig(), batch=2))
    assert small.run(NOW)["inbox_done"] == 2
    assert small.run(NOW)["inbox_done"] == 2
    assert small.run(NOW)["inbox_done"] == 1
    assert small.run(NOW)["inbox_done"] == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"inbox_done_days": 1}, "retention.inbox_done_days: must be a whole number from 2"),
        ({"audit_days": 10}, "retention.audit_days: unknown setting"),
        ({"access_log_days": "forever"}, "retention.access_log_days: must be a whole number"),
    ],
)
def test_a_retention_mistake_is_named_by_its_key(raw: dict[str, Any], message: str) -> None:
    from connector.config import parse_config
    from connector.errors import ConfigError
    from connector.mapping import credential_keys

    with pytest.raises(ConfigError) as exc:
        parse_config({"retention": raw}, credential_keys=credential_keys())
    assert any(message in r for r in exc.value.reasons)


def test_standin_retention_dry_run_prints_what_would_go(tmp_path: Any) -> None:
    from connector.cli import main

    config = tmp_path / "standin.yaml"
    config.write_text(f"database_url: sqlite:///{tmp_path / 's.db'}\n")
    result = CliRunner().invoke(main, ["retention", "--dry-run", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "inbox_done" in result.output and "due" in result.output


def _open_period(services: Services, ended_days_ago: float | None) -> int:
    """Anna's period from 3,000 days ago, until further notice; ended by a lead (and handed
    back) ``ended_days_ago`` days ago, or still open."""
    period = services.repositories.periods.add_period(
        Period(
            None,
            "acme",
            "anna@example.com",
            "9001",
            "Anna",
            "bob@example.com",
            "9002",
            "Bob",
            days_ago(3000),
            None,
            "Europe/Amsterdam",
            created_by="token:seed",
        ),
        days_ago(3001),
    )
    assert period.id is not None
    if ended_days_ago is not None:
        with services.store.session() as s:
            s.execute(
                update(PeriodRow)
                .where(PeriodRow.id == period.id)
                .values(
                    ended_early_at=days_ago(ended_days_ago),
                    handed_back_at=days_ago(ended_days_ago),
                )
            )
    return period.id


def test_an_open_period_is_kept_however_long_it_runs_and_counts_from_when_a_lead_ended_it(
    services: Services,
) -> None:
    still_open = _open_period(services, None)
    ended_lately = _open_period(services, 10)
    ended_long_ago = _open_period(services, 800)
    assert services.retention.run(NOW)["periods"] == 1
    with services.store.session() as s:
        periods = set(s.execute(select(PeriodRow.id)).scalars())
    assert periods == {still_open, ended_lately}
    assert ended_long_ago not in periods
