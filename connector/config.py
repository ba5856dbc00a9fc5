"""Configuration: one YAML file, ``${ENV}`` references for secrets, validated at start-up.

Every problem is reported with the key that holds it (``helpdesks.acme.url: …``) and never
with a secret's value.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from connector.domain.contact_note import DEFAULT_MARKER
from connector.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///standin.db"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SUPPORTED_LOCALES = ("nl", "fr", "de", "en")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Secret(str):
    """A string that never shows its value in ``repr`` or formatted logs by accident."""

    def __repr__(self) -> str:
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True)
class HrConfig:
    """The HR target (``hr:``); parsed and checked against its mapping by
    ``connector.adapters.hr.config.parse_hr_config``."""

    system: str | None = None
    url: str = ""
    credentials: dict[str, Secret] = field(default_factory=dict)
    category: str = ""
    retention_days: int = 730
    max_attempts: int = 10
    note_marker: str = DEFAULT_MARKER
    employee_connector: str = ""

    def __repr__(self) -> str:  # credentials stay out of logs
        return f"HrConfig(system={self.system!r}, url={self.url!r})"


@dataclass(frozen=True)
class HelpdeskAppConfig:
    """The helpdesk's own app that hosts the page and signs its first request (Zendesk's
    ``signedUrls``): the app's public key, its installation, and helpdesk role → Stand-in role."""

    public_key: str  # PEM, from the helpdesk (Zendesk: GET /api/v2/apps/{app_id}/public_key.pem)
    installation_id: int
    roles: dict[str, str] = field(default_factory=lambda: {"admin": "admin", "agent": "viewer"})
    custom_roles: dict[str, str] = field(default_factory=dict)  # custom role id -> role


@dataclass(frozen=True)
class HelpdeskConfig:
    key: str
    vendor: str
    url: str
    credentials: dict[str, Secret]
    webhook_secrets: tuple[Secret, ...]
    timezone: str = "UTC"
    locale: str = "en"
    keep_tag: str = "standin_keep"
    team_leads: tuple[str, ...] = ()
    contact_line: str = ""
    company: str = ""
    # Where tickets go when the chain of replacements is a cycle or too long (an e-mail).
    fallback_agent: str = ""
    # Client-side limit on API calls per minute (0: the adapter's default for the vendor).
    rate_limit_per_minute: int = 0
    # The longest one vendor call may take, answer body included (connecting: at most 5 s).
    timeout_seconds: float = 30.0
    app: HelpdeskAppConfig | None = None
    # Who hears of failures that need a person (dead letters, escalations, refusals, HR
    # deliveries that keep failing), besides the team lead who set the period.
    team_lead_email: tuple[str, ...] = ()

    def __repr__(self) -> str:  # secrets stay out of tracebacks and logs
        return f"HelpdeskConfig(key={self.key!r}, vendor={self.vendor!r}, url={self.url!r})"


@dataclass(frozen=True)
class SmtpConfig:
    """The mail server that carries notifications (``smtp:``); the password only as ``${ENV}``."""

    host: str
    port: int = 587
    security: str = "starttls"  # starttls, ssl (implicit TLS, port 465) or none (loopback only)
    username: str = ""
    password: Secret | None = None
    sender: str = ""  # the From address
    timeout_seconds: float = 30.0

    def __repr__(self) -> str:
        return f"SmtpConfig(host={self.host!r}, port={self.port!r}, security={self.security!r})"


@dataclass(frozen=True)
class NotificationsConfig:
    """How messages to team leads are delivered (``notifications:``)."""

    max_attempts: int = 10  # then given up: audited and counted, never silently dropped
    renotify_hours: int = 24  # the same failure again within this time: counted, not re-sent
    hr_failing_after: int = 3  # failed HR delivery attempts before the lead hears of it
    notes: bool = True  # also an internal note on a ticket that needs someone


@dataclass(frozen=True)
class WorkerConfig:
    poll_interval: float = 1.0
    lease_seconds: int = 30  # renewed by the holder's heartbeat (connector/leases.py)
    max_attempts: int = 8
    threads: int = 1
    batch: int = 16  # events claimed at once; their outcomes are committed together
    batch_seconds: float = 1.0  # a batch that runs longer commits and gives back the rest


@dataclass(frozen=True)
class SchedulerConfig:
    tick_seconds: float = 30.0  # how often due period starts, ends and sweeps are looked for
    sweep_interval_seconds: int = 900  # reconciliation of each active period with the helpdesk
    lease_seconds: int = 60  # a job's hold on its period, renewed by the heartbeat while it runs
    max_chain: int = 5  # replacements followed when the replacement is away too
    enabled: bool = True
    daily_word: bool = False  # the daily word to the replacement and the team lead (issue 21)
    daily_word_hour: int = 8  # the local hour (period's time zone) it is sent from


@dataclass(frozen=True)
class RetentionConfig:
    """How long each kind of record is kept (days). Defaults follow the Dutch guidance for
    reintegration records (at most about two years after the reintegration ends) and keep
    operational records only as long as they serve a purpose."""

    inbox_done_days: int = 14  # processed webhook events and their de-duplication keys
    inbox_dead_days: int = 60  # events that failed for good (kept for a replay)
    notices_days_after_period: int = 30  # who was told, once the period is over
    audit_days_after_period: int = 730  # the audit of a period, after the period ended
    periods_days_after_end: int = 730  # the period itself, its moves and what is left of it
    access_log_days: int = 730  # who read which contact-log entries
    sign_in_failures_days: int = 1  # the throttle needs 15 minutes
    notifications_days: int = 90  # delivered or given-up messages to team leads
    batch: int = 1000  # rows per kind and run; the scheduler runs it hourly


RETENTION_MINIMUM_DAYS = {"inbox_done_days": 2}  # vendors retry for up to 24 h: keep dedup keys


@dataclass(frozen=True)
class UiConfig:
    """The team-lead web page (/ui): session cookie and framing inside a helpdesk."""

    secret_key: Secret | None = None  # else $STANDIN_SECRET_KEY, else generated (dev only)
    embed: bool = False  # shown inside a helpdesk iframe: SameSite=None; Secure cookies
    frame_ancestors: tuple[str, ...] = ()  # who may frame /ui when embed is on
    secure_cookies: bool = False  # True: Secure cookies even when the request looks like http
    session_hours: int = 8
    session_idle_minutes: int = 60  # a session without a page view for this long ends

    def __repr__(self) -> str:
        return f"UiConfig(embed={self.embed!r}, frame_ancestors={self.frame_ancestors!r})"


@dataclass(frozen=True)
class OidcConfig:
    """Single sign-on for the web page with the company's OpenID Connect provider."""

    issuer: str
    client_id: str
    client_secret: Secret
    groups_claim: str = "groups"
    roles: dict[str, str] = field(default_factory=dict)  # provider group -> Stand-in role
    helpdesks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> helpdesks
    label: str = "your company account"

    def __repr__(self) -> str:
        return f"OidcConfig(issuer={self.issuer!r}, client_id={self.client_id!r})"


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    helpdesks: dict[str, HelpdeskConfig] = field(default_factory=dict)
    hr: dict[str, Any] = field(default_factory=dict)
    max_body_bytes: int = 1_048_576
    signature_tolerance_seconds: int = 300
    worker: WorkerConfig = field(default_factory=WorkerConfig)
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    public_url: str = ""
    ui: UiConfig = field(default_factory=UiConfig)
    oidc: OidcConfig | None = None
    # Keys that seal the contact log at rest, newest first (else $STANDIN_DATA_KEYS, else a
    # key file made on first use); see adapters/sealing.py.
    data_keys: tuple[Secret, ...] = ()
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    # Reverse proxies in front of the web process whose X-Forwarded-For/-Proto are trusted
    # (the client address counts failed sign-ins; 0: the socket's peer is the client).
    trusted_proxies: int = 0
    smtp: SmtpConfig | None = None
    notifications: NotificationsConfig = field(default_factory=NotificationsConfig)
    source: str = "<defaults>"

    def __repr__(self) -> str:
        return f"Config(source={self.source!r}, helpdesks={sorted(self.helpdesks)})"


def _expand(value: Any, where: str, errors: list[str], env: Mapping[str, str] | None = None) -> Any:
    """Replace ``${NAME}`` with the environment's value; a missing variable is an error."""
    env = os.environ if env is None else env
    if isinstance(value, str):

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in env:
                errors.append(f"{where}: environment variable {name} is not set")
                return ""
            return env[name]

        return _ENV_REF.sub(sub, value)
    if isinstance(value, dict):
        return {k: _expand(v, f"{where}.{k}", errors, env) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, f"{where}[{i}]", errors, env) for i, v in enumerate(value)]
    return value


def _check_url(url: Any, where: str, errors: list[str]) -> str:
    if not isinstance(url, str) or not url:
        errors.append(f"{where}: required, a URL such as https://acme.zendesk.com")
        return ""
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        errors.append(f"{where}: not an http(s) URL: {url!r}")
    elif parsed.scheme == "http" and parsed.hostname not in LOOPBACK_HOSTS:
        errors.append(f"{where}: must use https:// (http:// is allowed only for loopback)")
    return url.rstrip("/")


def _app(raw: Any, where: str, errors: list[str]) -> HelpdeskAppConfig | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{where}: must be a mapping")
        return None
    for extra in sorted(set(raw) - {"public_key", "installation_id", "roles", "custom_roles"}):
        errors.append(f"{where}.{extra}: unknown setting")
    key = str(raw.get("public_key") or "").strip()
    if not key.startswith("-----BEGIN PUBLIC KEY-----"):
        errors.append(
            f"{where}.public_key: the app's public key in PEM (-----BEGIN PUBLIC KEY-----)"
        )
    installation = raw.get("installation_id")
    if not isinstance(installation, int) or isinstance(installation, bool) or installation < 1:
        errors.append(f"{where}.installation_id: the app installation's id, a whole number")
        installation = 0
    maps: dict[str, dict[str, str]] = {}
    for name, default in (("roles", {"admin": "admin", "agent": "viewer"}), ("custom_roles", {})):
        given = raw.get(name, default)
        if not isinstance(given, dict):
            errors.append(f"{where}.{name}: must be a mapping of helpdesk role → Stand-in role")
            given = default
        for k, v in given.items():
            if v not in ROLE_NAMES:
                errors.append(f"{where}.{name}.{k}: must be one of {', '.join(ROLE_NAMES)}")
        maps[name] = {str(k): str(v) for k, v in given.items() if v in ROLE_NAMES}
    return HelpdeskAppConfig(key, installation, maps["roles"], maps["custom_roles"])


def _helpdesk(
    key: str, raw: Any, errors: list[str], credential_keys: dict[str, list[str]]
) -> HelpdeskConfig | None:
    where = f"helpdesks.{key}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", key):
        errors.append(
            f"{where}: key must be lowercase letters, digits, - or _ (it appears in URLs)"
        )
    if not isinstance(raw, dict):
        errors.append(f"{where}: must be a mapping")
        return None
    known = {
        "vendor",
        "url",
        "credentials",
        "webhook_secrets",
        "timezone",
        "locale",
        "keep_tag",
        "team_leads",
        "contact_line",
        "company",
        "fallback_agent",
        "rate_limit_per_minute",
        "timeout_seconds",
        "app",
        "team_lead_email",
    }
    for extra in sorted(set(raw) - known):
        errors.append(f"{where}.{extra}: unknown setting")
    vendor = raw.get("vendor")
    if vendor not in credential_keys:
        errors.append(
            f"{where}.vendor: {vendor!r} is not a supported vendor "
            f"(one of {', '.join(sorted(credential_keys))})"
        )
    url = _check_url(raw.get("url"), f"{where}.url", errors)
    creds_raw = raw.get("credentials") or {}
    if not isinstance(creds_raw, dict):
        errors.append(f"{where}.credentials: must be a mapping")
        creds_raw = {}
    creds = {str(k): Secret(str(v)) for k, v in creds_raw.items() if v is not None}
    for needed in credential_keys.get(str(vendor), []):
        if not creds.get(needed):
            errors.append(f"{where}.credentials.{needed}: required for {vendor}")
    secrets_raw = raw.get("webhook_secrets") or []
    if isinstance(secrets_raw, str):
        secrets_raw = [secrets_raw]
    secrets = tuple(Secret(str(s)) for s in secrets_raw if s)
    if not secrets:
        errors.append(f"{where}.webhook_secrets: at least one secret is required")
    tz = str(raw.get("timezone") or "UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(f"{where}.timezone: unknown time zone {tz!r} (use an IANA name)")
    locale = str(raw.get("locale") or "en").lower()
    if locale.split("-")[0] not in SUPPORTED_LOCALES:
        errors.append(f"{where}.locale: {locale!r} is not one of {', '.join(SUPPORTED_LOCALES)}")
    team_leads = raw.get("team_leads") or []
    if not isinstance(team_leads, list):
        errors.append(f"{where}.team_leads: must be a list of e-mail addresses")
        team_leads = []
    return HelpdeskConfig(
        key=key,
        vendor=str(vendor),
        url=url,
        credentials=creds,
        webhook_secrets=secrets,
        timezone=tz,
        locale=locale.split("-")[0],
        keep_tag=str(raw.get("keep_tag") or "standin_keep"),
        team_leads=tuple(str(t).lower() for t in team_leads),
        contact_line=str(raw.get("contact_line") or ""),
        company=str(raw.get("company") or ""),
        fallback_agent=_fallback(raw.get("fallback_agent"), f"{where}.fallback_agent", errors),
        rate_limit_per_minute=_rate(raw.get("rate_limit_per_minute"), where, errors),
        timeout_seconds=_timeout(raw.get("timeout_seconds"), where, errors),
        app=_app(raw.get("app"), f"{where}.app", errors),
        team_lead_email=_addresses(raw.get("team_lead_email"), f"{where}.team_lead_email", errors),
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _addresses(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        errors.append(f"{where}: must be an e-mail address or a list of them")
        return ()
    bad = [i for i in items if not _EMAIL.fullmatch(i.strip())]
    if bad:
        errors.append(f"{where}: not an e-mail address: {', '.join(bad)}")
    return tuple(i.strip().lower() for i in items if i not in bad)


def _smtp(raw: Any, unexpanded: Any, errors: list[str]) -> SmtpConfig | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append("smtp: must be a mapping")
        return None
    known = {"host", "port", "security", "username", "password", "from", "timeout_seconds"}
    for extra in sorted(set(raw) - known):
        errors.append(f"smtp.{extra}: unknown setting")
    host = str(raw.get("host") or "")
    if not host:
        errors.append("smtp.host: required")
    security = str(raw.get("security") or "starttls").lower()
    if security not in ("starttls", "ssl", "none"):
        errors.append("smtp.security: must be starttls, ssl or none")
    if security == "none" and host not in ("localhost", "127.0.0.1", "::1"):
        errors.append("smtp.security: none is allowed only for a server on loopback")
    port = raw.get("port", 465 if security == "ssl" else 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        errors.append("smtp.port: must be a port number")
        port = 587
    password = raw.get("password")
    raw_password = unexpanded.get("password") if isinstance(unexpanded, dict) else None
    if password not in (None, "") and not (
        isinstance(raw_password, str) and _ENV_REF.fullmatch(raw_password.strip())
    ):
        errors.append("smtp.password: give it as an ${ENV} reference, never in the file")
    username = str(raw.get("username") or "")
    if password and not username:
        errors.append("smtp.username: required with a password")
    sender = str(raw.get("from") or "")
    if not _EMAIL.fullmatch(sender):
        errors.append("smtp.from: required, the sender's e-mail address")
    timeout = raw.get("timeout_seconds", 30)
    if (
        not isinstance(timeout, (int, float))
        or isinstance(timeout, bool)
        or not 1 <= timeout <= 300
    ):
        errors.append("smtp.timeout_seconds: must be a number from 1 to 300")
        timeout = 30
    return SmtpConfig(
        host=host,
        port=port,
        security=security,
        username=username,
        password=Secret(str(password)) if password else None,
        sender=sender,
        timeout_seconds=float(timeout),
    )


def _notifications(raw: Any, errors: list[str]) -> NotificationsConfig:
    if raw is None:
        return NotificationsConfig()
    if not isinstance(raw, dict):
        errors.append("notifications: must be a mapping")
        return NotificationsConfig()
    try:
        cfg = NotificationsConfig(**raw)
    except TypeError as exc:
        errors.append(f"notifications: {exc}")
        return NotificationsConfig()
    for name in ("max_attempts", "renotify_hours", "hr_failing_after"):
        value = getattr(cfg, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
            errors.append(f"notifications.{name}: must be a whole number from 1 to 1000")
    if not isinstance(cfg.notes, bool):
        errors.append("notifications.notes: must be true or false")
    return cfg


def _fallback(value: Any, where: str, errors: list[str]) -> str:
    text = str(value or "").strip().lower()
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+", text):
        errors.append(f"{where}: must be an agent's e-mail address")
    return text


def _rate(value: Any, where: str, errors: list[str]) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100_000:
        errors.append(f"{where}.rate_limit_per_minute: must be a whole number from 1 to 100000")
        return 0
    return value


def _timeout(value: Any, where: str, errors: list[str]) -> float:
    if value is None:
        return 30.0
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not 0.05 <= float(value) <= 600
    ):
        errors.append(f"{where}.timeout_seconds: must be a number of seconds from 0.05 to 600")
        return 30.0
    return float(value)


ROLE_NAMES = ("admin", "team_lead", "viewer")


def _retention(raw: Any, errors: list[str]) -> RetentionConfig:
    if raw is None:
        return RetentionConfig()
    if not isinstance(raw, dict):
        errors.append("retention: must be a mapping of kind → days")
        return RetentionConfig()
    defaults = RetentionConfig()
    values: dict[str, int] = {}
    for name, value in raw.items():
        if not hasattr(defaults, name):
            errors.append(f"retention.{name}: unknown setting")
            continue
        low = RETENTION_MINIMUM_DAYS.get(name, 1)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 3650:
            errors.append(f"retention.{name}: must be a whole number from {low} to 3650")
            continue
        values[name] = value
    return dataclasses.replace(defaults, **values)


def _oidc(raw: Any, helpdesk_keys: set[str], errors: list[str]) -> OidcConfig | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append("oidc: must be a mapping")
        return None
    known = {"issuer", "client_id", "client_secret", "groups_claim", "roles", "helpdesks", "label"}
    for extra in sorted(set(raw) - known):
        errors.append(f"oidc.{extra}: unknown setting")
    issuer = _check_url(raw.get("issuer"), "oidc.issuer", errors).rstrip("/")
    for name in ("client_id", "client_secret"):
        if not isinstance(raw.get(name), str) or not raw.get(name):
            errors.append(f"oidc.{name}: required")
    roles_raw = raw.get("roles") or {}
    roles: dict[str, str] = {}
    if not isinstance(roles_raw, dict) or not roles_raw:
        errors.append("oidc.roles: required, a mapping of provider group → admin|team_lead|viewer")
    else:
        for group, role in roles_raw.items():
            if role not in ROLE_NAMES:
                errors.append(f"oidc.roles.{group}: must be one of {', '.join(ROLE_NAMES)}")
            else:
                roles[str(group)] = str(role)
    scopes_raw = raw.get("helpdesks") or {}
    scopes: dict[str, tuple[str, ...]] = {}
    if not isinstance(scopes_raw, dict):
        errors.append("oidc.helpdesks: must be a mapping of provider group → helpdesk keys")
    else:
        for group, keys in scopes_raw.items():
            listed = [keys] if isinstance(keys, str) else keys
            if not isinstance(listed, list) or not listed:
                errors.append(f"oidc.helpdesks.{group}: must be a list of helpdesk keys")
                continue
            for k in listed:
                if k not in helpdesk_keys:
                    errors.append(f"oidc.helpdesks.{group}: unknown helpdesk {k!r}")
            scopes[str(group)] = tuple(str(k) for k in listed)
    return OidcConfig(
        issuer=issuer,
        client_id=str(raw.get("client_id") or ""),
        client_secret=Secret(str(raw.get("client_secret") or "")),
        groups_claim=str(raw.get("groups_claim") or "groups"),
        roles=roles,
        helpdesks=scopes,
        label=str(raw.get("label") or "your company account"),
    )


def _ui(raw: Any, errors: list[str]) -> UiConfig:
    if raw is None:
        return UiConfig()
    if not isinstance(raw, dict):
        errors.append("ui: must be a mapping")
        return UiConfig()
    known = {
        "secret_key",
        "embed",
        "frame_ancestors",
        "secure_cookies",
        "session_hours",
        "session_idle_minutes",
    }
    for extra in sorted(set(raw) - known):
        errors.append(f"ui.{extra}: unknown setting")
    for flag in ("embed", "secure_cookies"):
        if not isinstance(raw.get(flag, False), bool):
            errors.append(f"ui.{flag}: must be true or false")
    ancestors = raw.get("frame_ancestors") or []
    if isinstance(ancestors, str):
        ancestors = [ancestors]
    if not isinstance(ancestors, list):
        errors.append("ui.frame_ancestors: must be a list of origins")
        ancestors = []
    for i, origin in enumerate(ancestors):
        text = str(origin)
        parsed = urlparse(text)
        if parsed.scheme != "https" or not parsed.hostname or parsed.path not in ("", "/"):
            errors.append(
                f"ui.frame_ancestors[{i}]: {text!r} is not an https origin "
                "such as https://acme.zendesk.com (a leading *. is allowed)"
            )
    hours = raw.get("session_hours", 8)
    if not isinstance(hours, int) or not 1 <= hours <= 24 * 30:
        errors.append("ui.session_hours: must be a whole number from 1 to 720")
        hours = 8
    idle = raw.get("session_idle_minutes", 60)
    if not isinstance(idle, int) or isinstance(idle, bool) or not 5 <= idle <= 24 * 60:
        errors.append("ui.session_idle_minutes: must be a whole number from 5 to 1440")
        idle = 60
    key = raw.get("secret_key")
    if key is not None and len(str(key)) < 32:
        errors.append("ui.secret_key: must be at least 32 characters (use a random value)")
    return UiConfig(
        secret_key=Secret(str(key)) if key else None,
        embed=bool(raw.get("embed", False)),
        frame_ancestors=tuple(str(a).rstrip("/") for a in ancestors),
        secure_cookies=bool(raw.get("secure_cookies", False)),
        session_hours=hours,
        session_idle_minutes=idle,
    )


def parse_config(
    raw: Any,
    *,
    source: str = "<memory>",
    credential_keys: dict[str, list[str]],
    env: Mapping[str, str] | None = None,
) -> Config:
    """Validate a configuration mapping; raise ``ConfigError`` listing every problem.

    ``${NAME}`` references are read from ``env`` (default: the process environment).
    """
    errors: list[str] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the configuration must be a YAML mapping")
    unexpanded_smtp = raw.get("smtp")
    raw = _expand(raw, "config", errors, env)
    known = {
        "database_url",
        "helpdesks",
        "hr",
        "max_body_bytes",
        "signature_tolerance_seconds",
        "worker",
        "scheduler",
        "public_url",
        "ui",
        "oidc",
        "data_keys",
        "retention",
        "trusted_proxies",
        "smtp",
        "notifications",
    }
    for extra in sorted(set(raw) - known):
        errors.append(f"{extra}: unknown setting")
    db = str(raw.get("database_url") or DEFAULT_DATABASE_URL)
    if not (db.startswith("sqlite") or db.startswith("postgresql")):
        errors.append("database_url: must be sqlite:///FILE or postgresql+psycopg://…")
    elif db.startswith("sqlite") and db.split("?")[0] in ("sqlite://", "sqlite:///:memory:"):
        errors.append(
            "database_url: an in-memory SQLite database is lost on exit and not shared between "
            "threads or processes; give a file, e.g. sqlite:///standin.db"
        )
    helpdesks: dict[str, HelpdeskConfig] = {}
    raw_helpdesks = raw.get("helpdesks") or {}
    if not isinstance(raw_helpdesks, dict):
        errors.append("helpdesks: must be a mapping of key → helpdesk")
        raw_helpdesks = {}
    for key, value in raw_helpdesks.items():
        hd = _helpdesk(str(key), value, errors, credential_keys)
        if hd is not None:
            helpdesks[str(key)] = hd
    worker_raw = raw.get("worker") or {}
    try:
        worker = WorkerConfig(**worker_raw)
    except TypeError as exc:
        errors.append(f"worker: {exc}")
        worker = WorkerConfig()
    if not (isinstance(worker.batch, int) and 1 <= worker.batch <= 500):
        errors.append("worker.batch: must be a whole number from 1 to 500")
    if not (isinstance(worker.batch_seconds, int | float) and 0 < worker.batch_seconds <= 60):
        errors.append("worker.batch_seconds: must be a number of seconds above 0, at most 60")
    scheduler_raw = raw.get("scheduler") or {}
    try:
        scheduler = SchedulerConfig(**scheduler_raw)
    except TypeError as exc:
        errors.append(f"scheduler: {exc}")
        scheduler = SchedulerConfig()
    if not (
        isinstance(scheduler.sweep_interval_seconds, int) and scheduler.sweep_interval_seconds >= 10
    ):
        errors.append("scheduler.sweep_interval_seconds: must be a whole number of at least 10")
    if not (isinstance(scheduler.max_chain, int) and 1 <= scheduler.max_chain <= 20):
        errors.append("scheduler.max_chain: must be a whole number from 1 to 20")
    if not isinstance(scheduler.daily_word, bool):
        errors.append("scheduler.daily_word: must be true or false")
    hour = scheduler.daily_word_hour
    if not (isinstance(hour, int) and not isinstance(hour, bool) and 0 <= hour <= 23):
        errors.append("scheduler.daily_word_hour: must be a whole number from 0 to 23")
    max_body = raw.get("max_body_bytes", 1_048_576)
    if not isinstance(max_body, int) or max_body < 1024:
        errors.append("max_body_bytes: must be a whole number of at least 1024")
        max_body = 1_048_576
    tolerance = raw.get("signature_tolerance_seconds", 300)
    if not isinstance(tolerance, int) or not 1 <= tolerance <= 3600:
        errors.append("signature_tolerance_seconds: must be a whole number from 1 to 3600")
        tolerance = 300
    ui = _ui(raw.get("ui"), errors)
    oidc = _oidc(raw.get("oidc"), set(helpdesks), errors)
    keys_raw = raw.get("data_keys") or []
    if isinstance(keys_raw, str):
        keys_raw = [keys_raw]
    if not isinstance(keys_raw, list):
        errors.append("data_keys: must be a list of keys, newest first")
        keys_raw = []
    data_keys = tuple(Secret(str(k)) for k in keys_raw if k)
    retention = _retention(raw.get("retention"), errors)
    proxies = raw.get("trusted_proxies", 0)
    if not isinstance(proxies, int) or isinstance(proxies, bool) or not 0 <= proxies <= 5:
        errors.append("trusted_proxies: must be a whole number from 0 to 5")
        proxies = 0
    smtp = _smtp(raw.get("smtp"), unexpanded_smtp, errors)
    notifications = _notifications(raw.get("notifications"), errors)
    if errors:
        raise ConfigError([f"{source}: {e}" for e in errors])
    return Config(
        database_url=db,
        helpdesks=helpdesks,
        hr=raw.get("hr") or {},
        max_body_bytes=max_body,
        signature_tolerance_seconds=tolerance,
        worker=worker,
        scheduler=scheduler,
        public_url=str(raw.get("public_url") or ""),
        ui=ui,
        oidc=oidc,
        data_keys=data_keys,
        retention=retention,
        trusted_proxies=proxies,
        smtp=smtp,
        notifications=notifications,
        source=source,
    )


def load_config(
    path: str | os.PathLike[str] | None, *, credential_keys: dict[str, list[str]]
) -> Config:
    """Load the file named by ``path``, else ``$STANDIN_CONFIG``, else the defaults."""
    chosen = path or os.environ.get("STANDIN_CONFIG")
    if not chosen:
        return parse_config({}, source="<defaults>", credential_keys=credential_keys)
    p = Path(chosen)
    if not p.is_file():
        raise ConfigError(f"{p}: configuration file not found")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from None
    env: Mapping[str, str] = os.environ
    if isinstance(raw, dict) and "env_file" in raw:
        env = _with_env_file(p, raw.pop("env_file"))
    return parse_config(raw, source=str(p), credential_keys=credential_keys, env=env)


def _with_env_file(config_path: Path, name: Any) -> dict[str, str]:
    """The process environment over the values of ``env_file`` (relative to the config).

    ``standin init`` keeps the secrets there (mode 0600) so the config holds only
    ``${NAME}`` references; a variable set in the environment wins over the file.
    """
    from dotenv import dotenv_values

    if not isinstance(name, str) or not name:
        raise ConfigError("env_file: must be the path of a KEY=value file")
    path = config_path.parent / name
    if not path.is_file():
        raise ConfigError(f"env_file: {path} not found")
    values = {k: v for k, v in dotenv_values(path).items() if v is not None}
    return {**values, **os.environ}
