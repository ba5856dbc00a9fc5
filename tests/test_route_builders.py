"""The tests share Werkzeug's compiled URL builders between apps (``share_route_builders`` in
tests/support.py, for speed): they must build exactly the URLs Werkzeug's own would."""

from __future__ import annotations

from typing import Any

from flask import url_for
from werkzeug.routing.rules import Rule


def test_apps_in_the_tests_share_the_route_builders(app: Any) -> None:
    assert getattr(Rule._compile_builder, "shared", False), "share_route_builders is not active"


def test_every_route_builds_the_same_url_with_shared_and_own_builders(app: Any) -> None:
    own = Rule._compile_builder.original  # type: ignore[attr-defined]
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 50
    for rule in rules:
        values = {name: "1" if name.endswith("id") else "x y/é" for name in rule.arguments}
        for append_unknown in (False, True):
            shared = rule._compile_builder(append_unknown).__get__(rule, None)
            fresh = own(rule, append_unknown).__get__(rule, None)
            extra = {"page": "2 3"} if append_unknown else {}
            assert shared(**values, **extra) == fresh(**values, **extra), rule.rule


def test_url_for_builds_through_the_shared_builders(app: Any) -> None:
    with app.test_request_context():
        assert url_for("static", filename="a b.css") == "/static/a%20b.css"
