"""Durable storage of sessions in SQLite: the only code that uses sqlite-utils and SQL.

``Store`` and ``open_store`` (and sqlite-utils with them) are imported on first use, so that
a database with no migration due can be checked and listed by ``quick`` without them.
"""

from typing import TYPE_CHECKING, Any

from tabletop.storage.opening import NotOurs, SessionInUse, SessionNotFound, StoreError, TooNew, explain
from tabletop.storage.places import chosen_path, default_db_path, new_session_id
from tabletop.storage.quick import SessionSummary

if TYPE_CHECKING:
    from tabletop.storage.store import Store, open_store

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


def __getattr__(name: str) -> Any:
    if name in ("Store", "open_store"):
        from tabletop.storage import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
