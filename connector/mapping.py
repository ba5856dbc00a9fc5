"""Declarative vendor mappings: ``mappings/<vendor>.yaml`` says what a payload means.

A mapping names where the event type is (a jmespath expression, or a header), which event
types are handled and which are deliberately ignored, the field paths to the canonical event
(shared ``fields`` plus per-event overrides), value maps (statuses, priorities) and the
credentials the vendor needs. Everything is checked when loaded; errors name file and key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jmespath
import jmespath.exceptions
import yaml
from dateutil import parser as dateparser

from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.notices import SubjectSent
from connector.domain.outcomes import Outcome
from connector.errors import ConfigError
from connector.html_text import note_text
from connector.resources import top_level
from connector.yaml_files import load_yaml

MAPPINGS_DIR = top_level("mappings")
CANONICAL_FIELDS = (
    "ticket_id",
    "assignee_id",
    "previous_assignee_id",
    "requester_id",
    "group_id",
    "status",
    "priority",
    "tags",
    "actor_id",
    "note_body",
    "note_public",
    "note_id",
    "thread_id",
    "message_id",
    "occurred_at",
)
_STR_FIELDS = frozenset(
    {
        "ticket_id",
        "assignee_id",
        "previous_assignee_id",
        "requester_id",
        "group_id",
        "actor_id",
        "note_id",
        "thread_id",
        "message_id",
    }
)
#: How a note's body arrives: ``text`` as is, ``html`` always markup, ``auto`` either.
NOTE_FORMATS = ("text", "html", "auto")


#: Canonical fields that carry what a person wrote: dropped from a payload once processed.
TEXT_FIELDS = frozenset({"note_body"})


def _chain(node: dict[str, Any]) -> tuple[str, ...] | None:
    """``a.b.c`` as ``("a", "b", "c")``; None when the expression is more than field names."""
    if node["type"] == "field":
        return (str(node["value"]),)
    if node["type"] == "subexpression":
        parts: tuple[str, ...] = ()
        for child in node["children"]:
            sub = _chain(child)
            if sub is None:
                return None
            parts += sub
        return parts
    return None


def _paths(node: dict[str, Any], out: set[tuple[str, ...]]) -> None:
    """The payload paths a JMESPath expression reads. Where it does more than name fields
    (an index, a projection, a filter), the whole value under the named prefix is kept;
    ``@`` at the top keeps everything (the empty path)."""
    kind = node["type"]
    chain = _chain(node)
    if chain is not None:
        out.add(chain)
    elif kind in ("current", "identity"):
        out.add(())
    elif kind in ("subexpression", "index_expression", "projection", "filter_projection"):
        first = node["children"][0]
        prefix = _chain(first)
        if prefix is not None:
            out.add(prefix)
        else:
            _paths(first, out)
    elif kind != "literal":
        for child in node.get("children", []):
            _paths(child, out)


def _project(payload: Any, paths: set[tuple[str, ...]]) -> Any:
    if () in paths or not isinstance(payload, dict):
        return payload if () in paths else {}
    out: dict[str, Any] = {}
    kept = {p for p in paths if not any(p[:i] in paths for i in range(1, len(p)))}
    for path in sorted(kept):
        value: Any = payload
        for key in path:
            if not isinstance(value, dict) or key not in value:
                break
            value = value[key]
        else:
            target = out
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value
    return out


def mappings_dir() -> Path:
    return MAPPINGS_DIR


@dataclass(frozen=True)
class KindRule:
    kind: EventKind
    when: Any | None  # compiled jmespath or None (always)


@dataclass(frozen=True)
class EventMapping:
    name: str
    rules: tuple[KindRule, ...]
    fields: dict[str, Any]
    note_format: str = "text"


@dataclass(frozen=True)
class KeepMarker:
    """Where a helpdesk without tags marks a deliberate manual assignment: a ticket field.

    A ticket whose ``field`` holds one of ``values`` counts as carrying the keep-tag.
    """

    field: str
    values: frozenset[str]

    def marks(self, ticket_fields: Any) -> bool:
        if not isinstance(ticket_fields, dict):
            return False
        value = ticket_fields.get(self.field)
        return value is not None and str(value).strip().lower() in self.values


#: How a list answer says there is more (``scope_choices.<list>.paging``): ``none`` (one
#: answer), ``link`` (an RFC 8288 ``Link: <…>; rel="next"`` header), ``page`` (the next
#: ``page`` number, while a page comes back full or ``more`` says so).
PAGING_STYLES = ("none", "link", "page")
CHOICE_LISTS = ("tags", "groups")


@dataclass(frozen=True)
class ChoiceList:
    """Where the helpdesk lists its tags or groups (``scope_choices:`` in the mapping).

    ``items`` finds the rows in one answer, ``value`` and ``label`` read each row (the value
    is what the scope matches: a group id, a tag name), ``paging`` and ``more`` say how the
    next page is asked for; at most ``max_pages`` pages are read.
    """

    path: str
    params: dict[str, str]
    items: Any  # compiled jmespath
    value: Any
    label: Any
    paging: str = "none"
    more: Any | None = None
    max_pages: int = 5


@dataclass(frozen=True)
class VendorMapping:
    vendor: str
    title: str
    path: Path
    credentials: tuple[str, ...]
    event_type_path: Any | None
    event_type_header: str | None
    default_event_type: str | None
    events: dict[str, EventMapping]
    ignored: frozenset[str]
    value_maps: dict[str, dict[str, str]]
    unassigned_values: frozenset[str] = field(default_factory=frozenset)
    #: The keep-tag as a ticket field, for helpdesks whose tickets have no tags (HubSpot).
    keep_marker: KeepMarker | None = None
    #: Where the helpdesk lists its tags and groups for the period form (none: free text).
    scope_choices: dict[str, ChoiceList] = field(default_factory=dict)
    #: Whether the notice's subject reaches the customer (``notice.subject_sent``).
    notice_subject_sent: SubjectSent = SubjectSent.NEVER
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def ticket_url(self, base: str, settings: Mapping[str, str] | None = None) -> str | None:
        """The pattern of a ticket's address for an agent (``{id}`` left to fill), from the
        mapping's ``ticket_url``, the helpdesk's configured url (``{base}``) and any other
        ``{name}`` it names from ``settings``, else the mapping's ``ticket_url_defaults``
        (HubSpot: ``{portal_id}``, ``{ui_domain}``); None when it has none or a value it
        needs is not configured."""
        pattern = self.raw.get("ticket_url")
        if not isinstance(pattern, str) or not pattern:
            return None
        url = pattern.replace("{base}", base.rstrip("/"))
        defaults = self.raw.get("ticket_url_defaults") or {}
        for name in set(re.findall(r"\{([a-z_]+)\}", url)) - {"id"}:
            value = str((settings or {}).get(name) or defaults.get(name) or "").strip()
            if not value:
                return None
            url = url.replace("{" + name + "}", quote(value, safe=""))
        return url

    def capability(self, name: str) -> bool:
        """A declared capability (``capabilities:`` in the mapping), e.g.
        ``open_ticket_counts``: the helpdesk can count an agent's open tickets."""
        caps = self.raw.get("capabilities")
        return bool(isinstance(caps, dict) and caps.get(name) is True)

    def event_type(self, payload: Any, headers: dict[str, str]) -> str:
        etype: Any = None
        if self.event_type_header:
            etype = headers.get(self.event_type_header.lower())
        if etype is None and self.event_type_path is not None:
            etype = self.event_type_path.search(payload)
        if etype is None:
            etype = self.default_event_type
        return str(etype) if etype is not None else ""

    def handles(self, event_type: str) -> bool:
        return event_type in self.events

    def is_ignored(self, event_type: str) -> bool:
        """Deliberately ignored: listed under ``ignored:`` (acknowledged, never stored)."""
        return event_type in self.ignored

    def is_unknown(self, event_type: str) -> bool:
        """Neither handled nor listed as ignored: a type this mapping does not know."""
        return event_type not in self.events and event_type not in self.ignored

    def not_handled(self, event_type: str) -> Outcome | None:
        """Why an event of this type is not stored, or None when the mapping handles it."""
        if event_type in self.events:
            return None
        return Outcome.IGNORED_EVENT if event_type in self.ignored else Outcome.UNKNOWN_EVENT

    def to_canonical(self, helpdesk: str, event_type: str, payload: Any) -> CanonicalEvent | None:
        """Map a payload to a canonical event, or None for deliberately ignored types."""
        ev = self.events.get(event_type)
        if ev is None:
            return None
        kind = next((r.kind for r in ev.rules if r.when is None or r.when.search(payload)), None)
        if kind is None:
            return None
        values: dict[str, Any] = {}
        for name, expr in ev.fields.items():
            values[name] = self._convert(name, expr.search(payload))
        if values.get("note_body") is not None:
            values["note_body"] = note_text(values["note_body"], ev.note_format)
        if not values.get("ticket_id"):
            # A note whose ticket is not in the payload (HubSpot) names the note instead; the
            # adapter looks its ticket up (``complete_note``).
            if not values.get("note_id") and not values.get("thread_id"):
                raise ValueError(f"{self.vendor}: {event_type} payload has no ticket id")
            values["ticket_id"] = ""
        return CanonicalEvent(kind=kind, helpdesk=helpdesk, raw_type=event_type, **values)

    def minimal_payload(self, event_type: str, payload: Any, *, keep_text: bool) -> Any:
        """The payload reduced to what this mapping reads for this event type.

        What a person wrote (``TEXT_FIELDS``) is kept only with ``keep_text`` (an event that
        may be replayed); everything the mapping does not read (names, e-mail addresses,
        subjects, message text) is dropped. ``to_canonical`` gives the same routing fields
        for the reduced payload as for the original.
        """
        ev = self.events.get(event_type)
        exprs: list[Any] = [self.event_type_path] if self.event_type_path is not None else []
        if ev is not None:
            exprs += [r.when for r in ev.rules if r.when is not None]
            exprs += [e for n, e in ev.fields.items() if keep_text or n not in TEXT_FIELDS]
        paths: set[tuple[str, ...]] = set()
        for expr in exprs:
            _paths(expr.parsed, paths)
        return _project(payload, paths)

    def _convert(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        if name in _STR_FIELDS:
            text = str(value).strip()
            if name in ("assignee_id", "previous_assignee_id") and (
                text == "" or text in self.unassigned_values
            ):
                return ""  # explicitly unassigned, distinct from "not in the payload"
            return text
        if name == "tags":
            if isinstance(value, str):
                return tuple(t for t in value.replace(",", " ").split() if t)
            return tuple(str(t) for t in value)
        if name in ("status", "priority"):
            text = str(value)
            mapped = self.value_maps.get(name, {})
            return mapped.get(text, mapped.get(text.lower(), text.lower()))
        if name == "note_public":
            if isinstance(value, str):
                return value.strip().lower() in ("true", "1", "yes", "public")
            return bool(value)
        if name == "occurred_at":
            if isinstance(value, int | float):  # epoch milliseconds (HubSpot) or seconds
                secs = value / 1000 if value > 10**11 else value
                return dt.datetime.fromtimestamp(secs, dt.UTC)
            try:
                when = dateparser.isoparse(str(value))
            except ValueError:
                return None
            # A time without a zone (RT's DB format) is UTC: never hand on a naive datetime.
            return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        if name == "note_body":
            return str(value)
        return value


def _compile(expr: Any, where: str, errors: list[str]) -> Any:
    if not isinstance(expr, str) or not expr.strip():
        errors.append(f"{where}: must be a jmespath expression")
        return None
    try:
        return jmespath.compile(expr)
    except jmespath.exceptions.JMESPathError as exc:
        errors.append(f"{where}: invalid jmespath {expr!r}: {exc}")
        return None


def parse_mapping(raw: Any, path: Path) -> VendorMapping:
    errors: list[str] = []
    name = path.name
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: must be a YAML mapping")
    vendor = raw.get("vendor")
    if vendor != path.stem:
        errors.append(f"{name}: vendor: must be {path.stem!r} (the file's name), not {vendor!r}")
    creds = raw.get("credentials")
    if not isinstance(creds, list) or not all(isinstance(c, str) for c in creds):
        errors.append(f"{name}: credentials: must be a list of credential key names")
        creds = []
    hook = raw.get("webhook") or {}
    et_path = (
        _compile(hook["event_type"], f"{name}: webhook.event_type", errors)
        if hook.get("event_type")
        else None
    )
    et_header = hook.get("event_type_header")
    if et_path is None and not et_header:
        errors.append(f"{name}: webhook: needs event_type (jmespath) or event_type_header")
    base_fields = raw.get("fields") or {}
    if not isinstance(base_fields, dict):
        errors.append(f"{name}: fields: must be a mapping of canonical field → jmespath")
        base_fields = {}
    events: dict[str, EventMapping] = {}
    raw_events = raw.get("events") or {}
    if not isinstance(raw_events, dict) or not raw_events:
        errors.append(f"{name}: events: must map at least one vendor event type")
        raw_events = {}
    for etype, spec in raw_events.items():
        where = f"{name}: events.{etype}"
        if not isinstance(spec, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        rules: list[KindRule] = []
        kinds = spec.get("kinds") or ([{"kind": spec["kind"]}] if "kind" in spec else [])
        if not kinds:
            errors.append(f"{where}: needs kind or kinds")
        for i, rule in enumerate(kinds):
            try:
                kind = EventKind(rule.get("kind"))
            except ValueError:
                errors.append(
                    f"{where}.kinds[{i}].kind: {rule.get('kind')!r} is not one of "
                    f"{', '.join(k.value for k in EventKind)}"
                )
                continue
            when = (
                _compile(rule["when"], f"{where}.kinds[{i}].when", errors)
                if rule.get("when")
                else None
            )
            rules.append(KindRule(kind, when))
        merged = {**base_fields, **(spec.get("fields") or {})}
        compiled: dict[str, Any] = {}
        for fname, expr in merged.items():
            if fname not in CANONICAL_FIELDS:
                errors.append(f"{where}.fields.{fname}: not a canonical field")
                continue
            if expr is None:
                continue
            compiled[fname] = _compile(expr, f"{where}.fields.{fname}", errors)
        if not {"ticket_id", "note_id", "thread_id"} & set(compiled):
            errors.append(f"{where}: fields: ticket_id is required")
        note_format = str(spec.get("note_format") or "text")
        if note_format not in NOTE_FORMATS:
            errors.append(f"{where}.note_format: must be one of {', '.join(NOTE_FORMATS)}")
        events[str(etype)] = EventMapping(str(etype), tuple(rules), compiled, note_format)
    ignored = raw.get("ignored") or []
    if not isinstance(ignored, list):
        errors.append(f"{name}: ignored: must be a list of event types")
        ignored = []
    for etype in sorted({str(i) for i in ignored} & set(events)):
        errors.append(f"{name}: ignored: {etype!r} is also under events (handled or ignored?)")
    value_maps = raw.get("value_maps") or {}
    keep_marker = _keep_marker(raw.get("keep_marker"), name, errors)
    choices = _choice_lists(raw.get("scope_choices"), name, errors)
    subject_sent = _subject_sent(raw.get("notice"), name, errors)
    if errors:
        raise ConfigError(errors)
    return VendorMapping(
        vendor=str(vendor),
        title=str(raw.get("title") or vendor),
        path=path,
        credentials=tuple(creds),
        event_type_path=et_path,
        event_type_header=str(et_header) if et_header else None,
        default_event_type=hook.get("default_event_type"),
        events=events,
        ignored=frozenset(str(i) for i in ignored),
        value_maps={k: {str(a): str(b) for a, b in v.items()} for k, v in value_maps.items()},
        unassigned_values=frozenset(str(v) for v in raw.get("unassigned_values") or []),
        keep_marker=keep_marker,
        scope_choices=choices,
        notice_subject_sent=subject_sent,
        raw=raw,
    )


def _choice_lists(spec: Any, name: str, errors: list[str]) -> dict[str, ChoiceList]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        errors.append(f"{name}: scope_choices: must map tags and/or groups to a list request")
        return {}
    out: dict[str, ChoiceList] = {}
    for which, entry in spec.items():
        where = f"{name}: scope_choices.{which}"
        if which not in CHOICE_LISTS:
            errors.append(f"{where}: not one of {', '.join(CHOICE_LISTS)}")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            errors.append(f"{where}: needs path (the API path that lists them)")
            continue
        paging = str(entry.get("paging") or "none")
        if paging not in PAGING_STYLES:
            errors.append(f"{where}.paging: must be one of {', '.join(PAGING_STYLES)}")
        params = entry.get("params") or {}
        if not isinstance(params, dict):
            errors.append(f"{where}.params: must be a mapping of query parameters")
            params = {}
        max_pages = entry.get("max_pages", 5)
        if not isinstance(max_pages, int) or max_pages < 1:
            errors.append(f"{where}.max_pages: must be a whole number of at least 1")
            max_pages = 1
        value = _compile(entry.get("value"), f"{where}.value", errors)
        out[which] = ChoiceList(
            path=entry["path"],
            params={str(k): str(v) for k, v in params.items()},
            items=_compile(entry.get("items") or "@", f"{where}.items", errors),
            value=value,
            label=_compile(entry["label"], f"{where}.label", errors)
            if entry.get("label")
            else value,
            paging=paging,
            more=_compile(entry["more"], f"{where}.more", errors) if entry.get("more") else None,
            max_pages=max_pages,
        )
    return out


def _subject_sent(spec: Any, name: str, errors: list[str]) -> SubjectSent:
    """``notice.subject_sent``: required, so that the notice editor never guesses whether the
    customer sees the subject a lead writes."""
    choices = ", ".join(s.value for s in SubjectSent)
    value = spec.get("subject_sent") if isinstance(spec, dict) else None
    try:
        return SubjectSent(str(value))
    except ValueError:
        errors.append(f"{name}: notice.subject_sent: must be one of {choices}, not {value!r}")
        return SubjectSent.NEVER


def _keep_marker(spec: Any, name: str, errors: list[str]) -> KeepMarker | None:
    if spec is None:
        return None
    where = f"{name}: keep_marker"
    if not isinstance(spec, dict) or not isinstance(spec.get("field"), str) or not spec["field"]:
        errors.append(f"{where}: needs field (the ticket field that marks a kept ticket)")
        return None
    values = spec.get("values") or ["true"]
    if not isinstance(values, list) or not values:
        errors.append(f"{where}.values: must be a list of the field's values that mark it")
        return None
    return KeepMarker(spec["field"], frozenset(str(v).strip().lower() for v in values))


@cache
def load_mapping(vendor: str) -> VendorMapping:
    path = MAPPINGS_DIR / f"{vendor}.yaml"
    if not path.is_file():
        raise ConfigError(f"mappings/{vendor}.yaml: not found")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_mapping(raw, path)


def available_vendors() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def credential_keys() -> dict[str, list[str]]:
    """Credential key names per vendor, read from the mapping files (for config validation)."""
    return {vendor: list(_credential_keys(vendor)) for vendor in available_vendors()}


@cache
def _credential_keys(vendor: str) -> tuple[str, ...]:
    """One vendor's credential keys, its mapping file read once per process (like
    ``load_mapping``): parsing the five files took 75 ms, paid by every config loaded."""
    raw = load_yaml((MAPPINGS_DIR / f"{vendor}.yaml").read_text(encoding="utf-8"))
    return tuple(str(c) for c in (raw or {}).get("credentials") or [])


def pretty(payload: Any) -> str:
    return json.dumps(payload, indent=2, sort_keys=True)
