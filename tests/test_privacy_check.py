"""``standin check`` lists stored templates and contact-log entries the guard now refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from connector.adapters.contact_log_store import ContactLogStore
from connector.adapters.repositories.templates import TemplateRepository
from connector.adapters.sealing import sealer_from
from connector.adapters.store import Store, migrate
from connector.cli import main
from connector.domain.contact_log import build_entry
from tests.test_config_and_cli import GOOD

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZD_TOKEN", "token-value-xyz")
    monkeypatch.setenv("ZD_SECRET", "secret-value-abc")


def config_file(tmp_path: Path, db: Path) -> str:
    raw: dict[str, Any] = {
        **GOOD,
        "database_url": f"sqlite:///{db}",
        "helpdesks": {"acme": {**GOOD["helpdesks"]["acme"], "company": "Krank GmbH"}},
    }
    path = tmp_path / "standin.yaml"
    path.write_text(yaml.safe_dump(raw))
    return str(path)


def template(text: str, version_lang: str = "en") -> dict[str, Any]:
    return {
        "helpdesk": "acme",
        "kind": "notice",
        "variant": "formal",
        "lang": version_lang,
        "subject": "Your contact",
        "text": text,
        "html": "",
    }


def entry(entry_id: str, summary: str) -> Any:
    return build_entry(
        {
            "contact_at": NOW,
            "author": {"name": "Chris Example", "function": "Team lead"},
            "channel": "phone",
            "outcome": "reached",
            "purpose": "well_being_check_in",
            "summary": summary,
        },
        entry_id=entry_id,
        helpdesk="acme",
        employee_email="anna@example.com",
        employee_name="Anna de Vries",
        period_id=None,
        recorded_at=NOW,
    )


def test_check_lists_stored_texts_the_guard_refuses_now_and_exits_non_zero(
    tmp_path: Path, env: None
) -> None:
    db = tmp_path / "s.db"
    migrate(f"sqlite:///{db}")
    store = Store(f"sqlite:///{db}")
    templates = TemplateRepository(store)
    # Stored under an older guard: a hint in a template, impressions of health in an entry.
    templates.add_template(
        template("{{ replacement_name }} helps you while Robin is recovering."), "t", NOW
    )
    templates.add_template(
        template("{{ replacement_name }} van Krank GmbH helpt u.", "nl"), "t", NOW
    )  # the company's own name is not a word
    plain = {"main": "Ik help u zolang Robin herstelt.", "subject": "Uw contact"}
    templates.add_template(template("", "de") | {"fields": plain}, "t", NOW)  # plain fields too
    log = ContactLogStore(store, sealer_from())  # sealed with the keys the CLI reads too
    log.add(entry("e-old", "Anna klonk somber en huilde even."), [], NOW)
    log.add(entry("e-fine", "Terugkeer besproken: uren opbouwen volgens plan."), [], NOW)

    result = CliRunner().invoke(main, ["check", "--config", config_file(tmp_path, db)])

    assert result.exit_code == 3, result.output
    assert "3 stored text(s) the privacy guard refuses now" in result.output
    assert "template acme notice/formal/en version 1, text: recovering" in result.output
    assert "template acme notice/formal/de version 1, fields.main: herstelt" in result.output
    assert "contact-log entry e-old (acme, anna@example.com, 2026-11-23), summary:" in (
        result.output
    )
    assert "klonk somber, huilde" in result.output
    assert "e-fine" not in result.output and "Krank" not in result.output


def test_check_passes_when_everything_stored_is_clean(tmp_path: Path, env: None) -> None:
    db = tmp_path / "s.db"
    migrate(f"sqlite:///{db}")
    TemplateRepository(Store(f"sqlite:///{db}")).add_template(
        template("{{ replacement_name }} helps you from today."), "t", NOW
    )
    result = CliRunner().invoke(main, ["check", "--config", config_file(tmp_path, db)])
    assert result.exit_code == 0, result.output
    assert "refuses" not in result.output


def test_check_does_not_create_a_database_that_does_not_exist(tmp_path: Path, env: None) -> None:
    db = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["check", "--config", config_file(tmp_path, db)])
    assert result.exit_code == 0, result.output
    assert not db.exists()


def test_check_lists_a_stored_template_that_says_more_about_the_colleague(
    tmp_path: Path, env: None
) -> None:
    """Saved before the check existed: the words are everyday ones, the clause is not the
    mention sentence; a hand-back that names them as the contact again stays clean."""
    db = tmp_path / "s.db"
    migrate(f"sqlite:///{db}")
    templates = TemplateRepository(Store(f"sqlite:///{db}"))
    says_more = (
        "{{ replacement_name }} helps you. {{ original_agent_first_name }} needs quiet weeks."
    )
    templates.add_template(template(says_more), "t", NOW)
    handback = "From today {{ original_agent_first_name }} is your contact again."
    templates.add_template(template(handback, "nl") | {"kind": "handback"}, "t", NOW)

    result = CliRunner().invoke(main, ["check", "--config", config_file(tmp_path, db)])

    assert result.exit_code == 3, result.output
    assert "1 stored text(s) the privacy guard refuses now" in result.output
    assert "notice/formal/en version 1, text: Robin needs quiet weeks" in result.output
    assert "handback" not in result.output
