"""Sending the daily word (issue 21, item 3): once a day per period and recipient, at a local hour.

``DailyWordService.run(now)`` (called by the scheduler each tick) looks at every period that
is active or ended within the last day; when the local hour in the period's time zone has come
(default 08:00), it builds the replacement's and the team lead's word (connector/domain/
daily_word.py), checks the whole rendered word with the privacy guard, and delivers it by
e-mail through the ``Mailer`` port, or as an internal note on a configured helpdesk ticket
(``DailyWordSettings.note_ticket``; the helpdesks only have internal notes on tickets, none
has a way to message an agent outside one). The sent-marker (one row per period, recipient and
local day, ``DailyWordMarkers``) makes a second run the same day send nothing. A failed
delivery is retried with backoff; after ``max_attempts`` it is given up (``failed``, audited
``daily_word_failed``, visible in ``markers.rows()``). A word the privacy guard refuses is not
sent (``blocked``) and the team lead is told, without the refused text.

Nothing to say: the replacement's word is not sent on a day without news (no ticket taken
over, no customer told); the team lead always gets the short state of the period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from connector.domain.contact_procedure import ContactDue
from connector.domain.daily_word import (
    LANGUAGES,
    OVERRIDES,
    DailyWord,
    DayFacts,
    PeriodFacts,
    PeriodState,
    Recipient,
    Translate,
    build_daily_word,
    privacy_findings,
    render_html,
    render_text,
)
from connector.domain.messages import LIST, N_, Msg, joined
from connector.domain.periods import Period
from connector.errors import PermanentMailError, RetryableMailError, ValidationFailed
from connector.services.mailer import Mail, Mailer

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


class NextContact(Protocol):
    """When the next contact with the employee is due (``ContactProcedureService`` in
    services/contact_procedure.py); None when no contact procedure is agreed."""

    def next_contact_for(self, period_id: int, now: dt.datetime) -> ContactDue | None: ...


class NoNextContact:
    """The null ``NextContact``: no contact procedure anywhere."""

    def next_contact_for(self, period_id: int, now: dt.datetime) -> ContactDue | None:
        return None


class DailyWordFacts(Protocol):
    def facts(self, period: Period, now: dt.datetime) -> DayFacts: ...


class DailyWordMarkers(Protocol):
    def mark(
        self, period_id: int, recipient: str, day: dt.date, channel: str, now: dt.datetime
    ) -> dict[str, int] | None: ...

    def sent(self, marker_id: int, now: dt.datetime) -> None: ...

    def blocked(self, marker_id: int, error: str) -> None: ...

    def skipped(self, marker_id: int) -> None: ...

    def retry_later(self, marker_id: int, when: dt.datetime, error: str) -> None: ...

    def failed(self, marker_id: int, error: str) -> None: ...


class DailyWordOverrides(Protocol):
    """A period's own settings (``OVERRIDES``: ``enabled``, ``lang``, ``note_ticket``,
    ``hour``, ``replacement``, ``team_lead``; None: the default)."""

    def overrides(self, period_id: int) -> dict[str, Any]: ...

    def set_overrides(self, period_id: int, values: dict[str, Any]) -> None: ...


class NotePoster(Protocol):
    def add_internal_note(self, ticket_id: str, text: str) -> object: ...


class Auditor(Protocol):
    def audit(self, now: dt.datetime, helpdesk: str, action: str, **fields: object) -> None: ...


@dataclass(frozen=True)
class DailyWordSettings:
    """Per helpdesk (from its configuration): on or off, the local hour, the language, where."""

    enabled: bool = True
    hour: int = 8
    lang: str = "en"  # the tenant's default language
    team_lead_email: tuple[str, ...] = ()
    ticket_url: str | None = None  # the mapping's pattern with the helpdesk's url filled in
    note_ticket: str | None = None  # post as an internal note on this ticket instead of e-mail
    replacement: bool = True  # the replacement gets their word
    team_lead: bool = True  # the team lead gets theirs


def backoff(attempt: int, rng: random.Random, base: float = 60.0, cap: float = 3600.0) -> float:
    """Seconds before the next attempt: 1 min, 2 min, 4 min … at most 1 h, jittered."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


def _email_like(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(local) and bool(at) and "." in domain and " " not in text


def period_facts(period: Period, now: dt.datetime) -> PeriodFacts:
    return PeriodFacts(
        employee_name=period.employee_name or period.employee_email,
        replacement_name=period.replacement_name or period.replacement_email,
        starts_at=period.starts_at,
        ends_at=period.effective_end,
        timezone=period.timezone,
        state=PeriodState(period.status(now)),
    )


class DailyWordService:
    def __init__(
        self,
        *,
        facts: DailyWordFacts,
        markers: DailyWordMarkers,
        mailer: Mailer | None,
        translators: Callable[[str], Translate],
        settings: Mapping[str, DailyWordSettings],
        audit: Auditor,
        clock: Clock,
        notes: Mapping[str, NotePoster] | None = None,
        next_contact: NextContact | None = None,
        overrides: DailyWordOverrides | None = None,
        max_attempts: int = 6,
        rng: random.Random | None = None,
    ):
        self.facts = facts
        self.markers = markers
        self.mailer = mailer
        self.translators = translators
        self.settings = settings
        self.audit = audit
        self.clock = clock
        self.notes = notes or {}
        self.next_contact = next_contact or NoNextContact()
        self.overrides = overrides
        self.max_attempts = max_attempts
        self.rng = rng or random.Random()  # noqa: S311 - jitter

    def settings_of(self, period: Period) -> DailyWordSettings:
        """The helpdesk's settings with the period's own on top."""
        base = self.settings.get(period.helpdesk, DailyWordSettings())
        if self.overrides is None or period.id is None:
            return base
        own = self.overrides.overrides(period.id)
        return dataclasses.replace(base, **{k: v for k, v in own.items() if v is not None})

    def period_settings(self, period: Period) -> dict[str, Any]:
        """The period's own settings (None: the default) and what is in force."""
        assert period.id is not None
        own = self.overrides.overrides(period.id) if self.overrides else {}
        now = self.settings_of(period)
        return {
            "own": {k: own.get(k) for k in OVERRIDES},
            "effective": {
                "enabled": now.enabled,
                "hour": now.hour,
                "lang": now.lang,
                "note_ticket": now.note_ticket,
                "replacement": now.replacement,
                "team_lead": now.team_lead,
                "channel": self.channel(period),
                "note_possible": period.helpdesk in self.notes,
            },
        }

    def channel(self, period: Period) -> str:
        """``note`` (an internal note on the configured ticket, where the helpdesk has notes)
        or ``email``."""
        ticket = self.settings_of(period).note_ticket
        return "note" if ticket and period.helpdesk in self.notes else "email"

    def change_settings(
        self, period: Period, values: Mapping[str, Any], actor: str, now: dt.datetime
    ) -> dict[str, Any]:
        """Set the period's own settings (each key given; null: back to the default)."""
        assert period.id is not None
        errors: dict[str, list[str]] = {}
        for key in values:
            if key not in OVERRIDES:
                errors[key] = ["unknown setting"]
        for key in ("enabled", "replacement", "team_lead"):
            flag = values.get(key)
            if flag is not None and not isinstance(flag, bool):
                errors[key] = ["must be true, false or null"]
        hour = values.get("hour")
        if hour is not None and (
            isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23
        ):
            errors["hour"] = ["must be a whole hour from 0 to 23 (the period's time zone) or null"]
        lang = values.get("lang")
        if lang is not None and lang not in LANGUAGES:
            errors["lang"] = ["must be one of nl, fr, de, en, or null"]
        ticket = values.get("note_ticket")
        if ticket is not None and not (
            isinstance(ticket, str) and len(ticket) <= 64 and re.fullmatch(r"\S(.*\S)?", ticket)
        ):
            errors["note_ticket"] = ["must be a ticket id (1 to 64 characters) or null"]
        if errors:
            raise ValidationFailed(errors)
        if self.overrides is None:
            raise ValidationFailed({"period_id": [N_("daily word settings are not stored here")]})
        merged = {**self.overrides.overrides(period.id), **values}
        self.overrides.set_overrides(period.id, merged)
        self.audit.audit(
            now,
            period.helpdesk,
            "daily_word_settings_changed",
            period_id=period.id,
            actor=actor,
            reason=joined(
                [Msg("%(key)s=%(value)s", key=k, value=str(merged.get(k))) for k in sorted(values)],
                LIST,
            ),
        )
        return self.period_settings(period)

    def preview(self, period: Period, recipient: Recipient, now: dt.datetime) -> DailyWord:
        """The word ``recipient`` gets (or would get) on ``now``'s local day."""
        assert period.id is not None
        settings = self.settings_of(period)
        facts = dataclasses.replace(
            self.facts.facts(period, now),
            next_contact=self.next_contact.next_contact_for(period.id, now),
        )
        return build_daily_word(
            recipient,
            period_facts(period, now),
            facts,
            now=now,
            lang=settings.lang,
            translate=self.translators(settings.lang),
            ticket_url=settings.ticket_url,
        )

    def due(self, period: Period, now: dt.datetime) -> bool:
        settings = self.settings_of(period)
        if not settings.enabled or period.id is None:
            return False
        if now < period.starts_at or period.ends_before(now - dt.timedelta(days=1)):
            return False
        return now.astimezone(ZoneInfo(period.timezone)).hour >= settings.hour

    def run(self, periods: Iterable[Period], now: dt.datetime | None = None) -> dict[str, int]:
        """Send what is due now; returns counts by result (sent, blocked, retry, failed)."""
        now = now or self.clock()
        counts: dict[str, int] = {}
        for period in periods:
            if not self.due(period, now):
                continue
            settings = self.settings_of(period)
            for recipient in Recipient:
                if not getattr(settings, recipient.value):
                    continue  # this recipient was turned off for the period
                result = self._one(period, recipient, now)
                if result:
                    counts[result] = counts.get(result, 0) + 1
        return counts

    def _addresses(self, period: Period, recipient: Recipient) -> tuple[str, ...]:
        if recipient is Recipient.REPLACEMENT:
            return (period.replacement_email,) if _email_like(period.replacement_email) else ()
        out = [period.created_by.lower()] if _email_like(period.created_by or "") else []
        out += [a for a in self.settings_of(period).team_lead_email if a not in out]
        return tuple(out)

    def _one(self, period: Period, recipient: Recipient, now: dt.datetime) -> str | None:
        assert period.id is not None
        channel = self.channel(period)
        day = now.astimezone(ZoneInfo(period.timezone)).date()
        # The marker first: a tick after today's word is one cheap read, not a new word.
        marker = self.markers.mark(period.id, recipient.value, day, channel, now)
        if marker is None:
            return None
        word = self.preview(period, recipient, now)
        if recipient is Recipient.REPLACEMENT and not word.has_news:
            self.markers.skipped(marker["id"])  # nothing to say to the replacement today
            return None
        names = (
            period.employee_name,
            period.replacement_name,
            period.employee_email,
            period.replacement_email,
        )
        if privacy_findings(word, names=[n for n in names if n]):
            # Never the refused text in the marker or the log: only that it was held back.
            self.markers.blocked(marker["id"], "refused by the privacy guard")
            self.audit.audit(
                now,
                period.helpdesk,
                "daily_word_blocked",
                period_id=period.id,
                reason=Msg(recipient.value),
            )
            if recipient is Recipient.REPLACEMENT:
                self._tell_lead_blocked(period, now)
            return "blocked"
        try:
            self._deliver(period, recipient, word, channel)
        except RetryableMailError as exc:
            return self._retry_or_fail(period, recipient, marker, now, str(exc))
        except Exception as exc:  # noqa: BLE001 - a vendor or mail error: retried, then given up
            permanent = isinstance(exc, PermanentMailError)
            return self._retry_or_fail(
                period, recipient, marker, now, type(exc).__name__, give_up=permanent
            )
        self.markers.sent(marker["id"], now)
        self.audit.audit(
            now,
            period.helpdesk,
            "daily_word_sent",
            period_id=period.id,
            reason=Msg(recipient.value),
        )
        return "sent"

    def _deliver(self, period: Period, recipient: Recipient, word: DailyWord, channel: str) -> None:
        settings = self.settings_of(period)
        if channel == "note" and settings.note_ticket:
            self.notes[period.helpdesk].add_internal_note(
                settings.note_ticket, f"{word.subject}\n\n{render_text(word)}"
            )
            return
        to = self._addresses(period, recipient)
        if not to or self.mailer is None:
            raise PermanentMailError("no address or no mail server configured")
        self.mailer.send(
            Mail(
                to=to,
                subject=word.subject,
                text=render_text(word),
                html=render_html(word),
                lang=word.lang,
                headers={"X-Stand-In-Kind": f"daily-word-{recipient.value}"},
            )
        )

    def _retry_or_fail(
        self,
        period: Period,
        recipient: Recipient,
        marker: Mapping[str, int],
        now: dt.datetime,
        error: str,
        *,
        give_up: bool = False,
    ) -> str:
        attempts = marker["attempts"] + 1
        if give_up or attempts >= self.max_attempts:
            self.markers.failed(marker["id"], error)
            self.audit.audit(
                now,
                period.helpdesk,
                "daily_word_failed",
                period_id=period.id,
                reason=Msg("%(recipient)s: %(error)s", recipient=Msg(recipient.value), error=error),
            )
            log.warning("daily word for period %s given up: %s", period.id, error)
            return "failed"
        when = now + dt.timedelta(seconds=backoff(attempts, self.rng))
        self.markers.retry_later(marker["id"], when, error)
        return "retry"

    def _tell_lead_blocked(self, period: Period, now: dt.datetime) -> None:
        to = self._addresses(period, Recipient.TEAM_LEAD)
        if not to or self.mailer is None:
            return
        _ = self.translators(self.settings_of(period).lang)
        try:
            self.mailer.send(
                Mail(
                    to=to,
                    subject=_("Stand-in: a daily word was held back"),
                    text=_(
                        "Today's daily word to the replacement was not sent: the privacy "
                        "guard refused its text. Please look at the period's tickets."
                    )
                    + "\n",
                    lang=self.settings_of(period).lang,
                    headers={"X-Stand-In-Kind": "daily-word-blocked"},
                )
            )
        except (RetryableMailError, PermanentMailError) as exc:
            log.warning("could not tell the team lead of a held-back daily word: %s", exc)
