"""The state of an exercise, as a replay of its event log.

``ExerciseState.apply`` trusts the event it is given: checking a move is the job of
``Exercise`` before the event is written. Replay is the resume path, so it stays lean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from tabletop.core.events import Event, EventKind, Phase, Source, next_phase
from tabletop.core.model import Inject, NormEffect, Option, Scenario


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
    source: Source
    seq: int
    revision: int = 0
    withdrawn: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Classification:
    """The facilitator's reading of a free-text decision against the norms."""

    team: str
    inject: str
    effects: tuple[NormEffect, ...]
    at: str
    seq: int


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
class Pause:
    start: str
    end: str | None = None


@dataclass(frozen=True, slots=True)
class PlanRow:
    action: str
    owner: str = ""
    due: str = ""


@dataclass(frozen=True, slots=True)
class Hotwash:
    strengths: str = ""
    improvements: str = ""
    plan: tuple[PlanRow, ...] = ()


def parse_time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


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
    stages_started: list[str] = field(default_factory=list)
    deliveries: dict[str, Delivery] = field(default_factory=dict)
    decision_events: dict[tuple[str, str], list[Event]] = field(default_factory=dict)
    classifications: dict[tuple[str, str], Classification] = field(default_factory=dict)
    voting_opened: set[str] = field(default_factory=set)
    revealed: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    adhoc: dict[str, Inject] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)
    countdown: Countdown | None = None
    hotwash: Hotwash = field(default_factory=Hotwash)
    log: list[Event] = field(default_factory=list)

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    def apply(self, event: Event) -> None:
        kind = event.kind
        self.phase = Phase.SETUP if kind is _CREATED else next_phase(self.phase, kind, self.paused)
        _HANDLERS[kind](self, event)
        self.log.append(event)

    def history(self, team: str, inject_id: str) -> list[Decision]:
        """Every decision the team made on the inject, oldest first; revisions included."""
        events = self.decision_events.get((team, inject_id), ())
        return [_to_decision(event, number) for number, event in enumerate(events)]

    def finals(self) -> list[Decision]:
        """Every standing decision (latest revision, not withdrawn), in the order first decided."""
        return [
            _to_decision(events[-1], len(events) - 1)
            for events in self.decision_events.values()
            if not events[-1].data.get("withdrawn")
        ]

    @property
    def decided(self) -> list[tuple[str, str]]:
        """(team, inject) pairs with at least one decision event, in the order first decided."""
        return list(self.decision_events)

    def inject(self, inject_id: str) -> Inject:
        if inject_id in self.adhoc:
            return self.adhoc[inject_id]
        return self.scenario.inject(inject_id)

    def final(self, team: str, inject_id: str) -> Decision | None:
        """The team's latest decision on an inject, or None if none stands."""
        events = self.decision_events.get((team, inject_id))
        if not events or events[-1].data.get("withdrawn"):
            return None
        return _to_decision(events[-1], len(events) - 1)

    def paused_seconds(self, now: datetime) -> float:
        """Total time spent paused up to ``now``."""
        total = 0.0
        for pause in self.pauses:
            end = parse_time(pause.end) if pause.end else now
            total += max((end - parse_time(pause.start)).total_seconds(), 0.0)
        return total


_CREATED = EventKind.CREATED
_SOURCES = {source.value: source for source in Source}


def _created(state: ExerciseState, event: Event) -> None:
    data = event.data
    state.session_id = data["session"]
    state.name = data["name"]
    state.facilitator = data.get("facilitator", "")
    state.created_at = event.at


def _team_added(state: ExerciseState, event: Event) -> None:
    name = event.data["team"]
    state.teams[name] = Team(name, event.data["color"], len(state.teams) + 1)


def _stage_started(state: ExerciseState, event: Event) -> None:
    state.stages_started.append(event.data["stage"])


def _delivered(state: ExerciseState, event: Event) -> None:
    inject = event.data["inject"]
    state.deliveries[inject] = Delivery(inject, tuple(event.data["teams"]), event.at, event.seq)
    state.current = inject
    state.countdown = None


def _voting_opened(state: ExerciseState, event: Event) -> None:
    inject = event.data["inject"]
    state.voting_opened.add(inject)
    minutes = state.inject(inject).minutes
    if minutes and (state.countdown is None or state.countdown.inject != inject):
        state.countdown = Countdown(inject, minutes * 60, event.at, state.paused_seconds(parse_time(event.at)))


def _countdown_started(state: ExerciseState, event: Event) -> None:
    paused = state.paused_seconds(parse_time(event.at))
    state.countdown = Countdown(event.data["inject"], event.data["seconds"], event.at, paused)


def _decision(state: ExerciseState, event: Event) -> None:
    data = event.data
    key = (data["team"], data["inject"])
    found = state.decision_events.get(key)
    if found is None:
        state.decision_events[key] = [event]
    else:
        found.append(event)


def _to_decision(event: Event, revision: int) -> Decision:
    data = event.data
    get = data.get
    return Decision(  # positional: the fastest way to build the tuple, and reports build thousands
        data["team"],
        data["inject"],
        get("option"),
        get("rationale", ""),
        get("confidence"),
        get("dissent", ""),
        event.at,
        _SOURCES[get("source", "console")],
        event.seq,
        revision,
        get("withdrawn", False),
        get("reason", ""),
    )


def _classified(state: ExerciseState, event: Event) -> None:
    data = event.data
    effects = tuple(NormEffect(norm, spec["effect"], spec.get("why", "")) for norm, spec in data["norms"].items())
    key = (data["team"], data["inject"])
    state.classifications[key] = Classification(key[0], key[1], effects, event.at, event.seq)


def _revealed(state: ExerciseState, event: Event) -> None:
    state.revealed.add(event.data["inject"])


def _paused(state: ExerciseState, event: Event) -> None:
    state.pauses.append(Pause(event.at))


def _resumed(state: ExerciseState, event: Event) -> None:
    state.pauses[-1] = Pause(state.pauses[-1].start, event.at)


def _note(state: ExerciseState, event: Event) -> None:
    state.notes.append(Note(event.data["text"], event.data.get("inject"), event.at, event.seq))


def _adhoc(state: ExerciseState, event: Event) -> None:
    data = event.data
    options = tuple(Option(f"option-{i + 1}", label) for i, label in enumerate(data.get("options", ())))
    inject = Inject(data["id"], data["title"], data["body"], data["question"], data.get("minutes"), options=options)
    state.adhoc[inject.id] = inject


def _hotwash(state: ExerciseState, event: Event) -> None:
    data = event.data
    plan = tuple(PlanRow(row.get("action", ""), row.get("owner", ""), row.get("due", "")) for row in data["plan"])
    state.hotwash = Hotwash(data.get("strengths", ""), data.get("improvements", ""), plan)


def _ended(state: ExerciseState, event: Event) -> None:
    state.ended_at = event.at
    if state.paused:
        state.pauses[-1] = Pause(state.pauses[-1].start, event.at)


def _nothing(state: ExerciseState, event: Event) -> None:
    return None


_HANDLERS = {
    EventKind.CREATED: _created,
    EventKind.TEAM_ADDED: _team_added,
    EventKind.STAGE_STARTED: _stage_started,
    EventKind.INJECT_DELIVERED: _delivered,
    EventKind.VOTING_OPENED: _voting_opened,
    EventKind.VOTING_LOCKED: _nothing,
    EventKind.DECISION_RECORDED: _decision,
    EventKind.DECISION_REVISED: _decision,
    EventKind.DECISION_CLASSIFIED: _classified,
    EventKind.RESULT_REVEALED: _revealed,
    EventKind.PAUSED: _paused,
    EventKind.RESUMED: _resumed,
    EventKind.COUNTDOWN_STARTED: _countdown_started,
    EventKind.NOTE_ADDED: _note,
    EventKind.ADHOC_INJECT_ADDED: _adhoc,
    EventKind.HOTWASH_UPDATED: _hotwash,
    EventKind.ENDED: _ended,
}
