"""First run: `standin init` writes a config that works, with the secrets kept apart."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner

from connector.cli import main
from connector.config import load_config
from connector.first_run import HelpdeskAnswers, config_and_env
from connector.mapping import credential_keys

ZENDESK_ANSWERS = "\n".join(
    [
        "zendesk",  # helpdesk
        "acme",  # key
        "https://acme.zendesk.com",
        "ops@acme.example",  # email
        "zd-api-token-from-init",  # api_token (hidden)
        "",  # webhook secret: generate
        "Europe/Amsterdam",
        "nl",
        "",  # public URL: later
        "ops@acme.example",  # connection test
        "Inge de Vries",  # first admin
        "",
    ]
)


def _zendesk_user_search(rsps: responses.RequestsMock, status: int = 200) -> None:
    rsps.get(
        "https://acme.zendesk.com/api/v2/users/search.json",
        match=[responses.matchers.query_param_matcher({"query": "email:ops@acme.example"})],
        status=status,
        json={"users": [{"id": 42, "email": "ops@acme.example", "name": "Ops", "role": "admin"}]}
        if status == 200
        else {"error": "Couldn't authenticate you"},
    )


def test_init_writes_a_config_with_references_and_a_private_env_file_that_standin_check_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        _zendesk_user_search(rsps)
        result = CliRunner().invoke(main, ["init"], input=ZENDESK_ANSWERS)
    assert result.exit_code == 0, result.output
    config_text = (tmp_path / "standin.yaml").read_text()
    assert "zd-api-token-from-init" not in config_text
    assert "${STANDIN_ACME_API_TOKEN}" in config_text
    env_file = tmp_path / "standin.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert "STANDIN_ACME_API_TOKEN='zd-api-token-from-init'" in env_file.read_text()
    assert "connected: Ops is agent 42" in result.output
    assert "/ui/invite/" in result.output.splitlines()[-1]
    check = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "standin.yaml")])
    assert check.exit_code == 0, check.output
    assert "acme (zendesk)" in check.output
    config = load_config(tmp_path / "standin.yaml", credential_keys=credential_keys())
    assert config.helpdesks["acme"].credentials["api_token"].reveal() == "zd-api-token-from-init"
    assert config.database_url == f"sqlite:///{tmp_path / 'standin.db'}"
    assert (tmp_path / "standin.db").exists()


def test_init_says_when_the_helpdesk_refuses_the_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        _zendesk_user_search(rsps, status=401)
        result = CliRunner().invoke(main, ["init"], input=ZENDESK_ANSWERS)
    assert result.exit_code == 1
    assert "connection failed" in result.output
    assert "zd-api-token-from-init" not in result.output


def test_init_never_overwrites_an_existing_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "standin.yaml").write_text("helpdesks: {}\n")
    result = CliRunner().invoke(main, ["init"], input=ZENDESK_ANSWERS)
    assert result.exit_code == 2
    assert "exists" in result.output
    assert (tmp_path / "standin.yaml").read_text() == "helpdesks: {}\n"


def test_a_variable_in_the_environment_wins_over_the_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = HelpdeskAnswers(
        key="acme",
        vendor="zendesk",
        url="https://acme.zendesk.com",
        credentials={"email": "ops@acme.example", "api_token": "from-file"},
        secret_keys=frozenset({"api_token"}),
        webhook_secret="s",
    )
    config, env = config_and_env(answers, tmp_path)
    import yaml

    (tmp_path / "standin.yaml").write_text(yaml.safe_dump(config))
    (tmp_path / "standin.env").write_text("".join(f"{k}='{v}'\n" for k, v in env.items()))
    monkeypatch.setenv("STANDIN_ACME_API_TOKEN", "from-environment")
    loaded = load_config(tmp_path / "standin.yaml", credential_keys=credential_keys())
    assert loaded.helpdesks["acme"].credentials["api_token"].reveal() == "from-environment"
    assert "STANDIN_ACME_WEBHOOK_SECRET" not in os.environ  # the file never leaks into it


def test_a_server_with_no_helpdesk_says_what_to_do_next_on_its_front_page(tmp_path: Path) -> None:
    from connector.config import parse_config
    from connector.web import create_app

    config = parse_config(
        {"database_url": f"sqlite:///{tmp_path / 's.db'}"}, credential_keys=credential_keys()
    )
    from connector.adapters.store import migrate

    migrate(config.database_url)
    client = create_app(config, TESTING=True).test_client()
    front = client.get("/")
    assert front.status_code == 302 and front.headers["Location"] == "/ui/"
    page = client.get("/ui/sign-in", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "nog geen helpdesk gekoppeld" in page
    assert "standin init" in page


def test_the_readme_config_example_passes_standin_check_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "standin.yaml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("ZENDESK_API_TOKEN", "ZENDESK_WEBHOOK_SECRET", "SMTP_PASSWORD"):  # as named
        monkeypatch.setenv(name, "value-of-" + name.lower())
    result = CliRunner().invoke(main, ["check", "--config", "standin.yaml"])
    assert result.exit_code == 0, result.output
