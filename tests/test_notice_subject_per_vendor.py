"""Where the notice's subject reaches the customer, per helpdesk, as its mapping declares.

Each vendor's mapping says (``notice.subject_sent``) whether the customer sees the subject a
lead writes: Zendesk, Freshdesk and RT post the notice in the ticket's conversation under the
ticket's own subject (never); HubSpot ("Re: <ticket subject>") and Zammad (the ticket's
title) use the notice's subject only for a ticket without one. Against the local vendor
servers, what each receives agrees with the declaration, and the notice editor says so next
to the subject field, in the page's language.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from connector.domain.notices import SubjectSent
from connector.errors import ConfigError
from connector.mapping import load_mapping, mappings_dir, parse_mapping
from connector.wiring import Services
from tests.support import FakeClock
from tests.test_lifecycle_vendors import services_for
from tests.test_notice_target import ALL_DESKS, DESK, START, period, start
from tests.test_ui import lead  # noqa: F401  (the signed-in fixture)

DECLARED = {
    "zendesk": SubjectSent.NEVER,
    "freshdesk": SubjectSent.NEVER,
    "rt": SubjectSent.NEVER,
    "hubspot": SubjectSent.WITHOUT_TICKET_SUBJECT,
    "zammad": SubjectSent.WITHOUT_TICKET_SUBJECT,
}
#: Where each fake vendor keeps a ticket's subject.
SUBJECT_OF = {
    "zendesk": lambda t: (t, "subject"),
    "freshdesk": lambda t: (t, "subject"),
    "rt": lambda t: (t, "Subject"),
    "hubspot": lambda t: (t["properties"], "subject"),
    "zammad": lambda t: (t, "title"),
}


@pytest.fixture(params=sorted(ALL_DESKS))
def desk(request: pytest.FixtureRequest) -> Iterator[Any]:
    d: Any = ALL_DESKS[request.param]()
    if hasattr(d, "start_server"):
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


@pytest.mark.parametrize("vendor", sorted(DECLARED))
def test_every_vendor_mapping_declares_whether_the_customer_sees_the_subject(vendor: str) -> None:
    assert load_mapping(vendor).notice_subject_sent is DECLARED[vendor]


def test_a_mapping_without_a_valid_subject_declaration_is_refused_naming_the_key() -> None:
    import yaml

    path = mappings_dir() / "zendesk.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["notice"] = {"subject_sent": "sometimes"}
    with pytest.raises(ConfigError) as caught:
        parse_mapping(raw, path)
    assert "notice.subject_sent: must be one of never, without_ticket_subject, always" in str(
        caught.value
    )


@pytest.mark.parametrize("ticket_subject", ["Ticket 1", ""])
def test_the_vendor_receives_the_notices_subject_exactly_as_its_mapping_declares(
    svc: Services, clock: FakeClock, desk: Any, ticket_subject: str
) -> None:
    desk.add(1, "anna")
    store, key = SUBJECT_OF[desk.vendor](desk.fake.tickets[1])
    store[key] = ticket_subject
    anna = period(svc, "anna", "bob")
    clock.now = START
    adapter = svc.helpdesks[DESK]
    ticket = adapter.get_ticket("1")
    customer = adapter.get_customer(ticket.requester_id or "")
    notice = svc.notices.render(anna, adapter.config, customer, START.date())
    assert notice.subject == "Uw aanspreekpunt vanaf vandaag: Bob"

    start(svc, clock)

    received = json.dumps([c.body for c in desk.fake.calls], ensure_ascii=False)
    assert "Mijn naam is Bob" in received  # the notice was posted
    declared = adapter.mapping.notice_subject_sent
    expected = declared is SubjectSent.ALWAYS or (
        declared is SubjectSent.WITHOUT_TICKET_SUBJECT and not ticket_subject
    )
    assert (notice.subject in received) is expected


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "Zendesk Support does not send this subject: the customer gets"),
        ("nl", "Zendesk Support stuurt dit onderwerp niet: de klant krijgt"),
    ],
)
def test_the_editor_says_next_to_the_subject_whether_the_customer_sees_it(
    lead: Any,  # noqa: F811
    lang: str,
    says: str,
) -> None:  # the helpdesk "acme" is a Zendesk
    lead.set_cookie("standin_lang", lang)
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True)
    assert f'<p class="hint" id="h-subject">{says}' in page
    assert 'aria-describedby="h-subject' in page
    advanced = lead.get("/ui/templates?helpdesk=acme&lang=nl&mode=advanced")
    assert f'id="h-subject">{says}' in advanced.get_data(as_text=True)


@pytest.mark.parametrize(
    ("vendor", "says"),
    [
        ("zendesk", "Zendesk Support stuurt dit onderwerp niet"),
        ("freshdesk", "Freshdesk stuurt dit onderwerp niet"),
        ("rt", "stuurt dit onderwerp niet"),
        ("hubspot", "stuurt dit onderwerp alleen bij een ticket zonder eigen onderwerp"),
        ("zammad", "stuurt dit onderwerp alleen bij een ticket zonder eigen onderwerp"),
    ],
)
def test_each_vendors_subject_note_follows_its_mapping_in_dutch(vendor: str, says: str) -> None:
    from types import SimpleNamespace

    from flask import Flask, g

    from connector.web.ui_templates import _subject_note

    with Flask(__name__).test_request_context():
        g.lang = "nl"
        note = _subject_note(SimpleNamespace(mapping=load_mapping(vendor)))
    assert says in note and note.startswith(load_mapping(vendor).title)
