"""The exercise: intent methods that check a move, write it to the log, then apply it.

Every method returns the events it added ("what changed"). An event goes to the sink
(the durable store) before it is applied, so state never runs ahead of what is saved:
if the sink raises, the move did not happen and may be tried again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from tabletop.core import events as e
from tabletop.core.clock import Clock, stamp, utc_now
from tabletop.core.errors import IllegalMove, InvalidDecision, NotARecipient
from tabletop.core.events import Event, EventKind, Source
from tabletop.core.inputs import (
    check_classification,
    check_confidence,
    check_option,
    check_stakes,
    clean,
    clean_name,
    name_key,
    unchanged,
    when_words,
)
from tabletop.core.model import Scenario
from tabletop.core.phases import Phase, next_phase
from tabletop.core.room_moves import RoomMoves
from tabletop.core.scenario import known_norms
from tabletop.core.stakes import stake_ids
from tabletop.core.state import Tally

Sink = Callable[[Event, Tally], None]
TeamSpec = str | tuple[str, str]  # a name, or a name and a #rrggbb colour
K = EventKind

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
TEAM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
NAMED_COLOURS = {
    "blue": "#0072B2", "red": "#D55E00", "green": "#009E73", "gold": "#E69F00", "orange": "#E69F00",
    "purple": "#CC79A7", "pink": "#CC79A7", "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000",
}  # fmt: skip
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_TEXT = 10_000
MAX_NAME = 40


class Exercise(RoomMoves):
    """A session of one scenario: its teams, the log, and the moves a facilitator makes."""

    def __init__(self, scenario: Scenario, *, clock: Clock = utc_now, sink: Sink | None = None) -> None:
        super().__init__(scenario, clock=clock)
        self.sink = sink

    @classmethod
    def create(
        cls,
        scenario: Scenario,
        *,
        session_id: str,
        teams: Iterable[TeamSpec],
        name: str = "",
        facilitator: str = "",
        clock: Clock = utc_now,
        sink: Sink | None = None,
    ) -> Exercise:
        """A new session, ready to run: the one way every session is set up (console, CLI, demo, tests)."""
        exercise = cls(scenario, clock=clock, sink=sink)
        name = clean(name, "session name", MAX_NAME * 3) or scenario.title
        facilitator = clean(facilitator, "facilitator", MAX_NAME)
        exercise._emit(e.Created(session_id, name, facilitator, scenario.id, scenario.framework))
        for team in teams:
            exercise.add_team(*((team,) if isinstance(team, str) else team))
        if not exercise.teams:
            raise IllegalMove("a session needs at least one team")
        return exercise

    @classmethod
    def replay(cls, scenario: Scenario, events: Iterable[Event], *, clock: Clock = utc_now) -> Exercise:
        """Rebuild an exercise from its log; give it a sink afterwards for the moves still to come."""
        exercise = cls(scenario, clock=clock)
        apply = exercise._state.apply
        for event in events:
            apply(event)
        return exercise

    def rewind(self, events: Iterable[Event]) -> None:
        """Forget the state in memory and replay ``events`` (what the store holds after a failed commit)."""
        self._state = Exercise.replay(self.scenario, events, clock=self._clock)._state

    def copy(self) -> Exercise:
        """A private replay of the log so far, for reading on another thread while moves go on here."""
        return Exercise.replay(self.scenario, list(self.log), clock=self._clock)

    # -- moves ---------------------------------------------------------------------------

    def add_team(self, name: str, color: str | None = None) -> list[Event]:
        name = clean_name(name, "team name", MAX_NAME)
        if not name:
            raise IllegalMove("a team needs a name")
        twin = next((team for team in self.team_names if name_key(team) == name_key(name)), None)
        if twin is not None:
            same = "" if twin == name else f" ('{name}' differs from it only in case, width or look-alike letters)"
            raise IllegalMove(f"there is already a team called '{twin}'{same}")
        colour = color or self._colour_for(name)
        if not _COLOUR.fullmatch(colour):
            raise IllegalMove(f"a team colour is written #rrggbb, not {colour!r}")
        return [self._emit(e.TeamAdded(name, colour))]

    def deliver(self, inject_id: str | None = None, teams: Sequence[str] | None = None) -> list[Event]:
        """Deliver an inject (by default the next one); starts its stage when it opens one."""
        inject_id = inject_id or self.next_inject()
        if inject_id is None:
            raise IllegalMove("every inject has been delivered")
        inject = self.inject(inject_id)
        if self.is_delivered(inject_id):
            raise IllegalMove(f"inject '{inject_id}' has already been delivered")
        targets = tuple(teams) if teams is not None else self.recipients(inject_id)
        for team in targets:
            self.team(team)
        if not targets:
            raise IllegalMove(f"no team qualifies for '{inject_id}' ({when_words(inject)})")
        next_phase(self.phase, K.INJECT_DELIVERED, self.paused)
        events = []
        stage = self.stage_of(inject_id)
        if stage is not None and not self.stage_started(stage.id):
            events.append(self._emit(e.StageStarted(stage.id)))
        events.append(self._emit(e.InjectDelivered(inject_id, targets)))
        return events

    def open_voting(self) -> list[Event]:
        return [self._emit(e.VotingOpened(self._current()))]

    def lock_voting(self) -> list[Event]:
        """Close voting; each team that voted from phones, and that no one chose for, gets its plurality."""
        inject_id = self._current()
        next_phase(self.phase, K.VOTING_LOCKED, self.paused)
        added = [self._emit(decision) for decision in self._room_decisions(inject_id)]
        return [*added, self._emit(e.VotingLocked(inject_id))]

    def reveal(self) -> list[Event]:
        ties = self.pending_ties()
        if ties:
            teams = ", ".join(team for team, _, _ in ties)
            raise IllegalMove(f"the phone vote tied for {teams}: pick among the tied options first")
        return [self._emit(e.ResultRevealed(self._current()))]

    def start_countdown(self, seconds: int | None = None) -> list[Event]:
        inject = self.inject(self._current())
        seconds = seconds if seconds is not None else (inject.minutes or 5) * 60
        if not isinstance(seconds, int) or not 1 <= seconds <= 24 * 3600:
            raise IllegalMove("a countdown runs between one second and one day")
        return [self._emit(e.CountdownStarted(inject.id, seconds))]

    def decide(
        self,
        team: str,
        inject_id: str,
        option: str | None = None,
        *,
        rationale: str = "",
        confidence: int | None = None,
        dissent: str = "",
        source: Source = Source.CONSOLE,
        reason: str = "",
    ) -> list[Event]:
        """Record a team's decision; a second decision on the same inject is a revision."""
        self._check_receives(team, inject_id)
        inject = self.inject(inject_id)
        if source in (Source.PRESENTER, Source.ROOM):
            if self.paused:
                raise IllegalMove("the session is paused: votes wait until the facilitator resumes")
            if self.phase is not Phase.VOTING or self.current != inject_id:
                raise IllegalMove(f"voting is not open on '{inject_id}'")
        decision = e.DecisionRecorded(
            team,
            inject_id,
            check_option(inject, option),
            clean(rationale, "rationale", MAX_TEXT, multiline=True),
            check_confidence(confidence),
            clean(dissent, "dissent", MAX_TEXT, multiline=True),
            source,
            clean(reason, "reason", MAX_TEXT),
        )
        if inject.is_discussion and not decision.rationale:
            raise InvalidDecision(f"'{inject_id}' is a discussion inject: write the team's answer as its rationale")
        if unchanged(self.final(team, inject_id), decision):
            return []
        return [self._emit(_as_revision(decision) if self.has_answered(team, inject_id) else decision)]

    def undo_last_decision(self) -> list[Event]:
        """Revise the most recent decision back to what stood before it; the log keeps both."""
        undone = {event.payload.undoes for event in self.log if isinstance(event.payload, e.DecisionMade)}
        for event in reversed(self.log):
            payload = event.payload
            if isinstance(payload, e.DecisionMade) and payload.undoes is None and event.seq not in undone:
                return [self._emit(self._restore(event.seq, payload))]
        raise IllegalMove("there is no decision to undo")

    def classify(
        self,
        team: str,
        inject_id: str,
        norms: Mapping[str, tuple[int, str]],
        stakes: Mapping[str, tuple[int, str]] | None = None,
    ) -> list[Event]:
        """The facilitator's reading of a free-text decision, per norm and per stake, each with its why."""
        decision = self.final(team, inject_id)
        if decision is None:
            raise InvalidDecision(f"team '{team}' has no decision on '{inject_id}' to classify")
        if decision.option is not None and any(x.effect for x in self.inject(inject_id).option(decision.option).norms):
            raise InvalidDecision("this decision chose an option whose norm effects are set by the scenario")
        effects = check_classification(norms, self.framework.id, self.framework.norm_ids)
        moved = check_stakes(stakes or {}, stake_ids())
        return [self._emit(e.DecisionClassified(team, inject_id, effects, moved))]

    def pause(self) -> list[Event]:
        return [self._emit(e.Paused())]

    def resume(self) -> list[Event]:
        return [self._emit(e.Resumed())]

    def add_note(self, text: str, inject_id: str | None = None) -> list[Event]:
        text = clean(text, "note", MAX_TEXT, multiline=True)
        if not text:
            raise IllegalMove("a note needs some text")
        inject_id = inject_id if inject_id is not None else self.current
        if inject_id is not None:
            self.inject(inject_id)
        return [self._emit(e.NoteAdded(text, inject_id))]

    def add_adhoc_inject(
        self,
        title: str,
        body: str,
        question: str,
        options: Sequence[str | e.AdhocOption] = (),
        minutes: int | None = None,
        teams: Sequence[str] = (),
    ) -> list[Event]:
        """An inject written live, for every team or only ``teams``; deliver it like any other.

        An option may be a bare label or an ``AdhocOption`` with norm effects and stakes.
        """
        title = clean(title, "title", MAX_NAME * 4)
        body = clean(body, "body", MAX_TEXT, multiline=True)
        question = clean(question, "question", MAX_TEXT)
        if not (title and body and question):
            raise IllegalMove("an ad-hoc inject needs a title, a narrative and a question")
        choices = tuple(
            self._adhoc_option(option) for option in options if str(getattr(option, "label", option)).strip()
        )
        if minutes is not None and (not isinstance(minutes, int) or not 1 <= minutes <= 240):
            raise IllegalMove("an ad-hoc inject's countdown runs from 1 to 240 minutes")
        aimed = tuple(self.team(name).name for name in teams)
        number = len(self.adhoc_injects()) + 1
        return [self._emit(e.AdhocInjectAdded(f"adhoc-{number}", title, body, question, choices, minutes, aimed))]

    def _adhoc_option(self, option: str | e.AdhocOption) -> e.AdhocOption:
        if isinstance(option, str):
            return e.AdhocOption(clean(option, "option", MAX_NAME * 4))
        norms = check_classification({x.norm: (x.effect, x.why) for x in option.norms}, "any shipped framework",
                                     known_norms())  # fmt: skip
        stakes = check_stakes({x.stake: (x.effect, x.why) for x in option.stakes}, stake_ids())
        return e.AdhocOption(clean(option.label, "option", MAX_NAME * 4), norms, stakes)

    def update_hotwash(self, strengths: str, improvements: str, plan: Iterable[Mapping[str, str]]) -> list[Event]:
        rows = [[clean(str(row.get(key, "")), key, MAX_TEXT) for key in ("action", "owner", "due")] for row in plan]
        return [
            self._emit(
                e.HotwashUpdated(
                    clean(strengths, "strengths", MAX_TEXT, multiline=True),
                    clean(improvements, "improvements", MAX_TEXT, multiline=True),
                    tuple(e.PlanItem(*row) for row in rows if any(row)),
                )
            )
        ]

    def end(self) -> list[Event]:
        return [self._emit(e.Ended())]

    # -- internals -----------------------------------------------------------------------

    def _emit(self, payload: e.Payload) -> Event:
        if payload.KIND is not K.CREATED:
            next_phase(self.phase, payload.KIND, self.paused)
        event = Event(len(self.log) + 1, stamp(self._clock()), payload)
        if self.sink is not None:
            self.sink(event, self._state.tally_after(event))
        self._state.apply(event)
        return event

    def _colour_for(self, name: str) -> str:
        """The palette colour a team's name asks for ('Red' is drawn red), else the first one not yet taken."""
        used = {team.color for team in self.teams}
        wanted = NAMED_COLOURS.get(name_key(name))
        if wanted and wanted not in used:
            return wanted
        free = [colour for colour in TEAM_COLOURS if colour not in used]
        return free[0] if free else TEAM_COLOURS[len(used) % len(TEAM_COLOURS)]

    def _current(self) -> str:
        if self.current is None:
            raise IllegalMove("no inject has been delivered yet")
        return self.current

    def _check_receives(self, team: str, inject_id: str) -> None:
        self.team(team)
        inject = self.inject(inject_id)
        if not self.is_delivered(inject_id):
            raise IllegalMove(f"inject '{inject_id}' has not been delivered yet")
        if not self.receives(team, inject_id):
            raise NotARecipient(f"team '{team}' never received '{inject_id}' ({when_words(inject)})")

    def _restore(self, seq: int, undone: e.DecisionMade) -> e.DecisionRevised:
        revisions = self.history(undone.team, undone.inject)
        index = next(i for i, decision in enumerate(revisions) if decision.seq == seq)
        if index == 0 or revisions[index - 1].withdrawn:
            return e.DecisionRevised(undone.team, undone.inject, None, reason="undo", withdrawn=True, undoes=seq)
        before = revisions[index - 1]
        return e.DecisionRevised(
            undone.team, undone.inject, before.option, before.rationale, before.confidence, before.dissent,
            Source.CONSOLE, "undo", undoes=seq,
        )  # fmt: skip


def _as_revision(decision: e.DecisionMade) -> e.DecisionRevised:
    return e.DecisionRevised(
        decision.team, decision.inject, decision.option, decision.rationale, decision.confidence, decision.dissent,
        decision.source, decision.reason,
    )  # fmt: skip
