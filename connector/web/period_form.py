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
EXTRA_ROWS = 3  # more replacements the form offers beside the first
STRATEGIES = ("round_robin", "fewest_open", "share")
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
        for kind in ("per_day", "percent"):
            if raw := form.get(f"phases.{i}.capacity.{kind}", "").strip():
                # A number as a number; anything else as typed, for the API to refuse by name.
                phase["capacity"] = {kind: int(raw) if raw.isdigit() else raw}
        phases.append(phase)
    return phases


def several_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The extra replacements (each optionally only for some groups) and the strategy."""
    extras: list[dict[str, Any]] = []
    for i in range(EXTRA_ROWS):
        email = form.get(f"replacements.{i}.email", "").strip()
        if not email:
            continue
        entry: dict[str, Any] = {"replacement": email}
        if groups := _words(form.get(f"replacements.{i}.groups", "")):
            entry["scope"] = {"include": [{"groups": groups}]}
        extras.append(entry)
    strategy = form.get("balancing.strategy", "round_robin") or "round_robin"
    return {"replacements": extras, "balancing": {"strategy": strategy}}


def form_several(replacements: Sequence[Mapping[str, Any]], balancing: Mapping[str, Any]) -> Any:
    """Rows for the form's extra replacements and the strategy; ``editable`` is False when
    the API set a shape the form cannot show (a scope other than groups, or shares)."""
    rows: list[dict[str, str]] = []
    editable = len(replacements) <= EXTRA_ROWS and not balancing.get("shares")
    editable = editable and not balancing.get("primary_scope")
    for r in replacements:
        scope = r.get("scope") or {}
        include = scope.get("include") or []
        groups = ""
        if scope:
            only = include[0] if len(include) == 1 and isinstance(include[0], Mapping) else {}
            if set(only) != {"groups"} or scope.get("exclude"):
                editable = False
            groups = ", ".join(str(g) for g in only.get("groups") or [])
        rows.append({"email": str(r.get("email") or ""), "groups": groups})
    while len(rows) < EXTRA_ROWS:
        rows.append({"email": "", "groups": ""})
    strategy = str(balancing.get("strategy") or "round_robin")
    return {"rows": rows[:EXTRA_ROWS], "strategy": strategy, "editable": editable}


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
        raw_cap = p.get("capacity")
        cap: Mapping[str, Any] = raw_cap if isinstance(raw_cap, Mapping) else {}
        rows.append(
            {
                "from": str(p.get("from", "")),
                "name": str(p.get("name") or ""),
                **back,
                "per_day": str(cap.get("per_day", "")),
                "percent": str(cap.get("percent", "")),
            }
        )
    while len(rows) < PHASE_ROWS:
        blank = dict.fromkeys(DIMENSIONS, "")
        rows.append({"from": "", "name": "", **blank, "per_day": "", "percent": ""})
    return {"rows": rows[:PHASE_ROWS], "editable": editable}
