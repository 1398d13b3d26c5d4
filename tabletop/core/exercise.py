"""The exercise: intent methods that check a move, write it to the log, then apply it.

Every method returns the events it added ("what changed"). An event goes to the sink
(the durable store) before it is applied, so state never runs ahead of what is saved:
if the sink raises, the move did not happen and may be tried again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from tabletop.core.events import (
    Event,
    EventKind,
    IllegalMove,
    InvalidDecision,
    NotARecipient,
    Phase,
    Source,
    UnknownInject,
    UnknownTeam,
    next_phase,
)
from tabletop.core.frameworks import get_framework
from tabletop.core.inputs import check_classification, check_confidence, check_option, clean, unchanged, when_words
from tabletop.core.model import Inject, NormEffect, Scenario
from tabletop.core.scoring import ScoredDecision, TeamScore, score_teams
from tabletop.core.state import Decision, ExerciseState, Team, parse_time

Clock = Callable[[], datetime]
Sink = Callable[[Event], None]
K = EventKind

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
TEAM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_TEXT = 10_000
MAX_NAME = 40


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


class Exercise:
    """A session of one scenario: its teams, the log, and the moves a facilitator makes."""

    def __init__(self, scenario: Scenario, *, clock: Clock = utc_now, sink: Sink | None = None) -> None:
        self.state = ExerciseState(scenario)
        self.scenario = scenario
        self.framework = get_framework(scenario.framework)
        self._clock = clock
        self.sink = sink
        self._scored_options: dict[tuple[str, str], ScoredDecision] = {}

    @classmethod
    def create(
        cls,
        scenario: Scenario,
        *,
        session_id: str,
        name: str,
        facilitator: str = "",
        teams: Iterable[str] = (),
        clock: Clock = utc_now,
        sink: Sink | None = None,
    ) -> Exercise:
        exercise = cls(scenario, clock=clock, sink=sink)
        name = clean(name, "session name", MAX_NAME * 3) or scenario.title
        data = {"session": session_id, "name": name, "facilitator": clean(facilitator, "facilitator", MAX_NAME)}
        exercise._emit(K.CREATED, {**data, "scenario": scenario.id, "framework": scenario.framework})
        for team in teams:
            exercise.add_team(team)
        return exercise

    @classmethod
    def replay(
        cls, scenario: Scenario, events: Iterable[Event], *, clock: Clock = utc_now, sink: Sink | None = None
    ) -> Exercise:
        """Rebuild an exercise from its log; the sink only sees moves made afterwards."""
        exercise = cls(scenario, clock=clock)
        apply = exercise.state.apply
        for event in events:
            apply(event)
        exercise.sink = sink
        return exercise

    # -- reading -------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def teams(self) -> list[Team]:
        return list(self.state.teams.values())

    @property
    def log(self) -> Sequence[Event]:
        return self.state.log

    def now(self) -> datetime:
        return self._clock()

    def inject(self, inject_id: str) -> Inject:
        try:
            return self.state.inject(inject_id)
        except KeyError:
            raise UnknownInject(f"no inject '{inject_id}' in scenario '{self.scenario.id}'") from None

    def all_injects(self) -> list[Inject]:
        return [*self.scenario.injects(), *self.state.adhoc.values()]

    def recipients(self, inject_id: str) -> tuple[str, ...]:
        """Teams the inject reaches if delivered now: for a consequence, those whose choice qualifies."""
        inject = self.inject(inject_id)
        if inject_id in self.state.deliveries:
            return self.state.deliveries[inject_id].teams
        if not inject.when:
            return tuple(self.state.teams)
        wanted = {tuple(ref.split(".", 1)) for ref in inject.when}
        return tuple(
            team
            for team in self.state.teams
            if any(
                (decision := self.state.final(team, source)) is not None and (source, decision.option) in wanted
                for source, _ in wanted
            )
        )

    def next_inject(self) -> str | None:
        """The next scenario inject not yet delivered that reaches at least one team."""
        for inject in self.scenario.injects():
            if inject.id not in self.state.deliveries and self.recipients(inject.id):
                return inject.id
        return None

    def final_decisions(self) -> list[Decision]:
        """Each team's standing decision per inject, in the order first recorded."""
        return self.state.finals()

    def effects(self, decision: Decision) -> tuple[NormEffect, ...]:
        """Norm effects of a decision: its option's, or the facilitator's classification."""
        inject = self.inject(decision.inject)
        if decision.option is not None:
            option_effects = inject.option(decision.option).norms
            if any(effect.effect for effect in option_effects):
                return option_effects
        classification = self.state.classifications.get((decision.team, decision.inject))
        return classification.effects if classification else ()

    def scored(self, decision: Decision) -> ScoredDecision:
        """What the scoring method reads of a decision: its norm effects and its escalation."""
        if decision.option is None:
            return ScoredDecision(self.effects(decision))
        key = (decision.inject, decision.option)
        found = self._scored_options.get(key)
        if found is None:
            found = ScoredDecision(self.effects(decision), self.escalation(decision))
            if any(effect.effect for effect in found.effects) and decision.inject not in self.state.adhoc:
                self._scored_options[key] = found  # a scenario option scores the same for every team
        return found

    def scores(self) -> dict[str, TeamScore]:
        """Each team's scores by the published method, over its final decisions."""
        pairs = ((decision.team, self.scored(decision)) for decision in self.final_decisions())
        return score_teams(self.state.teams, self.framework.norm_ids, pairs)

    def escalation(self, decision: Decision) -> int:
        if decision.option is None:
            return 0
        return self.inject(decision.inject).option(decision.option).escalation

    def elapsed(self, now: datetime | None = None) -> float:
        """Seconds of exercise time so far, pauses left out."""
        if not self.state.created_at:
            return 0.0
        end = parse_time(self.state.ended_at) if self.state.ended_at else (now or self._clock())
        return max((end - parse_time(self.state.created_at)).total_seconds() - self.state.paused_seconds(end), 0.0)

    def countdown_remaining(self, now: datetime | None = None) -> float | None:
        """Seconds left on the current countdown (negative when over time); it stands still while paused."""
        countdown = self.state.countdown
        if countdown is None:
            return None
        now = now or self._clock()
        paused = self.state.paused_seconds(now) - countdown.paused_before
        running = (now - parse_time(countdown.started_at)).total_seconds() - paused
        return countdown.seconds - running

    # -- moves ---------------------------------------------------------------------------

    def add_team(self, name: str, color: str | None = None) -> list[Event]:
        name = clean(name, "team name", MAX_NAME)
        if not name:
            raise IllegalMove("a team needs a name")
        if name.casefold() in {team.casefold() for team in self.state.teams}:
            raise IllegalMove(f"there is already a team called '{name}'")
        colour = color or TEAM_COLOURS[len(self.state.teams) % len(TEAM_COLOURS)]
        if not _COLOUR.fullmatch(colour):
            raise IllegalMove(f"a team colour is written #rrggbb, not {colour!r}")
        return [self._emit(K.TEAM_ADDED, {"team": name, "color": colour})]

    def deliver(self, inject_id: str | None = None, teams: Sequence[str] | None = None) -> list[Event]:
        """Deliver an inject (by default the next one); starts its stage when it opens one."""
        inject_id = inject_id or self.next_inject()
        if inject_id is None:
            raise IllegalMove("every inject has been delivered")
        inject = self.inject(inject_id)
        if inject_id in self.state.deliveries:
            raise IllegalMove(f"inject '{inject_id}' has already been delivered")
        if not self.state.teams:
            raise IllegalMove("add at least one team before delivering an inject")
        targets = tuple(teams) if teams is not None else self.recipients(inject_id)
        for team in targets:
            self._team(team)
        if not targets:
            raise IllegalMove(f"no team qualifies for '{inject_id}' ({when_words(inject)})")
        next_phase(self.phase, K.INJECT_DELIVERED, self.state.paused)
        events = []
        if inject_id not in self.state.adhoc:
            stage = self.scenario.stage_of(inject_id).id
            if stage not in self.state.stages_started:
                events.append(self._emit(K.STAGE_STARTED, {"stage": stage}))
        events.append(self._emit(K.INJECT_DELIVERED, {"inject": inject_id, "teams": list(targets)}))
        return events

    def open_voting(self) -> list[Event]:
        return [self._emit(K.VOTING_OPENED, {"inject": self._current()})]

    def lock_voting(self) -> list[Event]:
        return [self._emit(K.VOTING_LOCKED, {"inject": self._current()})]

    def reveal(self) -> list[Event]:
        return [self._emit(K.RESULT_REVEALED, {"inject": self._current()})]

    def start_countdown(self, seconds: int | None = None) -> list[Event]:
        inject = self.inject(self._current())
        seconds = seconds if seconds is not None else (inject.minutes or 5) * 60
        if not isinstance(seconds, int) or not 1 <= seconds <= 24 * 3600:
            raise IllegalMove("a countdown runs between one second and one day")
        return [self._emit(K.COUNTDOWN_STARTED, {"inject": inject.id, "seconds": seconds})]

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
        if source is Source.PRESENTER and (self.phase is not Phase.VOTING or self.state.current != inject_id):
            raise IllegalMove(f"voting is not open on '{inject_id}'")
        data: dict[str, Any] = {
            "team": team,
            "inject": inject_id,
            "option": check_option(inject, option),
            "rationale": clean(rationale, "rationale", MAX_TEXT, multiline=True),
            "confidence": check_confidence(confidence),
            "dissent": clean(dissent, "dissent", MAX_TEXT, multiline=True),
            "source": source.value,
        }
        if inject.is_discussion and not data["rationale"]:
            raise InvalidDecision(f"'{inject_id}' is a discussion inject: write the team's answer as its rationale")
        if reason:
            data["reason"] = clean(reason, "reason", MAX_TEXT)
        if unchanged(self.state.final(team, inject_id), data):
            return []
        kind = K.DECISION_REVISED if (team, inject_id) in self.state.decision_events else K.DECISION_RECORDED
        return [self._emit(kind, data)]

    def undo_last_decision(self) -> list[Event]:
        """Revise the most recent decision back to what stood before it; the log keeps both."""
        undone = {e.data["undoes"] for e in self.state.log if "undoes" in e.data}
        decisions = (K.DECISION_RECORDED, K.DECISION_REVISED)
        for event in reversed(self.state.log):
            if event.kind in decisions and "undoes" not in event.data and event.seq not in undone:
                return [self._emit(K.DECISION_REVISED, self._restore(event))]
        raise IllegalMove("there is no decision to undo")

    def classify(self, team: str, inject_id: str, norms: Mapping[str, tuple[int, str]]) -> list[Event]:
        """The facilitator's reading of a free-text decision, per norm, each with its why."""
        decision = self.state.final(team, inject_id)
        if decision is None:
            raise InvalidDecision(f"team '{team}' has no decision on '{inject_id}' to classify")
        if decision.option is not None and any(e.effect for e in self.inject(inject_id).option(decision.option).norms):
            raise InvalidDecision("this decision chose an option whose norm effects are set by the scenario")
        spec = check_classification(norms, self.framework.id, self.framework.norm_ids)
        return [self._emit(K.DECISION_CLASSIFIED, {"team": team, "inject": inject_id, "norms": spec})]

    def pause(self) -> list[Event]:
        return [self._emit(K.PAUSED, {})]

    def resume(self) -> list[Event]:
        return [self._emit(K.RESUMED, {})]

    def add_note(self, text: str, inject_id: str | None = None) -> list[Event]:
        text = clean(text, "note", MAX_TEXT, multiline=True)
        if not text:
            raise IllegalMove("a note needs some text")
        inject_id = inject_id if inject_id is not None else self.state.current
        if inject_id is not None:
            self.inject(inject_id)
        return [self._emit(K.NOTE_ADDED, {"text": text, "inject": inject_id})]

    def add_adhoc_inject(
        self, title: str, body: str, question: str, options: Sequence[str] = (), minutes: int | None = None
    ) -> list[Event]:
        """An inject written live; deliver it like any other."""
        fields = {
            "title": clean(title, "title", MAX_NAME * 4),
            "body": clean(body, "body", MAX_TEXT, multiline=True),
            "question": clean(question, "question", MAX_TEXT),
        }
        if not all(fields.values()):
            raise IllegalMove("an ad-hoc inject needs a title, a narrative and a question")
        labels = [clean(label, "option", MAX_NAME * 4) for label in options if label.strip()]
        if minutes is not None and (not isinstance(minutes, int) or not 1 <= minutes <= 240):
            raise IllegalMove("an ad-hoc inject's countdown runs from 1 to 240 minutes")
        data = {"id": f"adhoc-{len(self.state.adhoc) + 1}", **fields, "options": labels, "minutes": minutes}
        return [self._emit(K.ADHOC_INJECT_ADDED, data)]

    def update_hotwash(self, strengths: str, improvements: str, plan: Iterable[Mapping[str, str]]) -> list[Event]:
        rows = [
            {key: clean(str(row.get(key, "")), key, MAX_TEXT) for key in ("action", "owner", "due")} for row in plan
        ]
        data = {
            "strengths": clean(strengths, "strengths", MAX_TEXT, multiline=True),
            "improvements": clean(improvements, "improvements", MAX_TEXT, multiline=True),
            "plan": [row for row in rows if any(row.values())],
        }
        return [self._emit(K.HOTWASH_UPDATED, data)]

    def end(self) -> list[Event]:
        return [self._emit(K.ENDED, {})]

    # -- internals -----------------------------------------------------------------------

    def _emit(self, kind: EventKind, data: Mapping[str, Any]) -> Event:
        if kind is not K.CREATED:
            next_phase(self.phase, kind, self.state.paused)
        event = Event(len(self.state.log) + 1, kind, stamp(self._clock()), dict(data))
        if self.sink is not None:
            self.sink(event)
        self.state.apply(event)
        return event

    def _team(self, name: str) -> Team:
        try:
            return self.state.teams[name]
        except KeyError:
            known = ", ".join(self.state.teams) or "none yet"
            raise UnknownTeam(f"no team '{name}' in this session (teams: {known})") from None

    def _current(self) -> str:
        if self.state.current is None:
            raise IllegalMove("no inject has been delivered yet")
        return self.state.current

    def _check_receives(self, team: str, inject_id: str) -> None:
        self._team(team)
        inject = self.inject(inject_id)
        delivery = self.state.deliveries.get(inject_id)
        if delivery is None:
            raise IllegalMove(f"inject '{inject_id}' has not been delivered yet")
        if team not in delivery.teams:
            raise NotARecipient(f"team '{team}' never received '{inject_id}' ({when_words(inject)})")

    def _restore(self, event: Event) -> dict[str, Any]:
        key = (event.data["team"], event.data["inject"])
        revisions = self.state.history(*key)
        index = next(i for i, decision in enumerate(revisions) if decision.seq == event.seq)
        base = {"team": key[0], "inject": key[1], "source": Source.CONSOLE.value, "undoes": event.seq}
        if index == 0 or revisions[index - 1].withdrawn:
            return {**base, "option": None, "withdrawn": True, "reason": "undo"}
        before = revisions[index - 1]
        kept = {"option": before.option, "rationale": before.rationale, "confidence": before.confidence}
        return {**base, **kept, "dissent": before.dissent, "reason": "undo"}
