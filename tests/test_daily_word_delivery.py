"""The daily word is delivered once a day per recipient: by e-mail through a real SMTP server on
loopback (aiosmtpd), or as an internal note on a configured ticket in the (fake) Zendesk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from connector.adapters.daily_word_store import DailyWordStore
from connector.adapters.smtp_mailer import SmtpMailer
from connector.services.daily_word import DailyWordService, DailyWordSettings
from connector.translations import translator
from connector.wiring import Services
from tests.smtp_server import SmtpServer, free_port
from tests.support import FakeClock
from tests.test_assignment_refused import ZendeskDesk
from tests.test_notifications import DESK, LEAD, TEAM, build, create_period, smtp_config, text_of

# the sent-marker is a unique row: both engines
pytestmark = pytest.mark.both_engines

MORNING = dt.datetime(2026, 12, 2, 7, 5, tzinfo=dt.UTC)  # 08:05 in Amsterdam


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
    services = build(db_url, clock, sleeps, desk, smtp.port, fallback=False)
    yield services
    services.store.engine.dispose()


def daily(svc: Services, smtp: SmtpServer, **settings: Any) -> DailyWordService:
    return DailyWordService(
        facts=DailyWordStore(svc.store),
        markers=DailyWordStore(svc.store),
        mailer=SmtpMailer(smtp_config(smtp.port)),
        translators=translator,
        settings={
            DESK: DailyWordSettings(
                lang="nl",
                team_lead_email=(TEAM,),
                ticket_url="https://acme.zendesk.com/agent/tickets/{id}",
                **settings,
            )
        },
        audit=svc.repositories.audit,
        clock=lambda: MORNING,
        notes=svc.helpdesks,
    )


def test_each_recipient_gets_the_word_once_a_day_not_twice_on_a_second_run(
    svc: Services, smtp: SmtpServer
) -> None:
    period = create_period(svc)
    svc.repositories.audit.audit(
        MORNING - dt.timedelta(hours=3), DESK, "rerouted", period_id=period.id, ticket_id="42"
    )
    words = daily(svc, smtp)

    assert (
        words.run(svc.repositories.periods.periods(), MORNING - dt.timedelta(hours=1)) == {}
    )  # 07:05 local
    assert words.run(svc.repositories.periods.periods(), MORNING) == {"sent": 2}
    assert words.run(svc.repositories.periods.periods(), MORNING + dt.timedelta(hours=2)) == {}

    assert len(smtp.messages) == 2
    to_replacement = next(m for m in smtp.messages if m["To"] == "bob@example.com")
    assert "Tickets die u sinds gisteren hebt overgenomen" in text_of(to_replacement)
    assert "<https://acme.zendesk.com/agent/tickets/42>" in text_of(to_replacement)
    assert to_replacement["Subject"] == "Stand-in: uw dagbericht van 2 december 2026"
    to_lead = next(m for m in smtp.messages if m["To"] != "bob@example.com")
    assert {a.strip() for a in to_lead["To"].split(",")} == {LEAD, TEAM}
    assert "Tickets tot nu toe verplaatst: 1" in text_of(to_lead)
    sent = [
        r
        for r in svc.repositories.audit.audit_records(None, period_id=period.id)
        if "daily" in r["action"]
    ]
    assert len(sent) == 2


def test_on_a_quiet_day_only_the_team_lead_hears_the_state(svc: Services, smtp: SmtpServer) -> None:
    create_period(svc)
    daily(svc, smtp).run(svc.repositories.periods.periods(), MORNING)
    assert [m["To"] for m in smtp.messages if m["To"] == "bob@example.com"] == []
    assert len(smtp.messages) == 1
    assert "De periode loopt." in text_of(smtp.messages[0])


def test_the_next_day_brings_a_new_word(svc: Services, smtp: SmtpServer) -> None:
    create_period(svc)
    words = daily(svc, smtp)
    words.run(svc.repositories.periods.periods(), MORNING)
    words.run(svc.repositories.periods.periods(), MORNING + dt.timedelta(days=1))
    assert len(smtp.messages) == 2
    assert "3 december 2026" in smtp.messages[1]["Subject"]


def test_with_the_mail_server_down_the_word_is_retried_then_given_up_visibly(
    svc: Services, smtp: SmtpServer
) -> None:
    create_period(svc)
    words = daily(svc, smtp)
    words.mailer = SmtpMailer(smtp_config(free_port()))  # nothing listens there
    words.max_attempts = 2
    assert words.run(svc.repositories.periods.periods(), MORNING) == {"retry": 1}
    assert words.run(svc.repositories.periods.periods(), MORNING + dt.timedelta(hours=2)) == {
        "failed": 1
    }
    rows = {r["recipient"]: r for r in DailyWordStore(svc.store).rows()}
    assert rows["replacement"]["status"] == "skipped"  # nothing new for the replacement
    row = rows["team_lead"]
    assert (row["status"], row["attempts"]) == ("failed", 2)
    assert "ConnectionRefusedError" in str(row["last_error"])
    assert words.run(svc.repositories.periods.periods(), MORNING + dt.timedelta(hours=4)) == {}


def test_a_word_the_privacy_guard_refuses_is_held_back_and_the_lead_is_told(
    svc: Services, smtp: SmtpServer, desk: ZendeskDesk
) -> None:
    period = create_period(svc)
    svc.repositories.audit.audit(
        MORNING - dt.timedelta(hours=3), DESK, "rerouted", period_id=period.id, ticket_id="42"
    )
    words = daily(svc, smtp)
    real = words.facts.facts

    def with_subject(p: Any, now: dt.datetime) -> Any:
        facts = real(p, now)
        moved = tuple(type(f)(f.ticket_id, f.at, "Anna is ziek thuis") for f in facts.moved)
        return type(facts)(**{**facts.__dict__, "moved": moved})

    words.facts.facts = with_subject  # type: ignore[method-assign]
    assert words.run(svc.repositories.periods.periods(), MORNING) == {"blocked": 1, "sent": 1}
    texts = [text_of(m) for m in smtp.messages]
    assert not any("ziek" in t for t in texts)
    assert any("niet verstuurd" in t for t in texts)


def test_where_configured_the_word_is_an_internal_note_in_the_helpdesk(
    svc: Services, smtp: SmtpServer, desk: ZendeskDesk
) -> None:
    desk.add(500, "dora")  # the team's own "Stand-in daily" ticket
    create_period(svc)
    daily(svc, smtp, note_ticket="500").run(svc.repositories.periods.periods(), MORNING)
    [note] = [c for c in desk.fake.comments[500] if not c["public"]]
    assert "De periode loopt." in note["body"]
    assert smtp.messages == []
