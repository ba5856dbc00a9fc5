"""Failure is never silent: the team lead hears of what needs a person, once, in their language.

Every trigger goes through its real path (a start move the helpdesk refuses, a chain of
replacements that loops, an event the worker gives up, an HR delivery that keeps failing) and
the message is read back from a real SMTP server on loopback (aiosmtpd) or from the fake
helpdesk's ticket. Delivery failures: the mail server down (retried, then delivered) and the
mail server refusing (given up, audited and counted).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from connector.config import SmtpConfig, parse_config
from connector.domain.alerts import LANGUAGES, AlertKind, alert_for_audit, render
from connector.domain.lint import find_medical_terms, find_reason_terms
from connector.errors import ConfigError
from connector.mapping import credential_keys
from connector.wiring import Services
from connector.worker import Worker
from tests.contact_log_support import add_period, entry_data, hr_services
from tests.smtp_server import SmtpServer, free_port
from tests.support import FakeClock, build_test_services
from tests.test_assignment_refused import ZendeskDesk, cannot_take
from tests.test_lifecycle_vendors import DESK, START, tick_at

# a durable queue (compare-and-set claim), recorded in the audit row's transaction
pytestmark = pytest.mark.both_engines

LEAD = "lead@acme.example"  # signed in to the page and set the period
TEAM = "team-leads@acme.example"  # helpdesks.desk.team_lead_email
SMTP_PASSWORD = "smtp-pass-Zq8w3-never-logged"


def smtp_config(port: int, **changes: Any) -> SmtpConfig:
    return SmtpConfig(
        host="127.0.0.1", port=port, security="none", sender="standin@acme.example", **changes
    )


@pytest.fixture
def desk() -> Iterator[ZendeskDesk]:
    d = ZendeskDesk()
    d.fake.start()
    yield d
    d.fake.stop()


def build(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk, port: int, fallback: bool
) -> Services:
    helpdesk = {
        **desk.config(),
        "webhook_secrets": ["a-webhook-secret"],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
        "rate_limit_per_minute": 100_000,
        "team_lead_email": TEAM,
    }
    if fallback:
        helpdesk["fallback_agent"] = "dora@example.com"
    config = parse_config(
        {"database_url": db_url, "helpdesks": {DESK: helpdesk}},
        credential_keys=credential_keys(),
    )
    config = dataclasses.replace(config, smtp=smtp_config(port))
    return build_test_services(config, clock, sleeps)


@pytest.fixture
def svc(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk, smtp: SmtpServer
) -> Iterator[Services]:
    services = build(db_url, clock, sleeps, desk, smtp.port, fallback=True)
    yield services
    services.store.engine.dispose()


def create_period(svc: Services, replacement: str = "bob@example.com", **changes: Any) -> Any:
    data = {
        "helpdesk": DESK,
        "employee": "anna@example.com",
        "replacement": replacement,
        "starts_at": "2026-11-24",
        "ends_at": "2026-12-31",
        "notice": {"at_start": False},
    } | changes
    return svc.periods.create(data, LEAD)


def notifications(svc: Services) -> list[dict[str, Any]]:
    assert svc.notifier is not None
    return svc.notifier.nstore.rows()


def metric(svc: Services, line_start: str) -> float:
    for line in svc.metrics.render().decode().splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def text_of(msg: Any) -> str:
    return str(msg.get_body(preferencelist=("plain",)).get_content())


# -- triggers ----------------------------------------------------------------------------


def test_a_replacement_who_cannot_take_tickets_is_one_mail_per_lead_in_their_language(
    svc: Services, clock: FakeClock, desk: ZendeskDesk, smtp: SmtpServer
) -> None:
    for tid in range(1, 6):
        desk.add(tid, "anna")
    period = create_period(svc)
    cannot_take(desk, "bob")

    tick_at(svc, clock, START)  # five refusals, all given to the fallback agent
    Worker(svc, "w").drain()

    rows = notifications(svc)
    assert sorted(r["recipient"] for r in rows) == [LEAD, TEAM]  # one episode, two leads
    assert {(r["kind"], r["status"], r["occurrences"]) for r in rows} == {("refused", "sent", 5)}
    assert sorted(m["To"] for m in smtp.messages) == [LEAD, TEAM]
    msg = smtp.messages[0]
    assert msg["Subject"] == "Stand-in (desk): de vervanger kan geen tickets krijgen"
    assert msg["Content-Language"] == "nl"
    body = text_of(msg)
    assert f"In periode {period.id} (tickets van Anna)" in body
    assert "5 ticket(s) niet aan Bob geven" in body
    assert "vervanger van dienst dora@example.com" in body
    assert "Tickets: 1, 2, 3, 4, 5" in body
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="nl">' in html and "5 ticket(s)" in html
    assert not find_reason_terms(body, names=["Anna", "Bob"])


def test_the_same_failure_again_is_counted_not_sent_again_until_the_episode_is_over(
    svc: Services, clock: FakeClock, desk: ZendeskDesk, smtp: SmtpServer
) -> None:
    desk.add(1, "anna")
    create_period(svc)
    cannot_take(desk, "bob")
    tick_at(svc, clock, START)
    Worker(svc, "w").drain()
    assert len(smtp.messages) == 2

    assert svc.notifier is not None
    for hours in (1, 2):  # the sweep meets more refusals within the day: counted only
        clock.now = START + dt.timedelta(hours=hours)
        desk.add(10 + hours, "anna")
        svc.lifecycle.sweep(svc.periods.get(1), clock.now)
        Worker(svc, "w").drain()
    assert len(smtp.messages) == 2
    assert {r["occurrences"] for r in notifications(svc)} == {3}

    clock.now = START + dt.timedelta(hours=25)  # a day later it is a new episode
    desk.add(20, "anna")
    svc.lifecycle.sweep(svc.periods.get(1), clock.now)
    Worker(svc, "w").drain()
    assert len(smtp.messages) == 4
    assert sorted(r["episode"] for r in notifications(svc)) == [1, 1, 2, 2]


def test_each_ticket_left_without_an_owner_gets_an_internal_note_and_the_leads_one_mail(
    svc: Services, clock: FakeClock, desk: ZendeskDesk, smtp: SmtpServer
) -> None:
    desk.add(41, "anna")
    desk.add(42, "anna")
    period = create_period(svc)
    for tid in ("41", "42"):  # what recovery records when nobody could be given the ticket
        svc.repositories.audit.audit(
            clock(), DESK, "not_assigned_unowned", period_id=period.id, ticket_id=tid, reason="x"
        )
    Worker(svc, "w").drain()

    rows = sorted((r["channel"], r["recipient"], r["status"]) for r in notifications(svc))
    assert rows == [
        ("email", LEAD, "sent"),
        ("email", TEAM, "sent"),
        ("note", "41", "sent"),
        ("note", "42", "sent"),
    ]
    for tid in (41, 42):
        [note] = [c for c in desk.fake.comments[tid] if not c["public"]]
        assert "Niemand kon ze krijgen: ze hebben nu geen eigenaar" in note["body"]
    assert len(smtp.messages) == 2
    assert "2 ticket(s) niet aan Bob geven" in text_of(smtp.messages[0])


def test_tickets_escalated_to_the_fallback_agent_are_told_to_the_lead(
    svc: Services, clock: FakeClock, desk: ZendeskDesk, smtp: SmtpServer
) -> None:
    desk.add(1, "anna")
    create_period(svc)  # Anna → Bob
    svc.periods.create(  # … and Bob → Anna: a loop, so Anna's tickets go to the fallback
        {
            "helpdesk": DESK,
            "employee": "bob@example.com",
            "replacement": "anna@example.com",
            "starts_at": "2026-11-24",
            "ends_at": "2026-12-31",
            "notice": {"at_start": False},
        },
        LEAD,
    )

    tick_at(svc, clock, START)
    Worker(svc, "w").drain()

    assert desk.owned_by("dora") == [1]
    escalated = [r for r in notifications(svc) if r["kind"] == "escalated"]
    assert sorted(r["recipient"] for r in escalated) == [LEAD, TEAM]
    assert all(r["status"] == "sent" for r in escalated)
    [msg, _] = [m for m in smtp.messages if "vervanger van dienst" in m["Subject"]]
    assert "naar de vervanger van dienst dora@example.com" in text_of(msg)


def test_a_dead_lettered_event_is_one_mail_per_dead_letter(
    svc: Services, clock: FakeClock, smtp: SmtpServer
) -> None:
    ids, _ = svc.store.add_events(
        DESK, [("a", "ticket.created", "{not json"), ("b", "ticket.created", "[")], clock()
    )
    Worker(svc, "w").drain()

    rows = [r for r in notifications(svc) if r["recipient"] == TEAM]
    assert sorted(r["facts"]["event"] for r in rows) == sorted(str(i) for i in ids)
    assert len(smtp.messages) == 2  # period unknown: the helpdesk's team-lead address only
    assert "kon niet worden verwerkt" in smtp.messages[0]["Subject"]
    assert "opnieuw worden verwerkt" in text_of(smtp.messages[0])

    svc.store.replay(ids[0], clock())  # replayed, dies again: still that one dead letter
    Worker(svc, "w").drain()
    assert len(smtp.messages) == 2
    assert metric(svc, 'standin_notifications_total{channel="email",kind="dead_letter"') == 2


def test_a_dead_event_about_a_ticket_gets_a_note_on_it_and_the_period_lead_a_mail(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk, smtp: SmtpServer
) -> None:
    from tests.test_assignment_refused import deliver

    svc = build(db_url, clock, sleeps, desk, smtp.port, fallback=False)
    try:
        create_period(svc)
        clock.now = START + dt.timedelta(hours=1)
        tick_at(svc, clock, clock.now)
        cannot_take(desk, "bob")
        desk.add(41, "anna")

        deliver(svc, desk, 41, clock)  # refused, kept with Anna, dead-lettered: a person must look

        [dead] = svc.store.dead_events(None)
        rows = [r for r in notifications(svc) if r["kind"] == "dead_letter"]
        assert sorted((r["channel"], r["recipient"], r["status"]) for r in rows) == [
            ("email", LEAD, "sent"),
            ("email", TEAM, "sent"),
            ("note", "41", "sent"),
        ]
        assert {r["facts"]["event"] for r in rows} == {str(dead["id"])}
        [note] = [c for c in desk.fake.comments[41] if not c["public"]]
        assert f"Gebeurtenis {dead['id']} uit helpdesk desk (ticket 41)" in note["body"]
        kinds = sorted(r["kind"] for r in notifications(svc) if r["channel"] == "email")
        assert kinds == ["dead_letter", "dead_letter", "refused", "refused"]
    finally:
        svc.store.engine.dispose()


def test_an_hr_delivery_that_keeps_failing_and_then_is_given_up_tells_the_lead_twice(
    db_url: str, clock: FakeClock, sleeps: Any, vendor: Any, smtp: SmtpServer
) -> None:
    from tests.test_hr_delivery import BAMBOO, BAMBOO_HR, expect_bamboo_lookup

    hr = {**BAMBOO_HR, "max_attempts": 4}
    svc = hr_services(db_url, clock, sleeps, hr)
    try:
        svc.hr.housekeeping = None
        config = dataclasses.replace(
            svc.config,
            helpdesks={
                "acme": dataclasses.replace(svc.config.helpdesks["acme"], team_lead_email=(TEAM,))
            },
        )
        svc.store.engine.dispose()
        svc = build_test_services(
            dataclasses.replace(config, smtp=smtp_config(smtp.port)), clock, sleeps
        )
        svc.hr.housekeeping = None
        add_period(svc, created_by=LEAD)
        entry = svc.contact_log.create(entry_data(), "token:lead")
        assert entry.period_id is not None  # the entry belongs to the period LEAD set
        expect_bamboo_lookup(vendor)
        for _ in range(12):  # four attempts of three tries each
            vendor.post(f"{BAMBOO}/v1/employees/41/files/", status=503, body="Unavailable")
        for _ in range(4):
            Worker(svc, "w").drain()
            clock.advance(hours=7)
        Worker(svc, "w").drain()

        sent = [(r["kind"], r["recipient"], r["status"]) for r in notifications(svc)]
        assert sent == [
            ("hr_failing", LEAD, "sent"),
            ("hr_failing", TEAM, "sent"),
            ("hr_dead_letter", LEAD, "sent"),
            ("hr_dead_letter", TEAM, "sent"),
        ]
        subjects = [m["Subject"] for m in smtp.messages[::2]]
        assert subjects == [
            "Stand-in: levering aan het HR-systeem mislukt steeds",
            "Stand-in: een verslag kon niet aan het HR-systeem worden geleverd",
        ]
        assert "3 keer mislukt" in text_of(smtp.messages[0])
        assert "Anna" not in text_of(smtp.messages[2])  # nothing of the entry itself
    finally:
        svc.store.engine.dispose()


# -- delivery failures ---------------------------------------------------------------------


def test_with_the_mail_server_down_a_notification_is_retried_then_delivered(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk
) -> None:
    port = free_port()  # nothing listens here yet
    svc = build(db_url, clock, sleeps, desk, port, fallback=True)
    try:
        svc.store.add_events(DESK, [("a", "ticket.created", "{not json")], clock())
        Worker(svc, "w").drain()
        [row] = notifications(svc)
        assert (row["status"], row["attempts"]) == ("pending", 1)
        assert row["last_error"] == f"SMTP 127.0.0.1:{port}: ConnectionRefusedError"
        assert row["next_attempt_at"] > clock()
        assert (
            metric(
                svc,
                'standin_notifications_total{channel="email",kind="dead_letter",result="retried"',
            )
            == 1
        )

        server = SmtpServer(port).start()
        try:
            assert Worker(svc, "w").drain() == 0  # not due yet: backoff
            clock.advance(minutes=1)
            Worker(svc, "w").drain()
        finally:
            server.stop()
        [row] = notifications(svc)
        assert (row["status"], row["attempts"]) == ("sent", 2)
        assert [m["To"] for m in server.messages] == [TEAM]
    finally:
        svc.store.engine.dispose()


def test_a_mail_server_that_refuses_the_address_ends_it_visibly_given_up(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk
) -> None:
    server = SmtpServer(refuse="550 5.1.1 mailbox unavailable").start()
    svc = build(db_url, clock, sleeps, desk, server.port, fallback=True)
    try:
        svc.store.add_events(DESK, [("a", "ticket.created", "{not json")], clock())
        Worker(svc, "w").drain()
        [row] = notifications(svc)
        assert (row["status"], row["attempts"]) == ("failed", 1)
        [audit] = [
            r
            for r in svc.repositories.audit.audit_records(None, limit=100)
            if r["action"] == "notification_failed"
        ]
        assert audit["reason"] == (
            f"dead_letter by email to {TEAM}: "
            f"SMTP 127.0.0.1:{server.port}: recipients refused (550)"
        )
        assert (
            metric(
                svc,
                'standin_notifications_total{channel="email",kind="dead_letter",result="failed"',
            )
            == 1
        )
        assert metric(svc, 'standin_notifications_queue{status="failed"}') == 1
        assert server.messages == []
    finally:
        server.stop()
        svc.store.engine.dispose()


def test_a_refused_login_is_given_up_and_the_password_appears_nowhere(
    db_url: str,
    clock: FakeClock,
    sleeps: Any,
    desk: ZendeskDesk,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = SmtpServer(auth=True).start()
    svc = build(db_url, clock, sleeps, desk, server.port, fallback=True)
    assert svc.notifier is not None
    from connector.adapters.smtp_mailer import SmtpMailer
    from connector.config import Secret

    svc.notifier.mailer = SmtpMailer(
        smtp_config(server.port, username="standin", password=Secret(SMTP_PASSWORD))
    )
    try:
        caplog.set_level(logging.DEBUG)
        svc.store.add_events(DESK, [("a", "ticket.created", "{not json")], clock())
        Worker(svc, "w").drain()
        [row] = notifications(svc)
        assert row["status"] == "failed"
        assert row["last_error"] == f"SMTP 127.0.0.1:{server.port}: authentication refused (535)"
        audits = str(svc.repositories.audit.audit_records(None, limit=100))
        for where in (caplog.text, audits, str(row)):
            assert SMTP_PASSWORD not in where
    finally:
        server.stop()
        svc.store.engine.dispose()


# -- the messages and the configuration ----------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_in_every_language_passes_the_notice_guard_and_holds_no_medical_word(
    lang: str,
) -> None:
    facts = {
        "helpdesk": "acme",
        "event": "12",
        "ticket": "41",
        "period": "3",
        "employee": "Anna de Vries",
        "replacement": "Bob Jansen",
        "owner": "dora@example.com",
        "item": "7",
        "attempts": "3",
    }
    names = ["Anna de Vries", "Bob Jansen", "dora@example.com", "acme"]
    seen = set()
    for kind in AlertKind:
        for outcome in ("not_assigned_fallback", "not_assigned_kept", "not_assigned_unowned"):
            msg = render(kind, lang, {**facts, "outcome": outcome}, occurrences=2, names=names)
            assert msg.lang == lang
            assert not find_reason_terms(msg.subject + "\n" + msg.text, names)
            assert not find_medical_terms(msg.text, names)
            seen.add(msg.subject)
    assert len(seen) == len(AlertKind)  # a subject of its own per kind


def test_only_audit_actions_that_need_a_person_raise_an_alert() -> None:
    assert alert_for_audit("acme", "rerouted", {"period_id": 1}) is None
    assert alert_for_audit("acme", "notification_failed", {"period_id": 1}) is None
    unowned = alert_for_audit("acme", "not_assigned_unowned", {"period_id": 1, "ticket_id": "41"})
    kept = alert_for_audit("acme", "not_assigned_kept", {"period_id": 1, "ticket_id": "42"})
    assert unowned is not None and kept is not None
    assert unowned.note_on_ticket and not kept.note_on_ticket
    assert unowned.dedup_key == kept.dedup_key == "refused:acme:1"  # one refusal episode


def test_the_smtp_password_is_taken_only_as_an_env_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = {"host": "smtp.acme.example", "username": "standin", "from": "standin@acme.example"}
    with pytest.raises(ConfigError) as err:
        parse_config({"smtp": {**base, "password": "hunter22"}}, credential_keys={})
    assert "smtp.password: give it as an ${ENV} reference" in str(err.value)
    assert "hunter22" not in str(err.value)
    monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
    config = parse_config(
        {"smtp": {**base, "password": "${SMTP_PASSWORD}", "security": "ssl"}}, credential_keys={}
    )
    assert config.smtp is not None and config.smtp.port == 465
    assert config.smtp.password is not None and config.smtp.password.reveal() == SMTP_PASSWORD
    assert SMTP_PASSWORD not in repr(config.smtp)
    with pytest.raises(ConfigError, match="none is allowed only for a server on loopback"):
        parse_config({"smtp": {**base, "security": "none"}}, credential_keys={})


def test_retention_drops_ended_notifications_after_their_days_and_never_a_pending_one(
    svc: Services, clock: FakeClock, smtp: SmtpServer
) -> None:
    svc.store.add_events(DESK, [("a", "ticket.created", "{not json")], clock())
    Worker(svc, "w").drain()  # delivered
    from connector.adapters.smtp_mailer import SmtpMailer

    assert svc.notifier is not None
    svc.notifier.mailer = SmtpMailer(smtp_config(free_port()))  # a server that is gone
    svc.store.add_events(DESK, [("b", "ticket.created", "{not json")], clock())
    Worker(svc, "w").drain()  # the server is gone: pending, retried later
    assert sorted(r["status"] for r in notifications(svc)) == ["pending", "sent"]

    clock.advance(days=91)
    assert svc.retention.run(clock(), dry_run=True)["notifications"] == 1
    svc.retention.run(clock())
    assert [r["status"] for r in notifications(svc)] == ["pending"]
