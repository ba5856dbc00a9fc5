from __future__ import annotations

from flask import current_app, request

from connector.domain.messages import Msg
from connector.errors import ValidationFailed
from connector.wiring import Services


def services() -> Services:
    svc: Services = current_app.extensions["standin"]
    return svc


def helpdesk_filter() -> str | None:
    """The ``helpdesk`` query parameter: absent, or one of the configured helpdesks (422)."""
    wanted = request.args.get("helpdesk")
    if wanted is not None and wanted not in services().helpdesks:
        raise ValidationFailed(
            {"helpdesk": [Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(wanted))]}
        )
    return wanted
