"""Which controls make sense right now, read from the core's own transition table.

The console greys out a control the core would refuse, so a facilitator is not invited to
make an illegal move; the core still has the last word (and says why) if one slips through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabletop.core.events import EventKind
from tabletop.core.phases import allows

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise

K = EventKind

# Control name -> the event kind it writes.
_KINDS = {
    "deliver": K.INJECT_DELIVERED,
    "next": K.INJECT_DELIVERED,
    "open_voting": K.VOTING_OPENED,
    "lock_voting": K.VOTING_LOCKED,
    "reveal": K.RESULT_REVEALED,
    "countdown": K.COUNTDOWN_STARTED,
    "adhoc": K.ADHOC_INJECT_ADDED,
    "decide": K.DECISION_RECORDED,
    "undo": K.DECISION_REVISED,
    "classify": K.DECISION_CLASSIFIED,
    "note": K.NOTE_ADDED,
    "hotwash": K.HOTWASH_UPDATED,
    "end": K.ENDED,
}


def available(exercise: Exercise | None) -> frozenset[str]:
    """Names of the controls that the core would accept now (``pause`` toggles)."""
    if exercise is None:
        return frozenset()
    phase, paused = exercise.phase, exercise.paused
    found = {name for name, kind in _KINDS.items() if allows(phase, kind, paused)}
    if exercise.next_inject() is None:
        found.discard("next")
    if not exercise.has_decisions():
        found.discard("undo")
    if allows(phase, K.PAUSED, paused) or (paused and allows(phase, K.RESUMED, paused)):
        found.add("pause")
    return frozenset(found)
