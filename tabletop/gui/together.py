"""The phones' moves that arrived together, made in one transaction (one fsync for the lot).

Each move is checked and made on its own: one the core refuses gets its reason and the
others still go through. If the commit itself fails, none of them happened: the replies say
so and the session is read again from the database, so the windows never show a vote that
was not saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tabletop.core.errors import TabletopError
from tabletop.storage import StoreError

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.move_queue import Run
    from tabletop.storage import Store

log = logging.getLogger(__name__)


def run_together(
    exercise: Exercise | None, store: Store | None, moves: Sequence[Run], announce: Callable[[list[Event]], None]
) -> list[TabletopError | None]:
    """For each move, None if it was made (and committed), else why not; ``announce`` gets every event made."""
    if exercise is None or store is None:
        return [TabletopError("the session is not open")] * len(moves)
    results: list[TabletopError | None] = []
    made: list[Event] = []
    try:
        with store.together():
            for move in moves:
                try:
                    made.extend(move(exercise))
                    results.append(None)
                except StoreError:
                    raise  # the write failed: the lot is rolled back, below
                except TabletopError as error:
                    results.append(error)
    except StoreError as error:
        log.warning("a batch of %d room moves was not saved: %s", len(moves), error)
        _reload(exercise, store)
        return [StoreError(f"not saved: the laptop could not write it ({error}); try again")] * len(moves)
    if made:
        announce(made)
    return results


def _reload(exercise: Exercise, store: Store) -> None:
    """Bring the exercise back to what the database holds (its events since the last commit are gone)."""
    exercise.rewind(store.events(exercise.session_id))
