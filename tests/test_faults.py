"""Database faults a facilitator can meet: each gives a clear message, loses nothing, and recovers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from helpers import start
from tabletop.core.library import read_file
from tabletop.storage import Store, StoreError

DATA = Path(__file__).parent / "data"


@pytest.fixture
def source():  # type: ignore[no-untyped-def]
    return read_file(DATA / "valid.toml")


def acknowledged(store: Store) -> list[tuple[str, str | None]]:
    exercise = store.load("s")
    return [(d.team, d.option) for d in exercise.final_decisions()]


def test_a_full_database_refuses_the_move_keeps_it_out_of_state_and_recovers(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "full.db")
    exercise = start(store, "s", source, name="Full", teams=[f"Team {i}" for i in range(30)])
    exercise.deliver()
    pages = store._db.conn.execute("PRAGMA page_count").fetchone()[0]
    store._db.conn.execute(f"PRAGMA max_page_count = {pages}")
    done: list[str] = []
    refusal: StoreError | None = None
    for team in exercise.teams:
        try:
            exercise.decide(team.name, "ask", "refuse", rationale="x" * 2000)
        except StoreError as error:
            refusal = error
            break
        done.append(team.name)
    assert refusal is not None, "the database filled up"
    assert "the disk (or the database's size limit) is full" in str(refusal)
    failed = exercise.teams[len(done)].name
    assert exercise.final(failed, "ask") is None, "a move that was not saved is not shown as made"
    store._db.conn.execute("PRAGMA max_page_count = 1073741823")  # the disk has room again
    exercise.decide(failed, "ask", "refuse", rationale="retried")
    assert store.integrity() == "ok"
    store.close()
    with Store(tmp_path / "full.db") as again:
        assert {team for team, _ in acknowledged(again)} == {*done, failed}


def test_a_read_only_database_is_a_clear_message_and_nothing_is_lost(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ro.db"
    with Store(path) as store:
        exercise = start(store, "s", source, name="RO", teams=["Red", "Blue"])
        exercise.deliver()
        exercise.decide("Red", "ask", "refuse")
    if os.geteuid() != 0:  # an ordinary user meets a file and folder it may not write
        path.chmod(0o444)
        tmp_path.chmod(0o555)
        try:
            with pytest.raises(StoreError, match=r"read-only|cannot open"):
                Store(path).load("s", live=True).decide("Blue", "ask", "comply")
        finally:
            tmp_path.chmod(0o755)
            path.chmod(0o644)
    else:
        # Root writes through file permissions, so make SQLite itself refuse writes: the same
        # SQLITE_READONLY error a read-only file gives an ordinary user.
        store = Store(path)
        exercise = store.load("s", live=True)
        store._db.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError, match="read-only") as caught:
            exercise.decide("Blue", "ask", "comply")
        assert "Traceback" not in str(caught.value)
        assert exercise.final("Blue", "ask") is None
        store.close()
    with Store(path) as store:  # the fault is cleared: the move can be made, and nothing was lost
        assert acknowledged(store) == [("Red", "refuse")]
        store.load("s", live=True).decide("Blue", "ask", "comply")
    with Store(path) as again:
        assert acknowledged(again) == [("Red", "refuse"), ("Blue", "comply")]


def test_a_locked_database_waits_then_gives_a_clear_message_and_recovers(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "locked.db"
    store = Store(path, busy_timeout=0.3)
    exercise = start(store, "s", source, name="Locked", teams=["Red", "Blue"])
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse")
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the database
    with pytest.raises(StoreError, match="busy: another program is writing"):
        exercise.decide("Blue", "ask", "comply")
    assert exercise.final("Blue", "ask") is None
    other.rollback()
    other.close()
    exercise.decide("Blue", "ask", "comply")
    assert acknowledged(store) == [("Red", "refuse"), ("Blue", "comply")]
    store.close()


def test_a_damaged_log_is_reported_not_replayed(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "damaged.db"
    with Store(path) as store:
        start(store, "s", source, name="Damaged", teams=["Red"]).deliver()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE events SET data = '{\"nonsense\": true}' WHERE seq = 3")
    raw.commit()
    raw.close()
    with Store(path) as store, pytest.raises(StoreError, match="damaged and cannot be replayed"):
        store.load("s")
