"""The preview is the notice: byte for byte what reaches the helpdesk, and what is kept.

For the same ticket and customer, the notice preview of the API (``POST
/api/v1/notices/preview``, the code path the page's preview uses too) equals the body (and
subject, where the vendor takes one) that the local vendor server receives when the period
starts: with the built-in notice in plain fields, a lead's own plain fields, and an advanced
template (with an HTML part, and with only a text part). The notice as sent is kept and
shown by ``GET /api/v1/periods/{id}/notices``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from connector.adapters.helpdesks.base import notice_key, notice_marker
from connector.scheduler import Scheduler
from connector.web import create_app
from connector.web.page import SAMPLE_CUSTOMER
from connector.wiring import Services
from tests.support import FakeClock
from tests.test_lifecycle_vendors import HubSpotDesk, services_for
from tests.test_notice_target import DESK, START, ZendeskDesk, period, start
from tests.test_ui import sign_in

LEAD_FIELDS = {
    "subject": "Vanaf vandaag helpt {replacement_first_name} u",
    "greeting": "Beste {customer_name},",
    "greeting_no_name": "Goedendag,",
    "main": "Ik ben {replacement_first_name} & vanaf vandaag uw aanspreekpunt {until}.\n"
    "Ik neem <alles> over.",
    "reach": "U bereikt mij via {contact}.",
    "reach_no_contact": "Reageer gewoon op dit bericht.",
    "closing": "Hartelijke groet,\n{replacement_name}",
}
ADVANCED = {
    "subject": "Uw aanspreekpunt: {{ replacement_name }}",
    "text": "Beste {{ customer_name }},\n\n{{ replacement_first_name }} helpt u vanaf vandaag.",
    "html": "<p>Beste {{ customer_name }},</p><p><b>{{ replacement_first_name }}</b> helpt u.</p>",
}
TEMPLATES: dict[str, dict[str, Any] | None] = {
    "built-in plain fields": None,
    "a lead's plain fields": {"fields": LEAD_FIELDS},
    "advanced with HTML": ADVANCED,
    "advanced text only": {**ADVANCED, "html": ""},
}


@pytest.fixture(params=["zendesk", "hubspot"])
def desk(request: pytest.FixtureRequest) -> Iterator[Any]:
    d: Any = ZendeskDesk() if request.param == "zendesk" else HubSpotDesk()
    if isinstance(d, ZendeskDesk):
        d.start_server()
    else:
        d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, desk: Any) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk)
    yield services
    services.store.engine.dispose()


def posted_to_vendor(desk: Any, tid: int) -> dict[str, str]:
    """The notice exactly as the vendor server received it in the request body."""
    if isinstance(desk, ZendeskDesk):
        (call,) = [
            c
            for c in desk.fake.calls
            if c.method == "PUT"
            and c.path == f"/api/v2/tickets/{tid}.json"
            and c.body["ticket"].get("comment")
        ]
        comment = call.body["ticket"]["comment"]
        return {k: comment[k] for k in ("html_body", "body") if k in comment}
    (call,) = [c for c in desk.fake.calls if c.method == "POST" and c.route.endswith("/messages")]
    return {k: call.body[k] for k in ("subject", "text", "richText")}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_the_preview_is_byte_for_byte_the_notice_the_helpdesk_receives_and_the_one_kept(
    svc: Services, clock: FakeClock, desk: Any, template: str
) -> None:
    app = create_app(services=svc, TESTING=True)
    client = app.test_client()
    token = svc.repositories.tokens.create_token("lead", "team_lead", clock())
    auth = {"Authorization": f"Bearer {token}"}
    saved = TEMPLATES[template]
    if saved is not None:
        body = {"helpdesk": DESK, "kind": "notice", "variant": "formal", "lang": "nl", **saved}
        resp = client.post("/api/v1/templates", json=body, headers=auth)
        assert resp.status_code == 201, resp.get_json()
    desk.add(1, "anna")
    anna = period(svc, "anna", "bob")
    clock.now = START
    preview = client.post(
        "/api/v1/notices/preview", json={"period_id": anna.id, "ticket_id": "1"}, headers=auth
    ).get_json()
    assert preview["lang"] == "nl"

    start(svc, clock)

    got = posted_to_vendor(desk, 1)
    if isinstance(desk, ZendeskDesk):  # one body: the HTML when there is one, else the text
        part = {"html_body": preview["html"]} if preview["html"] else {"body": preview["text"]}
        assert got == part
    else:  # both parts; the rich text ends with the hidden marker that finds it again
        marker = notice_marker(notice_key(anna.id, "1", "notice"))
        html = preview["html"] or _text_as_html(preview["text"])
        # the e-mail answers in the ticket's thread ("Re: <ticket subject>"), so HubSpot
        # gets the notice's subject only for a ticket without one
        ticket = svc.helpdesks[DESK].get_ticket("1")
        subject = f"Re: {ticket.subject}" if ticket.subject else preview["subject"]
        assert got == {"subject": subject, "text": preview["text"], "richText": html + marker}
    listing = client.get(f"/api/v1/periods/{anna.id}/notices", headers=auth).get_json()
    (notice,) = listing["notices"]
    assert notice["status"] == "sent" and notice["ticket_id"] == "1"
    kept = notice["sent"]
    assert (kept["subject"], kept["text"], kept["html"], kept["lang"]) == (
        preview["subject"],
        preview["text"],
        preview["html"],
        "nl",
    )
    assert dt.datetime.fromisoformat(kept["sent_at"]) == START


def _text_as_html(text: str) -> str:
    from connector.adapters.helpdesks.hubspot.client import _html

    return _html(text)


def test_plain_fields_make_the_text_and_an_escaped_html_with_paragraphs_and_line_breaks(
    svc: Services, clock: FakeClock, desk: Any
) -> None:
    saved = svc.notices.save_template(
        {"helpdesk": DESK, "kind": "notice", "variant": "formal", "lang": "nl"}
        | {"fields": LEAD_FIELDS, "subject": "", "text": "", "html": ""},
        "token:lead",
    )
    svc.notices.activate_template(saved["id"], "token:lead")
    desk.add(1, "anna")
    anna = period(svc, "anna", "bob")
    clock.now = START
    ticket = svc.helpdesks[DESK].get_ticket("1")
    customer = svc.helpdesks[DESK].get_customer(ticket.requester_id or "")
    notice = svc.notices.render(anna, svc.helpdesks[DESK].config, customer, START.date())
    # no end date shown (the period's setting): "until further notice", made by the generator
    assert notice.text == (
        "Beste Noor Jansen,\n\n"
        "Ik ben Bob & vanaf vandaag uw aanspreekpunt tot nader bericht.\n"
        "Ik neem <alles> over.\n\n"
        "Reageer gewoon op dit bericht.\n\n"
        "Hartelijke groet,\nBob"
    )
    assert notice.html == (
        "<p>Beste Noor Jansen,</p>\n"
        "<p>Ik ben Bob &amp; vanaf vandaag uw aanspreekpunt tot nader bericht.<br>"
        "Ik neem &lt;alles&gt; over.</p>\n"
        "<p>Reageer gewoon op dit bericht.</p>\n"
        "<p>Hartelijke groet,<br>Bob</p>"
    )


HANDBACK_FIELDS = {
    "subject": "{usual_contact} helpt u weer",
    "greeting": "Beste {customer_name},",
    "greeting_no_name": "Goedendag,",
    "main": "Vanaf vandaag is {usual_contact} weer uw aanspreekpunt & kent uw <dossier>.",
    "reach": "U bereikt ons via {contact}.",
    "reach_no_contact": "Reageer gewoon op dit bericht.",
    "closing": "Met vriendelijke groet,\n{company}",
}


_WHO = "{% if replacement_name %}{{ replacement_name }}{% else %}uw vaste contactpersoon{% endif %}"
ADVANCED_HANDBACK = {  # replacement_name: in a hand-back, the employee the ticket goes back to
    "subject": f"Vanaf vandaag helpt {_WHO} u weer",
    "text": f"Beste {{{{ customer_name }}}},\n\nVanaf vandaag is {_WHO} weer uw aanspreekpunt.",
    "html": f"<p>Beste {{{{ customer_name }}}},</p><p>Vanaf vandaag is <b>{_WHO}</b> weer "
    "uw aanspreekpunt.</p>",
}
HANDBACK_TEMPLATES = {
    "built-in plain fields": None,
    "a lead's plain fields": {"fields": HANDBACK_FIELDS},
    "advanced naming the employee": ADVANCED_HANDBACK,
}


@pytest.mark.parametrize("mention", ["none", "unavailable"])
@pytest.mark.parametrize("template", sorted(HANDBACK_TEMPLATES))
def test_the_hand_back_preview_is_byte_for_byte_the_hand_back_notice_the_helpdesk_receives(
    svc: Services, clock: FakeClock, desk: Any, template: str, mention: str
) -> None:
    app = create_app(services=svc, TESTING=True)
    client = app.test_client()
    token = svc.repositories.tokens.create_token("lead", "team_lead", clock())
    auth = {"Authorization": f"Bearer {token}"}
    saved = HANDBACK_TEMPLATES[template]
    if saved is not None:
        body = {"helpdesk": DESK, "kind": "handback", "variant": "formal", "lang": "nl"}
        resp = client.post("/api/v1/templates", json=body | saved, headers=auth)
        assert resp.status_code == 201, resp.get_json()
    desk.add(1, "anna")
    anna = period(
        svc,
        "anna",
        "bob",
        notice={"at_start": False, "mention": mention},  # only the hand-back is posted
        handback={"notice": True},
    )
    start(svc, clock)
    clock.now = anna.ends_at
    preview = client.post(
        "/api/v1/notices/preview",
        json={"period_id": anna.id, "ticket_id": "1", "kind": "handback"},
        headers=auth,
    ).get_json()
    # the usual contact is named only when the period allows it
    usual = "Anna" if mention == "unavailable" else "uw vaste contactpersoon"
    assert f"Vanaf vandaag is {usual}" in preview["text"]
    assert "Bob" not in preview["text"] + preview["html"] + preview["subject"]
    assert ("Anna" in preview["text"] + preview["html"]) == (mention == "unavailable")

    Scheduler(svc, owner="test").tick(anna.ends_at)

    assert desk.owned_by("anna") == [1]
    got = posted_to_vendor(desk, 1)
    if isinstance(desk, ZendeskDesk):
        assert got == {"html_body": preview["html"]}
    else:
        marker = notice_marker(notice_key(anna.id, "1", "handback"))
        ticket = svc.helpdesks[DESK].get_ticket("1")
        subject = f"Re: {ticket.subject}" if ticket.subject else preview["subject"]
        assert got == {
            "subject": subject,
            "text": preview["text"],
            "richText": preview["html"] + marker,
        }
    (kept,) = svc.repositories.notices.sent_notices(anna.id)
    assert (kept["subject"], kept["text"], kept["html"]) == (
        preview["subject"],
        preview["text"],
        preview["html"],
    )


@pytest.mark.parametrize("template", ["built-in plain fields", "advanced text only"])
def test_the_period_forms_preview_shows_the_body_the_helpdesk_receives(
    svc: Services, clock: FakeClock, desk: Any, template: str
) -> None:
    app = create_app(services=svc, TESTING=True)
    client = app.test_client()
    token = svc.repositories.tokens.create_token("lead", "team_lead", clock())
    saved = TEMPLATES[template]
    if saved is not None:
        body = {"helpdesk": DESK, "kind": "notice", "variant": "formal", "lang": "nl", **saved}
        resp = client.post(
            "/api/v1/templates", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        assert resp.status_code == 201, resp.get_json()
    desk.add(1, "anna")
    anna = period(svc, "anna", "bob")
    clock.now = START
    sign_in(client, token)
    page = client.get("/ui/periods/new").get_data(as_text=True)
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert csrf
    form = {
        "helpdesk": DESK,
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-11-20",
        "ends_at": "2026-12-31",
        "notice.enabled": "on",
        "notice.variant": "formal",
        "notice.per": "customer",
        "preview_lang": "nl",
    }
    resp = client.post("/ui/periods/preview", data=form, headers={"X-CSRFToken": csrf.group(1)})
    shown = resp.get_json()
    assert resp.status_code == 200, shown

    start(svc, clock)

    got = posted_to_vendor(desk, 1)
    # the same notice; only the preview's sample customer is not the ticket's customer
    as_sent = {k: v.replace(SAMPLE_CUSTOMER, "Noor Jansen") for k, v in shown.items()}
    if template == "built-in plain fields":
        assert shown["shown"] == "html" and shown["html"].startswith("<p>")
        received = got.get("html_body") or got["richText"]
        marker = notice_marker(notice_key(anna.id, "1", "notice"))
        assert received.removesuffix(marker) == as_sent["html"]
    else:  # no HTML part: the page shows the text the helpdesk is given
        assert (shown["shown"], shown["html"]) == ("text", "")
        assert as_sent["text"] == (got.get("body") or got["text"])
