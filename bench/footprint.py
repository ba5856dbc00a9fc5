"""Footprint of the embedded default: resident memory of the `standin serve` process tree idle,
under webhook load and idle after it, and the time from start to `/readyz`, next to a no-op
Flask app under the same gunicorn settings measured in the same run.

    python bench/footprint.py [--seconds 6] [--starts 3] [--concurrency 32] [--period]

`standin serve` runs with its defaults (1 process × 8 threads, web + worker + scheduler,
SQLite) against a local fake Zendesk, so the worker reroutes what is ingested. Memory is the
sum of VmRSS over the server's process tree (gunicorn master + worker), sampled every 0.1 s
(shared pages are counted once per process, as `ps` does). Startup is the median of
``--starts`` cold starts, each a new process on a database already migrated (the usual
restart), timed until `/readyz` (Stand-in) or `/healthz` (baseline) answers 200. Memory does
not depend on the machine's speed; startup does, so it is also shown as a ratio to the
baseline's. With ``--period`` a period is active (set through the API right after the start,
as a team lead would): the worker then builds the privacy guard's tables in idle time, which
a server without a period never loads, and the load's events are rerouted with notices.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HELPDESK,
    RssSampler,
    _status_kb,
    closed_loop,
    cpu_seconds,
    env,
    free_port,
    process_tree,
    run_cli,
    stop,
    tempdir,
    write_config,
)
from bench.end_to_end import create_period  # noqa: E402
from bench.ingest import build_requests  # noqa: E402
from connector.adapters.store import migrate  # noqa: E402
from tests.fake_zendesk import FakeZendesk  # noqa: E402

GOALS = {"idle": 150, "load": 200, "startup": 1.0}  # MiB, MiB, s


def tree_rss_mib(root: int) -> float:
    return sum(_status_kb(p, "VmRSS") for p in process_tree(root)) / 1024


def per_process(root: int) -> str:
    parts = []
    for pid in process_tree(root):
        try:
            name = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
        except OSError:
            continue
        role = "master" if pid == root else "worker"
        parts.append(f"{role} {_status_kb(pid, 'VmRSS') / 1024:.0f}")
        del name
    return ", ".join(parts) + " MiB"


def wait_ok(port: int, path: str, proc: subprocess.Popen[bytes], deadline: float) -> float:
    """Seconds until ``path`` answers 200 (polled every 10 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{path} did not answer 200 within {deadline} s")


def start(
    cmd: list[str], log: Path, path: str, port: int
) -> tuple[subprocess.Popen[bytes], float, float]:
    """Start a server; wall seconds and CPU seconds until ``path`` answers 200."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env())
    try:
        wait_ok(port, path, proc, 60)
    except BaseException:
        stop(proc)  # a server that never got ready must not outlive the run
        raise
    return proc, time.perf_counter() - t0, cpu_seconds(proc.pid)


def standin_cmd(config: Path, port: int) -> list[str]:
    return [
        *(sys.executable, "-m", "connector", "--log-level", "warning", "serve"),
        *("--config", str(config), "--port", str(port)),
    ]


def baseline_cmd(port: int) -> list[str]:
    # `standin serve`'s defaults: gthread, 1 process, 8 threads, access log to stdout.
    return [
        *(sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"),
        *("--workers", "1", "--threads", "8", "--worker-class", "gthread"),
        *("--access-logfile", "-", "bench.noop_app:app"),
    ]


def measure(
    name: str, cmd: list[str], port: int, path: str, tmp: Path, args: argparse.Namespace
) -> dict[str, object]:
    log = tmp / f"{name}.log"
    startups, cpus = [], []
    for _ in range(args.starts):
        proc, took, cpu = start(cmd, log, path, port)
        startups.append(took)
        cpus.append(cpu)
        stop(proc)
    proc, took, cpu = start(cmd, log, path, port)
    startups.append(took)
    cpus.append(cpu)
    try:
        if name == "standin" and args.period:
            token = run_cli(args.config, "token", "create", "bench", "--role", "admin")
            create_period(port, token.strip().splitlines()[-1])
            time.sleep(args.settle)  # the idle worker builds the privacy guard
        time.sleep(1.0)
        idle_before = tree_rss_mib(proc.pid)
        webhook = f"/webhooks/{HELPDESK}"
        closed_loop(port, webhook, build_requests(200), 8, 1.0)  # warm-up
        with RssSampler(proc.pid) as rss:
            load = closed_loop(
                port, webhook, build_requests(args.max_requests), args.concurrency, args.seconds
            )
            time.sleep(args.drain)  # the embedded worker finishes what was ingested
        time.sleep(1.0)
        idle_after = tree_rss_mib(proc.pid)
        breakdown = per_process(proc.pid)
    finally:
        stop(proc)
    return {
        "startup": statistics.median(startups),
        "startups": startups,
        "startup_cpu": statistics.median(cpus),
        "idle_before": idle_before,
        "peak": rss.peak_sum_kb / 1024,
        "idle_after": idle_after,
        "requests": load.ok,
        "rps": load.rps,
        "breakdown": breakdown,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=6.0, help="length of the load")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--max-requests", type=int, default=6000)
    ap.add_argument("--drain", type=float, default=3.0, help="seconds after the load")
    ap.add_argument("--starts", type=int, default=3, help="cold starts timed per server")
    ap.add_argument("--period", action="store_true", help="a period active, guard loaded")
    ap.add_argument("--settle", type=float, default=8.0, help="seconds after the period is set")
    args = ap.parse_args()
    vendor = FakeZendesk.for_load()
    vendor_url = vendor.url
    try:
        with tempdir() as name:
            tmp = Path(name)
            config = args.config = write_config(tmp, f"sqlite:///{tmp / 'bench.db'}", vendor_url)
            migrate(f"sqlite:///{tmp / 'bench.db'}")
            port = free_port()
            base = measure("baseline", baseline_cmd(port), port, "/healthz", tmp, args)
            port = free_port()
            std = measure("standin", standin_cmd(config, port), port, "/readyz", tmp, args)
    finally:
        vendor.stop()
    print(
        f"Footprint: `standin serve` defaults (1 process × 8 threads, web + worker, SQLite) "
        f"and a no-op Flask app under the same gunicorn, same run; load {args.concurrency} "
        f"connections for {args.seconds:g} s"
        + ("; a period active (the privacy guard loaded)." if args.period else "; no period.")
    )
    print("| measure | no-op baseline | standin serve | standin goal |")
    print("|---|---|---|---|")
    rows = [
        ("RSS idle, before traffic (MiB)", "idle_before", "{:.0f}", None),
        ("RSS peak under load (MiB)", "peak", "{:.0f}", "load"),
        ("RSS idle after traffic (MiB)", "idle_after", "{:.0f}", "idle"),
        ("startup to ready, median wall (s)", "startup", "{:.2f}", "startup"),
        ("startup to ready, median CPU of the tree (s)", "startup_cpu", "{:.2f}", None),
    ]
    ok = True
    for label, key, fmt, goal in rows:
        b, s = float(base[key]), float(std[key])  # type: ignore[arg-type]
        verdict = ""
        if goal:
            met = s < GOALS[goal]
            ok &= met
            verdict = f"< {GOALS[goal]:g} ({'met' if met else 'MISSED'})"
        print(f"| {label} | {fmt.format(b)} | {fmt.format(s)} | {verdict} |")
    print(
        f"| webhooks answered 202 under load | {base['requests']} ({base['rps']:.0f}/s) | "
        f"{std['requests']} ({std['rps']:.0f}/s) | |"
    )
    print()
    for name, res in (("baseline", base), ("standin", std)):
        starts = ", ".join(f"{t:.2f}" for t in res["startups"])  # type: ignore[attr-defined]
        print(f"{name}: startups {starts} s; after traffic {res['breakdown']}")
    ratio = float(std["startup"]) / float(base["startup"])  # type: ignore[arg-type]
    print(f"startup ratio standin / baseline: {ratio:.2f} (wall)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
