"""A phone's move as a move on the exercise, and a refusal in the page's own words."""

from __future__ import annotations

from collections.abc import Callable

from tabletop.core.errors import NotARecipient, TabletopError, UnknownOption
from tabletop.core.events import Event
from tabletop.core.exercise import Exercise
from tabletop.core.phases import Phase
from tabletop.room.hub import Move
from tabletop.room.messages import say

Run = Callable[[Exercise], list[Event]]


def as_run(move: Move) -> Run:
    if move.kind == "join":
        return lambda exercise: exercise.join_room(move.device, move.team)
    return lambda exercise: exercise.cast_vote(move.device, move.option, move.reason)


def refusal(exercise: Exercise | None, move: Move, error: TabletopError) -> str:
    """Why a move was not made, as the phone says it (the core's words are for the facilitator)."""
    if exercise is None or exercise.ended_at is not None:
        return say("closed")
    if isinstance(error, NotARecipient):
        return say("not_for_team")
    if isinstance(error, UnknownOption):
        return say("not_saved", error=str(error).split(" (")[0])
    if move.kind == "join":
        return say("full") if "full" in str(error) else say("not_saved", error=str(error))
    if exercise.paused:
        return say("paused")
    if exercise.phase is not Phase.VOTING:
        return say("voting_closed") if exercise.phase in (Phase.LOCKED, Phase.REVEALED) else say("voting_not_yet")
    return say("not_saved", error=str(error))
