"""A helpdesk's or HR system's failure is said in the reader's language.

The vendor's own words (its answer's body) are quoted as they came; the sentence around them
("zendesk: PUT /api/v2/tickets/5.json answered 422: …", "… failed: too slow", "… was not
given to …") is a message with a msgid, so an audit reason or a dead letter that holds it is
said in nl, fr or de on the period page and in the exports, while ``str(exc)`` stays the
English text that logs and the API's ``reason`` keep.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
import requests
import responses

from connector.adapters.http import RetryPolicy, VendorHttp
from connector.domain.events import Agent, TicketSnapshot
from connector.domain.messages import Msg, from_record, to_record
from connector.errors import PermanentVendorError, RetryableVendorError, VendorError
from connector.services.assignment import AssignOutcome, recover
from connector.translations import say
from connector.wiring import Services
from tests.test_audit_reasons import _skipped_by_a_phase
from tests.test_ui import lead  # noqa: F401  (the signed-in fixture)

AT = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def failure(status: int | None = None, body: str = "", error: Exception | None = None) -> Any:
    """The error ``VendorHttp`` raises for one answer (or one connection failure)."""
    http = VendorHttp(
        "https://vendor.example",
        vendor="zendesk",
        policy=RetryPolicy(max_attempts=1),
        sleep=lambda _: None,
    )
    with responses.RequestsMock() as rsps:
        if error is not None:
            rsps.put("https://vendor.example/api/v2/tickets/5.json", body=error)
        else:
            rsps.put("https://vendor.example/api/v2/tickets/5.json", status=status, body=body)
        with pytest.raises(VendorError) as info:
            http.request("PUT", "/api/v2/tickets/5.json")
    return info.value


@pytest.mark.parametrize(
    ("made", "english", "dutch"),
    [
        (
            lambda: failure(422, '{"error": "RecordInvalid"}'),
            'zendesk: PUT /api/v2/tickets/5.json answered 422: {"error": "RecordInvalid"}',
            'zendesk: PUT /api/v2/tickets/5.json antwoordde 422: {"error": "RecordInvalid"}',
        ),
        (
            lambda: failure(error=requests.ConnectionError("reset")),
            "zendesk: PUT /api/v2/tickets/5.json failed: ConnectionError",
            "zendesk: PUT /api/v2/tickets/5.json mislukt: ConnectionError",
        ),
    ],
)
def test_a_vendor_failure_keeps_its_english_text_and_is_said_in_dutch(
    made: Any, english: str, dutch: str
) -> None:
    exc = made()
    assert str(exc) == english
    assert isinstance(exc.said, Msg)
    assert say("nl", exc.said) == dutch
    assert "answered" not in say("fr", exc.said) and "failed" not in say("de", exc.said)


def test_too_slow_is_said_too_even_inside_the_sentence() -> None:
    message = Msg(
        "%(vendor)s: %(call)s failed: %(cause)s",
        vendor="freshdesk",
        call="GET /api/v2/tickets/7",
        cause=Msg("too slow"),
    )
    assert str(message) == "freshdesk: GET /api/v2/tickets/7 failed: too slow"
    assert say("de", message) == "freshdesk: GET /api/v2/tickets/7 fehlgeschlagen: zu langsam"
    assert from_record(to_record(message) or {}) == message  # kept whole in reason_msg


def test_a_dead_letter_and_a_refusal_keep_the_message_not_only_its_english() -> None:
    exc = PermanentVendorError(
        Msg("hubspot: owner %(owner)s is not an active user", owner="42"), status=400
    )
    gave_up = Msg("gave up after %(n)s attempts: %(error)s", n=3, error=exc.said)
    assert say("fr", gave_up) == (
        "abandonné après 3 tentatives : hubspot : le propriétaire 42 n'est pas un utilisateur actif"
    )
    plain = RetryableVendorError("plain text stays as it is")
    assert plain.said == "plain text stays as it is" and not isinstance(plain.said, Msg)


def test_the_dutch_period_page_says_a_failed_reassignment_in_dutch(
    lead: Any,  # noqa: F811
    services: Services,
) -> None:
    period = _skipped_by_a_phase(services)
    exc = failure(422, '{"error": "RecordInvalid"}')
    services.repositories.audit.audit(
        AT,
        "acme",
        "reroute_failed",
        period_id=period.id,
        ticket_id="5",
        reason=exc.said,
        vendor_status=exc.status,
    )
    lead.get("/ui/lang/nl")
    page = html.unescape(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert 'PUT /api/v2/tickets/5.json antwoordde 422: {"error": "RecordInvalid"}' in page
    assert "answered 422" not in page


class _RefusingHelpdesk:
    """Just enough of a helpdesk for ``recover``: the ticket has nobody, every reassignment
    is refused with the vendor's answer."""

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        return TicketSnapshot(ticket_id, None)

    def reassign(self, ticket: Any, agent: Agent, notice: Any) -> Any:
        raise failure(422, '{"error": "RecordInvalid"}')


def test_a_ticket_left_with_nobody_says_each_refusal_in_the_readers_language() -> None:
    target = Agent("2", "bob@acme.example", "Bob")
    previous = Agent("1", "anna@acme.example", "Anna")
    why = Msg("too slow")
    rec = recover(_RefusingHelpdesk(), "5", target, previous, None, why)  # type: ignore[arg-type]
    assert rec.outcome is AssignOutcome.UNOWNED
    assert "anna@acme.example: zendesk: PUT /api/v2/tickets/5.json answered 422" in rec.reason
    dutch = say("nl", rec.reason)
    assert "anna@acme.example: zendesk: PUT /api/v2/tickets/5.json antwoordde 422" in dutch
    assert "answered" not in dutch
