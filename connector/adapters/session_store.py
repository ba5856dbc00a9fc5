"""Server-side web sessions (``ui_sessions``): created at sign-in, looked up on every page,
ended by signing out, by revoking the token they were made from, or by expiry."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from connector.adapters.models import ApiToken, SignedTokenUse, UiInvitationRow, UiSessionRow
from connector.adapters.store import Store, hash_token
from connector.domain.sign_in import SignInMethod

#: ``last_seen_at`` is written at most this often (a page view is not a write each time).
SEEN_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class WebSession:
    id: int
    method: SignInMethod
    token_id: int | None
    subject: str
    role: str
    helpdesks: tuple[str, ...] | None
    expires_at: dt.datetime


@dataclass(frozen=True)
class SessionPolicy:
    lifetime: dt.timedelta  # from sign-in, whatever happens
    idle: dt.timedelta  # without a page view


class SessionStore:
    def __init__(self, store: Store, policy: SessionPolicy):
        self.store = store
        self.policy = policy

    def create(
        self,
        now: dt.datetime,
        *,
        method: SignInMethod,
        subject: str,
        role: str,
        helpdesks: Sequence[str] | None,
        token_id: int | None = None,
    ) -> str:
        """A new session; returns the key for the cookie (only its hash is stored)."""
        key = secrets.token_urlsafe(32)
        with self.store.session() as s:
            s.add(
                UiSessionRow(
                    key_hash=hash_token(key),
                    method=method.value,
                    token_id=token_id,
                    subject=subject,
                    role=role,
                    helpdesks=list(helpdesks) if helpdesks is not None else None,
                    created_at=now,
                    expires_at=now + self.policy.lifetime,
                    last_seen_at=now,
                )
            )
        return key

    def resolve(self, key: str, now: dt.datetime) -> WebSession | None:
        """The live session behind ``key``; an expired, idle or orphaned one is ended here."""
        with self.store.session() as s:
            row = s.execute(
                select(UiSessionRow).where(UiSessionRow.key_hash == hash_token(key))
            ).scalar_one_or_none()
            if row is None:
                return None
            alive = row.expires_at > now and now - row.last_seen_at < self.policy.idle
            if alive and row.method == SignInMethod.TOKEN:
                token = s.get(ApiToken, row.token_id) if row.token_id is not None else None
                alive = token is not None and token.revoked_at is None
            if not alive:
                s.delete(row)
                return None
            if now - row.last_seen_at >= SEEN_RESOLUTION:
                row.last_seen_at = now
            return WebSession(
                id=row.id,
                method=SignInMethod(row.method),
                token_id=row.token_id,
                subject=row.subject,
                role=row.role,
                helpdesks=tuple(row.helpdesks) if row.helpdesks is not None else None,
                expires_at=row.expires_at,
            )

    def end(self, key: str) -> bool:
        with self.store.session() as s:
            res = s.execute(delete(UiSessionRow).where(UiSessionRow.key_hash == hash_token(key)))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def end_for_subject(self, subject: str) -> int:
        """Every session of one person (their e-mail or token name), whatever the method:
        for removing someone at once, before their provider or helpdesk account is changed."""
        with self.store.session() as s:
            res = s.execute(
                delete(UiSessionRow).where(func.lower(UiSessionRow.subject) == subject.lower())
            )
            return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def end_for_tokens(self, token_ids: Sequence[int]) -> int:
        """Every session signed in with these tokens (called when they are revoked)."""
        if not token_ids:
            return 0
        with self.store.session() as s:
            res = s.execute(delete(UiSessionRow).where(UiSessionRow.token_id.in_(token_ids)))
            return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def first_use_of_signed_token(self, token: str, expires_at: dt.datetime) -> bool:
        """True the first time a helpdesk-signed token signs in; False for a replay."""
        from sqlalchemy.exc import IntegrityError

        try:
            with self.store.session() as s:
                s.add(SignedTokenUse(token_hash=hash_token(token), expires_at=expires_at))
        except IntegrityError:
            return False
        return True

    def purge(self, now: dt.datetime, limit: int = 500, *, dry_run: bool = False) -> int:
        """Delete up to ``limit`` expired or idle sessions (the scheduler calls this), and the
        record of signed tokens that have expired (a replay of those fails on its own)."""
        with self.store.session() as s:
            if not dry_run:
                s.execute(delete(SignedTokenUse).where(SignedTokenUse.expires_at < now))
            ids = (
                s.execute(
                    select(UiSessionRow.id)
                    .where(
                        (UiSessionRow.expires_at <= now)
                        | (UiSessionRow.last_seen_at <= now - self.policy.idle)
                    )
                    .limit(limit)
                )
                .scalars()
                .all()
            )
            if ids and not dry_run:
                s.execute(delete(UiSessionRow).where(UiSessionRow.id.in_(ids)))
            return len(ids)


@dataclass(frozen=True)
class Invitation:
    name: str
    role: str
    helpdesks: tuple[str, ...] | None


class InvitationStore:
    """One-time sign-in links: issued by an admin, each usable once, before it expires."""

    def __init__(self, store: Store):
        self.store = store

    def issue(
        self,
        now: dt.datetime,
        *,
        name: str,
        role: str,
        helpdesks: Sequence[str] | None,
        created_by: str,
        valid_for: dt.timedelta,
    ) -> str:
        """A new invitation; returns its code (only the hash is stored)."""
        code = secrets.token_urlsafe(32)
        with self.store.session() as s:
            s.add(
                UiInvitationRow(
                    code_hash=hash_token(code),
                    name=name,
                    role=role,
                    helpdesks=list(helpdesks) if helpdesks is not None else None,
                    created_by=created_by,
                    created_at=now,
                    expires_at=now + valid_for,
                )
            )
        return code

    def peek(self, code: str, now: dt.datetime) -> Invitation | None:
        """The invitation behind ``code`` while it can still be used (nothing changes)."""
        with self.store.session() as s:
            row = s.execute(
                select(UiInvitationRow).where(UiInvitationRow.code_hash == hash_token(code))
            ).scalar_one_or_none()
            if row is None or row.used_at is not None or row.expires_at <= now:
                return None
            return _invitation(row)

    def redeem(self, code: str, now: dt.datetime) -> Invitation | None:
        """Use the invitation; of two concurrent redeems exactly one gets it."""
        with self.store.session() as s:
            taken = s.execute(
                update(UiInvitationRow)
                .where(
                    UiInvitationRow.code_hash == hash_token(code),
                    UiInvitationRow.used_at.is_(None),
                    UiInvitationRow.expires_at > now,
                )
                .values(used_at=now)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                return None
            row = s.execute(
                select(UiInvitationRow).where(UiInvitationRow.code_hash == hash_token(code))
            ).scalar_one()
            return _invitation(row)


def _invitation(row: UiInvitationRow) -> Invitation:
    helpdesks = tuple(row.helpdesks) if row.helpdesks is not None else None
    return Invitation(row.name, row.role, helpdesks)
