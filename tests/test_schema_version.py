"""Skipping Alembic on a restart: only when the database is exactly at the newest migration."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from connector.adapters.schema_version import VERSIONS, at_head, head_revision
from connector.adapters.store import migrate


def test_the_head_read_from_the_migration_files_is_alembics_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(VERSIONS.parent))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_a_new_database_is_not_at_head_and_a_migrated_one_is(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'standin.db'}"
    assert not at_head(url)
    migrate(url)
    assert at_head(url)


def test_a_database_one_migration_behind_is_not_at_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'standin.db'}"
    migrate(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    assert not at_head(url)


def test_a_merge_of_two_branches_makes_the_head_unclear_so_alembic_decides(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision = "b"\ndown_revision = ("a", "c")\n')
    assert head_revision(tmp_path) is None
