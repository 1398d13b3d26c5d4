"""Durable storage of sessions in SQLite: the one place that uses sqlite-utils (with schema.py and opening.py).

Each event is committed (WAL, synchronous=FULL) before ``append`` returns, so whatever
the window shows as done survives a crash or power cut. Sessions are never edited, only
appended to; resuming is loading the log and replaying it.
"""

from __future__ import annotations

import gc
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from tabletop.core import codec
from tabletop.core.clock import Clock, utc_now
from tabletop.core.errors import ExerciseError, ValidationError
from tabletop.core.events import Event
from tabletop.core.exercise import Exercise, Sink
from tabletop.core.library import ScenarioFile
from tabletop.core.scenario import parse_scenario
from tabletop.core.state import Tally, tally
from tabletop.storage import quick, schema
from tabletop.storage.opening import (
    NotOurs,
    Opening,
    SessionInUse,
    SessionNotFound,
    StoreError,
    TooNew,
    check_ours,
    check_path,
    connect,
    explain,
    is_sqlite,
)
from tabletop.storage.places import chosen_path
from tabletop.storage.quick import SessionSummary
from tabletop.storage.rows import INSERT_EVENT, UPDATE_TALLY, Statement, write
from tabletop.storage.rows import event_row as _row  # looked up here each time: a test fills the disk through it


def open_store(given: Path | None = None, *, readonly: bool = False) -> Store:
    """The store at the chosen path (see ``chosen_path``)."""
    path, make_folders = chosen_path(given)
    return Store(path, readonly=readonly, make_folders=make_folders)


class Store:
    """One SQLite database of sessions."""

    def __init__(
        self, path: str | Path, *, busy_timeout: float = 5.0, readonly: bool = False, make_folders: bool = False
    ) -> None:
        """Open (or, to write, make) the database at ``path``.

        ``readonly`` reads without changing a byte, and refuses a path where there is no
        database; ``make_folders`` lets missing folders be made (for the default place only).
        """
        self.path = Path(path)
        self.readonly = readonly
        self._claimed: set[str] = set()
        self._tallies: dict[str, Tally] = {}  # as last written, so a move that leaves it alone writes one row
        self._together = False
        how = Opening(readonly, make_folders)
        check_path(self.path, how)
        if self.path.exists() and self.path.stat().st_size and not is_sqlite(self.path):
            raise NotOurs(f"{self.path} is not a Tabletop database (nor any database); it was left as it was")
        with self._translated():
            self._db = Database(connect(self.path, how, busy_timeout), execute_plugins=False)
        try:
            with self._translated():
                self._prepare(busy_timeout)
        except BaseException:
            self._db.close()
            raise

    def _prepare(self, busy_timeout: float) -> None:
        ours = check_ours(self._db.conn, self.path)
        self.newer = schema.newer(self._db) if ours else []
        if self.readonly:
            return
        if self.newer:
            raise TooNew(
                f"{self.path} was written by a newer version of Tabletop (it has {', '.join(self.newer)}); this "
                "version reads it (tabletop sessions, tabletop debrief) but will not write to it"
            )
        conn = self._db.conn
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if schema.migrations.pending(self._db):
            with self._immediate():  # two copies starting at once must not both migrate
                schema.migrations.apply(self._db)

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
        The scenario's text is kept once however many sessions play it.
        """
        self._writable()
        log = exercise.log
        found = exercise.tally()
        text = source.raw.decode("utf-8-sig")
        key = schema.scenario_hash(text)
        row = {
            "id": exercise.session_id,
            "name": found.name,
            "scenario_id": source.scenario.id,
            "scenario_source": "",
            "scenario_hash": key,
            "scenario_origin": source.scenario.origin,
            "created_at": log[0].at if log else datetime.now(UTC).isoformat(timespec="milliseconds"),
            "ended_at": found.ended_at,
            "decisions": found.decisions,
        }
        with self._translated(), self._immediate():
            self._db.conn.execute("INSERT OR IGNORE INTO scenarios (hash, source) VALUES (?, ?)", (key, text))
            self._db.table("sessions").insert(row)
            self._db.conn.executemany(INSERT_EVENT, [_row(exercise.session_id, event) for event in log])

    def append(self, session_id: str, event: Event, after: Tally) -> None:
        """Write one event, and the session's tally after it if that changed; commit both before returning
        (inside ``together``, at the end of it)."""
        changed = self._tallies.get(session_id) != after
        statements: list[Statement] = [(INSERT_EVENT, _row(session_id, event))]
        if changed:
            statements.append((UPDATE_TALLY, (after.name, after.ended_at, after.decisions, session_id)))
        try:
            write(self._db.conn, statements, own_transaction=not self._together)
        except sqlite3.Error as error:
            raise StoreError(explain(error, self.path)) from None
        self._tallies[session_id] = after

    @contextmanager
    def together(self) -> Iterator[None]:
        """Events appended inside are committed at the end, in one transaction, or none of them is.

        After a failure the caller's exercise is ahead of the database: load the session again.
        """
        if self._together:
            raise RuntimeError("Store.together does not nest")
        self._together = True
        try:
            with self._translated(), self._immediate():
                yield
        except BaseException:
            self._tallies.clear()  # unknown again: the next write says what it is
            raise
        finally:
            self._together = False

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
        """A session id from an id or ``latest``: the session with the most recent event (its creation counts).

        Events are only ever appended, so the most recent is the last row written: one step
        down the table's rowid, whatever the number of sessions and events.
        """
        with self._translated():
            if ref == "latest":
                found = self._db.execute("SELECT session_id FROM events ORDER BY rowid DESC LIMIT 1").fetchone()
                if found is None:  # sessions without a single event: only a damaged database has those
                    query = "SELECT id FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT 1"
                    found = self._db.execute(query).fetchone()
            else:
                found = self._db.execute("SELECT id FROM sessions WHERE id = ?", [ref]).fetchone()
        if found is None:
            what = "no sessions yet" if ref == "latest" else f"no session '{ref}'"
            raise SessionNotFound(f"{what} in {self.path}; list them with 'tabletop sessions'")
        return str(found[0])

    def scenario_of(self, session_id: str) -> ScenarioFile:
        shared = "scenario_hash" in self._session_columns()
        query = (
            """SELECT coalesce(scenarios.source, sessions.scenario_source), scenario_origin FROM sessions
               LEFT JOIN scenarios ON scenarios.hash = sessions.scenario_hash WHERE id = ?"""
            if shared  # a database from before m004, opened to read only, keeps each text in its session's row
            else "SELECT scenario_source, scenario_origin FROM sessions WHERE id = ?"
        )
        with self._translated():
            row = self._db.execute(query, [session_id]).fetchone()
        if row is None:
            raise SessionNotFound(f"no session '{session_id}' in {self.path}")
        raw = (row[0] or "").encode()
        try:
            return ScenarioFile(parse_scenario(raw, row[1] or f"session {session_id}"), raw)
        except ValidationError as error:
            raise StoreError(f"the scenario stored with session {session_id} no longer validates:\n{error}") from None

    def events(self, session_id: str) -> list[Event]:
        """The session's events in order, decoded as the rows come (never every row held at once)."""
        with self._translated():
            rows: Iterable[tuple[int, str, str, str]] = self._db.conn.execute(
                "SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            )
            if self.newer:  # a newer version's database: read the events this version knows, leave the others
                rows = (row for row in rows if codec.knows(row[1]))
            return codec.decode_rows(rows)

    def load(self, session_id: str, *, clock: Clock = utc_now, live: bool = False) -> Exercise:
        """Replay a session. ``live`` claims it and writes further moves here."""
        source = self.scenario_of(session_id)
        if live:
            self._writable()
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
        with self._translated():
            if self._tallied():
                return quick.sessions(self._db.conn)
            return self._sessions_counted()

    def _tallied(self) -> bool:
        """Whether the sessions keep their tallies (a database of round 1 opened read-only does not)."""
        return "decisions" in self._session_columns()

    def _session_columns(self) -> set[str]:
        return {row[1] for row in self._db.conn.execute("PRAGMA table_info(sessions)")}

    def _sessions_counted(self) -> list[SessionSummary]:
        """The sessions list of an old database that may not be migrated: each tally counted from its events."""
        query = "SELECT id, scenario_id, created_at FROM sessions ORDER BY created_at DESC, rowid DESC"
        found = []
        for session_id, scenario, started in self._db.conn.execute(query).fetchall():
            rows = self._db.conn.execute(
                "SELECT seq, kind, at, data FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            )
            counted = tally(schema.readable(rows))
            found.append(
                SessionSummary(session_id, counted.name, scenario, started, counted.ended_at, counted.decisions)
            )
        return found

    def integrity(self) -> str:
        with self._translated():
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    # -- one live copy per session -------------------------------------------------------

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} was opened to read only; it cannot take a move")

    def claim(self, session_id: str, *, force: bool = False) -> None:
        """Mark the session as open here; refuse if another running copy has it open."""
        self._writable()
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
        if self.readonly:
            return
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
