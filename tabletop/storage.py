"""Durable storage of sessions in SQLite: the only module that uses sqlite-utils.

Each event is committed (WAL, synchronous=FULL) before ``append`` returns, so whatever
the window shows as done survives a crash or power cut. Sessions are never edited, only
appended to; resuming is loading the log and replaying it.
"""

from __future__ import annotations

import gc
import os
import secrets
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from tabletop.core import codec
from tabletop.core.clock import Clock, utc_now
from tabletop.core.errors import ExerciseError, TabletopError, ValidationError
from tabletop.core.events import Event
from tabletop.core.exercise import Exercise, Sink
from tabletop.core.library import ScenarioFile
from tabletop.core.scenario import parse_scenario
from tabletop.core.state import Tally, tally

migrations = Migrations("tabletop")


class StoreError(TabletopError):
    """The database cannot do what was asked; the message says what to do about it."""


class SessionInUse(StoreError):
    pass


class SessionNotFound(StoreError):
    pass


@dataclass(frozen=True)
class SessionSummary:
    id: str
    name: str
    scenario: str
    started: str
    ended: str | None
    decisions: int


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
        found = tally(_readable(rows))
        conn.execute(
            "UPDATE sessions SET ended_at = ?, decisions = ? WHERE id = ?",
            (found.ended_at, found.decisions, session_id),
        )


def _readable(rows: Iterable[tuple[int, str, str, str]]) -> Iterator[Event]:
    """The events of stored rows that this version can read; a damaged one is left for ``load`` to report."""
    for row in rows:
        try:
            yield codec.decode(*row)
        except codec.DamagedEvent:
            continue


def default_db_path() -> Path:
    """``TABLETOP_DB`` if set, else ``tabletop.db`` in the user's data directory."""
    override = os.environ.get("TABLETOP_DB")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("tabletop", appauthor=False) / "tabletop.db"


def new_session_id(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return f"{moment:%Y%m%d}-{secrets.token_hex(3)}"


class Store:
    """One SQLite database of sessions."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        with self._translated():
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = Database(str(path), execute_plugins=False)
            conn = self._db.conn
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if migrations.pending(self._db):
                with self._immediate():  # two copies starting at once must not both migrate
                    migrations.apply(self._db)
        self._claimed: set[str] = set()
        self._tallies: dict[str, Tally] = {}  # as last written, so a move that leaves it alone writes one row

    def close(self) -> None:
        for session_id in list(self._claimed):
            self.release(session_id)
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def save(self, exercise: Exercise, source: ScenarioFile) -> None:
        """Write a whole session made in memory (its row, every event, its tally) in one transaction.

        Nothing of it is saved if the write fails, so a full disk leaves no half-made session.
        """
        log = exercise.log
        found = exercise.tally()
        row = {
            "id": exercise.session_id,
            "name": found.name,
            "scenario_id": source.scenario.id,
            "scenario_source": source.raw.decode("utf-8-sig"),
            "scenario_origin": source.scenario.origin,
            "created_at": log[0].at if log else datetime.now(UTC).isoformat(timespec="milliseconds"),
            "ended_at": found.ended_at,
            "decisions": found.decisions,
        }
        with self._translated(), self._immediate():
            self._db.table("sessions").insert(row)
            self._db.conn.executemany(_INSERT, [_row(exercise.session_id, event) for event in log])

    def append(self, session_id: str, event: Event, after: Tally) -> None:
        """Write one event, and the session's tally after it if that changed; commit both before returning."""
        changed = self._tallies.get(session_id) != after
        with self._translated(), self._immediate():
            self._db.conn.execute(_INSERT, _row(session_id, event))
            if changed:
                self._db.conn.execute(
                    "UPDATE sessions SET name = ?, ended_at = ?, decisions = ? WHERE id = ?",
                    (after.name, after.ended_at, after.decisions, session_id),
                )
        self._tallies[session_id] = after

    def adopt(self, exercise: Exercise, source: ScenarioFile) -> None:
        """Save a session set up in memory and claim it: its further moves are written here."""
        self.save(exercise, source)
        self.claim(exercise.session_id)
        self._tallies[exercise.session_id] = exercise.tally()
        exercise.sink = self.sink(exercise.session_id)

    def sink(self, session_id: str) -> Sink:
        def write(event: Event, after: Tally) -> None:
            self.append(session_id, event, after)

        return write

    # -- reading -------------------------------------------------------------------------

    def resolve(self, ref: str) -> str:
        """A session id from an id or ``latest``."""
        with self._translated():
            if ref == "latest":
                row = self._db.execute("SELECT id FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT 1")
            else:
                row = self._db.execute("SELECT id FROM sessions WHERE id = ?", [ref])
            found = row.fetchone()
        if found is None:
            what = "no sessions yet" if ref == "latest" else f"no session '{ref}'"
            raise SessionNotFound(f"{what} in {self.path}; list them with 'tabletop sessions'")
        return str(found[0])

    def scenario_of(self, session_id: str) -> ScenarioFile:
        with self._translated():
            row = self._db.execute(
                "SELECT scenario_source, scenario_origin FROM sessions WHERE id = ?", [session_id]
            ).fetchone()
        if row is None:
            raise SessionNotFound(f"no session '{session_id}' in {self.path}")
        raw = row[0].encode()
        try:
            return ScenarioFile(parse_scenario(raw, row[1] or f"session {session_id}"), raw)
        except ValidationError as error:
            raise StoreError(f"the scenario stored with session {session_id} no longer validates:\n{error}") from None

    def events(self, session_id: str) -> list[Event]:
        with self._translated():
            rows = self._db.conn.execute(
                "SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
        return codec.decode_rows(rows)

    def load(self, session_id: str, *, clock: Clock = utc_now, live: bool = False) -> Exercise:
        """Replay a session. ``live`` claims it and writes further moves here."""
        source = self.scenario_of(session_id)
        if live:
            self.claim(session_id)
        try:
            with _collector_paused():
                exercise = Exercise.replay(source.scenario, self.events(session_id), clock=clock)
        except (ExerciseError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreError(f"the log of session {session_id} is damaged and cannot be replayed ({error})") from None
        if live:
            self._tallies[session_id] = exercise.tally()
            exercise.sink = self.sink(session_id)
        return exercise

    def sessions(self) -> list[SessionSummary]:
        """Every session, newest first; read from the tallies kept with each move, never from the events."""
        query = """SELECT id, name, scenario_id, created_at, ended_at, decisions FROM sessions
                   ORDER BY created_at DESC, rowid DESC"""
        with self._translated():
            return [SessionSummary(*row) for row in self._db.conn.execute(query).fetchall()]

    def integrity(self) -> str:
        with self._translated():
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    # -- one live copy per session -------------------------------------------------------

    def claim(self, session_id: str, *, force: bool = False) -> None:
        """Mark the session as open here; refuse if another running copy has it open."""
        me = (os.getpid(), socket.gethostname())
        with self._translated(), self._immediate():
            row = self._db.execute("SELECT pid, host, since FROM leases WHERE session_id = ?", [session_id]).fetchone()
            if row and (row[0], row[1]) != me and not force and _alive(row[0], row[1]):
                raise SessionInUse(
                    f"session {session_id} is open in another copy of Tabletop (process {row[0]} on {row[1]}, "
                    f"since {row[2][:19].replace('T', ' ')}); close it there first"
                )
            self._db.conn.execute(
                "INSERT OR REPLACE INTO leases (session_id, pid, host, since) VALUES (?, ?, ?, ?)",
                (session_id, *me, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        self._claimed.add(session_id)

    def release(self, session_id: str) -> None:
        self._claimed.discard(session_id)
        try:
            with self._translated(), self._immediate():
                self._db.conn.execute("DELETE FROM leases WHERE session_id = ? AND pid = ?", (session_id, os.getpid()))
        except StoreError:
            pass  # a lease left behind is taken over once its process is gone

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A write transaction that takes the write lock at its start.

        WORKAROUND: ``db.atomic()`` opens with a deferred BEGIN. In WAL mode a deferred
        transaction that reads (sqlite-utils' insert reads the table's columns) and then
        writes fails at once with SQLITE_BUSY if another process committed in between;
        the busy timeout never applies. BEGIN IMMEDIATE waits for the lock instead.
        """
        conn = self._db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite has already rolled back after some errors, a full disk among them
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn SQLite's errors into messages a facilitator can act on."""
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(explain(error, self.path)) from None
        except OSError as error:
            raise StoreError(f"cannot open {self.path}: {error.strerror or error}") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a log is loaded.

    A long session is hundreds of thousands of new objects, none of them garbage yet; left
    running, the collector walks all of them again and again as they are made (a third of
    the load time at 50,000 events). What it would have found is collected afterwards.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def explain(error: sqlite3.Error, path: Path) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is busy: another program is writing to it; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return f"cannot write to {path}: the file or its folder is read-only"
    if "full" in text:
        return f"cannot write to {path}: the disk (or the database's size limit) is full"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a Tabletop database, or it is damaged"
    if "unable to open" in text:
        return f"cannot open {path}: check that the folder exists and is writable"
    return f"database error in {path}: {error}"


_INSERT = "INSERT INTO events (session_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)"


def _row(session_id: str, event: Event) -> tuple[str, int, str, str, str]:
    return (session_id, event.seq, event.kind.value, event.at, codec.encode(event.payload))


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname():
        return True  # cannot check another machine: assume it is still open there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
