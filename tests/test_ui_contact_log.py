"""The contact log on the team-lead page (Flask's test client): the period page's section with
each entry's HR sync status and replay, the entry form, its "Check" (the lint's answer before
saving), corrections, roles and CSRF."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from connector.adapters.models import HrOutboxRow
from connector.domain.contact_log import (
    ENUM_LABELS,
    Channel,
    Initiative,
    Outcome,
    Purpose,
    Role,
    Stance,
)
from connector.translations import has
from tests.contact_log_support import add_period, entry_data, hr_services
from tests.test_ui import csrf_of, field_error, sign_in

UTC = dt.UTC
BAMBOO_HR = {
    "system": "bamboohr",
    "url": "https://api.bamboohr.com/api/gateway.php/acme",
    "credentials": {"api_key": "bamboo-key"},
    "category": "112",
}


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    """Services with an HR system, so every entry gets an outbox row (nothing is sent here)."""
    svc = hr_services(db_url, clock, sleeps, BAMBOO_HR)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def period(services: Any) -> Any:
    return add_period(services)


@pytest.fixture
def lead(client: Any, tokens: dict[str, str]) -> Any:
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


def entries(services: Any) -> list[Any]:
    return [e for e, _ in services.contact_log.log.entries(None)]


def outbox_of(services: Any, entry_id: str) -> dict[str, Any]:
    (row,) = [r for r in services.contact_log.log.outbox(None) if r["entry_id"] == entry_id]
    return row


def section(page: str) -> str:
    start = page.index('id="h-contact-log-entries"')
    return page[start : page.index("</section>", start)]


def article(page: str, entry_id: str) -> str:
    start = page.rindex("<article", 0, page.index(f'id="entry-{entry_id}"'))
    return page[start : page.index("</article>", start)]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


FORM = {
    "contact_at": "2026-11-23T09:30",
    "author.name": "Chris Example",
    "author.function": "Team lead",
    "channel": "phone",
    "initiative": "employer",
    "outcome": "reached",
    "purpose": "well_being_check_in",
    "summary": "Called Anna as planned; she keeps routine tickets for now.",
    "employee_view.stance": "agrees",
    "agreement_rows": "3",
}


def form_page(lead: Any, period: Any, path: str = "new") -> tuple[str, str]:
    page = lead.get(f"/ui/periods/{period.id}/contact-log/{path}").get_data(as_text=True)
    return page, csrf_of(page)


def meta_csrf(page: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert match
    return match.group(1)


# --- the section on the period page ----------------------------------------------------------


def test_the_period_page_lists_this_periods_entries_newest_first_with_corrections_linked(
    lead: Any, services: Any, period: Any
) -> None:
    log = services.contact_log
    early = log.create(
        entry_data(contact_at=dt.datetime(2026, 11, 18, 9, tzinfo=UTC)), "token:lead"
    )
    late = log.create(
        entry_data(
            contact_at=dt.datetime(2026, 11, 20, 14, tzinfo=UTC),
            summary="Talked about the next phase.",
        ),
        "token:lead",
    )
    fix = {**entry_data(contact_at=dt.datetime(2026, 11, 18, 9, tzinfo=UTC))}
    fix["summary"] = "Called Anna on the planned day; routine tickets stay with her."
    correction = log.supersede(early.id, fix, "token:lead")
    other = add_period(
        services,
        starts_at=dt.datetime(2026, 9, 1, tzinfo=UTC),
        ends_at=dt.datetime(2026, 10, 1, tzinfo=UTC),
    )
    elsewhere = log.create(
        entry_data(contact_at=dt.datetime(2026, 9, 10, 9, tzinfo=UTC), period_id=other.id),
        "token:lead",
    )
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    part = section(page)
    ids = re.findall(r'<article class="entry[^"]*" id="entry-([^"]+)"', part)
    # Newest contact first; the correction has the contact time of what it corrects.
    assert ids[0] == late.id and set(ids[1:]) == {early.id, correction.id}
    assert elsewhere.id not in part
    old = article(part, early.id)
    assert 'class="entry superseded"' in old and "superseded" in text_of(old)
    assert f'href="#entry-{correction.id}"' in old
    assert "Corrected by: the entry of 18 November 2026 10:00" in text_of(old)
    assert "Correct this entry" not in old  # only the current version is corrected
    new = article(part, correction.id)
    assert f'href="#entry-{early.id}"' in new and "Corrects:" in new
    assert "Called Anna on the planned day" in new
    assert "20 November 2026 15:00 · Well-being check-in" in text_of(article(part, late.id))
    assert "Chris Example (Team lead)" in text_of(old)
    assert "Phone · Reached · initiative: Employer" in text_of(old)


def test_each_entry_shows_its_hr_sync_status_in_words_and_only_dead_ones_can_be_replayed(
    lead: Any, services: Any, period: Any, clock: Any
) -> None:
    log = services.contact_log
    pending = log.create(entry_data(summary="Pending entry."), "token:lead")
    sent = log.create(entry_data(summary="Sent entry."), "token:lead")
    dead = log.create(entry_data(summary="Dead entry."), "token:lead")
    log.log.sent(outbox_of(services, sent.id)["id"], clock(), "files/9876")
    with services.store.session() as s:  # as the dispatcher leaves it after its attempts
        s.execute(update(HrOutboxRow).values(attempts=3))
    log.log.dead(outbox_of(services, dead.id)["id"], "bamboohr: no employee anna@example.com")
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    part = section(page)
    assert "Entries go to the HR file in bamboohr." in part
    assert "bamboohr: pending" in text_of(article(part, pending.id))
    delivered = article(part, sent.id)
    assert "✓ bamboohr: delivered at 23 November 2026 10:00" in text_of(delivered)
    gone = article(part, dead.id)
    assert "✕ bamboohr: dead-lettered after 3 attempts" in text_of(gone)
    assert "Reason: bamboohr: no employee anna@example.com" in text_of(gone)
    replay = f"/ui/periods/{period.id}/hr/{outbox_of(services, dead.id)['id']}/replay"
    assert f'action="{replay}"' in gone
    assert "Replay" in text_of(gone)
    assert "/replay" not in delivered and "/replay" not in article(part, pending.id)


def test_replaying_a_dead_lettered_delivery_queues_it_again_and_a_live_one_is_not_found(
    lead: Any, services: Any, period: Any
) -> None:
    log = services.contact_log
    dead = log.create(entry_data(summary="Dead entry."), "token:lead")
    item = outbox_of(services, dead.id)["id"]
    log.log.dead(item, "gave up after 8 attempts: bamboohr: 500")
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    path = f"/ui/periods/{period.id}/hr/{item}/replay"
    assert lead.post(path, data={"csrf_token": "forged"}).status_code == 400
    assert outbox_of(services, dead.id)["status"] == "dead"
    services.wake.clear()
    resp = lead.post(path, data={"csrf_token": csrf_of(page)})
    assert (resp.status_code, resp.headers["Location"]) == (
        303,
        f"/ui/periods/{period.id}#entry-{dead.id}",
    )
    row = outbox_of(services, dead.id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 0, None)
    assert services.wake.is_set()  # the worker is told at once
    after = lead.get(resp.headers["Location"]).get_data(as_text=True)
    assert "The delivery to bamboohr is queued again." in after
    assert "bamboohr: pending" in text_of(article(section(after), dead.id))
    again = lead.post(path, data={"csrf_token": csrf_of(page)})
    assert again.status_code == 404
    assert f"no dead-lettered HR delivery {item}" in again.get_data(as_text=True)
    assert (
        lead.post(
            f"/ui/periods/{period.id}/hr/99999/replay", data={"csrf_token": csrf_of(page)}
        ).status_code
        == 404
    )


def test_a_viewer_does_not_see_the_contact_log_and_may_not_use_its_pages(
    client: Any, tokens: dict[str, str], services: Any, period: Any
) -> None:
    entry = services.contact_log.create(entry_data(summary="Confidential entry."), "token:lead")
    item = outbox_of(services, entry.id)["id"]
    services.contact_log.log.dead(item, "bamboohr: 500")
    sign_in(client, tokens["viewer"])
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "Contact log" not in page and "Confidential entry." not in page
    assert "contact-log" not in page and "/replay" not in page
    csrf = csrf_of(page)
    base = f"/ui/periods/{period.id}/contact-log"
    for path in (f"{base}/new", f"{base}/{entry.id}/correct"):
        assert client.get(path).status_code == 403, path
        assert client.post(path, data={**FORM, "csrf_token": csrf}).status_code == 403, path
    assert client.post(f"{base}/check", data=FORM, headers={"X-CSRFToken": csrf}).status_code == 403
    resp = client.post(f"/ui/periods/{period.id}/hr/{item}/replay", data={"csrf_token": csrf})
    assert resp.status_code == 403
    assert "This needs the team_lead role; you are signed in as viewer." in resp.get_data(
        as_text=True
    )
    assert len(entries(services)) == 1 and outbox_of(services, entry.id)["status"] == "dead"


def test_a_token_for_another_helpdesk_sees_no_contact_log_of_this_one(
    client: Any, services: Any, period: Any, clock: Any
) -> None:
    other = services.repositories.tokens.create_token("other-lead", "team_lead", clock(), ["other"])
    sign_in(client, other)
    assert client.get(f"/ui/periods/{period.id}/contact-log/new").status_code == 404


# --- the form --------------------------------------------------------------------------------


def test_the_form_offers_the_domains_lists_and_warns_against_medical_data(
    lead: Any, period: Any
) -> None:
    page, _csrf = form_page(lead, period)
    for name, enum_cls in (
        ("channel", Channel),
        ("initiative", Initiative),
        ("outcome", Outcome),
        ("purpose", Purpose),
        ("employee_view.stance", Stance),
        ("next_contact.channel", Channel),
    ):
        select = re.search(rf'<select id="[^"]+" name="{re.escape(name)}".*?</select>', page, re.S)
        assert select, name
        assert re.findall(r'<option value="([^"]+)"', select.group()) == [m.value for m in enum_cls]
    assert re.findall(r'name="topics" type="checkbox" value="([^"]+)"', page) == [
        p.value for p in Purpose
    ]
    assert re.findall(r'name="participants" type="checkbox" value="([^"]+)"', page) == [
        r.value for r in Role
    ]
    warning = (
        "No medical data: no diagnosis, symptoms, treatment or appointments"
        " — facts about work only."
    )
    assert warning in page
    assert re.search(r'<textarea id="f-summary"[^>]*aria-describedby="h-medical h-summary"', page)
    # Every field has a label that names it.
    ids = set(re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page))
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
    assert ids <= labelled, sorted(ids - labelled)
    assert 'value="2026-11-23T10:00"' in page  # now, in the period's time zone
    assert 'name="initiative"' in page and '<option value="employer" selected>' in page


def test_a_team_lead_records_an_entry_through_the_form(
    lead: Any, services: Any, period: Any
) -> None:
    _page, csrf = form_page(lead, period)
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={
            **FORM,
            "csrf_token": csrf,
            "action": "save",
            "topics": ["return_planning", "practical_arrangement"],
            "participants": ["employee", "team_lead"],
            "participants.team_lead.name": "Chris Example",
            "agreements.1.what": "Routine tickets first",
            "agreements.1.who": "Anna",
            "agreements.1.by_when": "2026-12-01",
            "employee_view.own_words": "Fine with the plan.",
            "next_contact.date": "2026-11-30",
            "next_contact.channel": "video",
            "next_contact.by_whom": "Chris",
            "may_tell.customers": "Bob helps you for now.",
        },
    )
    assert resp.status_code == 303
    (entry,) = entries(services)
    assert resp.headers["Location"] == f"/ui/periods/{period.id}#entry-{entry.id}"
    assert entry.contact_at == dt.datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 Amsterdam
    assert (entry.period_id, entry.created_by) == (period.id, "token:team_lead")
    assert [t.value for t in entry.topics] == ["return_planning", "practical_arrangement"]
    assert [(p.role.value, p.name) for p in entry.participants] == [
        ("employee", ""),
        ("team_lead", "Chris Example"),
    ]
    assert [(a.what, a.who, a.by_when) for a in entry.agreements] == [
        ("Routine tickets first", "Anna", dt.date(2026, 12, 1))
    ]
    assert entry.next_contact is not None and entry.next_contact.channel is Channel.VIDEO
    assert entry.employee_view.stance is Stance.AGREES
    assert outbox_of(services, entry.id)["status"] == "pending"
    page = lead.get(resp.headers["Location"]).get_data(as_text=True)
    assert "The contact-log entry was saved." in page
    shown = text_of(article(section(page), entry.id))
    assert "Routine tickets first — Anna, by 1 December 2026" in shown
    assert "bamboohr: pending" in shown


def test_missing_and_wrong_fields_are_named_next_to_each_field_and_the_form_keeps_its_values(
    lead: Any, services: Any, period: Any
) -> None:
    _page, csrf = form_page(lead, period)
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={
            **FORM,
            "csrf_token": csrf,
            "channel": "",
            "summary": "",
            "outcome": "pigeon",
            "agreements.1.what": "Phone-free mornings",  # the second row, without who
            "next_contact.date": "2026-11-30",
        },
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert field_error(page, "channel") == "Missing data for required field."
    assert field_error(page, "summary") == "Missing data for required field."
    assert field_error(page, "outcome").startswith("Must be one of: reached, no_answer")
    assert field_error(page, "agreements.1.who") == "Missing data for required field."
    assert field_error(page, "next_contact.channel") == "Missing data for required field."
    assert 'value="Phone-free mornings"' in page
    assert entries(services) == []


def test_a_contact_in_the_future_is_refused_by_the_service_next_to_its_field(
    lead: Any, services: Any, period: Any
) -> None:
    _page, csrf = form_page(lead, period)
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={**FORM, "csrf_token": csrf, "contact_at": "2026-12-02T10:00"},
    )
    assert resp.status_code == 422
    assert field_error(resp.get_data(as_text=True), "contact_at") == "must not be in the future"
    nonsense = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={**FORM, "csrf_token": csrf, "contact_at": "yesterday"},
    )
    assert field_error(nonsense.get_data(as_text=True), "contact_at").startswith(
        "Enter a date and time"
    )


def test_medical_words_are_refused_on_save_with_the_words_named_and_nothing_is_stored(
    lead: Any, services: Any, period: Any
) -> None:
    _page, csrf = form_page(lead, period)
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={
            **FORM,
            "csrf_token": csrf,
            "action": "save",
            "summary": "Anna had a doctor's appointment.",
            "employee_view.own_words": "Ich bin noch krank.",
            "agreements.2.what": "Ask the therapist",
            "agreements.2.who": "Anna",
        },
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    facts = "Record facts about work only: what was agreed, tasks, hours, the next contact."
    care = "care providers and appointments"
    assert field_error(page, "summary") == f"“doctor” is not allowed ({care}). {facts}"
    assert (
        field_error(page, "employee_view.own_words") == f"“krank” is not allowed (illness). {facts}"
    )
    assert field_error(page, "agreements.2.what") == f"“therapist” is not allowed ({care}). {facts}"
    assert "Anna had a doctor&#39;s appointment." in page  # kept for correcting
    assert entries(services) == [] and services.contact_log.log.outbox(None) == []


def test_check_shows_what_would_be_refused_and_redacted_without_saving(
    lead: Any, services: Any, period: Any
) -> None:
    _page, csrf = form_page(lead, period)
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={
            **FORM,
            "csrf_token": csrf,
            "action": "check",
            "summary": "Customer daan@example.org (+31 6 1234 5678) asked; Anna saw her GP.",
        },
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    answer = text_of(page[page.index('id="check-answer"') : page.index("</aside>")])
    assert "Saving would be refused: remove the words named below." in answer
    refusal = (
        "“GP” is not allowed (care providers and appointments). Record facts about work only:"
        " what was agreed, tasks, hours, the next contact."
    )
    assert f"Summary : {refusal}" in answer
    assert "Customer [redacted] ([redacted]) asked; Anna saw her GP." in answer
    assert field_error(page, "summary") == refusal
    assert entries(services) == []
    clean = lead.post(
        f"/ui/periods/{period.id}/contact-log/new",
        data={**FORM, "csrf_token": csrf, "action": "check"},
    ).get_data(as_text=True)
    assert "Nothing would be refused." in clean and "Nothing would be redacted." in clean
    assert entries(services) == []


def test_the_check_button_gets_the_lints_answer_as_json_without_saving(
    lead: Any, services: Any, period: Any
) -> None:
    page, _csrf = form_page(lead, period)
    url = f"/ui/periods/{period.id}/contact-log/check"
    assert f'data-check="{url}"' in page
    headers = {"X-CSRFToken": meta_csrf(page)}
    refused = lead.post(
        url, data={**FORM, "may_tell.colleagues": "Anna is op de huisarts aangewezen."}
    ).status_code
    assert refused == 400  # no CSRF token: refused
    body = lead.post(
        url,
        data={
            **FORM,
            "may_tell.colleagues": "Anna is ziek.",
            "agreements.1.what": "Mail updates to klant@example.com",
            "agreements.1.who": "Chris",
        },
        headers=headers,
    ).get_json()
    assert body["ok"] is False
    assert body["refused"] == [
        {
            "field": "may_tell.colleagues",
            "label": "What may be told to colleagues",
            "messages": [
                "“ziek” is not allowed (illness). Write who helps from when, for example:"
                " “Sam is your contact from 7 January.”"
            ],
        }
    ]
    assert body["redacted"] == [
        {
            "field": "agreements.1.what",
            "label": "Agreement 2: what",
            "text": "Mail updates to [redacted]",
        }
    ]
    missing = lead.post(url, data={**FORM, "summary": ""}, headers=headers)
    assert missing.status_code == 422
    assert missing.get_json()["refused"] == [
        {"field": "summary", "label": "Summary", "messages": ["Missing data for required field."]}
    ]
    assert lead.post(url, data=FORM, headers=headers).get_json()["ok"] is True
    assert entries(services) == []


def test_forms_of_the_contact_log_without_their_csrf_token_are_refused(
    lead: Any, services: Any, period: Any
) -> None:
    entry = services.contact_log.create(entry_data(), "token:lead")
    base = f"/ui/periods/{period.id}/contact-log"
    for path in (f"{base}/new", f"{base}/{entry.id}/correct"):
        resp = lead.post(path, data={**FORM, "csrf_token": "forged", "action": "save"})
        assert resp.status_code == 400, path
    assert lead.post(f"{base}/check", data=FORM).status_code == 400
    assert len(entries(services)) == 1


def test_correcting_an_entry_starts_from_it_and_supersedes_it(
    lead: Any, services: Any, period: Any
) -> None:
    old = services.contact_log.create(entry_data(), "token:lead")
    page, csrf = form_page(lead, period, f"{old.id}/correct")
    assert "Called Anna as planned; she keeps routine tickets for now.</textarea>" in page
    assert 'value="Routine tickets first"' in page
    assert 'value="2026-11-23T09:30"' in page  # 08:30 UTC in Amsterdam
    assert f'data-check="/ui/periods/{period.id}/contact-log/check?correcting={old.id}"' in page
    resp = lead.post(
        f"/ui/periods/{period.id}/contact-log/{old.id}/correct",
        data={
            **FORM,
            "csrf_token": csrf,
            "outcome": "rescheduled",
            "summary": "Call moved to Friday at Anna's request.",
        },
    )
    assert resp.status_code == 303
    new = next(e for e in entries(services) if e.id != old.id)
    assert (new.supersedes_id, new.outcome) == (old.id, Outcome.RESCHEDULED)
    assert services.contact_log.get(old.id)[1] == [new.id]
    detail = lead.get(resp.headers["Location"]).get_data(as_text=True)
    assert 'class="entry superseded" id="entry-' + old.id in detail
    # An entry of another period is not corrected from this one.
    other = add_period(
        services,
        starts_at=dt.datetime(2026, 9, 1, tzinfo=UTC),
        ends_at=dt.datetime(2026, 10, 1, tzinfo=UTC),
    )
    assert lead.get(f"/ui/periods/{other.id}/contact-log/{old.id}/correct").status_code == 404


def test_the_contact_log_speaks_dutch_too(lead: Any, services: Any, period: Any) -> None:
    services.contact_log.create(entry_data(), "token:lead")
    nl = {"Accept-Language": "nl"}
    page = lead.get(f"/ui/periods/{period.id}/contact-log/new", headers=nl).get_data(as_text=True)
    assert "Geen medische gegevens: geen diagnose, klachten, behandeling of afspraken" in page
    assert '<option value="home_visit">Huisbezoek</option>' in page
    detail = lead.get(f"/ui/periods/{period.id}", headers=nl).get_data(as_text=True)
    assert "Contactlog" in detail and "bamboohr: in de wachtrij" in text_of(detail)


def test_every_value_of_the_domains_lists_has_an_english_label_translated_in_nl_fr_and_de() -> None:
    for enum_cls in (Channel, Initiative, Outcome, Purpose, Stance, Role):
        labels = ENUM_LABELS[enum_cls.__name__]
        assert set(labels) == {m.value for m in enum_cls}, enum_cls.__name__
        for lang in ("nl", "fr", "de"):
            assert all(has(lang, text) for text in labels.values()), (enum_cls.__name__, lang)


def test_showing_the_contact_log_on_the_period_page_is_recorded_as_a_read(
    lead: Any, services: Any, period: Any
) -> None:
    entry = services.contact_log.create(entry_data(), "token:lead")
    lead.get(f"/ui/periods/{period.id}")
    (read,) = services.access_log.reads(None)
    assert (read.actor, read.via.value, read.entry_ids) == ("token:team_lead", "page", (entry.id,))
