"""Every request to HubSpot checked against HubSpot's own published OpenAPI documents.

The documents are trimmed excerpts of HubSpot/HubSpot-public-api-spec-collection (see
tests/data/openapi/SOURCES.md): exactly the operations the adapter calls, with their
parameters and request schemas (``required`` lists) as published. ``openapi-core`` validates
paths, parameters and bodies; two rules it cannot read from the documents are added here:

- security: every operation we call is published with OAuth only (``oauth2`` scopes such as
  ``tickets`` or ``developers-write``), so a request must carry a bearer token; a
  ``hapikey`` query parameter is no longer an accepted credential for these operations;
- ``x-required-with``: a parameter HubSpot publishes as required together with another one
  (``threadStatus`` with ``associatedContactId``), which OpenAPI 3.0 cannot express.

Used by the local HubSpot server (``tests/fake_hubspot.py``: it answers 400 as HubSpot does)
and after every test that mocks HubSpot with ``responses`` (``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

SPEC_DIR = Path(__file__).parent / "data" / "openapi" / "hubspot"
HOST = "https://api.hubapi.com"


@cache
def _documents() -> tuple[tuple[dict[str, Any], OpenAPI], ...]:
    docs = []
    for path in sorted(SPEC_DIR.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        docs.append((raw, OpenAPI.from_dict(raw)))
    return tuple(docs)


def _operation(raw: Mapping[str, Any], method: str, path: str) -> dict[str, Any] | None:
    for template, item in raw["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return dict(item[method.lower()])
    return None


def _messages(exc: BaseException) -> list[str]:
    """The validator's findings in plain words (the branches of a oneOf included)."""
    out: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        for schema_error in getattr(err, "schema_errors", None) or ():
            out.append(schema_error.message)
            out += [f"  {sub.message}" for sub in schema_error.context or ()]
        todo += [err.__cause__, err.__context__]
    return out or [str(exc) or type(exc).__name__]


def problems(
    method: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
) -> list[str]:
    """What HubSpot's published documents say is wrong with this request (empty: nothing).

    ``url`` may be the local server's: only its path and query are read.
    """
    parts = urlsplit(url)
    headers = dict(headers or {})
    raw_body = body.encode() if isinstance(body, str) else body
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    environ = EnvironBuilder(
        method=method.upper(),
        base_url=HOST,
        path=parts.path,
        query_string=parts.query,
        # The local server's Host is not HubSpot's: the documents name api.hubapi.com.
        headers={k: v for k, v in headers.items() if k.lower() not in ("content-type", "host")},
        data=raw_body or None,
        content_type=content_type if raw_body else None,
    ).get_environ()
    request = WerkzeugOpenAPIRequest(Request(environ))
    for raw, api in _documents():
        operation = _operation(raw, method, parts.path)
        if operation is None:
            continue
        found: list[str] = []
        try:
            with warnings.catch_warnings():  # oauth2 is checked below, not by openapi-core
                warnings.simplefilter("ignore", UserWarning)
                api.validate_request(request)
        except (PathNotFound, OperationNotFound, ServerNotFound):
            continue
        except Exception as exc:  # openapi-core's validation errors have no common root
            found += [f"{type(exc).__name__}: {m}" for m in _messages(exc)]
        query = parse_qs(parts.query)
        found += _security(raw, operation, headers, query)
        for param in operation.get("parameters") or []:
            for other in param.get("x-required-with") or ():
                if param["in"] == "query" and other in query and param["name"] not in query:
                    found.append(f"query parameter {param['name']!r} is required with {other!r}")
        return [f"{method.upper()} {parts.path}: {m}" for m in found]
    return [f"{method.upper()} {parts.path}: not an operation of the HubSpot excerpts"]


def _security(
    raw: Mapping[str, Any],
    operation: Mapping[str, Any],
    headers: Mapping[str, str],
    query: Mapping[str, list[str]],
) -> list[str]:
    schemes = raw["components"].get("securitySchemes") or {}
    alternatives = operation.get("security", raw.get("security")) or []
    if not alternatives:
        return []
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    for alternative in alternatives:
        ok = True
        for name in alternative:
            scheme = schemes.get(name) or {}
            if scheme.get("type") == "oauth2":
                ok = ok and auth.startswith("Bearer ")
            elif scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                ok = ok and scheme.get("name") in query
            elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                ok = ok and any(k.lower() == scheme.get("name", "").lower() for k in headers)
            else:
                ok = False
        if ok:
            return []
    wanted = sorted({n for alt in alternatives for n in alt})
    extra = " (hapikey is not accepted here)" if "hapikey" in query else ""
    return [f"no credential this operation accepts ({', '.join(wanted)}){extra}"]


def assert_calls_valid(calls: Iterable[Any]) -> None:
    """Fail with every finding when a ``responses`` call to HubSpot breaks the published spec."""
    found: list[str] = []
    for call in calls:
        req = call.request
        if not str(req.url).startswith(HOST):
            continue
        found += problems(req.method, req.url, dict(req.headers), req.body)
    assert not found, "requests HubSpot's published OpenAPI documents refuse:\n" + "\n".join(found)
