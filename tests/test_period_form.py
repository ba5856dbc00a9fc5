"""The period form's scope, phases and hand-back fields map to the API's shapes and back."""

from __future__ import annotations

from connector.web.period_form import (
    form_phases,
    form_scope,
    handback_from_form,
    phases_from_form,
    scope_from_form,
)


def test_scope_fields_become_any_of_filters_and_come_back_the_same() -> None:
    form = {
        "scope.include.groups": "Support NL, Support BE",
        "scope.exclude.tags": "vip; legal",
        "scope.exclude.customers": "",
    }
    scope = scope_from_form(form)
    assert scope == {
        "include": [{"groups": ["Support NL", "Support BE"]}],
        "exclude": [{"tags": ["vip", "legal"]}],
    }
    back = form_scope(scope)
    assert back["editable"] and back["include"]["groups"] == "Support NL, Support BE"
    assert back["exclude"]["tags"] == "vip, legal"


def test_a_phase_row_says_what_the_employee_takes_back_from_a_date() -> None:
    form = {
        "phases.0.from": "2026-12-01",
        "phases.0.name": "routine work back",
        "phases.0.tags": "routine",
        "phases.1.from": "2026-12-15",
        "phases.1.priorities": "low, normal",
        "phases.2.from": "",
        "phases.2.tags": "ignored without a date",
    }
    phases = phases_from_form(form)
    assert phases == [
        {
            "from": "2026-12-01",
            "name": "routine work back",
            "scope": {"exclude": [{"tags": ["routine"]}]},
        },
        {"from": "2026-12-15", "scope": {"exclude": [{"priorities": ["low", "normal"]}]}},
    ]
    rows = form_phases(phases)
    assert rows["editable"] and rows["rows"][1]["priorities"] == "low, normal"
    assert len(rows["rows"]) == 4 and rows["rows"][3]["from"] == ""


def test_shapes_the_form_cannot_show_are_read_only_not_rewritten() -> None:
    api_scope = {"include": [{"tags": ["vip"], "groups": ["Support"]}]}  # both at once
    assert form_scope(api_scope)["editable"] is False
    api_phases = [{"from": "2026-12-01", "until": "2026-12-08", "scope": {}}]
    assert form_phases(api_phases)["editable"] is False


def test_hand_back_fields() -> None:
    assert handback_from_form({"handback.policy": "untouched_only", "handback.notice": "on"}) == {
        "policy": "untouched_only",
        "notice": True,
    }
