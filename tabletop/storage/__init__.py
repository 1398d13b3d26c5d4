"""Durable storage of sessions in SQLite: the only code that uses sqlite-utils and SQL."""

from tabletop.storage.opening import NotOurs, SessionInUse, SessionNotFound, StoreError, TooNew, explain
from tabletop.storage.places import chosen_path, default_db_path, new_session_id
from tabletop.storage.store import SessionSummary, Store, open_store

__all__ = [
    "NotOurs",
    "SessionInUse",
    "SessionNotFound",
    "SessionSummary",
    "Store",
    "StoreError",
    "TooNew",
    "chosen_path",
    "default_db_path",
    "explain",
    "new_session_id",
    "open_store",
]
