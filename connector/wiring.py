"""The one place where adapters are chosen and wired to the services (tests swap them here)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connector.adapters import guard_cache
from connector.adapters.access_log import AccessLog
from connector.adapters.contact_log_store import ContactLogStore
from connector.adapters.contact_procedure_store import ContactProcedureStore
from connector.adapters.daily_word_store import DailyWordStore
from connector.adapters.data_subject_store import DataSubjectStore
from connector.adapters.helpdesks import ADAPTERS
from connector.adapters.helpdesks.base import HelpdeskAdapter, link_settings
from connector.adapters.hr import build_hr_target
from connector.adapters.hr.config import parse_hr_config
from connector.adapters.http import RateLimit, RetryPolicy, VendorHttp
from connector.adapters.notification_store import NotificationStore, hr_outbox_stats
from connector.adapters.process_leases import ProcessLeases
from connector.adapters.repositories.audit import AuditRepository
from connector.adapters.repositories.lifecycle import LifecycleRepository
from connector.adapters.repositories.notices import NoticeRepository
from connector.adapters.repositories.periods import PeriodRepository
from connector.adapters.repositories.templates import TemplateRepository
from connector.adapters.repositories.tokens import TokenRepository
from connector.adapters.retention_store import RetentionStore
from connector.adapters.sealing import Sealer, sealer_from
from connector.adapters.session_store import InvitationStore, SessionPolicy, SessionStore
from connector.adapters.smtp_mailer import SmtpMailer
from connector.adapters.store import Store, migrate
from connector.config import Config
from connector.errors import ConfigError
from connector.mapping import load_mapping
from connector.metrics import Metrics
from connector.services.contact_log import ContactLogService
from connector.services.contact_procedure import ContactProcedureService
from connector.services.daily_word import DailyWordService, DailyWordSettings, NextContact
from connector.services.data_subjects import DataSubjects
from connector.services.dry_run import DryRunService
from connector.services.hr_dispatch import HrDispatcher
from connector.services.ingest import Ingest
from connector.services.lifecycle import Lifecycle
from connector.services.mailer import Mailer
from connector.services.notices import NoticeService
from connector.services.notifications import Notifier
from connector.services.periods import PeriodService
from connector.services.ports import LeaseHolders
from connector.services.rerouting import Rerouter
from connector.services.retention import Retention
from connector.translations import translator

Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    config: Config
    store: Store
    helpdesks: dict[str, HelpdeskAdapter]
    ingest: Ingest
    rerouter: Rerouter
    periods: PeriodService
    notices: NoticeService
    clock: Clock
    metrics: Metrics
    wake: threading.Event = field(default_factory=threading.Event)
    contact_log: ContactLogService | None = None
    hr: HrDispatcher | None = None
    lifecycle: Lifecycle = field(default=None)  # type: ignore[assignment]
    scheduler_wake: threading.Event = field(default_factory=threading.Event)
    sessions: SessionStore = field(default=None)  # type: ignore[assignment]
    invitations: InvitationStore = field(default=None)  # type: ignore[assignment]
    retention: Retention = field(default=None)  # type: ignore[assignment]
    access_log: AccessLog = field(default=None)  # type: ignore[assignment]
    data_subjects: DataSubjects = field(default=None)  # type: ignore[assignment]
    notifier: Notifier | None = None
    daily_word: DailyWordService | None = None
    contact_procedures: ContactProcedureService = field(default=None)  # type: ignore[assignment]
    repositories: Repositories = field(default=None)  # type: ignore[assignment]
    dry_run: DryRunService = field(default=None)  # type: ignore[assignment]
    # The leases of inbox events, HR deliveries and periods, for the process heartbeat.
    lease_holders: LeaseHolders = field(default=None)  # type: ignore[assignment]


@dataclass(frozen=True)
class Repositories:
    """One repository per aggregate, all over one store (the services see their ports)."""

    periods: PeriodRepository
    audit: AuditRepository
    notices: NoticeRepository
    templates: TemplateRepository
    tokens: TokenRepository
    lifecycle: LifecycleRepository


def use_privacy_cache() -> None:
    """Keep the privacy guard's built tables on disk for the next process (``guard_cache``)."""
    from connector.domain import privacy

    privacy.use_table_cache(guard_cache.from_environment(os.environ))


def open_store(config: Config) -> Store:
    """The configured database (the entry points ask here instead of opening one)."""
    return Store(config.database_url)


def migrate_database(config: Config) -> None:
    """Bring the configured database to the newest schema."""
    migrate(config.database_url)


def build_contact_log_store(config: Config, store: Store) -> ContactLogStore:
    return ContactLogStore(store, build_sealer(config))


def build_lease_holders(store: Store, log_store: ContactLogStore) -> ProcessLeases:
    """What ``connector.leases`` renews and frees: the inbox's, the HR outbox's and the
    periods' leases."""
    return ProcessLeases(store, store.inbox, log_store.queue)


def build_invitations(store: Store) -> InvitationStore:
    return InvitationStore(store)


def build_repositories(store: Store) -> Repositories:
    return Repositories(
        periods=PeriodRepository(store),
        audit=AuditRepository(store),
        notices=NoticeRepository(store),
        templates=TemplateRepository(store),
        tokens=TokenRepository(store),
        lifecycle=LifecycleRepository(store),
    )


def build_helpdesks(
    config: Config,
    *,
    sleep: Callable[[float], None] | None = None,
    policy: RetryPolicy | None = None,
    observer: Any = None,
) -> dict[str, HelpdeskAdapter]:
    out: dict[str, HelpdeskAdapter] = {}
    for key, hd in config.helpdesks.items():
        cls = ADAPTERS.get(hd.vendor)
        if cls is None:
            raise ConfigError(f"helpdesks.{key}.vendor: no adapter for {hd.vendor!r}")
        opts = cls.http_options(hd)
        kwargs: dict[str, Any] = {"policy": policy, "observer": observer}
        if sleep is not None:
            kwargs["sleep"] = sleep
        rate = hd.rate_limit_per_minute or cls.default_rate_limit_per_minute
        if rate:
            kwargs["limit"] = RateLimit(rate)
        if "timeout" not in opts:
            t = hd.timeout_seconds
            opts["timeout"], opts["deadline"] = (min(5.0, t), t), t
        secrets = [s.reveal() for s in (*hd.credentials.values(), *hd.webhook_secrets)]
        http = VendorHttp(opts.pop("base_url"), vendor=hd.vendor, secrets=secrets, **opts, **kwargs)
        out[key] = cls(hd, load_mapping(hd.vendor), http)
    return out


def build_sealer(config: Config) -> Sealer:
    """The contact log's keys: ``data_keys`` in the config, else ``STANDIN_DATA_KEYS``, else
    a key file beside the SQLite database (or in the folder of the config) made on first use."""
    if config.data_keys:
        return Sealer([k.reveal() for k in config.data_keys])
    db = config.database_url
    if db.startswith("sqlite:///"):
        key_file = Path(db.removeprefix("sqlite:///").split("?", 1)[0] + ".key")
    else:
        folder = Path(config.source).parent if Path(config.source).is_file() else Path(".")
        key_file = folder / "standin.key"
    return sealer_from(os.environ, key_file)


def build_session_store(config: Config, store: Store) -> SessionStore:
    return SessionStore(
        store,
        SessionPolicy(
            lifetime=dt.timedelta(hours=config.ui.session_hours),
            idle=dt.timedelta(minutes=config.ui.session_idle_minutes),
        ),
    )


def build_mailer(config: Config) -> Mailer | None:
    """SMTP when the config has an ``smtp`` section; else no e-mail (notes only)."""
    return SmtpMailer(config.smtp) if config.smtp is not None else None


def build_notifier(
    config: Config,
    store: Store,
    helpdesks: dict[str, HelpdeskAdapter],
    clock: Clock,
    metrics: Metrics,
    mailer: Mailer | None,
) -> Notifier:
    """Team-lead notifications: raised with the audit rows that need a person, delivered by
    the worker; their queue and the HR outbox are reported to Prometheus."""
    nstore = NotificationStore(store)
    notifier = Notifier(
        nstore,
        AuditRepository(store),
        helpdesks,
        config.helpdesks,
        mailer,
        config.notifications,
        clock,
        on_result=metrics.notification,
    )
    store.audit_hooks.append(notifier.on_audit)
    metrics.watch(
        "standin_notifications_queue",
        "Team-lead notifications",
        ("pending", "processing", "sent", "failed"),
        nstore.stats,
    )
    metrics.watch(
        "standin_hr_outbox",
        "HR deliveries",
        ("pending", "processing", "sent", "dead"),
        lambda now: hr_outbox_stats(store, now),
    )
    return notifier


def build_daily_word(
    config: Config,
    store: Store,
    helpdesks: dict[str, HelpdeskAdapter],
    clock: Clock,
    mailer: Mailer | None,
    next_contact: NextContact | None = None,
    *,
    audit: AuditRepository,
) -> DailyWordService:
    """The daily word (issue 21, item 3): per helpdesk its language (the helpdesk's locale),
    its team leads' addresses and the mapping's ticket links; e-mail through ``mailer``."""
    settings = {}
    for key, hd in config.helpdesks.items():
        try:
            ticket_url = load_mapping(hd.vendor).ticket_url(hd.url, link_settings(hd))
        except Exception:  # noqa: BLE001 - no mapping, no links
            ticket_url = None
        settings[key] = DailyWordSettings(
            enabled=config.scheduler.daily_word,
            hour=config.scheduler.daily_word_hour,
            lang=hd.locale if hd.locale in ("en", "nl", "fr", "de") else "en",
            team_lead_email=hd.team_lead_email,
            ticket_url=ticket_url,
        )
    daily_store = DailyWordStore(store)
    return DailyWordService(
        facts=daily_store,
        markers=daily_store,
        mailer=mailer,
        translators=translator,
        settings=settings,
        audit=audit,
        clock=clock,
        notes=helpdesks,
        overrides=daily_store,
        next_contact=next_contact,  # the contact procedure (issue 21, item 4)
    )


def build_services(
    config: Config,
    *,
    clock: Clock = utcnow,
    store: Store | None = None,
    sleep: Callable[[float], None] | None = None,
    policy: RetryPolicy | None = None,
    check_replacement: bool = True,
    mailer: Mailer | None = None,
) -> Services:
    use_privacy_cache()
    store = store or open_store(config)
    repos = build_repositories(store)
    metrics = Metrics(store, set(config.helpdesks), clock)
    helpdesks = build_helpdesks(config, sleep=sleep, policy=policy, observer=metrics.vendor_call)
    mailer = mailer or build_mailer(config)
    notifier = build_notifier(config, store, helpdesks, clock, metrics, mailer)
    wake = threading.Event()
    notices = NoticeService(
        repos.notices, repos.templates, clock, config.helpdesks, audit=repos.audit
    )
    hr_config = parse_hr_config(config.hr)
    log_store = build_contact_log_store(config, store)
    contact_log = ContactLogService(repos.periods, helpdesks, clock, hr_config, log_store)
    procedures = ContactProcedureService(
        ContactProcedureStore(store, log_store.sealer),
        repos.periods,
        repos.audit,
        contact_log,
        clock,
        {key: hd.locale.split("-")[0] for key, hd in config.helpdesks.items()},
        hr_config.retention_days,
    )
    sessions = build_session_store(config, store)

    def purge_hr_copies(now: dt.datetime, *, dry_run: bool = False) -> int:
        """The contact log's copies and, with them, the contact procedures (same policy)."""
        return contact_log.purge(now, dry_run=dry_run) + procedures.purge(now, dry_run=dry_run)

    access_log = AccessLog(store)
    retention = Retention(RetentionStore(store, config.retention), sessions, purge_hr_copies)

    def housekeeping(now: dt.datetime) -> None:
        contact_log.weekly_summaries(now)
        retention.run(now)

    scheduler_wake = threading.Event()
    lifecycle = Lifecycle(
        repos.periods,
        repos.audit,
        repos.notices,
        repos.lifecycle,
        helpdesks,
        clock,
        notices,
        config.scheduler,
    )
    services = Services(
        config=config,
        store=store,
        helpdesks=helpdesks,
        ingest=Ingest(store, helpdesks, clock, config.signature_tolerance_seconds, wake.set),
        rerouter=Rerouter(
            repos.periods,
            repos.audit,
            repos.lifecycle,
            helpdesks,
            clock,
            notices,
            notes=contact_log,
            on_notice=lambda r: metrics.notices.labels(r).inc(),
            max_chain=config.scheduler.max_chain,
        ),
        periods=PeriodService(
            repos.periods,
            repos.audit,
            repos.lifecycle,
            helpdesks,
            clock,
            listeners=[contact_log.period_fact],
            on_change=scheduler_wake.set,
            check_replacement=check_replacement,
        ),
        notices=notices,
        clock=clock,
        metrics=metrics,
        wake=wake,
        contact_log=contact_log,
        hr=HrDispatcher(
            log_store,
            repos.periods,
            build_hr_target(hr_config, sleep=sleep, policy=policy),
            config,
            hr_config,
            clock,
            housekeeping,
            on_alert=notifier.raise_alert,
        ),
        lifecycle=lifecycle,
        scheduler_wake=scheduler_wake,
        sessions=sessions,
        invitations=build_invitations(store),
        retention=retention,
        access_log=access_log,
        repositories=repos,
        lease_holders=build_lease_holders(store, log_store),
        notifier=notifier,
        daily_word=build_daily_word(
            config, store, helpdesks, clock, mailer, procedures, audit=repos.audit
        ),
        contact_procedures=procedures,
        data_subjects=DataSubjects(
            repos.periods,
            repos.audit,
            DataSubjectStore(store),
            contact_log,
            access_log,
            clock,
            procedures.procedures,
        ),
    )
    services.dry_run = DryRunService(
        services.periods, notices, repos.notices, helpdesks, config.scheduler.max_chain
    )
    return services
