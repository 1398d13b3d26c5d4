"""Resuming a session without the GUI thread reading it: found, claimed, replayed, then opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tabletop.core.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.gui.store_reader import StoreReader
    from tabletop.storage import Store


class Resuming:
    """One resume under way. The reader finds and replays the session; the GUI thread's store claims it
    before it is read (so no other copy writes to it meanwhile) and writes its further moves."""

    def __init__(
        self,
        store: Store,
        reader: StoreReader,
        opened: Callable[[Exercise], None],
        refused: Callable[[str], None],
        failed: Callable[[str], None],
        clocked: dict[str, Any],
    ) -> None:
        """``refused``: open in another copy; ``failed``: any other reason; ``clocked``: ``Store.load``'s clock."""
        self._store, self._reader = store, reader
        self._opened, self._refused, self._failed = opened, refused, failed
        self._clocked = clocked
        self.cancelled = False

    def start(self, ref: str) -> None:
        self._reader.read(f"Finding session {ref}", lambda store: store.resolve(ref), self._claim, self._fail)

    def cancel(self) -> None:
        """Open nothing after all (another session was opened meanwhile)."""
        self.cancelled = True

    def _claim(self, session_id: str) -> None:
        from tabletop.storage import SessionInUse

        if self.cancelled:
            return
        try:
            self._store.claim(session_id)
        except SessionInUse as error:
            self._refused(str(error))
            return
        except TabletopError as error:
            self._failed(str(error))
            return
        self._reader.read(
            f"Opening session {session_id}",
            lambda store: store.load(session_id, **self._clocked),
            self._loaded,
            lambda text: self._fail(text, session_id),
        )

    def _loaded(self, exercise: Exercise) -> None:
        if self.cancelled:
            self._store.release(exercise.session_id)
            return
        exercise.sink = self._store.sink(exercise.session_id)  # its moves are written on the GUI thread
        self._opened(exercise)

    def _fail(self, text: str, claimed: str | None = None) -> None:
        if claimed is not None:
            self._store.release(claimed)
        if not self.cancelled:
            self._failed(text)
