"""The read side of an exercise: every question the windows, reports, CLI and storage ask.

Each question several readers ask (the exercise clock, paused time, time to decide,
option letters, the standing decisions, the decision log) is answered here once, so the
console, the shared screen, the debrief and ``tabletop sessions`` cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from tabletop.core.clock import Clock, utc_now
from tabletop.core.errors import UnknownInject, UnknownTeam
from tabletop.core.events import DecisionClassified, DecisionMade, Event, Source
from tabletop.core.frameworks import get_framework
from tabletop.core.model import Framework, Inject, Scenario, Stage
from tabletop.core.phases import Phase
from tabletop.core.room_reading import RoomReader
from tabletop.core.state import (
    Classification,
    Decision,
    Delivery,
    ExerciseState,
    Hotwash,
    Note,
    Tally,
    Team,
    to_decision,
)
from tabletop.core.time_reading import TimeReader


class LogEntry(NamedTuple):
    """One line of the decision log: a decision (revisions and undos included) or a classification."""

    seq: int
    at: str
    team: str
    inject: str
    decision: Decision | None = None
    classification: Classification | None = None
    undo: bool = False


class SessionReader(RoomReader, TimeReader):
    """Read-only answers about one session; ``ScoredSession`` adds its scores, ``Exercise`` the moves."""

    def __init__(self, scenario: Scenario, *, clock: Clock = utc_now) -> None:
        self._state = ExerciseState(scenario)
        # How far the injects delivered from the start go (never taken back): next_inject passes them once.
        self._delivered_run: tuple[ExerciseState | None, int] = (None, 0)
        self.scenario = scenario
        self.framework: Framework = get_framework(scenario.framework)
        self._clock = clock

    # -- the session -----------------------------------------------------------------

    @property
    def session_id(self) -> str:
        return self._state.session_id

    @property
    def name(self) -> str:
        return self._state.name

    @property
    def facilitator(self) -> str:
        return self._state.facilitator

    @property
    def created_at(self) -> str:
        return self._state.created_at

    @property
    def ended_at(self) -> str | None:
        return self._state.ended_at

    @property
    def phase(self) -> Phase:
        return self._state.phase

    @property
    def paused(self) -> bool:
        return self._state.paused

    @property
    def current(self) -> str | None:
        """The inject delivered last, or None before the first delivery."""
        return self._state.current

    @property
    def log(self) -> Sequence[Event]:
        return self._state.log

    @property
    def hotwash(self) -> Hotwash:
        return self._state.hotwash

    def notes(self) -> Sequence[Note]:
        return self._state.notes

    def tally(self) -> Tally:
        """The session's line in a list of sessions."""
        return Tally(self._state.name, self._state.standing, self._state.ended_at)

    def tally_after(self, event: Event) -> Tally:
        return self._state.tally_after(event)

    # -- teams -----------------------------------------------------------------------

    @property
    def teams(self) -> list[Team]:
        return list(self._state.teams.values())

    @property
    def team_names(self) -> tuple[str, ...]:
        return tuple(self._state.teams)

    def team_called(self, text: str) -> str:
        """The name of the team ``text`` names, however its case, width or invisible characters differ."""
        from tabletop.core.inputs import name_key

        if text in self._state.teams:
            return text
        key = name_key(text)
        return next((name for name in self._state.teams if name_key(name) == key), text)

    def team(self, name: str) -> Team:
        try:
            return self._state.teams[name]
        except KeyError:
            known = ", ".join(self._state.teams) or "none yet"
            raise UnknownTeam(f"no team '{name}' in this session (teams: {known})") from None

    # -- injects ---------------------------------------------------------------------

    def inject(self, inject_id: str) -> Inject:
        try:
            return self._state.inject(inject_id)
        except KeyError:
            raise UnknownInject(f"no inject '{inject_id}' in scenario '{self.scenario.id}'") from None

    def all_injects(self) -> list[Inject]:
        return [*self.scenario.injects(), *self._state.adhoc.values()]

    def adhoc_injects(self) -> list[Inject]:
        return list(self._state.adhoc.values())

    def is_adhoc(self, inject_id: str) -> bool:
        return inject_id in self._state.adhoc

    def stage_of(self, inject_id: str) -> Stage | None:
        """The scenario stage an inject belongs to; None for an ad-hoc inject."""
        return None if inject_id in self._state.adhoc else self.scenario.stage_of(inject_id)

    def stage_number(self, inject_id: str) -> int | None:
        stage = self.stage_of(inject_id)
        return None if stage is None else self.scenario.stages.index(stage) + 1

    def stage_started(self, stage_id: str) -> bool:
        return stage_id in self._state.stages_started

    def letter(self, inject_id: str, option_id: str) -> str:
        """The option's letter as the room sees it (A..Z, then AA...), or '?' if the inject has no such option."""
        inject = self.inject(inject_id)
        return inject.letter(option_id) if inject.has_option(option_id) else "?"

    # -- deliveries --------------------------------------------------------------------

    def delivery(self, inject_id: str) -> Delivery | None:
        return self._state.deliveries.get(inject_id)

    def deliveries(self) -> list[Delivery]:
        """Every delivery, in the order they happened."""
        return sorted(self._state.deliveries.values(), key=lambda delivery: delivery.seq)

    def is_delivered(self, inject_id: str) -> bool:
        return inject_id in self._state.deliveries

    def is_revealed(self, inject_id: str) -> bool:
        return inject_id in self._state.revealed

    def receives(self, team: str, inject_id: str) -> bool:
        delivery = self._state.deliveries.get(inject_id)
        return delivery is not None and team in delivery.teams

    def recipients(self, inject_id: str) -> tuple[str, ...]:
        """Teams the inject reaches if delivered now: for a consequence, those whose choice qualifies."""
        inject = self.inject(inject_id)
        delivered = self._state.deliveries.get(inject_id)
        if delivered is not None:
            return delivered.teams
        aimed = self._state.adhoc_teams.get(inject_id)
        if aimed:
            return tuple(team for team in aimed if team in self._state.teams)
        if not inject.when:
            return tuple(self._state.teams)
        wanted = {tuple(ref.split(".", 1)) for ref in inject.when}
        final = self._state.final
        return tuple(
            team
            for team in self._state.teams
            if any((d := final(team, source)) is not None and (source, d.option) in wanted for source, _ in wanted)
        )

    def next_inject(self) -> str | None:
        """The next scenario inject not yet delivered that reaches at least one team."""
        ids, state = self.scenario.inject_ids, self._state
        delivered = state.deliveries
        start = self._delivered_run[1] if self._delivered_run[0] is state else 0
        while start < len(ids) and ids[start] in delivered:
            start += 1
        self._delivered_run = (state, start)
        for index in range(start, len(ids)):  # by index: islice would step through the run passed over again
            inject_id = ids[index]
            if inject_id not in delivered and self.recipients(inject_id):
                return inject_id
        return None

    # -- decisions ---------------------------------------------------------------------

    def final(self, team: str, inject_id: str) -> Decision | None:
        """The team's standing decision on an inject: its latest, unless an undo withdrew it."""
        return self._state.final(team, inject_id)

    def final_decisions(self) -> list[Decision]:
        """Every standing decision, in the order first decided."""
        return [
            to_decision(events[-1], len(events) - 1)
            for events in self._state.decision_events.values()
            if not events[-1].payload.withdrawn  # type: ignore[union-attr]
        ]

    def final_decisions_of(self, team: str) -> list[Decision]:
        """One team's standing decisions, in the order first decided, without a pass over every team's."""
        events = self._state.decision_events
        mine = [found for inject in self.all_injects() if (found := events.get((team, inject.id)))]
        mine.sort(key=lambda found: found[0].seq)
        return [
            to_decision(found[-1], len(found) - 1)
            for found in mine
            if not found[-1].payload.withdrawn  # type: ignore[union-attr]
        ]

    def history(self, team: str, inject_id: str) -> list[Decision]:
        """Every decision the team made on the inject, oldest first; revisions and undos included."""
        events = self._state.decision_events.get((team, inject_id), ())
        return [to_decision(event, number) for number, event in enumerate(events)]

    def has_answered(self, team: str, inject_id: str) -> bool:
        """Whether the team has any decision event on the inject (a further one is a revision)."""
        return (team, inject_id) in self._state.decision_events

    def has_decisions(self) -> bool:
        return bool(self._state.decision_events)

    def classification(self, team: str, inject_id: str) -> Classification | None:
        return self._state.classifications.get((team, inject_id))

    def classified(self) -> Mapping[tuple[str, str], Classification]:
        """Every classification that stands, by (team, inject): for a reader that asks of every decision."""
        return MappingProxyType(self._state.classifications)

    def decision_log(self) -> list[LogEntry]:
        """Every decision event and classification in the order they happened."""
        revisions: dict[tuple[str, str], int] = {}
        found = []
        new = tuple.__new__  # a LogEntry built as its tuple: the same value, without NamedTuple's slow __new__
        for event in self._state.log:
            payload = event.payload
            if isinstance(payload, DecisionMade):
                key = (payload.team, payload.inject)
                number = revisions[key] = revisions.get(key, -1) + 1
                undo = payload.undoes is not None
                found.append(new(LogEntry, (event.seq, event.at, *key, to_decision(event, number), None, undo)))
            elif isinstance(payload, DecisionClassified):
                entry = Classification(payload.team, payload.inject, payload.norms, event.at, event.seq, payload.stakes)
                found.append(LogEntry(event.seq, event.at, entry.team, entry.inject, classification=entry))
        return found


__all__ = ["LogEntry", "SessionReader", "Source"]
