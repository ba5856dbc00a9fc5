"""Contact notes written where team leads work, in Freshdesk, HubSpot, Zammad and RT.

Each helpdesk sends a team lead's internal note differently (see each ``Desk`` below): the
webhook in, the calls that fill in what the payload lacks, the author lookup, the customer
lookup (for redaction) and, on refusal, the exact internal reply. Zendesk's are in
test_contact_log_api.py. Mocks only at the vendor HTTP boundary (``responses``).
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from responses import matchers

from connector.adapters.helpdesks.hubspot.client import _html
from connector.adapters.signatures import sign_zammad
from connector.config import parse_config
from connector.domain.events import EventKind
from connector.html_text import note_text
from connector.mapping import credential_keys, load_mapping
from connector.web import create_app
from connector.wiring import Services
from tests import freshdesk_api, hubspot_api, rt_api, zammad_api
from tests.contact_log_support import add_period
from tests.support import build_test_services, fixture_json
from tests.vendor_harness import drain

NOTE_AT = dt.datetime(2026, 11, 23, 8, 51, 8, tzinfo=dt.UTC)


def note_lines(customer: str, summary: str = "") -> list[str]:
    """A team lead's note in the documented syntax; the summary names the customer."""
    return [
        "#contactlog",
        "employee: anna@example.com",
        "channel: phone",
        "outcome: reached",
        "purpose: well_being_check_in",
        "",
        summary
        or f"Called Anna as planned. {customer} (customer@example.org) asked for her; Bob answers.",
    ]


MEDICAL_SUMMARY = "Anna was at the huisarts again."
REFUSAL = (
    "Stand-in did not put this contact note in the HR file. Please write a new note "
    "with these changes:\n\n"
    "- summary: not allowed in the HR file: huisarts\n\n"
    "The HR file never holds medical information or reasons (no diagnosis, symptoms, "
    "treatment or appointments, not even when the employee shared them). Consider "
    "redacting the original note in this ticket."
)


def editor_html(lines: list[str]) -> str:
    """What a rich-text editor sends: one block per line, ``<br>`` for an empty line."""
    return "".join(f"<div>{html.escape(line) or '<br>'}</div>" for line in lines)


# -- one class per helpdesk: the same questions, each answered the vendor's way --------------


class FreshdeskDesk:
    """A private note; the rule's webhook carries its text, not its author (conversations)."""

    text_in_payload = True
    #: The success path: who wrote it (conversations), the author, the customer (redaction).
    calls = [
        "GET /api/v2/tickets/1042/conversations",
        "GET /api/v2/agents/43000012347",
        "GET /api/v2/contacts/43000098765",
    ]

    key, vendor_name, customer = "klantbv", "freshdesk", "Noor Jansen"
    lead, lead_email = freshdesk_api.LEAD, "lead@example.com"
    ticket = "1042"

    def helpdesk(self) -> dict[str, Any]:
        return {
            "vendor": "freshdesk",
            "url": "https://klantbv.freshdesk.com",
            "credentials": {"api_key": "fd-api-key-123"},
            "webhook_secrets": [freshdesk_api.SECRET],
        }

    def post(self, client: Any, clock: Any, lines: list[str]) -> Any:
        payload = fixture_json("freshdesk", "note_added_contactlog_by_agent.json")
        payload["latest_private_comment"] = editor_html(lines)
        headers = {"Content-Type": "application/json", "X-Standin-Secret": freshdesk_api.SECRET}
        return client.post(f"/webhooks/{self.key}", data=json.dumps(payload), headers=headers)

    def register_note(self, vendor: Any, lines: list[str], author: str | None = None) -> Any:
        rows = copy.deepcopy(freshdesk_api.api("ticket_conversations_list.json"))
        rows[-1].update(
            body=editor_html(lines),
            body_text="\n".join(lines),
            user_id=int(author or self.lead),
            created_at="2026-11-23T08:51:08Z",
        )
        return vendor.get(
            f"{freshdesk_api.BASE}/tickets/{self.ticket}/conversations",
            match=[matchers.query_param_matcher({"per_page": "100"})],
            json=rows,
        )

    def register_author(self, vendor: Any, email: str = "lead@example.com") -> Any:
        agent = freshdesk_api.api("agent_get_lead.json")
        agent["contact"]["email"] = email
        return vendor.get(f"{freshdesk_api.BASE}/agents/{self.lead}", json=agent)

    def register_customer(self, vendor: Any) -> None:
        freshdesk_api.register_contact(vendor)

    def expect_reply(self, vendor: Any, text: str) -> Any:
        return freshdesk_api.expect_note(
            vendor, html.escape(text, quote=False).replace("\n", "<br>")
        )


class HubSpotDesk:
    """A note on the ticket; a generic ``object.creation`` names only the note (read it)."""

    text_in_payload = False
    #: The note (text, author, ticket), the author, the ticket (its contact), the customer.
    calls = [
        "GET /crm/v3/objects/notes/54321987002",
        "GET /crm/v3/owners/9100003",
        "GET /crm/v3/objects/tickets/1234567001",
        "GET /crm/v3/pipelines/tickets",
        "GET /crm/v3/objects/contacts/751",
        "GET /crm/v3/owners",
    ]

    key, vendor_name, customer = "hubspotdesk", "hubspot", "Noor Jansen"
    lead, lead_email = "9100003", "lead@example.com"  # a *user* id, as notes name people
    ticket, note = hubspot_api.TICKET, "54321987002"

    def helpdesk(self) -> dict[str, Any]:
        return {
            "vendor": "hubspot",
            "url": hubspot_api.BASE,
            "credentials": {"access_token": "pat-eu1-test-token", "app_id": hubspot_api.APP_ID},
            "webhook_secrets": [hubspot_api.SECRET],
        }

    def post(self, client: Any, clock: Any, lines: list[str]) -> Any:
        [event] = fixture_json("hubspot", "note_created_contactlog_generic_webhook.json")
        event["occurredAt"] = int(NOTE_AT.timestamp() * 1000)
        body = json.dumps([event]).encode()
        url = f"https://standin.example.com/webhooks/{self.key}"
        headers = hubspot_api.hubspot_headers(body, url, clock())
        return client.post(f"/webhooks/{self.key}", data=body, headers=headers)

    def register_note(self, vendor: Any, lines: list[str], author: str | None = None) -> Any:
        note = hubspot_api.api("note_get_contactlog.json")
        note["properties"]["hs_note_body"] = (
            '<div style="" dir="auto" data-top-level="true">'
            + "".join(f'<p style="margin:0;">{html.escape(line) or "<br>"}</p>' for line in lines)
            + "</div>"
        )
        note["properties"]["hs_created_by"] = author or self.lead
        return vendor.get(
            f"{hubspot_api.BASE}/crm/v3/objects/notes/{self.note}",
            match=[
                matchers.query_param_matcher(
                    {
                        "properties": "hs_note_body,hs_created_by_user_id,hs_created_by",
                        "associations": "tickets",
                    }
                )
            ],
            json=note,
        )

    def register_author(self, vendor: Any, email: str = "lead@example.com") -> Any:
        owner = hubspot_api.api("owner_get_by_user_id_lea.json")
        owner["email"] = email
        return vendor.get(
            f"{hubspot_api.BASE}/crm/v3/owners/{self.lead}",
            match=[matchers.query_param_matcher({"idProperty": "userId"})],
            json=owner,
        )

    def register_customer(self, vendor: Any) -> None:
        """The ticket (for its contact: the note does not say), then that contact."""
        hubspot_api.register_ticket(vendor)
        hubspot_api.register_pipelines(vendor)
        hubspot_api.register_contact(vendor)

    def expect_reply(self, vendor: Any, text: str) -> Any:
        return hubspot_api.expect_note(vendor, _html(text), "2026-11-23T09:00:00.000Z")


class ZammadDesk:
    """An internal article (type note): text and author are in the trigger's payload."""

    text_in_payload = True
    #: The author and the customer; the article itself is in the payload.
    calls = ["GET /api/v1/users/4", "GET /api/v1/users/9"]

    key, vendor_name, customer = "zammaddesk", "zammad", "Noor Jansen"
    lead, lead_email = "4", "lead@example.com"
    ticket = "81"
    token = "standin-zammad-signature-token"

    def helpdesk(self) -> dict[str, Any]:
        return {
            "vendor": "zammad",
            "url": zammad_api.URL,
            "credentials": {"api_token": zammad_api.API_TOKEN},
            "webhook_secrets": [self.token],
        }

    def post(self, client: Any, clock: Any, lines: list[str], **article: Any) -> Any:
        payload = fixture_json("zammad", "article_contactlog_note.json")
        payload["article"].update(
            body=editor_html(lines),
            content_type="text/html",
            created_at="2026-11-23T08:51:08.000Z",
            **article,
        )
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Zammad-Trigger": "Stand-in: article created",
            "X-Zammad-Delivery": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d99",
            "X-Hub-Signature": sign_zammad(self.token, body),
        }
        return client.post(f"/webhooks/{self.key}", data=body, headers=headers)

    def register_note(self, vendor: Any, lines: list[str], author: str | None = None) -> None:
        """Nothing to fetch: Zammad sends the article with its text and author."""

    def register_author(self, vendor: Any, email: str = "lead@example.com") -> Any:
        user = zammad_api.api("user_agent_lead.json")
        user["email"] = email
        return vendor.get(f"{zammad_api.BASE}/users/4", match=[zammad_api.AUTH], json=user)

    def register_customer(self, vendor: Any) -> None:
        zammad_api.register_customer(vendor)

    def expect_reply(self, vendor: Any, text: str) -> Any:
        return zammad_api.expect_article(vendor, zammad_api.note_article(text))


class RtDesk:
    """A comment; the scrip sends no content, so the transaction's attachments are read."""

    text_in_payload = False
    #: The comment's text, the author, the requestor (by e-mail, then by Name).
    calls = [
        "GET /rt/REST/2.0/transaction/53/attachments",
        "GET /rt/REST/2.0/user/carla",
        "GET /rt/REST/2.0/users",
        "GET /rt/REST/2.0/user/customer@example.org",
    ]

    key, vendor_name, customer = "rtdesk", "rt", "Claire Client"
    lead, lead_email = "carla", "carla@example.com"
    ticket, transaction = "1", 53
    secret = "whsec_c3RhbmRpbi1ydC10ZXN0LXNlY3JldC0zMmJ5dGVzISE="

    def helpdesk(self) -> dict[str, Any]:
        return {
            "vendor": "rt",
            "url": rt_api.RT_URL,
            "credentials": {"user": "standin", "password": "standin-api-pw"},
            "webhook_secrets": [self.secret],
        }

    def post(self, client: Any, clock: Any, lines: list[str]) -> Any:
        body = rt_api.rt_body(fixture_json("rt", "comment_contactlog_by_team_lead.json"))
        headers = rt_api.rt_headers(body, self.secret, clock(), f"rt-{self.transaction}")
        return client.post(f"/webhooks/{self.key}", data=body, headers=headers)

    def register_note(self, vendor: Any, lines: list[str], author: str | None = None) -> Any:
        answer = rt_api.api("transaction_attachments_plain")
        answer["items"][0]["Content"] = "\n".join(lines)
        return vendor.get(
            f"{rt_api.BASE}/transaction/{self.transaction}/attachments",
            match=[
                matchers.query_param_matcher(
                    {"fields": "Content,ContentType,Filename", "per_page": "100"}
                )
            ],
            json=answer,
        )

    def register_author(self, vendor: Any, email: str = "carla@example.com") -> Any:
        user = rt_api.user_json("carla")
        user["EmailAddress"] = email
        return vendor.get(f"{rt_api.BASE}/user/carla", json=user)

    def register_customer(self, vendor: Any) -> None:
        rt_api.register_customer(vendor)

    def expect_reply(self, vendor: Any, text: str) -> Any:
        return rt_api.expect_message(vendor, text, kind="comment")


DESKS = [FreshdeskDesk(), HubSpotDesk(), ZammadDesk(), RtDesk()]
Desk = FreshdeskDesk | HubSpotDesk | ZammadDesk | RtDesk


@pytest.fixture(params=DESKS, ids=[d.vendor_name for d in DESKS])
def desk(request: pytest.FixtureRequest) -> Desk:
    chosen: Desk = request.param
    return chosen


@pytest.fixture
def services(desk: Desk, db_url: str, clock: Any, sleeps: Any) -> Iterator[Services]:
    svc = _services(desk, db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def period(services: Services, desk: Desk) -> Any:
    return add_period(services, helpdesk=desk.key)


def written(services: Services) -> list[Any]:
    """Entries people wrote (the worker's housekeeping also adds automatic weekly ones)."""
    return [e for e, _ in services.contact_log.log.entries(None) if not e.is_automatic]


def outcome(services: Services) -> str:
    return str(services.store.event_status(1)["outcome"])


# -- the tests --------------------------------------------------------------------------------


def test_a_listed_team_leads_note_becomes_one_redacted_entry_after_exact_lookups(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any, desk: Desk
) -> None:
    lines = note_lines(desk.customer)
    note = desk.register_note(vendor, lines)
    author = desk.register_author(vendor)
    desk.register_customer(vendor)
    assert desk.post(client, clock, lines).status_code == 202
    assert drain(services, clock) == 1
    assert author.call_count == 1 and (note is None or note.call_count == 1)
    assert [f"{c.request.method} {urlsplit(c.request.url).path}" for c in vendor.calls] == (
        desk.calls
    )
    [entry] = written(services)
    assert (
        entry.summary
        == "Called Anna as planned. [redacted] ([redacted]) asked for her; Bob answers."
    )
    assert entry.helpdesk == desk.key and entry.period_id == period.id
    assert entry.author_name == ("Carla" if desk.vendor_name == "rt" else "Lea Lead")
    assert (entry.channel.value, entry.outcome.value) == ("phone", "reached")
    assert entry.contact_at == NOTE_AT
    assert entry.source.value == "helpdesk_note"
    assert not any(c.request.method in ("POST", "PUT") for c in vendor.calls)  # no reply


def test_a_note_with_medical_words_is_not_synced_and_its_author_gets_one_internal_reply(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any, desk: Desk
) -> None:
    lines = note_lines(desk.customer, MEDICAL_SUMMARY)
    desk.register_note(vendor, lines)
    desk.register_author(vendor)
    desk.register_customer(vendor)
    reply = desk.expect_reply(vendor, REFUSAL)
    desk.post(client, clock, lines)
    drain(services, clock)
    assert reply.call_count == 1
    assert written(services) == []
    assert outcome(services) == "contact note refused: summary"


def test_a_marked_note_by_someone_not_listed_as_team_lead_is_ignored(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any, desk: Desk
) -> None:
    lines = note_lines(desk.customer)
    desk.register_note(vendor, lines)
    desk.register_author(vendor, email="someone.else@example.com")
    desk.post(client, clock, lines)
    drain(services, clock)
    assert written(services) == []
    assert outcome(services) == "contact note by someone who is not a listed team lead: ignored"
    assert all(c.request.method == "GET" for c in vendor.calls)  # no reply either


def test_a_plain_internal_note_without_the_marker_records_nothing_and_reroutes_nothing(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any, desk: Desk
) -> None:
    lines = ["Creditnota aangevraagd bij finance."]
    if not desk.text_in_payload:
        desk.register_note(vendor, lines)  # RT and HubSpot must read the text to know
    desk.post(client, clock, lines)
    drain(services, clock)
    assert written(services) == []
    assert all(c.request.method == "GET" for c in vendor.calls)  # no reassignment, no notice
    assert outcome(services) in (
        "internal_note: does not reroute",  # text in the payload: not even a contact note
        "internal note without the contact-log marker: nothing to record",  # text fetched
    )
    assert not [
        r for r in services.repositories.audit.audit_records(None) if r["action"] == "rerouted"
    ]


def test_each_vendors_note_maps_to_an_internal_note_never_a_customer_reply(desk: Desk) -> None:
    mapping = load_mapping(desk.vendor_name)
    payload, etype = _note_payload(desk)
    event = mapping.to_canonical(desk.key, etype, payload)
    assert event is not None and event.kind is EventKind.INTERNAL_NOTE
    assert event.note_public is False


def _note_payload(desk: Desk) -> tuple[Any, str]:
    if isinstance(desk, FreshdeskDesk):
        payload = fixture_json("freshdesk", "note_added_contactlog_by_agent.json")
        payload["parsed_event"] = {"note_type": "private"}
        return payload, "note-by-agent"
    if isinstance(desk, HubSpotDesk):
        [event] = fixture_json("hubspot", "note_created_contactlog_generic_webhook.json")
        return event, "object.creation"
    if isinstance(desk, ZammadDesk):
        return fixture_json("zammad", "article_contactlog_note.json"), "Stand-in: article created"
    return fixture_json("rt", "comment_contactlog_by_team_lead.json"), "ticket.comment"


# -- what only one helpdesk does ----------------------------------------------------------------


def test_a_freshdesk_note_whose_author_is_not_in_the_conversations_is_not_credited_to_anyone(
    vendor: Any, clock: Any, db_url: str, sleeps: Any
) -> None:
    desk = FreshdeskDesk()
    svc = _services(desk, db_url, clock, sleeps)
    add_period(svc, helpdesk=desk.key)
    lines = note_lines(desk.customer)
    desk.register_note(vendor, ["#contactlog", "employee: anna@example.com", "", "Other."])
    desk.post(svc_client(svc), clock, lines)
    drain(svc, clock)
    assert written(svc) == []
    assert outcome(svc) == "contact note without an author: ignored"
    svc.store.engine.dispose()


def test_an_rt_comment_from_the_web_editor_is_read_from_its_html_part_not_its_attached_file(
    vendor: Any, clock: Any, db_url: str, sleeps: Any
) -> None:
    desk = RtDesk()
    svc = _services(desk, db_url, clock, sleeps)
    adapter = svc.helpdesks[desk.key]
    vendor.get(
        f"{rt_api.BASE}/transaction/54/attachments",
        json=rt_api.api("transaction_attachments_html_with_file"),
    )
    event = adapter.mapping.to_canonical(
        desk.key,
        "ticket.comment",
        fixture_json("rt", "comment_contactlog_by_team_lead.json")
        | {"transaction": {"id": 54, "creator": "carla", "created": "2026-11-23 08:51:08"}},
    )
    assert event is not None and (event.note_id, event.note_body) == ("54", None)
    done = adapter.complete_note(event)
    assert done.note_body == "#contactlog\nemployee: anna@example.com"
    svc.store.engine.dispose()


def test_a_hubspot_note_on_no_ticket_is_not_a_contact_note(
    vendor: Any, clock: Any, db_url: str, sleeps: Any
) -> None:
    desk = HubSpotDesk()
    svc = _services(desk, db_url, clock, sleeps)
    add_period(svc, helpdesk=desk.key)
    note = hubspot_api.api("note_get_contactlog.json")
    note["associations"] = {}  # a note on a contact or a deal
    vendor.get(f"{hubspot_api.BASE}/crm/v3/objects/notes/{desk.note}", json=note)
    desk.post(svc_client(svc), clock, [])
    drain(svc, clock)
    assert len(vendor.calls) == 1 and written(svc) == []
    assert outcome(svc) == "internal note without the contact-log marker: nothing to record"
    svc.store.engine.dispose()


def test_without_listed_team_leads_an_rt_comment_is_not_even_read(
    vendor: Any, clock: Any, db_url: str, sleeps: Any
) -> None:
    desk = RtDesk()
    svc = _services(desk, db_url, clock, sleeps, team_leads=[])
    add_period(svc, helpdesk=desk.key)
    desk.post(svc_client(svc), clock, [])
    drain(svc, clock)
    assert len(vendor.calls) == 0
    assert outcome(svc) == "internal_note: does not reroute"
    svc.store.engine.dispose()


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (  # Zammad, Freshdesk: one <div> per line, <div><br></div> for an empty line
            "<div>#contactlog</div><div>channel: phone</div><div><br></div><div>Called.</div>",
            "#contactlog\nchannel: phone\n\nCalled.",
        ),
        (  # HubSpot: paragraphs in a wrapper, spaces and entities as a browser shows them
            '<div dir="auto"><p style="margin:0;">#contactlog</p>\n<p style="margin:0;"><br>'
            "</p><p>Anna &amp; Bob  agreed.<br/>Next week.</p></div>",
            "#contactlog\n\nAnna & Bob agreed.\nNext week.",
        ),
        ("#contactlog\nchannel: phone\n\n1 < 2", "#contactlog\nchannel: phone\n\n1 < 2"),
    ],
)
def test_note_html_becomes_the_lines_the_team_lead_typed(markup: str, text: str) -> None:
    assert note_text(markup) == text


def _services(
    desk: Desk, db_url: str, clock: Any, sleeps: Any, team_leads: list[str] | None = None
) -> Services:
    config = parse_config(
        {
            "database_url": db_url,
            "public_url": "https://standin.example.com",
            "helpdesks": {
                desk.key: {
                    **desk.helpdesk(),
                    "timezone": "Europe/Amsterdam",
                    "locale": "nl",
                    "team_leads": [desk.lead_email] if team_leads is None else team_leads,
                }
            },
        },
        credential_keys=credential_keys(),
    )
    svc: Services = build_test_services(config, clock, sleeps)
    if isinstance(desk, HubSpotDesk):
        svc.helpdesks[desk.key].clock = clock  # type: ignore[attr-defined]  # note timestamps
    return svc


def svc_client(svc: Services) -> Any:
    return create_app(services=svc, TESTING=True).test_client()
