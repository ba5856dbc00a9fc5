"""The contact log is sealed at rest: the database holds no summary in the clear."""

from __future__ import annotations

import base64
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from connector.adapters.sealing import ENV, Sealer, new_key, sealer_from
from connector.errors import ConfigError
from tests.contact_log_support import add_period, entry_data, hr_services

SUMMARY = "Kort gesprek over de werkplek; afspraak: rooster in overleg bijstellen."


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Any:
    svc = hr_services(db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


def test_the_database_holds_no_summary_text_of_a_contact_log_entry(
    services: Any, db_url: str
) -> None:
    add_period(services)
    entry = services.contact_log.create(entry_data(summary=SUMMARY), "token:lead")
    with services.store.engine.connect() as conn:
        stored = " ".join(
            str(v) for row in conn.execute(text("SELECT * FROM contact_log_entries")) for v in row
        )
    assert "rooster in overleg" not in stored
    assert entry.id in stored  # the row is there, with its id and dates in the clear
    assert services.contact_log.log.get(entry.id).summary == SUMMARY
    if db_url.startswith("sqlite:///"):
        services.store.engine.dispose()
        raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
        wal = Path(db_url.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert b"rooster in overleg" not in raw


def test_rotating_the_key_reseals_every_entry_and_the_old_key_can_then_go(
    services: Any,
) -> None:
    add_period(services)
    entry = services.contact_log.create(entry_data(summary=SUMMARY), "token:lead")
    log = services.contact_log.log
    old = log.sealer
    fresh = new_key()
    log.sealer = Sealer([fresh, *_keys_of(old)])
    assert log.reseal() == 1
    assert log.reseal() == 0  # nothing left under the old key
    log.sealer = Sealer([fresh])
    assert log.get(entry.id).summary == SUMMARY
    log.sealer = old
    with pytest.raises(ConfigError, match="cannot be opened"):
        log.get(entry.id)


def _keys_of(sealer: Sealer) -> list[str]:
    import os

    return [k for k in os.environ[ENV].split(",") if k]


def test_entries_written_before_sealing_still_read_and_are_sealed_by_a_rotation(
    services: Any,
) -> None:
    from sqlalchemy import update

    from connector.adapters.models import ContactLogEntryRow

    add_period(services)
    entry = services.contact_log.create(entry_data(summary=SUMMARY), "token:lead")
    log = services.contact_log.log
    with services.store.session() as s:
        row = s.get_one(ContactLogEntryRow, entry.id)
        plain = log.sealer.open(row.data)
        s.execute(
            update(ContactLogEntryRow).where(ContactLogEntryRow.id == entry.id).values(data=plain)
        )
    assert log.get(entry.id).summary == SUMMARY
    assert log.reseal() == 1
    with services.store.session() as s:
        assert set(s.get_one(ContactLogEntryRow, entry.id).data) == {"sealed"}


def test_without_keys_a_private_key_file_is_made_once_and_reused(tmp_path: Path) -> None:
    key_file = tmp_path / "standin.db.key"
    first = sealer_from({}, key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    sealed = first.seal({"summary": SUMMARY})
    assert sealer_from({}, key_file).open(sealed) == {"summary": SUMMARY}


def test_a_key_that_is_not_a_fernet_key_is_refused_without_echoing_it() -> None:
    with pytest.raises(ConfigError) as exc:
        Sealer(["not-a-key-but-a-secret-value"])
    assert "not-a-key-but-a-secret-value" not in str(exc.value)


@pytest.mark.parametrize(
    "key",
    [
        base64.urlsafe_b64encode(b"k" * 16).decode(),  # base64, but 16 bytes
        base64.urlsafe_b64encode(b"k" * 33).decode(),
        "",
    ],
)
def test_a_key_fernet_would_refuse_is_refused_before_anything_is_sealed(key: str) -> None:
    from cryptography.fernet import Fernet

    with pytest.raises(ValueError):
        Fernet(key)
    with pytest.raises(ConfigError, match="Fernet key"):
        Sealer([new_key(), key])


def test_the_keys_are_read_by_cryptography_only_when_a_value_is_first_sealed() -> None:
    """A process that never opens the contact log never loads the library (some 7 MiB)."""
    script = (
        "import sys\n"
        "from connector.adapters.sealing import Sealer\n"
        f"sealer = Sealer([{new_key()!r}])\n"
        "print('cryptography' in sys.modules)\n"
        "sealed = sealer.seal({'summary': 'x'})\n"
        "print('cryptography' in sys.modules, sealer.open(sealed) == {'summary': 'x'})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == ["False", "True", "True"]


def test_processes_started_together_without_keys_all_read_the_one_key_file_made(
    tmp_path: Path,
) -> None:
    """Several `standin worker` processes starting at once: one makes the key file, whole;
    the others read it (one of them used to stop on the file the first had just created)."""
    key_file = tmp_path / "standin.key"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from connector.adapters.sealing import sealer_from\n"
        "sealer = sealer_from({}, Path(sys.argv[1]))\n"
        "print(sealer._keys[0])\n"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(key_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    keys = [p.communicate(timeout=60) for p in starts]
    assert [p.returncode for p in starts] == [0] * 6, [err for _, err in keys]
    assert len({out.strip() for out, _ in keys}) == 1
    assert key_file.read_text().strip() == keys[0][0].strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["standin.key"]  # no file left beside it


def test_on_a_file_system_without_hard_links_the_key_file_is_still_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_src: str, _dst: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr("connector.adapters.sealing.os.link", no_links)
    key_file = tmp_path / "standin.key"
    first = sealer_from({}, key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sealer_from({}, key_file).open(first.seal({"summary": SUMMARY})) == {"summary": SUMMARY}
    assert [p.name for p in tmp_path.iterdir()] == ["standin.key"]
