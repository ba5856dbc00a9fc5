"""standin install for Zendesk: an event webhook, created once, and the signing secret checked."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import responses
import yaml
from click.testing import CliRunner
from responses import matchers

from connector.cli import main
from tests.support import fixture_json

BASE = "https://acme.zendesk.com/api/v2"
HOOK = fixture_json("zendesk", "api/webhooks_create.json")
URL = "https://standin.example.com/webhooks/acme"
SECRET = HOOK["signing_secret_response"]["body"]["signing_secret"]["secret"]


def config_file(tmp_path: Path, secret: str) -> str:
    path = tmp_path / "standin.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "database_url": f"sqlite:///{tmp_path / 'x.db'}",
                "public_url": "https://standin.example.com",
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": "https://acme.zendesk.com",
                        "credentials": {"email": "ops@acme.example", "api_token": "tok"},
                        "webhook_secrets": [secret],
                    }
                },
            }
        )
    )
    return str(path)


def existing(endpoint: str = URL) -> dict[str, Any]:
    hook = copy.deepcopy(HOOK["response"]["body"]["webhook"])
    hook["endpoint"] = endpoint
    return hook


def search(rsps: responses.RequestsMock, hooks: list[dict[str, Any]]) -> None:
    rsps.get(
        f"{BASE}/webhooks",
        match=[matchers.query_param_matcher({"filter[name_contains]": "Stand-in"})],
        json={"webhooks": hooks, "meta": {"has_more": False}},
    )


def signing_secret(rsps: responses.RequestsMock) -> None:
    rsps.get(
        f"{BASE}/webhooks/{HOOK['response']['body']['webhook']['id']}/signing_secret",
        json=HOOK["signing_secret_response"]["body"],
    )


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["install", *args])


def test_install_creates_the_event_webhook_and_asks_for_its_secret(tmp_path: Path) -> None:
    wanted = copy.deepcopy(HOOK["request"]["body"])
    wanted["webhook"]["endpoint"] = URL
    with responses.RequestsMock() as rsps:
        search(rsps, [])
        create = rsps.post(
            f"{BASE}/webhooks",
            match=[matchers.json_params_matcher(wanted)],
            json=HOOK["response"]["body"],
            status=201,
        )
        signing_secret(rsps)
        result = run("acme", "--config", config_file(tmp_path, "not-yet-known"))
    assert result.exit_code == 0, result.output
    assert create.call_count == 1
    assert f"[create] event webhook 'Stand-in connector' → {URL}" in result.output
    assert f"ZENDESK_WEBHOOK_SECRET={SECRET}" in result.output


def test_a_second_install_changes_nothing(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        search(rsps, [existing()])
        signing_secret(rsps)
        result = run("acme", "--config", config_file(tmp_path, SECRET))
        assert [c.request.method for c in rsps.calls] == ["GET", "GET"]
    assert result.exit_code == 0, result.output
    assert "[exists] event webhook" in result.output
    assert "[exists] the webhook's signing secret is in webhook_secrets" in result.output
    assert SECRET not in result.output


def test_an_install_after_the_url_moved_re_points_the_webhook(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        search(rsps, [existing("https://old.example.com/webhooks/acme")])
        patch = rsps.patch(f"{BASE}/webhooks/{existing()['id']}", json={})
        signing_secret(rsps)
        result = run("acme", "--config", config_file(tmp_path, SECRET))
    assert patch.call_count == 1
    assert "[update] webhook" in result.output and "endpoint" in result.output


def test_a_dry_run_only_reads(tmp_path: Path) -> None:
    with responses.RequestsMock() as rsps:
        search(rsps, [])
        result = run("acme", "--dry-run", "--config", config_file(tmp_path, SECRET))
        assert [c.request.method for c in rsps.calls] == ["GET"]
    assert "[would create] event webhook" in result.output


def test_install_needs_to_know_where_standin_is_reachable(tmp_path: Path) -> None:
    path = config_file(tmp_path, SECRET)
    raw = yaml.safe_load(Path(path).read_text())
    raw.pop("public_url")
    Path(path).write_text(yaml.safe_dump(raw))
    result = run("acme", "--config", path)
    assert result.exit_code == 2
    assert "--public-url" in result.output
