#!/usr/bin/env python3
"""Tiny webhook receiver for the RT sandbox: records every POST to a JSON-lines file.

Usage: capture_receiver.py --port 8499 --out /var/tmp/standin-rt/received.jsonl
         [--status 204] [--probe-ticket-url http://127.0.0.1:8480/rt/REST/2.0 --probe-auth user:pw]

Each line: {"received_at", "path", "headers": {lower-case name: value}, "body": "<raw body text>",
            "probe": {...} (only with --probe-ticket-url)}.
With --probe-ticket-url the receiver, before answering, GETs /ticket/{id} for the ticket in the
body to show what a synchronous read-back sees while RT still holds its database transaction.
Standard library only.
"""

import argparse
import base64
import json
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8499)
    ap.add_argument("--out", required=True)
    ap.add_argument("--status", type=int, default=204)
    ap.add_argument("--probe-ticket-url")
    ap.add_argument("--probe-auth")
    args = ap.parse_args()

    def probe(body: bytes) -> dict:
        try:
            ticket_id = json.loads(body)["ticket"]["id"]
        except Exception as exc:  # noqa: BLE001
            return {"error": f"no ticket id: {exc}"}
        req = urllib.request.Request(f"{args.probe_ticket_url}/ticket/{ticket_id}")
        if args.probe_auth:
            req.add_header(
                "Authorization", "Basic " + base64.b64encode(args.probe_auth.encode()).decode()
            )
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                data = json.loads(resp.read())
                result = {"status": resp.status, "Owner": data.get("Owner", {}).get("id")}
        except urllib.error.HTTPError as exc:
            result = {"status": exc.code}
        except Exception as exc:  # noqa: BLE001
            result = {"error": repr(exc)}
        result["seconds"] = round(time.monotonic() - t0, 3)
        return result

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            record = {
                "received_at": time.time(),
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8"),
            }
            if args.probe_ticket_url:
                record["probe"] = probe(body)
            with open(args.out, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.send_response(args.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt: str, *a: object) -> None:
            pass

    ThreadingHTTPServer((args.host, args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
