"""The contact log: entries from the API, from team leads' helpdesk notes, and automatic facts.

Every entry is redacted (rule 5) and linted (rules 2-3) before it is stored; it is stored
together with its HR outbox row, so delivery survives a crash. Entries are append-only.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from connector import translations
from connector.config import HelpdeskConfig, HrConfig
from connector.domain.contact_log import (
    AUTOMATIC_AUTHOR,
    AUTOMATIC_FUNCTION,
    ContactEntry,
    Purpose,
    Source,
    build_entry,
    check_entry,
    guard_entry,
    lint_entry,
    redact_entry,
    text_fields,
)
from connector.domain.contact_note import SYNTAX_HELP, parse_note, starts_with_marker
from connector.domain.events import Agent, CanonicalEvent, EventKind
from connector.domain.messages import N_, Msg
from connector.domain.outcomes import Outcome, Processed
from connector.domain.periods import NoticeSettings, Period, parse_moment
from connector.domain.privacy import Finding
from connector.errors import NotFound, ValidationFailed
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.ports import ContactLogRepo, PeriodRepo

log = logging.getLogger(__name__)

#: The agreement with the employee on how customer notices mention them (NoticeSettings).
#: How a changed field of a period is named in the automatic contact-log entry.
CHANGED_FIELDS = {
    "starts_at": N_("the start date"),
    "ends_at": N_("the end date"),
    "timezone": N_("the time zone"),
    "replacement": N_("the replacement"),
    "replacement_email": N_("the replacement"),
    "replacement_id": N_("the replacement"),
    "replacement_name": N_("the replacement"),
    "replacements": N_("the other replacements"),
    "balancing": N_("how the work is shared"),
    "scope": N_("which tickets"),
    "phases": N_("the phases"),
    "handback": N_("the hand-back"),
    "notice": N_("the customer notice"),
    "move_on_replacement_change": N_("moving tickets to a new replacement"),
}

_MENTION_AGREED = {
    "unavailable": N_(
        "Agreed with %(employee)s: customer notices say they are temporarily not available."
    ),
    "still_works": N_(
        "Agreed with %(employee)s: customer notices say they still work on the customer's "
        "account and that the replacement helps for contact for now."
    ),
}
Clock = Callable[[], dt.datetime]


def _ignored(reason: str) -> Processed:
    """An internal note that is not (or may not become) a contact-log entry."""
    return Processed(Outcome.CONTACT_NOTE_IGNORED, reason)


@dataclass(frozen=True)
class EntryCheck:
    """The lint's answer for an entry before it is saved (nothing stored, nothing sent).

    ``refused``: the words the lint refuses, per field (saving would fail with these).
    ``redacted``: per free-text field that redaction changes, the text as it would be stored.
    """

    entry: ContactEntry
    refused: dict[str, list[str]]
    redacted: dict[str, str]
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused


def guard_names(
    periods: PeriodRepo, entry: ContactEntry, helpdesk: HelpdeskConfig | None
) -> tuple[str, ...]:
    """Names the guard must not judge in ``entry`` besides those it holds itself: the
    period's employee and replacement, the helpdesk's key and company (rule 3)."""
    names: list[str] = []
    period = periods.get_period(entry.period_id) if entry.period_id is not None else None
    if period is not None:
        names += [period.employee_name, period.replacement_name]
    if helpdesk is not None:
        names += [helpdesk.key, helpdesk.company]
    return tuple(n for n in names if n)


class ContactLogService:
    def __init__(
        self,
        periods: PeriodRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        clock: Clock,
        hr: HrConfig,
        log: ContactLogRepo,
    ):
        self.periods = periods
        self.log = log
        self.helpdesks = helpdesks
        self.clock = clock
        self.hr = hr
        self._authors: dict[tuple[str, str], Agent | None] = {}

    @property
    def targets(self) -> list[str]:
        return [self.hr.system] if self.hr.system else []

    # -- periods ---------------------------------------------------------------------------
    def period_for(
        self, helpdesk: str, employee_email: str, at: dt.datetime, period_id: int | None = None
    ) -> Period:
        """The employee's period covering ``at``, else their latest one; ``period_id`` wins."""
        mine = [
            p
            for p in self.periods.periods([helpdesk])
            if p.employee_email.lower() == employee_email.lower()
        ]
        if period_id is not None:
            for p in mine:
                if p.id == period_id:
                    return p
            raise ValidationFailed(
                {
                    "period_id": [
                        Msg(
                            "no period %(id)s for %(employee)s in %(helpdesk)s",
                            id=period_id,
                            employee=employee_email,
                            helpdesk=helpdesk,
                        )
                    ]
                }
            )
        if not mine:
            raise ValidationFailed(
                {
                    "employee": [
                        Msg(
                            "%(employee)s has no reassignment period in helpdesk %(helpdesk)s",
                            employee=employee_email,
                            helpdesk=helpdesk,
                        )
                    ]
                }
            )
        covering = [p for p in mine if p.starts_at <= at and not p.ends_before(at)]
        if covering:
            return covering[0]
        return max(mine, key=lambda p: p.starts_at)

    # -- writing ---------------------------------------------------------------------------
    def guard_names(self, entry: ContactEntry) -> tuple[str, ...]:
        adapter = self.helpdesks.get(entry.helpdesk)
        return guard_names(self.periods, entry, adapter.config if adapter else None)

    def _store(self, entry: ContactEntry, known_names: Iterable[str]) -> ContactEntry:
        entry = redact_entry(entry, known_names)
        check_entry(entry, self.guard_names(entry))
        if entry.supersedes_id:
            old = self.log.get(entry.supersedes_id)
            if old is None or (old.helpdesk, old.employee_email) != (
                entry.helpdesk,
                entry.employee_email,
            ):
                raise ValidationFailed(
                    {
                        "supersedes_id": [
                            Msg("no entry %(id)s for this employee", id=entry.supersedes_id)
                        ]
                    }
                )
        if not self.log.add(entry, self.targets, self.clock()):
            existing = self.log.by_source_ref(entry.source_ref or "")
            assert existing is not None
            return existing
        return entry

    def _build(
        self,
        data: Mapping[str, Any],
        actor: str,
        source: Source = Source.API,
        source_ref: str | None = None,
    ) -> ContactEntry:
        helpdesk = data["helpdesk"]
        if helpdesk not in self.helpdesks:
            raise ValidationFailed(
                {"helpdesk": [Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(helpdesk))]}
            )
        now = self.clock()
        at = data.get("contact_at") or now
        period = self.period_for(helpdesk, data["employee"], at, data.get("period_id"))
        return build_entry(
            data,
            entry_id=str(uuid.uuid4()),
            helpdesk=helpdesk,
            employee_email=period.employee_email,
            employee_name=period.employee_name,
            period_id=period.id,
            recorded_at=now,
            source=source,
            source_ref=source_ref,
            created_by=actor,
        )

    def create(
        self,
        data: Mapping[str, Any],
        actor: str,
        *,
        known_names: Iterable[str] = (),
        source: Source = Source.API,
        source_ref: str | None = None,
    ) -> ContactEntry:
        """A new entry from API-shaped data (helpdesk, employee e-mail, the entry's fields)."""
        return self._store(self._build(data, actor, source, source_ref), known_names)

    def check(
        self,
        data: Mapping[str, Any],
        actor: str,
        *,
        supersedes: str | None = None,
        helpdesks: tuple[str, ...] | None = None,
        known_names: Iterable[str] = (),
    ) -> EntryCheck:
        """What saving ``data`` would do, without saving: the redactions and the lint's refusals.

        ``ValidationFailed`` for problems the lint does not decide (missing fields, no period).
        """
        if supersedes is not None:
            data = self._correction(supersedes, data, helpdesks)
        entry = self._build(data, actor)
        redacted = redact_entry(entry, known_names)
        before, after = text_fields(entry), text_fields(redacted)
        changed = {k: after.get(k, "") for k, v in before.items() if after.get(k, "") != v}
        names = self.guard_names(redacted)
        return EntryCheck(
            redacted, lint_entry(redacted, names), changed, guard_entry(redacted, names)
        )

    def _correction(
        self, old_id: str, data: Mapping[str, Any], helpdesks: tuple[str, ...] | None
    ) -> dict[str, Any]:
        old = self.get(old_id, helpdesks)[0]
        if (data.get("helpdesk") and data["helpdesk"] != old.helpdesk) or (
            data.get("employee") and str(data["employee"]).lower() != old.employee_email
        ):
            raise ValidationFailed(
                {"employee": [N_("a correction is about the same employee and helpdesk")]}
            )
        return {
            **data,
            "helpdesk": old.helpdesk,
            "employee": old.employee_email,
            "period_id": data.get("period_id") or old.period_id,
            "supersedes_id": old.id,
        }

    def supersede(
        self,
        old_id: str,
        data: Mapping[str, Any],
        actor: str,
        helpdesks: tuple[str, ...] | None = None,
    ) -> ContactEntry:
        """A correction: a full new entry that replaces ``old_id`` (which stays, marked)."""
        return self.create(self._correction(old_id, data, helpdesks), actor)

    def get(
        self, entry_id: str, helpdesks: tuple[str, ...] | None = None
    ) -> tuple[ContactEntry, list[str]]:
        entry = self.log.get(entry_id)
        if entry is None or (helpdesks is not None and entry.helpdesk not in helpdesks):
            raise NotFound(Msg("no contact-log entry %(entry_id)s", entry_id=entry_id))
        return entry, self.log.superseded_by(entry_id)

    # -- delivery to the HR file ------------------------------------------------------------
    def deliveries(
        self, entry_ids: Sequence[str], helpdesks: Sequence[str] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """The HR outbox rows of these entries (one per target), by entry id."""
        wanted = set(entry_ids)
        out: dict[str, list[dict[str, Any]]] = {}
        if not wanted:
            return out
        for row in self.log.outbox(helpdesks, None, limit=100_000, entry_ids=sorted(wanted)):
            out.setdefault(row["entry_id"], []).append(row)
        return out

    def replay(self, item_id: int, helpdesks: Sequence[str] | None = None) -> dict[str, Any]:
        """Put a dead-lettered delivery back in the queue; ``NotFound`` unless it is dead."""
        dead = self.log.outbox(helpdesks, "dead", 1, item_id=item_id)
        if not dead or not self.log.replay(item_id, self.clock()):
            raise NotFound(Msg("no dead-lettered HR delivery %(item_id)s", item_id=item_id))
        return dead[0]

    # -- notes written where team leads work ----------------------------------------------
    def is_contact_note(self, event: CanonicalEvent) -> bool:
        """A marked internal note, or one whose text the helpdesk did not send (RT, HubSpot)
        in a helpdesk that lists team leads (only then is the text worth fetching)."""
        if event.kind is not EventKind.INTERNAL_NOTE:
            return False
        if event.note_body is None:
            adapter = self.helpdesks.get(event.helpdesk)
            return adapter is not None and bool(adapter.config.team_leads)
        return starts_with_marker(event.note_body, self.hr.note_marker)

    def _author(self, adapter: HelpdeskAdapter, user_id: str) -> Agent | None:
        key = (adapter.config.key, user_id)
        if key not in self._authors:
            self._authors[key] = adapter.get_user(user_id)
        return self._authors[key]

    def handle_note(
        self, event: CanonicalEvent, adapter: HelpdeskAdapter, event_id: int
    ) -> Processed:
        """Turn a marked internal note into an entry, or tell its author why not."""
        if not adapter.config.team_leads:
            return _ignored("contact note in a helpdesk without listed team leads: ignored")
        if event.note_body is None or not event.actor_id:
            event = adapter.complete_note(event)  # text, author or ticket not in the payload
            if not starts_with_marker(event.note_body, self.hr.note_marker):
                return _ignored("internal note without the contact-log marker: nothing to record")
        if not event.actor_id:
            return _ignored("contact note without an author: ignored")
        try:
            author = self._author(adapter, event.actor_id)
        except NotImplementedError as exc:  # a vendor adapter without user lookups yet
            return _ignored(f"contact note not recorded: {exc}")
        if author is None or author.email.lower() not in adapter.config.team_leads:
            return _ignored("contact note by someone who is not a listed team lead: ignored")
        parsed = parse_note(event.note_body or "", self.hr.note_marker)
        problems = dict(parsed.problems)
        now = self.clock()
        tz = ZoneInfo(adapter.config.timezone)
        at = event.occurred_at or now
        if parsed.when:
            try:
                at = parse_moment(parsed.when, tz, is_end=False)
            except ValueError as exc:
                problems.setdefault("when", []).append(str(exc))
        if problems:
            return self._refuse(adapter, event, problems, syntax=True)
        known: list[str] = []
        requester = event.requester_id
        if not requester and event.ticket_id:  # not in the payload (HubSpot notes): read it
            requester = adapter.get_ticket(event.ticket_id).requester_id
        if requester:
            customer = adapter.get_customer(requester)
            if customer.is_end_user and customer.name:
                known.append(customer.name)
        function = parsed.data.pop("author_function", None) or "Team lead"
        data = {
            **parsed.data,
            "helpdesk": adapter.config.key,
            "employee": parsed.employee,
            "contact_at": at,
            "author": {
                "name": author.name,
                "function": function,
            },
        }
        data.setdefault(
            "participants",
            [{"role": "employee", "name": ""}, {"role": "team_lead", "name": author.name}],
        )
        try:
            entry = self.create(
                data,
                f"{adapter.config.vendor}:{author.email}",
                known_names=known,
                source=Source.HELPDESK_NOTE,
                source_ref=f"note:{adapter.config.key}:{event_id}",
            )
        except ValidationFailed as exc:
            return self._refuse(adapter, event, exc.fields, syntax=False)
        return Processed(
            Outcome.CONTACT_NOTE_RECORDED, f"contact note recorded as entry {entry.id}"
        )

    def _refuse(
        self,
        adapter: HelpdeskAdapter,
        event: CanonicalEvent,
        problems: Mapping[str, list[str]],
        *,
        syntax: bool,
    ) -> Processed:
        lines = [
            "Stand-in did not put this contact note in the HR file. Please write a new note "
            "with these changes:",
            "",
        ]
        lines += [f"- {field}: {msg}" for field, msgs in problems.items() for msg in msgs]
        if any("not allowed in the HR file" in m for msgs in problems.values() for m in msgs):
            lines += [
                "",
                "The HR file never holds medical information or reasons (no diagnosis, "
                "symptoms, treatment or appointments, not even when the employee shared "
                "them). Consider redacting the original note in this ticket.",
            ]
        if syntax:
            lines += ["", SYNTAX_HELP]
        adapter.add_internal_note(event.ticket_id, "\n".join(lines))
        return Processed(
            Outcome.CONTACT_NOTE_REFUSED, "contact note refused: " + ", ".join(problems)
        )

    # -- automatic facts ---------------------------------------------------------------------
    def _lang(self, period: Period) -> str:
        """The language automatic entries are written in: the helpdesk's (its ``locale``)."""
        adapter = self.helpdesks.get(period.helpdesk)
        return translations.normal(adapter.config.locale if adapter is not None else None)

    def record_fact(
        self,
        period: Period,
        summary: str,
        source_ref: str,
        purpose: Purpose = Purpose.REASSIGNMENT_INFORMATION,
    ) -> ContactEntry | None:
        """An automatic, factual entry about ``period`` (period facts, weekly summaries, the
        contact procedure's agreement), written in the helpdesk's language."""
        assert period.id is not None
        now = self.clock()
        lang = self._lang(period)
        author = {
            "name": translations.gettext(lang, AUTOMATIC_AUTHOR),
            "function": translations.gettext(lang, AUTOMATIC_FUNCTION),
        }
        entry = build_entry(
            {
                "contact_at": now,
                "author": author,
                "purpose": purpose.value,
                "summary": summary,
            },
            entry_id=str(uuid.uuid4()),
            helpdesk=period.helpdesk,
            employee_email=period.employee_email,
            employee_name=period.employee_name,
            period_id=period.id,
            recorded_at=now,
            source=Source.AUTOMATIC,
            source_ref=source_ref,
            created_by="connector",
        )
        try:
            return self._store(entry, ())
        except ValidationFailed:  # e.g. a replacement's name that trips the lint
            log.exception("automatic contact-log entry for period %s refused", period.id)
            return None

    def period_fact(
        self, action: str, period: Period, actor: str, changed: Sequence[str] = ()
    ) -> None:
        # (the agreement on how notices mention the employee is part of the fact, rule 2: it
        # records what customers are told, never why)
        """PeriodService listener: record that a period was created, changed or ended."""
        lang = self._lang(period)
        _ = translations.translator(lang)
        tz = period.timezone
        start = translations.format_day(lang, period.starts_at, tz)
        names = {"replacement": period.replacement_name, "employee": period.employee_name}
        if period.ends_at is None:
            last = ""
            span = _(
                "%(replacement)s helps the customers of %(employee)s from %(start)s until "
                "further notice."
            ) % dict(start=start, **names)
        else:
            last = translations.format_day(lang, period.ends_at - dt.timedelta(seconds=1), tz)
            span = _(
                "%(replacement)s helps the customers of %(employee)s from %(start)s through "
                "%(last)s."
            ) % dict(start=start, last=last, **names)
        if action == "period_created":
            summary = _("Reassignment period set up: %(span)s") % {"span": span}
        elif action == "period_changed":
            labels = dict.fromkeys(_(CHANGED_FIELDS.get(k, k)) for k in changed)  # once each
            detail = ", ".join(labels) or _("no change")
            summary = _("Reassignment period changed (%(detail)s): %(span)s") % {
                "detail": detail,
                "span": span,
            }
        elif action == "period_ended":
            end = translations.format_day(lang, period.effective_end or self.clock(), tz)
            if period.ends_at is None:  # an open end has no plan to be early for
                ended = _(
                    "Reassignment period ended on %(end)s; %(employee)s's tickets are handed "
                    "back as the period says."
                )
            else:
                ended = _(
                    "Reassignment period ended early on %(end)s; %(employee)s's tickets are "
                    "handed back as the period says."
                )
            summary = ended % {"end": end, "employee": period.employee_name}
        else:
            return
        agreed = _MENTION_AGREED.get(NoticeSettings.of(period).employee_mention)
        if agreed and (action == "period_created" or "notice" in changed):
            summary += " " + _(agreed) % {"employee": period.employee_name}
        self.record_fact(period, summary, f"period:{period.id}:{action}:{self.clock().isoformat()}")

    def weekly_summaries(self, now: dt.datetime) -> int:
        """One entry per period for the last full week (Monday to Monday, the period's zone):
        tickets moved and notices sent, counts only. Idempotent (one per period and week)."""
        made = 0
        for period in self.periods.periods():
            assert period.id is not None
            tz = ZoneInfo(period.timezone)
            today = now.astimezone(tz).date()
            monday = today - dt.timedelta(days=today.weekday())
            end = dt.datetime.combine(monday, dt.time(), tzinfo=tz).astimezone(dt.UTC)
            start = dt.datetime.combine(
                monday - dt.timedelta(days=7), dt.time(), tzinfo=tz
            ).astimezone(dt.UTC)
            if not (period.starts_at < end and not period.ends_before(start)):
                continue
            year, week, _ = (monday - dt.timedelta(days=7)).isocalendar()
            ref = f"weekly:{period.id}:{year}-W{week:02d}"
            if self.log.by_source_ref(ref) is not None:
                continue
            moved, sent = self.log.counts(period.id, start, end)
            ngettext = translations.plural_translator(self._lang(period))
            moved_text = ngettext(
                "Week %(week)s: %(num)s ticket moved to %(replacement)s;",
                "Week %(week)s: %(num)s tickets moved to %(replacement)s;",
                moved,
            ) % {
                "week": f"{year}-W{week:02d}",
                "num": moved,
                "replacement": period.replacement_name,
            }
            sent_text = ngettext(
                "%(num)s customer notice sent.", "%(num)s customer notices sent.", sent
            ) % {"num": sent}
            summary = f"{moved_text} {sent_text}"
            if self.record_fact(period, summary, ref) is not None:
                made += 1
        return made

    def purge(self, now: dt.datetime, *, dry_run: bool = False) -> int:
        """Delete local copies past ``hr.retention_days`` (the HR system keeps the record)."""
        return self.log.purge(now - dt.timedelta(days=self.hr.retention_days), dry_run=dry_run)
