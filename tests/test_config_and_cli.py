"""Configuration validation with precise messages, and the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from click.testing import CliRunner

from connector.cli import main
from connector.config import Secret, parse_config
from connector.errors import ConfigError
from connector.mapping import credential_keys

GOOD = {
    "helpdesks": {
        "acme": {
            "vendor": "zendesk",
            "url": "https://acme.zendesk.com",
            "credentials": {"email": "ops@acme.example", "api_token": "${ZD_TOKEN}"},
            "webhook_secrets": ["${ZD_SECRET}"],
            "timezone": "Europe/Amsterdam",
            "locale": "nl",
        }
    }
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", "token-value-xyz")
    monkeypatch.setenv("ZD_SECRET", "secret-value-abc")


def reasons(raw: Any) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(raw, source="standin.yaml", credential_keys=credential_keys())
    return info.value.reasons


def test_a_good_config_expands_environment_references_into_secrets(env: None) -> None:
    cfg = parse_config(GOOD, credential_keys=credential_keys())
    hd = cfg.helpdesks["acme"]
    assert isinstance(hd.credentials["api_token"], Secret)
    assert hd.credentials["api_token"].reveal() == "token-value-xyz"
    assert "token-value-xyz" not in repr(cfg) and "secret-value-abc" not in repr(hd)
    assert cfg.database_url == "sqlite:///standin.db"


def test_a_missing_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZD_TOKEN", raising=False)
    monkeypatch.setenv("ZD_SECRET", "s")
    assert any(
        "config.helpdesks.acme.credentials.api_token: environment variable ZD_TOKEN is not set" in r
        for r in reasons(GOOD)
    )


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_sqlite_database_is_refused_with_the_reason(env: None, url: str) -> None:
    assert any(
        "database_url: an in-memory SQLite database is lost on exit" in r
        for r in reasons({**GOOD, "database_url": url})
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"vendor": "jira"}, "helpdesks.acme.vendor: 'jira' is not a supported vendor"),
        ({"url": "http://acme.zendesk.com"}, "helpdesks.acme.url: must use https://"),
        ({"url": "ftp://x"}, "helpdesks.acme.url: not an http(s) URL"),
        (
            {"timezone": "Europe/Atlantis"},
            "helpdesks.acme.timezone: unknown time zone 'Europe/Atlantis'",
        ),
        ({"locale": "es"}, "helpdesks.acme.locale: 'es' is not one of nl, fr, de, en"),
        (
            {"webhook_secrets": []},
            "helpdesks.acme.webhook_secrets: at least one secret is required",
        ),
        (
            {"credentials": {"email": "x@y.z"}},
            "helpdesks.acme.credentials.api_token: required for zendesk",
        ),
        ({"colour": "red"}, "helpdesks.acme.colour: unknown setting"),
    ],
)
def test_each_config_mistake_is_reported_with_its_key(
    env: None, change: dict[str, Any], message: str
) -> None:
    raw = {"helpdesks": {"acme": {**GOOD["helpdesks"]["acme"], **change}}}
    found = reasons(raw)
    assert any(r.startswith("standin.yaml: ") and message in r for r in found), found


def test_loopback_http_is_allowed_for_sandboxes(env: None) -> None:
    raw = {"helpdesks": {"acme": {**GOOD["helpdesks"]["acme"], "url": "http://127.0.0.1:8480"}}}
    assert (
        parse_config(raw, credential_keys=credential_keys()).helpdesks["acme"].url
        == "http://127.0.0.1:8480"
    )


def write(tmp_path: Path, raw: Any) -> str:
    path = tmp_path / "standin.yaml"
    path.write_text(yaml.safe_dump(raw))
    return str(path)


def test_standin_check_says_ok_for_a_good_file(tmp_path: Path, env: None) -> None:
    result = CliRunner().invoke(main, ["check", "--config", write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.output
    assert "helpdesks: acme (zendesk)" in result.output


def test_standin_check_fails_with_reasons_and_no_secret(tmp_path: Path, env: None) -> None:
    bad = {"helpdesks": {"acme": {**GOOD["helpdesks"]["acme"], "timezone": "Nowhere"}}}
    result = CliRunner().invoke(main, ["check", "--config", write(tmp_path, bad)])
    assert result.exit_code == 2
    assert "unknown time zone 'Nowhere'" in result.output
    assert "token-value-xyz" not in result.output


def test_standin_check_reads_the_standin_config_variable(
    tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_CONFIG", write(tmp_path, GOOD))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0 and "acme (zendesk)" in result.output


def test_a_missing_config_file_is_reported(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "configuration file not found" in result.output


def test_token_create_prints_the_token_last_and_stores_only_its_hash(
    tmp_path: Path, env: None
) -> None:
    raw = {**GOOD, "database_url": f"sqlite:///{tmp_path / 't.db'}"}
    result = CliRunner().invoke(
        main, ["token", "create", "lead", "--role", "team_lead", "--config", write(tmp_path, raw)]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("sti_") and len(token) > 40
    assert token.encode() not in (tmp_path / "t.db").read_bytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_standin_serve_starts_on_sqlite_with_migrations_applied_and_no_control_socket(
    tmp_path: Path,
) -> None:
    """gunicorn's control socket (25.1+) would sit at one path per user, shared by every
    server on the host; Stand-in turns it off."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"},
        "HOME": str(tmp_path),
        "STANDIN_CONFIG": write(tmp_path, {"database_url": f"sqlite:///{tmp_path / 's.db'}"}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "connector", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # still starting
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.2)
        assert resp.json() == {"status": "ready"}
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json() == {
            "status": "ok"
        }
        assert not (tmp_path / ".gunicorn").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert (tmp_path / "s.db").exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_standin_serve_with_a_configuration_that_is_not_valid_exits_2_naming_the_reason(
    tmp_path: Path, workers: str
) -> None:
    """The check runs in a forked child (the gunicorn master imports no vendor code) while the
    web processes import; its reasons still reach the terminal, the web processes never read
    the configuration, and nothing is served."""
    bad = {
        "database_url": f"sqlite:///{tmp_path / 's.db'}",
        "helpdesks": {"acme": {**GOOD["helpdesks"]["acme"], "timezone": "Nowhere"}},
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "connector",
            "serve",
            "--port",
            str(free_port()),
            "--workers",
            workers,
        ],
        cwd=tmp_path,
        env={
            **os.environ,
            "STANDIN_CONFIG": write(tmp_path, bad),
            "ZD_TOKEN": "t",
            "ZD_SECRET": "s",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.count("unknown time zone 'Nowhere'") == 1  # the check's, not a worker's
    assert "Stand-in serving" not in run.stdout
    assert "Worker failed to boot" not in run.stderr


def test_the_c_allocator_keeps_two_arenas_unless_the_environment_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes

    from connector import cli

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda _name: Libc())
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    cli._limit_malloc_arenas()
    assert calls == [(-8, 2)]  # M_ARENA_MAX
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    cli._limit_malloc_arenas()
    assert calls == [(-8, 2)]  # the environment's value stands


def test_standin_check_names_a_standard_webhooks_secret_that_cannot_work(
    tmp_path: Path, env: None
) -> None:
    raw = {
        "helpdesks": {
            "desk": {
                "vendor": "rt",
                "url": "https://rt.example.com",
                "credentials": {"user": "standin", "password": "pw"},
                "webhook_secrets": ["whsec_c2VjcmV0LWtleS0xMjM0NQ", "whsec_not*base64!", "plain"],
            }
        },
        "hr": {
            "system": "webhook",
            "url": "https://hr.example.com/in",
            "credentials": {"secret": "whsec_%%%"},
        },
    }
    result = CliRunner().invoke(main, ["check", "--config", write(tmp_path, raw)])
    assert result.exit_code == 2
    assert "helpdesks.desk.webhook_secrets[0]" not in result.output  # unpadded is fine
    assert "helpdesks.desk.webhook_secrets[1]: the part after whsec_ is not base64" in result.output
    assert "helpdesks.desk.webhook_secrets[2]: not a Standard Webhooks secret" in result.output
    assert "hr.credentials.secret: not a Standard Webhooks secret" in result.output
    assert "not*base64!" not in result.output and "%%%" not in result.output


@pytest.mark.parametrize(
    ("worker", "reason"),
    [
        ({"batch": 0}, "worker.batch: must be a whole number from 1 to 500"),
        ({"batch": 2.5}, "worker.batch: must be a whole number from 1 to 500"),
        (
            {"batch_seconds": 0},
            "worker.batch_seconds: must be a number of seconds above 0, at most 60",
        ),
        (
            {"batch_seconds": "1s"},
            "worker.batch_seconds: must be a number of seconds above 0, at most 60",
        ),
    ],
)
def test_a_worker_batch_setting_out_of_range_is_named(
    env: None, worker: dict[str, Any], reason: str
) -> None:
    assert reasons({**GOOD, "worker": worker}) == [f"standin.yaml: {reason}"]


def test_the_worker_batch_settings_are_read(env: None) -> None:
    cfg = parse_config(
        {**GOOD, "worker": {"batch": 4, "batch_seconds": 0.5}}, credential_keys=credential_keys()
    )
    assert (cfg.worker.batch, cfg.worker.batch_seconds) == (4, 0.5)
