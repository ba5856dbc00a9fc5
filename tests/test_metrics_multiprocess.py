"""`standin serve --workers 2`: /metrics adds up what every gunicorn process counted."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import yaml

from tests.fake_zendesk import ticket_created
from tests.support import zendesk_headers

ROOT = Path(__file__).resolve().parent.parent
SECRET = "metrics-test-secret"
WEBHOOKS = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read().decode()


def _sample(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    total = 0.0
    for line in text.splitlines():
        m = re.match(rf"^{name}\{{(.*)\}} (\S+)$", line)
        if m and ",".join(sorted(m.group(1).split(","))) == wanted:
            total += float(m.group(2))
    return total


def test_two_gunicorn_workers_report_one_total_of_accepted_webhooks(tmp_path: Path) -> None:
    config = tmp_path / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": f"sqlite:///{tmp_path}/standin.db",
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": "http://127.0.0.1:9",  # never called: --web-only
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": [SECRET],
                    }
                },
            }
        )
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k.upper() != "PROMETHEUS_MULTIPROC_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "connector", "--log-level", "warning", "serve", "--web-only"]
        + ["--config", str(config), "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        for i in range(WEBHOOKS):
            body = ticket_created(800_000 + i, str(uuid.uuid4()))
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # new connection:
            conn.request(  # gunicorn hands each to whichever process accepts it first
                "POST",
                "/webhooks/acme",
                body=body,
                headers=zendesk_headers(body, SECRET, dt.datetime.now(dt.UTC)),
            )
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 202
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/webhooks/acme", body=b"{}", headers={"Content-Type": "x"})
        assert conn.getresponse().status == 401
        for _ in range(10):  # every scrape, whichever process answers it, sees all of them
            status, text = _get(port, "/metrics")
            assert status == 200
            accepted = _sample(
                text, "standin_webhooks_received_total", helpdesk="acme", result="accepted"
            )
            assert accepted == WEBHOOKS, text
            assert (
                _sample(
                    text, "standin_webhooks_rejected_total", helpdesk="acme", reason="signature"
                )
                == 1
            )
            assert _sample(text, "standin_queue_events", status="pending") == WEBHOOKS
    finally:
        proc.terminate()
        proc.wait(20)
