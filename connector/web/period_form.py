"""The period form's scope, phased return and hand-back fields, to and from the API's shapes.

Plain functions, no request context: the page turns its fields into what ``/api/v1/periods``
takes (so the API's validation speaks for both), and a period back into fields. The form
offers one shape of each: *any of* these tags, groups, priorities or customers (each a filter
of its own); a phase says what the employee takes back (an exclusion) from a date. A period
whose scope or phases the API set in another shape is shown read-only, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connector.domain.scope import DIMENSIONS

PHASE_ROWS = 4
HANDBACK_POLICIES = ("rerouted_open", "untouched_only", "none")


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace(";", ",").split(",") if w.strip()]


def _filters(form: Mapping[str, str], prefix: str) -> list[dict[str, list[str]]]:
    return [
        {dim: words} for dim in DIMENSIONS if (words := _words(form.get(f"{prefix}.{dim}", "")))
    ]


def _fields(filters: Any) -> dict[str, str] | None:
    """One form row from a list of one-dimension filters, or None when it has another shape."""
    out = dict.fromkeys(DIMENSIONS, "")
    for f in filters or []:
        if not isinstance(f, Mapping) or len(f) != 1:
            return None
        ((dim, values),) = f.items()
        if dim not in out or out[dim] or not isinstance(values, list):
            return None
        out[dim] = ", ".join(str(v) for v in values)
    return out


def scope_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    if include := _filters(form, "scope.include"):
        scope["include"] = include
    if exclude := _filters(form, "scope.exclude"):
        scope["exclude"] = exclude
    return scope


def phases_from_form(form: Mapping[str, str]) -> list[dict[str, Any]]:
    phases = []
    for i in range(PHASE_ROWS):
        start = form.get(f"phases.{i}.from", "").strip()
        if not start:
            continue
        phase: dict[str, Any] = {"from": start, "scope": {}}
        if name := form.get(f"phases.{i}.name", "").strip():
            phase["name"] = name
        if back := _filters(form, f"phases.{i}"):
            phase["scope"] = {"exclude": back}
        phases.append(phase)
    return phases


def handback_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    policy = form.get("handback.policy", "rerouted_open")
    return {"policy": policy, "notice": form.get("handback.notice") == "on"}


def form_scope(scope: Mapping[str, Any]) -> dict[str, Any]:
    """``{"include": row, "exclude": row, "editable": bool}`` for the form."""
    known = {k: v for k, v in scope.items() if k in ("include", "exclude")}
    include, exclude = _fields(known.get("include")), _fields(known.get("exclude"))
    editable = include is not None and exclude is not None
    blank = dict.fromkeys(DIMENSIONS, "")
    return {"include": include or blank, "exclude": exclude or blank, "editable": editable}


def form_phases(phases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Rows for the form (always ``PHASE_ROWS``), and whether the form can show them all."""
    rows: list[dict[str, str]] = []
    editable = len(phases) <= PHASE_ROWS
    for p in phases:
        scope = p.get("scope") or {}
        back = _fields(scope.get("exclude")) if not scope.get("include") else None
        if back is None or p.get("until"):
            editable = False
            back = dict.fromkeys(DIMENSIONS, "")
        rows.append({"from": str(p.get("from", "")), "name": str(p.get("name") or ""), **back})
    while len(rows) < PHASE_ROWS:
        rows.append({"from": "", "name": "", **dict.fromkeys(DIMENSIONS, "")})
    return {"rows": rows[:PHASE_ROWS], "editable": editable}


def takes_back(phase: Mapping[str, Any]) -> str:
    """What a phase gives back to the employee, in the form's words (``tags: vip, legal``)."""
    scope = phase.get("scope") or {}
    parts = [
        f"{dim}: {', '.join(str(v) for v in values)}"
        for f in scope.get("exclude") or []
        if isinstance(f, Mapping)
        for dim, values in f.items()
        if isinstance(values, list)
    ]
    return "; ".join(parts)
