"""A restart loads only what serving needs: the heavy libraries used by rare paths (migrations,
PDFs, PostgreSQL, the Zendesk app's signed requests, single sign-on, the OpenAPI document) are
imported where they are used, and nothing is precomputed at import that can be done lazily."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

#: Imported only on the paths that need them, never by a restart of `standin serve`.
LAZY = (
    *("alembic", "mako", "fpdf", "PIL", "fontTools", "psycopg", "jwt", "authlib", "apispec"),
    *("requests", "urllib3"),  # loaded by the first vendor call
    "cryptography",  # loaded by the first contact-log entry sealed or opened
)

SCRIPT = """
import json, sys
from connector.adapters.schema_version import migrate_unless_at_head
from connector.config import load_config
from connector.mapping import credential_keys
from connector.web import create_app

config = load_config(sys.argv[1], credential_keys=credential_keys())
migrate_unless_at_head(config.database_url)  # as `standin serve` does before it loads the app
app = create_app(config)
from connector.domain import lint

print(json.dumps({
    "modules": sorted({m.split(".")[0] for m in sys.modules}),
    "drop_table": len(lint._DROP_TABLE),
    "routes": len(list(app.url_map.iter_rules())),
    "postgresql_dialect": "sqlalchemy.dialects.postgresql" in sys.modules,
}))
"""


def _start(config: Path) -> dict[str, object]:
    env = {**os.environ, "STANDIN_SECRET_KEY": "x" * 32}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_a_restart_on_a_migrated_database_imports_no_heavy_library_it_does_not_use(
    tmp_path: Path,
) -> None:
    config = tmp_path / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": f"sqlite:///{tmp_path / 'standin.db'}",
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": "http://127.0.0.1:9",
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": ["s" * 32],
                    }
                },
            }
        )
    )
    first = _start(config)  # migrates the new database
    assert "alembic" in first["modules"]  # type: ignore[operator]
    restart = _start(config)
    assert restart["routes"] == first["routes"]
    loaded = set(restart["modules"])  # type: ignore[call-overload]
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))
    assert restart["postgresql_dialect"] is False  # SQLite's own INSERT is all it needs
    # The privacy lint's table of invisible characters is filled as texts are checked, not by
    # scanning every code point at import.
    assert restart["drop_table"] == 0
