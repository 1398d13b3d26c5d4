"""Each scenario's text kept once and shared by its sessions; databases from before that still open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from helpers import start
from tabletop.core.library import ScenarioFile, read_file, resolve
from tabletop.storage import Store
from tabletop.storage.schema import migrations, scenario_hash


def _kept(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT hash, length(source) FROM scenarios ORDER BY hash").fetchall()
    finally:
        conn.close()


def test_sessions_of_one_scenario_share_one_copy_of_its_text(tmp_path: Path, valid_file: Path) -> None:
    source, other = read_file(valid_file), resolve("first-call")
    with Store(tmp_path / "t.db") as store:
        for session_id, played in (("a", source), ("b", source), ("c", other)):
            start(store, session_id, played, teams=["Red"])
        assert [store.scenario_of(s).raw for s in "abc"] == [source.raw, source.raw, other.raw]
        assert store.load("b").scenario == source.scenario
        assert store._db.execute("SELECT max(length(scenario_source)) FROM sessions").fetchone()[0] == 0
    assert sorted(_kept(tmp_path / "t.db")) == sorted(
        (scenario_hash(played.raw.decode()), len(played.raw.decode())) for played in (source, other)
    )


def _before_shared_scenarios(path: Path, sources: dict[str, ScenarioFile]) -> None:
    """A database as the version before m004 wrote it: each session's text in its own row."""
    db = Database(path)
    migrations.apply(db, stop_before="m004_scenarios_kept_once")
    for session_id, played in sources.items():
        at = "2025-01-01T00:00:00.000+00:00"
        db.table("sessions").insert({"id": session_id, "name": session_id, "scenario_id": played.scenario.id,
                                     "scenario_source": played.raw.decode(), "scenario_origin": "x", "created_at": at,
                                     "ended_at": None, "decisions": 0})  # fmt: skip
        db.table("events").insert({"session_id": session_id, "seq": 1, "kind": "created", "at": at,
                                   "data": f'{{"session":"{session_id}","name":"{session_id}"}}'})  # fmt: skip
    db.close()


def test_a_database_from_before_is_migrated_to_one_copy_per_scenario(tmp_path: Path, valid_file: Path) -> None:
    source, other = read_file(valid_file), resolve("first-call")
    path = tmp_path / "old.db"
    _before_shared_scenarios(path, {"a": source, "b": source, "c": other})
    with Store(path) as store:
        assert [store.scenario_of(s).raw for s in "abc"] == [source.raw, source.raw, other.raw]
        assert store.load("a", live=True).name == "a"
        assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.integrity() == "ok"
    assert len(_kept(path)) == 2


def test_a_database_from_before_opened_to_read_only_keeps_reading_each_row(tmp_path: Path, valid_file: Path) -> None:
    source = read_file(valid_file)
    path = tmp_path / "old.db"
    _before_shared_scenarios(path, {"a": source})
    with Store(path, readonly=True) as store:
        assert store.scenario_of("a").raw == source.raw
        assert store.load("a").name == "a"
    conn = sqlite3.connect(path)
    assert "scenarios" not in {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
