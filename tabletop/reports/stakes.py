"""Stakes in the debrief: what each team's choices gained or cost its own state, set beside its norm index.

Norms say what is right; stakes say what it cost. The table gives each team's total on every
stake and its balance (the sum); the chart sets the norm index against that balance, so a
reader sees at a glance who paid for restraint and who gained at a norm's expense.
"""

from __future__ import annotations

from collections.abc import Iterable

from tabletop.core.model import StakeEffect
from tabletop.core.scoring import TeamScore
from tabletop.core.stakes import builtin_stakes, stake_name
from tabletop.reports import context as c
from tabletop.reports.cells import team_info
from tabletop.reports.environment import render
from tabletop.reports.facts import Facts, join_names, signed

LABELLED_POINTS = 16  # beyond this, names would cover each other: the table beside the chart gives every team
CHART = (640, 420, 70, 30, 50, 30)  # width, height, then left, top, bottom, right margins


def stake_rows(facts: Facts) -> tuple[c.StakeRow, ...]:
    """Each team: its norm index, its total on every stake (with how many decisions moved it), its balance."""
    rows = []
    for team in facts.exercise.teams:
        score = facts.scores[team.name]
        totals = tuple(_total(score, stake.id) for stake in builtin_stakes())
        index = signed(score.index, 1)
        rows.append(c.StakeRow(team_info(facts, team.name), index, totals, signed(score.balance, 0), reading(score)))
    return tuple(rows)


def _total(score: TeamScore, stake: str) -> str:
    found = score.stakes.get(stake)
    if found is None or not found.engaged:
        return "\u2013"
    return f"{signed(found.total, 0)} ({found.engaged})"


def reading(score: TeamScore) -> str:
    """Where a team stands with norms on one axis and its own state's gains on the other."""
    if score.index is None:
        return "no norm tested"
    balance = score.balance
    if score.index > 0:
        return "upheld the norms at a net cost" if balance < 0 else "upheld the norms at no net cost"
    if score.index < 0:
        if balance > 0:
            return "gained at the norms' expense"
        return "strained the norms for no net gain" if balance == 0 else "strained the norms and still lost ground"
    return "level on the norms"


def stake_words(effects: Iterable[StakeEffect]) -> str:
    """'at a security cost of \u22122 and an economy gain of +1', or '' when no stake moved."""
    parts = [
        f"{_article(stake_name(e.stake).lower())} {stake_name(e.stake).lower()} "
        f"{'cost' if e.effect < 0 else 'gain'} of {signed(e.effect, 0)}"
        for e in effects
        if e.effect
    ]
    return f"at {join_names(parts)}" if parts else ""


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def team_stakes(score: TeamScore) -> str:
    """'stakes \u22123 (security \u22124, economy +1)', or 'no stake moved'."""
    moved = [f"{stake_name(stake).lower()} {signed(t.total, 0)}" for stake, t in score.stakes.items() if t.total]
    if not moved:
        return "no stake moved"
    return f"stakes balance {signed(score.balance, 0)} ({', '.join(moved)})"


def _short(name: str) -> str:
    return name if len(name) <= 18 else name[:17] + "\u2026"


def stakes_svg(facts: Facts) -> tuple[str, tuple[int, int]]:
    """A point per team: stakes balance across, norm index up; the quadrants named."""
    width, height, left, top, bottom, right = CHART
    scores = [facts.scores[team.name] for team in facts.exercise.teams]
    reach = max([abs(s.balance) for s in scores] + [2])
    span = -(-reach // 2) * 2  # an even number of units each side of zero
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(value: float) -> float:
        return round(left + plot_w * (value + span) / (2 * span), 1)

    def y(value: float) -> float:
        return round(top + plot_h * (100 - value) / 200, 1)

    labelled = len(scores) <= LABELLED_POINTS
    at: dict[tuple[float, float], list[tuple[str, str]]] = {}  # teams on the same spot share one label
    for s, team in zip(scores, facts.exercise.teams, strict=True):
        if s.index is not None:
            at.setdefault((x(s.balance), y(s.index)), []).append((team.color, team.name))
    points = [
        (px, py, found[0][0], join_names([_short(name) for _, name in found]) if labelled else "")
        for (px, py), found in at.items()
    ]
    x_ticks = [(value, x(value)) for value in range(-span, span + 1, max(span // 4, 1))]
    y_ticks = [(value, y(value)) for value in (-100, -50, 0, 50, 100)]
    svg = render(
        "charts/stakes.svg.j2",
        width=width, height=height, left=left, top=top, right=width - right, bottom=height - bottom,
        zero_x=x(0), zero_y=y(0), points=points, x_ticks=x_ticks, y_ticks=y_ticks,
    )  # fmt: skip
    return svg, (width, height)
