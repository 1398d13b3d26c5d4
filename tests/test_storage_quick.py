"""The database checked and listed with sqlite3 alone: only when no migration is due, and the same list."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlite_utils import Database

from helpers import start
from tabletop.core.library import read_file
from tabletop.storage import Store, quick
from tabletop.storage.schema import known, migrations


@pytest.fixture
def made(tmp_path: Path, valid_file: Path, clock) -> Path:  # type: ignore[no-untyped-def]
    """A database of this version with two sessions in it, one ended."""
    path = tmp_path / "t.db"
    with Store(path) as store:
        source = read_file(valid_file)
        first = start(store, "a", source, name="First", teams=["Red"], clock=clock)
        first.deliver()
        first.decide("Red", "ask", "refuse")
        clock.advance(60)
        second = start(store, "b", source, name="Second", teams=["Red", "Blue"], clock=clock)
        second.end()
    return path


def test_the_quick_check_knows_every_migration_of_the_schema_in_order() -> None:
    assert known() == quick.MIGRATIONS


def test_a_database_of_this_version_is_current(made: Path) -> None:
    before = made.read_bytes()
    assert quick.is_current(made)
    assert made.read_bytes() == before  # looked at, never written


def test_the_quick_listing_is_the_stores(made: Path) -> None:
    with Store(made, readonly=True) as store:
        expected = store.sessions()
    with closing(quick.reading(made)) as conn:
        listed = quick.sessions(conn)
    assert listed == expected
    assert [session.id for session in listed] == ["b", "a"]
    assert listed[1].decisions == 1


def forget_migration(path: Path, name: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", (name,))


def test_a_database_behind_is_not_current(made: Path) -> None:
    forget_migration(made, "m004_scenarios_kept_once")
    assert not quick.is_current(made)


def test_a_database_from_a_newer_version_is_not_current(made: Path) -> None:
    with closing(sqlite3.connect(made)) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tabletop', 'm999_later', '')"
        )
    assert not quick.is_current(made)


def test_no_database_or_not_ours_is_not_current(tmp_path: Path) -> None:
    assert not quick.is_current(tmp_path / "missing.db")
    (tmp_path / "empty.db").write_bytes(b"")
    assert not quick.is_current(tmp_path / "empty.db")
    (tmp_path / "text.db").write_text("SQLite? no, a shopping list")
    assert not quick.is_current(tmp_path / "text.db")
    with closing(sqlite3.connect(tmp_path / "other.db")) as conn, conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    assert not quick.is_current(tmp_path / "other.db")
    assert not quick.is_current(tmp_path)  # a folder


LISTED = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tabletop.gui.app import build, finish

LATE = {"sqlite_utils", "tabletop.storage.store", "tabletop.core.exercise", "tabletop.core.events",
        "tabletop.core.scenario", "tabletop.gui.console.run_view", "tabletop.gui.console.debrief_view",
        "tabletop.gui.presenter.switch", "tabletop.gui.console.room_controls"}
app = QApplication([])
console = build()
seen = {}

def listed(sessions):
    seen.setdefault("sessions", len(sessions))
    seen.setdefault("sqlite_utils", "sqlite_utils" in sys.modules)
    seen.setdefault("early", sorted(LATE & set(sys.modules)))
    QTimer.singleShot(0, lambda: stop(console.controller.store_path is not None))

def stop(opened):
    seen["then"] = "sqlite_utils" in sys.modules and opened  # the store that writes, open on the next turn
    app.quit()

console.controller.sessions_changed.connect(listed)
console.window.show()
finish(console)
app.exec()
print(json.dumps(seen))
"""


def listed_at_start(path: Path, tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "TABLETOP_DB": str(path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run([sys.executable, "-c", LISTED], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return found


def test_the_console_lists_a_current_database_without_sqlite_utils(made: Path, tmp_path: Path) -> None:
    listed_at_start(made, tmp_path)  # the first start keeps the library parsed
    found = listed_at_start(made, tmp_path)
    assert found == {"sessions": 2, "sqlite_utils": False, "early": [], "then": True}  # nor the pages, nor the core


def test_the_console_migrates_a_database_behind_with_sqlite_utils_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m004_scenarios_kept_once")  # as the version before m004 left it
    old.close()
    assert not quick.is_current(path)
    found = listed_at_start(path, tmp_path)
    assert (found["sessions"], found["sqlite_utils"], found["then"]) == (0, True, True)
    assert quick.is_current(path)  # migrated, by sqlite-utils' migrations


def test_the_console_makes_a_new_database_with_sqlite_utils(tmp_path: Path) -> None:
    found = listed_at_start(tmp_path / "new.db", tmp_path)
    assert (found["sessions"], found["sqlite_utils"], found["then"]) == (0, True, True)
    assert quick.is_current(tmp_path / "new.db")
