"""The database's tables, made and changed by sqlite-utils migrations (never edit one; add the next)."""

from __future__ import annotations

import hashlib
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


@migrations()
def m004_scenarios_kept_once(db: Database) -> None:
    """Each scenario's text kept once, by its hash, and shared by every session of it.

    A session kept its whole scenario source in its own row: an archive of 10,000 sessions held
    10,000 copies, and listing the sessions read through every one of them. The text moves to
    ``scenarios``; a session's row keeps the hash (its old column is left empty, not dropped, so
    the table needs no rebuild).
    """
    db.table("scenarios").create({"hash": str, "source": str}, pk="hash")
    db.table("sessions").add_column("scenario_hash", str, fk="scenarios", fk_col="hash")
    conn = db.conn
    for (session_id,) in conn.execute("SELECT id FROM sessions").fetchall():
        (source,) = conn.execute("SELECT scenario_source FROM sessions WHERE id = ?", (session_id,)).fetchone()
        key = scenario_hash(source or "")
        conn.execute("INSERT OR IGNORE INTO scenarios (hash, source) VALUES (?, ?)", (key, source or ""))
        conn.execute("UPDATE sessions SET scenario_hash = ?, scenario_source = '' WHERE id = ?", (key, session_id))


def scenario_hash(source: str) -> str:
    """The key a scenario's text is kept under: the SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


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
