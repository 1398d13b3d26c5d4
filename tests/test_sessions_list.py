"""The sessions list reads the summaries kept with each move, never the events behind them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import start
from tabletop.core.library import ScenarioFile, read_file
from tabletop.storage import Store


@pytest.fixture
def source(valid_file: Path) -> ScenarioFile:
    return read_file(valid_file)


def _tables_read(store: Store) -> set[str]:
    """The tables SQLite reads while the store lists its sessions."""
    read: set[str] = set()

    def note(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table:
            read.add(table)
        return sqlite3.SQLITE_OK

    conn = store._db.conn
    conn.set_authorizer(note)
    try:
        store.sessions()
    finally:
        conn.set_authorizer(None)
    return read


def test_listing_reads_the_sessions_table_alone(tmp_path: Path, source: ScenarioFile) -> None:
    with Store(tmp_path / "t.db") as store:
        exercise = start(store, "s1", source, name="Drill", teams=["Red", "Blue"])
        exercise.deliver()
        exercise.decide("Red", "ask", "refuse")
        assert "events" not in _tables_read(store)
        assert "sessions" in _tables_read(store)


def test_each_summary_says_what_its_events_say_after_every_kind_of_move(tmp_path: Path, source: ScenarioFile) -> None:
    with Store(tmp_path / "t.db") as store:
        exercise = start(store, "s1", source, name="Drill", teams=["Red", "Blue"])
        exercise.deliver()
        exercise.decide("Red", "ask", "refuse")
        exercise.decide("Red", "ask", "comply", reason="changed our minds")
        exercise.decide("Blue", "ask", "refuse")
        exercise.undo_last_decision()
        exercise.pause()
        exercise.resume()
        exercise.end()
        kept = store.sessions()
        assert [(row.id, row.decisions) for row in kept] == [("s1", 1)]
        assert kept[0].ended is not None
        assert kept == store._sessions_counted()  # the summary, and the events counted again: the same


def test_a_summary_is_written_in_the_moves_own_transaction(tmp_path: Path, source: ScenarioFile) -> None:
    with Store(tmp_path / "t.db") as store:
        exercise = start(store, "s1", source, name="Drill", teams=["Red"])
        exercise.deliver()

        def decide_then_fail() -> None:
            with store.together():
                exercise.decide("Red", "ask", "refuse")
                raise RuntimeError("the write fails before its commit")

        with pytest.raises(RuntimeError):
            decide_then_fail()
        assert store.sessions()[0].decisions == 0  # neither the event nor its summary is there
        other = sqlite3.connect(tmp_path / "t.db")
        assert other.execute("SELECT count(*) FROM events WHERE kind = 'decision_recorded'").fetchone()[0] == 0
        other.close()
