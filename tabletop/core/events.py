"""The events of the append-only exercise log: one frozen payload class per kind.

An ``Event`` is the envelope the log keeps (its number and time); what happened is its
``payload``, and the payload's class says which kind of event it is. Only ``core.codec``
turns payloads into stored data and back; every reader asks the payload's fields, or
better, the exercise's read API (``core.reading``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from tabletop.core.model import NormEffect, StakeEffect


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
    ROOM_OPENED = "room_opened"
    DEVICE_JOINED = "device_joined"
    VOTE_CAST = "vote_cast"


class Source(enum.StrEnum):
    """Where a decision was entered."""

    CONSOLE = "console"
    PRESENTER = "presenter"
    IMPORT = "import"
    ROOM = "room"


@dataclass(frozen=True, slots=True)
class Created:
    KIND: ClassVar[EventKind] = EventKind.CREATED
    session: str
    name: str
    facilitator: str = ""
    scenario: str = ""
    framework: str = ""


@dataclass(frozen=True, slots=True)
class TeamAdded:
    KIND: ClassVar[EventKind] = EventKind.TEAM_ADDED
    team: str
    color: str


@dataclass(frozen=True, slots=True)
class StageStarted:
    KIND: ClassVar[EventKind] = EventKind.STAGE_STARTED
    stage: str


@dataclass(frozen=True, slots=True)
class InjectDelivered:
    KIND: ClassVar[EventKind] = EventKind.INJECT_DELIVERED
    inject: str
    teams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VotingOpened:
    KIND: ClassVar[EventKind] = EventKind.VOTING_OPENED
    inject: str


@dataclass(frozen=True, slots=True)
class VotingLocked:
    KIND: ClassVar[EventKind] = EventKind.VOTING_LOCKED
    inject: str


@dataclass(frozen=True, slots=True)
class DecisionMade:
    """A team's answer to an inject. ``option`` is None for a written (discussion) answer.

    ``withdrawn`` marks an undo that took a team's only answer back; ``undoes`` names the
    event an undo reverses; ``reason`` says why a revision was made, where that is known.
    """

    KIND: ClassVar[EventKind] = EventKind.DECISION_RECORDED
    team: str
    inject: str
    option: str | None = None
    rationale: str = ""
    confidence: int | None = None
    dissent: str = ""
    source: Source = Source.CONSOLE
    reason: str = ""
    withdrawn: bool = False
    undoes: int | None = None


@dataclass(frozen=True, slots=True)
class DecisionRecorded(DecisionMade):
    KIND: ClassVar[EventKind] = EventKind.DECISION_RECORDED


@dataclass(frozen=True, slots=True)
class DecisionRevised(DecisionMade):
    KIND: ClassVar[EventKind] = EventKind.DECISION_REVISED


@dataclass(frozen=True, slots=True)
class DecisionClassified:
    """The facilitator's reading of a written answer: norm effects and stakes, each with a why."""

    KIND: ClassVar[EventKind] = EventKind.DECISION_CLASSIFIED
    team: str
    inject: str
    norms: tuple[NormEffect, ...] = ()
    stakes: tuple[StakeEffect, ...] = ()


@dataclass(frozen=True, slots=True)
class ResultRevealed:
    KIND: ClassVar[EventKind] = EventKind.RESULT_REVEALED
    inject: str


@dataclass(frozen=True, slots=True)
class Paused:
    KIND: ClassVar[EventKind] = EventKind.PAUSED


@dataclass(frozen=True, slots=True)
class Resumed:
    KIND: ClassVar[EventKind] = EventKind.RESUMED


@dataclass(frozen=True, slots=True)
class CountdownStarted:
    KIND: ClassVar[EventKind] = EventKind.COUNTDOWN_STARTED
    inject: str
    seconds: int


@dataclass(frozen=True, slots=True)
class NoteAdded:
    KIND: ClassVar[EventKind] = EventKind.NOTE_ADDED
    text: str
    inject: str | None = None


@dataclass(frozen=True, slots=True)
class AdhocOption:
    """One option of an inject written live, with what it does to the norms and to the state."""

    label: str
    norms: tuple[NormEffect, ...] = ()
    stakes: tuple[StakeEffect, ...] = ()


@dataclass(frozen=True, slots=True)
class AdhocInjectAdded:
    """An inject written live; its options' ids follow as option-1, option-2... ``teams`` empty: every team."""

    KIND: ClassVar[EventKind] = EventKind.ADHOC_INJECT_ADDED
    id: str
    title: str
    body: str
    question: str
    options: tuple[AdhocOption, ...] = ()
    minutes: int | None = None
    teams: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanItem:
    action: str
    owner: str = ""
    due: str = ""


@dataclass(frozen=True, slots=True)
class HotwashUpdated:
    KIND: ClassVar[EventKind] = EventKind.HOTWASH_UPDATED
    strengths: str = ""
    improvements: str = ""
    plan: tuple[PlanItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Ended:
    KIND: ClassVar[EventKind] = EventKind.ENDED


@dataclass(frozen=True, slots=True)
class RoomOpened:
    """The room for participants' phones: its join code, the key that signs device cookies, where it listens.

    Kept in the session so that after a crash the same room reopens and phones reconnect.
    ``key`` never leaves the laptop: the JSON debrief's log leaves it out.
    """

    KIND: ClassVar[EventKind] = EventKind.ROOM_OPENED
    code: str
    key: str
    host: str
    port: int


@dataclass(frozen=True, slots=True)
class DeviceJoined:
    """A phone joined a team. ``device`` is a random id minted at join, never a name."""

    KIND: ClassVar[EventKind] = EventKind.DEVICE_JOINED
    device: str
    team: str


@dataclass(frozen=True, slots=True)
class VoteCast:
    """A participant's vote from a phone: a vote, not the team's decision (that is made at lock)."""

    KIND: ClassVar[EventKind] = EventKind.VOTE_CAST
    inject: str
    team: str
    device: str
    option: str
    reason: str = ""


Payload = (
    Created
    | TeamAdded
    | StageStarted
    | InjectDelivered
    | VotingOpened
    | VotingLocked
    | DecisionRecorded
    | DecisionRevised
    | DecisionClassified
    | ResultRevealed
    | Paused
    | Resumed
    | CountdownStarted
    | NoteAdded
    | AdhocInjectAdded
    | HotwashUpdated
    | Ended
    | RoomOpened
    | DeviceJoined
    | VoteCast
)

PAYLOADS: dict[EventKind, type[Payload]] = {
    cls.KIND: cls
    for cls in (
        Created, TeamAdded, StageStarted, InjectDelivered, VotingOpened, VotingLocked, DecisionRecorded,
        DecisionRevised, DecisionClassified, ResultRevealed, Paused, Resumed, CountdownStarted, NoteAdded,
        AdhocInjectAdded, HotwashUpdated, Ended, RoomOpened, DeviceJoined, VoteCast,
    )
}  # fmt: skip


class Event(NamedTuple):
    """One entry of the log: its number (from 1), its time (ISO 8601, UTC) and what happened.

    A NamedTuple: resuming builds hundreds of thousands of these, and a tuple is the
    cheapest immutable record Python has.
    """

    seq: int
    at: str
    payload: Payload

    @property
    def kind(self) -> EventKind:
        return self.payload.KIND
