"""A scenario's run sheet as lines of text: what ``tabletop show`` prints, and what a decisions CSV names."""

from __future__ import annotations

from collections.abc import Iterator

from tabletop.core.model import Inject, Option, Scenario
from tabletop.core.stakes import stake_name
from tabletop.core.wording import counted, signed


def run_sheet(scenario: Scenario) -> Iterator[str]:
    minutes = f" · {scenario.minutes} min" if scenario.minutes else ""
    yield f"{scenario.title} ({scenario.id}) · framework {scenario.framework}{minutes}"
    for number, stage in enumerate(scenario.stages, start=1):
        timebox = f", {stage.minutes} min" if stage.minutes else ""
        yield ""
        yield f"Stage {number}  {stage.title}  (id {stage.id}, {counted(len(stage.injects), 'inject')}{timebox})"
        for inject in stage.injects:
            yield from _inject(inject)
    yield ""
    yield "A decisions CSV names the inject by its id and the option by its id or its letter."


def _inject(inject: Inject) -> Iterator[str]:
    countdown = f"  [{inject.minutes} min]" if inject.minutes else ""
    yield f"  {inject.id}  {inject.title}{countdown}"
    if inject.when:
        yield f"      only for teams that chose {' or '.join(inject.when)}"
    yield f"      Q: {inject.question}"
    if inject.is_discussion:
        yield "      (a discussion inject: each team's answer is written, and read by the facilitator)"
    for option in inject.options:
        yield from _option(inject, option)


def _option(inject: Inject, option: Option) -> Iterator[str]:
    escalation = f"   escalation {signed(option.escalation, 0)}" if option.escalation else ""
    yield f"      {inject.letter(option.id)}  {option.id}  {option.label}{escalation}"
    norms = " · ".join(f"{effect.norm} {signed(effect.effect, 0)}" for effect in option.norms if effect.effect)
    stakes = " · ".join(
        f"{stake_name(effect.stake).lower()} {signed(effect.effect, 0)}" for effect in option.stakes if effect.effect
    )
    if norms:
        yield f"           norms: {norms}"
    if stakes:
        yield f"           stakes: {stakes}"
