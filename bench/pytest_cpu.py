"""Where the test suite's CPU goes: a pytest plugin and its report.

    STANDIN_CPU_DIR=/tmp/cpu .venv/bin/python -m pytest -p bench.pytest_cpu
    .venv/bin/python bench/pytest_cpu.py /tmp/cpu [--top 30 | --timeline 10]

The plugin writes, per process (each xdist worker its own file), the CPU seconds (user + sys)
of every test's setup, call and teardown and of every fixture's setup: the process's own and
its children's (counted when a child is reaped: a test's subprocesses, Chromium at the end of
the session). CPU time, not wall time, so that a busy machine changes the ranking less. The
report ranks tests and fixtures (summed over their uses) together, and sums per file.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import time
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

import pytest

_out: IO[str] | None = None
_current: dict[str, str | None] = {"test": None}


def _cpu() -> tuple[float, float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        own.ru_utime + own.ru_stime,
        children.ru_utime + children.ru_stime,
        time.perf_counter(),
    )


def _write(record: dict[str, Any]) -> None:
    global _out
    if _out is None:
        folder = Path(os.environ.get("STANDIN_CPU_DIR", "test-artifacts/cpu"))
        folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _out = (folder / f"{worker}.jsonl").open("a", encoding="utf-8")
    _out.write(json.dumps(record) + "\n")
    _out.flush()


def _measured(record: dict[str, Any]) -> Generator[None, Any, Any]:
    """A hook wrapper's body (``return (yield from _measured(...))``): passes the hook's result
    on and writes ``record`` with the CPU and wall time the hook took."""
    before = _cpu()
    try:
        return (yield)
    finally:
        after = _cpu()
        _write(
            {
                **record,
                "self": after[0] - before[0],
                "children": after[1] - before[1],
                "wall": after[2] - before[2],
                "end": time.time(),
            }
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    _current["test"] = item.nodeid
    try:
        return (yield)
    finally:
        _current["test"] = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    return (yield from _measured({"test": item.nodeid, "phase": "setup"}))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    return (yield from _measured({"test": item.nodeid, "phase": "call"}))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    return (yield from _measured({"test": item.nodeid, "phase": "teardown"}))


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Any:
    record = {"test": _current["test"], "fixture": fixturedef.argname, "scope": fixturedef.scope}
    return (yield from _measured(record))


def pytest_sessionfinish(session: pytest.Session) -> None:
    own, children, _ = _cpu()
    _write({"phase": "session", "self": own, "children": children})


def report(folder: Path, top: int) -> None:
    tests: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0])
    fixtures: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    processes: dict[str, tuple[float, float]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("phase") == "session":
                processes[path.stem] = (r["self"], r["children"])
            elif "fixture" in r:
                fixtures[r["fixture"]][0] += 1
                fixtures[r["fixture"]][1] += r["self"] + r["children"]
            else:
                tests[r["test"]][0] += r["self"]
                tests[r["test"]][1] += r["children"]
    in_tests = sum(own + children for own, children in tests.values())
    print(f"{len(tests)} tests; CPU in their setup, call and teardown: {in_tests:.0f} s")
    for name, (own, children) in processes.items():
        print(f"  {name}: {own:.0f} s own, {children:.0f} s reaped children")
    rows = [(own + ch, f"test {name}", f"{own:.1f} own") for name, (own, ch) in tests.items()]
    rows += [
        (cpu, f"fixture {name} (x{n:.0f})", f"{1000 * cpu / n:.1f} ms each")
        for name, (n, cpu) in fixtures.items()
    ]
    print(f"\nTop {top} tests and fixtures by CPU seconds (own + children):")
    for i, (cpu, what, note) in enumerate(sorted(rows, reverse=True)[:top], 1):
        print(f"{i:3d} {cpu:7.1f}  {what}  ({note})")
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    for name, (own, children) in tests.items():
        files[name.split("::")[0]][0] += 1
        files[name.split("::")[0]][1] += own + children
    print(f"\nTop {top} files:")
    for name, (n, cpu) in sorted(files.items(), key=lambda kv: -kv[1][1])[:top]:
        print(f"{cpu:7.1f}  {name} ({n:.0f} tests)")


def timeline(folder: Path, step: float) -> None:
    """Per ``step`` seconds of the run: how many workers were inside a test, and how many
    CPUs the tests used (each phase's CPU spread evenly over its wall time; children's CPU
    lands in the phase that reaped them)."""
    phases = []
    for path in sorted(folder.glob("gw*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if "end" in r and "fixture" not in r and r.get("phase") != "session":
                phases.append((r["end"] - r["wall"], r["end"], r["self"] + r["children"]))
    if not phases:
        print("no timed phases (recorded by an older plugin?)")
        return
    start = min(p[0] for p in phases)
    buckets = int((max(p[1] for p in phases) - start) // step) + 1
    busy, cpus = [0.0] * buckets, [0.0] * buckets
    for begin, end, cpu in phases:
        first, last = int((begin - start) // step), int((end - start) // step)
        for b in range(first, last + 1):
            lo, hi = max(begin, start + b * step), min(end, start + (b + 1) * step)
            if hi > lo:
                busy[b] += (hi - lo) / step
                cpus[b] += cpu * (hi - lo) / max(end - begin, 1e-9) / step
    print(f"{'from s':>7} {'workers in tests':>17} {'CPUs used by tests':>19}")
    for b in range(buckets):
        print(f"{b * step:7.0f} {busy[b]:17.2f} {cpus[b]:19.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--timeline", type=float, metavar="SECONDS", help="per SECONDS: workers busy, CPUs used"
    )
    args = parser.parse_args()
    if args.timeline:
        timeline(args.folder, args.timeline)
    else:
        report(args.folder, args.top)
