"""The published scoring method, as pure functions.

For team t and norm n: take the non-zero effects on n of t's final decisions.
``engaged`` is their count, ``score`` their mean to two decimals (half away from zero).
Bands are read from that score: violated < -1 <= strained < 0 = mixed < upheld with concerns < 1 <= upheld.
Floor rule: any -2 on n caps the band at strained. A team's ``index`` is 50 times the mean
of its unrounded scores over tested norms, to one decimal; ``escalation`` sums the
escalation of its chosen options.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tabletop.core.model import NormEffect, StakeEffect


class Band(enum.Enum):
    NOT_TESTED = "not-tested"
    VIOLATED = "violated"
    STRAINED = "strained"
    MIXED = "mixed"
    UPHELD_WITH_CONCERNS = "upheld-with-concerns"
    UPHELD = "upheld"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def rank(self) -> int:
        """Order for comparison: violated lowest, upheld highest, not tested apart at -1."""
        return _RANK[self]

    @property
    def symbol(self) -> str:
        """The band's mark, which reads without colour: ▲▲ ▲ ▼ ▼▼, and a dot for not tested."""
        return _LOOK[self][0]

    @property
    def colours(self) -> tuple[str, str]:
        """Background and text colour of a cell in this band (a blue-red diverging scale that the
        common forms of colour blindness still tell apart; the symbol carries the meaning on its own)."""
        return _LOOK[self][1], _LOOK[self][2]


_RANK = {
    Band.NOT_TESTED: -1,
    Band.VIOLATED: 0,
    Band.STRAINED: 1,
    Band.MIXED: 2,
    Band.UPHELD_WITH_CONCERNS: 3,
    Band.UPHELD: 4,
}
_LOOK = {
    Band.UPHELD: ("\u25b2\u25b2", "#2166AC", "#FFFFFF"),
    Band.UPHELD_WITH_CONCERNS: ("\u25b2", "#92C5DE", "#000000"),
    Band.MIXED: ("\u25c6", "#D9D9D9", "#000000"),
    Band.STRAINED: ("\u25bc", "#F4A582", "#000000"),
    Band.VIOLATED: ("\u25bc\u25bc", "#B2182B", "#FFFFFF"),
    Band.NOT_TESTED: ("\u00b7", "#EEEEEE", "#555555"),
}
BAND_ORDER = (Band.UPHELD, Band.UPHELD_WITH_CONCERNS, Band.MIXED, Band.STRAINED, Band.VIOLATED, Band.NOT_TESTED)
"""The order legends and tables list the bands in: best first, not tested last."""


@dataclass(frozen=True)
class NormScore:
    norm: str
    score: float | None
    band: Band
    engaged: int
    mean: float | None = None
    worst: int | None = None
    floored: bool = False


@dataclass(frozen=True)
class StakeTotal:
    """What a team's final decisions gained (+) or cost (-) its own state on one stake, and how many moved it."""

    total: int = 0
    engaged: int = 0


@dataclass(frozen=True)
class TeamScore:
    team: str
    norms: Mapping[str, NormScore]
    index: float | None
    escalation: int
    stakes: Mapping[str, StakeTotal] = field(default_factory=dict)

    @property
    def balance(self) -> int:
        """The sum of the team's stake totals: what its choices gained its state, less what they cost."""
        return sum(total.total for total in self.stakes.values())


@dataclass(frozen=True)
class ScoredDecision:
    """What scoring needs of one final decision: its norm effects (as the lens reads them), escalation, stakes."""

    effects: tuple[NormEffect, ...]
    escalation: int = 0
    stakes: tuple[StakeEffect, ...] = ()


def round_half_up(value: float, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def band_for(score: float | None, worst: int | None = None) -> Band:
    """The band of a (two-decimal) score; with a -2 among the effects it is at best strained."""
    if score is None:
        return Band.NOT_TESTED
    if score < -1:
        band = Band.VIOLATED
    elif score < 0:
        band = Band.STRAINED
    elif score == 0:
        band = Band.MIXED  # as much upheld as strained
    elif score < 1:
        band = Band.UPHELD_WITH_CONCERNS
    else:
        band = Band.UPHELD
    if worst == -2 and band.rank > Band.STRAINED.rank:
        return Band.STRAINED
    return band


def score_norm(norm: str, effects: Sequence[int]) -> NormScore:
    """Score one norm from the effects of a team's final decisions on it (zeros are ignored)."""
    engaged = [effect for effect in effects if effect]
    if not engaged:
        return NormScore(norm, None, Band.NOT_TESTED, 0)
    mean = sum(engaged) / len(engaged)
    score = round_half_up(mean, 2)
    worst = min(engaged)
    band = band_for(score, worst)
    floored = band is not band_for(score)
    return NormScore(norm, score, band, len(engaged), mean, worst, floored)


def score_team(
    team: str, norm_ids: Sequence[str], decisions: Iterable[ScoredDecision], stake_ids: Sequence[str] = ()
) -> TeamScore:
    effects: dict[str, list[int]] = {norm: [] for norm in norm_ids}
    stakes: dict[str, list[int]] = {stake: [] for stake in stake_ids}
    escalation = 0
    for decision in decisions:
        escalation += decision.escalation
        for effect in decision.effects:
            if effect.norm in effects:
                effects[effect.norm].append(effect.effect)
        for stake in decision.stakes:
            if stake.effect and stake.stake in stakes:
                stakes[stake.stake].append(stake.effect)
    norms = {norm: score_norm(norm, values) for norm, values in effects.items()}
    means = [score.mean for score in norms.values() if score.mean is not None]
    index = round_half_up(50 * sum(means) / len(means), 1) if means else None
    totals = {stake: StakeTotal(sum(values), len(values)) for stake, values in stakes.items()}
    return TeamScore(team, norms, index, escalation, totals)


def score_teams(
    teams: Iterable[str],
    norm_ids: Sequence[str],
    decisions: Iterable[tuple[str, ScoredDecision]],
    stake_ids: Sequence[str] = (),
) -> dict[str, TeamScore]:
    """Every team's scores from (team, decision) pairs; a team with no decisions is scored too."""
    by_team: dict[str, list[ScoredDecision]] = {team: [] for team in teams}
    for team, decision in decisions:
        by_team[team].append(decision)
    return {team: score_team(team, norm_ids, found, stake_ids) for team, found in by_team.items()}
