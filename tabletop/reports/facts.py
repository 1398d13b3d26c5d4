"""What a debrief needs to know about a session, indexed once so every section is linear."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tabletop.core.exercise import Exercise
from tabletop.core.lens import Basis, Lens
from tabletop.core.model import Framework, Inject, NormEffect, Option
from tabletop.core.scoring import ScoredDecision, TeamScore
from tabletop.core.standing import Standing
from tabletop.core.state import Decision
from tabletop.core.wording import clock_text, duration_text, join_names, signed

__all__ = ["Facts", "clock_text", "duration_text", "join_names", "signed"]


@dataclass
class Facts:
    """The session indexed for the report, read through one framework (``lens``): every section reads the same."""

    exercise: Exercise
    finals: list[Decision]
    lens: Lens
    standing: Standing
    scored: dict[tuple[str, str], ScoredDecision] = field(default_factory=dict)
    scores: dict[str, TeamScore] = field(default_factory=dict)
    by_team: dict[str, list[Decision]] = field(default_factory=dict)
    by_inject: dict[str, list[Decision]] = field(default_factory=dict)
    taken: dict[tuple[str, str, str], list[Decision]] = field(default_factory=dict)
    delivered: list[Inject] = field(default_factory=list)
    basis: dict[str, Basis] = field(default_factory=dict)
    coverage: dict[str, Basis] = field(default_factory=dict)  # what any option of the scenario could reach
    times: dict[int, float] = field(default_factory=dict)  # each event's exercise time, by its number
    _labels: dict[tuple[str, str], str] = field(default_factory=dict)
    _best: dict[str, ScoredDecision | None] = field(default_factory=dict)
    _splits: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, exercise: Exercise, framework: str | None = None) -> Facts:
        lens = exercise.lens(framework)
        standing = exercise.standing()
        facts = cls(exercise, standing.finals, lens, standing)
        by_team: dict[str, list[Decision]] = {team.name: [] for team in exercise.teams}
        facts.by_team = by_team
        by_inject, taken, scored = facts.by_inject, facts.taken, facts.scored
        read = standing.scored(lens.id)
        # Teams taking one scenario option share its effects; written answers are each their own.
        shared = [choice.option and bool(found.effects) for choice, found in zip(standing.choices, read, strict=True)]
        for decision, number in zip(facts.finals, standing.choice_of, strict=True):
            team, inject = decision.team, decision.inject
            scored[(team, inject)] = read[number]
            by_team[team].append(decision)
            by_inject.setdefault(inject, []).append(decision)
            taken.setdefault((inject, decision.option or "", "" if shared[number] else team), []).append(decision)
        facts.scores = standing.scores(lens.id)
        facts.delivered = [exercise.inject(delivery.inject) for delivery in exercise.deliveries()]
        facts.basis = standing.basis(lens.id)
        facts.coverage = exercise.coverage(lens.id)
        facts.times = exercise.exercise_times()
        return facts

    @property
    def framework(self) -> Framework:
        """The framework the report reads the session through."""
        return self.lens.framework

    @property
    def norms(self) -> tuple[str, ...]:
        return self.lens.framework.norm_ids

    def short(self, norm: str) -> str:
        return self.lens.framework.norm(norm).short

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

    def clock(self, seq: int) -> str:
        """Exercise time of an event (pauses left out), as m:ss or h:mm:ss: the console's clock."""
        return clock_text(self.times[seq])

    def best_option(self, inject_id: str) -> ScoredDecision | None:
        """How the inject's most norm-upholding option scores (through the lens), or None if none moves a norm."""
        if inject_id not in self._best:
            inject = self.exercise.inject(inject_id)
            read = {option.id: self.lens.read(option.norms).effects for option in inject.options}
            moving = any(effect.effect for effects in read.values() for effect in effects)
            best = max(inject.options, key=lambda o: sum(e.effect for e in read[o.id])) if moving else None
            self._best[inject_id] = ScoredDecision(read[best.id], best.escalation) if best else None
        return self._best[inject_id]
