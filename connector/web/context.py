from __future__ import annotations

from flask import current_app

from connector.wiring import Services


def services() -> Services:
    svc: Services = current_app.extensions["standin"]
    return svc
