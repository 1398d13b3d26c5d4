"""Events of the append-only exercise log, the phases they move between, and the errors."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, NamedTuple

from tabletop.core.errors import TabletopError


class EventKind(enum.StrEnum):
    CREATED = "created"
    TEAM_ADDED = "team_added"
    STAGE_STARTED = "stage_started"
    INJECT_DELIVERED = "inject_delivered"
    VOTING_OPENED = "voting_opened"
    VOTING_LOCKED = "voting_locked"
    DECISION_RECORDED = "decision_recorded"
    DECISION_REVISED = "decision_revised"
    DECISION_CLASSIFIED = "decision_classified"
    RESULT_REVEALED = "result_revealed"
    PAUSED = "paused"
    RESUMED = "resumed"
    COUNTDOWN_STARTED = "countdown_started"
    NOTE_ADDED = "note_added"
    ADHOC_INJECT_ADDED = "adhoc_inject_added"
    HOTWASH_UPDATED = "hotwash_updated"
    ENDED = "ended"


class Phase(enum.StrEnum):
    """Where the exercise stands with its current inject."""

    SETUP = "setup"
    DELIVERED = "delivered"
    VOTING = "voting"
    LOCKED = "locked"
    REVEALED = "revealed"
    ENDED = "ended"


class Source(enum.StrEnum):
    """Where a decision was entered."""

    CONSOLE = "console"
    PRESENTER = "presenter"
    IMPORT = "import"


class Event(NamedTuple):
    """One entry of the log. ``data`` holds JSON-ready values; ``seq`` counts from 1.

    A NamedTuple rather than a frozen dataclass: resuming builds tens of thousands of
    these, and a tuple is several times cheaper to make while just as immutable.
    """

    seq: int
    kind: EventKind
    at: str
    data: Mapping[str, Any]


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
}

# While paused the room is on hold: nothing new reaches the teams.
BLOCKED_WHILE_PAUSED = frozenset(
    {K.STAGE_STARTED, K.INJECT_DELIVERED, K.VOTING_OPENED, K.RESULT_REVEALED, K.COUNTDOWN_STARTED, K.PAUSED}
)

_ACTIONS = {
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
}

_PHASE_WORDS = {
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
        raise IllegalMove(f"cannot {_ACTIONS[kind]} while the session is paused; resume first")
    if kind is K.RESUMED and not paused:
        raise IllegalMove("cannot resume: the session is not paused")
    try:
        return TRANSITIONS[(phase, kind)]
    except KeyError:
        raise IllegalMove(f"cannot {_ACTIONS[kind]} {_PHASE_WORDS[phase]}") from None


class ExerciseError(TabletopError):
    """A request the exercise cannot carry out; the message says why."""


class IllegalMove(ExerciseError):
    """The move is not allowed in the exercise's current phase."""


class UnknownTeam(ExerciseError):
    pass


class UnknownInject(ExerciseError):
    pass


class UnknownOption(ExerciseError):
    pass


class NotARecipient(ExerciseError):
    """A team answered an inject it never received (a consequence meant for others)."""


class InvalidDecision(ExerciseError):
    pass
