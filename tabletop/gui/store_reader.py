"""Reading the session database off the GUI thread: the sessions list, and the sessions to resume.

An SQLite connection belongs to the thread that opened it, so the reader has read-only
connections of its own (a store, and a bare sqlite3 one for the readings that need no more),
opened, used and closed on one worker thread kept for the console's life; results come back
to the GUI thread through a queued signal. The controller's own connection stays on the GUI
thread, which commits every move before it is shown.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.storage import Store

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Reading:
    """One piece of reading: ``work`` runs on the reader's thread, ``done`` or ``failed`` on the GUI thread."""

    label: str  # what the console says while it runs ("Reading the sessions")
    work: Callable[[Any], Any]  # given the reader's Store, or its sqlite3 connection if ``rows``
    done: Callable[[Any], None]
    failed: Callable[[str], None]
    rows: bool = False
    result: Any = None
    error: str | None = None
    future: Future[None] | None = field(default=None, repr=False)


class StoreReader(QObject):
    """Runs readings of one database in order, on a thread of its own; says what it is reading meanwhile."""

    busy_changed = Signal(str)  # what is being read now; empty once nothing is
    _finished = Signal(object)  # a Reading, from the reader's thread to this object's

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tabletop-reader")
        self._path: Path | None = None
        self._store: Store | None = None  # these two only ever touched on the reader's thread
        self._conn: sqlite3.Connection | None = None
        self._conn_path: Path | None = None
        self._readings: list[Reading] = []  # running or waiting, in order
        self._closed = False
        # Emitted on the reader's thread to a slot of this object, which lives on the GUI thread: Qt
        # queues the call to it. (Naming Qt.ConnectionType here would build Qt's enums before the first paint.)
        self._finished.connect(self._on_finished)

    @property
    def busy(self) -> str:
        return self._readings[0].label if self._readings else ""

    def open(self, path: Path) -> None:
        """Read ``path`` from now on (the database the controller has just opened for writing)."""
        self._path = path

    def read(
        self, label: str, work: Callable[[Store], Any], done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        """Run ``work`` with the reader's store after any reading before it; then ``done(result)`` or ``failed``."""
        self._queue(Reading(label, work, done, failed))

    def read_rows(
        self,
        label: str,
        work: Callable[[sqlite3.Connection], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:
        """``read``, with the reader's bare sqlite3 connection: nothing of sqlite-utils is imported for it."""
        self._queue(Reading(label, work, done, failed, rows=True))

    def _queue(self, reading: Reading) -> None:
        if self._closed or self._path is None:
            reading.failed("There is no session database open")
            return
        self._readings.append(reading)
        reading.future = self._pool.submit(self._run, reading, self._path)
        self._say()

    def deliver_finished(self) -> None:
        """Hand back now, on the GUI thread, the readings already finished (instead of on the next turn)."""
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def close(self) -> None:
        """Drop the readings not started, close the connection on its thread, and let the thread end."""
        if self._closed:
            return
        self._closed = True
        for reading in self._readings:
            if reading.future is not None:
                reading.future.cancel()
        self._readings.clear()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=False)  # a reading under way finishes on its own; nobody waits for it
        self._say()

    # -- on the reader's thread ------------------------------------------------------------

    def _run(self, reading: Reading, path: Path) -> None:
        try:
            reading.result = reading.work(self._conn_at(path) if reading.rows else self._store_at(path))
        except (TabletopError, sqlite3.Error) as error:
            reading.error = str(error)
        except Exception as error:  # a thread's exception would otherwise vanish, not reach the crash hook
            log.exception("%s failed", reading.label)
            reading.error = f"{reading.label} stopped on an unexpected error ({type(error).__name__}); see the log"
        with contextlib.suppress(RuntimeError):  # the console is gone (its objects deleted): nobody waits
            self._finished.emit(reading)

    def _store_at(self, path: Path) -> Store:
        from tabletop.storage import Store

        if self._store is not None and self._store.path != path:
            self._close_store()
        if self._store is None:
            self._store = Store(path, readonly=True)
        return self._store

    def _conn_at(self, path: Path) -> sqlite3.Connection:
        from tabletop.storage.quick import reading

        if self._conn is not None and self._conn_path != path:
            self._close_store()
        if self._conn is None:
            self._conn, self._conn_path = reading(path), path
        return self._conn

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- back on the GUI thread --------------------------------------------------------------

    def _on_finished(self, reading: Reading) -> None:
        if reading not in self._readings:
            return  # dropped by ``close``
        self._readings.remove(reading)
        self._say()
        if reading.error is None:
            reading.done(reading.result)
        else:
            reading.failed(reading.error)

    def _say(self) -> None:
        self.busy_changed.emit(self.busy)
