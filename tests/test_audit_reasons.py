"""Audit reasons in the reader's language (issue #17 item 3): each reason is recorded with its
msgid and values beside the English text, and the period page and the exports say it in the
lead's language, its dates in the period's time zone."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from typing import Any

import pytest

from connector.domain.daily_word import Recipient
from connector.domain.messages import LINES, Msg, from_record, joined, split_joined, to_record
from connector.domain.periods import HANDBACK_POLICIES
from connector.domain.rules import decide
from connector.domain.scope import DIMENSION_LABELS
from connector.services.pipeline import VIAS
from connector.translations import gettext, translations
from connector.wiring import Services
from tests.test_scope_phases_chains import period as domain_period
from tests.test_scope_phases_chains import ticket
from tests.test_ui import seed, sign_in

UTC = dt.UTC
AT = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_a_message_is_kept_as_json_and_comes_back_whole_with_its_nested_messages_and_dates() -> (
    None
):
    inner = Msg("kept: %(status)s", status="solved")
    message = Msg(
        "back to the employee (%(n)s of %(allowed)s on %(day)s)",
        n=2,
        allowed=3,
        day=dt.date(2026, 12, 1),
    )
    both = Msg("%(first)s; %(second)s", first=message, second=inner)

    kept = to_record(both)
    again = from_record(kept or {})

    assert kept is not None and isinstance(kept["values"]["first"], dict)
    assert again == both and again.msgid == both.msgid
    assert again.values["first"].values["day"] == dt.date(2026, 12, 1)
    assert to_record("plain English") is None


def test_lines_joined_as_one_message_split_back_into_the_same_messages() -> None:
    lines = [Msg("cycle of replacements: %(path)s", path="a → b → a"), Msg("round-robin")]
    together = joined(lines, LINES)
    assert together == "cycle of replacements: a → b → a\nround-robin"
    assert split_joined(together, LINES) == lines


@pytest.mark.parametrize(
    "event",
    [
        ticket(status="solved"),
        ticket(tags=("standin_keep",)),
        ticket(assignee_id="7777"),
        ticket(),
    ],
)
def test_every_reason_the_rules_give_is_a_message(event: Any) -> None:
    p = domain_period(starts="2026-11-01", ends="2026-12-31")
    decision = decide(event, [p], AT)
    assert isinstance(decision.reason, Msg), decision.reason


def test_a_scope_reason_is_a_message_down_to_its_dimensions() -> None:
    p = domain_period(
        starts="2026-11-01", ends="2026-12-31", scope={"exclude": [{"tags": ["billing"]}]}
    )
    decision = decide(ticket(), [p], AT)
    assert decision.reason == "out of the period's scope (excluded: tags billing)"
    assert isinstance(decision.reason, Msg)
    said = gettext("nl", decision.reason.msgid, why=_said_nl(decision.reason.values["why"]))
    assert said == "buiten het bereik van de periode (uitgesloten: tags billing)"


def _said_nl(message: Any) -> str:
    from connector.translations import say

    return say("nl", message)


@pytest.mark.parametrize(
    "msgid",
    sorted(
        {
            *(r.value for r in Recipient),
            *HANDBACK_POLICIES,
            *VIAS,
            *DIMENSION_LABELS.values(),
            "intended",
            "sent",
            "blocked",
            "groups",
            "queues",
            "teams",
        }
    ),
)
def test_words_put_into_reasons_at_run_time_are_in_every_catalogue(msgid: str) -> None:
    for lang in ("nl", "fr", "de"):
        assert msgid in translations(lang)._catalog, (lang, msgid)  # noqa: SLF001


@pytest.fixture
def lead(client: Any, tokens: dict[str, str]) -> Any:
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


def _skipped_by_a_phase(services: Services) -> Any:
    phases = [{"from": "2026-11-16", "scope": {"exclude": [{"tags": ["routine"]}]}}]
    period = seed(services, phases=phases)
    decision = decide(
        ticket(assignee_id="9001", tags=("routine",)),
        [period],
        dt.datetime(2026, 11, 20, tzinfo=UTC),
    )
    services.repositories.audit.audit(
        AT,
        "acme",
        "skipped",
        period_id=period.id,
        ticket_id="123",
        from_agent="9001",
        reason=decision.reason,
    )
    services.repositories.audit.audit(
        AT,
        "acme",
        "period_created",
        period_id=period.id,
        reason=Msg("%(start)s to until further notice", start="2026-11-15T23:00:00+00:00"),
    )
    return period


def test_the_repository_keeps_the_msgid_and_values_beside_the_english_text(
    services: Services,
) -> None:
    period = _skipped_by_a_phase(services)
    rows = services.repositories.audit.audit_records(None, period_id=period.id)
    skipped = next(r for r in rows if r["action"] == "skipped")
    assert skipped["reason"] == ("taken back by the employee in phase 1 (excluded: tags routine)")
    assert skipped["reason_msg"]["msgid"] == "taken back by the employee in phase %(n)s (%(why)s)"
    assert skipped["reason_msg"]["values"]["n"] == 1


def test_the_dutch_period_page_says_each_reason_in_dutch_with_local_dates(
    lead: Any, services: Services
) -> None:
    period = _skipped_by_a_phase(services)
    services.repositories.audit.audit(  # an older row: English text only, no msgid kept
        AT, "acme", "rerouted", period_id=period.id, ticket_id="124", reason="an old reason"
    )
    lead.get("/ui/lang/nl")

    page = html.unescape(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True))

    assert "teruggenomen door de medewerker in fase 1 (uitgesloten: tags routine)" in page
    # the ISO moment said as a Dutch date in Amsterdam, the open end in Dutch
    assert "16 november 2026 00:00, tot nader bericht" in page
    assert "an old reason" in page  # shown as recorded
    assert "taken back by the employee" not in page


def test_the_french_csv_export_says_each_reason_in_french(
    client: Any, auth: Any, services: Services
) -> None:
    period = _skipped_by_a_phase(services)
    resp = client.get(f"/api/v1/periods/{period.id}/audit.csv?lang=fr", headers=auth("viewer"))
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    skipped = next(r for r in rows if r[2] == "123")
    assert skipped[5] == "repris par l'employé en phase 1 (exclu : tags routine)"
