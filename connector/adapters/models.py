"""Database tables (SQLAlchemy 2); one set of Alembic migrations for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL must not shift one."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}


class PeriodRow(Base):
    __tablename__ = "periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    helpdesk: Mapped[str] = mapped_column(String(64), index=True)
    employee_email: Mapped[str] = mapped_column(String(320))
    employee_id: Mapped[str] = mapped_column(String(64))
    employee_name: Mapped[str] = mapped_column(String(200))
    replacement_email: Mapped[str] = mapped_column(String(320))
    replacement_id: Mapped[str] = mapped_column(String(64))
    replacement_name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime | None]  # None: until further notice (0011)
    timezone: Mapped[str] = mapped_column(String(64))
    ended_early_at: Mapped[dt.datetime | None]
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notice: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    # Lifecycle (0002): settings, then what the scheduler has done (the DB is the truth).
    phases: Mapped[list[Any] | None] = mapped_column(JSON)
    handback: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    move_on_replacement_change: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true()
    )
    start_move: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    start_moved_at: Mapped[dt.datetime | None]
    start_retry_at: Mapped[dt.datetime | None]
    handed_back_at: Mapped[dt.datetime | None]
    handback_result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Hand-backs at phase boundaries: boundary (UTC ISO) -> progress (status, counts).
    phase_moves: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    last_swept_at: Mapped[dt.datetime | None]
    replacement_move_due: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[dt.datetime | None]
    # Several replacements (0009): the extra ones, the strategy, and the counters.
    replacements: Mapped[list[Any] | None] = mapped_column(JSON)
    balancing: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    balance_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_periods_helpdesk_employee", "helpdesk", "employee_id"),)


class InboxEvent(Base):
    """A webhook event, stored before the 202; the worker's job queue."""

    __tablename__ = "inbox_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    helpdesk: Mapped[str] = mapped_column(String(64))
    dedup_key: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    locked_by: Mapped[str | None] = mapped_column(String(128))
    locked_until: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (
        UniqueConstraint("helpdesk", "dedup_key", name="uq_inbox_helpdesk_dedup"),
        Index("ix_inbox_claim", "status", "next_attempt_at"),
    )


class AuditRecord(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    helpdesk: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_events.id"))
    ticket_id: Mapped[str | None] = mapped_column(String(64))
    from_agent: Mapped[str | None] = mapped_column(String(64))
    to_agent: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The reason as a message (``{"msgid", "values"}``), said in the reader's language by the
    #: page and the exports; ``reason`` keeps its English text for logs and the API.
    reason_msg: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    vendor_status: Mapped[int | None] = mapped_column(Integer)
    vendor_response: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200), default="connector")


class NoticeRecord(Base):
    """Intent to notify, recorded before the vendor call so a retry never sends twice."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    dedup_key: Mapped[str] = mapped_column(String(255))  # customer:<id> or ticket:<id>
    ticket_id: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # intended, sent, blocked
    at: Mapped[dt.datetime]

    __table_args__ = (UniqueConstraint("period_id", "dedup_key", name="uq_notice_period_key"),)


class NoticeSentRow(Base):
    """The notice as it was posted (subject, text and HTML body) for one customer and ticket:
    customer data, deleted with the period's other customer data (retention)."""

    __tablename__ = "notices_sent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), index=True)
    ticket_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime]


class NoticeTemplateRow(Base):
    """A team lead's template version; versions are kept, one is active per helpdesk+kind+lang."""

    __tablename__ = "notice_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    helpdesk: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    variant: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    #: Plain fields (a notice written without code); None: the text and html template code.
    fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]

    __table_args__ = (
        UniqueConstraint(
            "helpdesk", "kind", "variant", "lang", "version", name="uq_template_version"
        ),
    )


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    helpdesks: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class SignInFailure(Base):
    """A failed sign-in on /ui, counted per hashed key (see ``domain/throttle.py``)."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]

    __table_args__ = (Index("ix_sign_in_failures_key_at", "key", "at"),)


class ContactLogEntryRow(Base):
    """A contact-log entry for the HR file. Append-only: rows are inserted, never updated;
    only the retention purge deletes them (domain.md rule 6)."""

    __tablename__ = "contact_log_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    helpdesk: Mapped[str] = mapped_column(String(64))
    employee_email: Mapped[str] = mapped_column(String(320))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id"), index=True)
    supersedes_id: Mapped[str | None] = mapped_column(String(36), index=True)
    source: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str | None] = mapped_column(String(255), unique=True)
    contact_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_contact_log_helpdesk_employee", "helpdesk", "employee_email"),)


class HrOutboxRow(Base):
    """One entry to deliver to one HR target; de-duplicated by (entry id, target)."""

    __tablename__ = "hr_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("contact_log_entries.id"))
    target: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    locked_by: Mapped[str | None] = mapped_column(String(128))
    locked_until: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    remote_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]

    __table_args__ = (
        UniqueConstraint("entry_id", "target", name="uq_hr_outbox_entry_target"),
        Index("ix_hr_outbox_claim", "status", "next_attempt_at"),
    )


class ReroutedTicket(Base):
    """A ticket the connector moved away from a period's employee; the hand-back list."""

    __tablename__ = "rerouted_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), index=True)
    ticket_id: Mapped[str] = mapped_column(String(64))
    moved_at: Mapped[dt.datetime]
    from_agent: Mapped[str] = mapped_column(String(64))
    to_agent: Mapped[str] = mapped_column(String(64))
    via: Mapped[str] = mapped_column(String(24))  # start, webhook, sweep, replacement_change
    handed_back_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(255))  # what the hand-back did

    __table_args__ = (UniqueConstraint("period_id", "ticket_id", name="uq_rerouted_period_ticket"),)


class UiSessionRow(Base):
    """A signed-in web session, held server-side: the browser's cookie carries only a random
    key whose hash is stored here, so signing out, revoking the sign-in's token or expiry
    ends the session at once, whatever copies of the cookie exist."""

    __tablename__ = "ui_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    method: Mapped[str] = mapped_column(String(16))
    token_id: Mapped[int | None] = mapped_column(Integer, index=True)
    subject: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    helpdesks: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    last_seen_at: Mapped[dt.datetime]


class UiInvitationRow(Base):
    """A one-time sign-in link an admin issued (for teams without an identity provider)."""

    __tablename__ = "ui_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    helpdesks: Mapped[list[str] | None] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class SignedTokenUse(Base):
    """A helpdesk-signed app token that has signed someone in: each is good for one sign-in
    (a replay of a captured token is refused); kept until the token would expire anyway."""

    __tablename__ = "signed_token_uses"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class ContactLogRead(Base):
    """Who read which contact-log entries, when and how (the HR file's access log)."""

    __tablename__ = "contact_log_reads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(320))
    via: Mapped[str] = mapped_column(String(16))  # api, page, pdf, export
    helpdesk: Mapped[str] = mapped_column(String(64))
    employee_email: Mapped[str] = mapped_column(String(320))
    entry_ids: Mapped[list[str]] = mapped_column(JSON)


class NotificationRow(Base):
    """One message to a team lead about a failure that needs a person, on one channel.

    Recorded in the same transaction as the audit row that caused it; delivered from this
    durable queue with retry and backoff. One row per (key, episode, channel, recipient):
    repeats of the same failure within an episode only count up ``occurrences``.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200))
    episode: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # email, note
    recipient: Mapped[str] = mapped_column(String(320))  # an address, or the ticket id
    helpdesk: Mapped[str] = mapped_column(String(64))
    period_id: Mapped[int | None] = mapped_column(Integer)
    ticket_id: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    locked_until: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]

    __table_args__ = (
        UniqueConstraint(
            "dedup_key", "episode", "channel", "recipient", name="uq_notification_episode"
        ),
        Index("ix_notifications_claim", "status", "next_attempt_at"),
        Index("ix_notifications_key", "dedup_key"),
    )


class DailyWordSentRow(Base):
    """The daily word to one recipient of one period on one local day (issue 21, item 3).

    The row is the sent-marker: a second scheduler run that day finds it and sends nothing.
    ``status``: pending (retried with backoff at ``next_attempt_at``), sent, skipped (nothing
    to say to the replacement that day), blocked (the
    privacy guard refused it; the team lead was told), failed (given up: a dead letter the
    page and ``rows()`` show with ``last_error``).
    """

    __tablename__ = "daily_words"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(16))  # replacement, team_lead
    day: Mapped[str] = mapped_column(String(10))  # the local day, ISO (YYYY-MM-DD)
    channel: Mapped[str] = mapped_column(String(16))  # email, note
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]

    __table_args__ = (
        UniqueConstraint("period_id", "recipient", "day", name="uq_daily_word_day"),
        Index("ix_daily_words_due", "status", "next_attempt_at"),
    )


class DailyWordSettingRow(Base):
    """A period's own daily-word settings (null: the helpdesk's / configuration's default)."""

    __tablename__ = "daily_word_settings"

    period_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    enabled: Mapped[bool | None] = mapped_column(Boolean)
    lang: Mapped[str | None] = mapped_column(String(8))
    note_ticket: Mapped[str | None] = mapped_column(String(64))
    #: The local hour (0–23, the period's time zone) it is sent from; null: the default.
    hour: Mapped[int | None] = mapped_column(Integer)
    #: Whether the replacement / the team lead gets it; null: yes (the default).
    replacement: Mapped[bool | None] = mapped_column(Boolean)
    team_lead: Mapped[bool | None] = mapped_column(Boolean)


class ContactProcedureRow(Base):
    """A period's contact procedure (issue 21, item 4): one row per period, replaced on each
    change (the contact log keeps the history: every save writes an automatic entry). The
    procedure holds short HR-file texts, so ``data`` is sealed like a contact-log entry."""

    __tablename__ = "contact_procedures"

    period_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(200), default="")
