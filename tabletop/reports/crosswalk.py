"""The crosswalk section: the same decisions read through every other framework, each norm with its basis.

A norm is scored under another framework only from direct effects or strong links; a norm
that only partial links reach shows the decisions it relates to, and one reached by
neither is listed as not covered by the scenario.
"""

from __future__ import annotations

from tabletop.core.frameworks import builtin_frameworks
from tabletop.core.lens import Basis
from tabletop.reports import context as c
from tabletop.reports.cells import cell, norm_info, team_info
from tabletop.reports.facts import Facts, signed

BASIS_WORDS = {
    Basis.DIRECT: "effects written for this norm",
    Basis.STRONG: "carried by a strong crosswalk link",
    Basis.PARTIAL: "related decisions only (partial links are never scored)",
    Basis.NONE: "no decision reached it",
}
NOT_COVERED = "not covered by this scenario: no option reaches it"
RELATED_LISTED = 6


def crosswalks(facts: Facts) -> tuple[c.CrosswalkTable, ...]:
    """A table for each shipped framework but the one the report reads through."""
    tables = []
    for framework in builtin_frameworks().values():
        if framework.id == facts.framework.id:
            continue
        tables.append(_table(facts, framework.id))
    return tuple(tables)


def _table(facts: Facts, framework: str) -> c.CrosswalkTable:
    exercise = facts.exercise
    lens = exercise.lens(framework)
    basis = facts.standing.basis(framework)
    covered = exercise.coverage(framework)
    scores = facts.standing.scores(framework)
    related = related_decisions(facts, framework, RELATED_LISTED)
    norms = tuple(
        c.CrosswalkNorm(
            norm_info(norm),
            basis[norm.id].value,
            NOT_COVERED if covered[norm.id] is Basis.NONE else BASIS_WORDS[basis[norm.id]],
            tuple(related.get(norm.id, ())) if basis[norm.id] is Basis.PARTIAL else (),
        )
        for norm in lens.framework.norms
    )
    rows = tuple(
        c.MatrixRow(
            team_info(facts, team.name),
            signed(scores[team.name].index, 1),
            signed(scores[team.name].escalation, 0),
            tuple(cell(scores[team.name].norms[norm.id]) for norm in lens.framework.norms),
        )
        for team in exercise.teams
    )
    return c.CrosswalkTable(framework, lens.framework.title, norms, rows)


def related_decisions(facts: Facts, framework: str, limit: int) -> dict[str, list[str]]:
    """For each norm of ``framework``: the first ``limit`` choices a partial crosswalk link relates to it, in words."""
    exercise = facts.exercise
    found: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    choices = facts.standing.choices
    for choice, reading in zip(choices, facts.standing.readings(framework), strict=True):
        decision = choice.first  # every team of a choice reads the same: the first stands for them all
        for norm, effect in reading.related:
            key = (norm, decision.inject, decision.option or decision.team, effect.norm)
            if key in seen or len(found.get(norm, ())) >= limit:
                continue
            seen.add(key)
            title = exercise.inject(decision.inject).title
            words = facts.label(decision.inject, decision.option) if decision.option else f"{decision.team}'s answer"
            found.setdefault(norm, []).append(
                f"\u201c{words}\u201d on \u201c{title}\u201d ({effect.norm} {signed(effect.effect, 0)}: {effect.why})"
            )
    return found
