"""``tabletop demo``: play a built-in scenario with simulated teams and write every debrief format.

The teams have temperaments (principled, pragmatic, hawkish) and a fixed random seed, so
the same command always tells the same story: useful to see the product without a room.
Each team explains its choice from the option it chose: the norm reason it weighs most and
the stake it gains or pays, so that a rationale in the debrief always fits its decision.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tabletop.core.exercise import Exercise
from tabletop.core.library import ScenarioFile
from tabletop.core.model import Inject, NormEffect, Option, Scenario, Stage, StakeEffect
from tabletop.core.playback import ScriptClock, close_current

SEED = 2014
NUMBERS = {2: "two", 3: "three", 4: "four"}

# How each temperament speaks of a stake it gains or pays.
STAKE_WORDS = {
    "security": "our security",
    "alliances": "our standing with partners",
    "economy": "the economy",
    "public": "the public",
}


def _norm_sum(option: Option) -> float:
    return sum(effect.effect for effect in option.norms)


def _stake(option: Option, stake: str) -> int:
    return sum(effect.effect for effect in option.stakes if effect.stake == stake)


def _stake_sum(option: Option) -> int:
    return sum(effect.effect for effect in option.stakes)


@dataclass(frozen=True)
class Speech:
    """What a team can say about one option: the words of its norm and stake reasons."""

    option: Option
    lower: Callable[[str], str]

    def norm(self, best: bool) -> NormEffect | None:
        effects = [e for e in self.option.norms if e.effect and e.why]
        pick = max if best else min
        return pick(effects, key=lambda e: e.effect) if effects else None

    def stake(self, best: bool, prefer: str = "") -> StakeEffect | None:
        effects = [e for e in self.option.stakes if e.effect and (e.effect > 0) == best]
        if not effects:
            return None
        return max(effects, key=lambda e: (abs(e.effect), e.stake == prefer))

    def it(self, effect: NormEffect) -> str:
        return f"it {self.lower(effect.why)}"


def _principled(speech: Speech) -> str:
    best, cost = speech.norm(best=True), speech.stake(best=False)
    if best is not None and best.effect > 1:
        reason = f"This is what the norm asks of us: {speech.it(best)}."
    elif best is not None and best.effect > 0:
        reason = f"We chose this because {speech.it(best)}."
    else:
        worst = speech.norm(best=False)
        reason = "It is the least harmful course on offer." + (f" We know {speech.it(worst)}." if worst else "")
    if cost is None:
        return reason
    weight = "a heavy cost" if cost.effect < -1 else "the cost"
    return f"{reason} We accept {weight} to {STAKE_WORDS[cost.stake]}."


def _pragmatic(speech: Speech) -> str:
    gain, best = speech.stake(best=True), speech.norm(best=True)
    opening = f"A middle course that helps {STAKE_WORDS[gain.stake]}" if gain else "A middle course"
    if best is not None and best.effect > 0:
        return f"{opening}, and {speech.it(best)}."
    worst = speech.norm(best=False)
    return f"{opening}. We know {speech.it(worst)}, and we can live with that." if worst else f"{opening}."


def _hawkish(speech: Speech) -> str:
    gain, worst = speech.stake(best=True, prefer="security"), speech.norm(best=False)
    if gain is None:
        opening = "This keeps our options open."
    elif gain.effect > 1:
        opening = f"What matters here is {STAKE_WORDS[gain.stake]}, and this does most for it."
    else:
        opening = f"It does something for {STAKE_WORDS[gain.stake]}, which is what matters."
    if worst is not None and worst.effect < 0:
        return f"{opening} We know {speech.it(worst)}, and we accept that."
    return f"{opening} Nothing here ties our hands."


@dataclass(frozen=True)
class Temperament:
    team: str
    weigh: Callable[[Option], float]
    speak: Callable[[Speech], str]
    principle: str
    lean: int


TEMPERAMENTS = (
    Temperament(
        "Northbridge",
        lambda o: _norm_sum(o) * 2 - o.escalation + 0.3 * _stake(o, "public"),
        _principled,
        "A written, published rule, applied by someone other than the agency that gains from it",
        2,
    ),
    Temperament(
        "Eastmere",
        lambda o: 0.6 * _norm_sum(o) + _stake_sum(o) + 0.6 * _stake(o, "security") - 0.4 * abs(o.escalation),
        _pragmatic,
        "A written rule with room for exceptions that a minister signs and a committee reviews",
        0,
    ),
    Temperament(
        "Southgate",
        lambda o: o.escalation * 1.5 + _stake(o, "security") * 2 - _norm_sum(o) * 0.5,
        _hawkish,
        "Case by case, decided by those responsible for security and reviewed in secret",
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
    room = Room(exercise, clock, rng, _lowerer(source.scenario))
    stages = source.scenario.stages
    for number, stage in enumerate(stages, start=1):
        decided = room.play_stage(stage)
        say(f"stage {number}/{len(stages)}: {stage.title} \u2014 {decided} decisions")
        if number == 1:
            exercise.pause()
            clock.minute += 4
            exercise.resume()
    close_current(exercise)
    _hotwash(exercise)
    exercise.end()
    return exercise


@dataclass
class Room:
    """The simulated room: three teams deciding, with the facilitator's clock and notes."""

    exercise: Exercise
    clock: ScriptClock
    rng: random.Random
    lower: Callable[[str], str]

    def play_stage(self, stage: Stage) -> int:
        decided = 0
        for inject in stage.injects:
            if not self.exercise.recipients(inject.id):
                continue
            close_current(self.exercise)
            self.exercise.deliver(inject.id)
            self.exercise.open_voting()
            for temperament in self.rng.sample(TEMPERAMENTS, len(TEMPERAMENTS)):  # who answers first varies
                if self.exercise.receives(temperament.team, inject.id):
                    self.clock.minute += self.rng.uniform(0.6, 2.4)
                    self.decide(inject, temperament)
                    decided += 1
            self.clock.minute += 1.5
        self.exercise.add_note(_stage_note(self.exercise, stage))
        return decided

    def decide(self, inject: Inject, temperament: Temperament) -> None:
        if inject.is_discussion:
            self.answer(inject, temperament)
            return
        rng, team = self.rng, temperament.team
        ranked = sorted(inject.options, key=lambda o: temperament.weigh(o) + rng.uniform(-0.3, 0.3), reverse=True)
        first = ranked[0]
        dissent = ""
        if len(ranked) > 1 and rng.random() < 0.3:
            dissent = f"Two of us argued for \u201c{ranked[1].label}\u201d instead."
        if team == "Eastmere" and len(ranked) > 1 and rng.random() < 0.25:
            second = Speech(ranked[1], self.lower)
            self.exercise.decide(team, inject.id, ranked[1].id, rationale=f"First instinct: {_pragmatic(second)}",
                                 confidence=2)  # fmt: skip
        rationale = temperament.speak(Speech(first, self.lower))
        if self.exercise.has_answered(team, inject.id):
            rationale = f"Revised after the discussion. {rationale}"
        self.exercise.decide(team, inject.id, first.id, rationale=rationale, confidence=rng.randint(2, 5),
                             dissent=dissent)  # fmt: skip

    def answer(self, inject: Inject, temperament: Temperament) -> None:
        team = temperament.team
        self.exercise.decide(team, inject.id, rationale=_written_answer(self.exercise, temperament),
                             confidence=self.rng.randint(2, 5))  # fmt: skip
        norm = _stage_norm(self.exercise, inject)
        if temperament.lean and norm:
            why = "Commits to the norm in a way others can check" if temperament.lean > 0 else "Leaves the norm aside"
            self.exercise.classify(team, inject.id, {norm: (temperament.lean, why)})


def _written_answer(exercise: Exercise, temperament: Temperament) -> str:
    """The team's principle, borne out by the choice of its own that shows it best."""
    chosen = [
        (inject, option)
        for decision in exercise.final_decisions()
        if decision.team == temperament.team and decision.option
        for inject in (exercise.inject(decision.inject),)
        for option in inject.options
        if option.id == decision.option
    ]
    if not chosen:
        return f"{temperament.principle}."
    inject, option = max(chosen, key=lambda pair: temperament.weigh(pair[1]))
    return f"{temperament.principle}. We showed it on \u201c{inject.title}\u201d: \u201c{option.label}\u201d."


def _stage_norm(exercise: Exercise, inject: Inject) -> str | None:
    """The scenario framework's norm the stage moves most (ties go to the first seen: same story every run)."""
    stage = exercise.scenario.stage_of(inject.id)
    own = set(exercise.framework.norm_ids)
    norms = Counter(e.norm for i in stage.injects for o in i.options for e in o.norms if e.effect and e.norm in own)
    return norms.most_common(1)[0][0] if norms else None


def _stage_note(exercise: Exercise, stage: Stage) -> str:
    """What a facilitator would jot down after the stage: the split, the sharpest line, the clock."""
    parts = [part for part in (_split(exercise, stage), _sharpest(exercise, stage), _pace(exercise, stage)) if part]
    return f"**{stage.title}**: " + "; ".join(parts) + "."


def _answered(exercise: Exercise, stage: Stage) -> Iterator[tuple[Inject, dict[str, str]]]:
    """Each inject of the stage that had options, with each team's final option id."""
    for inject in stage.injects:
        if inject.is_discussion:
            continue
        finals = {d.team: d.option for d in exercise.final_decisions() if d.inject == inject.id and d.option}
        if finals:
            yield inject, finals


def _split(exercise: Exercise, stage: Stage) -> str:
    answered = list(_answered(exercise, stage))
    if not answered:
        return ""
    inject, finals = max(answered, key=lambda pair: len(set(pair[1].values())))
    if len(set(finals.values())) == 1:
        option = inject.option(next(iter(finals.values())))
        return f"every team that answered \u201c{inject.title}\u201d chose \u201c{option.label}\u201d"
    revised = [t for t in finals if len(exercise.history(t, inject.id)) > 1]
    changed = f", and {revised[0]} changed its mind there" if revised else ""
    ways = len(set(finals.values()))
    return f"teams split {NUMBERS.get(ways, str(ways))} ways on \u201c{inject.title}\u201d{changed}"


def _sharpest(exercise: Exercise, stage: Stage) -> str:
    picks = [(inject.option(option), team) for inject, finals in _answered(exercise, stage)
             for team, option in finals.items()]  # fmt: skip
    if not picks:
        return ""
    option, team = max(picks, key=lambda pick: pick[0].escalation)
    return f"{team} took the sharpest line with \u201c{option.label}\u201d" if option.escalation > 0 else ""


def _pace(exercise: Exercise, stage: Stage) -> str:
    times: dict[str, list[float]] = {}
    for inject in stage.injects:
        for team in exercise.team_names:
            seconds = exercise.time_to_decide(team, inject.id)
            if seconds is not None:
                times.setdefault(team, []).append(seconds)
    if len(times) < 2:
        return ""
    mean = {team: sum(values) / len(values) for team, values in times.items()}
    fastest, slowest = min(mean, key=mean.__getitem__), max(mean, key=mean.__getitem__)
    return f"{fastest} decided fastest and {slowest} took longest"


def _lowerer(scenario: Scenario) -> Callable[[str], str]:
    """Lower-cases a reason's first letter to follow 'it', unless it begins with a name from the scenario."""
    names = {
        word.split("'")[0]
        for text in _texts(scenario)
        for sentence in re.split(r"[.!?:;\n]\s*", text)
        for word in re.findall(r"[A-Za-z][\w'-]*", sentence)[1:]
        if word[0].isupper()
    }

    def lower(text: str) -> str:
        first = text.split(" ", 1)[0].split("'")[0].strip(",")
        keep = first in names or first.isupper()
        return text if keep or not text else text[0].lower() + text[1:]

    return lower


def _texts(scenario: Scenario) -> Iterator[str]:
    for inject in scenario.injects():
        yield inject.body
        yield inject.question
        for option in inject.options:
            yield option.label
            yield from (effect.why for effect in option.norms)
            yield from (effect.why for effect in option.stakes)


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
