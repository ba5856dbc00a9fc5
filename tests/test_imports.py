"""Every module imports on its own (no import cycles that only work in one order)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import connector

SCRIPT = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for mod in [m for m in sys.modules if m == "connector" or m.startswith("connector.")]:
        del sys.modules[mod]
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def test_every_connector_module_imports_first_without_a_cycle() -> None:
    names = sorted(
        m.name
        for m in pkgutil.walk_packages(connector.__path__, "connector.")
        if ".migrations" not in m.name
    )
    assert len(names) > 30
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *names],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == ""
