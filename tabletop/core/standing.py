"""The standing decisions of a session at one moment, grouped by the choice they share.

Every team that took the same scenario option shares its effects, its escalation and its
stakes, so a snapshot groups the decisions by choice once, and each lens then reads each
choice once. Scores, bases and readings through every framework cost one pass over the
choices each, instead of a lens reading per decision per framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tabletop.core.lens import Basis, Reading
from tabletop.core.model import NormEffect
from tabletop.core.scoring import ScoredDecision, TeamScore, score_groups
from tabletop.core.stakes import stake_ids
from tabletop.core.state import Decision

if TYPE_CHECKING:
    from tabletop.core.scored import ScoredSession


class Choice(NamedTuple):
    """One choice some teams took: the first decision taking it, and every team that took it (in order).

    ``option`` is true for an option taken as the scenario (or the ad-hoc inject) wrote it, false
    for a decision the facilitator classified or a written answer: those are each their own.
    """

    first: Decision
    teams: list[str]
    option: bool


class Standing:
    """The standing decisions as they are now: ``finals`` in the order first decided, grouped into choices.

    Decisions on the same scenario or ad-hoc option share a choice, unless the facilitator
    classified one (its reading is its own). A snapshot: moves made afterwards are not in it.
    """

    def __init__(self, session: ScoredSession) -> None:
        self._session = session
        self.finals: list[Decision] = session.final_decisions()
        self.choices: list[Choice] = []
        self.choice_of: list[int] = []  # for each of ``finals``, the number of its choice
        numbers: dict[tuple[str | None, ...], int] = {}
        classified = session.classified()
        for decision in self.finals:
            team, inject, option = decision.team, decision.inject, decision.option
            shared = option is not None and (team, inject) not in classified
            key = (inject, option) if shared else (team, inject, "")
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(self.choices)
                self.choices.append(Choice(decision, [], shared))
            self.choices[number].teams.append(team)
            self.choice_of.append(number)
        self._scored: dict[str, list[ScoredDecision]] = {}
        self._written: list[tuple[NormEffect, ...]] | None = None
        self._distinct: list[tuple[NormEffect, ...]] | None = None

    def scored(self, framework: str | None = None) -> list[ScoredDecision]:
        """What the scoring method reads of each choice through a lens (in the order of ``choices``)."""
        lens = self._session.lens(framework)
        found = self._scored.get(lens.id)
        if found is None:
            scored = self._session.scored
            found = self._scored[lens.id] = [scored(choice.first, lens.id) for choice in self.choices]
        return found

    def scored_finals(self, framework: str | None = None) -> list[ScoredDecision]:
        """What the scoring method reads of each of ``finals`` through a lens, in their order."""
        scored = self.scored(framework)
        return [scored[number] for number in self.choice_of]

    def scores(self, framework: str | None = None) -> dict[str, TeamScore]:
        """Each team's scores by the published method, read through a lens."""
        lens = self._session.lens(framework)
        groups = zip(self.scored(lens.id), (choice.teams for choice in self.choices), strict=True)
        return score_groups(self._session.team_names, lens.framework.norm_ids, groups, stake_ids())

    def effects(self) -> list[tuple[NormEffect, ...]]:
        """Each choice's norm effects as written (its option's, or the facilitator's reading)."""
        if self._written is None:
            effects = self._session.effects
            self._written = [effects(choice.first) for choice in self.choices]
        return self._written

    def readings(self, framework: str | None = None) -> list[Reading]:
        """What a lens reads in each choice, related (partial) links included."""
        read = self._session.lens(framework).read
        return [read(effects) for effects in self.effects()]

    def basis(self, framework: str | None = None) -> dict[str, Basis]:
        """Each norm of a lens: the strongest way any standing decision reached it (direct > strong > partial)."""
        lens = self._session.lens(framework)
        if self._distinct is None:  # lens or no lens, the same few effects: find them once
            self._distinct = list(dict.fromkeys(self.effects()))
        return lens.basis(lens.read(effects) for effects in self._distinct)
