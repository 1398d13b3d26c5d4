"""What the phones may see, built from the exercise on the controller's thread and handed to the server.

Only participant material: the inject as the shared screen shows it (title, narrative,
question, lettered options), whether voting is open, how many of the team's phones have
voted, and after the reveal the team's own decision and split. Never norm effects, whys,
stakes, guidance, notes, or another team's votes.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tabletop.core.exercise import Exercise
from tabletop.core.model import Inject
from tabletop.core.phases import Phase

State = dict[str, Any]


@dataclass(frozen=True)
class RoomView:
    """One moment of the room, immutable: the server reads it from another thread without a lock."""

    version: int = 0
    session: str = ""
    code: str = ""
    key: str = ""
    title: str = ""
    teams: tuple[str, ...] = ()
    colours: tuple[tuple[int, str], ...] = ()  # (team number, #rrggbb) for the page's team stylesheet
    devices: Mapping[str, str] = field(default_factory=dict)  # device -> team
    states: Mapping[str, State] = field(default_factory=dict)  # team -> its participant-safe state
    my_votes: Mapping[str, State] = field(default_factory=dict)  # device -> its own vote on the current inject
    open: bool = False  # the session is running and the room takes joins

    def state_for(self, device: str) -> State | None:
        """The state a device's page shows: its team's, with its own vote; None for an unknown device."""
        team = self.devices.get(device)
        if team is None or team not in self.states:
            return None
        return {**self.states[team], "my_vote": self.my_votes.get(device)}


def build_view(exercise: Exercise, version: int) -> RoomView:
    identity = exercise.room
    if identity is None:
        return RoomView(version)
    inject_id = exercise.current
    my_votes: dict[str, State] = {}
    if inject_id is not None:
        inject = exercise.inject(inject_id)
        for team in exercise.recipients(inject_id) if exercise.is_delivered(inject_id) else ():
            for device, vote in exercise.ballot(team, inject_id).items():
                my_votes[device] = {"option": inject.letter(vote.option), "reason": vote.reason}
    states = {team.name: team_state(exercise, team.name) for team in exercise.teams}
    return RoomView(
        version=version,
        session=exercise.session_id,
        code=identity.code,
        key=identity.key,
        title=f"{exercise.scenario.title} — {exercise.name}",
        teams=exercise.team_names,
        colours=tuple((team.number, team.color) for team in exercise.teams),
        devices=MappingProxyType(dict(exercise.room_devices())),
        states=MappingProxyType(states),
        my_votes=MappingProxyType(my_votes),
        open=exercise.ended_at is None,
    )


def team_state(exercise: Exercise, team: str) -> State:
    found = exercise.team(team)
    base: State = {"team": team, "number": found.number, "color": found.color, "paused": exercise.paused,
                   "inject": None, "voting": False, "closed": False,
                   "counts": {"voted": 0, "members": exercise.members(team)}, "result": None}  # fmt: skip
    if exercise.ended_at is not None:
        return {**base, "phase": "ended"}
    inject_id = exercise.current
    if inject_id is None or not exercise.receives(team, inject_id):
        return {**base, "phase": "waiting"}
    inject = exercise.inject(inject_id)
    revealed = exercise.is_revealed(inject_id)
    state: State = {
        **base,
        "phase": "revealed" if revealed else "inject",
        "inject": _inject(inject),
        "voting": exercise.phase is Phase.VOTING and not exercise.paused and bool(inject.options),
        "closed": revealed or exercise.phase is Phase.LOCKED,
        "counts": {"voted": len(exercise.ballot(team, inject_id)), "members": exercise.members(team)},
    }
    if revealed:
        state["result"] = _result(exercise, team, inject)
    return state


def _inject(inject: Inject) -> State:
    return {
        "id": inject.id,
        "title": inject.title,
        "body_html": _narrative(inject.body),
        "question": inject.question,
        "options": [{"letter": inject.letter(option.id), "label": option.label} for option in inject.options],
    }


def _result(exercise: Exercise, team: str, inject: Inject) -> State:
    decision = exercise.final(team, inject.id)
    counts = exercise.votes_outcome(team, inject.id).counts
    chosen = decision.option if decision is not None else None
    return {
        "decided": inject.letter(chosen) if chosen else None,
        "label": inject.option(chosen).label if chosen else None,
        "split": {inject.letter(option): count for option, count in counts.items()},
    }


@functools.lru_cache(maxsize=512)
def _narrative(body: str) -> str:
    from tabletop.reports.markup import to_html

    return to_html(body)
