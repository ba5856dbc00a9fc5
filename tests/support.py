"""Helpers for tests: fixtures on disk, signing like the vendors do, a settable clock."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from connector.adapters.signatures import sign_zendesk

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("STANDIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The repository, wherever in tests/ a test file lives.
REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def fixture_bytes(vendor: str, name: str) -> bytes:
    return (FIXTURES / vendor / name).read_bytes()


def fixture_json(vendor: str, name: str) -> Any:
    return json.loads(fixture_bytes(vendor, name))


def skip_or_fail(reason: str) -> None:
    """Tests that need a service skip locally, but in CI (CI=true) they must run."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


class FakeClock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now = self.now + dt.timedelta(**kwargs)


def zendesk_headers(body: bytes, secret: str, when: dt.datetime) -> dict[str, str]:
    ts = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "Content-Type": "application/json",
        "X-Zendesk-Account-Id": "12345678",
        "X-Zendesk-Webhook-Id": "01HZXWEBHOOK",
        "X-Zendesk-Webhook-Invocation-Id": "8350205582",
        "X-Zendesk-Webhook-Signature-Timestamp": ts,
        "X-Zendesk-Webhook-Signature": sign_zendesk(secret, ts, body),
    }


def stop_processes(*procs: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Ask each process to stop (SIGTERM, all at once), wait, and kill what does not stop."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def zendesk_ticket_created(
    ticket_id: int,
    *,
    assignee: int,
    requester: int,
    event_id: str | None = None,
    time: str = "2026-11-23T08:59:00Z",
    group: int = 360001,
) -> bytes:
    """A Zendesk ``zen:event-type:ticket.created`` webhook body, shaped like
    ``fixtures/zendesk/ticket_created.json``; a fresh event id unless one is given."""
    return json.dumps(
        {
            "account_id": 12345678,
            "detail": {
                "actor_id": str(requester),
                "assignee_id": str(assignee),
                "group_id": str(group),
                "id": str(ticket_id),
                "requester_id": str(requester),
                "status": "OPEN",
                "priority": "NORMAL",
                "subject": f"Question {ticket_id}",
                "tags": [],
                "via": {"channel": "mail"},
            },
            "event": {},
            "id": event_id or str(uuid.uuid4()),
            "subject": f"zen:ticket:{ticket_id}",
            "time": time,
            "type": "zen:event-type:ticket.created",
            "zendesk_event_version": "2022-11-06",
        }
    ).encode()


def builtin_notice(lang: str, customer: str, replacement: str, part: str = "html") -> str:
    """The built-in formal notice a customer gets on the test clock's day (23 November 2026)."""
    from connector.domain.notices import builtin_template, render_notice

    values = {
        "customer_name": customer,
        "replacement_name": replacement,
        "start_date": dt.date(2026, 11, 23),
    }
    return str(getattr(render_notice(builtin_template("notice", "formal", lang), values), part))


def build_test_services(
    config: Any, clock: Any, sleeps: Any, *, check_replacement: bool = False
) -> Any:
    """Services as every test builds them: the test clock, recorded sleeps, quick retries.

    The replacement check on period creation is off unless asked for: most tests count the
    exact vendor calls (and sleeps) of the story they tell; tests/test_replacement_check.py
    tests the check itself, through the API and the page.
    """
    from connector.adapters.http import RetryPolicy
    from connector.wiring import build_services

    return build_services(
        config,
        clock=clock,
        sleep=sleeps,
        policy=RetryPolicy(max_attempts=3, base_delay=0.01),
        check_replacement=check_replacement,
    )


def anna_period(services: Any, helpdesk: str, **extra: Any) -> Any:
    """The tests' period: Anna's tickets go to Bob from 20 November to 31 December 2026."""
    return services.periods.create(
        {
            "helpdesk": helpdesk,
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-20",
            "ends_at": "2026-12-31",
            **extra,
        },
        actor="test",
    )


def anna_bob_period(
    starts: dt.datetime,
    ends: dt.datetime | None = None,
    *,
    helpdesk: str = "acme",
    anna: int = 9001,
    bob: int = 9002,
) -> Any:
    """A period, not stored: Anna's tickets go to Bob from ``starts`` (open-ended without
    ``ends``)."""
    from connector.domain.periods import Period

    return Period(
        id=None,
        helpdesk=helpdesk,
        employee_email="anna@example.com",
        employee_id=str(anna),
        employee_name="Anna de Vries",
        replacement_email="bob@example.com",
        replacement_id=str(bob),
        replacement_name="Bob Jansen",
        starts_at=starts,
        ends_at=ends,
        timezone="Europe/Amsterdam",
    )


def store_anna_bob_period(store: Any, now: dt.datetime, anna: int = 9001, bob: int = 9002) -> int:
    """Straight into the store (no vendor lookups): Anna's tickets go to Bob for 30 days.

    For tests whose workers are other processes talking to a fake Zendesk with these ids.
    """
    from connector.adapters.repositories.periods import PeriodRepository

    period = PeriodRepository(store).add_period(
        anna_bob_period(
            now - dt.timedelta(minutes=1), now + dt.timedelta(days=30), anna=anna, bob=bob
        ),
        now,
    )
    assert period.id is not None
    return int(period.id)


def share_route_builders() -> None:
    """Compile each route's URL builder once per process instead of once per app.

    Werkzeug generates and compiles two small Python functions per route when a rule is added
    to an app (``Rule._compile_builder``): with some 70 routes, 45 ms of every ``create_app``,
    and the tests build an app per test. The generated code depends only on the rule's text,
    its parsed parts, the names of its defaults and ``append_unknown`` (the converters are
    reached through the bound rule at call time), so apps with the same routes can share it.
    Rules whose defaults fill a placeholder (converted once per converter) are compiled as
    before. ``tests/test_route_builders.py`` checks the shared builders against Werkzeug's own.
    """
    from werkzeug.routing.rules import Rule

    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "shared", False):
        return  # another Werkzeug, or already shared
    builders: dict[tuple[Any, ...], Any] = {}

    def shared(self: Rule, append_unknown: bool = True) -> Any:
        defaults = self.defaults or {}
        trace = tuple(self._trace)
        if any(is_dynamic and data in defaults for is_dynamic, data in trace):
            return compile_builder(self, append_unknown)
        key = (self.rule, trace, tuple(str(k) for k in defaults), append_unknown)
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = compile_builder(self, append_unknown)
        return builder

    shared.shared = True  # type: ignore[attr-defined]
    shared.original = compile_builder  # type: ignore[attr-defined]
    Rule._compile_builder = shared  # type: ignore[method-assign]


def launch() -> Any:
    """Playwright's sync API, started by the caller (``with launch() as pw``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install 'playwright>=1.45')")
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return sync_playwright()


def warm_privacy_guard() -> None:
    """Make the privacy guard's word lists, automaton and context rules in this process."""
    from connector.domain import privacy

    privacy.prepare()


#: How often a test server's loop looks for a shutdown request. ``serve_forever``'s default, half
#: a second, made every ``shutdown()`` at the end of a test with a fake vendor wait for it.
SERVE_POLL_SECONDS = 0.02


def serve_in_thread(server: Any, name: str | None = None) -> threading.Thread:
    """Start ``server.serve_forever`` in a daemon thread that notices ``shutdown()`` quickly."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": SERVE_POLL_SECONDS},
        name=name,
        daemon=True,
    )
    thread.start()
    return thread


class _KeepAlive(WSGIRequestHandler):
    """HTTP/1.1: a client's connection is kept for its next request (Werkzeug's default,
    HTTP/1.0, opens a connection and starts a thread for every request)."""

    protocol_version = "HTTP/1.1"


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` behind a real HTTP server on loopback, in a thread of this process: its base
    URL, the server shut down on the way out.

    The privacy guard's word lists are made first (once per process; built, 1.5 s of CPU, when
    the table cache is empty): else the first preview or check a browser test asks for pays
    that, and on a loaded machine (all browser tests on four workers) its answer came after
    the 5-second wait of Playwright's ``expect`` (the preview and the check failed)."""
    warm_privacy_guard()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_KeepAlive)
    thread = serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def sideways_scroll(page: Any) -> int:
    """How many pixels ``page`` scrolls sideways, once it and its stylesheets have loaded.
    Measured as soon as an element appears, the page may not be styled yet, and an unstyled
    page is as wide as its longest line (a phone check failed on 592 px that way)."""
    page.wait_for_load_state("load")
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )
