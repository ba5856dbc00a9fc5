"""CPU per vendor call: Stand-in's client (requests) against lighter clients, in one run.

    python bench/vendor_client.py [--calls 1000] [--rounds 5]

A tiny HTTP/1.1 server in a child process answers every request at once with a small JSON
body (headers and body in one write, so no delayed-ACK stall is measured). In this process,
each client makes ``--calls`` pairs of calls like a reroute's (``GET`` the ticket, ``PUT`` the
assignee as JSON) over one kept connection, and the CPU time of this thread is taken
(``time.thread_time``: the server's work and the waiting are not counted). Printed per client:
the best and the median round in microseconds per call, and the ratio to the baseline,
``http.client`` alone (no pool, no retries, no redirects: the floor for Python).

The lighter clients are what a switch would save; they are not Stand-in's code paths.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BODY = json.dumps({"ticket": {"id": 1, "assignee_id": 2, "status": "open", "tags": ["a"] * 5}})
AUTH = ("agent@example.com/token", "bench-token")  # loopback only


def _serve(ports: Any) -> None:
    body = BODY.encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 65536  # headers and body leave in one write (flushed after each request)

        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = _answer  # noqa: N815 - http.server's names

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ports.put(server.server_address[1])
    server.serve_forever()


def _timed(call: Callable[[int], None], calls: int, rounds: int) -> tuple[float, float]:
    for i in range(100):  # connections made, caches warm
        call(i)
    samples = []
    for _ in range(rounds):
        started = time.thread_time()
        for i in range(calls):
            call(i)
        samples.append((time.thread_time() - started) / (2 * calls) * 1e6)
    return min(samples), statistics.median(samples)


def clients(port: int) -> dict[str, Callable[[int], None]]:
    import base64

    import urllib3

    from connector.adapters.http import VendorHttp

    base = f"http://127.0.0.1:{port}"
    change = {"ticket": {"assignee_id": 5}}
    standin = VendorHttp(base, vendor="zendesk", auth=AUTH, headers={"Accept": "application/json"})

    def with_standin(i: int) -> None:
        standin.request("GET", f"/api/v2/tickets/{i}.json").json()
        standin.request("PUT", f"/api/v2/tickets/{i}.json", json=change).json()

    token = base64.b64encode(":".join(AUTH).encode()).decode()
    headers = {"Accept": "application/json", "Authorization": f"Basic {token}"}
    sent = {**headers, "Content-Type": "application/json"}
    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1)
    timeout = urllib3.Timeout(connect=5.0, read=30.0)

    def with_urllib3(i: int) -> None:
        got = pool.request("GET", f"/api/v2/tickets/{i}.json", headers=headers, timeout=timeout)
        json.loads(got.data)
        put = pool.request(
            "PUT",
            f"/api/v2/tickets/{i}.json",
            body=json.dumps(change).encode(),
            headers=sent,
            timeout=timeout,
        )
        json.loads(put.data)

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def with_http_client(i: int) -> None:
        connection.request("GET", f"/api/v2/tickets/{i}.json", headers=headers)
        json.loads(connection.getresponse().read())
        connection.request(
            "PUT", f"/api/v2/tickets/{i}.json", body=json.dumps(change).encode(), headers=sent
        )
        json.loads(connection.getresponse().read())

    return {
        "http.client alone (baseline)": with_http_client,
        "urllib3 alone": with_urllib3,
        "Stand-in's VendorHttp (requests)": with_standin,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="GET + PUT pairs per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    ports: Any = multiprocessing.get_context("spawn").Queue()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(ports,), daemon=True)
    server.start()
    try:
        port = ports.get(timeout=30)
        results = {
            name: _timed(call, args.calls, args.rounds) for name, call in clients(port).items()
        }
    finally:
        server.terminate()
    baseline = results["http.client alone (baseline)"][0]
    for name, (best, median) in results.items():
        print(
            f"{name:34} best {best:6.1f} µs per call, median {median:6.1f};"
            f" {best / baseline:4.2f}× the baseline"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
