"""``standin`` command line: serve, worker, check, token create/list/revoke, invite, install."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from connector.errors import ConfigError

if TYPE_CHECKING:
    from connector.config import Config


def _load(path: str | None) -> Config:
    from connector.config import load_config  # here: the gunicorn master never needs it
    from connector.mapping import credential_keys, load_mapping

    try:
        from connector.adapters.hr.config import parse_hr_config

        config = load_config(path, credential_keys=credential_keys())
        for hd in config.helpdesks.values():
            load_mapping(hd.vendor)
        parse_hr_config(config.hr)
    except ConfigError as exc:
        click.echo("configuration is not valid:", err=True)
        for reason in exc.reasons:
            click.echo(f"  - {reason}", err=True)
        sys.exit(2)
    return config


def _secret_problems(config: Config) -> list[str]:
    """Secrets that are set but cannot work (named by key, never shown)."""
    from connector.adapters.helpdesks import ADAPTERS
    from connector.adapters.hr import TARGETS
    from connector.adapters.hr.config import parse_hr_config

    out = [p for hd in config.helpdesks.values() for p in ADAPTERS[hd.vendor].secret_problems(hd)]
    hr = parse_hr_config(config.hr)
    if hr.system is not None:
        out += TARGETS[hr.system].secret_problems(hr)
    return out


def _known_helpdesk(config: Config, helpdesk: str) -> None:
    """Exit 2 naming the configured helpdesks when ``helpdesk`` is not one of them."""
    if helpdesk not in config.helpdesks:
        click.echo(
            f"unknown helpdesk {helpdesk!r} (configured: {', '.join(config.helpdesks) or 'none'})",
            err=True,
        )
        sys.exit(2)


def _existing_database(path: str | None) -> Config:
    """The configuration of a command that works on an existing database (tokens, invitations).

    Without a config it would use ``standin.db`` in the current folder; when that file is not
    there, the command is in the wrong folder: say so instead of creating an empty database.
    """
    from connector.config import DEFAULT_DATABASE_URL

    config = _load(path)
    default_file = DEFAULT_DATABASE_URL.removeprefix("sqlite:///")
    if (
        not (path or os.environ.get("STANDIN_CONFIG"))
        and config.database_url == DEFAULT_DATABASE_URL
        and not Path(default_file).exists()
    ):
        click.echo(
            f"no configuration given (--config FILE or STANDIN_CONFIG) and no {default_file} in "
            f"{Path.cwd()}: run this where `standin serve` runs, or name its configuration",
            err=True,
        )
        sys.exit(2)
    return config


def _setup_logging(level: str, json_lines: bool) -> None:
    from connector import logs

    logs.setup(level, json_lines=json_lines)


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (default: $STANDIN_CONFIG, else built-in defaults).",
)


@click.group()
@click.option("--log-level", default="info", show_default=True)
@click.option(
    "--log-format", type=click.Choice(["json", "text"]), default="json", show_default=True
)
def main(log_level: str, log_format: str) -> None:
    """Stand-in: reroute a returning colleague's tickets to a named replacement."""
    _setup_logging(log_level, log_format == "json")


def _multiprocess_metrics_dir() -> str:
    """The directory where gunicorn's processes add up their Prometheus counters.

    ``$PROMETHEUS_MULTIPROC_DIR`` if set (point ``standin worker`` processes on the same host
    at the same directory to count them too), else a fresh temporary one. Files of an earlier
    run are removed: counters start at zero with the server, as Prometheus expects.
    """
    # Not from connector.metrics: importing prometheus_client fixes its mode at import time.
    name = "PROMETHEUS_MULTIPROC_DIR"
    given = os.environ.get(name) or os.environ.get(name.lower())
    path = Path(given or tempfile.mkdtemp(prefix="standin-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.db"):
        old.unlink()
    os.environ[name] = str(path)
    return str(path)


def _migrate(url: str) -> None:
    from connector.adapters.schema_version import migrate_unless_at_head

    migrate_unless_at_head(url)


def _check_and_report(config_path: str | None, migrate: bool, conn: Any) -> None:
    """Send ``(0, database_url)``, or ``(status, None)`` when the check ends the process.
    Through the pipe, not the exit code: gunicorn's master reaps every child it has."""
    try:
        config = _load(config_path)  # exits 2, naming the reasons, when it is not valid
        if migrate:
            _migrate(config.database_url)
        _fill_guard_cache()  # a stat when filled; the first start of a version builds (0.5 s)
    except SystemExit as exc:
        conn.send((exc.code if isinstance(exc.code, int) else 1, None))
        raise
    conn.send((0, config.database_url))
    conn.close()


def _fill_guard_cache() -> None:
    """The privacy guard's tables built into their cache, if missing (first start of a new
    version), here rather than in a long-lived process: see ``privacy.fill_table_cache``."""
    from connector.adapters import guard_cache
    from connector.domain import privacy

    privacy.use_table_cache(guard_cache.from_environment(os.environ))
    try:
        privacy.fill_table_cache()
    except Exception:  # a web process builds them itself then, as before
        logging.getLogger(__name__).exception("building the privacy guard's tables failed")


class _ConfigCheck:
    """The configuration checked (and, with ``migrate``, the database migrated) in a forked
    child while gunicorn starts. What checking imports (every vendor's mapping and adapter,
    the HR targets) stays out of the gunicorn master, which only forks and watches its web
    processes and so holds about 10 MiB less; the child also builds the privacy guard's tables
    into their cache when a new version has none yet.

    The check runs beside the web process's own imports instead of before them, so a start
    costs the longer of the two, not their sum. A web process waits for the verdict before it
    reads the configuration or the database (``wait_in_web_process``); on a failed check the
    master stops the server and exits as the check did (2 when the configuration is not valid),
    and nothing is served."""

    def __init__(self, config_path: str | None, *, migrate: bool) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        # Made before gunicorn forks the web processes, so that they share them.
        self._passed = context.Event()
        self._failed = context.Event()
        self._reader, writer = context.Pipe(duplex=False)
        self._child = context.Process(target=_check_and_report, args=(config_path, migrate, writer))
        self._child.start()
        writer.close()
        self._server_up = threading.Event()
        self.exit_status: int | None = None  # set when the check failed

    def server_started(self, _arbiter: Any) -> None:
        """gunicorn's ``when_ready``: the master's signal handlers are in place."""
        self._server_up.set()

    def watch(self, on_pass: Callable[[str], None]) -> None:
        """Wait for the child in a thread of the master: ``on_pass(database_url)`` then let the
        web processes go on, or record the failure and stop the server."""

        def run() -> None:
            try:
                status, url = self._reader.recv()
            except EOFError:  # it ended without an answer (an error, shown above)
                status, url = 1, None
            self._child.join()  # reaped here, unless gunicorn's master was first
            if status == 0:
                on_pass(str(url))
                self._passed.set()
                return
            self.exit_status = 2 if status == 2 else 1
            self._failed.set()
            self._server_up.wait()
            os.kill(os.getpid(), signal.SIGTERM)  # this thread is the master's: it stops the server

        threading.Thread(target=run, name="standin-config-check", daemon=True).start()

    def wait_in_web_process(self) -> None:
        """Block a web process until the check passed; leave quietly if it failed (the master
        is stopping the server then)."""
        while not self._passed.wait(0.05):
            if self._failed.is_set():
                os._exit(0)

    def raise_failure(self) -> None:
        if self.exit_status == 2:
            sys.exit(2)  # the child named what is wrong with the configuration
        if self.exit_status is not None:
            raise click.ClickException(
                "the configuration could not be checked or the database migrated (see above)"
            )


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """Let the C allocator (glibc) keep at most ``arenas`` arenas. By default every thread that
    allocates gets one of its own, up to eight per core, and keeps what it freed; a web
    process of eight request threads and its event workers then holds some 10 MiB more than
    with two (``bench/footprint.py --period``). The GIL serialises most allocations anyway.
    Set before the web processes are forked, so they inherit it; ``MALLOC_ARENA_MAX`` in
    the environment wins, and other C libraries have no such call."""
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(-8, arenas)  # M_ARENA_MAX


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Web processes (gunicorn). Each also runs the event worker unless --web-only.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=int,
    help="Request threads per web process; a webhook's thread mostly waits for its commit.",
)
@click.option(
    "--web-only",
    is_flag=True,
    help="Answer web requests only; `standin worker` processes do the work (scaled deployments).",
)
def serve(
    config_path: str | None, host: str, port: int, workers: int, threads: int, web_only: bool
) -> None:
    """Run web and worker in one process (the embedded default; SQLite works as is)."""
    metrics_dir = _multiprocess_metrics_dir()  # before prometheus_client is imported
    from gunicorn.app.base import BaseApplication

    from connector.logs import gunicorn_logger_class, honour_connection_close

    # The gunicorn master forks the web processes and then only watches them: it imports no
    # configuration, database, web or vendor code, so it stays small (the tree's memory is
    # the sum of its processes). A forked child checks the configuration (and, for several
    # web processes, migrates) while they import; one web process (the default) migrates as
    # it loads.
    check = _ConfigCheck(config_path, migrate=workers > 1)
    role = "web only" if web_only else "web + worker"
    check.watch(
        lambda url: click.echo(
            f"Stand-in serving on http://{host}:{port} ({url.split(':')[0]}, {role})"
        )
    )
    _limit_malloc_arenas()
    stop = threading.Event()

    class StandinServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            self.cfg.set("logger_class", gunicorn_logger_class())
            honour_connection_close()
            self.cfg.set("post_worker_init", self._post_worker_init)
            self.cfg.set("child_exit", self._child_exit)
            self.cfg.set("when_ready", check.server_started)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 25.1
                # Its control socket sits at one path per user ($HOME/.gunicorn), shared by
                # every server on the host, and its asyncio thread costs the master memory.
                self.cfg.set("control_socket_disable", True)

        @staticmethod
        def _child_exit(_server: Any, worker: Any) -> None:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(worker.pid, metrics_dir)

        @staticmethod
        def _post_worker_init(worker: Any) -> None:
            from connector.adapters.pg_notify import start_listener
            from connector.leases import start_lease_keeper
            from connector.scheduler import Scheduler
            from connector.worker import Worker

            # What the web process built so far (its libraries, the app) lives as long as the
            # process: kept out of the collector's full collections, each of which walked it
            # all while no thread ran (the worker freezes again once the guard is built).
            gc.freeze()
            if web_only:
                return
            services = worker.wsgi.extensions["standin"]
            # ``worker.threads`` event workers per process (vendor calls mostly wait on the
            # network; the lease queue keeps them from taking the same event).
            for n in range(max(1, services.config.worker.threads)):
                threading.Thread(
                    target=Worker(services).run_forever,
                    args=(stop,),
                    name=f"standin-worker-{n}",
                    daemon=True,
                ).start()
            start_lease_keeper(services, stop)  # heartbeat; takes over a dead predecessor's work
            # Other web processes' events: PostgreSQL tells this one's worker at commit.
            start_listener(services.config.database_url, services.wake, stop)
            if services.config.scheduler.enabled:
                # One scheduler per process; leases on period rows keep them from doubling up.
                threading.Thread(
                    target=Scheduler(services).run_forever,
                    args=(stop,),
                    name="standin-scheduler",
                    daemon=True,
                ).start()

        def load(self) -> Any:
            from connector.adapters.schema_version import migrate_unless_at_head
            from connector.web import create_app
            from connector.wiring import build_services

            check.wait_in_web_process()
            config = _load(config_path)
            if workers <= 1:
                migrate_unless_at_head(config.database_url)
            return create_app(services=build_services(config))

    try:
        StandinServer().run()
    finally:
        check.raise_failure()


@main.command()
@config_option
@click.option("--concurrency", default=1, show_default=True, type=int)
def worker(config_path: str | None, concurrency: int) -> None:
    """Run event workers only (for scaled deployments next to stateless web processes)."""
    from connector.adapters.pg_notify import start_listener
    from connector.adapters.schema_version import migrate_unless_at_head
    from connector.leases import start_lease_keeper
    from connector.wiring import build_services
    from connector.worker import Worker

    config = _load(config_path)
    migrate_unless_at_head(config.database_url)
    _limit_malloc_arenas()  # before the threads start
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    services = build_services(config)
    threads = [
        threading.Thread(target=Worker(services).run_forever, args=(stop,), daemon=True)
        for _ in range(max(1, concurrency))
    ]
    if services.config.scheduler.enabled:
        from connector.scheduler import Scheduler

        threads.append(
            threading.Thread(
                target=Scheduler(services).run_forever,
                args=(stop,),
                name="standin-scheduler",
                daemon=True,
            )
        )
    start_lease_keeper(services, stop)  # heartbeat; takes over a dead predecessor's work
    for t in threads:
        t.start()
    start_listener(config.database_url, services.wake, stop)  # PostgreSQL: wake on NOTIFY
    click.echo(f"Stand-in worker running ({len(threads)} threads, scheduler included)")
    while not stop.is_set():
        stop.wait(1.0)
    for t in threads:
        t.join(timeout=10)


@main.command()
@config_option
def check(config_path: str | None) -> None:
    """Validate configuration, mappings and manifest; exit non-zero with reasons."""
    from connector.manifest import cross_check, load_manifest
    from connector.mapping import available_vendors, load_mapping

    problems: list[str] = []
    for vendor in available_vendors():
        try:
            load_mapping(vendor)
        except ConfigError as exc:
            problems.extend(exc.reasons)
    try:
        problems.extend(cross_check(load_manifest()))
    except ConfigError as exc:
        problems.extend(exc.reasons)
    config = _load(config_path)
    problems.extend(_secret_problems(config))
    if problems:
        click.echo("mappings, manifest or secrets are not valid:", err=True)
        for p in problems:
            click.echo(f"  - {p}", err=True)
        sys.exit(2)
    click.echo(
        f"configuration OK: {config.source}; helpdesks: "
        + (", ".join(f"{k} ({h.vendor})" for k, h in config.helpdesks.items()) or "none")
    )
    refused = _stored_refusals(config)
    if refused:
        click.echo(
            f"{len(refused)} stored text(s) the privacy guard refuses now (rewrite them; a"
            " contact-log entry by a correcting entry):",
            err=True,
        )
        for item in refused:
            click.echo(f"  - {item}", err=True)
        sys.exit(3)


def _stored_refusals(config: Config) -> list[str]:
    """Stored templates and contact-log entries the privacy guard refuses today; nothing
    when the database does not exist yet or has no tables (check never creates one)."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from connector.services.privacy_review import review_stored
    from connector.wiring import (
        build_contact_log_store,
        build_repositories,
        open_store,
        use_privacy_cache,
    )

    use_privacy_cache()
    url = make_url(config.database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if not path or path == ":memory:" or not Path(path).exists():
            return []
    try:
        store = open_store(config)
        tables = set(inspect(store.engine).get_table_names())
        if not {"notice_templates", "contact_log_entries"} <= tables:
            return []
        log = build_contact_log_store(config, store)
        repos = build_repositories(store)
        return [
            r.describe()
            for r in review_stored(repos.templates, repos.periods, config.helpdesks, log)
        ]
    except SQLAlchemyError as exc:
        click.echo(
            f"stored texts not reviewed: database unavailable ({type(exc).__name__})", err=True
        )
        return []


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@config_option
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "team_lead", "viewer"]), required=True)
@click.option(
    "--helpdesk",
    "helpdesks",
    multiple=True,
    help="Limit the token to these helpdesks (repeat); default: all.",
)
def token_create(config_path: str | None, name: str, role: str, helpdesks: tuple[str, ...]) -> None:
    """Create a token; it is printed once, last, and stored only as a hash."""
    import datetime as dt

    from connector.wiring import build_repositories, migrate_database, open_store

    config = _existing_database(config_path)
    unknown = [h for h in helpdesks if h not in config.helpdesks]
    if unknown:
        click.echo(f"unknown helpdesk(s): {', '.join(unknown)}", err=True)
        sys.exit(2)
    migrate_database(config)
    tokens = build_repositories(open_store(config)).tokens
    tok = tokens.create_token(name, role, dt.datetime.now(dt.UTC), helpdesks or None)
    click.echo(f"Created {role} token {name!r}. It is shown only now:", err=True)
    click.echo(tok)


@token.command("list")
@config_option
def token_list(config_path: str | None) -> None:
    """Tokens with their id, prefix, role and use (the tokens themselves are not stored)."""
    from connector.wiring import build_repositories, migrate_database, open_store

    config = _existing_database(config_path)
    migrate_database(config)
    for t in build_repositories(open_store(config)).tokens.list_tokens():
        helpdesks = ",".join(t["helpdesks"]) if t["helpdesks"] is not None else "all"
        used = t["last_used_at"].isoformat(timespec="minutes") if t["last_used_at"] else "never"
        state = f"revoked {t['revoked_at']:%Y-%m-%d}" if t["revoked_at"] else "active"
        click.echo(
            f"{t['id']:>4}  {t['prefix']}…  {t['role']:<9}  {t['name']}  helpdesks={helpdesks}"
            f"  last used {used}  {state}"
        )


@token.command("revoke")
@config_option
@click.argument("which")
def token_revoke(config_path: str | None, which: str) -> None:
    """Revoke a token by id, prefix (sti_xxxx) or name; it stops working at once.

    To rotate without downtime: ``token create`` a new one, switch the client to it, then
    revoke the old one. Web sessions signed in with a revoked token end at once.
    """
    import datetime as dt

    from connector.wiring import (
        build_repositories,
        build_session_store,
        migrate_database,
        open_store,
    )

    config = _existing_database(config_path)
    migrate_database(config)
    store = open_store(config)
    revoked = build_repositories(store).tokens.revoke_tokens(which, dt.datetime.now(dt.UTC))
    if not revoked:
        click.echo(f"no active token with id, prefix or name {which!r}", err=True)
        sys.exit(1)
    build_session_store(config, store).end_for_tokens(revoked)
    click.echo(f"revoked token(s) {', '.join(map(str, revoked))}")


@main.command()
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to write standin.yaml, standin.env and the database.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing standin.yaml/standin.env.")
def init(folder: Path, force: bool) -> None:
    """First run: connect a helpdesk, write the config, install, print a sign-in link."""
    import datetime as dt
    import zoneinfo

    from connector.errors import StandinError
    from connector.first_run import HelpdeskAnswers, generated_secret, write_setup
    from connector.manifest import load_manifest
    from connector.mapping import available_vendors
    from connector.wiring import build_helpdesks, build_invitations, migrate_database, open_store

    manifest = load_manifest()["vendors"]
    click.echo("Stand-in set-up: one helpdesk now; add more to standin.yaml later.")
    vendor = click.prompt("Helpdesk", type=click.Choice(available_vendors()))
    key = click.prompt(
        "A short name for it (it appears in the webhook URL /webhooks/<name>)",
        default=vendor,
        value_proc=_helpdesk_key,
    )
    url = click.prompt("Its URL (e.g. https://acme.zendesk.com)").strip().rstrip("/")
    credentials: dict[str, str] = {}
    secret_keys = set()
    for cred in manifest[vendor]["credentials"]:
        name, secret = cred["name"], cred["secret"]
        if secret:
            secret_keys.add(name)
        credentials[name] = click.prompt(f"  {name}", hide_input=secret)
    webhook_secret = (
        click.prompt(
            "Webhook secret (Enter: generate one; for Zendesk and HubSpot you may paste the one "
            "the helpdesk shows later)",
            default="",
            show_default=False,
            hide_input=True,
        )
        or generated_secret()
    )
    tz = click.prompt("Time zone of its team", default="Europe/Amsterdam")
    if tz not in zoneinfo.available_timezones():
        click.echo(f"unknown time zone {tz!r} (e.g. Europe/Amsterdam, Europe/Brussels)", err=True)
        sys.exit(2)
    locale = click.prompt(
        "Default language of notices", type=click.Choice(["nl", "fr", "de", "en"]), default="nl"
    )
    public_url = click.prompt(
        "Where the helpdesk reaches Stand-in (https://…; Enter to skip for now)",
        default="",
        show_default=False,
    ).strip()
    answers = HelpdeskAnswers(
        key=key,
        vendor=vendor,
        url=url,
        credentials=credentials,
        secret_keys=frozenset(secret_keys),
        webhook_secret=webhook_secret,
        timezone=tz,
        locale=locale,
        public_url=public_url.rstrip("/"),
    )
    folder.mkdir(parents=True, exist_ok=True)
    try:
        config_path, env_path = write_setup(answers, folder.resolve(), force=force)
    except FileExistsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(f"wrote {config_path} and {env_path} (secrets only there, mode 0600)")
    config = _load(str(config_path))

    adapter = build_helpdesks(config)[key]
    email = click.prompt(
        "An agent's e-mail address in the helpdesk, to test the connection (Enter to skip)",
        default="",
        show_default=False,
    ).strip()
    if email:
        try:
            agent = adapter.find_agent(email)
        except StandinError as exc:
            click.echo(f"connection failed: {exc}", err=True)
            click.echo(f"fix the credentials in {env_path}, then: standin check", err=True)
            sys.exit(1)
        if agent is not None and agent.is_agent:
            click.echo(f"connected: {agent.name} is agent {agent.id}")
        else:
            click.echo(f"connected, but {email} is not an agent there")
    if answers.public_url:
        if click.confirm("Install the webhooks in the helpdesk now?", default=True):
            try:
                steps = adapter.install(f"{answers.public_url}/webhooks/{key}", dry_run=False)
            except (StandinError, NotImplementedError) as exc:
                click.echo(f"install failed: {exc}", err=True)
                steps = []
            for step in steps:
                click.echo(f"[{step.action}] {step.description}")
    else:
        click.echo(
            f"later, once the helpdesk can reach Stand-in: standin install {key} "
            f"--config {config_path} --public-url https://…"
        )
    migrate_database(config)
    name = click.prompt("Your name, for your admin sign-in link", default="Admin")
    code = build_invitations(open_store(config)).issue(
        dt.datetime.now(dt.UTC),
        name=name,
        role="admin",
        helpdesks=None,
        created_by="init",
        valid_for=dt.timedelta(hours=72),
    )
    base = answers.public_url or "http://127.0.0.1:8080"
    click.echo(f"Next: standin serve --config {config_path}")
    click.echo(f"Then open your one-time sign-in link (valid 72 h): {base}/ui/invite/{code}")


@main.command("app")
@config_option
@click.argument("helpdesk")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the app's zip (default: standin-<helpdesk>-app.zip).",
)
@click.option("--author-name", default="Stand-in", show_default=True)
@click.option("--author-email", required=True, help="Shown to helpdesk admins in the app list.")
@click.option("--author-url", default="https://example.com", show_default=True)
def app_package(
    config_path: str | None,
    helpdesk: str,
    out: Path | None,
    author_name: str,
    author_email: str,
    author_url: str,
) -> None:
    """Write the helpdesk app that shows Stand-in inside the helpdesk (Zendesk: upload it as a
    private app, set its Stand-in address, then put its public key and installation id in
    helpdesks.<key>.app)."""
    from connector.wiring import build_helpdesks

    config = _load(config_path)
    _known_helpdesk(config, helpdesk)
    adapter = build_helpdesks(config)[helpdesk]
    try:
        data = adapter.app_package(
            author_name=author_name, author_email=author_email, author_url=author_url
        )
    except NotImplementedError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)
    target = out or Path(f"standin-{helpdesk}-app.zip")
    target.write_bytes(data)
    click.echo(f"wrote {target} ({len(data)} bytes)")


def _helpdesk_key(value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", value):
        raise click.BadParameter("lower-case letters, digits, - and _ (e.g. acme)")
    return value


@main.group("data-key")
def data_key() -> None:
    """The keys that seal the contact log at rest."""


@data_key.command("new")
def data_key_new() -> None:
    """Print a new key (put it first in data_keys / STANDIN_DATA_KEYS, then rotate)."""
    from connector.adapters.sealing import new_key

    click.echo(new_key())


@data_key.command("rotate")
@config_option
def data_key_rotate(config_path: str | None) -> None:
    """Re-seal every contact-log entry with the newest key; afterwards the older keys can go."""
    from connector.wiring import build_contact_log_store, migrate_database, open_store

    config = _existing_database(config_path)
    migrate_database(config)
    changed = build_contact_log_store(config, open_store(config)).reseal()
    click.echo(f"re-sealed {changed} contact-log entr{'y' if changed == 1 else 'ies'}")


@main.command()
@config_option
@click.option("--dry-run", is_flag=True, help="Count what is due now; delete nothing.")
def retention(config_path: str | None, dry_run: bool) -> None:
    """Apply the retention policy now (the scheduler does it hourly, in batches)."""
    import datetime as dt

    from connector.wiring import build_services, migrate_database

    config = _existing_database(config_path)
    migrate_database(config)
    report = build_services(config).retention.run(dt.datetime.now(dt.UTC), dry_run=dry_run)
    verb = "due" if dry_run else "deleted"
    for kind, count in report.items():
        click.echo(f"{kind:<20} {count:>8} {verb}")


@main.group("session")
def session_group() -> None:
    """Web sessions."""


@session_group.command("end")
@config_option
@click.argument("subject")
def session_end(config_path: str | None, subject: str) -> None:
    """End every web session of SUBJECT (an e-mail address or a token name) at once."""
    from connector.wiring import build_session_store, migrate_database, open_store

    config = _existing_database(config_path)
    migrate_database(config)
    ended = build_session_store(config, open_store(config)).end_for_subject(subject)
    click.echo(f"ended {ended} session(s) of {subject}")


@main.command()
@config_option
@click.option("--role", type=click.Choice(["admin", "team_lead", "viewer"]), required=True)
@click.option("--name", required=True, help="Who the link is for (shown on the page).")
@click.option(
    "--helpdesk",
    "helpdesks",
    multiple=True,
    help="Limit the session to these helpdesks (repeat); default: all.",
)
@click.option("--hours", type=click.IntRange(1, 24 * 14), default=72, show_default=True)
def invite(
    config_path: str | None, role: str, name: str, helpdesks: tuple[str, ...], hours: int
) -> None:
    """Print a one-time sign-in link for the web page (no token to paste)."""
    import datetime as dt

    from connector.wiring import build_invitations, migrate_database, open_store

    config = _existing_database(config_path)
    unknown = [h for h in helpdesks if h not in config.helpdesks]
    if unknown:
        click.echo(f"unknown helpdesk(s): {', '.join(unknown)}", err=True)
        sys.exit(2)
    migrate_database(config)
    code = build_invitations(open_store(config)).issue(
        dt.datetime.now(dt.UTC),
        name=name,
        role=role,
        helpdesks=helpdesks or None,
        created_by="cli",
        valid_for=dt.timedelta(hours=hours),
    )
    base = (config.public_url or "http://127.0.0.1:8080").rstrip("/")
    click.echo(f"One-time sign-in link for {name} ({role}), valid {hours} h:", err=True)
    click.echo(f"{base}/ui/invite/{code}")


@main.command()
@config_option
@click.argument("helpdesk")
@click.option(
    "--public-url",
    default=None,
    help="Where the helpdesk reaches Stand-in (default: public_url from the config).",
)
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing.")
def install(config_path: str | None, helpdesk: str, public_url: str | None, dry_run: bool) -> None:
    """Create the webhooks/triggers/scrips a helpdesk needs (idempotent)."""
    from connector.errors import StandinError
    from connector.wiring import build_helpdesks

    config = _load(config_path)
    _known_helpdesk(config, helpdesk)
    base = (public_url or config.public_url).rstrip("/")
    if not base:
        click.echo(
            "say where the helpdesk can reach Stand-in: --public-url or public_url", err=True
        )
        sys.exit(2)
    adapter = build_helpdesks(config)[helpdesk]
    try:
        steps = adapter.install(f"{base}/webhooks/{helpdesk}", dry_run=dry_run)
    except NotImplementedError as exc:
        click.echo(str(exc), err=True)
        sys.exit(3)
    except StandinError as exc:
        click.echo(f"install failed: {exc}", err=True)
        sys.exit(1)
    for step in steps:
        prefix = "would " + step.action if dry_run and step.action != "exists" else step.action
        click.echo(f"[{prefix}] {step.description}")
