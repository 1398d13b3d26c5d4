"""The rows a move writes, and the transaction each move is written in: the store's hot path."""

from __future__ import annotations

import sqlite3
from typing import Any

from tabletop.core import codec
from tabletop.core.events import Event

Statement = tuple[str, tuple[Any, ...]]

INSERT_EVENT = "INSERT INTO events (session_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)"
UPDATE_TALLY = "UPDATE sessions SET name = ?, ended_at = ?, decisions = ? WHERE id = ?"


def write(conn: sqlite3.Connection, statements: list[Statement], *, own_transaction: bool) -> None:
    """Run the statements, in a write transaction of their own (as ``Store._immediate`` opens one) unless one is open.

    Written out rather than through the two context managers: this is every move's path.
    """
    if own_transaction:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, values in statements:
            conn.execute(sql, values)
        if own_transaction:
            conn.execute("COMMIT")
    except BaseException:
        if own_transaction and conn.in_transaction:  # SQLite has already rolled back after some errors
            conn.execute("ROLLBACK")
        raise


def event_row(session_id: str, event: Event) -> tuple[str, int, str, str, str]:
    return (session_id, event.seq, event.kind.value, event.at, codec.encode(event.payload))
