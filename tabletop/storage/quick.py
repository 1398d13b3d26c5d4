"""The database checked and its sessions listed with sqlite3 alone, when no migration is due.

sqlite-utils (and click, dateutil and pluggy with it) takes longer to import than the console
takes to paint. A database that has had every migration this version knows, and no other,
needs none of it to be listed: this checks that with a read-only connection and lists the
sessions with the store's own query. A database that is new, behind, ahead or in any doubt
is left to ``Store``, which migrates it (sqlite-utils' migrations) or says why it cannot.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tabletop.storage.opening import Opening, connect, is_sqlite, tables

# The migrations of schema.py, by name, in order (test_storage_quick.py keeps the two the same).
MIGRATIONS = ("m001_sessions_and_events", "m002_leases", "m003_session_tallies", "m004_scenarios_kept_once")
SESSIONS = """SELECT id, name, scenario_id, created_at, ended_at, decisions FROM sessions
              ORDER BY created_at DESC, rowid DESC"""
APPLIED = "SELECT name FROM _sqlite_migrations WHERE migration_set = 'tabletop' ORDER BY rowid"
READ_ONLY = Opening(readonly=True)


@dataclass(frozen=True)
class SessionSummary:
    id: str
    name: str
    scenario: str
    started: str
    ended: str | None
    decisions: int


def is_current(path: Path, busy_timeout: float = 5.0) -> bool:
    """Whether ``path`` is a Tabletop database with every migration this version knows and no other.

    Read only, and never an error: any doubt (no file, not SQLite, locked, damaged) is False.
    """
    if not path.is_file() or not is_sqlite(path):
        return False
    try:
        conn = connect(path, READ_ONLY, busy_timeout)
    except sqlite3.Error:
        return False
    try:
        if "_sqlite_migrations" not in tables(conn):
            return False
        return tuple(name for (name,) in conn.execute(APPLIED)) == MIGRATIONS
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def reading(path: Path, busy_timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to the database at ``path`` (which ``is_current``)."""
    return connect(path, READ_ONLY, busy_timeout)


def sessions(conn: sqlite3.Connection) -> list[SessionSummary]:
    """Every session, newest first, from the tallies each move keeps in its session's row."""
    return [SessionSummary(*row) for row in conn.execute(SESSIONS).fetchall()]
