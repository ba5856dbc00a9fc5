"""Telling the team lead about failures that need a person — durably, once, and visibly.

A failure is raised as an ``Alert`` (connector/domain/alerts.py) from the transaction that
records it: an audit row (dead letter, escalation, refusal) through ``Store.audit_hooks``, or
an HR delivery through ``raise_alert``. It becomes one row per channel and recipient in the
``notifications`` queue: an e-mail to the team lead who set the period and to the helpdesk's
``team_lead_email`` (through the ``Mailer`` port), and an internal note on the ticket when the
ticket itself needs someone. The same failure again within ``renotify_hours`` is counted into
the message not yet read, not sent again. The worker delivers the rows with retry and
backoff; a row that cannot be delivered ends ``failed``, audited as ``notification_failed``
with the reason and counted in ``standin_notifications_total{result="failed"}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import random
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from connector.config import HelpdeskConfig, NotificationsConfig
from connector.domain.alerts import (
    Alert,
    AlertKind,
    Channel,
    alert_for_audit,
    render,
)
from connector.domain.messages import Msg
from connector.domain.records import NotificationItem
from connector.domain.rules import period_of
from connector.errors import (
    PermanentMailError,
    PermanentVendorError,
    PrivacyViolation,
    RetryableMailError,
    RetryableVendorError,
)
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.mailer import Mail, Mailer
from connector.services.ports import AuditRepo, NotificationQueue

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
LEASE_SECONDS = 120
GIVE_UP_ACTION = "notification_failed"


def notification_backoff(
    attempt: int, rng: random.Random, base: float = 30.0, cap: float = 3600.0
) -> float:
    """Seconds before the next delivery attempt: 30 s, 1 min, 2 min … at most 1 h, jittered."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


def _email_like(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(local) and bool(at) and "." in domain and " " not in text


class Notifier:
    def __init__(
        self,
        nstore: NotificationQueue,
        audit: AuditRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        helpdesk_configs: Mapping[str, HelpdeskConfig],
        mailer: Mailer | None,
        config: NotificationsConfig,
        clock: Clock,
        on_result: Callable[[str, str, str], None] = lambda kind, channel, result: None,
    ):
        self.nstore = nstore
        self.audit_log = audit
        self.helpdesks = helpdesks
        self.helpdesk_configs = helpdesk_configs
        self.mailer = mailer
        self.config = config
        self.clock = clock
        self.on_result = on_result
        self.rng = random.Random()  # noqa: S311 - jitter

    # -- raising ------------------------------------------------------------------------
    def on_audit(
        self, now: dt.datetime, helpdesk: str, action: str, fields: dict[str, Any]
    ) -> Callable[[Session], None] | None:
        """``Store.audit_hooks``: an audit row that needs a person raises an alert with it
        (recorded in the row's transaction); None for a row that needs nobody."""
        alert = alert_for_audit(helpdesk, action, fields)
        if alert is None:
            return None
        return lambda s: self._record(s, alert, now)

    def raise_alert(self, alert: Alert) -> None:
        now = self.clock()
        with self.nstore.transaction() as s:
            self._record(s, alert, now)

    def _dead_event(self, s: Session, alert: Alert, now: dt.datetime) -> Alert:
        """A dead event's ticket and period, when its mapping can still read them (its kept
        fields): the ticket gets a note and the period's team lead an e-mail. Best effort —
        what broke the event may break this too; then the helpdesk's team leads are told."""
        adapter = self.helpdesks.get(alert.helpdesk)
        event_id = alert.facts.get("event", "")
        row = self.nstore.event_in(s, int(event_id)) if event_id.isdigit() else None
        if adapter is None or row is None:
            return alert
        event_type, payload = row
        try:
            event = adapter.mapping.to_canonical(alert.helpdesk, event_type, json.loads(payload))
        except Exception:  # noqa: BLE001 - the payload may be why it died
            return alert
        if event is None or not event.ticket_id:
            return alert
        period = period_of(event, self.nstore.periods_in(s, alert.helpdesk), now)
        return dataclasses.replace(
            alert,
            ticket_id=event.ticket_id,
            period_id=period.id if period is not None else alert.period_id,
            note_on_ticket=True,
        )

    def _record(self, s: Session, alert: Alert, now: dt.datetime) -> None:
        if alert.kind is AlertKind.DEAD_LETTER and alert.ticket_id is None:
            alert = self._dead_event(s, alert, now)
        hd = self.helpdesk_configs.get(alert.helpdesk)
        facts: dict[str, Any] = {**alert.facts, "helpdesk": alert.helpdesk}
        recipients: list[str] = []
        if alert.period_id is not None:
            period = self.nstore.period_in(s, alert.period_id)
            if period is not None:
                facts["period"] = str(period.id)
                facts["employee"] = period.employee_name or period.employee_email
                facts["replacement"] = period.replacement_name or period.replacement_email
                if _email_like(period.created_by or ""):
                    recipients.append(period.created_by.lower())
        if hd is not None:
            recipients.extend(hd.team_lead_email)
            if alert.kind is AlertKind.ESCALATED or facts.get("outcome") == (
                "not_assigned_fallback"
            ):
                facts["owner"] = hd.fallback_agent or facts.get("owner", "")
        if alert.ticket_id:
            facts["tickets"] = [alert.ticket_id]
            if alert.kind is AlertKind.DEAD_LETTER:
                facts["ticket"] = alert.ticket_id
        locale = hd.locale if hd is not None else "en"
        base = {
            "kind": alert.kind.value,
            "helpdesk": alert.helpdesk,
            "period_id": alert.period_id,
            "ticket_id": alert.ticket_id,
            "locale": locale,
            "facts": facts,
        }
        rows: list[dict[str, Any]] = []
        if self.mailer is not None:
            rows += [
                {**base, "channel": Channel.EMAIL.value, "recipient": r}
                for r in dict.fromkeys(recipients)
            ]
        notes: list[dict[str, Any]] = []
        if (
            alert.note_on_ticket
            and self.config.notes
            and alert.ticket_id
            and alert.helpdesk in self.helpdesks
        ):  # one on each ticket that needs someone, not one per episode
            notes.append({**base, "channel": Channel.NOTE.value, "recipient": alert.ticket_id})
        if not rows and not notes:
            log.warning(
                "nobody to tell of %s in %s: set helpdesks.%s.team_lead_email and smtp",
                alert.kind.value,
                alert.helpdesk,
                alert.helpdesk,
            )
            self.on_result(alert.kind.value, "none", "unrouted")
            return
        window = dt.timedelta(hours=self.config.renotify_hours)
        new = self.nstore.record(
            s,
            dedup_key=alert.dedup_key,
            rows=rows,
            now=now,
            window=window,
            ticket_id=alert.ticket_id,
            each_time=notes,
        )
        self.on_result(alert.kind.value, "any", "recorded" if new else "folded")

    # -- delivering ---------------------------------------------------------------------
    def run_once(self) -> bool:
        """Deliver one due notification; False when there was none."""
        item = self.nstore.claim(self.clock(), LEASE_SECONDS)
        if item is None:
            return False
        self._deliver(item)
        return True

    def drain(self, limit: int = 1000) -> int:
        n = 0
        while n < limit and self.run_once():
            n += 1
        return n

    def _deliver(self, item: NotificationItem) -> None:
        facts = dict(item.facts)
        tickets = [str(t) for t in facts.pop("tickets", []) or []]
        names = [
            str(facts.get(k, ""))
            for k in ("employee", "replacement", "owner", "helpdesk")
            if facts.get(k)
        ]
        try:
            message = render(
                AlertKind(item.kind),
                item.locale,
                facts,
                occurrences=item.occurrences,
                tickets=tickets,
                names=names,
            )
            if item.channel == Channel.EMAIL.value:
                if self.mailer is None:
                    raise PermanentMailError("no smtp section is configured any more")
                self.mailer.send(
                    Mail(
                        to=(item.recipient,),
                        subject=message.subject,
                        text=message.text,
                        html=message.html,
                        lang=message.lang,
                        headers={"X-Stand-In-Kind": item.kind},
                    )
                )
            else:
                adapter = self.helpdesks.get(item.helpdesk)
                if adapter is None:
                    raise PermanentVendorError(
                        Msg("helpdesk %(helpdesk)s is no longer configured", helpdesk=item.helpdesk)
                    )
                adapter.add_internal_note(item.recipient, f"{message.subject}\n\n{message.text}")
        except (RetryableMailError, RetryableVendorError) as exc:
            self._retry(item, str(exc))
        except (PermanentMailError, PermanentVendorError, PrivacyViolation) as exc:
            self._give_up(item, str(exc))
        except Exception as exc:  # a bug or a database blip: retried, bounded
            log.exception("notification %s failed unexpectedly", item.id)
            self._retry(item, type(exc).__name__)
        else:
            self.nstore.sent(item.id, self.clock())
            self.on_result(item.kind, item.channel, "sent")

    def _retry(self, item: NotificationItem, error: str) -> None:
        if item.attempts >= self.config.max_attempts:
            self._give_up(item, f"gave up after {item.attempts} attempts: {error}")
            return
        wait = notification_backoff(item.attempts, self.rng)
        log.warning("notification %s will be retried in %.0f s: %s", item.id, wait, error)
        self.nstore.retry_later(item.id, self.clock() + dt.timedelta(seconds=wait), error)
        self.on_result(item.kind, item.channel, "retried")

    def _give_up(self, item: NotificationItem, error: str) -> None:
        log.error("notification %s given up: %s", item.id, error)
        self.nstore.failed(item.id, error)
        self.audit_log.audit(
            self.clock(),
            item.helpdesk,
            GIVE_UP_ACTION,
            period_id=item.period_id,
            ticket_id=item.ticket_id,
            reason=Msg(
                "%(kind)s by %(channel)s to %(recipient)s: %(error)s",
                kind=item.kind,
                channel=item.channel,
                recipient=item.recipient,
                error=error,
            ),
        )
        self.on_result(item.kind, item.channel, "failed")
