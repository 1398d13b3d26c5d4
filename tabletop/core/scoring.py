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
import functools
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
        return _untested(norm)
    return _scored_norm(norm, sum(engaged), len(engaged), min(engaged))


@functools.cache
def _untested(norm: str) -> NormScore:
    return NormScore(norm, None, Band.NOT_TESTED, 0)


@functools.lru_cache(maxsize=8192)
def _scored_norm(norm: str, total: int, engaged: int, worst: int) -> NormScore:
    """A norm's score from the sum, count and lowest of its non-zero effects: all the method needs of them.

    Scores repeat (a session has few distinct sums and counts), and rounding goes through
    Decimal, so each distinct one is worked out once; a NormScore is immutable, so it is shared.
    """
    mean = total / engaged
    score = round_half_up(mean, 2)
    band = band_for(score, worst)
    floored = band is not band_for(score)
    return NormScore(norm, score, band, engaged, mean, worst, floored)


def score_team(
    team: str, norm_ids: Sequence[str], decisions: Iterable[ScoredDecision], stake_ids: Sequence[str] = ()
) -> TeamScore:
    return score_groups((team,), norm_ids, ((decision, (team,)) for decision in decisions), stake_ids)[team]


def score_teams(
    teams: Iterable[str],
    norm_ids: Sequence[str],
    decisions: Iterable[tuple[str, ScoredDecision]],
    stake_ids: Sequence[str] = (),
) -> dict[str, TeamScore]:
    """Every team's scores from (team, decision) pairs; a team with no decisions is scored too."""
    return score_groups(teams, norm_ids, ((decision, (team,)) for team, decision in decisions), stake_ids)


def score_groups(
    teams: Iterable[str],
    norm_ids: Sequence[str],
    groups: Iterable[tuple[ScoredDecision, Sequence[str]]],
    stake_ids: Sequence[str] = (),
) -> dict[str, TeamScore]:
    """Every team's scores from decisions each taken by a group of teams (one option many teams chose).

    Each decision counts once for every team of its group, exactly as if each team's were
    given apart; a group's effects are sorted out once, however many teams took it.
    """
    totals = {team: _Totals() for team in teams}
    norms, stakes = frozenset(norm_ids), frozenset(stake_ids)
    for decision, members in groups:
        moving = [(e.norm, e.effect) for e in decision.effects if e.effect and e.norm in norms]
        moved = [(s.stake, s.effect) for s in decision.stakes if s.effect and s.stake in stakes]
        _add(totals, members, moving, decision.escalation, moved)
    return {team: found.score(team, norm_ids, stake_ids) for team, found in totals.items()}


def _add(
    totals: dict[str, _Totals], teams: Sequence[str], moving: list[tuple[str, int]], escalation: int,
    moved: list[tuple[str, int]],
) -> None:  # fmt: skip
    """One decision's effects, escalation and stakes added to each of its teams' sums (the inner loop, kept flat)."""
    for team in teams:
        found = totals[team]
        found.escalation += escalation
        sums = found.norms
        for norm, effect in moving:
            cell = sums.get(norm)
            if cell is None:
                sums[norm] = [effect, 1, effect]
            else:
                cell[0] += effect
                cell[1] += 1
                if effect < cell[2]:
                    cell[2] = effect
        for stake, effect in moved:
            total = found.stakes.setdefault(stake, [0, 0])
            total[0] += effect
            total[1] += 1


class _Totals:
    """One team's running sums: per norm [sum, count, lowest] of non-zero effects; escalation; stake [sum, count]."""

    __slots__ = ("escalation", "norms", "stakes")

    def __init__(self) -> None:
        self.norms: dict[str, list[int]] = {}
        self.stakes: dict[str, list[int]] = {}
        self.escalation = 0

    def score(self, team: str, norm_ids: Sequence[str], stake_ids: Sequence[str]) -> TeamScore:
        norms = {}
        for norm in norm_ids:
            found = self.norms.get(norm)
            norms[norm] = _untested(norm) if found is None else _scored_norm(norm, *found)
        means = [score.mean for score in norms.values() if score.mean is not None]
        index = round_half_up(50 * sum(means) / len(means), 1) if means else None
        totals = {stake: StakeTotal(*self.stakes.get(stake, (0, 0))) for stake in stake_ids}
        return TeamScore(team, norms, index, self.escalation, totals)
