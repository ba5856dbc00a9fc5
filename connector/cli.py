"""``standin`` command line: serve, worker, check, token create/list/revoke."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import click

from connector.config import Config, load_config
from connector.errors import ConfigError


def _load(path: str | None) -> Config:
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

    from connector.adapters.pg_notify import start_listener
    from connector.adapters.store import migrate
    from connector.leases import start_lease_keeper
    from connector.logs import gunicorn_logger_class, honour_connection_close
    from connector.web import create_app
    from connector.wiring import build_services
    from connector.worker import Worker

    config = _load(config_path)
    migrate(config.database_url)
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

        @staticmethod
        def _child_exit(_server: Any, worker: Any) -> None:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(worker.pid, metrics_dir)

        @staticmethod
        def _post_worker_init(worker: Any) -> None:
            from connector.scheduler import Scheduler

            if web_only:
                return
            services = worker.wsgi.extensions["standin"]
            thread = threading.Thread(
                target=Worker(services).run_forever,
                args=(stop,),
                name="standin-worker",
                daemon=True,
            )
            thread.start()
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
            return create_app(services=build_services(config))

    role = "web only" if web_only else "web + worker"
    click.echo(
        f"Stand-in serving on http://{host}:{port} ({config.database_url.split(':')[0]}, {role})"
    )
    StandinServer().run()


@main.command()
@config_option
@click.option("--concurrency", default=1, show_default=True, type=int)
def worker(config_path: str | None, concurrency: int) -> None:
    """Run event workers only (for scaled deployments next to stateless web processes)."""
    from connector.adapters.pg_notify import start_listener
    from connector.adapters.store import migrate
    from connector.leases import start_lease_keeper
    from connector.wiring import build_services
    from connector.worker import Worker

    config = _load(config_path)
    migrate(config.database_url)
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
    if problems:
        click.echo("mappings or manifest are not valid:", err=True)
        for p in problems:
            click.echo(f"  - {p}", err=True)
        sys.exit(2)
    click.echo(
        f"configuration OK: {config.source}; helpdesks: "
        + (", ".join(f"{k} ({h.vendor})" for k, h in config.helpdesks.items()) or "none")
    )


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

    from connector.adapters.store import Store, migrate

    config = _load(config_path)
    unknown = [h for h in helpdesks if h not in config.helpdesks]
    if unknown:
        click.echo(f"unknown helpdesk(s): {', '.join(unknown)}", err=True)
        sys.exit(2)
    migrate(config.database_url)
    store = Store(config.database_url)
    tok = store.create_token(name, role, dt.datetime.now(dt.UTC), helpdesks or None)
    click.echo(f"Created {role} token {name!r}. It is shown only now:", err=True)
    click.echo(tok)


@token.command("list")
@config_option
def token_list(config_path: str | None) -> None:
    """Tokens with their id, prefix, role and use (the tokens themselves are not stored)."""
    from connector.adapters.store import Store, migrate

    config = _load(config_path)
    migrate(config.database_url)
    for t in Store(config.database_url).list_tokens():
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
    revoke the old one. Web sessions made from a revoked token end at their next page.
    """
    import datetime as dt

    from connector.adapters.store import Store, migrate

    config = _load(config_path)
    migrate(config.database_url)
    revoked = Store(config.database_url).revoke_tokens(which, dt.datetime.now(dt.UTC))
    if not revoked:
        click.echo(f"no active token with id, prefix or name {which!r}", err=True)
        sys.exit(1)
    click.echo(f"revoked token(s) {', '.join(map(str, revoked))}")


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
    if helpdesk not in config.helpdesks:
        click.echo(
            f"unknown helpdesk {helpdesk!r} (configured: {', '.join(config.helpdesks) or 'none'})",
            err=True,
        )
        sys.exit(2)
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
