"""The geometry behind the web page's pictures, and the ui section of the configuration."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from connector.config import parse_config
from connector.domain.periods import Period
from connector.errors import ConfigError
from connector.mapping import credential_keys
from connector.web.ui_charts import (
    LABEL_WIDTH,
    MAX_DAYS,
    TICK_LABEL_ROOM,
    WEEK_WIDTH,
    phases_of,
    reroutes_per_day,
    timeline,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
DAY = WEEK_WIDTH / 7


def period(pid: int, employee: str, a: str, b: str, **kw: Any) -> Period:
    """Whole days in Amsterdam (CET, +1 in November to March)."""
    starts = dt.datetime.fromisoformat(a).replace(tzinfo=UTC) - dt.timedelta(hours=1)
    ends = dt.datetime.fromisoformat(b).replace(tzinfo=UTC) + dt.timedelta(hours=23)
    return Period(
        pid,
        "acme",
        employee,
        "1",
        employee,
        "bob@x",
        "2",
        "Bob",
        starts,
        ends,
        "Europe/Amsterdam",
        **kw,
    )


def test_a_period_is_drawn_from_its_first_to_after_its_last_day_in_its_own_time_zone() -> None:
    p = period(1, "anna@x", "2026-11-18", "2026-11-24")
    (row,) = timeline([p], NOW, start=dt.date(2026, 11, 16), weeks=4, tz="Europe/Amsterdam").rows
    (bar,) = row.bars
    assert bar.x == pytest.approx(LABEL_WIDTH + 2 * DAY)  # Wednesday the 18th
    assert bar.width == pytest.approx(7 * DAY)  # the 18th to the 24th, both included
    assert (bar.status, bar.clipped_left, bar.clipped_right) == ("ended", False, False)


def test_periods_are_clipped_to_the_window_and_those_outside_it_are_counted() -> None:
    long = period(1, "anna@x", "2026-10-01", "2027-03-01")
    gone = period(2, "anna@x", "2026-01-05", "2026-02-01")
    pic = timeline([long, gone], NOW, start=dt.date(2026, 11, 18), weeks=4, tz="Europe/Amsterdam")
    assert pic.start == dt.date(2026, 11, 16)  # windows start on a Monday
    (bar,) = pic.rows[0].bars
    assert (bar.x, bar.width) == (pytest.approx(LABEL_WIDTH), pytest.approx(4 * WEEK_WIDTH))
    assert bar.clipped_left and bar.clipped_right
    assert pic.hidden == 1
    assert pic.today_x == pytest.approx(LABEL_WIDTH + (9 + 11 / 24) * DAY)  # 11:00 in Amsterdam


def test_one_row_per_employee_and_no_today_line_outside_the_window() -> None:
    ps = [
        period(1, "anna@x", "2027-01-04", "2027-01-10"),
        period(2, "carla@x", "2027-01-11", "2027-01-17"),
        period(3, "anna@x", "2027-01-18", "2027-01-24"),
    ]
    pic = timeline(ps, NOW, start=dt.date(2027, 1, 4), weeks=4, tz="UTC")
    assert [(r.email, len(r.bars)) for r in pic.rows] == [("anna@x", 2), ("carla@x", 1)]
    assert pic.today_x is None


def test_phases_are_read_where_the_api_keeps_them_and_run_until_the_next_phase_or_their_end() -> (
    None
):
    p = period(1, "anna@x", "2026-11-16", "2026-12-13")
    p = dataclasses.replace(
        p,
        phases=[
            {"from": "2026-11-30", "scope": {"include": [{"tags": ["vip"]}]}},
            {"from": "2026-11-16", "until": "2026-11-22", "scope": {}},
        ],
        scope={"phases": [{"name": "never drawn", "from": "2026-11-16"}]},  # not where they live
    )
    assert [(f.isoformat(), u, label) for f, u, label in phases_of(p)] == [
        ("2026-11-16", dt.date(2026, 11, 22), "2"),
        ("2026-11-30", None, "1"),
    ]
    (bar,) = timeline([p], NOW, start=dt.date(2026, 11, 16), weeks=4, tz="UTC").rows[0].bars
    first, second = bar.phases
    assert (first.x, first.width) == (pytest.approx(LABEL_WIDTH), pytest.approx(7 * DAY))
    assert second.x == pytest.approx(LABEL_WIDTH + 14 * DAY)
    assert second.x + second.width == pytest.approx(bar.x + bar.width)


def test_reroutes_are_counted_per_local_day_and_only_reroutes_count() -> None:
    p = period(1, "anna@x", "2026-11-20", "2026-12-31")
    records = [
        {"action": "rerouted", "at": "2026-11-20T09:00:00+00:00"},
        {"action": "rerouted", "at": "2026-11-20T23:30:00+00:00"},  # the 21st in Amsterdam
        {"action": "skipped", "at": "2026-11-21T09:00:00+00:00"},
        {"action": "rerouted", "at": dt.datetime(2026, 11, 24, 8, tzinfo=UTC)},
    ]
    chart = reroutes_per_day(records, p, NOW)
    assert [(b.day.day, b.count) for b in chart.bars] == [
        (20, 1),
        (21, 1),
        (22, 0),
        (23, 0),
        (24, 1),
        (25, 0),
    ]
    assert (chart.total, chart.max_count, chart.truncated) == (3, 1, False)
    assert chart.bars[2].height == 0 and chart.bars[0].height > 0


def test_a_long_period_shows_only_its_last_days() -> None:
    p = period(1, "anna@x", "2026-01-01", "2026-12-31")
    chart = reroutes_per_day([], p, NOW)
    assert chart.truncated and len(chart.bars) == MAX_DAYS
    assert chart.last == dt.date(2026, 11, 25)


@pytest.mark.parametrize("first_day", ["2026-11-09", "2026-10-01", "2026-01-01"])
def test_day_labels_on_the_bar_chart_never_crowd_each_other(first_day: str) -> None:
    chart = reroutes_per_day([], period(1, "anna@x", first_day, "2026-12-31"), NOW)
    labelled = [b.x for b in chart.bars if b.label]
    gaps = [b - a for a, b in zip(labelled, labelled[1:], strict=False)]
    assert labelled and chart.bars[0].label  # the first day is always named
    assert min(gaps) >= TICK_LABEL_ROOM


def config(ui: Any) -> Any:
    return parse_config({"ui": ui}, credential_keys=credential_keys())


def test_the_ui_settings_are_read_and_checked() -> None:
    ui = config(
        {
            "embed": True,
            "frame_ancestors": ["https://acme.zendesk.com/", "https://*.zdusercontent.com"],
            "secret_key": "k" * 40,
            "session_hours": 12,
        }
    ).ui
    assert ui.embed and ui.session_hours == 12
    assert ui.frame_ancestors == ("https://acme.zendesk.com", "https://*.zdusercontent.com")
    assert "k" * 40 not in repr(ui)
    with pytest.raises(ConfigError) as err:
        config(
            {
                "embed": "yes",
                "frame_ancestors": ["http://acme.example"],
                "secret_key": "short",
                "colour": "blue",
            }
        )
    assert err.value.reasons == [
        "<memory>: ui.colour: unknown setting",
        "<memory>: ui.embed: must be true or false",
        "<memory>: ui.frame_ancestors[0]: 'http://acme.example' is not an https origin "
        "such as https://acme.zendesk.com (a leading *. is allowed)",
        "<memory>: ui.secret_key: must be at least 32 characters (use a random value)",
    ]
