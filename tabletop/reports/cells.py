"""The small records every table of the report is made of: a norm, a team, a team's reading of a norm."""

from __future__ import annotations

import functools

from tabletop.core.model import Norm
from tabletop.core.scoring import NormScore
from tabletop.reports import context as c
from tabletop.reports.facts import Facts, signed


def norm_info(norm: Norm) -> c.NormInfo:
    return c.NormInfo(norm.id, norm.short, norm.text, norm.type.value.replace("-", " "))


def team_info(facts: Facts, name: str) -> c.TeamInfo:
    team = facts.exercise.team(name)
    return c.TeamInfo(team.name, team.color, team.number)


@functools.lru_cache(maxsize=4096)
def cell(score: NormScore) -> c.Cell:
    """A reading as a table shows it; readings repeat (teams share scores), so each distinct one is made once."""
    shown = signed(score.score) if score.score is not None else "\u2013"
    return c.Cell(
        score.norm, score.band.value, score.band.label, score.band.symbol, shown, score.engaged, score.floored
    )
