"""Creating, changing and ending reassignment periods (agents resolved through the vendor)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from connector.domain.balancing import validate_balancing, validate_capacity
from connector.domain.events import Agent
from connector.domain.messages import LINES, LIST, N_, Msg, from_record, joined, split_joined
from connector.domain.periods import Period, parse_moment, validate_period, zone
from connector.domain.scope import cycle_warnings, validate_phases
from connector.errors import NotFound, ValidationFailed, VendorError
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.ports import AuditRepo, LifecycleRepo, PeriodRepo

#: Told (action, period, actor, the names of the fields that changed) after each change.
PeriodListener = Callable[[str, Period, str, Sequence[str]], None]
#: The audit action that keeps the replacement check's findings (the period's ``warnings``).
CHECK_ACTION = "replacement_check"
ACCEPT_HINT = N_("send accept_warnings: true (or tick the box on the page) to save it anyway")


class PeriodService:
    def __init__(
        self,
        periods: PeriodRepo,
        audit: AuditRepo,
        lifecycle: LifecycleRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        clock: Callable[[], dt.datetime],
        listeners: list[PeriodListener] | None = None,
        on_change: Callable[[], None] | None = None,
        check_replacement: bool = True,
    ):
        self.repo = periods
        self.audit_log = audit
        self.lifecycle = lifecycle
        #: Ask the helpdesk whether the replacement can take the employee's tickets.
        self.check_replacement = check_replacement
        self.helpdesks = helpdesks
        self.clock = clock
        #: Called after a period is created, changed or ended (the contact log's facts).
        self.listeners: list[PeriodListener] = listeners if listeners is not None else []
        self.on_change = on_change or (lambda: None)  # wakes the scheduler

    def _notify(self, action: str, period: Period, actor: str, changed: Sequence[str] = ()) -> None:
        for listener in self.listeners:
            listener(action, period, actor, changed)

    def warnings(self, period: Period) -> list[str]:
        """Things a team lead should know about a saved period (it is valid all the same)."""
        others = [p for p in self.repo.periods([period.helpdesk]) if p.id != period.id]
        out = cycle_warnings(period, others)
        if out and not self.helpdesks[period.helpdesk].config.fallback_agent:
            out.append(
                Msg(
                    "helpdesk %(helpdesk)s has no fallback_agent: tickets caught in the cycle "
                    "stay with their employee",
                    helpdesk=period.helpdesk,
                )
            )
        return out + self.check_warnings(period)

    def check_warnings(self, period: Period) -> list[str]:
        """What the last check of the current replacement found (accepted by a team lead)."""
        if period.id is None:
            return []
        row = self.audit_log.latest_audit(period.id, CHECK_ACTION)
        if row is None or row["to_agent"] != period.replacement_id:
            return []
        kept = row.get("reason_msg")
        if isinstance(kept, Mapping):
            return split_joined(from_record(kept), LINES)
        return [line for line in str(row["reason"] or "").splitlines() if line]

    def readiness(
        self, adapter: HelpdeskAdapter, employee: Agent, replacement: Agent
    ) -> tuple[list[str], list[str]]:
        """(refusals, notes): what the helpdesk says ``replacement`` lacks to own the
        employee's open tickets (inactive, no seat, groups/queues without rights), and what
        it cannot tell. A helpdesk that cannot be asked gives a note, not a refusal."""
        key, who, noun = adapter.config.key, replacement.email, adapter.group_noun
        try:
            groups = adapter.open_ticket_groups(employee.id)
            check = adapter.can_take(replacement, sorted(groups))
        except NotImplementedError:
            return [], []
        except VendorError as exc:
            return [], [
                Msg(
                    "could not check in helpdesk %(helpdesk)s whether %(who)s can take the "
                    "tickets: %(error)s",
                    helpdesk=key,
                    who=who,
                    error=str(exc),
                )
            ]
        refusals: list[str] = []
        if not check.active:
            refusals.append(
                Msg(
                    "%(who)s cannot own tickets in helpdesk %(helpdesk)s: %(detail)s",
                    who=who,
                    helpdesk=key,
                    detail=check.detail,
                )
            )
        if check.seat is False:
            refusals.append(
                Msg(
                    "%(who)s has no seat that can own tickets in helpdesk %(helpdesk)s: %(detail)s",
                    who=who,
                    helpdesk=key,
                    detail=check.detail,
                )
            )
        if check.missing:
            refusals.append(
                Msg(
                    "%(who)s lacks access to the %(noun)s %(missing)s of %(employee)s's open "
                    "tickets in helpdesk %(helpdesk)s",
                    who=who,
                    noun=Msg(noun),
                    missing=", ".join(check.missing),
                    employee=employee.email,
                    helpdesk=key,
                )
            )
        notes: list[str] = [
            Msg("not checked in helpdesk %(helpdesk)s: %(item)s", helpdesk=key, item=item)
            for item in check.unverified
        ]
        return refusals, notes

    def _check(
        self,
        adapter: HelpdeskAdapter,
        employee: Agent,
        replacement: Agent,
        data: Mapping[str, Any],
        errors: dict[str, list[str]],
    ) -> list[str] | None:
        """The replacement check for a create or a change of replacement: refusals become a
        422 on ``replacement`` unless ``accept_warnings``; returns the lines to keep."""
        if not self.check_replacement:
            return None
        refusals, notes = self.readiness(adapter, employee, replacement)
        if refusals and not data.get("accept_warnings"):
            errors.setdefault("replacement", []).extend([*refusals, ACCEPT_HINT])
        return refusals + notes

    def _check_extras(
        self,
        adapter: HelpdeskAdapter,
        employee: Agent,
        extras: Sequence[tuple[int, Agent]],
        data: Mapping[str, Any],
        errors: dict[str, list[str]],
    ) -> list[str] | None:
        """The same replacement check for each extra replacement (``(index, agent)``): its
        refusals become a 422 on ``replacements.<index>.replacement``, naming that
        replacement, unless ``accept_warnings``; returns the lines to keep."""
        if not self.check_replacement or not extras:
            return None
        lines: list[str] = []
        for i, agent in extras:
            refusals, notes = self.readiness(adapter, employee, agent)
            if refusals and not data.get("accept_warnings"):
                errors.setdefault(f"replacements.{i}.replacement", []).extend(
                    [*refusals, ACCEPT_HINT]
                )
            lines += refusals + notes
        return lines

    def _record_check(self, period: Period, lines: list[str] | None, actor: str) -> None:
        if lines is None:
            return
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            CHECK_ACTION,
            period_id=period.id,
            actor=actor,
            from_agent=period.employee_id,
            to_agent=period.replacement_id,
            reason=joined(lines, LINES),
        )

    @staticmethod
    def _phases(period: Period, data: Mapping[str, Any], errors: dict[str, list[str]]) -> Any:
        if "timezone" in errors:
            # Phases are read in the period's time zone; with none there is nothing to check
            # them against (the 422 names the time zone).
            return list(data.get("phases") or [])
        clean, problems = validate_phases(list(data.get("phases") or []), period)
        for key, messages in problems.items():
            errors.setdefault(key, []).extend(messages)
        return clean

    def _several(
        self,
        adapter: HelpdeskAdapter,
        data: Mapping[str, Any],
        employee_id: str,
        primary: Agent,
        errors: dict[str, list[str]],
    ) -> tuple[list[dict[str, object]], dict[str, object], list[tuple[int, Agent]]]:
        """The extra replacements (resolved by e-mail), the balancing with shares keyed by
        agent id, and the extra replacements found (with their index in the body, for the
        replacement check); per-field errors added to ``errors``."""
        extras: list[dict[str, object]] = []
        agents: list[tuple[int, Agent]] = []
        by_email = {primary.email.lower(): primary.id}
        for i, raw in enumerate(data.get("replacements") or []):
            agent = self._agent(
                adapter, f"replacements.{i}.replacement", raw["replacement"], errors
            )
            if agent is None:
                continue
            by_email[agent.email.lower()] = agent.id
            agents.append((i, agent))
            entry: dict[str, object] = {"id": agent.id, "email": agent.email.lower()}
            entry["name"] = agent.name
            if raw.get("scope"):
                entry["scope"] = dict(raw["scope"])
            extras.append(entry)
        raw_balancing = dict(data.get("balancing") or {})
        balancing: dict[str, object] = {"strategy": raw_balancing.get("strategy") or "round_robin"}
        if raw_balancing.get("primary_scope"):
            balancing["primary_scope"] = dict(raw_balancing["primary_scope"])
        if raw_balancing.get("shares"):
            shares: dict[str, object] = {}
            for email, weight in dict(raw_balancing["shares"]).items():
                agent_id = by_email.get(str(email).lower())
                if agent_id is None:
                    errors.setdefault("balancing.shares", []).append(
                        Msg("%(agent)s is not a replacement of this period", agent=email)
                    )
                else:
                    shares[agent_id] = weight
            balancing["shares"] = shares
        problems = validate_balancing(
            extras,
            balancing,
            employee_id,
            primary.id,
            open_counts_supported=adapter.mapping.capability("open_ticket_counts"),
        )
        for key, messages in problems.items():
            errors.setdefault(key, []).extend(messages)
        return extras, balancing, agents

    @staticmethod
    def _balancing_in(period: Period) -> dict[str, object]:
        """The stored balancing as the API takes it (shares keyed by e-mail)."""
        emails = {period.replacement_id: period.replacement_email}
        emails |= {str(r.get("id")): str(r.get("email")) for r in period.replacements}
        out = dict(period.balancing)
        shares = out.get("shares")
        if isinstance(shares, dict):
            out["shares"] = {emails.get(k, k): v for k, v in shares.items()}
        return out

    def _agent(
        self, adapter: HelpdeskAdapter, field: str, email: str, errors: dict[str, list[str]]
    ) -> Agent | None:
        agent = adapter.find_agent(email)
        if agent is None:
            errors.setdefault(field, []).append(
                Msg(
                    "no user with e-mail %(email)s in helpdesk %(helpdesk)s",
                    email=email,
                    helpdesk=adapter.config.key,
                )
            )
            return None
        if not agent.is_agent:
            errors.setdefault(field, []).append(
                Msg("%(email)s is not an active agent", email=email)
            )
            return None
        return agent

    def create(self, data: Mapping[str, Any], actor: str) -> Period:
        period, checked = self.draft(data, actor)
        now = self.clock()
        saved = self.repo.add_period(period, now)
        if saved.starts_at <= now:
            self.on_change()  # an immediate start: the scheduler moves the open tickets now
        self.audit_log.audit(
            now,
            saved.helpdesk,
            "period_created",
            period_id=saved.id,
            actor=actor,
            from_agent=saved.employee_id,
            to_agent=saved.replacement_id,
            reason=Msg(
                "%(start)s to %(end)s",
                start=saved.starts_at.isoformat(),
                end=saved.effective_end.isoformat(),
            )
            if saved.effective_end is not None
            else Msg("%(start)s to until further notice", start=saved.starts_at.isoformat()),
        )
        self._record_check(saved, checked, actor)
        self._notify("period_created", saved, actor)
        return saved

    def draft(
        self, data: Mapping[str, Any], actor: str, *, check: bool = True
    ) -> tuple[Period, list[str] | None]:
        """The period a create body describes, validated as a create is, not saved; with the
        replacement check's answer (``check=False``: not asked, None; the dry run asks it
        itself and shows its answer instead of refusing)."""
        errors: dict[str, list[str]] = {}
        adapter = self.helpdesks.get(data["helpdesk"])
        if adapter is None:
            raise ValidationFailed(
                {
                    "helpdesk": [
                        Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(data["helpdesk"]))
                    ]
                }
            )
        tz_name = data.get("timezone") or adapter.config.timezone
        starts, ends = self._moments(data, tz_name, errors)
        employee = self._agent(adapter, "employee", data["employee"], errors)
        replacement = self._agent(adapter, "replacement", data["replacement"], errors)
        # No end (null or left out): open-ended, "until further notice".
        if errors or employee is None or replacement is None or starts is None:
            raise ValidationFailed(errors)
        checked = self._check(adapter, employee, replacement, data, errors) if check else None
        extras, balancing, agents = self._several(adapter, data, employee.id, replacement, errors)
        if check:
            checked = _joined(checked, self._check_extras(adapter, employee, agents, data, errors))
        for key, messages in validate_capacity(list(data.get("phases") or [])).items():
            errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationFailed(errors)
        period = Period(
            id=None,
            helpdesk=adapter.config.key,
            employee_email=employee.email.lower(),
            employee_id=employee.id,
            employee_name=employee.name,
            replacement_email=replacement.email.lower(),
            replacement_id=replacement.id,
            replacement_name=replacement.name,
            starts_at=starts,
            ends_at=ends,
            timezone=tz_name,
            created_by=actor,
            scope=dict(data.get("scope") or {}),
            notice=dict(data.get("notice") or {}),
            handback=dict(data.get("handback") or {}),
            move_on_replacement_change=bool(data.get("move_on_replacement_change", True)),
            replacements=extras,
            balancing=balancing,
        )
        period.phases = self._phases(period, data, errors)
        if errors:
            raise ValidationFailed(errors)
        validate_period(period, self.repo.periods([period.helpdesk]))
        return period, checked

    def _moments(
        self, data: Mapping[str, Any], tz_name: str, errors: dict[str, list[str]]
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        try:
            tz = zone(tz_name)
        except ValueError as exc:
            errors.setdefault("timezone", []).append(str(exc))
            return None, None
        out: list[dt.datetime | None] = []
        for field in ("starts_at", "ends_at"):
            if data.get(field) is None:
                out.append(None)
                continue
            try:
                out.append(parse_moment(str(data[field]), tz, is_end=field == "ends_at"))
            except ValueError as exc:
                errors.setdefault(field, []).append(str(exc))
                out.append(None)
        return out[0], out[1]

    def get(self, period_id: int, helpdesks: tuple[str, ...] | None = None) -> Period:
        period = self.repo.get_period(period_id)
        if period is None or (helpdesks is not None and period.helpdesk not in helpdesks):
            raise NotFound(Msg("no period %(period_id)s", period_id=period_id))
        return period

    def update(
        self,
        period_id: int,
        data: Mapping[str, Any],
        actor: str,
        helpdesks: tuple[str, ...] | None = None,
    ) -> Period:
        period = self.get(period_id, helpdesks)
        updated, changes, checked = self.edit_draft(period, data)
        now = self.clock()
        saved = self.repo.save_period(updated, now)
        replaced = saved.replacement_id != period.replacement_id
        if replaced and saved.starts_at <= now and saved.move_on_replacement_change:
            # The scheduler moves the rerouted open tickets to the new replacement.
            self.lifecycle.set_replacement_move_due(saved.id or 0, True)
            saved = self.get(saved.id or 0)
            self.on_change()
        changed = [k for k in changes if getattr(period, k) != getattr(saved, k)]
        diff = joined(
            [
                _end_change(period, saved) if k == "ends_at" else Msg("%(field)s changed", field=k)
                for k in changed
            ],
            LIST,
        ) or Msg("no change")
        self.audit_log.audit(
            now,
            saved.helpdesk,
            "period_changed",
            period_id=saved.id,
            actor=actor,
            to_agent=saved.replacement_id,
            reason=diff,
        )
        self._record_check(saved, checked, actor)
        self._notify("period_changed", saved, actor, changed)
        return saved

    def edit_draft(
        self, period: Period, data: Mapping[str, Any], *, check: bool = True
    ) -> tuple[Period, dict[str, Any], list[str] | None]:
        """``period`` with the edit ``data`` applied and validated as an update is, not saved;
        with what changed and the replacement check's answer (``check=False``: not asked, as
        in ``draft``)."""
        now = self.clock()
        if period.status(now) == "ended":
            raise ValidationFailed({"period": [N_("an ended period cannot be changed")]})
        adapter = self.helpdesks[period.helpdesk]
        errors: dict[str, list[str]] = {}
        tz_name = data.get("timezone") or period.timezone
        starts, ends = self._moments(data, tz_name, errors)
        changes: dict[str, Any] = {"timezone": tz_name}
        if starts is not None:
            if period.starts_at <= now and starts != period.starts_at:
                errors.setdefault("starts_at", []).append(
                    N_("the period has started; its start can no longer change")
                )
            changes["starts_at"] = starts
        if ends is not None:
            start = starts if starts is not None else period.starts_at
            if ends != period.ends_at and start < ends < now:  # (before the start: see below)
                errors.setdefault("ends_at", []).append(
                    "must not be in the past; to end the period now, use end "
                    "(POST /api/v1/periods/{id}/end)"
                )
            changes["ends_at"] = ends
        elif "ends_at" in data and data["ends_at"] is None:
            changes["ends_at"] = None  # open-ended again: until further notice
        checked: list[str] | None = None
        if data.get("replacement"):
            agent = self._agent(adapter, "replacement", data["replacement"], errors)
            if check and agent is not None and agent.id != period.replacement_id:
                employee = Agent(period.employee_id, period.employee_email, period.employee_name)
                checked = self._check(adapter, employee, agent, data, errors)
            if agent is not None:
                changes.update(
                    replacement_email=agent.email.lower(),
                    replacement_id=agent.id,
                    replacement_name=agent.name,
                )
        if "scope" in data:
            changes["scope"] = dict(data.get("scope") or {})
        if "notice" in data:
            changes["notice"] = {**period.notice, **dict(data.get("notice") or {})}
        if "handback" in data:
            changes["handback"] = {**period.handback, **dict(data.get("handback") or {})}
        if "move_on_replacement_change" in data:
            changes["move_on_replacement_change"] = bool(data["move_on_replacement_change"])
        if "replacements" in data or "balancing" in data or "replacement_id" in changes:
            primary = Agent(
                str(changes.get("replacement_id", period.replacement_id)),
                str(changes.get("replacement_email", period.replacement_email)),
                str(changes.get("replacement_name", period.replacement_name)),
            )
            several: dict[str, Any] = {
                "replacements": data["replacements"]
                if "replacements" in data
                else [
                    {"replacement": r.get("email"), "scope": r.get("scope")}
                    for r in period.replacements
                ],
                "balancing": data["balancing"]
                if "balancing" in data
                else self._balancing_in(period),
            }
            changes["replacements"], changes["balancing"], agents = self._several(
                adapter, several, period.employee_id, primary, errors
            )
            before = {str(r.get("id")) for r in period.replacements}
            added = [(i, a) for i, a in agents if a.id not in before]  # new ones are checked
            if check and "replacements" in data:
                employee = Agent(period.employee_id, period.employee_email, period.employee_name)
                checked = _joined(
                    checked, self._check_extras(adapter, employee, added, data, errors)
                )
        if "phases" in data:
            for key, messages in validate_capacity(list(data.get("phases") or [])).items():
                errors.setdefault(key, []).extend(messages)
        updated = dataclasses.replace(period, **changes)
        if "phases" in data or "starts_at" in changes or "ends_at" in changes:
            source = data if "phases" in data else {"phases": period.phases}
            updated.phases = self._phases(updated, source, errors)
            changes["phases"] = updated.phases
        if errors:
            raise ValidationFailed(errors)
        validate_period(
            updated, [p for p in self.repo.periods([period.helpdesk]) if p.id != period.id]
        )
        return updated, changes, checked

    def end(self, period_id: int, actor: str, helpdesks: tuple[str, ...] | None = None) -> Period:
        period = self.get(period_id, helpdesks)
        now = self.clock()
        if period.status(now) == "ended":
            raise ValidationFailed({"period": [N_("the period has already ended")]})
        ended = dataclasses.replace(period, ended_early_at=max(now, period.starts_at))
        saved = self.repo.save_period(ended, now)
        self.audit_log.audit(
            now,
            saved.helpdesk,
            "period_ended",
            period_id=saved.id,
            actor=actor,
            # An open-ended period has no planned end to be early for: the lead ends it now.
            reason=N_("ended now (was until further notice)")
            if period.open_ended
            else N_("ended early"),
        )
        self._notify("period_ended", saved, actor)
        self.on_change()  # the scheduler hands the tickets back
        return saved


def _end_change(before: Period, after: Period) -> str:
    """The audit's words for a new end; from or to an open end they say which:
    "ends_at changed: until further notice → <end>"."""
    if before.ends_at is not None and after.ends_at is not None:
        return Msg("%(field)s changed", field="ends_at")
    open_end = Msg("until further notice")
    was = before.ends_at.isoformat() if before.ends_at is not None else open_end
    now = after.ends_at.isoformat() if after.ends_at is not None else open_end
    return Msg("ends_at changed: %(was)s → %(now)s", was=was, now=now)


def _joined(a: list[str] | None, b: list[str] | None) -> list[str] | None:
    """Two replacement checks' lines as one (None: neither was asked)."""
    if a is None and b is None:
        return None
    return [*(a or []), *(b or [])]
