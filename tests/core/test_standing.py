"""The standing decisions grouped by choice: every lens reads them as it would read each decision on its own."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.events import AdhocOption
from tabletop.core.exercise import Exercise
from tabletop.core.frameworks import builtin_frameworks
from tabletop.core.library import builtin_files
from tabletop.core.model import NormEffect, StakeEffect
from tabletop.core.scoring import ScoredDecision, score_groups, score_team, score_teams
from tabletop.core.stakes import stake_ids

LENSES = tuple(builtin_frameworks())


def _played(seed: int) -> Exercise:
    """A shipped scenario played at random by four teams: revisions, undos, classifications, an ad-hoc inject."""
    rng = random.Random(seed)
    files = builtin_files()
    scenario = files[rng.randrange(len(files))].scenario
    exercise = Exercise.create(scenario, session_id="s", name="S", teams=["A", "B", "C", "D"])
    effects = (NormEffect(rng.choice(exercise.framework.norm_ids), rng.choice((-2, 1)), "live"),)
    exercise.add_adhoc_inject(
        "Live", "Body", "What now?", [AdhocOption("Act", effects, (StakeEffect("economy", 1, "gain"),)), "Wait"]
    )
    order = [*(inject.id for inject in scenario.injects()), "adhoc-1"]
    for inject_id in order:
        if exercise.is_delivered(inject_id) or not exercise.recipients(inject_id):
            continue
        exercise.deliver(inject_id)
        exercise.open_voting()
        inject = exercise.inject(inject_id)
        for team in exercise.recipients(inject_id):
            for _ in range(rng.choice((1, 1, 2))):  # now and then a revision
                option = rng.choice(inject.options).id if inject.options else None
                exercise.decide(team, inject_id, option, rationale=f"because {rng.random()}")
            moved = inject.options and not any(e.effect for e in inject.option(option or "").norms)
            if not inject.options or (moved and rng.random() < 0.5):
                norm = rng.choice(exercise.framework.norm_ids)
                exercise.classify(team, inject_id, {norm: (rng.choice((-2, -1, 1, 2)), "as read")})
        if rng.random() < 0.3:
            exercise.undo_last_decision()
        exercise.lock_voting()
    return exercise


def _reference_scores(exercise: Exercise, lens: str) -> dict[str, object]:
    """The published method applied decision by decision, as a reader would with pencil and paper."""
    pairs = [(d.team, exercise.scored(d, lens)) for d in exercise.final_decisions()]
    return score_teams(exercise.team_names, exercise.lens(lens).framework.norm_ids, pairs, stake_ids())


@pytest.mark.fuzz
@given(st.integers(0, 10**6))
def test_grouped_choices_score_and_reach_as_each_decision_would(seed: int) -> None:
    exercise = _played(seed)
    standing = exercise.standing()
    assert standing.finals == exercise.final_decisions()
    for lens in LENSES:
        assert standing.scores(lens) == _reference_scores(exercise, lens)
        reader = exercise.lens(lens)
        assert standing.basis(lens) == reader.basis(reader.read(exercise.effects(d)) for d in standing.finals)
        assert standing.scored_finals(lens) == [exercise.scored(d, lens) for d in standing.finals]


def _quiet_option_taken() -> Exercise:
    """Three teams take an option that moves no norm (lawful-access's private protest); C's is then classified."""
    scenario = next(f.scenario for f in builtin_files() if f.scenario.id == "lawful-access")
    exercise = Exercise.create(scenario, session_id="s", name="S", teams=["A", "B", "C"])
    exercise.deliver("naming-marrovia", teams=["A", "B", "C"])
    for team in ("A", "B", "C"):
        exercise.decide(team, "naming-marrovia", "private-protest")
    exercise.classify("C", "naming-marrovia", {"MS-1": (-1, "read as a step back")})
    return exercise


def test_a_classified_decision_is_a_choice_of_its_own() -> None:
    standing = _quiet_option_taken().standing()
    assert [choice.teams for choice in standing.choices] == [["A", "B"], ["C"]]
    assert [choice.option for choice in standing.choices] == [True, False]


def _decision(escalation: int = 0, **effects: int) -> ScoredDecision:
    norms = tuple(NormEffect(norm.replace("_", "-"), effect, "w") for norm, effect in effects.items())
    return ScoredDecision(norms, escalation, (StakeEffect("security", effects.get("MS_1", 0), "s"),))


def test_a_group_counts_once_for_each_of_its_teams() -> None:
    a, b = _decision(1, MS_1=2, MS_2=-2), _decision(2, MS_1=-1, GGE_a=1)
    grouped = score_groups(
        ["Red", "Blue", "Gold"], ["MS-1", "MS-2"], [(a, ["Red", "Blue"]), (b, ["Blue"])], ["security"]
    )
    assert grouped["Red"] == score_team("Red", ["MS-1", "MS-2"], [a], ["security"])
    assert grouped["Blue"] == score_team("Blue", ["MS-1", "MS-2"], [a, b], ["security"])
    assert grouped["Blue"].norms["MS-1"].score == 0.5
    assert grouped["Blue"].stakes["security"].total == 1
    assert grouped["Blue"].escalation == 3
    assert grouped["Gold"].index is None
