"""What happened, told: each consequence chain as a short story per team, and the teams' written answers.

A consequence inject reaches a team because of an earlier choice; a chain follows one team
from the choice that started it through each inject that choice brought on. Written answers
to discussion injects are the teams' own words, shown with the facilitator's reading.
"""

from __future__ import annotations

from tabletop.core.state import Decision
from tabletop.reports import context as c
from tabletop.reports.facts import Facts, signed

CHAINS_LISTED = 60  # a long list goes unread; the timeline and the log hold every step


def chains(facts: Facts) -> tuple[c.Story, ...]:
    """Per team, each path from a choice that brought on a consequence inject to where the path ended."""
    stories = []
    for team in facts.exercise.teams:
        followed = _followers(facts, team.name)
        heads = [inject for inject in followed if not any(inject in after for after in followed.values())]
        for head in heads:
            for path in _paths(followed, head):
                stories.append(c.Story(team.name, _told(facts, team.name, path)))
    return tuple(stories[:CHAINS_LISTED])


def _followers(facts: Facts, team: str) -> dict[str, list[str]]:
    """For one team: each inject whose answer brought it a consequence inject, and the injects it brought."""
    found: dict[str, list[str]] = {}
    for inject in facts.delivered:
        if not inject.when or not facts.exercise.receives(team, inject.id):
            continue
        for ref in inject.when:
            source, _, option = ref.partition(".")
            decision = facts.exercise.final(team, source)
            if decision is not None and decision.option == option:
                found.setdefault(source, []).append(inject.id)
                break
    return found


def _paths(followed: dict[str, list[str]], start: str) -> list[list[str]]:
    nexts = followed.get(start, [])
    if not nexts:
        return [[start]]
    return [[start, *rest] for after in nexts for rest in _paths(followed, after)]


def _told(facts: Facts, team: str, path: list[str]) -> tuple[str, ...]:
    """The steps: 'chose A (“Keep it”) on “The flaw”', then '“It leaks”: chose B (“…”)', ..."""
    steps = []
    for number, inject_id in enumerate(path):
        title = facts.exercise.inject(inject_id).title
        decision = facts.exercise.final(team, inject_id)
        did = _did(facts, decision)
        steps.append(f"{did} on \u201c{title}\u201d" if number == 0 else f"\u201c{title}\u201d followed; it {did}")
    return tuple(steps)


def _did(facts: Facts, decision: Decision | None) -> str:
    if decision is None:
        return "gave no answer"
    return facts.chose(decision)


def written_answers(facts: Facts) -> tuple[c.Answer, ...]:
    """Every written answer to a discussion inject, with the facilitator's reading of it (or none yet)."""
    found = []
    for inject in facts.delivered:
        if inject.options:
            continue
        for decision in facts.by_inject.get(inject.id, ()):
            text = decision.rationale.strip()
            if not text:
                continue
            effects = [e for e in facts.effects(decision) if e.effect]
            stakes = [s for s in facts.exercise.stakes(decision) if s.effect]
            moves = [f"{e.norm} {signed(e.effect, 0)}: {e.why}" for e in effects]
            moves += [f"{s.stake} {signed(s.effect, 0)}: {s.why}" for s in stakes]
            reading = "; ".join(moves) if moves else "not classified against the norms"
            found.append(c.Answer(inject.title, decision.team, text, reading))
    return tuple(found)
