"""The ``hr:`` section of the configuration: which HR system gets the contact log, and how.

::

    hr:
      system: bamboohr             # bamboohr | personio | hibob | afas | webhook (omit: none)
      url: https://api.bamboohr.com/api/gateway.php/acme
      credentials: {api_key: "${BAMBOOHR_API_KEY}"}
      category: "112"              # HR-only file category, document category or subject type
      retention_days: 730          # local copies purged after this; the HR system keeps the record
      max_attempts: 10             # deliveries retried with backoff, then dead-lettered
      note_marker: "#contactlog"   # first line of a helpdesk note that is a contact-log entry

Credential keys, whether ``url`` and ``category`` are required, and the default URL come from
``mappings/hr/<system>.yaml``. Problems are reported with the key that holds them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from connector.config import HrConfig, Secret, _check_url
from connector.domain.contact_note import DEFAULT_MARKER
from connector.errors import ConfigError
from connector.mapping import MAPPINGS_DIR
from connector.yaml_files import load_yaml

HR_MAPPINGS_DIR = MAPPINGS_DIR / "hr"
KNOWN_KEYS = frozenset(
    {
        "system",
        "url",
        "credentials",
        "category",
        "retention_days",
        "max_attempts",
        "note_marker",
        "employee_connector",
    }
)


def available_systems() -> list[str]:
    return sorted(p.stem for p in HR_MAPPINGS_DIR.glob("*.yaml"))


@cache
def load_hr_mapping(system: str) -> dict[str, Any]:
    path = HR_MAPPINGS_DIR / f"{system}.yaml"
    if not path.is_file():
        raise ConfigError(f"mappings/hr/{system}.yaml: not found")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"mappings/hr/{system}.yaml: not valid YAML: {exc}") from None
    errors = [
        f"mappings/hr/{system}.yaml: {key}: required"
        for key in ("system", "title", "credentials")
        if not raw or key not in raw
    ]
    if raw and raw.get("system") != system:
        errors.append(f"mappings/hr/{system}.yaml: system must be {system!r}")
    if errors:
        raise ConfigError(errors)
    result: dict[str, Any] = raw
    return result


def parse_hr_config(raw: Any) -> HrConfig:
    """Validate the ``hr:`` mapping (``${ENV}`` already expanded); ConfigError lists problems."""
    if raw in (None, {}):
        return HrConfig()
    if not isinstance(raw, dict):
        raise ConfigError("hr: must be a mapping")
    errors: list[str] = [f"hr.{k}: unknown setting" for k in sorted(set(raw) - KNOWN_KEYS)]
    system = raw.get("system")
    systems = available_systems()
    mapping: dict[str, Any] = {}
    if system in (None, "", "none"):
        system = None
    elif system not in systems:
        errors.append(f"hr.system: {system!r} is not one of {', '.join(systems)} (or none)")
        system = None
    else:
        mapping = load_hr_mapping(str(system))
    creds_raw = raw.get("credentials") or {}
    if not isinstance(creds_raw, dict):
        errors.append("hr.credentials: must be a mapping")
        creds_raw = {}
    creds = {str(k): Secret(str(v)) for k, v in creds_raw.items() if v not in (None, "")}
    url = ""
    if system is not None:
        for needed in mapping.get("credentials") or []:
            if not creds.get(needed):
                errors.append(f"hr.credentials.{needed}: required for {system}")
        given = raw.get("url") or mapping.get("default_url")
        if given or mapping.get("url_required"):
            example = mapping.get("url_example", "https://…")
            if not given:
                errors.append(f"hr.url: required for {system}, for example {example}")
            else:
                url = _check_url(given, "hr.url", errors)
        if mapping.get("category_required") and not raw.get("category"):
            errors.append(f"hr.category: required for {system}: {mapping.get('category_help')}")
    numbers: dict[str, int] = {}
    for key, default, lo, hi in (
        ("retention_days", 730, 30, 3650 * 2),
        ("max_attempts", 10, 1, 100),
    ):
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            errors.append(f"hr.{key}: must be a whole number from {lo} to {hi}")
            value = default
        numbers[key] = value
    marker = str(raw.get("note_marker") or DEFAULT_MARKER).strip()
    if not marker or " " in marker or len(marker) > 40:
        errors.append("hr.note_marker: one word of at most 40 characters, such as #contactlog")
    if errors:
        raise ConfigError(errors)
    return HrConfig(
        system=system,
        url=url,
        credentials=creds,
        category=str(raw.get("category") or ""),
        retention_days=numbers["retention_days"],
        max_attempts=numbers["max_attempts"],
        note_marker=marker,
        employee_connector=str(raw.get("employee_connector") or ""),
    )
