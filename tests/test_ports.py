"""The service layer reaches storage only through its ports, and only wiring builds adapters.

Read from the source (no database, no import side effects): every import in
``connector/services`` (at any depth, ``TYPE_CHECKING`` blocks included) and every call that
constructs a store or repository anywhere in the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import connector

PACKAGE = Path(connector.__file__).parent
SERVICES = PACKAGE / "services"

#: Storage adapters a service must never import: it gets them as ports (services/ports.py).
STORAGE = (
    "connector.adapters.store",
    "connector.adapters.models",
    "connector.adapters.repositories",
    "connector.adapters.lifecycle_store",
)

#: Adapter imports still in the service layer, each with the reason it is not a port yet.
#: The list may only shrink; a new adapter import in a service fails the test below. Empty:
#: every service reaches helpdesks, HR and storage through its ports.
KNOWN: set[tuple[str, str]] = set()
#: Storage names a service may still import, per module: none (``ClaimedEvent``, the last one,
#: lives in ``connector.domain.records``).
QUEUE_NAMES: dict[tuple[str, str], set[str]] = {}

#: Classes that open a database or wrap one: built in connector/wiring.py only.
BUILT_IN_WIRING = {
    "Store",
    "ContactLogStore",
    "InvitationStore",
    "SessionStore",
    "LifecycleStore",
    "LifecycleRepository",
    "PeriodRepository",
    "AuditRepository",
    "NoticeRepository",
    "TemplateRepository",
    "TokenRepository",
    "RetentionStore",
    "DataSubjectStore",
    "ContactProcedureStore",
    "DailyWordStore",
    "NotificationStore",
    "AccessLog",
    "LeaseQueue",
    "ProcessLeases",
}


def imports(path: Path) -> dict[str, set[str]]:
    """Module imported -> names imported from it (``*`` for a plain ``import``)."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.setdefault(node.module, set()).update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, set()).add("*")
    return found


def service_modules() -> list[Path]:
    paths = sorted(p for p in SERVICES.glob("*.py") if p.name != "__init__.py")
    assert {"ports.py", "periods.py", "notices.py", "contact_log.py"} <= {p.name for p in paths}
    return paths


def test_no_service_imports_a_storage_adapter_but_through_the_ports() -> None:
    offending = []
    for path in service_modules():
        for module, names in imports(path).items():
            if not module.startswith(STORAGE):
                continue
            allowed = QUEUE_NAMES.get((path.stem, module), set())
            if not names <= allowed:
                offending.append(f"{path.name}: {module} {sorted(names - allowed)}")
    assert offending == []


def test_no_service_gains_an_adapter_import_beyond_the_known_list() -> None:
    seen = {
        (path.stem, module)
        for path in service_modules()
        for module in imports(path)
        if module.startswith("connector.adapters")
    }
    assert seen - KNOWN == set()
    # a fixed entry comes off the list too, so the list says what is left to do
    assert KNOWN - seen == set()


def test_the_ports_module_depends_on_the_domain_only() -> None:
    modules = set(imports(SERVICES / "ports.py"))
    assert modules, "ports.py imports nothing?"
    outside = {
        m for m in modules if m.startswith("connector.") and not m.startswith("connector.domain")
    }
    assert outside == set()


def test_stores_and_repositories_are_built_only_in_wiring() -> None:
    builders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "wiring.py" or rel.startswith(("adapters/", "migrations/")):
            continue  # adapters build their own parts (a store its engine)
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in BUILT_IN_WIRING:
                    builders.append(f"{rel}:{node.lineno} {name}(...)")
    assert builders == []
