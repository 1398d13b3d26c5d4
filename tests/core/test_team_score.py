"""One team's scores read on their own: the same as that team's line in every team's scores.

The console redraws one team's heatmap row after that team's move from ``team_score``, so
it must never disagree with ``scores``: through every lens, after revisions, undos,
withdrawn answers, classifications and ad-hoc injects.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.errors import IllegalMove, UnknownTeam
from tabletop.core.events import AdhocOption
from tabletop.core.exercise import Exercise
from tabletop.core.library import builtin_files
from tabletop.core.model import NormEffect, StakeEffect

LENSES = (None, "microsoft-2014", "un-gge-2015", "paris-call-2018", "gcsc-2019")


def _played(seed: int) -> Exercise:
    """A shipped scenario played by four teams at random: revisions, undos, classifications, an ad-hoc inject."""
    rng = random.Random(seed)
    files = builtin_files()
    scenario = files[rng.randrange(len(files))].scenario
    exercise = Exercise.create(scenario, session_id="p", name="P", teams=["A", "B", "C", "D"])
    adhoc = AdhocOption("Say nothing", (NormEffect("MS-6", -1, "Leaves a partner alone"),),
                        (StakeEffect("alliances", -1, "Partners notice"),))  # fmt: skip
    exercise.add_adhoc_inject("Late news", "Something happened.", "What now?", [adhoc, "Speak up"], teams=["A", "C"])
    for inject_id in [inject.id for inject in scenario.injects()] + ["adhoc-1"]:
        if not exercise.recipients(inject_id):
            continue
        exercise.deliver(inject_id)
        exercise.open_voting()
        _answer(exercise, inject_id, rng)
        exercise.lock_voting()
        if rng.random() < 0.3:
            with contextlib.suppress(IllegalMove):  # every answer so far may be undone already
                exercise.undo_last_decision()
    return exercise


def _answer(exercise: Exercise, inject_id: str, rng: random.Random) -> None:
    inject = exercise.inject(inject_id)
    for team in exercise.recipients(inject_id):
        if rng.random() < 0.15:
            continue  # no answer
        for _ in range(rng.choice((1, 1, 2))):  # sometimes a revision
            if inject.options:
                exercise.decide(team, inject_id, rng.choice(inject.options).id)
            else:
                exercise.decide(team, inject_id, rationale=f"Answer {rng.randrange(1000)}")
        if not inject.options:
            norm = rng.choice(exercise.framework.norm_ids)
            exercise.classify(team, inject_id, {norm: (rng.choice((-2, -1, 1, 2)), "as read")})


@pytest.mark.fuzz
@given(st.integers(0, 10**6))
def test_one_teams_score_is_its_line_in_every_teams_scores(seed: int) -> None:
    exercise = _played(seed)
    for lens in LENSES:
        everyone = exercise.scores(lens)
        for team in exercise.team_names:
            assert exercise.team_score(team, lens) == everyone[team], (exercise.scenario.id, lens, team)


def test_a_teams_own_decisions_are_its_share_of_every_decision_in_order() -> None:
    exercise = _played(7)
    for team in exercise.team_names:
        assert exercise.final_decisions_of(team) == [d for d in exercise.final_decisions() if d.team == team]


def test_a_team_that_never_answered_is_scored_as_not_tested() -> None:
    exercise = Exercise.create(builtin_files()[0].scenario, session_id="q", name="Q", teams=["A", "B"])
    score = exercise.team_score("B")
    assert score == exercise.scores()["B"]
    assert score.index is None
    assert all(norm.engaged == 0 for norm in score.norms.values())


def test_an_unknown_team_is_named_in_the_error() -> None:
    exercise = Exercise.create(builtin_files()[0].scenario, session_id="q", name="Q", teams=["A"])
    with pytest.raises(UnknownTeam, match="Nobody"):
        exercise.team_score("Nobody")
