"""The published scoring method, checked against values computed by hand."""

from __future__ import annotations

import pytest

from tabletop.core.model import NormEffect
from tabletop.core.scoring import Band, ScoredDecision, band_for, round_half_up, score_norm, score_team

B = Band


@pytest.mark.parametrize(
    ("effects", "score", "band", "engaged"),
    [
        ([], None, B.NOT_TESTED, 0),
        ([0, 0], None, B.NOT_TESTED, 0),  # zero effects do not engage a norm
        ([-2, -2], -2.0, B.VIOLATED, 2),
        ([-2, -1], -1.5, B.VIOLATED, 2),
        ([-2, -1, -1], -1.33, B.VIOLATED, 3),  # -1.333.. < -1
        ([-1], -1.0, B.STRAINED, 1),  # -1 is the lower edge of strained
        ([-1, -1, 1], -0.33, B.STRAINED, 3),
        ([-1, 1], 0.0, B.MIXED, 2),  # exactly 0: as much upheld as strained
        ([1, -1, 1, -1], 0.0, B.MIXED, 4),
        ([2, -2], 0.0, B.STRAINED, 2),  # 0, but the floor rule: a -2 holds it at strained
        ([1, 1, 1, -1, -1, -1, 1, -1, 0], 0.0, B.MIXED, 8),
        ([1, 0, 0, 0, 0, 0], 1.0, B.UPHELD, 1),
        ([1, 1, -1], 0.33, B.UPHELD_WITH_CONCERNS, 3),
        ([1, 1, 1, -1, -1, 1, 1, 1], 0.5, B.UPHELD_WITH_CONCERNS, 8),
        ([1], 1.0, B.UPHELD, 1),  # 1 is the lower edge of upheld
        ([2, 1, 0], 1.5, B.UPHELD, 2),
        ([2, 2], 2.0, B.UPHELD, 2),
    ],
)
def test_bands_at_every_boundary(effects: list[int], score: float | None, band: Band, engaged: int) -> None:
    result = score_norm("MS-1", effects)
    assert (result.score, result.band, result.engaged) == (score, band, engaged)


@pytest.mark.parametrize(
    ("effects", "score", "without_floor"),
    [
        ([2, 2, 2, -2], 1.0, B.UPHELD),
        ([2, -2, 1], 0.33, B.UPHELD_WITH_CONCERNS),
        ([1, 1, 1, 1, 1, 1, 1, -2], 0.63, B.UPHELD_WITH_CONCERNS),  # 5/8 = 0.625 rounds half up
        ([-2, 1], -0.5, B.STRAINED),
    ],
)
def test_floor_rule_caps_a_team_with_any_minus_two_at_strained(
    effects: list[int], score: float, without_floor: Band
) -> None:
    result = score_norm("MS-5", effects)
    assert result.score == score
    assert band_for(score) is without_floor
    assert result.band is B.STRAINED
    assert result.worst == -2
    assert result.floored is (without_floor is not B.STRAINED)


def test_floor_rule_never_lifts_a_violation() -> None:
    result = score_norm("MS-5", [-2, -2, 1])  # -1.0: strained; -2 floor keeps strained
    assert result.band is B.STRAINED
    assert score_norm("MS-5", [-2, -2, -1]).band is B.VIOLATED


def test_band_is_read_from_the_two_decimal_score() -> None:
    effects = [1] * 1999 + [-1]  # mean 0.999 shows as 1.00, so it reads as upheld
    result = score_norm("MS-2", effects)
    assert result.score == 1.0
    assert result.band is B.UPHELD


def test_rounding_is_half_away_from_zero() -> None:
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(-0.125, 2) == -0.13
    assert round_half_up(29.25, 1) == 29.3


def decision(escalation: int = 0, **effects: int) -> ScoredDecision:
    return ScoredDecision(tuple(NormEffect(n.replace("_", "-"), e, "why") for n, e in effects.items()), escalation)


def test_team_index_uses_unrounded_scores_over_tested_norms() -> None:
    decisions = [
        decision(1, MS_1=2, MS_2=-1),
        decision(2, MS_1=1, MS_2=1),
        decision(-1, MS_2=-1),
    ]
    team = score_team("Red", ["MS-1", "MS-2", "MS-3"], decisions)
    assert team.norms["MS-1"].score == 1.5
    assert team.norms["MS-2"].score == -0.33
    assert team.norms["MS-3"].band is B.NOT_TESTED
    # 50 x mean(1.5, -1/3) = 29.1666.. -> 29.2 (the rounded scores would give 29.25 -> 29.3)
    assert team.index == 29.2
    assert team.escalation == 2


def test_index_is_null_when_nothing_was_tested() -> None:
    team = score_team("Blue", ["MS-1"], [decision(3)])
    assert team.index is None
    assert team.escalation == 3
    assert team.norms["MS-1"].score is None


def test_index_spans_minus_100_to_100() -> None:
    assert score_team("A", ["MS-1", "MS-2"], [decision(MS_1=2, MS_2=2)]).index == 100.0
    assert score_team("B", ["MS-1", "MS-2"], [decision(MS_1=-2, MS_2=-2)]).index == -100.0


def test_effects_on_norms_outside_the_framework_are_ignored() -> None:
    team = score_team("A", ["MS-1"], [decision(MS_1=1, GGE_a=-2)])
    assert set(team.norms) == {"MS-1"}
    assert team.index == 50.0
