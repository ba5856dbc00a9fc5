"""Every audit action the connector records has a name a person reads, in every language.

The actions are found in the code itself: the action argument of every call that writes an
audit row (``audit``, ``_audit``, ``audit_row``), as a literal or a module constant. The few
places that pass an action computed at run time are listed below with the actions they can
produce; a new such place fails the test until its actions are named too.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

import connector
from connector.domain.outcomes import Outcome
from connector.services.assignment import AssignOutcome
from connector.services.exports import ACTIONS, action_label

ROOT = Path(connector.__file__).parent
#: The call that writes an audit row, and the position of its action argument (None: the
#: first argument that is a string).
WRITERS = {"audit": 2, "_audit": None, "audit_row": 0}
#: A file without such a call as text has none in its syntax tree either: it is not parsed.
WRITER_CALL = re.compile(r"\.\s*(?:" + "|".join(map(re.escape, WRITERS)) + r")\s*\(")
JOBS = ("start", "sweep", "end", "replacement", "phase")  # connector/scheduler.py
#: Where an action is computed at run time, and every action it can be.
COMPUTED = {
    "scheduler.py": {f"{job}_{what}" for job in JOBS for what in ("failed", "postponed")},
    # a refused move: the recovery's outcome (not ASSIGNED or CHANGED: those are named above)
    "services/pipeline.py": {
        o.value for o in AssignOutcome if o not in (AssignOutcome.ASSIGNED, AssignOutcome.CHANGED)
    }
    | {"reroute_failed", "skipped", "handed_back", Outcome.REROUTED.value},
}
#: Helpers that only pass on the action their caller gave (their callers are scanned).
PASS_ON = {"adapters/store.py", "services/notices.py", "services/rerouting.py"}


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        targets, values = node.targets[0], node.value
        if isinstance(targets, ast.Tuple) and isinstance(values, ast.Tuple):
            pairs = list(zip(targets.elts, values.elts, strict=False))
        else:
            pairs = [(t, values) for t in node.targets]
        for target, value in pairs:
            is_text = isinstance(value, ast.Constant) and isinstance(value.value, str)
            if isinstance(target, ast.Name) and is_text:
                found[target.id] = value.value  # type: ignore[attr-defined]
    return found


def _strings(node: ast.expr, constants: dict[str, str]) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, constants), _strings(node.orelse, constants)
        return body + orelse if body is not None and orelse is not None else None
    return None


@functools.cache
def recorded_actions() -> tuple[frozenset[str], frozenset[str]]:
    """(actions written as literals or constants, files that compute one at run time); read
    once per process, parsing only the modules that call a writer."""
    actions: set[str] = set()
    computed: set[str] = set()
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if not WRITER_CALL.search(source):
            continue
        tree = ast.parse(source)
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in WRITERS:
                continue
            position = WRITERS[node.func.attr]
            if position is None:
                args = [a for a in node.args if _strings(a, constants)] or node.args[:1]
                arg = args[0] if args else None
            else:
                arg = node.args[position] if len(node.args) > position else None
            if arg is None:
                continue
            found = _strings(arg, constants)
            if found is None:
                computed.add(path.relative_to(ROOT).as_posix())
            else:
                actions.update(found)
    return frozenset(actions), frozenset(computed)


def test_the_scan_finds_the_actions_written_in_the_code_and_knows_every_computed_one() -> None:
    actions, computed = recorded_actions()
    assert {"rerouted", "period_created", "contact_procedure_changed", "swept"} <= actions
    assert computed - PASS_ON == set(COMPUTED), "name the actions of a new computed place"


def every_action() -> list[str]:
    actions, _ = recorded_actions()
    return sorted(actions.union(*COMPUTED.values()))


@pytest.mark.parametrize("action", every_action())
def test_every_recorded_action_has_a_name_for_people(action: str) -> None:
    assert action in ACTIONS


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_every_action_is_named_in_the_readers_language(lang: str) -> None:
    untranslated = [a for a in every_action() if action_label(a, lang) == ACTIONS[a]]
    assert untranslated == []
