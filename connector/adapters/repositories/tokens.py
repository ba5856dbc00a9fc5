"""API tokens (only their hashes are stored) and the shared sign-in throttle."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update

from connector.adapters.models import ApiToken, SignInFailure
from connector.adapters.repositories import Database
from connector.domain.records import TokenInfo

ROLES = ("admin", "team_lead", "viewer")

_TOKENS = cast(Table, ApiToken.__table__)
# Built once: every API request checks its token.
_TOKEN_BY_HASH = select(
    _TOKENS.c.id,
    _TOKENS.c.name,
    _TOKENS.c.role,
    _TOKENS.c.helpdesks,
    _TOKENS.c.revoked_at,
    _TOKENS.c.last_used_at,
).where(_TOKENS.c.token_hash == bindparam("token_hash"))
_TOKEN_USED = (
    update(_TOKENS)
    .where(_TOKENS.c.id == bindparam("token_id"))
    .values(last_used_at=bindparam("now"))
)


def _token_info(row: Any) -> TokenInfo:
    """A token row's facts (an ORM row or a Core row: the same names)."""
    return TokenInfo(
        row.id,
        row.name,
        row.role,
        tuple(row.helpdesks) if row.helpdesks is not None else None,
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenRepository:
    def __init__(self, db: Database):
        self.db = db

    def create_token(
        self, name: str, role: str, now: dt.datetime, helpdesks: Sequence[str] | None = None
    ) -> str:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        token = "sti_" + secrets.token_urlsafe(32)
        with self.db.session() as s:
            s.add(
                ApiToken(
                    name=name,
                    role=role,
                    token_hash=hash_token(token),
                    prefix=token[:8],
                    helpdesks=list(helpdesks) if helpdesks is not None else None,
                    created_at=now,
                )
            )
        return token

    def check_token(self, token: str, now: dt.datetime) -> TokenInfo | None:
        """The live token's facts. One read on an autocommit connection (every API request
        asks this); ``last_used_at`` is written at most once a minute, by a second statement."""
        with self.db.statement() as conn:
            row = conn.execute(_TOKEN_BY_HASH, {"token_hash": hash_token(token)}).one_or_none()
            if row is None or row.revoked_at is not None:
                return None
            if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
                conn.execute(_TOKEN_USED, {"token_id": row.id, "now": now})
        return _token_info(row)

    def list_tokens(self) -> list[dict[str, Any]]:
        """Every token's public facts (never the token: only its hash is stored)."""
        with self.db.session() as s:
            rows = s.execute(select(ApiToken).order_by(ApiToken.id)).scalars().all()
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "role": r.role,
                    "prefix": r.prefix,
                    "helpdesks": list(r.helpdesks) if r.helpdesks is not None else None,
                    "created_at": r.created_at,
                    "last_used_at": r.last_used_at,
                    "revoked_at": r.revoked_at,
                }
                for r in rows
            ]

    def revoke_tokens(self, which: str, now: dt.datetime) -> list[int]:
        """Revoke the live tokens whose id, prefix or name is ``which``; their ids."""
        match = [ApiToken.prefix == which, ApiToken.name == which]
        if which.isdigit():
            match.append(ApiToken.id == int(which))
        with self.db.session() as s:
            rows = (
                s.execute(select(ApiToken).where(or_(*match), ApiToken.revoked_at.is_(None)))
                .scalars()
                .all()
            )
            for row in rows:
                row.revoked_at = now
            return [r.id for r in rows]

    def token_by_id(self, token_id: int) -> TokenInfo | None:
        """The token behind a web session, unless it has been revoked since sign-in."""
        with self.db.session() as s:
            row = s.get(ApiToken, token_id)
            if row is None or row.revoked_at is not None:
                return None
            return _token_info(row)

    def sign_in_failures(
        self, keys: Sequence[str], since: dt.datetime
    ) -> dict[str, list[dt.datetime]]:
        """Failure times after ``since`` for each key (shared by every web process)."""
        out: dict[str, list[dt.datetime]] = {k: [] for k in keys}
        with self.db.session() as s:
            rows = s.execute(
                select(SignInFailure.key, SignInFailure.at).where(
                    SignInFailure.key.in_(list(keys)), SignInFailure.at > since
                )
            ).all()
        for key, at in rows:
            out[key].append(at)
        return out

    def reserve_sign_in_attempt(
        self,
        keys: Sequence[str],
        now: dt.datetime,
        since: dt.datetime,
        allow: Callable[[dict[str, list[dt.datetime]]], bool],
    ) -> list[int] | None:
        """Count this attempt as a failure in advance, atomically with the check.

        ``allow`` sees the other failures after ``since`` per key; when it refuses, nothing is
        recorded and None comes back. Otherwise the attempt's rows (one per key) are committed
        and their ids returned: ``forget_sign_in_attempt`` takes them back after a successful
        sign-in. Check and count are one step, so parallel guesses cannot all pass the check
        before any is counted: PostgreSQL serialises them on a transaction advisory lock per
        key, SQLite on its single writer (the insert comes first and holds it to the commit).
        """
        with self.db.session() as s:
            if self.db.dialect == "postgresql":
                for key in sorted(keys):
                    lock_id = int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)
                    s.execute(select(func.pg_advisory_xact_lock(lock_id)))
            mine = [SignInFailure(key=k, at=now) for k in keys]
            s.add_all(mine)
            s.flush()
            ids = [row.id for row in mine]
            rows = s.execute(
                select(SignInFailure.key, SignInFailure.at).where(
                    SignInFailure.key.in_(list(keys)),
                    SignInFailure.at > since,
                    SignInFailure.id.not_in(ids),
                )
            ).all()
            failures: dict[str, list[dt.datetime]] = {k: [] for k in keys}
            for key, at in rows:
                failures[key].append(at)
            if not allow(failures):
                for row in mine:
                    s.delete(row)
                return None
            s.execute(delete(SignInFailure).where(SignInFailure.at < since))
        return ids

    def forget_sign_in_attempt(self, ids: Sequence[int]) -> None:
        """Take back an attempt reserved by ``reserve_sign_in_attempt`` (it succeeded)."""
        with self.db.session() as s:
            s.execute(delete(SignInFailure).where(SignInFailure.id.in_(list(ids))))
