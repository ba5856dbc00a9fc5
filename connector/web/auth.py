"""Bearer tokens with roles: viewer < team_lead < admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from connector.domain.records import TokenInfo
from connector.web.context import services
from connector.web.errors import error_response

RANK = {"viewer": 0, "team_lead": 1, "admin": 2}
F = TypeVar("F", bound=Callable[..., Any])


def require(role: str) -> Callable[[F], F]:
    def deco(fn: F) -> F:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            if not header.lower().startswith("bearer "):
                return error_response(401, "unauthorized", "missing Authorization: Bearer <token>")
            svc = services()
            info = svc.repositories.tokens.check_token(header[7:].strip(), svc.clock())
            if info is None:
                return error_response(401, "unauthorized", "unknown or revoked token")
            if RANK[info.role] < RANK[role]:
                return error_response(
                    403, "forbidden", f"this needs the {role} role; the token has {info.role}"
                )
            g.token = info
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


def token() -> TokenInfo:
    info: TokenInfo = g.token
    return info


def allowed_helpdesks() -> tuple[str, ...] | None:
    """Helpdesks the current token may see; None means all."""
    return token().helpdesks


def actor() -> str:
    return f"token:{token().name}"
