"""The customer notice: choosing the template, rendering it safely, sending it at most once.

Rule 1 of domain.md holds by construction: no template variable carries a reason, every
template is linted when saved, and every rendered notice is linted again before it is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from connector.config import HelpdeskConfig
from connector.domain import plain_notice
from connector.domain.events import Agent
from connector.domain.helpdesk import Customer, OutboundNotice, notice_key
from connector.domain.messages import Msg
from connector.domain.notices import (
    NoticeTemplate,
    RenderedNotice,
    builtin_template,
    choose_language,
    plain_field_findings,
    render_notice,
    validate_notice_template,
)
from connector.domain.outcomes import NoticeOutcome
from connector.domain.periods import NoticeSettings, Period
from connector.errors import PrivacyViolation, ValidationFailed
from connector.services.ports import AuditRepo, NoticeRepo, TemplateRepo


@dataclass(frozen=True)
class NoticePlan:
    """The notice to send with a move (``notice`` set only for ``SEND``) and why."""

    outcome: NoticeOutcome
    reason: str
    notice: OutboundNotice | None = None

    @classmethod
    def none(cls, outcome: NoticeOutcome, reason: str) -> NoticePlan:
        return cls(outcome, reason)


def signer_name(agent: Agent) -> str:
    """The name a notice gives for the agent who now has the ticket: their name in the
    helpdesk, else their e-mail address (a notice must name someone the customer can reach)."""
    return (agent.name or "").strip() or agent.email


class NoticeService:
    def __init__(
        self,
        records: NoticeRepo,
        templates: TemplateRepo,
        clock: Callable[[], dt.datetime],
        helpdesks: Mapping[str, HelpdeskConfig] | None = None,
        audit: AuditRepo | None = None,
    ):
        self.records = records
        self.templates = templates
        self.clock = clock
        self.helpdesks = dict(helpdesks or {})
        self.audit = audit

    def names_of(self, helpdesk: str | None) -> tuple[str, ...]:
        """Names the guard must not judge in this helpdesk's templates (company, key)."""
        return helpdesk_names(self.helpdesks.get(helpdesk or ""))

    def template(self, helpdesk: str, kind: str, variant: str, lang: str) -> NoticeTemplate:
        """The helpdesk's active template version, else the built-in one."""
        row = self.templates.active_template(helpdesk, kind, variant, lang)
        if row is None:
            return builtin_template(kind, variant, lang)
        return NoticeTemplate(
            lang, row["subject"], row["text"], row["html"], kind, variant, row.get("fields")
        )

    def render(
        self,
        period: Period,
        helpdesk: HelpdeskConfig,
        customer: Customer | None,
        day: dt.date,
        ticket_reference: str = "",
        lang: str | None = None,
        kind: str = "notice",
        to: Agent | None = None,
    ) -> RenderedNotice:
        """Render for one customer; raises PrivacyViolation when the result fails the lint.

        ``to``: the agent the ticket actually goes to (a chain's end, the fallback agent, the
        employee on a hand-back); the notice names and is signed by them. None: the period's
        replacement (the preview), or for a hand-back the employee.
        """
        settings = NoticeSettings.of(period)
        lang = lang or choose_language(customer.locale if customer else None, helpdesk.locale)
        if kind == "handback":  # goes back to the employee (the preview too), named only when
            # the period says so (rule 1)
            back = to or Agent(period.employee_id, period.employee_email, period.employee_name)
            name: str | None = signer_name(back) if settings.names_employee else None
        elif to is None:
            name = period.replacement_name
        else:
            name = signer_name(to)
        values: dict[str, Any] = {
            "customer_name": (customer.name if customer else "") or None,
            "replacement_name": name,
            "replacement_contact": helpdesk.contact_line or None,
            "start_date": day,
            "company": helpdesk.company or None,
            "ticket_reference": ticket_reference or None,
            "original_agent_first_name": period.employee_name.split()[0]
            if period.employee_name
            else None,
            "mention": settings.employee_mention if settings.names_employee else None,
        }
        end = period.effective_end
        # No end yet: no end_date, and the notice says "until further notice".
        if settings.show_end_date and end is not None:
            local_end = end.astimezone(ZoneInfo(period.timezone))
            values["end_date"] = (local_end - dt.timedelta(microseconds=1)).date()
        tpl = self.template(period.helpdesk, kind, settings.variant, lang)
        names = (*helpdesk_names(helpdesk), period.employee_name, period.replacement_name)
        return render_notice(
            tpl,
            _known(values),
            name_original_agent=settings.names_employee,
            names=[n for n in names if n],
        )

    def for_reroute(
        self,
        period: Period,
        helpdesk: HelpdeskConfig,
        customer: Customer | None,
        ticket_id: str,
        now: dt.datetime,
        to: Agent,
    ) -> NoticePlan:
        """The notice to send with a reroute to ``to`` (who the ticket actually goes to), or
        the typed reason none is sent.

        At most once per customer per period (or per ticket, a period setting). The intent
        is recorded before the vendor call; a retry of the same ticket may send again only
        because the ticket was re-read and is still the employee's, so the earlier call did
        not go through. The notice carries a key (period, ticket, kind) that two-call
        helpdesks hide in it to find it again after a lost answer.
        """
        settings = NoticeSettings.of(period)
        assert period.id is not None
        if not settings.enabled:
            return NoticePlan.none(NoticeOutcome.OFF, Msg("notices are off for this period"))
        if customer is None:
            return NoticePlan.none(NoticeOutcome.NO_REQUESTER, Msg("ticket has no requester"))
        if not customer.is_end_user:
            return NoticePlan.none(NoticeOutcome.NOT_A_CUSTOMER, Msg("requester is not a customer"))
        key = f"customer:{customer.id}" if settings.per == "customer" else f"ticket:{ticket_id}"
        seen = self.records.notice_record(period.id, key)
        if seen is not None and (seen["status"] != "intended" or seen["ticket_id"] != ticket_id):
            return NoticePlan.none(
                NoticeOutcome.ALREADY_SENT,
                Msg(
                    "customer already notified in this period (%(status)s)",
                    status=Msg(str(seen["status"])),
                ),
            )
        day = now.astimezone(ZoneInfo(period.timezone)).date()
        try:
            rendered = self.render(
                period, helpdesk, customer, day, ticket_reference=ticket_id, to=to
            )
        except PrivacyViolation as exc:
            self.records.record_notice(period.id, key, ticket_id, "", "blocked", now)
            return NoticePlan.none(
                NoticeOutcome.BLOCKED,
                Msg("notice blocked by the privacy lint: %(words)s", words=", ".join(exc.words)),
            )
        self.records.record_notice(period.id, key, ticket_id, rendered.lang, "intended", now)
        notice = OutboundNotice(
            rendered.subject,
            rendered.text,
            rendered.html,
            rendered.lang,
            key=notice_key(period.id, ticket_id, "notice"),
        )
        return NoticePlan(NoticeOutcome.SEND, Msg("notice in %(lang)s", lang=rendered.lang), notice)

    def mark_sent(
        self,
        period: Period,
        customer_id: str,
        ticket_id: str,
        notice: OutboundNotice | None = None,
    ) -> None:
        """The notice reached the helpdesk: its record says so and ``notice`` (the subject,
        text and HTML as posted) is kept for the period page, until the retention policy
        deletes it with the period's other customer data."""
        assert period.id is not None
        settings = NoticeSettings.of(period)
        key = f"customer:{customer_id}" if settings.per == "customer" else f"ticket:{ticket_id}"
        self.records.set_notice_status(period.id, key, "sent")
        if notice is not None:
            sent = {
                "lang": notice.lang,
                "subject": notice.subject,
                "text": notice.text,
                "html": notice.html,
            }
            self.records.record_sent(period.id, ticket_id, customer_id, sent, self.clock())

    # -- templates managed by team leads -----------------------------------------------------
    def save_template(self, data: dict[str, Any], actor: str) -> dict[str, Any]:
        """Check and store a new template version: plain fields (``data["fields"]``; the
        text and HTML are made from them) or advanced template code (subject, text, html).
        Refusals name the field (or the template part) they are about."""
        fields = data.get("fields")
        if fields:
            return self._save_plain(data, dict(fields), actor)
        tpl = NoticeTemplate(
            data["lang"],
            data["subject"],
            data["text"],
            data.get("html") or "",
            data["kind"],
            data["variant"],
        )
        try:
            validate_notice_template(tpl, names=self.names_of(data.get("helpdesk")))
        except PrivacyViolation as exc:
            refused = ValidationFailed(
                {
                    "template": [
                        f"contains words or dates that are not allowed: {', '.join(exc.words)}"
                    ]
                },
                "template refused by the privacy lint",
            )
            refused.findings = {"template": exc.findings}
            raise refused from None
        return self.templates.add_template(data, actor, self.clock())

    def _save_plain(
        self, data: dict[str, Any], fields: dict[str, str], actor: str
    ) -> dict[str, Any]:
        names = self.names_of(data.get("helpdesk"))
        problems = plain_notice.field_problems(fields, data["kind"])
        if problems:
            raise ValidationFailed(
                {f"fields.{k}": v for k, v in problems.items()}, "notice fields not allowed"
            )
        findings = plain_field_findings(fields, data["lang"], names, data["variant"])
        if findings:
            refused = ValidationFailed(
                {
                    f"fields.{name}": [
                        "contains words or dates that are not allowed: "
                        + ", ".join(f.written or f.text for f in found)
                    ]
                    for name, found in findings.items()
                },
                "notice fields refused by the privacy lint",
            )
            refused.findings = {f"fields.{k}": v for k, v in findings.items()}
            raise refused
        fields = {k: fields.get(k) or "" for k in plain_notice.FIELDS}
        # The subject column holds the subject as written (the versions list shows it); the
        # template-code columns stay empty: the notice is made from the fields.
        row = {**data, "fields": fields, "subject": fields["subject"], "text": "", "html": ""}
        return self._saved(self.templates.add_template(row, actor, self.clock()), actor)

    def _saved(self, row: dict[str, Any], actor: str) -> dict[str, Any]:
        self._audit("template_saved", row, actor)
        return row

    def activate_template(self, template_id: int, actor: str) -> dict[str, Any]:
        """Make a saved version the one in use (audited)."""
        row = self.templates.activate_template(template_id)
        self._audit("template_activated", row, actor)
        return row

    def _audit(self, action: str, row: Mapping[str, Any], actor: str) -> None:
        if self.audit is None:
            return
        what = "/".join(str(row[k]) for k in ("kind", "variant", "lang"))
        mode = Msg("plain fields") if row.get("fields") else Msg("template code")
        self.audit.audit(
            self.clock(),
            str(row["helpdesk"]),
            action,
            actor=actor,
            reason=Msg(
                "notice template %(what)s version %(version)s (%(mode)s)",
                what=what,
                version=row["version"],
                mode=mode,
            ),
        )


def helpdesk_names(helpdesk: HelpdeskConfig | None) -> tuple[str, ...]:
    """The names a helpdesk's configuration gives Stand-in: its key and the company."""
    if helpdesk is None:
        return ()
    return tuple(n for n in (helpdesk.key, helpdesk.company) if n)


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
