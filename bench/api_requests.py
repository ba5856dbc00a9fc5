"""CPU per API request in one web process, next to the app's cheapest route in the same run.

    python bench/api_requests.py [--requests 1500] [--root CHECKOUT]

Each kind of request goes through Flask's test client (no socket, no server: what is left
is Stand-in's own work) on a temporary SQLite database, after a warm-up; CPU time, not wall
time, so that a busy machine changes it less. The baseline is ``GET /healthz`` (no token, no
database). ``--root`` measures another checkout (e.g. a clone at an older commit) with the
same script, in a process of its own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from startup_cpu import one_helpdesk_config  # type: ignore[import-not-found,unused-ignore]

CODE = """
import datetime as dt, json, sys, time
from connector.adapters.schema_version import migrate_unless_at_head
from connector.config import load_config
from connector.mapping import credential_keys
from connector.web import create_app
from connector.wiring import build_services

config = load_config(sys.argv[1], credential_keys=credential_keys())
migrate_unless_at_head(config.database_url)
services = build_services(config)
app = create_app(services=services)
token = services.repositories.tokens.create_token("bench", "admin", dt.datetime.now(dt.UTC))
client = app.test_client()
auth = {"Authorization": f"Bearer {token}"}
kinds = {
    "GET /healthz (baseline)": lambda: client.get("/healthz"),
    "GET /api/v1/periods": lambda: client.get("/api/v1/periods", headers=auth),
    "POST /api/v1/periods, refused (422)": lambda: client.post(
        "/api/v1/periods", json={"helpdesk": 1}, headers=auth
    ),
    "GET /api/v1/periods, unknown token (401)": lambda: client.get(
        "/api/v1/periods", headers={"Authorization": "Bearer sti_unknown"}
    ),
}
runs = int(sys.argv[2])
out = {}
for name, call in kinds.items():
    for _ in range(50):
        call()
    started = time.process_time()
    for _ in range(runs):
        call()
    out[name] = (time.process_time() - started) / runs * 1000
print(json.dumps(out))
"""


def measure(root: str, runs: int) -> dict[str, float]:
    """Milliseconds of CPU per request of each kind, measured in a new process on ``root``."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        config = one_helpdesk_config(Path(tmp))
        env = {
            **os.environ,
            "PYTHONPATH": root,
            "STANDIN_SECRET_KEY": "x" * 32,
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = subprocess.run(
            [sys.executable, "-c", CODE, str(config), str(runs)],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=1500, help="requests timed per kind")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = ap.parse_args()
    result = measure(args.root, args.requests)
    baseline = result["GET /healthz (baseline)"]
    print(f"{args.root}: CPU per request, {args.requests} requests per kind (test client, SQLite)")
    for name, ms in result.items():
        print(f"  {name:42} {ms:6.3f} ms  {ms / baseline:5.2f} × the baseline")


if __name__ == "__main__":
    main()
