"""The state of an exercise, as a replay of its event log.

``ExerciseState.apply`` trusts the event it is given: checking a move is the job of
``Exercise`` before the event is written. Replay is the resume path, so it stays lean.
Readers outside the core never touch this state: they ask ``core.reading``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tabletop.core import events as e
from tabletop.core.clock import PauseLedger, parse_time
from tabletop.core.model import Inject, NormEffect, Option, Scenario, StakeEffect
from tabletop.core.phases import BLOCKED_WHILE_PAUSED, TRANSITIONS, Phase, next_phase
from tabletop.core.room import RoomState


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    color: str
    number: int


class Decision(NamedTuple):
    """A team's answer to an inject. ``option`` is None for a free-text (discussion) answer.

    Built on demand from its event (replay only files decision events by team and inject).
    A NamedTuple, like ``Event``: a debrief of 40 teams builds thousands, and a tuple is
    several times cheaper to make than a frozen dataclass while just as immutable.
    """

    team: str
    inject: str
    option: str | None
    rationale: str
    confidence: int | None
    dissent: str
    at: str
    source: e.Source
    seq: int
    revision: int = 0
    withdrawn: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Classification:
    """The facilitator's reading of a free-text decision against the norms (and the stakes)."""

    team: str
    inject: str
    effects: tuple[NormEffect, ...]
    at: str
    seq: int
    stakes: tuple[StakeEffect, ...] = ()


@dataclass(frozen=True, slots=True)
class Delivery:
    inject: str
    teams: tuple[str, ...]
    at: str
    seq: int


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    inject: str | None
    at: str
    seq: int


@dataclass(frozen=True, slots=True)
class Countdown:
    inject: str
    seconds: int
    started_at: str
    paused_before: float


@dataclass(frozen=True, slots=True)
class Hotwash:
    strengths: str = ""
    improvements: str = ""
    plan: tuple[e.PlanItem, ...] = ()


class Tally(NamedTuple):
    """What a list of sessions shows of one, as it stands after an event."""

    name: str
    decisions: int
    ended_at: str | None


@dataclass
class ExerciseState:
    """Everything the log says so far. Mutated only by ``apply``."""

    scenario: Scenario
    session_id: str = ""
    name: str = ""
    facilitator: str = ""
    created_at: str = ""
    ended_at: str | None = None
    phase: Phase = Phase.SETUP
    teams: dict[str, Team] = field(default_factory=dict)
    current: str | None = None
    stages_started: dict[str, None] = field(default_factory=dict)  # in order; asked of at every delivery
    deliveries: dict[str, Delivery] = field(default_factory=dict)
    decision_events: dict[tuple[str, str], list[e.Event]] = field(default_factory=dict)
    standing: int = 0
    classifications: dict[tuple[str, str], Classification] = field(default_factory=dict)
    revealed: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    adhoc: dict[str, Inject] = field(default_factory=dict)
    adhoc_teams: dict[str, tuple[str, ...]] = field(default_factory=dict)  # an ad-hoc inject aimed at some teams
    pauses: PauseLedger = field(default_factory=PauseLedger)
    countdown: Countdown | None = None
    hotwash: Hotwash = field(default_factory=Hotwash)
    room: RoomState = field(default_factory=RoomState)
    log: list[e.Event] = field(default_factory=list)

    @property
    def paused(self) -> bool:
        return self.pauses.paused

    def apply(self, event: e.Event) -> None:
        payload = event.payload
        kind = payload.KIND
        if kind is _CREATED:
            self.phase = Phase.SETUP
        else:  # next_phase inlined for the common case: replaying a long log is mostly this line
            phase = TRANSITIONS.get((self.phase, kind))
            self.phase = phase if phase is not None and kind not in _HELD else next_phase(self.phase, kind, self.paused)
        _HANDLERS[kind](self, event, payload)
        self.log.append(event)

    def final(self, team: str, inject_id: str) -> Decision | None:
        """The team's latest decision on an inject, or None if none stands."""
        events = self.decision_events.get((team, inject_id))
        if not events or events[-1].payload.withdrawn:  # type: ignore[union-attr]
            return None
        return to_decision(events[-1], len(events) - 1)

    def inject(self, inject_id: str) -> Inject:
        found = self.adhoc.get(inject_id)
        return found if found is not None else self.scenario.inject(inject_id)

    def tally_after(self, event: e.Event) -> Tally:
        """The session's line in a list of sessions once ``event`` is applied (it is not applied here)."""
        payload = event.payload
        name, ended = self.name, self.ended_at
        decisions = self.standing
        if isinstance(payload, e.Created):
            name = payload.name
        elif isinstance(payload, e.Ended):
            ended = event.at
        elif isinstance(payload, e.DecisionMade):
            found = self.decision_events.get((payload.team, payload.inject))
            decisions += standing_change(found[-1].payload if found else None, payload)  # type: ignore[arg-type]
        return Tally(name, decisions, ended)


def to_decision(event: e.Event, revision: int) -> Decision:
    payload: Any = event.payload
    # WORKAROUND: a NamedTuple's generated __new__ is a Python function; building the tuple
    # directly gives the same Decision in half the time, and a debrief builds thousands.
    return _new_tuple(
        Decision,
        (payload.team, payload.inject, payload.option, payload.rationale, payload.confidence, payload.dissent,
         event.at, payload.source, event.seq, revision, payload.withdrawn, payload.reason),
    )  # fmt: skip


_new_tuple = tuple.__new__

_CREATED = e.EventKind.CREATED
_HELD = BLOCKED_WHILE_PAUSED | {e.EventKind.RESUMED}  # kinds whose legality depends on the pause too


def _created(state: ExerciseState, event: e.Event, payload: e.Created) -> None:
    state.session_id = payload.session
    state.name = payload.name
    state.facilitator = payload.facilitator
    state.created_at = event.at
    state.pauses.start_clock(event.at)


def _team_added(state: ExerciseState, event: e.Event, payload: e.TeamAdded) -> None:
    state.teams[payload.team] = Team(payload.team, payload.color, len(state.teams) + 1)


def _stage_started(state: ExerciseState, event: e.Event, payload: e.StageStarted) -> None:
    state.stages_started[payload.stage] = None


def _delivered(state: ExerciseState, event: e.Event, payload: e.InjectDelivered) -> None:
    state.deliveries[payload.inject] = Delivery(payload.inject, payload.teams, event.at, event.seq)
    state.current = payload.inject
    state.countdown = None


def _voting_opened(state: ExerciseState, event: e.Event, payload: e.VotingOpened) -> None:
    inject = payload.inject
    minutes = state.inject(inject).minutes
    if minutes and (state.countdown is None or state.countdown.inject != inject):
        state.countdown = Countdown(inject, minutes * 60, event.at, state.pauses.total(event.at))


def _countdown_started(state: ExerciseState, event: e.Event, payload: e.CountdownStarted) -> None:
    state.countdown = Countdown(payload.inject, payload.seconds, event.at, state.pauses.total(event.at))


def _decision(state: ExerciseState, event: e.Event, payload: e.DecisionMade) -> None:
    key = (payload.team, payload.inject)
    found = state.decision_events.get(key)
    if found is None:
        state.decision_events[key] = [event]
        state.standing += not payload.withdrawn  # what standing_change says, without the call: replay runs this often
    else:
        state.standing += standing_change(found[-1].payload, payload)  # type: ignore[arg-type]
        found.append(event)


def standing_change(before: e.DecisionMade | None, after: e.DecisionMade) -> int:
    """How a decision event changes the count of standing decisions: the one rule of what stands.

    A team's decision on an inject stands if its latest decision event there was not an
    undo that withdrew it; revisions replace, they do not add.
    """
    stood = before is not None and not before.withdrawn
    return int(not after.withdrawn) - int(stood)


def tally(events: Iterable[e.Event]) -> Tally:
    """A session's line in a list of sessions, from its events alone (no scenario needed)."""
    latest: dict[tuple[str, str], e.DecisionMade] = {}
    name, decisions, ended = "", 0, None
    for event in events:
        payload = event.payload
        if isinstance(payload, e.DecisionMade):
            key = (payload.team, payload.inject)
            decisions += standing_change(latest.get(key), payload)
            latest[key] = payload
        elif isinstance(payload, e.Created):
            name = payload.name
        elif isinstance(payload, e.Ended):
            ended = event.at
    return Tally(name, decisions, ended)


def _classified(state: ExerciseState, event: e.Event, payload: e.DecisionClassified) -> None:
    key = (payload.team, payload.inject)
    state.classifications[key] = Classification(key[0], key[1], payload.norms, event.at, event.seq, payload.stakes)


def _revealed(state: ExerciseState, event: e.Event, payload: e.ResultRevealed) -> None:
    state.revealed.add(payload.inject)


def _paused(state: ExerciseState, event: e.Event, payload: e.Paused) -> None:
    state.pauses.open(event.at)


def _resumed(state: ExerciseState, event: e.Event, payload: e.Resumed) -> None:
    state.pauses.close(event.at)


def _note(state: ExerciseState, event: e.Event, payload: e.NoteAdded) -> None:
    state.notes.append(Note(payload.text, payload.inject, event.at, event.seq))


def _adhoc(state: ExerciseState, event: e.Event, payload: e.AdhocInjectAdded) -> None:
    options = tuple(
        Option(f"option-{i + 1}", option.label, norms=option.norms, stakes=option.stakes)
        for i, option in enumerate(payload.options)
    )
    inject = Inject(payload.id, payload.title, payload.body, payload.question, payload.minutes, options=options)
    state.adhoc[inject.id] = inject
    if payload.teams:
        state.adhoc_teams[inject.id] = payload.teams


def _hotwash(state: ExerciseState, event: e.Event, payload: e.HotwashUpdated) -> None:
    state.hotwash = Hotwash(payload.strengths, payload.improvements, payload.plan)


def _ended(state: ExerciseState, event: e.Event, payload: e.Ended) -> None:
    state.ended_at = event.at
    if state.pauses.paused:
        state.pauses.close(event.at)


def _nothing(state: ExerciseState, event: e.Event, payload: object) -> None:
    return None


def _room(state: ExerciseState, event: e.Event, payload: object) -> None:
    state.room.apply(event)


_HANDLERS: dict[e.EventKind, Any] = {
    e.EventKind.CREATED: _created,
    e.EventKind.TEAM_ADDED: _team_added,
    e.EventKind.STAGE_STARTED: _stage_started,
    e.EventKind.INJECT_DELIVERED: _delivered,
    e.EventKind.VOTING_OPENED: _voting_opened,
    e.EventKind.VOTING_LOCKED: _nothing,
    e.EventKind.DECISION_RECORDED: _decision,
    e.EventKind.DECISION_REVISED: _decision,
    e.EventKind.DECISION_CLASSIFIED: _classified,
    e.EventKind.RESULT_REVEALED: _revealed,
    e.EventKind.PAUSED: _paused,
    e.EventKind.RESUMED: _resumed,
    e.EventKind.COUNTDOWN_STARTED: _countdown_started,
    e.EventKind.NOTE_ADDED: _note,
    e.EventKind.ADHOC_INJECT_ADDED: _adhoc,
    e.EventKind.HOTWASH_UPDATED: _hotwash,
    e.EventKind.ENDED: _ended,
    e.EventKind.ROOM_OPENED: _room,
    e.EventKind.DEVICE_JOINED: _room,
    e.EventKind.VOTE_CAST: _room,
}

__all__ = ["Classification", "Countdown", "Decision", "Delivery", "ExerciseState", "Hotwash", "Note", "Tally",
           "Team", "parse_time", "standing_change", "tally", "to_decision"]  # fmt: skip
