"""The Prometheus alert rules in deploy/prometheus/ are valid, unit-tested, and name only
metrics that /metrics serves."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.support import skip_or_fail

RULES = Path(__file__).resolve().parent.parent / "deploy" / "prometheus"


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        skip_or_fail("promtool is not installed (.ci/promtool-setup)")
    assert found is not None
    return found


def test_promtool_finds_the_alert_rules_valid() -> None:
    done = subprocess.run(
        [promtool(), "check", "rules", "alerts.yml"],
        cwd=RULES,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 8 rules found" in done.stdout


def test_the_alert_rules_pass_their_unit_tests_in_promtool() -> None:
    done = subprocess.run(
        [promtool(), "test", "rules", "alerts.test.yml"],
        cwd=RULES,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_every_alert_has_a_unit_test_and_every_metric_it_names_is_served(services: Any) -> None:
    rules = yaml.safe_load((RULES / "alerts.yml").read_text())["groups"][0]["rules"]
    tests = yaml.safe_load((RULES / "alerts.test.yml").read_text())["tests"]
    tested = {a["alertname"] for t in tests for a in t["alert_rule_test"] if a["exp_alerts"]}
    assert {r["alert"] for r in rules} == tested
    served = set(re.findall(r"^# TYPE (\S+)", services.metrics.render().decode(), re.M))
    named = {m for r in rules for m in re.findall(r"\bstandin_[a-z_]+", r["expr"])}
    assert named and named <= served, named - served
