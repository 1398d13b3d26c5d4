"""``tabletop demo``: play a built-in scenario with simulated teams and write every debrief format.

The teams have temperaments (principled, pragmatic, hawkish) and a fixed random seed, so
the same command always tells the same story: useful to see the product without a room.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tabletop.core.exercise import Exercise
from tabletop.core.library import ScenarioFile
from tabletop.core.model import Inject, Option, Stage
from tabletop.core.playback import ScriptClock, close_current

SEED = 2014


@dataclass(frozen=True)
class Temperament:
    team: str
    weigh: Callable[[Option], float]
    reasons: tuple[str, ...]
    answer: str
    lean: int


def _norm_sum(option: Option) -> float:
    return sum(effect.effect for effect in option.norms)


TEMPERAMENTS = (
    Temperament(
        "Northbridge",
        lambda o: _norm_sum(o) * 2 - o.escalation,
        (
            "Trust in our own products is a strategic asset; we will not spend it.",
            "If we would object when a rival did this, we should not do it ourselves.",
            "The precedent we set here outlasts this crisis.",
        ),
        "We would commit in writing to report flaws to vendors by default and publish the rule.",
        1,
    ),
    Temperament(
        "Eastmere",
        lambda o: _norm_sum(o) - abs(o.escalation) * 0.5 + 0.4,
        (
            "A middle course keeps our options open while we learn more.",
            "We can defend this in public and still protect the operation.",
            "Not ideal, but it buys time without burning partners.",
        ),
        "We would set up a review board but keep room for exceptions the minister can approve.",
        0,
    ),
    Temperament(
        "Southgate",
        lambda o: o.escalation * 2 - _norm_sum(o),
        (
            "Our adversaries will not hold back, so neither can we.",
            "Security comes first; the norms can wait for calmer days.",
            "Showing resolve now prevents a worse test later.",
        ),
        "We would keep what we find for operations and decide case by case, without publishing anything.",
        -1,
    ),
)


def play_demo(source: ScenarioFile, session_id: str, say: Callable[[str], None]) -> Exercise:
    """A whole session of ``source`` with the simulated teams, timed as a real room would be."""
    rng = random.Random(SEED)
    clock = ScriptClock(datetime.now(UTC).replace(microsecond=0))
    exercise = Exercise.create(
        source.scenario,
        session_id=session_id,
        name=f"Demonstration: {source.scenario.title}",
        facilitator="Demo facilitator",
        teams=[temperament.team for temperament in TEMPERAMENTS],
        clock=clock,
    )
    stages = source.scenario.stages
    for number, stage in enumerate(stages, start=1):
        decided = _play_stage(exercise, stage, clock, rng)
        say(f"stage {number}/{len(stages)}: {stage.title} \u2014 {decided} decisions")
        if number == 1:
            exercise.pause()
            clock.minute += 4
            exercise.resume()
    close_current(exercise)
    _hotwash(exercise)
    exercise.end()
    return exercise


def _play_stage(exercise: Exercise, stage: Stage, clock: ScriptClock, rng: random.Random) -> int:
    decided = 0
    for inject in stage.injects:
        if not exercise.recipients(inject.id):
            continue
        close_current(exercise)
        exercise.deliver(inject.id)
        exercise.open_voting()
        for temperament in TEMPERAMENTS:
            if exercise.receives(temperament.team, inject.id):
                clock.minute += rng.uniform(0.6, 2.4)
                _decide(exercise, inject, temperament, rng)
                decided += 1
        clock.minute += 1.5
    exercise.add_note(_stage_note(exercise, stage))
    return decided


def _decide(exercise: Exercise, inject: Inject, temperament: Temperament, rng: random.Random) -> None:
    team = temperament.team
    if inject.is_discussion:
        exercise.decide(team, inject.id, rationale=temperament.answer, confidence=rng.randint(2, 5))
        norm = _stage_norm(exercise, inject)
        if temperament.lean and norm:
            why = "Commits to the norm in a way others can check" if temperament.lean > 0 else "Leaves the norm aside"
            exercise.classify(team, inject.id, {norm: (temperament.lean, why)})
        return
    ranked = sorted(inject.options, key=lambda o: temperament.weigh(o) + rng.uniform(-0.3, 0.3), reverse=True)
    first = ranked[0]
    dissent = ""
    if len(ranked) > 1 and rng.random() < 0.3:
        dissent = f"Two of us argued for \u201c{ranked[1].label}\u201d instead."
    if team == "Eastmere" and len(ranked) > 1 and rng.random() < 0.35:
        exercise.decide(team, inject.id, ranked[1].id, rationale="First instinct, before the discussion.", confidence=2)
    exercise.decide(
        team,
        inject.id,
        first.id,
        rationale=rng.choice(temperament.reasons),
        confidence=rng.randint(2, 5),
        dissent=dissent,
    )


def _stage_norm(exercise: Exercise, inject: Inject) -> str | None:
    stage = exercise.scenario.stage_of(inject.id)
    norms = Counter(e.norm for i in stage.injects for o in i.options for e in o.norms if e.effect)
    return norms.most_common(1)[0][0] if norms else None  # ties go to the first seen: same story every run


def _stage_note(exercise: Exercise, stage: Stage) -> str:
    teams = [t.name for t in exercise.teams]
    return (
        f"**{stage.title}**: {teams[0]} argued from precedent throughout; {teams[-1]} pressed for "
        "operational advantage and moved fastest."
    )


def _hotwash(exercise: Exercise) -> None:
    exercise.update_hotwash(
        strengths="Teams explained their choices in terms of precedent and trust, not only the crisis at hand.",
        improvements="Decisions on disclosure were made without a written rule to lean on; "
        "teams improvised the policy under time pressure.",
        plan=[
            {
                "action": "Draft a vulnerability handling policy that defaults to disclosure",
                "owner": "Cyber policy unit",
                "due": "Next quarter",
            },
            {
                "action": "Agree how to ask vendors for help without asking for access",
                "owner": "Legal adviser",
                "due": "Before the next exercise",
            },
        ],
    )


def write_all(exercise: Exercise, folder: Path, say: Callable[[str], None]) -> list[Path]:
    """Every debrief format into ``folder``; returns the paths in the order written."""
    from tabletop.reports.export import FORMATS, export

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        say(f"writing debrief.{fmt}")
        written.append(export(exercise, fmt, folder / f"debrief.{fmt}"))
    return written
