"""The privacy guard's tables, built once and loaded from a cache directory by later processes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from connector.adapters.guard_cache import PREFIX, SUFFIX, FileTableCache, cache_dir
from connector.domain import privacy
from connector.domain.privacy import Policy

TEXTS = [
    "Bob de Vries helpt u vanaf maandag; Anna is weer aan het re-integreren.",
    "Elle avait l'air épuisée après son opération du genou.",
    "Herstel van de printer en data recovery zijn gepland.",
    "Frau Krüger ist in Behandlung wegen Rückenschmerzen.",
]


def findings(texts: list[str]) -> list[list[tuple[str, str]]]:
    return [
        [(f.category.value, f.text) for f in privacy.guard(text, policy)]
        for text in texts
        for policy in Policy
    ]


@pytest.fixture(scope="module")
def process_tables() -> privacy._Tables:
    """The tables this process already has (loaded from the run's cache, so cheap)."""
    return privacy._tables()


@pytest.fixture
def fresh_tables(process_tables: privacy._Tables) -> Iterator[None]:
    """The tables of this process forgotten (each test loads or builds its own, which this
    process then keeps: they are the same tables), and its cache put back afterwards."""
    previous = list(privacy._table_cache)
    privacy.use_table_cache(None)
    forget_tables()
    yield
    privacy._table_cache[:] = previous
    privacy._word_findings.cache_clear()


def forget_tables() -> None:
    """This process's tables and the findings made with them gone."""
    privacy._tables.cache_clear()
    privacy._word_findings.cache_clear()


def meanings(tables: privacy._Tables) -> dict[str, frozenset[privacy._Term]]:
    """What the automaton finds for each key: the terms listed under it."""
    return {key: frozenset(tables.listed[index]) for key, index in tables.automaton.items()}


def test_tables_loaded_from_the_cache_are_those_built_and_guard_alike(
    tmp_path: Path, fresh_tables: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    privacy.use_table_cache(FileTableCache(tmp_path))
    built = privacy._tables()  # built (the cache is empty), and kept
    built_findings = findings(TEXTS)
    [kept] = list(tmp_path.glob(f"{PREFIX}*{SUFFIX}"))
    assert kept.stat().st_mode & 0o777 == 0o600

    def no_build() -> privacy._Tables:
        raise AssertionError("built again although the cache holds the tables")

    monkeypatch.setattr(privacy, "_build_tables", no_build)
    forget_tables()
    loaded = privacy._tables()
    assert loaded is not built
    found, expected = meanings(loaded), meanings(built)
    assert len(found) == len(expected) > 20_000
    assert [key for key in expected if found.get(key) != expected[key]] == []
    assert findings(TEXTS) == built_findings
    assert any(built_findings)  # the texts do hold listed words


def test_a_torn_or_foreign_file_is_built_over_and_tables_of_other_versions_are_removed(
    tmp_path: Path,
    process_tables: privacy._Tables,
    fresh_tables: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(privacy, "_build_tables", lambda: process_tables)  # as if built
    key = privacy.tables_key()
    (tmp_path / f"{PREFIX}{key}{SUFFIX}").write_bytes(b"\x80\x05 torn")
    (tmp_path / f"{PREFIX}{'0' * 32}{SUFFIX}").write_bytes(b"an older version")
    os.chmod(tmp_path, 0o700)
    for path in tmp_path.iterdir():
        path.chmod(0o600)
    privacy.use_table_cache(FileTableCache(tmp_path))
    assert privacy._tables() is process_tables
    assert [p.name for p in tmp_path.iterdir()] == [f"{PREFIX}{key}{SUFFIX}"]
    assert privacy._tables_from((tmp_path / f"{PREFIX}{key}{SUFFIX}").read_bytes()) is not None

    (tmp_path / f"{PREFIX}{key}{SUFFIX}").write_bytes(pickle.dumps({"not": "tables"}))
    assert privacy._tables_from((tmp_path / f"{PREFIX}{key}{SUFFIX}").read_bytes()) is None


@pytest.mark.parametrize("writable_by_others", ["file", "directory"])
def test_a_cache_that_others_may_write_to_is_never_read(
    tmp_path: Path, writable_by_others: str
) -> None:
    """The tables are a pickle: a file someone else could have written could run code."""
    cache = FileTableCache(tmp_path / "cache")
    cache.save("k" * 32, lambda: b"tables")
    assert cache.load("k" * 32) == b"tables"
    target = cache.directory if writable_by_others == "directory" else cache._path("k" * 32)
    target.chmod(target.stat().st_mode | 0o022)
    assert cache.load("k" * 32) is None


def test_a_cache_that_cannot_be_written_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    cache = FileTableCache(blocked / "standin")
    cache.save("k" * 32, lambda: b"tables")
    assert cache.load("k" * 32) is None
    assert "privacy tables not cached" in caplog.text


def test_the_tables_are_not_pickled_for_a_cache_that_would_not_keep_them(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> bytes:
        made.append("pickled")
        return b"tables"

    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    FileTableCache(blocked / "standin").save("k" * 32, make)
    foreign = tmp_path / "shared"
    foreign.mkdir(mode=0o777)
    foreign.chmod(0o777)
    FileTableCache(foreign).save("k" * 32, make)
    assert made == []
    FileTableCache(tmp_path / "mine").save("k" * 32, make)
    assert made == ["pickled"]


def test_the_cache_directory_follows_the_environment(tmp_path: Path) -> None:
    assert cache_dir({"STANDIN_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_dir({"STANDIN_CACHE_DIR": "off"}) is None
    assert cache_dir({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/standin")
    assert cache_dir({"HOME": "/home/ann"}) == Path("/home/ann/.cache/standin")


def test_a_standin_process_loads_the_tables_another_process_built(
    tmp_path: Path, process_tables: privacy._Tables
) -> None:
    """As `standin` processes use it: wiring turns the cache on, and a new process finds the
    same words with the tables this one kept, without building (it would say so)."""
    FileTableCache(tmp_path / "cache").save(
        privacy.tables_key(), lambda: pickle.dumps(process_tables)
    )
    script = (
        "import sys\n"
        "from connector.wiring import use_privacy_cache\n"
        "from connector.domain import privacy\n"
        "use_privacy_cache()\n"
        "built = []\n"
        "original = privacy._build_tables\n"
        "privacy._build_tables = lambda: built.append(1) or original()\n"
        "found = [f.text for f in privacy.guard(sys.argv[1], privacy.Policy.NOTICE)]\n"
        "print('built' if built else 'loaded', found)\n"
    )
    env = {**os.environ, "STANDIN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", script, TEXTS[0]]
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    expected = [f.text for f in privacy.guard(TEXTS[0], Policy.NOTICE)]
    assert run.stdout.strip() == f"loaded {expected}"
    assert "re-integreren" in run.stdout


def test_the_key_changes_with_the_word_lists_and_the_automaton_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tables of another version are never read: another term file or pyahocorasick release
    (its pickle format) makes another key."""
    key = privacy.tables_key()
    assert privacy.tables_key() == key
    with monkeypatch.context() as patch:
        patch.setattr(privacy, "_installed", lambda distribution: "99.0")
        assert privacy.tables_key() != key
    read = privacy._read
    monkeypatch.setattr(privacy, "_read", lambda name: read(name) + "\nziekenboeg\n")
    assert privacy.tables_key() != key


def test_filling_the_cache_builds_the_tables_there_without_keeping_them_in_this_process(
    tmp_path: Path, fresh_tables: None
) -> None:
    """``standin serve`` fills the cache in a short-lived child; its web processes load it."""
    assert privacy.fill_table_cache() is False  # no cache: nothing to fill
    cache = FileTableCache(tmp_path)
    privacy.use_table_cache(cache)
    assert not cache.holds(privacy.tables_key())
    assert privacy.fill_table_cache() is True
    assert cache.holds(privacy.tables_key())
    assert privacy._tables.cache_info().currsize == 0  # built into the cache, not kept here
    assert not privacy.is_prepared()
    loaded = privacy._tables()
    assert len(loaded.listed) > 20_000
    assert privacy.is_prepared()  # what the worker waits for before it freezes them


def test_a_cache_that_cannot_keep_the_tables_is_not_filled_by_building_them_in_vain(
    tmp_path: Path, fresh_tables: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # not this user's alone: the cache keeps nothing here

    def no_build() -> privacy._Tables:
        raise AssertionError("built although the cache cannot keep the tables")

    monkeypatch.setattr(privacy, "_build_tables", no_build)
    privacy.use_table_cache(FileTableCache(shared))
    assert privacy.fill_table_cache() is True
    assert not FileTableCache(shared).holds(privacy.tables_key())


def test_the_tables_read_back_every_listed_term_as_it_was_built_and_stay_text_until_met(
    process_tables: privacy._Tables,
) -> None:
    """The terms are kept as text (some 8 MiB less in every process than as tuples) and read
    back equal to those of the word lists, phrases with gaps, limits and vetoes included."""
    by_key: dict[str, list[privacy._Term]] = {}
    for term in privacy.terms():
        by_key.setdefault(term.key, []).append(term)
    loaded = privacy._tables_from(pickle.dumps(process_tables))  # as a process loads them
    assert loaded is not None
    # a key is stored after the space that stands before a word (but compound tails)
    read = {
        key.removeprefix(" "): list(loaded.listed[index]) for key, index in loaded.automaton.items()
    }
    assert read == by_key
    assert any(t.pieces and t.veto for found in by_key.values() for t in found)
    assert any(t.only for found in by_key.values() for t in found)
    blob = pickle.dumps(loaded.listed, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"_Term" not in blob  # no term object is pickled, nor made at load


def test_a_value_met_by_two_threads_at_once_is_one_group_of_terms() -> None:
    """``_Ruleless`` knows a term by ``id``: a second copy read by a racing thread would be
    freed and its ``id`` reused by another term."""
    groups = privacy._Groups(privacy._tables().listed)
    first = groups.__missing__(7)
    second = groups.__missing__(7)  # as a thread that read it at the same time
    assert first is second is groups[7]
