"""The contact-log API and the notes team leads write in Zendesk: entries in, exact calls out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from responses import matchers

from connector.adapters.store import ClaimedEvent
from connector.domain.events import EventKind
from connector.domain.outcomes import Outcome
from connector.worker import Worker
from tests.conftest import ZENDESK_SECRET
from tests.contact_log_support import TEAM_LEAD, add_period, api_entry, hr_services
from tests.support import fixture_bytes, fixture_json, zendesk_headers
from tests.zendesk_api import BASE, register_agent_search, register_customer, user


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def period(services: Any) -> Any:
    return add_period(services)


def post_note(client: Any, clock: Any, body: bytes) -> Any:
    return client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )


def note_fixture(body: str | None = None) -> bytes:
    if body is None:
        return fixture_bytes("zendesk", "comment_added_contactlog_note.json")
    payload = fixture_json("zendesk", "comment_added_contactlog_note.json")
    payload["event"]["comment"]["body"] = body
    return json.dumps(payload).encode()


def written(services: Any) -> list[Any]:
    """Entries people wrote (the worker's housekeeping also adds automatic weekly ones)."""
    return [e for e, _ in services.contact_log.log.entries(None) if not e.is_automatic]


def register_author(vendor: Any, email: str = TEAM_LEAD) -> Any:
    return vendor.get(
        f"{BASE}/users/9003.json", json={"user": user(9003, "Chris Example", email, "agent")}
    )


# -- API --------------------------------------------------------------------------------


def test_a_team_lead_records_an_entry_and_it_is_linked_to_the_employees_period(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    resp = client.post("/api/v1/contact-log", json=api_entry(), headers=auth("team_lead"))
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["period_id"] == period.id
    assert body["employee"] == {"email": "anna@example.com", "name": "Anna de Vries"}
    assert body["author"] == {"name": "Chris Example", "function": "Team lead"}
    assert body["recorded_at"] == "2026-11-23T09:00:00+00:00"
    assert body["created_by"] == "token:team_lead" and body["current"] is True
    assert services.contact_log.log.outbox(None) == []  # no HR system configured: local only


def test_hr_data_is_confidential_a_viewer_may_not_read_or_write_it(
    client: Any, auth: Any, period: Any
) -> None:
    assert (
        client.post("/api/v1/contact-log", json=api_entry(), headers=auth("viewer")).status_code
        == 403
    )
    resp = client.get(
        "/api/v1/contact-log?helpdesk=acme&employee=anna@example.com", headers=auth("viewer")
    )
    assert resp.status_code == 403
    assert client.get("/api/v1/hr/dead", headers=auth("viewer")).status_code == 403


def test_medical_words_are_refused_with_422_naming_each_field_and_word(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    body = api_entry(
        summary="Anna had a doctor's appointment.",
        employee_view={"stance": "agrees", "own_words": "Ich bin noch krank."},
        may_tell={"colleagues": "", "customers": "Anna est malade."},
    )
    resp = client.post("/api/v1/contact-log", json=body, headers=auth("team_lead"))
    assert resp.status_code == 422
    fields = resp.get_json()["error"]["fields"]
    assert fields == {
        "summary": ["not allowed in the HR file: doctor"],
        "employee_view.own_words": ["not allowed in the HR file: krank"],
        "may_tell.customers": ["not allowed in the HR file: malade"],
    }
    assert services.contact_log.log.entries(None) == []


def test_schema_errors_are_422_per_field(client: Any, auth: Any, period: Any) -> None:
    body = api_entry(channel="pigeon", summary="x" * 1001, extra="nope")
    del body["author"]
    resp = client.post("/api/v1/contact-log", json=body, headers=auth("team_lead"))
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["fields"]) == {"channel", "summary", "extra", "author"}


def test_customer_data_is_redacted_before_it_is_stored(client: Any, auth: Any, period: Any) -> None:
    body = api_entry(summary="Customer daan@example.org (+31 6 1234 5678) asked for Anna.")
    resp = client.post("/api/v1/contact-log", json=body, headers=auth("team_lead"))
    assert resp.get_json()["summary"] == "Customer [redacted] ([redacted]) asked for Anna."


def test_an_employee_without_a_period_cannot_get_an_entry(client: Any, auth: Any) -> None:
    resp = client.post("/api/v1/contact-log", json=api_entry(), headers=auth("team_lead"))
    assert resp.status_code == 422
    assert "has no reassignment period" in resp.get_json()["error"]["fields"]["employee"][0]


def test_a_correction_supersedes_the_old_entry_which_stays(
    client: Any, auth: Any, period: Any
) -> None:
    first = client.post("/api/v1/contact-log", json=api_entry(), headers=auth("team_lead"))
    old_id = first.get_json()["id"]
    fix = api_entry(outcome="rescheduled", summary="Call moved to Friday at Anna's request.")
    del fix["helpdesk"], fix["employee"]
    resp = client.post(
        f"/api/v1/contact-log/{old_id}/supersede", json=fix, headers=auth("team_lead")
    )
    assert resp.status_code == 201
    new = resp.get_json()
    assert new["supersedes_id"] == old_id and new["outcome"] == "rescheduled"
    old = client.get(f"/api/v1/contact-log/{old_id}", headers=auth("team_lead")).get_json()
    assert old["superseded_by"] == [new["id"]] and old["current"] is False
    assert old["summary"] == "Called Anna as planned; she keeps routine tickets for now."
    listed = client.get(
        "/api/v1/contact-log?helpdesk=acme&employee=ANNA@example.com", headers=auth("admin")
    ).get_json()["entries"]
    assert {e["id"]: e["current"] for e in listed} == {old_id: False, new["id"]: True}


def test_a_correction_of_an_unknown_entry_is_404(client: Any, auth: Any, period: Any) -> None:
    resp = client.post(
        "/api/v1/contact-log/nope/supersede", json=api_entry(), headers=auth("team_lead")
    )
    assert resp.status_code == 404


def test_a_token_limited_to_another_helpdesk_sees_no_entry(
    client: Any, auth: Any, period: Any, services: Any, clock: Any
) -> None:
    token = services.repositories.tokens.create_token("other-lead", "team_lead", clock(), ["other"])
    created = client.post("/api/v1/contact-log", json=api_entry(), headers=auth("team_lead"))
    resp = client.get(
        f"/api/v1/contact-log/{created.get_json()['id']}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 404


def test_the_openapi_document_lists_the_contact_log_routes(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {
        "/api/v1/contact-log",
        "/api/v1/contact-log/{entry_id}/supersede",
        "/api/v1/hr/dead",
    } <= set(paths)


# -- automatic facts --------------------------------------------------------------------


def test_how_notices_mention_the_employee_is_recorded_as_an_agreement_never_a_reason(
    services: Any, vendor: Any, clock: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    p = services.periods.create(
        {
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-24",
            "ends_at": "2026-12-31",
            "notice": {"mention": "still_works"},
        },
        actor="token:lead",
    )
    clock.advance(minutes=5)
    services.periods.update(p.id, {"notice": {"mention": "unavailable"}}, "token:lead")
    entries = [e for e, _ in services.contact_log.log.entries(["acme"], "anna@example.com")]
    summaries = [s for _, s in sorted((e.recorded_at, e.summary) for e in entries)]
    # written in the helpdesk's language (acme: nl)
    assert summaries[0].endswith(
        "Afgesproken met Anna de Vries: klantberichten zeggen dat hij of zij nog aan het account "
        "van de klant werkt en dat de vervanger voorlopig het aanspreekpunt is."
    )
    assert summaries[1].endswith(
        "Afgesproken met Anna de Vries: klantberichten zeggen dat hij of zij tijdelijk niet "
        "beschikbaar is."
    )
    notice = services.notices.render(
        services.periods.get(p.id), services.helpdesks["acme"].config, None, clock().date()
    )
    assert "Anna is tijdelijk niet beschikbaar." in notice.text  # the helpdesk speaks nl


def test_period_set_changed_and_ended_are_automatic_facts_in_the_helpdesks_language(
    services: Any, vendor: Any, clock: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    p = services.periods.create(
        {
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-24",
            "ends_at": "2026-12-31",
        },
        actor="token:lead",
    )
    clock.advance(minutes=5)
    services.periods.update(p.id, {"ends_at": "2027-01-15"}, "token:lead")
    clock.advance(days=2)
    services.periods.end(p.id, "token:lead")
    entries = [e for e, _ in services.contact_log.log.entries(["acme"], "anna@example.com")]
    summaries = sorted((e.recorded_at, e.summary) for e in entries)
    assert [s for _, s in summaries] == [  # acme's locale is nl
        "Herverdelingsperiode ingesteld: Bob Jansen helpt de klanten van Anna de Vries "
        "van 24 november 2026 tot en met 31 december 2026.",
        "Herverdelingsperiode gewijzigd (de einddatum): Bob Jansen helpt de klanten van "
        "Anna de Vries van 24 november 2026 tot en met 15 januari 2027.",
        "Herverdelingsperiode vervroegd beëindigd op 25 november 2026; de tickets van "
        "Anna de Vries worden teruggegeven zoals de periode bepaalt.",
    ]
    assert {(e.author_name, e.purpose.value, e.period_id) for e in entries} == {
        ("Stand-in (automatisch)", "reassignment_information", p.id)
    }


def test_an_open_ended_period_is_recorded_as_until_further_notice_and_then_ended_not_early(
    services: Any, vendor: Any, clock: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    body = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-11-24",
        "ends_at": None,
    }
    p = services.periods.create(body, actor="token:lead")
    clock.advance(days=2)
    services.periods.end(p.id, "token:lead")
    entries = [e for e, _ in services.contact_log.log.entries(["acme"], "anna@example.com")]
    assert [s for _, s in sorted((e.recorded_at, e.summary) for e in entries)] == [
        "Herverdelingsperiode ingesteld: Bob Jansen helpt de klanten van Anna de Vries "
        "vanaf 24 november 2026, tot nader bericht.",
        "Herverdelingsperiode beëindigd op 25 november 2026; de tickets van Anna de Vries "
        "worden teruggegeven zoals de periode bepaalt.",
    ]


def test_the_weekly_summary_counts_moved_tickets_and_sent_notices_once(
    services: Any, period: Any, clock: Any
) -> None:
    repos = services.repositories
    last_week = clock() - dt.timedelta(days=2)
    for ticket in ("123", "124", "124"):
        repos.audit.audit(last_week, "acme", "rerouted", period_id=period.id, ticket_id=ticket)
    repos.audit.audit(clock(), "acme", "rerouted", period_id=period.id, ticket_id="125")
    repos.notices.record_notice(period.id, "customer:7001", "123", "nl", "intended", last_week)
    repos.notices.set_notice_status(period.id, "customer:7001", "sent")
    assert services.contact_log.weekly_summaries(clock()) == 1
    assert services.contact_log.weekly_summaries(clock()) == 0  # once per period and week
    [entry] = [e for e, _ in services.contact_log.log.entries(None)]
    assert entry.summary == (  # in the helpdesk's language (nl), singular and plural
        "Week 2026-W47: 2 tickets verplaatst naar Bob Jansen; 1 klantbericht verstuurd."
    )
    assert entry.source.value == "automatic" and entry.source_ref == f"weekly:{period.id}:2026-W47"


# -- notes written in Zendesk -------------------------------------------------------------


def test_a_team_leads_contactlog_note_becomes_a_redacted_entry_with_exact_lookups(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    mapping = services.helpdesks["acme"].mapping
    payload = fixture_json("zendesk", "comment_added_contactlog_note.json")
    event = mapping.to_canonical("acme", mapping.event_type(payload, {}), payload)
    assert event.kind is EventKind.INTERNAL_NOTE and event.actor_id == "9003"
    author = register_author(vendor)
    customer = vendor.get(
        f"{BASE}/users/7001.json",
        json=fixture_json("zendesk", "api/user_show_customer.json"),
    )
    assert post_note(client, clock, note_fixture()).status_code == 202
    assert Worker(services, "w").drain() == 1
    assert (author.call_count, customer.call_count, len(vendor.calls)) == (1, 1, 2)
    [entry] = written(services)
    assert entry.summary == (
        "Called Anna as planned. She would like to keep routine tickets for now. "
        "[redacted] ([redacted], [redacted]) asked for her; Bob answers him."
    )
    assert (entry.author_name, entry.author_function) == ("Chris Example", "Team lead")
    assert entry.contact_at.isoformat() == "2026-11-23T08:51:08.441290+00:00"
    assert entry.source.value == "helpdesk_note" and entry.period_id == period.id
    assert entry.next_contact is not None and entry.next_contact.by_whom == "Chris"
    assert [(p.role.value, p.name) for p in entry.participants] == [
        ("employee", ""),
        ("team_lead", "Chris Example"),
    ]


def test_a_note_with_medical_words_is_not_synced_and_the_author_is_told_why(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_author(vendor)
    register_customer(vendor)
    body = (
        "#contactlog\nemployee: anna@example.com\nchannel: phone\noutcome: reached\n"
        "purpose: well_being_check_in\n\nAnna was at the huisarts again."
    )
    expected = (
        "Stand-in did not put this contact note in the HR file. Please write a new note "
        "with these changes:\n\n"
        "- summary: not allowed in the HR file: huisarts\n\n"
        "The HR file never holds medical information or reasons (no diagnosis, symptoms, "
        "treatment or appointments, not even when the employee shared them). Consider "
        "redacting the original note in this ticket."
    )
    reply = vendor.put(
        f"{BASE}/tickets/123.json",
        match=[
            matchers.json_params_matcher(
                {"ticket": {"comment": {"body": expected, "public": False}}}
            )
        ],
        json=fixture_json("zendesk", "api/ticket_update_ok.json"),
    )
    post_note(client, clock, note_fixture(body))
    Worker(services, "w").drain()
    assert reply.call_count == 1
    assert written(services) == []
    assert services.store.queue_stats(clock())["counts"] == {"done": 1}


def test_a_note_with_a_syntax_error_gets_the_syntax_in_the_reply(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_author(vendor)
    reply = vendor.put(f"{BASE}/tickets/123.json", json={})
    post_note(client, clock, note_fixture("#contactlog\nchanel: phone\n\nCalled Anna."))
    Worker(services, "w").drain()
    sent = json.loads(reply.calls[0].request.body)["ticket"]["comment"]
    assert sent["public"] is False
    assert "- syntax: unknown line 'chanel: phone'" in sent["body"]
    assert "- employee: add a line employee: <e-mail>" in sent["body"]
    assert "outcome: reached | no_answer" in sent["body"]  # the syntax help


def test_a_marked_note_by_someone_not_listed_as_team_lead_is_ignored(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_author(vendor, email="carla@example.com")
    post_note(client, clock, note_fixture())
    Worker(services, "w").drain()
    assert len(vendor.calls) == 1  # only the author lookup; no reply, no entry
    assert written(services) == []


def test_a_replayed_note_event_records_the_entry_once(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_author(vendor)
    vendor.get(
        f"{BASE}/users/7001.json", json=fixture_json("zendesk", "api/user_show_customer.json")
    )
    vendor.get(
        f"{BASE}/users/7001.json", json=fixture_json("zendesk", "api/user_show_customer.json")
    )
    post_note(client, clock, note_fixture())
    Worker(services, "w").drain()
    assert services.store.event_status(1)["status"] == "done"
    again = ClaimedEvent(
        1, "acme", "zen:event-type:ticket.comment_added", note_fixture().decode(), 2, clock()
    )
    outcome = services.rerouter.process(again)
    assert outcome.reason.startswith("contact note recorded as entry")
    assert outcome.outcome is Outcome.CONTACT_NOTE_RECORDED
    assert len(written(services)) == 1


def test_every_read_of_entries_is_in_the_access_log_which_only_admins_see(
    client: Any, auth: Any, period: Any
) -> None:
    created = client.post("/api/v1/contact-log", json=api_entry(), headers=auth()).get_json()
    client.get("/api/v1/contact-log?helpdesk=acme&employee=anna@example.com", headers=auth())
    client.get(f"/api/v1/contact-log/{created['id']}", headers=auth())
    client.get("/api/v1/contact-log?helpdesk=acme&employee=nobody@example.com", headers=auth())
    assert client.get("/api/v1/contact-log/access", headers=auth()).status_code == 403
    reads = client.get("/api/v1/contact-log/access", headers=auth("admin")).get_json()["reads"]
    assert [(r["actor"], r["via"], r["entry_ids"]) for r in reads] == [
        ("token:team_lead", "api", [created["id"]]),
        ("token:team_lead", "api", [created["id"]]),
    ]  # a read that showed no entry is not a read of the HR file
    assert reads[0]["employee"] == "anna@example.com"
