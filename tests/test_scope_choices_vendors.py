"""The period form offers each helpdesk's real tags and groups (#17 item 1), for Freshdesk,
HubSpot, Zammad and RT as for Zendesk (tests/test_dry_run.py): read as each vendor's mapping
declares (``scope_choices``), from the local vendor server, page after page as the vendor
pages, kept five minutes, and free text with a word of explanation when the helpdesk does not
answer.

Each case names the exact requests the vendor's API is asked and the options the form shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from connector.errors import ConfigError
from connector.mapping import mappings_dir, parse_mapping
from connector.web import create_app
from connector.wiring import Services
from tests.fake_freshdesk import FakeFreshdesk
from tests.fake_hubspot import FakeHubSpot
from tests.fake_rt import FakeRt
from tests.fake_zammad import FakeZammad
from tests.support import FakeClock
from tests.test_lifecycle_vendors import DESK, DESKS, Desk, services_for
from tests.test_ui import sign_in

MORE = 105  # more than one page of 100 where the vendor pages


@dataclass(frozen=True)
class Expected:
    calls: list[tuple[str, str, dict[str, list[str]]]]
    tags: list[str]
    groups: list[tuple[str, str]]  # a few of the options offered, (value, label)
    group_count: int


def _more_freshdesk(fd: FakeFreshdesk) -> Expected:
    for n in range(MORE):
        fd.groups[43000006000 + n] = f"Team {n:03d}"
    return Expected(
        calls=[
            ("GET", "/api/v2/groups", {"per_page": ["100"]}),
            # The next page exactly as Freshdesk's Link header names it.
            ("GET", "/api/v2/groups", {"per_page": ["100"], "page": ["2"]}),
        ],
        tags=[],  # Freshdesk's API lists no tags: free text
        groups=[("43000005678", "Support"), ("43000006104", "Team 104")],
        group_count=MORE + 1,
    )


def _more_hubspot(hs: FakeHubSpot) -> Expected:
    hs.teams.append({"id": "41002", "name": "Billing", "userIds": [], "secondaryUserIds": []})
    return Expected(
        calls=[("GET", "/settings/v3/users/teams", {})],
        tags=[],  # HubSpot tickets have no tags
        groups=[("41001", "Service"), ("41002", "Billing")],
        group_count=2,
    )


def _more_zammad(zm: FakeZammad) -> Expected:
    for n in range(MORE):
        zm.groups[100 + n] = {"id": 100 + n, "name": f"Team {n:03d}", "active": True}
    zm.groups[999] = {"id": 999, "name": "Old team", "active": False}
    zm.known_tags += ["vip", "invoice"]
    return Expected(
        calls=[
            ("GET", "/api/v1/tag_list", {}),
            ("GET", "/api/v1/groups", {"page": ["1"], "per_page": ["100"]}),
            ("GET", "/api/v1/groups", {"page": ["2"], "per_page": ["100"]}),
        ],
        tags=["invoice", "vip"],
        groups=[("3", "Users"), ("204", "Team 104")],
        group_count=MORE + 1,  # the inactive group is not offered
    )


def _more_rt(rt: FakeRt) -> Expected:
    for n in range(MORE):
        rt.queues[10 + n] = f"Queue {n:03d}"
    page = {"fields": ["Name"], "per_page": ["100"]}
    return Expected(
        calls=[
            ("GET", "/rt/REST/2.0/queues/all", page | {"page": ["1"]}),
            ("GET", "/rt/REST/2.0/queues/all", page | {"page": ["2"]}),
        ],
        tags=[],  # RT has no tags
        groups=[("1", "General"), ("3", "Support"), ("114", "Queue 104")],
        group_count=MORE + 2,
    )


MORE_OF = {
    "freshdesk": _more_freshdesk,
    "hubspot": _more_hubspot,
    "zammad": _more_zammad,
    "rt": _more_rt,
}


@pytest.fixture(params=sorted(DESKS))
def desk(request: pytest.FixtureRequest) -> Iterator[Desk]:
    d = DESKS[request.param]()
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, desk: Desk) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk)
    yield services
    services.store.engine.dispose()


def _form(svc: Services, clock: FakeClock) -> Any:
    client = create_app(services=svc, TESTING=True).test_client()
    sign_in(client, svc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
    return client


def _datalist(page: str, dim: str) -> list[tuple[str, str]]:
    found = re.search(rf'<datalist id="dl-{dim}">(.*?)</datalist>', page, re.S)
    if not found:
        return []
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', found.group(1))


def test_the_form_offers_the_helpdesk_s_own_groups_and_tags_asked_as_its_api_expects(
    svc: Services, desk: Desk, clock: FakeClock
) -> None:
    expected = MORE_OF[desk.vendor](desk.fake)  # type: ignore[arg-type]
    client = _form(svc, clock)
    desk.fake.calls.clear()

    page = client.get(f"/ui/periods/new?helpdesk={DESK}").get_data(as_text=True)
    again = client.get(f"/ui/periods/new?helpdesk={DESK}").get_data(as_text=True)

    asked = [(c.method, c.route, c.query) for c in desk.fake.calls]
    assert asked == expected.calls  # and the second page view asked nothing (kept)
    groups = _datalist(page, "groups")
    assert len(groups) == expected.group_count
    assert set(expected.groups) <= set(groups)
    assert [value for value, _ in _datalist(page, "tags")] == expected.tags
    assert 'list="dl-groups"' in page and 'id="f-include-groups"' in page
    assert ('list="dl-tags"' in page) == bool(expected.tags)
    assert "did not list its tags and groups" not in page
    assert _datalist(again, "groups") == groups  # the kept lists, not asked again
    assert _datalist(again, "tags") == _datalist(page, "tags")


def test_a_helpdesk_that_does_not_answer_leaves_free_text_and_the_form_says_so(
    svc: Services, desk: Desk, clock: FakeClock, sleeps: Any
) -> None:
    client = _form(svc, clock)
    desk.fake.stop()  # nobody listens on its port any more
    sleeps.calls.clear()

    resp = client.get(f"/ui/periods/new?helpdesk={DESK}")
    page = resp.get_data(as_text=True)
    again = client.get(f"/ui/periods/new?helpdesk={DESK}").get_data(as_text=True)

    assert resp.status_code == 200
    assert "<datalist" not in page.split('id="known-agents"', 1)[1]
    assert 'id="f-include-groups"' in page and 'list="dl-groups"' not in page
    assert "The helpdesk did not list its tags and groups just now: type them yourself." in page
    # One attempt at one list (a person is waiting: no retries, the other list is not asked),
    # and none again on the next view.
    assert sleeps.calls == []
    assert svc.helpdesks[DESK].http.policy.max_attempts > 1  # background calls still retry
    assert "did not list its tags and groups" in again
    desk.fake.start()  # the fixture stops it again


@pytest.mark.parametrize("desk", ["zammad"], indirect=True)
def test_zammad_without_the_tag_admin_right_still_offers_its_groups_and_says_tags_are_typed(
    svc: Services, desk: Desk, clock: FakeClock
) -> None:
    zm: FakeZammad = desk.fake  # type: ignore[assignment]
    zm.tag_admin = False
    client = _form(svc, clock)

    page = client.get(f"/ui/periods/new?helpdesk={DESK}").get_data(as_text=True)

    assert _datalist(page, "groups") == [("3", "Users")]
    assert _datalist(page, "tags") == []
    assert "did not list its tags and groups just now" in page


def test_a_mapping_s_scope_choices_are_checked_when_loaded_and_errors_name_the_key() -> None:
    raw = yaml.safe_load((mappings_dir() / "zammad.yaml").read_text(encoding="utf-8"))
    raw["scope_choices"] = {
        "queues": {"path": "/api/v1/queues", "value": "id"},
        "groups": {"path": "/api/v1/groups", "value": "id", "paging": "cursor", "max_pages": 0},
        "tags": {"value": "name"},
    }
    with pytest.raises(ConfigError) as err:
        parse_mapping(raw, mappings_dir() / "zammad.yaml")
    assert str(err.value).split("; ") == [
        "zammad.yaml: scope_choices.queues: not one of tags, groups",
        "zammad.yaml: scope_choices.groups.paging: must be one of none, link, page",
        "zammad.yaml: scope_choices.groups.max_pages: must be a whole number of at least 1",
        "zammad.yaml: scope_choices.tags: needs path (the API path that lists them)",
    ]
