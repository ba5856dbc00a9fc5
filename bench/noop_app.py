"""The baseline: a no-op Flask app answering 202 to a webhook POST (and 200 to /healthz)."""

from __future__ import annotations

from flask import Flask, request

app = Flask(__name__)


@app.post("/webhooks/<helpdesk>")
def receive(helpdesk: str) -> tuple[dict[str, int], int]:
    request.get_data(cache=False)
    return {"accepted": 1}, 202


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
