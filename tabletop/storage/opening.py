"""Opening a database file: what may be opened, how, and the words for what may not.

Nothing is created or changed where only reading was asked: a missing path is an error,
another program's database is left as it was, and a read-only copy (a read-only file, a
read-only folder or disk) is read without writing a byte. A newer version's database is
read, never written.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tabletop.core.errors import TabletopError
from tabletop.core.files import what_is

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(TabletopError):
    """The database cannot do what was asked; the message says what to do about it."""


class SessionInUse(StoreError):
    pass


class SessionNotFound(StoreError):
    pass


class NotOurs(StoreError):
    """The file is a database, but another program's."""


class TooNew(StoreError):
    """A newer version of Tabletop wrote this database: it may be read, not written."""


@dataclass(frozen=True)
class Opening:
    """How to open a database: to read only, and whether missing folders may be made (the default place only)."""

    readonly: bool = False
    make_folders: bool = False


def check_path(path: Path, how: Opening) -> None:
    """Refuse, with words a user can act on, any path that is not a database file we may open this way."""
    text = str(path)
    if text == ":memory:" or text.startswith("file:"):
        raise StoreError(f"'{text}' is not a file: a database in memory keeps nothing; give --db a file path")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        _check_missing(path, how)
        return
    except OSError as error:
        raise StoreError(f"cannot open {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"{path} is {what_is(mode)}, not a database file")


def _check_missing(path: Path, how: Opening) -> None:
    if how.readonly:
        raise SessionNotFound(f"no database at {path}; record a session first, or check the path given to --db")
    folder = path.parent
    if folder.is_dir() or how.make_folders:
        return
    if folder.exists():
        raise StoreError(f"cannot make {path}: {folder} is not a folder")
    raise StoreError(f"cannot make {path}: the folder {folder} does not exist (create it, or check the path)")


def is_sqlite(path: Path) -> bool:
    """Whether the file starts as an SQLite database does."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def connect(path: Path, how: Opening, busy_timeout: float) -> sqlite3.Connection:
    """A connection to the file; read only means SQLite may not write to it (nor beside it) at all."""
    if not how.readonly:
        if how.make_folders:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=busy_timeout)
        return conn
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        # A database in WAL mode on a read-only folder or disk: its -shm file cannot be made, so
        # read it as immutable (no other program may be writing to a file nobody can write).
        conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=busy_timeout)
    return conn


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_ours(conn: sqlite3.Connection, path: Path) -> bool:
    """True for a Tabletop database, False for an empty one; NotOurs for another program's."""
    found = tables(conn)
    if not found:
        return False
    if "_sqlite_migrations" in found:
        mine = conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'tabletop'").fetchone()[0]
        if mine:
            return True
    others = ", ".join(sorted(name for name in found if not name.startswith("sqlite_"))[:5])
    raise NotOurs(f"{path} is not a Tabletop database (it holds other tables: {others}); it was left as it was")


def writable_folder(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


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
