"""The console's session database: checked and listed at once, opened for writing just after.

When no migration is due, the start needs nothing of sqlite-utils: ``storage.quick`` checks the
schema and the reader lists the sessions with sqlite3 alone, and the store that writes (with
sqlite-utils) opens on the next turn of the event loop, or as soon as something must be written.
Any other database (new, to migrate, refused) is opened as a store straight away, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.storage import Store


class SessionDatabase:
    """Where the sessions are kept (``path``, None while there is none) and the store that writes them."""

    def __init__(self, given: Path | None, failed: Callable[[str], None]) -> None:
        """``given``: the database asked for (None: the chosen place); ``failed``: told why none can be used."""
        self._given = given
        self._failed = failed
        self.path: Path | None = None
        self.opened: Store | None = None  # the store, once open; reading this never opens it

    def open(self) -> bool:
        """Check (or, if need be, open) the database; False, with ``failed`` told why, if it cannot be used."""
        from tabletop.storage import chosen_path, quick

        path = chosen_path(self._given)[0]
        if quick.is_current(path):
            self.path = path
            return True
        return self._open_store() is not None

    @property
    def store(self) -> Store | None:
        """The store to write with, opened now if it is not yet; None if there is no database to write to."""
        if self.opened is None and self.path is not None:
            self._open_store()
        return self.opened

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()
        self.opened, self.path = None, None

    def _open_store(self) -> Store | None:
        from tabletop.storage import open_store

        try:
            self.opened = open_store(self._given)
        except TabletopError as error:
            self.path = None
            self._failed(f"Cannot open the session database, so nothing can be saved: {error}")
            return None
        self.path = self.opened.path
        return self.opened
