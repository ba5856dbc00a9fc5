"""The team lead's daily word names the next contact with the employee (issue 21, item 4), in
the lead's language, delivered through a real SMTP server on loopback; the daily word and the
contact procedure are the ones ``build_services`` wires together."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from connector.wiring import Services
from tests.smtp_server import SmtpServer
from tests.support import FakeClock, build_test_services
from tests.test_assignment_refused import ZendeskDesk
from tests.test_notifications import LEAD, TEAM, build, create_period, text_of

MORNING = dt.datetime(2026, 12, 2, 7, 5, tzinfo=dt.UTC)  # Wednesday, 08:05 in Amsterdam
PROCEDURE = {"by_whom": "Chris Example", "every": 1, "unit": "weeks", "channel": "phone"}


@pytest.fixture
def desk() -> Iterator[ZendeskDesk]:
    d = ZendeskDesk()
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk, smtp: SmtpServer
) -> Iterator[Services]:
    config = build(db_url, clock, sleeps, desk, smtp.port, fallback=False).config
    daily = dataclasses.replace(config.scheduler, daily_word=True)  # off by default
    services = build_test_services(dataclasses.replace(config, scheduler=daily), clock, sleeps)
    yield services
    services.store.engine.dispose()


def lead_mail(svc: Services, smtp: SmtpServer) -> str:
    assert svc.daily_word is not None
    svc.daily_word.run(svc.repositories.periods.periods(), MORNING)
    (mail,) = [m for m in smtp.messages if m["X-Stand-In-Kind"] == "daily-word-team_lead"]
    assert TEAM in mail["To"]
    return text_of(mail)


def test_a_missed_check_in_reaches_the_lead_as_a_kind_note_in_dutch(
    svc: Services, smtp: SmtpServer
) -> None:
    period = create_period(svc)
    svc.contact_procedures.save(period, PROCEDURE, LEAD, "")  # Monday 23 November
    text = lead_mail(svc, smtp)
    assert "Contact houden" in text
    assert (
        f"Er stond een contactmoment met {period.employee_name} gepland op maandag 30 november. "
        "Noteer in het contactlogboek hoe het ging, wanneer het u uitkomt." in text
    )


def test_after_a_logged_contact_the_lead_reads_when_the_next_one_is_due(
    svc: Services, smtp: SmtpServer, clock: FakeClock
) -> None:
    period = create_period(svc)
    svc.contact_procedures.save(period, PROCEDURE, LEAD, "")
    clock.advance(days=8)  # Tuesday 1 December: the lead notes Monday's call
    assert svc.contact_log is not None
    svc.contact_log.create(
        {
            "helpdesk": period.helpdesk,
            "employee": period.employee_email,
            "contact_at": dt.datetime(2026, 11, 30, 13, 0, tzinfo=dt.UTC),
            "author": {"name": "Chris Example", "function": "Team lead"},
            "channel": "phone",
            "outcome": "reached",
            "purpose": "well_being_check_in",
            "summary": "Called as agreed; routine tickets stay for now.",
        },
        LEAD,
    )
    text = lead_mail(svc, smtp)
    assert (
        f"Volgende contact met {period.employee_name}: maandag 7 december, telefonisch "
        "(Chris Example)." in text
    )
    assert "Er stond een contactmoment" not in text


def test_without_a_procedure_the_word_says_nothing_about_contact(
    svc: Services, smtp: SmtpServer
) -> None:
    create_period(svc)
    assert "Contact houden" not in lead_mail(svc, smtp)
