"""Wake workers the moment an event is stored, across processes, on PostgreSQL.

The web process calls ``pg_notify('standin_inbox', '')`` in the statement that stores a
webhook's events (PostgreSQL delivers it at commit, never for a rolled-back insert). Each
worker process keeps one extra connection that LISTENs and sets the process's wake event, so
separate ``standin worker`` processes start within milliseconds instead of at the next poll. Polling
stays as the safety net: a notification missed while the listener reconnects costs at most
one poll interval, never an event.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL = "standin_inbox"


def conninfo(sqlalchemy_url: str) -> str:
    """The libpq URL for a SQLAlchemy ``postgresql+psycopg://`` URL."""
    return (
        make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def listen(
    sqlalchemy_url: str,
    wake: threading.Event,
    stop: threading.Event,
    *,
    ready: threading.Event | None = None,
    check_seconds: float = 1.0,
    retry_seconds: float = 2.0,
) -> None:
    """LISTEN until ``stop``; set ``wake`` on every notification; reconnect after errors."""
    import psycopg  # lazily: only PostgreSQL needs it, and SQLite is the default

    while not stop.is_set():
        try:
            with psycopg.connect(conninfo(sqlalchemy_url), autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                wake.set()  # anything stored while we were not listening
                if ready is not None:
                    ready.set()
                while not stop.is_set():
                    for _ in conn.notifies(timeout=check_seconds, stop_after=1):
                        wake.set()
        except psycopg.Error as exc:
            # The message names the server, never the password (libpq leaves it out).
            log.warning("inbox listener lost its connection: %s", type(exc).__name__)
            stop.wait(retry_seconds)


def start_listener(
    sqlalchemy_url: str, wake: threading.Event, stop: threading.Event
) -> threading.Thread | None:
    """Start the listener thread on PostgreSQL; None (polling alone) on other databases."""
    if make_url(sqlalchemy_url).get_backend_name() != "postgresql":
        return None
    thread = threading.Thread(
        target=listen, args=(sqlalchemy_url, wake, stop), name="standin-listen", daemon=True
    )
    thread.start()
    return thread
