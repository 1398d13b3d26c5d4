"""What the room's votes say: devices per team, ballots, pluralities, alignment, ties awaiting the facilitator.

A mixin of ``SessionReader``: the same read API, kept in its own module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tabletop.core.phases import Phase
from tabletop.core.room import Identity, Outcome, Vote, alignment, minority_words, outcome

if TYPE_CHECKING:
    from tabletop.core.model import Inject
    from tabletop.core.state import ExerciseState


class RoomReader:
    _state: ExerciseState

    def inject(self, inject_id: str) -> Inject:
        raise NotImplementedError

    @property
    def room(self) -> Identity | None:
        """The room's join code, cookie key and address, once it has been opened for this session."""
        return self._state.room.identity

    def room_devices(self) -> Mapping[str, str]:
        """Every phone that joined, and its team."""
        return self._state.room.devices

    def device_team(self, device: str) -> str | None:
        return self._state.room.devices.get(device)

    def members(self, team: str) -> int:
        """Phones that joined the team."""
        return self._state.room.members[team]

    def ballot(self, team: str, inject_id: str) -> Mapping[str, Vote]:
        """Each of the team's devices' last vote on the inject, in the order they were last cast."""
        return self._state.room.votes.get((team, inject_id), {})

    def votes_outcome(self, team: str, inject_id: str) -> Outcome:
        options = [option.id for option in self.inject(inject_id).options]
        return outcome(self._state.room.votes.get((team, inject_id)), options)

    def alignment(self, team: str, inject_id: str) -> float | None:
        """Share of the team's phone votes that went to the option it decided; None without votes or decision."""
        decision = self._state.final(team, inject_id)
        return alignment(self._state.room.votes.get((team, inject_id)), decision.option if decision else None)

    def minority(self, team: str, inject_id: str) -> str:
        """The phone votes for options the team did not choose, with their reasons."""
        decision = self._state.final(team, inject_id)
        ballot = self._state.room.votes.get((team, inject_id))
        if not ballot or decision is None or decision.option is None:
            return ""
        inject = self.inject(inject_id)
        letters = {option.id: inject.letter(option.id) for option in inject.options}
        return minority_words(ballot, decision.option, letters)

    def pending_ties(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(team, inject, tied option ids) for each team whose phone vote tied at lock and awaits the facilitator."""
        state = self._state
        inject_id = state.current
        if inject_id is None or state.phase is not Phase.LOCKED or inject_id not in state.deliveries:
            return []
        found = []
        for team in state.deliveries[inject_id].teams:
            if state.final(team, inject_id) is None:
                tied = self.votes_outcome(team, inject_id).tied
                if tied:
                    found.append((team, inject_id, tied))
        return found
