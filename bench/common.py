"""Shared pieces of the benchmarks: servers as subprocesses, databases, a load generator.

Loopback only; every run is bounded in time and in request count.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connector.adapters.signatures import sign_zendesk  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "STANDIN_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)
SECRET = "bench-webhook-secret"  # noqa: S105 - loopback benchmark only
HELPDESK = "acme"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    return e


@contextlib.contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    """A temp SQLite file, or a fresh PostgreSQL database created and dropped here."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"standin_bench_{secrets.token_hex(5)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def write_config(
    tmp: Path, db_url: str, vendor_url: str, poll_interval: float = 1.0, worker_threads: int = 1
) -> Path:
    path = tmp / "standin.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "database_url": db_url,
                "worker": {"poll_interval": poll_interval, "threads": worker_threads},
                "helpdesks": {
                    HELPDESK: {
                        "vendor": "zendesk",
                        "url": vendor_url,
                        "credentials": {"email": "ops@example.com", "api_token": "bench"},
                        "webhook_secrets": [SECRET],
                        "locale": "nl",
                        "rate_limit_per_minute": 100_000,  # the fake vendor has no limit
                    }
                },
            }
        )
    )
    return path


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_http(port: int, path: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Until ``path`` answers; a server that does not within 60 s is stopped (its gunicorn
    master would otherwise go on starting workers after the run) and the error raised."""
    try:
        _wait_http(port, path, proc, log)
    except BaseException:
        stop(proc)
        raise


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server and wait for it (killed after 15 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_http(port: int, path: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text()[-3000:]
            raise RuntimeError(f"server exited ({proc.returncode}); log:\n{tail}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not answer in 60 s")


def start_standin(
    config: Path, tmp: Path, workers: int, threads: int, *, web_only: bool = False
) -> Server:
    port = free_port()
    log = tmp / f"standin-{port}.log"
    cmd = [sys.executable, "-m", "connector", "--log-level", "warning", "serve"]
    cmd += ["--config", str(config), "--port", str(port)]
    cmd += ["--workers", str(workers), "--threads", str(threads)]
    cmd += ["--web-only"] if web_only else []
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env())
    wait_http(port, "/healthz", proc, log)
    return Server(proc, port, log)


def start_baseline(tmp: Path, workers: int, threads: int) -> Server:
    """The same gunicorn settings (gthread, access log to stdout) around a no-op Flask app."""
    port = free_port()
    log = tmp / f"baseline-{port}.log"
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread"]
    cmd += ["--access-logfile", "-", "bench.noop_app:app"]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env())
    wait_http(port, "/healthz", proc, log)
    return Server(proc, port, log)


def run_cli(config: Path, *args: str) -> str:
    cmd = [sys.executable, "-m", "connector", "--log-level", "warning", *args]
    cmd += ["--config", str(config)]
    out = subprocess.run(cmd, env=env(), capture_output=True, check=True, timeout=60)
    return out.stdout.decode()


# -- signed requests -----------------------------------------------------------------------
def signed_headers(body: bytes, when: dt.datetime | None = None) -> dict[str, str]:
    ts = (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "Content-Type": "application/json",
        "X-Zendesk-Account-Id": "12345678",
        "X-Zendesk-Webhook-Id": "01HBENCH",
        "X-Zendesk-Webhook-Signature-Timestamp": ts,
        "X-Zendesk-Webhook-Signature": sign_zendesk(SECRET, ts, body),
    }


# -- load generator ------------------------------------------------------------------------
@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, 202 answers only
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000


def closed_loop(
    port: int,
    path: str,
    requests: list[tuple[bytes, dict[str, str]]],
    concurrency: int,
    seconds: float,
) -> LoadResult:
    """``concurrency`` threads, one kept-alive connection each, as fast as answers come back.

    Stops after ``seconds`` or when the pre-built requests run out, whichever is first.
    """
    result = LoadResult()
    lock = threading.Lock()
    nxt = iter(range(len(requests)))
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        errors: dict[str, int] = {}
        while time.monotonic() < stop_at:
            with lock:
                i = next(nxt, None)
            if i is None:
                break
            body, headers = requests[i]
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            dt_ = time.perf_counter() - t0
            if resp.status == 202:
                mine.append(dt_)
            else:
                errors[str(resp.status)] = errors.get(str(resp.status), 0) + 1
        conn.close()
        with lock:
            result.latencies.extend(mine)
            for k, v in errors.items():
                result.errors[k] = result.errors.get(k, 0) + v

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.elapsed = time.monotonic() - t0
    return result


# -- memory --------------------------------------------------------------------------------
def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _status_kb(pid: int, key: str, file: str = "status") -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Peak of the summed VmRSS of a process tree (sampled), and the sum of per-process VmHWM.

    Also the peak of the summed PSS: RSS counts a page shared by forked processes (the
    interpreter, libraries, what the master loaded before forking) once in each of them; PSS
    counts each page once for the tree, split among those sharing it."""

    def __init__(self, root: int, every: float = 0.1):
        self.root, self.every = root, every
        self.peak_sum_kb = 0
        self.peak_pss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = process_tree(self.root)
            total = sum(_status_kb(p, "VmRSS") for p in tree)
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            pss = sum(_status_kb(p, "Pss", "smaps_rollup") for p in tree)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def hwm_sum_kb(self) -> int:
        return sum(_status_kb(p, "VmHWM") for p in process_tree(self.root))


def cpu_seconds(root: int) -> float:
    """User + system CPU of the process tree so far (and of its children that ended)."""
    total = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def _serve_fake_zendesk(conn: Any) -> None:
    from tests.fake_zendesk import FakeZendesk

    vendor = FakeZendesk.for_load()
    conn.send(vendor.url)
    while conn.recv() == "put_counts":
        conn.send(vendor.put_counts())
    vendor.stop()


class VendorProcess:
    """A load-mode fake Zendesk in a process of its own (a context manager).

    Served from the bench's own process, its answers to the embedded worker's calls would
    take the interpreter lock from the load generator's threads during Stand-in's slices
    only, and slow the client that measures Stand-in (a real vendor answers from elsewhere).
    It still shares the machine's cores."""

    def __init__(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_fake_zendesk, args=(child,), daemon=True)

    def start(self) -> VendorProcess:
        self._proc.start()
        if not self._conn.poll(60):
            self._proc.terminate()
            raise RuntimeError("the fake Zendesk process did not start")
        self.url: str = self._conn.recv()
        return self

    __enter__ = start

    def put_counts(self) -> dict[str, int]:
        """Ticket id → how many PUTs it got."""
        self._conn.send("put_counts")
        counts: dict[str, int] = self._conn.recv()
        return counts

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.terminate()


def create_period(port: int, token: str) -> None:
    """An active period for the load-mode fake's employee: each of its tickets is rerouted."""
    import json

    from tests.fake_zendesk import EMPLOYEE, REPLACEMENT

    now = dt.datetime.now(dt.UTC)
    body = json.dumps(
        {
            "helpdesk": HELPDESK,
            "employee": EMPLOYEE["email"],
            "replacement": REPLACEMENT["email"],
            "starts_at": (now - dt.timedelta(minutes=1)).isoformat(),
            "ends_at": (now + dt.timedelta(days=1)).isoformat(),
        }
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/api/v1/periods",
        body=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    resp = conn.getresponse()
    text = resp.read().decode()
    if resp.status != 201:
        raise RuntimeError(f"creating the period failed: {resp.status} {text}")


def tempdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="standin-bench-")


Printer = Callable[[str], None]
