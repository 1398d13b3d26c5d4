"""What the room may see: the presenter's screens as values built only from public fields.

The shared screen must never show facilitator-only material (norm effects and their whys,
guidance, precedents, notes) nor what a team chose before the facilitator reveals it. So
the presenter never reads the exercise itself: it draws one of these frozen values, and
only ``room_view`` looks at the exercise. Choices enter a value only through ``_reveal``,
which is called for a revealed inject alone; the norm lens only when the facilitator has
also switched it on. Free of Qt, so it is tested without a display.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tabletop.core.model import letter
from tabletop.core.stakes import stake_name
from tabletop.core.wording import join_names

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.core.model import Inject, Option

Status = Literal["waiting", "locked", "away", "unanswered"]
ANSWER_CHARS = 240  # a discussion answer is shown after the reveal, cut to what a screen can hold


@dataclass(frozen=True)
class TeamTile:
    """A team as the room sees it. ``choice`` (an option letter) is set only after the reveal."""

    number: int
    name: str
    color: str
    status: Status = "waiting"  # locked: answered; away: not for this team; unanswered: revealed, no answer
    choice: str = ""
    votes: str = ""  # the room open: "3 of 5 voted" before the reveal, the split ("A 3 · B 2") after it


@dataclass(frozen=True)
class RoomAddress:
    """Where phones join, while the room is open: the address as text and the join code."""

    url: str
    code: str


@dataclass(frozen=True)
class NormNote:
    """One line of the norm lens: what an option did to a norm (or to the state, for a stake), and why."""

    norm: str
    upheld: bool
    why: str
    stake: bool = False  # a stake: ``upheld`` then means the choice gained the state something


@dataclass(frozen=True)
class OptionRow:
    letter: str
    label: str
    teams: tuple[str, ...] = ()  # after the reveal: the teams that chose it
    lens: tuple[NormNote, ...] = ()  # after the reveal, with the lens on


@dataclass(frozen=True)
class Header:
    """The top line: where the exercise is, the countdown in seconds (None: none), the pause, the exercise clock."""

    stage: str = ""
    countdown: float | None = None
    paused: bool = False
    elapsed: float | None = None  # seconds of exercise time, pauses left out


@dataclass(frozen=True)
class Waiting:
    """No session is open."""

    teams: tuple[TeamTile, ...] = ()


@dataclass(frozen=True)
class TitleCard:
    scenario: str
    session: str
    teams: tuple[TeamTile, ...]
    room: RoomAddress | None = None


@dataclass(frozen=True)
class InjectScreen:
    stage: str
    title: str
    body_html: str  # the narrative, rendered from Markdown and sanitised
    question: str
    options: tuple[OptionRow, ...]
    teams: tuple[TeamTile, ...]
    phase: Literal["delivered", "voting", "locked", "revealed"]
    for_teams: tuple[str, ...] = ()  # a consequence (or targeted) inject: who it is for
    unanswered: tuple[str, ...] = ()  # after the reveal: recipients with no answer
    answers: tuple[tuple[str, str], ...] = ()  # after the reveal of a discussion: (team, answer)
    lens: bool = False
    paused: bool = False  # the room is on hold: no votes
    room: RoomAddress | None = None  # phones may join: shown in a corner while the inject is open

    @property
    def revealed(self) -> bool:
        return self.phase == "revealed"

    @property
    def voting(self) -> bool:
        return self.phase == "voting"


@dataclass(frozen=True)
class SummaryRow:
    """One inject of a stage summary; ``split`` is (letter, label, count), empty if never revealed."""

    title: str
    split: tuple[tuple[str, str, int], ...]
    revealed: bool


@dataclass(frozen=True)
class StageSummary:
    stage: str
    rows: tuple[SummaryRow, ...]
    teams: tuple[TeamTile, ...]


@dataclass(frozen=True)
class ClosingCard:
    scenario: str
    session: str
    injects: int
    teams: tuple[TeamTile, ...]


Screen = Waiting | TitleCard | InjectScreen | StageSummary | ClosingCard


def room_view(
    exercise: Exercise | None, *, lens: bool = False, summary: bool = False, room: RoomAddress | None = None
) -> Screen:
    """The screen the room may see now. ``lens`` and ``summary`` are the facilitator's switches; ``room``
    is where phones join, while the room is open."""
    if exercise is None:
        return Waiting()
    if exercise.ended_at:
        return ClosingCard(exercise.scenario.title, exercise.name, len(exercise.deliveries()), _tiles(exercise, None))
    if exercise.current is None:
        return TitleCard(exercise.scenario.title, exercise.name, _tiles(exercise, None), room)
    if summary and stage_complete(exercise):
        return _stage_summary(exercise, exercise.current)
    return _inject_screen(exercise, exercise.current, lens, room)


def room_header(exercise: Exercise | None) -> Header:
    """The header alone: the presenter redraws it every second without building the rest."""
    if exercise is None or exercise.ended_at:
        return Header()
    remaining = exercise.countdown_remaining() if exercise.countdown_running() else None  # once locked, no clock
    stage = stage_label(exercise, exercise.current) if exercise.current else ""
    return Header(stage, remaining, exercise.paused, exercise.elapsed())


def stage_complete(exercise: Exercise) -> bool:
    """The current inject is revealed and the next one to deliver (if any) opens another stage."""
    current = exercise.current
    if current is None or not exercise.is_revealed(current) or exercise.is_adhoc(current):
        return False
    following = exercise.next_inject()
    return following is None or exercise.stage_of(following) != exercise.stage_of(current)


def stage_label(exercise: Exercise, inject_id: str) -> str:
    stage = exercise.stage_of(inject_id)
    if stage is None:
        return "Ad hoc"
    return f"Stage {exercise.stage_number(inject_id)} — {stage.title}"


names_words = join_names


def _tiles(exercise: Exercise, inject_id: str | None, revealed: bool = False) -> tuple[TeamTile, ...]:
    delivery = exercise.delivery(inject_id) if inject_id else None
    tiles = []
    for team in exercise.teams:
        decision = exercise.final(team.name, inject_id) if inject_id else None
        status: Status = "locked" if decision is not None else "unanswered" if revealed else "waiting"
        if delivery is not None and team.name not in delivery.teams:
            status = "away"
        choice = ""
        if revealed and decision is not None and decision.option is not None:
            choice = exercise.inject(decision.inject).letter(decision.option)
        votes = _votes(exercise, team.name, inject_id, revealed) if status != "away" else ""
        tiles.append(TeamTile(team.number, team.name, team.color, status, choice, votes))
    return tuple(tiles)


def _votes(exercise: Exercise, team: str, inject_id: str | None, revealed: bool) -> str:
    """How a team's phones stand: how many voted (never for what) until the reveal, then the split."""
    members = exercise.members(team)
    if not members or inject_id is None:
        return ""
    inject = exercise.inject(inject_id)
    if revealed:
        counts = exercise.votes_outcome(team, inject_id).counts
        return " · ".join(f"{inject.letter(option)} {count}" for option, count in counts.items())
    return f"{len(exercise.ballot(team, inject_id))} of {members} voted" if inject.options else ""


@functools.lru_cache(maxsize=512)
def narrative(body: str) -> str:
    """An inject's narrative as sanitised HTML; kept, since the room sees each one many times."""
    from tabletop.reports.markup import to_html

    return to_html(body)


def prepare(exercise: Exercise | None) -> None:
    """Render every narrative ahead, so delivering an inject does not wait for Markdown."""
    for inject in exercise.all_injects() if exercise is not None else ():
        narrative(inject.body)


def _inject_screen(exercise: Exercise, inject_id: str, lens: bool, room: RoomAddress | None) -> InjectScreen:
    inject = exercise.inject(inject_id)
    recipients = exercise.recipients(inject_id)
    revealed = exercise.is_revealed(inject_id)
    phase = exercise.phase.value
    screen = InjectScreen(
        stage=stage_label(exercise, inject_id),
        title=inject.title,
        body_html=narrative(inject.body),
        question=inject.question,
        options=tuple(OptionRow(letter(i), option.label) for i, option in enumerate(inject.options)),
        teams=_tiles(exercise, inject_id, revealed),
        phase="revealed" if revealed else "voting" if phase == "voting" else _quiet(phase),
        for_teams=recipients if set(recipients) != set(exercise.team_names) else (),
        paused=exercise.paused,
        room=room if phase in ("delivered", "voting") and not revealed else None,
    )
    return _reveal(exercise, inject, screen, lens) if revealed else screen


def _quiet(phase: str) -> Literal["delivered", "locked"]:
    return "locked" if phase == "locked" else "delivered"


def _reveal(exercise: Exercise, inject: Inject, screen: InjectScreen, lens: bool) -> InjectScreen:
    """The screen after the facilitator's reveal: who chose what, the split, and the lens if asked for."""
    from dataclasses import replace

    finals = {team: exercise.final(team, inject.id) for team in exercise.recipients(inject.id)}
    rows = tuple(
        OptionRow(
            row.letter,
            row.label,
            tuple(team for team, decision in finals.items() if decision and decision.option == option.id),
            _lens(exercise, option) if lens else (),
        )
        for row, option in zip(screen.options, inject.options, strict=True)
    )
    unanswered = tuple(team for team, decision in finals.items() if decision is None)
    answers: tuple[tuple[str, str], ...] = ()
    if inject.is_discussion:
        answers = tuple((team, _cut(d.rationale)) for team, d in finals.items() if d is not None)
    return replace(screen, options=rows, unanswered=unanswered, answers=answers, lens=lens)


def _lens(exercise: Exercise, option: Option) -> tuple[NormNote, ...]:
    """What the option did, read through the scenario's framework, and what it gained or cost the state."""
    framework = exercise.framework
    norms = tuple(
        NormNote(f"{effect.norm} {framework.norm(effect.norm).short}", effect.effect > 0, effect.why)
        for effect in exercise.lens().read(option.norms).effects
    )
    stakes = tuple(
        NormNote(stake_name(effect.stake).lower(), effect.effect > 0, effect.why, stake=True)
        for effect in option.stakes
        if effect.effect
    )
    return norms + stakes


def _cut(text: str) -> str:
    return text if len(text) <= ANSWER_CHARS else text[: ANSWER_CHARS - 1].rstrip() + "…"


def _stage_summary(exercise: Exercise, inject_id: str) -> StageSummary:
    stage = exercise.scenario.stage_of(inject_id)
    rows = tuple(_summary_row(exercise, inject) for inject in stage.injects if exercise.is_delivered(inject.id))
    return StageSummary(stage_label(exercise, inject_id), rows, _tiles(exercise, None))


def _summary_row(exercise: Exercise, inject: Inject) -> SummaryRow:
    if not exercise.is_revealed(inject.id):  # its choices were never shown, so the summary keeps them hidden
        return SummaryRow(inject.title, (), False)
    chosen = [d.option for team in exercise.recipients(inject.id) if (d := exercise.final(team, inject.id))]
    split = tuple((letter(i), option.label, chosen.count(option.id)) for i, option in enumerate(inject.options))
    return SummaryRow(inject.title, split, True)
