"""Geometry for the server-rendered SVG pictures of the web page. Pure: no Flask, no I/O.

The templates draw what these functions compute, so the numbers can be tested without a
browser: the periods timeline (employees × weeks, phases, a "today" line) and the bar chart
of tickets rerouted per day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from connector.domain.periods import Period
from connector.translations import format_day, format_short_day

LABEL_WIDTH = 210
WEEK_WIDTH = 64
ROW_HEIGHT = 46
HEADER_HEIGHT = 38
BAR_HEIGHT = 22
PHASE_HEIGHT = 8


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class PhaseBox:
    x: float
    width: float
    label: str
    starts: dt.date


@dataclass(frozen=True)
class Bar:
    period_id: int | None
    x: float
    width: float
    y: float
    status: str
    label: str
    title: str
    clipped_left: bool
    clipped_right: bool
    phases: tuple[PhaseBox, ...] = ()
    #: No end yet (until further notice): drawn to the chart's right edge, fading out.
    open_end: bool = False


@dataclass(frozen=True)
class Row:
    y: float
    helpdesk: str
    email: str
    name: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Week:
    x: float
    starts: dt.date
    label: str


@dataclass
class Timeline:
    start: dt.date
    weeks: list[Week]
    rows: list[Row]
    width: float
    height: float
    today_x: float | None
    hidden: int = 0  # periods wholly outside the window
    extra: dict[str, Any] = field(default_factory=dict)


def _local_date(moment: dt.datetime, tz: str) -> dt.date:
    return moment.astimezone(ZoneInfo(tz)).date()


def _day_offset(start: dt.date, moment: dt.datetime, tz: str) -> float:
    """Days from ``start`` (local midnight) to ``moment``, fractional, in the period's zone."""
    local = moment.astimezone(ZoneInfo(tz))
    days = (local.date() - start).days
    return days + (local.hour * 3600 + local.minute * 60 + local.second) / 86400


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dateparser.isoparse(value.strip()).date()
        except (ValueError, OverflowError):
            return None
    return None


def phases_of(
    period: Period, label: Callable[[Mapping[str, Any], int], str] | None = None
) -> list[tuple[dt.date, dt.date | None, str]]:
    """The period's phases (``period.phases``, as the API stores them): (from, until or None,
    label), in the period's local dates, in order of their start. The label is ``label(phase,
    index)``, or else the phase's name if it has one, else its number."""
    out: list[tuple[dt.date, dt.date | None, str]] = []
    for i, item in enumerate(period.phases):
        if not isinstance(item, Mapping):
            continue
        starts = _date_of(item.get("from"))
        if starts is None:
            continue
        text = label(item, i) if label is not None else str(item.get("name") or i + 1)
        out.append((starts, _date_of(item.get("until")), text))
    out.sort(key=lambda p: p[0])
    return out


def timeline(
    periods: Sequence[Period],
    now: dt.datetime,
    *,
    start: dt.date,
    weeks: int,
    tz: str,
    status_label: Mapping[str, str] | None = None,
    open_label: str = "until further notice",
    lang: str = "en",
) -> Timeline:
    """Lay out ``periods`` on a grid of ``weeks`` weeks from the Monday ``start``.

    One row per employee (helpdesk + e-mail), in order of their first period; a bar per period
    from its start to its effective end, clipped to the window, its phases as a strip below.
    An open-ended period (no end yet) runs to the window's right edge (``open_end``); its title
    says ``open_label`` where an end date would be.
    """
    names = status_label or {}
    start = monday(start)
    days = weeks * 7
    scale = WEEK_WIDTH / 7
    week_list = [
        Week(
            LABEL_WIDTH + i * WEEK_WIDTH,
            start + dt.timedelta(weeks=i),
            format_short_day(lang, start + dt.timedelta(weeks=i)),
        )
        for i in range(weeks)
    ]
    grouped: dict[tuple[str, str], list[Period]] = {}
    for p in sorted(periods, key=lambda p: (p.starts_at, p.id or 0)):
        grouped.setdefault((p.helpdesk, p.employee_email), []).append(p)
    rows: list[Row] = []
    hidden = 0
    for (helpdesk, email), items in grouped.items():
        y = HEADER_HEIGHT + len(rows) * ROW_HEIGHT
        bars: list[Bar] = []
        for p in items:
            a = _day_offset(start, p.starts_at, p.timezone)
            end = p.effective_end
            b = _day_offset(start, end, p.timezone) if end is not None else float(days)
            if b <= 0 or a >= days:
                hidden += 1
                continue
            lo, hi = max(a, 0.0), min(b, float(days))
            status = p.status(now)
            shown_status = names.get(status, status)
            shown_end = (
                format_day(
                    lang,
                    (end.astimezone(ZoneInfo(p.timezone)) - dt.timedelta(microseconds=1)).date(),
                )
                if end is not None
                else open_label
            )
            title = (
                f"{p.employee_name} → {p.replacement_name}, "
                f"{format_day(lang, _local_date(p.starts_at, p.timezone))} – "
                f"{shown_end} ({shown_status})"
            )
            phase_boxes: list[PhaseBox] = []
            phases = phases_of(p)
            for j, (ph_from, ph_until, ph_label) in enumerate(phases):
                if ph_until is not None:  # an end date is included, like a period's
                    ph_b = float((ph_until - start).days + 1)
                elif j + 1 < len(phases):
                    ph_b = float((phases[j + 1][0] - start).days)
                else:
                    ph_b = b
                pa, pb = max(float((ph_from - start).days), lo), min(ph_b, hi)
                if pb <= pa:
                    continue
                phase_boxes.append(
                    PhaseBox(LABEL_WIDTH + pa * scale, (pb - pa) * scale, ph_label, ph_from)
                )
            bars.append(
                Bar(
                    p.id,
                    LABEL_WIDTH + lo * scale,
                    max((hi - lo) * scale, 2.0),
                    y + 6,
                    status,
                    f"{p.replacement_name} · {shown_status}",
                    title,
                    a < 0,
                    b > days,
                    tuple(phase_boxes),
                    open_end=end is None,
                )
            )
        name = items[-1].employee_name or email
        rows.append(Row(y, helpdesk, email, name, tuple(bars)))
    today = now.astimezone(ZoneInfo(tz))
    offset = (today.date() - start).days + (today.hour * 60 + today.minute) / 1440
    today_x = LABEL_WIDTH + offset * scale if 0 <= offset <= days else None
    height = HEADER_HEIGHT + max(len(rows), 1) * ROW_HEIGHT + 8
    return Timeline(
        start, week_list, rows, LABEL_WIDTH + weeks * WEEK_WIDTH + 8, height, today_x, hidden
    )


# --- the bar chart of reroutes per day -------------------------------------------------------

CHART_HEIGHT = 160
CHART_LEFT = 36
CHART_BOTTOM = 28
CHART_TOP = 12
MAX_DAYS = 92
#: Room a day's tick label ("09/11") needs on the axis, in SVG pixels, so labels never overlap.
TICK_LABEL_ROOM = 40


@dataclass(frozen=True)
class DayBar:
    day: dt.date
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str  # tick label; empty when it would crowd the axis


@dataclass
class BarChart:
    bars: list[DayBar]
    width: float
    height: float
    max_count: int
    ticks: list[tuple[float, int]]
    total: int
    first: dt.date
    last: dt.date
    truncated: bool


def reroutes_per_day(
    records: Iterable[Mapping[str, Any]], period: Period, now: dt.datetime, lang: str = "en"
) -> BarChart:
    """Count ``rerouted`` audit records per local day from the period's start to today or its end.

    At most the last ``MAX_DAYS`` days are drawn (``truncated`` says so).
    """
    tz = ZoneInfo(period.timezone)
    counts: Counter[dt.date] = Counter()
    for r in records:
        if r.get("action") != "rerouted":
            continue
        at = r["at"]
        moment = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        counts[moment.astimezone(tz).date()] += 1
    first = period.starts_at.astimezone(tz).date()
    end = period.effective_end
    end_moment = now if end is None else min(now, end - dt.timedelta(microseconds=1))
    last = max(end_moment.astimezone(tz).date(), first)
    if counts:
        last = max(last, max(counts))
    truncated = (last - first).days + 1 > MAX_DAYS
    if truncated:
        first = last - dt.timedelta(days=MAX_DAYS - 1)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    slot = 14.0 if len(days) > 40 else 22.0
    max_count = max([counts[d] for d in days] + [1])
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    every = max(1, len(days) // 10, -(-TICK_LABEL_ROOM // int(slot)))
    bars = []
    for i, day in enumerate(days):
        h = plot * counts[day] / max_count
        bars.append(
            DayBar(
                day,
                counts[day],
                CHART_LEFT + i * slot + 2,
                CHART_TOP + plot - h,
                slot - 4,
                h,
                format_short_day(lang, day) if i % every == 0 else "",
            )
        )
    step = max(1, -(-max_count // 4))
    ticks = [(CHART_TOP + plot - plot * v / max_count, v) for v in range(0, max_count + 1, step)]
    return BarChart(
        bars,
        CHART_LEFT + len(days) * slot + 8,
        CHART_HEIGHT,
        max_count,
        ticks,
        sum(counts[d] for d in days),
        first,
        last,
        truncated,
    )
