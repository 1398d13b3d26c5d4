"""Durable storage of sessions in SQLite: the only code that uses sqlite-utils and SQL."""

from tabletop.storage.opening import NotOurs, SessionInUse, SessionNotFound, StoreError, TooNew
from tabletop.storage.store import SessionSummary, Store, default_db_path, explain, new_session_id

__all__ = [
    "NotOurs",
    "SessionInUse",
    "SessionNotFound",
    "SessionSummary",
    "Store",
    "StoreError",
    "TooNew",
    "default_db_path",
    "explain",
    "new_session_id",
]
