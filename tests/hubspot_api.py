"""Registering HubSpot API answers at the HTTP boundary, built from the real-shaped fixtures."""

from __future__ import annotations

import copy
import datetime as dt
from html import escape
from typing import Any

import responses
from responses import matchers

from connector.adapters.helpdesks.base import notice_key, notice_marker
from connector.adapters.signatures import sign_hubspot_v3
from tests.support import fixture_json

BASE = "https://api.hubapi.com"
SECRET = "standin-test-client-secret"
APP_ID = "1160452"
DEV_KEY = "dev-api-key-0000"
ANNA, BOB, LEA = "5730001", "5730002", "5730003"
CONTACT = "751"
THREAD = "8123456789"
TICKET = "1234567001"
OWNER_FIXTURES = {"anna@example.com": "anna", "bob@example.com": "bob"}


def api(name: str) -> Any:
    return fixture_json("hubspot", f"api/{name}")


def hubspot_headers(
    body: bytes, url: str, when: dt.datetime, secret: str = SECRET
) -> dict[str, str]:
    """Headers as HubSpot sends them, signed (v3) for ``url`` at ``when``."""
    ts = str(int(when.timestamp() * 1000))
    return {
        "Content-Type": "application/json",
        "X-HubSpot-Request-Timestamp": ts,
        "X-HubSpot-Signature-v3": sign_hubspot_v3(secret, "POST", url, body, ts),
    }


def register_owner_search(
    rsps: responses.RequestsMock, email: str, fixture: str | None = None
) -> None:
    name = fixture or OWNER_FIXTURES.get(email, "not_found")
    rsps.get(
        f"{BASE}/crm/v3/owners",
        match=[matchers.query_param_matcher({"email": email})],
        json=api(f"owners_by_email_{name}.json"),
    )


def ticket_json(
    ticket_id: str = TICKET, owner: str = ANNA, stage: str = "1", keep: str | None = None
) -> dict[str, Any]:
    """The ticket as HubSpot answers; ``keep`` is the keep-marker property's value (a
    checkbox reads "true" or "false"; None: never set, so HubSpot leaves it out)."""
    t = copy.deepcopy(api("ticket_get_with_contact.json"))
    t["id"] = ticket_id
    t["properties"].update(hs_object_id=ticket_id, hubspot_owner_id=owner, hs_pipeline_stage=stage)
    if keep is not None:
        t["properties"]["standin_keep"] = keep
    return t


def register_ticket(rsps: responses.RequestsMock, ticket_id: str = TICKET, **kwargs: Any) -> Any:
    return rsps.get(
        f"{BASE}/crm/v3/objects/tickets/{ticket_id}",
        match=[
            matchers.query_param_matcher(
                {
                    "properties": "subject,hubspot_owner_id,hs_pipeline,hs_pipeline_stage,"
                    "hs_ticket_priority,hubspot_team_id,standin_keep",
                    "associations": "contacts",
                }
            )
        ],
        json=ticket_json(ticket_id, **kwargs),
    )


def register_pipelines(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{BASE}/crm/v3/pipelines/tickets", json=api("pipelines_tickets.json"))


def register_contact(
    rsps: responses.RequestsMock, language: str = "nl", colleague: bool = False
) -> None:
    """The ticket's contact, and the owner lookup that tells a colleague from a customer."""
    rsps.get(
        f"{BASE}/crm/v3/objects/contacts/{CONTACT}",
        match=[
            matchers.query_param_matcher({"properties": "email,firstname,lastname,hs_language"})
        ],
        json=api(f"contact_get_language_{language}.json"),
    )
    owners = api("owners_by_email_not_found.json")
    if colleague:  # the contact's address belongs to a HubSpot user
        owners = api("owners_by_email_anna.json")
        owners["results"][0]["email"] = "customer@example.org"
    rsps.get(
        f"{BASE}/crm/v3/owners",
        match=[matchers.query_param_matcher({"email": "customer@example.org"})],
        json=owners,
    )


def register_threads(
    rsps: responses.RequestsMock,
    ticket_id: str | None = TICKET,
    *,
    status: str = "OPEN",
    thread: dict[str, Any] | None = None,
) -> None:
    """The contact's threads of ``status`` (HubSpot requires ``threadStatus`` with a contact);
    with ``ticket_id`` None the ticket has no thread among them."""
    thread = copy.deepcopy(thread or api("conversations_thread_get.json"))
    other = copy.deepcopy(thread)
    other.update(id="8123450000", threadAssociations={"associatedTicketId": "1234500000"})
    results = [other]
    if ticket_id is not None:
        thread["threadAssociations"] = {"associatedTicketId": ticket_id}
        results.append(thread)
    query = {"associatedContactId": CONTACT, "association": "TICKET", "threadStatus": status}
    rsps.get(
        f"{BASE}/conversations/v3/conversations/threads",
        match=[matchers.query_param_matcher(query)],
        json={"results": results},
    )


def register_owner(rsps: responses.RequestsMock, owner: str = BOB) -> None:
    rsps.get(f"{BASE}/crm/v3/owners/{owner}", json=api("owners_by_email_bob.json")["results"][0])


def expect_owner_update(
    rsps: responses.RequestsMock,
    ticket_id: str = TICKET,
    owner: str = BOB,
    status: int = 200,
    body: Any = None,
) -> Any:
    return rsps.patch(
        f"{BASE}/crm/v3/objects/tickets/{ticket_id}",
        match=[matchers.json_params_matcher({"properties": {"hubspot_owner_id": owner}})],
        json=body if body is not None else api("ticket_update_owner_response.json"),
        status=status,
    )


def message_body(
    text: str,
    html: str | None = None,
    subject: str = "Re: Factuur klopt niet",
    ticket_id: str = TICKET,
    period_id: int = 1,
) -> dict[str, Any]:
    """A notice message; its ``richText`` ends in the hidden marker that finds it again."""
    html = html or "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    return {
        "type": "MESSAGE",
        "text": text,
        "richText": html + notice_marker(notice_key(period_id, ticket_id, "notice")),
        "senderActorId": "A-9100002",
        "channelId": "1002",
        "channelAccountId": "42423411",
        "subject": subject,
        "recipients": [
            {
                "recipientField": "TO",
                "deliveryIdentifiers": [
                    {"type": "HS_EMAIL_ADDRESS", "value": "customer@example.org"}
                ],
            }
        ],
        "attachments": [],
    }


def expect_message(
    rsps: responses.RequestsMock,
    text: str,
    html: str | None = None,
    thread: str = THREAD,
    ticket_id: str = TICKET,
) -> Any:
    return rsps.post(
        f"{BASE}/conversations/v3/conversations/threads/{thread}/messages",
        match=[matchers.json_params_matcher(message_body(text, html, ticket_id=ticket_id))],
        json=api("conversations_message_create_response.json"),
        status=201,
    )


def note_body(html: str, when: str, ticket_id: str = TICKET) -> dict[str, Any]:
    return {
        "properties": {"hs_timestamp": when, "hs_note_body": html},
        "associations": [
            {
                "to": {"id": ticket_id},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 228}],
            }
        ],
    }


def expect_note(rsps: responses.RequestsMock, html: str, when: str, ticket_id: str = TICKET) -> Any:
    return rsps.post(
        f"{BASE}/crm/v3/objects/notes",
        match=[matchers.json_params_matcher(note_body(html, when, ticket_id))],
        json=api("note_create_response.json"),
        status=201,
    )
