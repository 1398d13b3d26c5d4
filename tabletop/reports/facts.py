"""What a debrief needs to know about a session, indexed once so every section is linear."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tabletop.core.exercise import Exercise
from tabletop.core.model import Inject, NormEffect, Option
from tabletop.core.scoring import ScoredDecision, TeamScore, score_teams
from tabletop.core.state import Decision, parse_time

MINUS = "\u2212"


@dataclass
class Facts:
    exercise: Exercise
    finals: list[Decision]
    scored: dict[tuple[str, str], ScoredDecision] = field(default_factory=dict)
    scores: dict[str, TeamScore] = field(default_factory=dict)
    by_team: dict[str, list[Decision]] = field(default_factory=dict)
    by_inject: dict[str, list[Decision]] = field(default_factory=dict)
    taken: dict[tuple[str, str, str], list[Decision]] = field(default_factory=dict)
    delivered: list[Inject] = field(default_factory=list)
    start: datetime | None = None
    _labels: dict[tuple[str, str], str] = field(default_factory=dict)
    _best: dict[str, ScoredDecision | None] = field(default_factory=dict)
    _splits: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, exercise: Exercise) -> Facts:
        facts = cls(exercise, exercise.final_decisions())
        by_team: dict[str, list[Decision]] = {team.name: [] for team in exercise.teams}
        facts.by_team = by_team
        by_inject, taken, scored_of = facts.by_inject, facts.taken, exercise.scored
        classified = exercise.state.classifications
        for decision in facts.finals:
            team, inject = decision.team, decision.inject
            scored = facts.scored[(team, inject)] = scored_of(decision)
            by_team[team].append(decision)
            by_inject.setdefault(inject, []).append(decision)
            # Teams taking one scenario option share its effects; written answers are each their own.
            shared = decision.option is not None and bool(scored.effects) and (team, inject) not in classified
            taken.setdefault((inject, decision.option or "", "" if shared else team), []).append(decision)
        pairs = ((team, scored) for (team, _), scored in facts.scored.items())
        facts.scores = score_teams(exercise.state.teams, exercise.framework.norm_ids, pairs)
        order = sorted(exercise.state.deliveries.values(), key=lambda delivery: delivery.seq)
        facts.delivered = [exercise.inject(delivery.inject) for delivery in order]
        if exercise.state.created_at:
            facts.start = parse_time(exercise.state.created_at)
        return facts

    @property
    def norms(self) -> tuple[str, ...]:
        return self.exercise.framework.norm_ids

    def short(self, norm: str) -> str:
        return self.exercise.framework.norm(norm).short

    def groups(self) -> list[tuple[str, str, tuple[NormEffect, ...], list[Decision]]]:
        """(inject, option, effects, decisions) for each choice taken, the most taken first."""
        ordered = sorted(self.taken.items(), key=lambda item: -len(item[1]))
        return [(inject, option, self.effects(found[0]), found) for (inject, option, _), found in ordered]

    def effects(self, decision: Decision) -> tuple[NormEffect, ...]:
        return self.scored[(decision.team, decision.inject)].effects

    def escalation(self, decision: Decision) -> int:
        return self.scored[(decision.team, decision.inject)].escalation

    def option(self, decision: Decision) -> Option | None:
        if decision.option is None:
            return None
        return self.exercise.inject(decision.inject).option(decision.option)

    def choice_label(self, decision: Decision) -> str:
        """'B Refuse the request', or 'written answer' for a discussion inject."""
        return self.label(decision.inject, decision.option)

    def choosing(self, decision: Decision) -> str:
        """Prose for a choice: 'choosing A (\u201cRefuse\u201d)', or 'answering in writing'."""
        if decision.option is None:
            return "answering in writing"
        inject = self.exercise.inject(decision.inject)
        return f"choosing {inject.letter(decision.option)} (\u201c{inject.option(decision.option).label}\u201d)"

    def chose(self, decision: Decision) -> str:
        """Prose for a choice in the past: 'chose A (\u201cRefuse\u201d)', or 'answered in writing'."""
        words = self.choosing(decision)
        return "answered in writing" if decision.option is None else "chose" + words.removeprefix("choosing")

    def label(self, inject_id: str, option_id: str | None) -> str:
        """'B \u00b7 Refuse the request' for tables; 'written answer' for a discussion inject."""
        if not option_id:
            return "written answer"
        key = (inject_id, option_id)
        found = self._labels.get(key)
        if found is None:
            inject = self.exercise.inject(inject_id)
            found = self._labels[key] = f"{inject.letter(option_id)} \u00b7 {inject.option(option_id).label}"
        return found

    def split(self, inject_id: str) -> Counter[str]:
        """How many teams chose each option (None for written answers)."""
        if inject_id not in self._splits:
            self._splits[inject_id] = Counter(d.option or "" for d in self.by_inject.get(inject_id, ()))
        return self._splits[inject_id]

    def clock(self, stamp: str) -> str:
        """Exercise time of a moment, pauses included, as h:mm:ss or m:ss from the start."""
        if self.start is None:
            return ""
        return clock_text(self.seconds(stamp))

    def seconds(self, stamp: str) -> float:
        """Seconds from the start of the session to ``stamp``."""
        assert self.start is not None
        return (parse_time(stamp) - self.start).total_seconds()

    def time_to_decide(self, first: datetime, delivered: datetime) -> float:
        """Seconds from delivery to a team's first decision, pauses left out."""
        took = (first - delivered).total_seconds()
        state = self.exercise.state
        if state.pauses:
            took -= state.paused_seconds(first) - state.paused_seconds(delivered)
        return max(took, 0.0)

    def best_option(self, inject_id: str) -> ScoredDecision | None:
        """How the inject's most norm-upholding option scores, or None if no option moves a norm."""
        if inject_id not in self._best:
            inject = self.exercise.inject(inject_id)
            moving = any(effect.effect for option in inject.options for effect in option.norms)
            best = max(inject.options, key=lambda o: sum(e.effect for e in o.norms)) if moving else None
            self._best[inject_id] = ScoredDecision(best.norms, best.escalation) if best else None
        return self._best[inject_id]


def letter(inject: Inject, option_id: str) -> str:
    return inject.letter(option_id) if inject.has_option(option_id) else "?"


def signed(value: float | None, places: int = 2) -> str:
    """A number with its sign, a true minus, and a fixed number of places; a dash when absent."""
    if value is None:
        return "\u2013"
    text = f"{abs(value):.{places}f}"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


def clock_text(seconds: float) -> str:
    """m:ss, or h:mm:ss from the first hour on."""
    whole = int(seconds) if seconds > 0 else 0
    if whole < 3600:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{int(seconds)} s"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d} min"


def join_names(names: list[str]) -> str:
    """Red; Red and Blue; Red, Blue and Green."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
