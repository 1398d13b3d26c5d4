"""The database's tables, made and changed by sqlite-utils migrations (never edit one; add the next)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from tabletop.core import codec
from tabletop.core.events import Event
from tabletop.core.state import tally

migrations = Migrations("tabletop")


@migrations()
def m001_sessions_and_events(db: Database) -> None:
    db.table("sessions").create(
        {
            "id": str,
            "name": str,
            "scenario_id": str,
            "scenario_source": str,
            "scenario_origin": str,
            "created_at": str,
        },
        pk="id",
    )
    db.table("events").create(
        {"session_id": str, "seq": int, "kind": str, "at": str, "data": str},
        pk=("session_id", "seq"),
        foreign_keys=[("session_id", "sessions", "id")],
    )


@migrations()
def m002_leases(db: Database) -> None:
    db.table("leases").create({"session_id": str, "pid": int, "host": str, "since": str}, pk="session_id")


@migrations()
def m003_session_tallies(db: Database) -> None:
    """What the sessions list shows, kept beside each session so listing never reads its events."""
    sessions = db.table("sessions")
    sessions.add_column("ended_at", str)
    sessions.add_column("decisions", int, not_null_default=0)
    conn = db.conn
    for (session_id,) in conn.execute("SELECT id FROM sessions").fetchall():
        rows = conn.execute("SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", (session_id,))
        found = tally(readable(rows))
        conn.execute(
            "UPDATE sessions SET ended_at = ?, decisions = ? WHERE id = ?",
            (found.ended_at, found.decisions, session_id),
        )


def readable(rows: Iterable[tuple[int, str, str, str]]) -> Iterator[Event]:
    """The events of stored rows that this version can read; a damaged one is left for ``load`` to report."""
    for row in rows:
        try:
            yield codec.decode(*row)
        except codec.DamagedEvent:
            continue


def known() -> tuple[str, ...]:
    """The names of the migrations this version knows, in order."""
    return tuple(migration.name for migration in migrations._migrations)


def applied(db: Database) -> list[str]:
    """The names of the migrations the database has had (read only)."""
    return [migration.name for migration in migrations.applied(db)]


def newer(db: Database) -> list[str]:
    """Migrations the database has had that this version does not know: a newer version wrote it."""
    ours = set(known())
    return [name for name in applied(db) if name not in ours]
