"""The room's moves on an exercise: opening the room, phones joining, votes, and ties settled.

A mixin of ``Exercise``, kept apart so the exercise's own moves stay readable; the rules
themselves (plurality, alignment, the words of a room decision) are in ``core.room``.
"""

from __future__ import annotations

from tabletop.core import events as e
from tabletop.core.errors import IllegalMove, NotARecipient
from tabletop.core.events import Event, EventKind, Payload, Source
from tabletop.core.inputs import check_option, clean
from tabletop.core.phases import next_phase
from tabletop.core.room import MAX_DEVICES, MAX_REASON, check_device, check_identity, decision_from_votes
from tabletop.core.scored import ScoredSession

K = EventKind


class RoomMoves(ScoredSession):
    """The room's half of the exercise's moves; ``Exercise`` supplies ``_emit`` (write, then apply)."""

    def _emit(self, payload: Payload) -> Event:
        raise NotImplementedError

    def _current(self) -> str:
        raise NotImplementedError

    def open_room(self, code: str, key: str, host: str, port: int) -> list[Event]:
        """Keep the room's identity in the session (again only when it changed: a new address, say)."""
        identity = check_identity(code, key, host, port)
        return [] if identity == self.room else [self._emit(e.RoomOpened(*identity))]

    def join_room(self, device: str, team: str) -> list[Event]:
        """A phone joins a team; joining again moves it (one device, one team)."""
        device = check_device(device)
        name = self.team(team).name
        if self.device_team(device) == name:
            return []
        if self.device_team(device) is None and len(self._state.room.devices) >= MAX_DEVICES:
            raise IllegalMove(f"the room is full: at most {MAX_DEVICES} phones can join")
        return [self._emit(e.DeviceJoined(device, name))]

    def cast_vote(self, device: str, option: str, reason: str = "") -> list[Event]:
        """A phone's vote on the current inject (a letter or an option id); the same vote again adds nothing."""
        team = self.device_team(device)
        if team is None:
            raise IllegalMove("this phone has not joined a team")
        inject_id = self._current()
        next_phase(self.phase, K.VOTE_CAST, self.paused)
        if not self.receives(team, inject_id):
            raise NotARecipient(f"'{inject_id}' was not sent to {team}")
        inject = self.inject(inject_id)
        chosen = inject.option_at(option) if len(option) <= 2 else None
        option_id = check_option(inject, chosen.id if chosen else option)
        vote = e.VoteCast(inject_id, team, device, str(option_id), clean(reason, "reason", MAX_REASON))
        last = self.ballot(team, inject_id).get(device)
        return (
            [] if last is not None and (last.option, last.reason) == (vote.option, vote.reason) else [self._emit(vote)]
        )

    def settle_tie(self, team: str, inject_id: str, option: str) -> list[Event]:
        """The facilitator's pick among options the team's phones tied on; it becomes the team's decision."""
        tied = next((options for who, inject, options in self.pending_ties() if (who, inject) == (team, inject_id)), ())
        if option not in tied:
            raise IllegalMove(f"{team} has no tie to settle on '{inject_id}' with '{option}'")
        letters = " and ".join(self.inject(inject_id).letter(o) for o in tied)
        return [
            self._emit(
                self._room_decision(team, inject_id, option, f"a tie between {letters}, settled by the facilitator")
            )
        ]

    def _room_decisions(self, inject_id: str) -> list[e.DecisionRecorded | e.DecisionRevised]:
        """At lock: the plurality of each team's phone votes, where no one on the screen or console chose first."""
        decisions = []
        for team in self._state.deliveries[inject_id].teams:
            standing = self.final(team, inject_id)
            if standing is not None and standing.source is not Source.ROOM:
                continue  # the spokesperson decided; the votes are kept and shown beside it
            winner = self.votes_outcome(team, inject_id).winner
            if winner is not None and (standing is None or standing.option != winner):
                decisions.append(self._room_decision(team, inject_id, winner))
        return decisions

    def _room_decision(
        self, team: str, inject_id: str, option: str, reason: str = ""
    ) -> e.DecisionRecorded | e.DecisionRevised:
        revising = self.has_answered(team, inject_id)
        return decision_from_votes(self.inject(inject_id), team, option, self.ballot(team, inject_id), revising, reason)
