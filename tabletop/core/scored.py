"""A session's scores: the published method over the standing decisions, read through any framework.

Each decision's effects are read through a lens (``core.lens``): the scenario's own framework
by default, or any other shipped framework. Stakes sit beside the norms: what each choice
gained or cost the team's own state.
"""

from __future__ import annotations

from tabletop.core.clock import Clock, utc_now
from tabletop.core.lens import Basis, Lens, Reading
from tabletop.core.model import NormEffect, Scenario, StakeEffect
from tabletop.core.reading import SessionReader
from tabletop.core.scoring import ScoredDecision, TeamScore, score_team
from tabletop.core.stakes import stake_ids
from tabletop.core.standing import Standing
from tabletop.core.state import Decision


class ScoredSession(SessionReader):
    """The read API with the scoring method: effects, stakes, lenses, scores."""

    def __init__(self, scenario: Scenario, *, clock: Clock = utc_now) -> None:
        super().__init__(scenario, clock=clock)
        self._scored_options: dict[tuple[str, str, str], ScoredDecision] = {}
        self._lenses: dict[str, Lens] = {}
        self._coverage: dict[str, dict[str, Basis]] = {}

    # -- scoring -----------------------------------------------------------------------

    def effects(self, decision: Decision) -> tuple[NormEffect, ...]:
        """Norm effects of a decision as written: its option's (any framework's), or the facilitator's reading."""
        inject = self.inject(decision.inject)
        if decision.option is not None:
            option_effects = inject.option(decision.option).norms
            if any(effect.effect for effect in option_effects):
                return option_effects
        classification = self._state.classifications.get((decision.team, decision.inject))
        return classification.effects if classification else ()

    def stakes(self, decision: Decision) -> tuple[StakeEffect, ...]:
        """What a decision gains or costs the team's state: its option's stakes, or the facilitator's reading."""
        if decision.option is not None:
            option_stakes = self.inject(decision.inject).option(decision.option).stakes
            if option_stakes:
                return option_stakes
        classification = self._state.classifications.get((decision.team, decision.inject))
        return classification.stakes if classification else ()

    def escalation(self, decision: Decision) -> int:
        if decision.option is None:
            return 0
        return self.inject(decision.inject).option(decision.option).escalation

    def lens(self, framework: str | None = None) -> Lens:
        """The scenario's decisions read through ``framework`` (by default the scenario's own)."""
        key = framework or self.framework.id
        found = self._lenses.get(key)
        if found is None:
            found = self._lenses[key] = Lens(self.framework.id, key)
        return found

    def reading(self, decision: Decision, framework: str | None = None) -> Reading:
        return self.lens(framework).read(self.effects(decision))

    def scored(self, decision: Decision, framework: str | None = None) -> ScoredDecision:
        """What the scoring method reads of a decision through a lens: norm effects, escalation, stakes.

        A scenario option scores the same for every team that takes it, so that reading is kept;
        a classified decision or an ad-hoc option is read afresh (the facilitator's reading is its own).
        """
        lens = self.lens(framework)
        shared = (
            decision.option is not None
            and self.classification(decision.team, decision.inject) is None
            and not self.is_adhoc(decision.inject)
        )
        key = (decision.inject, decision.option or "", lens.id)
        found = self._scored_options.get(key) if shared else None
        if found is None:
            effects = lens.read(self.effects(decision)).effects
            found = ScoredDecision(effects, self.escalation(decision), self.stakes(decision))
            if shared:
                self._scored_options[key] = found
        return found

    def standing(self) -> Standing:
        """The standing decisions as they are now, grouped by choice, to read through any number of lenses."""
        return Standing(self)

    def scores(self, framework: str | None = None) -> dict[str, TeamScore]:
        """Each team's scores by the published method, over its final decisions, read through a lens."""
        return self.standing().scores(framework)

    def team_score(self, team: str, framework: str | None = None) -> TeamScore:
        """One team's scores, the same as ``scores()[team]``, read from that team's own decisions alone.

        A move changes only its team's scores, so a window redraws that team's row from this
        instead of scoring every team again.
        """
        lens = self.lens(framework)
        mine = (self.scored(decision, lens.id) for decision in self.final_decisions_of(team))
        return score_team(self.team(team).name, lens.framework.norm_ids, mine, stake_ids())

    def basis(self, framework: str | None = None) -> dict[str, Basis]:
        """Each norm of a lens: the strongest way any team's final decisions reached it (direct > strong > partial)."""
        return self.standing().basis(framework)

    def coverage(self, framework: str | None = None) -> dict[str, Basis]:
        """Each norm of a lens: the strongest way any option of the scenario could reach it (not only those chosen)."""
        lens = self.lens(framework)
        found = self._coverage.get(lens.id)
        if found is None:  # the scenario's options never change: read them once per lens
            options = (option for inject in self.scenario.injects() for option in inject.options)
            found = self._coverage[lens.id] = lens.basis(lens.read(option.norms) for option in options)
        return dict(found)

    def spared(self, team: str, inject_id: str) -> Decision | None:
        """The earlier decision that kept a consequence inject from a team (it went to others), if one did."""
        inject = self.inject(inject_id)
        if not inject.when or self.receives(team, inject_id) or not self.is_delivered(inject_id):
            return None
        sources = {ref.partition(".")[0] for ref in inject.when}
        for source in sources:
            decision = self.final(team, source)
            if decision is not None:
                return decision
        return None
