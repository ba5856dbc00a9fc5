from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import responses
from sqlalchemy import text

from connector.adapters.store import Store, migrate
from connector.config import parse_config
from connector.mapping import credential_keys
from connector.web import create_app
from connector.wiring import Services, use_privacy_cache
from tests.support import FakeClock, build_test_services, share_route_builders, skip_or_fail

# The contact log is sealed at rest; every test (and every process a test starts) uses this key.
os.environ.setdefault("STANDIN_DATA_KEYS", "cT9sXhxtK4Ip1yqgpsb3P3Xo6ZpPg5Xy4mE7c2Nfz8Q=")
# Tests build an app per test: its routes' URL builders are compiled once per process.
share_route_builders()

PG_ADMIN_URL = os.environ.get(
    "STANDIN_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)
ZENDESK_SECRET = "dGhlLXNlY3JldC1vZi10aGUtYWNtZS13ZWJob29r"
ZENDESK_OLD_SECRET = "previous-secret-still-valid-during-rotation"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@contextmanager
def own_pg_database(prefix: str = "standin_test") -> Iterator[str]:
    """A PostgreSQL database of its own, migrated, dropped afterwards (skip/fail without PG).

    For tests whose workers are other processes, or that must not share tables with the
    session database (which other tests empty between tests).
    """
    from sqlalchemy import create_engine

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        admin.dispose()
        skip_or_fail(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated once."""
    with own_pg_database() as url:
        yield url


TABLES = (
    "notifications",
    "hr_outbox",
    "contact_log_entries",
    "rerouted_tickets",
    "notices",
    "notice_templates",
    "audit",
    "inbox_events",
    "periods",
    "api_tokens",
    "sign_in_failures",
    "ui_sessions",
    "ui_invitations",
    "signed_token_uses",
    "contact_log_reads",
)


def _parametrized_directly(metafunc: pytest.Metafunc, name: str) -> bool:
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0]
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if name in names:
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test using a database runs on SQLite (a copy of a template migrated once).

    PostgreSQL only where the engine matters: tests (or modules) marked ``both_engines`` run
    on both. That is the queue, locking, migrations, faults, engine limits (key lengths,
    text PostgreSQL refuses) and one end-to-end pass per vendor.
    """
    if "db_url" not in metafunc.fixturenames or _parametrized_directly(metafunc, "db_url"):
        return
    if metafunc.definition.get_closest_marker("both_engines"):
        params = [
            "sqlite",
            pytest.param("postgresql", marks=pytest.mark.postgres),
        ]
    else:
        params = ["sqlite"]
    metafunc.parametrize("db_url", params, indirect=True)


VENDORS = ("zendesk", "freshdesk", "hubspot", "zammad", "rt")
VENDOR_TESTS = Path(__file__).parent / "vendors"
DATABASE_FIXTURES = {"db_url", "pg_database", "sqlite_template"}


#: Modules whose tests take seconds each (servers, subprocesses, a browser, Request Tracker),
#: slowest first. They are collected first, so that pytest-xdist starts them while the many
#: quick tests fill the other workers, instead of ending the run with one worker on a long test.
SLOW_FIRST = (
    "test_scale_postgresql.py",
    "test_schemathesis.py",
    "test_rt_e2e.py",
    "test_crashes.py",
    "test_imports.py",
    "test_faults.py",
    "test_pg_notify.py",
    "test_ui_browser.py",
    "test_ui_oidc.py",
    "test_db_faults.py",
    "test_metrics_multiprocess.py",
    "test_config_and_cli.py",
    "test_packaging.py",
    "test_startup_imports.py",
    "test_serve_edges.py",
)

#: Tests placed in the order, by their place (among the tests, not counting Request Tracker's
#: group, which pytest-xdist's --loadscope-reorder sends first as the largest unit). xdist gives
#: each of the four workers one unit, then a second that waits behind the first: the two
#: heaviest in CPU (the scale test's four processes, schemathesis' period slice) start at once
#: beside the tests that mostly wait (Request Tracker, a timeout that must really pass), and the
#: other schemathesis slices queue behind those that end first. Tests that wait tens of seconds
#: (timeouts, a poll interval, a Retry-After) stand one at a time among CPU-heavy ones; the
#: full run's quick self-check stands where it cannot take a slot of the first rounds.
_FAULT_RUN = "test_under_each_vendor_fault_every_event_ends_done_or_dead_with_its_cause"
_FULL_RUN = "test_schemathesis_with_all_checks_finds_nothing_wrong_in_any_documented_operation"
PLACED = {
    f"test_schemathesis.py::{_FULL_RUN}[coverage-periods-": 1,
    f"test_faults.py::{_FAULT_RUN}[timeout-": 2,
    f"test_faults.py::{_FAULT_RUN}[slow_body-": 6,
    "test_schemathesis.py::test_the_full_run_parts_cover_every_documented_operation_once_": 7,
    "test_pg_notify.py::test_a_worker_process_polling_every_ten_minutes_takes_a_new_event_on_": 9,
    "test_faults.py::test_a_retry_after_longer_than_a_worker_should_wait_is_honoured_by_the_": 12,
}


def pytest_configure(config: pytest.Config) -> None:
    """One cache of the privacy guard's tables for the whole run, inherited by every xdist
    worker and every `standin` process a test starts: the tables are built once, not in each
    of some 30 processes (1.5 s of CPU each). Kept in .pytest_cache between runs; a
    ``STANDIN_CACHE_DIR`` set outside wins."""
    if not hasattr(config, "workerinput"):
        default = config.rootpath / ".pytest_cache" / "standin"
        os.environ.setdefault("STANDIN_CACHE_DIR", str(default))
    # Some test modules guard texts while they are collected (notices rendered for their
    # parameters), before any test builds services: the cache is turned on here for those.
    use_privacy_cache()
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        _build_the_guard_once()


def _build_the_guard_once() -> None:
    """In a fresh checkout the table cache is empty: build the tables here, before the xdist
    workers start, so that they (and the `standin` processes the first tests start) load
    them instead of each building them at the same time. Nothing to do when they are kept,
    or when the cache is off (the workers could not load them)."""
    from connector.domain import privacy

    privacy.fill_table_cache()  # the cache ``use_privacy_cache`` set, if any


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection made (the imported libraries, the app's modules, every test item)
    lives as long as the session: frozen out of the collector's full collections, which
    otherwise walk it all again and again (about a fifth of a worker's CPU went to them)."""
    gc.collect()
    gc.freeze()


_full_collections_seen = [0]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After a test's teardown, when a full collection has run since the last freeze, what
    survived it (session fixtures, caches) is frozen too, young garbage collected first."""
    full = gc.get_stats()[2]["collections"]
    if full > _full_collections_seen[0]:
        gc.collect(1)
        gc.freeze()
        _full_collections_seen[0] = gc.get_stats()[2]["collections"]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. Many tests spend their time waiting on servers,
    subprocesses, Request Tracker and the browser, so one worker per core left cores idle."""
    return 2 * (os.cpu_count() or 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with the vendor it is about, so ``-m zendesk`` checks one vendor, and
    each test that uses a database with ``db``, so ``-m "not db"`` runs the pure tests; put
    the slow modules first (``SLOW_FIRST``).

    A test in tests/vendors/<vendor>/ is about that vendor; a cross-vendor test is about the
    vendor named in its parameters (``[freshdesk-sqlite]``).
    """
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(Path(str(item.path)).name, len(SLOW_FIRST)))
    _placed(items)
    _keep_xdist_groups(items)


def _placed(items: list[pytest.Item]) -> None:
    """Move each ``PLACED`` test to its place in the order."""
    placed: list[tuple[int, pytest.Item]] = []
    for item in list(items):
        name = f"{Path(str(item.path)).name}::{item.name}"
        place = next((p for key, p in PLACED.items() if name.startswith(key)), None)
        if place is not None:
            items.remove(item)
            placed.append((place, item))
    for place, item in sorted(placed, key=lambda pair: pair[0]):
        items.insert(min(place, len(items)), item)


def _keep_xdist_groups(items: list[pytest.Item]) -> None:
    """pytest-xdist (3.8) groups ``xdist_group`` tests by writing ``name@group`` to the item's
    ``_nodeid``, which pytest 9 no longer reads (it keeps the id in ``_id``): without this the
    two Request Tracker end-to-end tests ran on two workers, each restoring and restarting RT,
    one waiting half a minute for the other's lock."""
    for item in items:
        grouped = item.__dict__.get("_nodeid")
        if isinstance(grouped, str) and grouped != item.nodeid and "@" in grouped:
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(grouped)  # type: ignore[attr-defined]
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("db")
        path = Path(str(item.path))
        if VENDOR_TESTS in path.parents:
            item.add_marker(path.relative_to(VENDOR_TESTS).parts[0])
        callspec = getattr(item, "callspec", None)
        if callspec is not None:
            for name in sorted(set(re.split(r"[-\[\]]", callspec.id)) & set(VENDORS)):
                item.add_marker(name)


@pytest.fixture(scope="session")
def _chromium() -> Iterator[tuple[Any, Any]]:
    """One Chromium per test process (xdist worker), started by the first browser test it runs
    and shared by the rest: starting Playwright's driver and Chromium cost about 1.8 s of CPU
    a test. Each test still gets a browser of its own (see ``browser``)."""
    import asyncio

    from tests.support import CHROMIUM, CHROMIUM_ARGS, launch

    with launch() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # Playwright's sync API keeps its event loop marked as running in this thread
        # between calls; ``browser`` lifts the mark while other tests run (they may use
        # asyncio) and sets it again for the next browser test.
        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        try:
            yield chromium, loop
        finally:
            asyncio._set_running_loop(loop)
            chromium.close()


@pytest.fixture
def browser(_chromium: tuple[Any, Any]) -> Iterator[Any]:
    """The worker's Chromium; every page a test opens is a browser context of its own (no
    cookies, storage or cache shared with other tests) and is closed after the test."""
    import asyncio

    chromium, loop = _chromium
    asyncio._set_running_loop(loop)
    try:
        yield chromium
        for context in chromium.contexts:
            context.close()
    finally:
        asyncio._set_running_loop(None)


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on a free loopback port, for the tests of sent mail."""
    from tests.smtp_server import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per test session (per xdist worker); tests copy it."""
    path = tmp_path_factory.mktemp("template") / "standin.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_tables(pg_database: str) -> str:
    """Every table of the migrated schema but Alembic's own, as one TRUNCATE list."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(pg_database)
    try:
        names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
    finally:
        engine.dispose()
    return ", ".join(f'"{n}"' for n in sorted(names))


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A migrated database, empty: a copy of the SQLite template, or the session's
    PostgreSQL database (one per xdist worker) with every table truncated."""
    engine_name = getattr(request, "param", "sqlite")
    if engine_name == "sqlite":
        path = tmp_path / "standin.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_database")
    tables = request.getfixturevalue("pg_tables")
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    store.engine.dispose()
    yield url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def make_config(db_url: str, **helpdesk_overrides: Any) -> Any:
    acme = {
        "vendor": "zendesk",
        "url": "https://acme.zendesk.com",
        "credentials": {"email": "ops@acme.example", "api_token": "zd-api-token-123"},
        "webhook_secrets": [ZENDESK_SECRET, ZENDESK_OLD_SECRET],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
        **helpdesk_overrides,
    }
    other = {
        "vendor": "zendesk",
        "url": "https://other.zendesk.com",
        "credentials": {"email": "ops@other.example", "api_token": "zd-other-token"},
        "webhook_secrets": ["other-secret"],
        "timezone": "Europe/Brussels",
        "locale": "fr",
    }
    return parse_config(
        {"database_url": db_url, "helpdesks": {"acme": acme, "other": other}},
        credential_keys=credential_keys(),
    )


class SleepRecorder:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def services(db_url: str, clock: FakeClock, sleeps: SleepRecorder) -> Iterator[Services]:
    config = make_config(db_url)
    svc = build_test_services(config, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def app(services: Services) -> Any:
    return create_app(services=services, TESTING=True)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def tokens(services: Services, clock: FakeClock) -> dict[str, str]:
    return {
        role: services.repositories.tokens.create_token(role, role, clock())
        for role in ("admin", "team_lead", "viewer")
    } | {
        "acme_lead": services.repositories.tokens.create_token(
            "acme-lead", "team_lead", clock(), ["acme"]
        )
    }


@pytest.fixture
def auth(tokens: dict[str, str]) -> Any:
    def header(role: str = "team_lead") -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[role]}"}

    return header


@pytest.fixture
def vendor() -> Iterator[responses.RequestsMock]:
    """The HTTP boundary: every vendor call must be expected, and every expected call made."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps
        # Requests to a vendor that publishes an OpenAPI document are held to it (imported
        # here: openapi-core costs seconds at start-up, in every xdist worker).
        from tests import hubspot_openapi

        hubspot_openapi.assert_calls_valid(rsps.calls)
