"""The repositories' contract, run against the in-memory fakes and the real ones on both engines.

Service tests trust ``tests/fakes/repositories.py``; these tests are why they may: every
assertion here holds for the fake, for SQLite and for PostgreSQL alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from connector.adapters.access_log import AccessLog
from connector.adapters.contact_log_store import ContactLogStore
from connector.adapters.sealing import Sealer
from connector.adapters.store import Store
from connector.domain.contact_log import ReadVia, build_entry
from connector.domain.periods import Period
from connector.wiring import build_lease_holders, build_repositories
from tests.fakes.repositories import FakeRepositories

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@dataclasses.dataclass
class SqlRepositories:
    periods: Any
    audit: Any
    notices: Any
    templates: Any
    tokens: Any
    lifecycle: Any
    contact_log: Any
    hr_outbox: Any
    access_log: Any
    leases: Any


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def repos(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "fake":
        yield FakeRepositories()
        return
    if request.param == "sqlite":
        path = tmp_path / "standin.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        from tests.conftest import TABLES

        url = request.getfixturevalue("pg_database")
        with Store(url).engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    store = Store(url)
    built = build_repositories(store)
    sealer = Sealer([os.environ["STANDIN_DATA_KEYS"]])
    yield SqlRepositories(
        **{f.name: getattr(built, f.name) for f in dataclasses.fields(built)},
        contact_log=(log := ContactLogStore(store, sealer)),
        hr_outbox=log,  # the real contact-log store is its HR outbox too
        access_log=AccessLog(store),
        leases=build_lease_holders(store, log),
    )
    store.engine.dispose()


def period(**changes: Any) -> Period:
    fields: dict[str, Any] = {
        "id": None,
        "helpdesk": "acme",
        "employee_email": "anna@example.com",
        "employee_id": "11",
        "employee_name": "Anna de Vries",
        "replacement_email": "sam@example.com",
        "replacement_id": "22",
        "replacement_name": "Sam Jansen",
        "starts_at": NOW - DAY,
        "ends_at": NOW + 10 * DAY,
        "timezone": "Europe/Amsterdam",
        "created_by": "token:lead",
    }
    return Period(**(fields | changes))


def entry(entry_id: str, contact_at: dt.datetime, **extra: Any) -> Any:
    data = {
        "contact_at": contact_at,
        "author": {"name": "Chris Example", "function": "Team lead"},
        "channel": "phone",
        "outcome": "reached",
        "purpose": "well_being_check_in",
        "summary": "We spoke about the week ahead.",
    }
    fields: dict[str, Any] = {
        "entry_id": entry_id,
        "helpdesk": "acme",
        "employee_email": "anna@example.com",
        "employee_name": "Anna de Vries",
        "period_id": None,
        "recorded_at": contact_at,
    }
    return build_entry(data, **(fields | extra))


# --- periods ------------------------------------------------------------------------------


def test_an_added_period_gets_an_id_and_reads_back_equal(repos: Any) -> None:
    saved = repos.periods.add_period(period(scope={"tags": ["vip"]}), NOW)
    assert saved.id is not None
    assert (
        repos.periods.get_period(saved.id)
        == saved
        == dataclasses.replace(period(scope={"tags": ["vip"]}), id=saved.id)
    )
    assert saved.state["handed_back_at"] is None and saved.state["phase_moves"] == {}
    assert repos.periods.get_period(saved.id + 100) is None


def test_saving_a_period_changes_only_what_was_saved(repos: Any) -> None:
    saved = repos.periods.add_period(period(), NOW)
    other = repos.periods.add_period(period(helpdesk="other"), NOW)
    changed = repos.periods.save_period(
        dataclasses.replace(saved, replacement_name="Kim", ended_early_at=NOW), NOW
    )
    assert changed.replacement_name == "Kim" and changed.ended_early_at == NOW
    assert repos.periods.get_period(saved.id) == changed
    assert repos.periods.get_period(other.id) == other


def test_periods_are_listed_by_start_and_filtered_by_helpdesk(repos: Any) -> None:
    late = repos.periods.add_period(period(starts_at=NOW + DAY), NOW)
    early = repos.periods.add_period(period(), NOW)
    other = repos.periods.add_period(period(helpdesk="other"), NOW)
    assert [p.id for p in repos.periods.periods(["acme"])] == [early.id, late.id]
    assert {p.id for p in repos.periods.periods()} == {early.id, late.id, other.id}
    assert repos.periods.periods([]) == []


def test_active_periods_are_those_started_not_ended_and_not_ended_early(repos: Any) -> None:
    active = repos.periods.add_period(period(), NOW)
    repos.periods.add_period(period(starts_at=NOW + DAY), NOW)  # not yet
    repos.periods.add_period(period(ends_at=NOW), NOW)  # ends_at is exclusive
    repos.periods.add_period(period(ended_early_at=NOW), NOW)
    repos.periods.add_period(period(helpdesk="other"), NOW)
    assert [p.id for p in repos.periods.periods_active_at("acme", NOW)] == [active.id]


# --- audit --------------------------------------------------------------------------------


def two_periods(repos: Any) -> None:
    """Periods 1 and 2 (audit and notice rows name an existing period, as in the database)."""
    assert [repos.periods.add_period(period(), NOW).id for _ in range(2)] == [1, 2]


def test_the_latest_audit_row_of_a_period_is_the_newest_with_that_action(repos: Any) -> None:
    two_periods(repos)
    repos.audit.audit(NOW, "acme", "replacement_check", period_id=1, reason="old")
    repos.audit.audit(NOW + DAY, "acme", "replacement_check", period_id=1, reason="new")
    repos.audit.audit(NOW + DAY, "acme", "rerouted", period_id=1, ticket_id="7")
    repos.audit.audit(NOW + DAY, "acme", "replacement_check", period_id=2, reason="other")
    latest = repos.audit.latest_audit(1, "replacement_check")
    assert latest["reason"] == "new" and latest["at"] == NOW + DAY
    assert repos.audit.latest_audit_of(1, ("rerouted", "skipped"))["action"] == "rerouted"
    assert repos.audit.latest_audit(3, "replacement_check") is None
    assert latest["vendor_status"] is None and latest["to_agent"] is None


def test_an_audit_row_for_a_period_that_does_not_exist_is_refused(repos: Any) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - IntegrityError or the fake's LookupError
        repos.audit.audit(NOW, "acme", "rerouted", period_id=404)
    assert repos.audit.audit_records(None) == []


def test_audit_records_are_newest_first_filtered_and_paged(repos: Any) -> None:
    two_periods(repos)
    for i in range(5):
        repos.audit.audit(NOW, "acme", "rerouted", period_id=1, ticket_id=str(i), actor="x")
    repos.audit.audit(NOW, "other", "rerouted", period_id=2, ticket_id="9")
    rows = repos.audit.audit_records(["acme"], limit=3)
    assert [r["ticket_id"] for r in rows] == ["4", "3", "2"]
    assert rows[0]["at"] == NOW.isoformat() and rows[0]["actor"] == "x"
    older = repos.audit.audit_records(["acme"], before_id=rows[-1]["id"])
    assert [r["ticket_id"] for r in older] == ["1", "0"]
    assert [r["helpdesk"] for r in repos.audit.audit_records(None, ticket_id="9")] == ["other"]
    assert len(repos.audit.audit_records(None, period_id=1)) == 5


def test_several_audit_rows_of_different_fields_are_kept_each_with_its_own(repos: Any) -> None:
    two_periods(repos)
    repos.audit.audit_many(
        NOW,
        [
            {"helpdesk": "acme", "action": "rerouted", "period_id": 1, "ticket_id": "7"},
            {"helpdesk": "acme", "action": "skipped", "period_id": 1, "reason": "keep tag"},
            {"helpdesk": "acme", "action": "rerouted", "period_id": 2, "to_agent": "9002"},
        ],
    )
    rows = repos.audit.audit_records(None)
    assert [(r["action"], r["period_id"], r["ticket_id"], r["reason"]) for r in rows] == [
        ("rerouted", 2, None, ""),
        ("skipped", 1, None, "keep tag"),
        ("rerouted", 1, "7", ""),
    ]
    assert rows[0]["actor"] == "connector"  # the column's default, as for one row


# --- notices ------------------------------------------------------------------------------


def test_a_notice_is_recorded_once_per_period_and_key(repos: Any) -> None:
    two_periods(repos)
    assert repos.notices.record_notice(1, "cust:5", "100", "nl", "intended", NOW) is True
    assert repos.notices.record_notice(1, "cust:5", "101", "fr", "intended", NOW) is False
    assert repos.notices.record_notice(2, "cust:5", "102", "", "blocked", NOW) is True
    assert repos.notices.notice_record(1, "cust:5") == {
        "ticket_id": "100",
        "status": "intended",
        "lang": "nl",
    }
    repos.notices.set_notice_status(1, "cust:5", "sent")
    assert repos.notices.notice_record(1, "cust:5")["status"] == "sent"
    assert repos.notices.notice_counts(1) == {"sent": 1}
    assert repos.notices.notice_counts(2) == {"blocked": 1}
    assert repos.notices.notice_record(1, "cust:6") is None
    (listed,) = repos.notices.notices(1)
    assert {k: listed[k] for k in ("key", "ticket_id", "lang", "status")} == {
        "key": "cust:5",
        "ticket_id": "100",
        "lang": "nl",
        "status": "sent",
    }


# --- templates ----------------------------------------------------------------------------


def template(**changes: Any) -> dict[str, Any]:
    return {
        "helpdesk": "acme",
        "kind": "reroute",
        "variant": "formal",
        "lang": "nl",
        "subject": "Uw vraag",
        "text": "Tekst",
    } | changes


def test_template_versions_count_up_and_one_version_is_active(repos: Any) -> None:
    first = repos.templates.add_template(template(), "lead", NOW)
    second = repos.templates.add_template(template(text="Nieuw"), "lead", NOW)
    french = repos.templates.add_template(template(lang="fr"), "lead", NOW)
    assert (first["version"], second["version"], french["version"]) == (1, 2, 1)
    assert not first["active"] and first["html"] == "" and first["created_at"] == NOW.isoformat()
    assert repos.templates.active_template("acme", "reroute", "formal", "nl") is None
    repos.templates.activate_template(first["id"])
    assert repos.templates.activate_template(second["id"])["active"] is True
    assert repos.templates.active_template("acme", "reroute", "formal", "nl")["text"] == "Nieuw"
    assert repos.templates.template(first["id"])["active"] is False
    assert repos.templates.active_template("acme", "reroute", "formal", "fr") is None
    assert [t["id"] for t in repos.templates.templates(["acme"])] == [
        first["id"],
        second["id"],
        french["id"],
    ]
    assert repos.templates.templates(["other"]) == []
    assert repos.templates.template(9999) is None


# --- tokens -------------------------------------------------------------------------------


def test_a_token_is_checked_listed_without_its_secret_and_revoked(repos: Any) -> None:
    token = repos.tokens.create_token("lead", "team_lead", NOW, ["acme"])
    info = repos.tokens.check_token(token, NOW)
    assert (info.name, info.role, info.helpdesks) == ("lead", "team_lead", ("acme",))
    assert repos.tokens.check_token(token + "x", NOW) is None
    (listed,) = repos.tokens.list_tokens()
    assert listed["prefix"] == token[:8] and token not in str(listed)
    assert listed["last_used_at"] == NOW
    assert repos.tokens.token_by_id(info.id) == info
    assert repos.tokens.revoke_tokens("lead", NOW) == [info.id]
    assert repos.tokens.revoke_tokens("lead", NOW) == []
    assert repos.tokens.check_token(token, NOW) is None
    assert repos.tokens.token_by_id(info.id) is None


def test_a_token_with_an_unknown_role_is_refused(repos: Any) -> None:
    with pytest.raises(ValueError, match="role must be one of"):
        repos.tokens.create_token("x", "owner", NOW)
    assert repos.tokens.list_tokens() == []


# --- lifecycle ----------------------------------------------------------------------------


def test_a_period_lease_is_held_by_one_owner_until_it_runs_out(repos: Any) -> None:
    p = repos.periods.add_period(period(), NOW)
    assert repos.lifecycle.claim(p.id, "a", NOW, 30) is True
    assert repos.lifecycle.claim(p.id, "b", NOW, 30) is False
    repos.lifecycle.release(p.id, "b")  # not b's: still held
    assert repos.lifecycle.claim(p.id, "b", NOW + dt.timedelta(seconds=10), 30) is False
    assert repos.lifecycle.claim(p.id, "b", NOW + dt.timedelta(seconds=31), 30) is True
    repos.lifecycle.release(p.id, "b")
    assert repos.lifecycle.claim(p.id, "c", NOW + dt.timedelta(seconds=31), 30) is True


def renew_periods(repos: Any, prefix: str, now: dt.datetime, ids: list[int], until: Any) -> int:
    return int(
        repos.leases.renew(
            prefix,
            now,
            events=[],
            event_until=until,
            deliveries=[],
            delivery_until=until,
            periods=ids,
            period_until=until,
        )
    )


def test_period_leases_are_renewed_only_for_their_process_and_while_they_run(
    repos: Any,
) -> None:
    sec = dt.timedelta(seconds=1)
    mine, theirs, lapsed = (repos.periods.add_period(period(), NOW).id for _ in range(3))
    assert repos.lifecycle.claim(mine, "web_1:7:a", NOW, 30)
    assert repos.lifecycle.claim(theirs, "webx1:7:a", NOW, 30)  # "_" is no wildcard
    assert repos.lifecycle.claim(lapsed, "web_1:7:b", NOW - 60 * sec, 30)
    ids = [mine, theirs, lapsed]
    assert repos.leases.holders(NOW) == {"web_1:7:a", "webx1:7:a"}  # the lapsed one ran out
    assert renew_periods(repos, "web_1:7:", NOW + 20 * sec, ids, NOW + 120 * sec) == 1
    assert repos.lifecycle.claim(mine, "other", NOW + 100 * sec, 30) is False
    assert repos.lifecycle.claim(theirs, "other", NOW + 100 * sec, 30) is True
    assert repos.lifecycle.claim(lapsed, "other", NOW + 100 * sec, 30) is True


def test_the_period_leases_of_a_holder_that_is_gone_run_out_at_once(repos: Any) -> None:
    sec = dt.timedelta(seconds=1)
    dead, alive = (repos.periods.add_period(period(), NOW).id for _ in range(2))
    assert repos.lifecycle.claim(dead, "host:99:a", NOW, 300)
    assert repos.lifecycle.claim(alive, "host:98:a", NOW, 300)
    assert repos.leases.expire_holder("host:99:a", NOW - sec) == 1
    assert repos.leases.holders(NOW) == {"host:98:a"}
    assert repos.lifecycle.claim(dead, "successor", NOW, 300) is True
    assert repos.lifecycle.claim(alive, "successor", NOW, 300) is False


def test_lifecycle_progress_is_kept_on_the_period(repos: Any) -> None:
    p = repos.periods.add_period(period(), NOW)
    later = repos.periods.add_period(period(starts_at=NOW + DAY), NOW)
    repos.lifecycle.set_start_move(p.id, {"moved": 3}, done_at=NOW)
    repos.lifecycle.set_swept(p.id, NOW)
    repos.lifecycle.set_phase_move(p.id, "2026-12-01", {"moved": 1})
    repos.lifecycle.set_phase_move(p.id, "2027-01-01", {"moved": 2})
    repos.lifecycle.set_replacement_move_due(p.id, True)
    state = repos.periods.get_period(p.id).state
    assert state["start_move"] == {"moved": 3} and state["start_moved_at"] == NOW
    assert state["last_swept_at"] == NOW and state["replacement_move_due"] is True
    assert state["phase_moves"] == {"2026-12-01": {"moved": 1}, "2027-01-01": {"moved": 2}}
    assert [x.id for x in repos.lifecycle.unfinished_periods(NOW)] == [p.id]
    assert [x.id for x in repos.lifecycle.unfinished_periods(NOW + DAY)] == [p.id, later.id]
    repos.lifecycle.set_handed_back(p.id, NOW, {"returned": 3})
    assert repos.periods.get_period(p.id).state["handback_result"] == {"returned": 3}
    assert [x.id for x in repos.lifecycle.unfinished_periods(NOW + DAY)] == [later.id]


def test_a_ticket_moved_again_keeps_its_first_origin_and_reopens(repos: Any) -> None:
    p = repos.periods.add_period(period(), NOW)
    repos.lifecycle.record_reroute(p.id, "7", NOW, "11", "22", "webhook")
    repos.lifecycle.record_reroute(p.id, "8", NOW, "11", "22", "start")
    repos.lifecycle.close_reroutes(p.id, [("7", "returned")], NOW + DAY)
    assert [r.ticket_id for r in repos.lifecycle.reroutes(p.id, open_only=True)] == ["8"]
    repos.lifecycle.record_reroute(p.id, "7", NOW + 2 * DAY, "22", "33", "sweep")
    first, second = repos.lifecycle.reroutes(p.id)
    assert (first.ticket_id, first.from_agent, first.to_agent, first.via) == (
        "7",
        "11",
        "33",
        "webhook",
    )
    assert first.handed_back_at is None and first.outcome is None
    assert second.ticket_id == "8"
    (moved,) = repos.lifecycle.ticket_reroutes("acme", "7")
    assert moved[0].id == p.id and moved[1].moved_at == NOW + 2 * DAY
    assert repos.lifecycle.ticket_reroutes("other", "7") == []


# --- contact log --------------------------------------------------------------------------


def test_a_contact_entry_is_stored_once_per_source_ref(repos: Any) -> None:
    first = entry("e1", NOW, source_ref="zendesk:1")
    assert repos.contact_log.add(first, ["hr"], NOW) is True
    assert repos.contact_log.add(entry("e2", NOW, source_ref="zendesk:1"), ["hr"], NOW) is False
    assert repos.contact_log.get("e1") == first
    assert repos.contact_log.by_source_ref("zendesk:1") == first
    assert repos.contact_log.get("e2") is None
    (delivery,) = repos.contact_log.outbox(None)
    assert (delivery["entry_id"], delivery["target"], delivery["status"]) == ("e1", "hr", "pending")
    assert repos.contact_log.outbox(["other"]) == []


def test_contact_entries_are_newest_contact_first_with_their_corrections(repos: Any) -> None:
    repos.contact_log.add(entry("e1", NOW - DAY), [], NOW)
    repos.contact_log.add(entry("e2", NOW), [], NOW)
    repos.contact_log.add(
        dataclasses.replace(entry("e3", NOW - DAY, recorded_at=NOW), supersedes_id="e1"), [], NOW
    )
    repos.contact_log.add(entry("e4", NOW, employee_email="bo@example.com"), [], NOW)
    listed = repos.contact_log.entries(["acme"], "Anna@Example.com")
    assert [(e.id, by) for e, by in listed] == [("e2", []), ("e1", ["e3"]), ("e3", [])]
    assert repos.contact_log.superseded_by("e1") == ["e3"]
    assert repos.contact_log.entries(["other"]) == []


def test_purging_keeps_entries_of_recent_periods_and_undelivered_ones(repos: Any) -> None:
    old = repos.periods.add_period(period(starts_at=NOW - 90 * DAY, ends_at=NOW - 60 * DAY), NOW)
    recent = repos.periods.add_period(period(starts_at=NOW - 20 * DAY, ends_at=NOW), NOW)
    long_ago = NOW - 80 * DAY
    repos.contact_log.add(entry("gone", long_ago, period_id=old.id), [], NOW)
    repos.contact_log.add(entry("none", long_ago), [], NOW)
    repos.contact_log.add(entry("kept", long_ago, period_id=recent.id), [], NOW)
    repos.contact_log.add(entry("undelivered", long_ago), ["hr"], NOW)
    cutoff = NOW - 30 * DAY
    assert repos.contact_log.purge(cutoff, dry_run=True) == 2
    assert repos.contact_log.get("gone") is not None
    assert repos.contact_log.purge(cutoff) == 2
    assert [e.id for e, _ in repos.contact_log.entries(None)] == ["kept", "undelivered"] or [
        e.id for e, _ in repos.contact_log.entries(None)
    ] == ["undelivered", "kept"]
    assert repos.contact_log.get("gone") is None and repos.contact_log.get("none") is None


def test_an_hr_delivery_is_claimed_by_one_owner_and_finished_only_by_it(repos: Any) -> None:
    repos.contact_log.add(entry("e1", NOW), ["webhook"], NOW)
    item = repos.hr_outbox.claim(NOW, 300, "w1")
    assert (item.entry_id, item.target, item.attempts) == ("e1", "webhook", 1)
    assert repos.hr_outbox.claim(NOW, 300, "w2") is None
    assert repos.hr_outbox.get("e1").id == "e1"
    assert repos.hr_outbox.sent(item.id, NOW, "ref-1", "w2") is False
    assert repos.hr_outbox.sent(item.id, NOW, "ref-1", "w1") is True
    (row,) = repos.contact_log.outbox(None)
    assert (row["status"], row["remote_ref"]) == ("sent", "ref-1")


def test_an_hr_delivery_put_back_for_later_is_not_claimed_before_then(repos: Any) -> None:
    repos.contact_log.add(entry("e1", NOW), ["webhook"], NOW)
    item = repos.hr_outbox.claim(NOW, 300, "w1")
    later = NOW + dt.timedelta(minutes=1)
    assert repos.hr_outbox.retry_later(item.id, later, "503 Service Unavailable", "w1") is True
    assert repos.hr_outbox.claim(NOW, 300, "w1") is None
    again = repos.hr_outbox.claim(later, 300, "w1")
    assert (again.id, again.attempts) == (item.id, 2)
    assert repos.hr_outbox.dead(again.id, "gave up", "w1") is True
    (row,) = repos.contact_log.outbox(None)
    assert (row["status"], row["last_error"]) == ("dead", "gave up")


def test_reads_of_the_contact_log_are_newest_first_by_employee_and_none_for_nothing_shown(
    repos: Any,
) -> None:
    log = repos.access_log
    log.record(NOW - DAY, "lead", ReadVia.PAGE, "acme", "Anna@Example.com", ["e1"])
    log.record(NOW, "hr", ReadVia.EXPORT, "acme", "anna@example.com", ["e1", "e2"])
    log.record(NOW, "lead", ReadVia.API, "acme", "bo@example.com", ["e3"])
    log.record(NOW, "lead", ReadVia.API, "acme", "anna@example.com", [])
    reads = log.reads(["acme"], "anna@example.com")
    assert [(r.actor, r.via, r.entry_ids) for r in reads] == [
        ("hr", ReadVia.EXPORT, ("e1", "e2")),
        ("lead", ReadVia.PAGE, ("e1",)),
    ]
    assert log.reads(["other"]) == []


def test_weekly_counts_are_distinct_moved_tickets_and_sent_notices(repos: Any) -> None:
    two_periods(repos)
    for ticket in ("1", "1", "2"):
        repos.audit.audit(NOW, "acme", "rerouted", period_id=1, ticket_id=ticket)
    repos.audit.audit(NOW, "acme", "skipped", period_id=1, ticket_id="3")
    repos.audit.audit(NOW + 8 * DAY, "acme", "rerouted", period_id=1, ticket_id="4")
    repos.notices.record_notice(1, "a", "1", "nl", "intended", NOW)
    repos.notices.record_notice(2, "a", "1", "nl", "intended", NOW)  # another period
    repos.notices.set_notice_status(1, "a", "sent")
    repos.notices.record_notice(1, "b", "2", "nl", "intended", NOW)
    assert repos.contact_log.counts(1, NOW - DAY, NOW + 7 * DAY) == (2, 1)
    assert repos.contact_log.counts(2, NOW - DAY, NOW + 7 * DAY) == (0, 0)


# --- open-ended periods (issue 21 item 5) ----------------------------------------------------


def test_an_open_ended_period_is_active_years_on_until_a_lead_ends_it(repos: Any) -> None:
    open_one = repos.periods.add_period(period(starts_at=NOW - DAY, ends_at=None), NOW)
    assert repos.periods.get_period(open_one.id).ends_at is None
    years_on = NOW + 3 * 365 * DAY
    assert [p.id for p in repos.periods.periods_active_at("acme", years_on)] == [open_one.id]
    ended = dataclasses.replace(open_one, ended_early_at=NOW + DAY)
    repos.periods.save_period(ended, NOW + DAY)
    assert repos.periods.periods_active_at("acme", years_on) == []
    assert [p.id for p in repos.periods.periods_active_at("acme", NOW)] == [open_one.id]


def test_purging_keeps_the_contact_entries_of_an_open_period_however_old(repos: Any) -> None:
    open_one = repos.periods.add_period(period(starts_at=NOW - 900 * DAY, ends_at=None), NOW)
    repos.contact_log.add(entry("kept", NOW - 800 * DAY, period_id=open_one.id), [], NOW)
    assert repos.contact_log.purge(NOW - 30 * DAY) == 0
    assert repos.contact_log.get("kept") is not None
