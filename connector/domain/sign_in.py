"""Who may use the web page after single sign-on: the provider's groups → role and helpdesks.

Pure: the groups come from the provider's claims, the maps from the config.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

RANK = {"viewer": 0, "team_lead": 1, "admin": 2}


class SignInMethod(enum.StrEnum):
    """How a session was signed in; a session stays bound to it (what keeps it valid)."""

    TOKEN = "token"  # noqa: S105 - a method name, not a secret; an API token pasted on the sign-in page: valid while the token is
    INVITATION = "invitation"  # a one-time invitation link an admin issued
    OIDC = "oidc"  # the company's OpenID Connect provider (role from its groups at sign-in)
    HELPDESK_APP = "helpdesk_app"  # the helpdesk's app, with a token the helpdesk signed


class Refusal(enum.StrEnum):
    NO_ROLE = "no_role"  # none of the person's groups has a Stand-in role
    NO_HELPDESK = "no_helpdesk"  # groups limit helpdesks, and none of theirs names one


@dataclass(frozen=True)
class Access:
    role: str
    helpdesks: tuple[str, ...] | None  # None: every helpdesk


def access_for_groups(
    groups: Iterable[str],
    roles: Mapping[str, str],
    helpdesks: Mapping[str, tuple[str, ...]],
) -> Access | Refusal:
    """The highest role any group gives; helpdesks from the groups that name some.

    With no ``helpdesks`` map every helpdesk is open to the role. With one, a person sees
    the union of their groups' helpdesks, and a person in none of those groups is refused
    rather than shown every helpdesk.
    """
    mine = set(groups)
    granted = [roles[g] for g in mine if g in roles]
    if not granted:
        return Refusal.NO_ROLE
    role = max(granted, key=RANK.__getitem__)
    if not helpdesks:
        return Access(role, None)
    keys = sorted({k for g in mine if g in helpdesks for k in helpdesks[g]})
    if not keys:
        return Refusal.NO_HELPDESK
    return Access(role, tuple(keys))


def claimed_groups(claims: Mapping[str, object], claim: str) -> list[str]:
    """The groups claim as a list of strings (providers send a list, some a string)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def access_for_helpdesk_role(
    role: str,
    custom_role: str | None,
    roles: Mapping[str, str],
    custom_roles: Mapping[str, str],
    helpdesk: str,
) -> Access | Refusal:
    """Inside a helpdesk's app: a mapped custom role first, else the plain role; only that
    helpdesk. An unmapped role (end-users included) has no access."""
    granted = custom_roles.get(custom_role) if custom_role else None
    granted = granted or roles.get(role)
    if granted is None:
        return Refusal.NO_ROLE
    return Access(granted, (helpdesk,))
