"""Where an exercise stands with its current inject, and which moves each phase allows.

The phase is an enum run by a transition table: a move the table does not list raises
``IllegalMove`` with words a facilitator can act on.
"""

from __future__ import annotations

import enum

from tabletop.core.errors import IllegalMove
from tabletop.core.events import EventKind


class Phase(enum.StrEnum):
    SETUP = "setup"
    DELIVERED = "delivered"
    VOTING = "voting"
    LOCKED = "locked"
    REVEALED = "revealed"
    ENDED = "ended"


K = EventKind
P = Phase
_IN_PLAY = (P.DELIVERED, P.VOTING, P.LOCKED, P.REVEALED)
_CAN_DELIVER = (P.SETUP, P.DELIVERED, P.LOCKED, P.REVEALED)


def _same(kind: EventKind, phases: tuple[Phase, ...]) -> dict[tuple[Phase, EventKind], Phase]:
    return {(phase, kind): phase for phase in phases}


TRANSITIONS: dict[tuple[Phase, EventKind], Phase] = {
    (P.SETUP, K.TEAM_ADDED): P.SETUP,
    **_same(K.STAGE_STARTED, _CAN_DELIVER),
    **{(phase, K.INJECT_DELIVERED): P.DELIVERED for phase in _CAN_DELIVER},
    (P.DELIVERED, K.VOTING_OPENED): P.VOTING,
    (P.LOCKED, K.VOTING_OPENED): P.VOTING,
    (P.VOTING, K.VOTING_LOCKED): P.LOCKED,
    (P.DELIVERED, K.RESULT_REVEALED): P.REVEALED,
    (P.LOCKED, K.RESULT_REVEALED): P.REVEALED,
    **_same(K.COUNTDOWN_STARTED, (P.DELIVERED, P.VOTING)),
    **_same(K.DECISION_RECORDED, _IN_PLAY),
    **_same(K.DECISION_REVISED, _IN_PLAY),
    **_same(K.DECISION_CLASSIFIED, (*_IN_PLAY, P.ENDED)),
    **_same(K.NOTE_ADDED, (P.SETUP, *_IN_PLAY, P.ENDED)),
    **_same(K.ADHOC_INJECT_ADDED, (P.SETUP, *_IN_PLAY)),
    **_same(K.HOTWASH_UPDATED, (P.SETUP, *_IN_PLAY, P.ENDED)),
    **_same(K.PAUSED, (P.SETUP, *_IN_PLAY)),
    **_same(K.RESUMED, (P.SETUP, *_IN_PLAY)),
    **{(phase, K.ENDED): P.ENDED for phase in (P.SETUP, *_IN_PLAY)},
    **_same(K.ROOM_OPENED, (P.SETUP, *_IN_PLAY)),
    **_same(K.DEVICE_JOINED, (P.SETUP, *_IN_PLAY)),
    (P.VOTING, K.VOTE_CAST): P.VOTING,
}

# While paused the room is on hold: nothing new reaches the teams.
BLOCKED_WHILE_PAUSED = frozenset(
    {
        K.STAGE_STARTED,
        K.INJECT_DELIVERED,
        K.VOTING_OPENED,
        K.RESULT_REVEALED,
        K.COUNTDOWN_STARTED,
        K.PAUSED,
        K.VOTE_CAST,
    }
)

ACTIONS = {
    K.TEAM_ADDED: "add a team",
    K.STAGE_STARTED: "start a stage",
    K.INJECT_DELIVERED: "deliver an inject",
    K.VOTING_OPENED: "open voting",
    K.VOTING_LOCKED: "lock voting",
    K.DECISION_RECORDED: "record a decision",
    K.DECISION_REVISED: "revise a decision",
    K.DECISION_CLASSIFIED: "classify a decision",
    K.RESULT_REVEALED: "reveal the result",
    K.PAUSED: "pause",
    K.RESUMED: "resume",
    K.COUNTDOWN_STARTED: "start the countdown",
    K.NOTE_ADDED: "add a note",
    K.ADHOC_INJECT_ADDED: "add an ad-hoc inject",
    K.HOTWASH_UPDATED: "update the hotwash",
    K.ENDED: "end the session",
    K.CREATED: "create the session",
    K.ROOM_OPENED: "open the room",
    K.DEVICE_JOINED: "join the room",
    K.VOTE_CAST: "vote",
}

PHASE_WORDS = {
    P.SETUP: "before the first inject",
    P.DELIVERED: "while an inject is delivered but voting has not opened",
    P.VOTING: "while voting is open",
    P.LOCKED: "while voting is locked",
    P.REVEALED: "after the reveal",
    P.ENDED: "after the session has ended",
}


def next_phase(phase: Phase, kind: EventKind, paused: bool) -> Phase:
    """The phase after ``kind`` happens in ``phase``; raises IllegalMove if it cannot."""
    if paused and kind in BLOCKED_WHILE_PAUSED:
        raise IllegalMove(f"cannot {ACTIONS[kind]} while the session is paused; resume first")
    if kind is K.RESUMED and not paused:
        raise IllegalMove("cannot resume: the session is not paused")
    try:
        return TRANSITIONS[(phase, kind)]
    except KeyError:
        raise IllegalMove(f"cannot {ACTIONS[kind]} {PHASE_WORDS[phase]}") from None


def allows(phase: Phase, kind: EventKind, paused: bool) -> bool:
    """Whether ``kind`` may happen now: the same rule as ``next_phase``, without the error."""
    try:
        next_phase(phase, kind, paused)
    except IllegalMove:
        return False
    return True
