"""`standin serve` (gunicorn) at its edges: a 413 closes the connection and says so; the access
log never shows a credential from a URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import stop_processes
from tests.test_metrics_multiprocess import _free_port, _get

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 2048


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    tmp = tmp_path_factory.mktemp("serve")
    config = tmp / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": f"sqlite:///{tmp}/standin.db",
                "max_body_bytes": LIMIT,
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": "http://127.0.0.1:9",  # never called: --web-only
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": ["s"],
                    }
                },
            }
        )
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k.upper() != "PROMETHEUS_MULTIPROC_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    log = tmp / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "connector", "serve", "--web-only", "--config", str(config)]
        + ["--port", str(port), "--workers", "1", "--threads", "2"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield port, log
    finally:
        stop_processes(proc)


def exchange(port: int, request: bytes) -> tuple[bytes, bool]:
    """Send ``request`` on a fresh connection; the whole answer, and whether the server closed
    the connection after it (a read then returns no bytes instead of timing out)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(
            next(
                line.split(b":", 1)[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
        )
        while len(rest) < length:
            rest += sock.recv(65536)
        sock.settimeout(1)  # below gunicorn's keep-alive timeout (2 s)
        try:
            closed = sock.recv(1) == b""
        except (TimeoutError, ConnectionResetError):
            closed = False
        return head, closed


def test_a_413_says_connection_close_and_the_server_closes_it(served: tuple[int, Path]) -> None:
    port, _ = served
    path = "/webhooks/acme"
    body = b"x" * (LIMIT + 10)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head, closed = exchange(port, request)
    assert head.startswith(b"HTTP/1.1 413")
    assert b"\r\nConnection: close" in head
    assert b"keep-alive" not in head.lower()
    assert closed


def test_an_ordinary_answer_keeps_the_connection_alive(served: tuple[int, Path]) -> None:
    port, _ = served
    head, closed = exchange(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"Connection: keep-alive" in head
    assert not closed


def test_the_access_log_never_shows_a_token_from_a_url(served: tuple[int, Path]) -> None:
    port, log = served
    for path in (
        "/ui/sign-in?token=sti_abcdSECRET1",
        "/api/v1/periods?helpdesk=acme&api_key=K3YSECRET2",
        "/healthz?access_token=T0KSECRET3&sig=S1GSECRET4",
    ):
        _get(port, path)
    time.sleep(0.5)  # the access log is written after the answer
    text = log.read_text(errors="replace")
    assert "/ui/sign-in?token=***" in text
    assert "helpdesk=acme&api_key=***" in text
    for secret in ("sti_abcdSECRET1", "K3YSECRET2", "T0KSECRET3", "S1GSECRET4"):
        assert secret not in text


def test_the_apis_413_says_connection_close_too(client: Any, auth: Any, services: Any) -> None:
    limit = services.config.max_body_bytes
    resp = client.post(
        "/api/v1/periods",
        data=b"x" * (limit + 1),
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert resp.status_code == 413
    assert resp.headers["Connection"] == "close"
