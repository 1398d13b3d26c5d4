"""Which controls make sense right now, read from the core's own transition table.

The console greys out a control the core would refuse, so a facilitator is not invited to
make an illegal move; the core still has the last word (and says why) if one slips through.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.core.events import EventKind
    from tabletop.core.exercise import Exercise


@functools.cache
def _kinds() -> dict[str, EventKind]:
    """Control name -> the event kind it writes (made on first use: the core's events are not needed before)."""
    from tabletop.core.events import EventKind as K

    return {
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
    from tabletop.core.events import EventKind as K
    from tabletop.core.phases import allows

    phase, paused = exercise.phase, exercise.paused
    found = {name for name, kind in _kinds().items() if allows(phase, kind, paused)}
    if exercise.next_inject() is None:
        found.discard("next")
    if not exercise.has_decisions():
        found.discard("undo")
    if exercise.pending_ties():
        found.discard("reveal")
        found.add("settle_tie")
    if allows(phase, K.PAUSED, paused) or (paused and allows(phase, K.RESUMED, paused)):
        found.add("pause")
    return frozenset(found)


_SETUP = "deliver an inject first (F9 for the next, or pick one in the run sheet and press F5)"
_WHY = {  # (control, phase) -> why it is not available, and what to do instead
    ("deliver", "voting"): "voting is open: lock it first (F7)",
    ("next", "voting"): "voting is open: lock it first (F7)",
    ("open_voting", "setup"): _SETUP,
    ("open_voting", "voting"): "voting is already open",
    ("open_voting", "revealed"): "the choices are revealed: deliver the next inject (F9)",
    ("lock_voting", "setup"): _SETUP,
    ("lock_voting", "delivered"): "voting has not opened yet (F6)",
    ("lock_voting", "locked"): "voting is already locked: reveal the choices (F8)",
    ("lock_voting", "revealed"): "the choices are revealed: deliver the next inject (F9)",
    ("reveal", "setup"): _SETUP,
    ("reveal", "voting"): "voting is still open: lock it first (F7)",
    ("reveal", "revealed"): "the choices are already revealed",
    ("countdown", "setup"): _SETUP,
    ("countdown", "locked"): "voting on this inject is closed",
    ("countdown", "revealed"): "voting on this inject is closed",
    ("decide", "setup"): _SETUP,
    ("classify", "setup"): _SETUP,
}


def why_not(
    exercise: Exercise | None, control: str, waiting: int = 0, teams: int = 0, allowed: frozenset[str] | None = None
) -> str:
    """Why a control cannot be used now, in words that say what to do instead; empty when it can.

    ``allowed``: ``available(exercise)`` if the caller has it already (asking for every control adds up).
    """
    if exercise is None:
        return "open or start a session first (Ctrl+L)"
    if waiting:
        return "a move is waiting to be saved; it is tried again every two seconds"
    if control.startswith("team_") and int(control[5:]) > teams:
        return f"there is no team {control[5:]} in this session"
    name = "decide" if control.startswith("team_") else control
    if name in (available(exercise) if allowed is None else allowed):
        return ""
    if exercise.ended_at:
        return "the session has ended: write the hotwash and export the debrief (Ctrl+2)"
    if exercise.paused and name != "pause":
        return "the session is paused: resume first (Ctrl+P)"
    if name == "next" and exercise.next_inject() is None:
        return "every inject has been delivered: end the session (Ctrl+Shift+E), or write an ad-hoc inject (Ctrl+I)"
    if name == "settle_tie":
        return "no team's phones are tied"
    if name == "reveal" and exercise.pending_ties():
        return "a team's phones tied: pick its answer first (Ctrl+Shift+T)"
    if name == "undo":
        return "no decision has been recorded yet"
    return _WHY.get((name, exercise.phase.value), "not at this point of the exercise")
