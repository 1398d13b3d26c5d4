"""The durable store: every event committed at once, migrations, one live copy per session."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from helpers import start
from tabletop.core.exercise import Exercise
from tabletop.core.library import read_file
from tabletop.storage import SessionNotFound, Store, StoreError, default_db_path
from tabletop.storage.schema import migrations


@pytest.fixture
def source(valid_file: Path):  # type: ignore[no-untyped-def]
    return read_file(valid_file)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "t.db") as opened:
        yield opened


def test_pragmas_are_wal_and_full_sync(store: Store) -> None:
    conn = store._db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_each_move_is_committed_before_it_returns(store: Store, source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exercise = start(store, "s1", source, name="Drill", teams=["Red"])
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse")
    other = sqlite3.connect(tmp_path / "t.db")  # a separate connection sees only committed data
    rows = other.execute("SELECT kind FROM events WHERE session_id = 's1' ORDER BY seq").fetchall()
    assert [r[0] for r in rows][-1] == "decision_recorded"
    assert len(rows) == len(exercise.log)
    other.close()


def test_resume_replays_to_the_same_state(store: Store, source, clock) -> None:  # type: ignore[no-untyped-def]
    exercise = start(store, "s1", source, name="Drill", teams=["Red", "Blue"], clock=clock)
    exercise.deliver()
    exercise.open_voting()
    exercise.decide("Red", "ask", "comply", rationale="ünïcode ✓", confidence=5, dissent="=1+1")
    exercise.add_note("note")
    resumed = store.load("s1", clock=clock)
    assert resumed._state == exercise._state


def test_sessions_are_listed_newest_first_with_counts(store: Store, source, clock) -> None:  # type: ignore[no-untyped-def]
    first = start(store, "a", source, name="First", teams=["Red"], clock=clock)
    first.deliver()
    first.decide("Red", "ask", "refuse")
    first.decide("Red", "ask", "comply")
    clock.advance(60)
    second = start(store, "b", source, name="Second", teams=["Red", "Blue"], clock=clock)
    second.deliver()
    second.decide("Red", "ask", "refuse")
    second.decide("Blue", "ask", "refuse")
    second.undo_last_decision()
    second.end()
    rows = store.sessions()
    assert [(r.id, r.name, r.decisions) for r in rows] == [("b", "Second", 1), ("a", "First", 1)]
    assert rows[0].ended is not None
    assert rows[1].ended is None
    assert store.resolve("latest") == "b"


def test_unknown_session_is_a_clear_error(store: Store) -> None:
    with pytest.raises(SessionNotFound, match="no sessions yet"):
        store.resolve("latest")
    with pytest.raises(SessionNotFound, match=r"no session 'x'.*tabletop sessions"):
        store.resolve("x")


def test_a_database_from_the_first_schema_is_migrated(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_leases")
    old.table("sessions").insert({"id": "old", "name": "Old", "scenario_id": "tiny",
                                  "scenario_source": source.raw.decode(), "scenario_origin": "x",
                                  "created_at": "2025-01-01T00:00:00+00:00"})  # fmt: skip
    old.table("events").insert({"session_id": "old", "seq": 1, "kind": "created", "at": "2025-01-01T00:00:00+00:00",
                                "data": '{"session":"old","name":"Old"}'})  # fmt: skip
    old.close()
    with Store(path) as store:
        assert [m.name for m in migrations.pending(store._db)] == []
        exercise = store.load("old", live=True)
        assert exercise.name == "Old"
        exercise.add_team("Red")
        assert store.sessions()[0].id == "old"


def test_a_second_process_is_told_the_session_is_open(store: Store, source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    start(store, "live", source, name="Live", teams=["Red"])
    code = (
        "import sys\nfrom tabletop.storage import Store, SessionInUse\n"
        f"store = Store({str(tmp_path / 't.db')!r})\n"
        "try:\n    store.load('live', live=True)\nexcept SessionInUse as e:\n    print(e); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "is open in another copy of Tabletop" in result.stdout


def test_a_lease_left_by_a_dead_process_is_taken_over(store: Store, source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.save(Exercise.create(source.scenario, session_id="s", teams=["Red"]), source)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    store._db.conn.execute("INSERT INTO leases VALUES ('s', ?, ?, '2026-01-01T00:00:00')",
                           (pid, __import__("socket").gethostname()))  # fmt: skip
    store._db.conn.commit()
    store.claim("s")  # no error: the process that held it is gone


def test_claim_in_the_same_process_twice_is_fine_and_release_frees_it(store: Store, source) -> None:  # type: ignore[no-untyped-def]
    store.save(Exercise.create(source.scenario, session_id="s", teams=["Red"]), source)
    store.claim("s")
    store.claim("s")
    store.release("s")
    assert store._db.conn.execute("SELECT count(*) FROM leases").fetchone()[0] == 0


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not a Tabletop database"):
        Store(path)


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TABLETOP_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"
    monkeypatch.delenv("TABLETOP_DB")
    assert default_db_path().name == "tabletop.db"
    assert "tabletop" in str(default_db_path().parent)


def test_latest_is_the_session_with_the_most_recent_event(store: Store, source, clock) -> None:  # type: ignore[no-untyped-def]
    first = start(store, "first", source, name="First", teams=["Red"], clock=clock)
    start(store, "second", source, name="Second", teams=["Red"], clock=clock)
    assert store.resolve("latest") == "second"  # prepared last: its creation is the most recent event
    first.deliver()  # the first session carries on
    assert store.resolve("latest") == "first"
    start(store, "third", source, name="Third", teams=["Red"], clock=clock)
    assert store.resolve("latest") == "third"
