"""CPU seconds a `standin serve` web process spends before it can answer: imports, the config,
the migration check on an already-migrated SQLite database, building the services and the app.

    python bench/startup_cpu.py [--runs 5] [--root CHECKOUT]

CPU time, not wall time, so that a busy machine changes it less; each run is a new process
(nothing cached in memory, `.pyc` files as they are on disk). ``--root`` measures another
checkout (e.g. a `git worktree` of an older commit) with the same script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CODE = """
import resource, sys, time
t = time.process_time()
from connector.adapters.schema_version import migrate_unless_at_head
from connector.config import load_config
from connector.mapping import credential_keys
from connector.web import create_app
from connector.wiring import build_services
config = load_config(sys.argv[1], credential_keys=credential_keys())
migrate_unless_at_head(config.database_url)
app = create_app(services=build_services(config))
print(time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def one_helpdesk_config(folder: Path) -> Path:
    """A config file in ``folder``: a SQLite database there and one Zendesk helpdesk that is
    never called (nothing here reaches a vendor)."""
    config = folder / "standin.yaml"
    config.write_text(
        f"database_url: sqlite:///{folder}/standin.db\n"
        "helpdesks:\n  acme:\n    vendor: zendesk\n    url: http://127.0.0.1:9\n"
        "    credentials: {email: ops@example.com, api_token: t}\n"
        f"    webhook_secrets: [{'s' * 32}]\n"
    )
    return config


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = one_helpdesk_config(Path(tmp))
        env = {**os.environ, "PYTHONPATH": args.root, "STANDIN_SECRET_KEY": "x" * 32}
        cmd = [sys.executable, "-c", CODE, str(config)]
        subprocess.run(cmd, env=env, cwd=args.root, capture_output=True, check=True)  # migrate
        cpus, rss = [], []
        for _ in range(args.runs):
            out = subprocess.run(
                cmd, env=env, cwd=args.root, capture_output=True, text=True, check=True
            )
            cpu, kib = out.stdout.split()[-2:]
            cpus.append(float(cpu))
            rss.append(int(kib))
    print(
        f"{args.root}: CPU to a loaded app, median of {args.runs}: "
        f"{statistics.median(cpus):.2f} s (runs {', '.join(f'{c:.2f}' for c in sorted(cpus))}); "
        f"peak RSS {max(rss)} MiB"
    )


if __name__ == "__main__":
    main()
