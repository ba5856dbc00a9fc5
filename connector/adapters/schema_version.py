"""Is the database already at the newest migration? Answered without importing Alembic.

A restart of ``standin serve`` finds the schema up to date nearly every time; Alembic (with
Mako and Pygments) costs a fifth of a second and ~10 MiB per process just to say so. The head
is read from the migration files' ``revision``/``down_revision`` lines; anything unusual (a
merge, a line not in that form, an unreadable version table) answers "no", and the caller
runs Alembic as before.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']\s*$", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:[\"']([^\"']+)[\"']|None)\s*$", re.M)


def head_revision(versions: Path = VERSIONS) -> str | None:
    """The one revision no other migration builds on, or None when that is not clear."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        if down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def at_head(url: str) -> bool:
    """True only when the database's ``alembic_version`` holds exactly the head revision."""
    from connector.adapters.store import make_engine

    head = head_revision()
    if head is None:
        return False
    engine = make_engine(url, single_connection=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()
    return [r[0] for r in rows] == [head]


def migrate_unless_at_head(url: str) -> None:
    """``migrate`` (Alembic), skipped when the schema is already the newest."""
    from connector.adapters.store import migrate

    if not at_head(url):
        migrate(url)
