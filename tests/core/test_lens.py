"""Reading decisions through another framework: the worked example of DESIGN.md, and evidence, never invention."""

from __future__ import annotations

import importlib.resources
import random
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.exercise import Exercise
from tabletop.core.lens import Basis, Lens
from tabletop.core.library import builtin_files
from tabletop.core.model import NormEffect
from tabletop.core.scoring import Band

E = NormEffect


def test_the_worked_example() -> None:
    gge = Lens("microsoft-2014", "un-gge-2015")
    # MS-1 -2 with a direct GGE-i +1: the direct effect wins for that option.
    assert gge.read((E("MS-1", -2, "a"), E("GGE-i", 1, "b"))).effects == (E("GGE-i", 1, "b"),)
    # MS-1 -2 alone: carried to GGE-i by the strong link, one engagement, the why kept.
    carried = gge.read((E("MS-1", -2, "a"),))
    assert carried.effects == (E("GGE-i", -2, "a"),)
    assert carried.carried[0].basis is Basis.STRONG
    assert carried.carried[0].source == "MS-1"
    # MS-3 +2 alone: only partial links (GGE-a, GGE-f): related evidence, nothing scored.
    partial = gge.read((E("MS-3", 2, "c"),))
    assert partial.effects == ()
    assert {norm for norm, _ in partial.related} == {"GGE-a", "GGE-f"}


def test_the_scenarios_own_framework_reads_effects_as_written_and_ignores_the_others() -> None:
    own = Lens("microsoft-2014")
    assert own.own
    assert own.read((E("MS-2", 1, "x"), E("GGE-e", -1, "y"), E("MS-4", 0, "z"))).effects == (E("MS-2", 1, "x"),)


def test_links_hold_in_both_directions() -> None:
    back = Lens("un-gge-2015", "microsoft-2014")  # declared in the Microsoft file only
    assert {e.norm for e in back.read((E("GGE-i", -1, "w"),)).effects} == {"MS-1", "MS-4"}


def test_two_strong_links_onto_one_norm_are_two_engagements_and_the_floor_holds() -> None:
    from tabletop.core.scoring import score_norm

    effects = Lens("microsoft-2014", "un-gge-2015").read((E("MS-1", -2, "a"), E("MS-4", 2, "b"))).effects
    assert [e.effect for e in effects if e.norm == "GGE-i"] == [-2, 2]
    reading = score_norm("GGE-i", [e.effect for e in effects])
    assert (reading.score, reading.engaged, reading.band) == (0.0, 2, Band.STRAINED)


def _strong_pairs(own: str, lens: str) -> set[tuple[str, str]]:
    """Strong links between two frameworks read straight from their files, in both directions."""
    folder = importlib.resources.files("tabletop.resources").joinpath("frameworks")
    pairs: set[tuple[str, str]] = set()
    for entry in folder.iterdir():
        data = tomllib.loads(entry.read_text("utf-8"))
        for target, table in data.get("crosswalk", {}).items():
            for norm, spec in table.items():
                for other in spec.get("strong", []):
                    if (data["id"], target) == (own, lens):
                        pairs.add((norm, other))
                    elif (data["id"], target) == (lens, own):
                        pairs.add((other, norm))
    return pairs


def _played(seed: int) -> Exercise:
    """A whole session of a shipped scenario with three teams choosing at random (classifications too)."""
    rng = random.Random(seed)
    files = builtin_files()
    scenario = files[rng.randrange(len(files))].scenario
    exercise = Exercise.create(scenario, session_id="p", name="P", teams=["A", "B", "C"])
    while (inject_id := exercise.next_inject()) is not None:
        exercise.deliver(inject_id)
        exercise.open_voting()
        inject = exercise.inject(inject_id)
        for team in exercise.recipients(inject_id):
            if inject.options:
                exercise.decide(team, inject_id, rng.choice(inject.options).id)
            else:
                exercise.decide(team, inject_id, rationale="We would write it down")
                norm = rng.choice(exercise.framework.norm_ids)
                exercise.classify(team, inject_id, {norm: (rng.choice((-2, -1, 1, 2)), "as read")})
        exercise.lock_voting()
    return exercise


@pytest.mark.fuzz
@given(st.integers(0, 10**6))
def test_no_lens_bands_a_norm_no_direct_effect_or_strong_link_reached(seed: int) -> None:
    exercise = _played(seed)
    own = exercise.framework.id
    for lens in ("microsoft-2014", "un-gge-2015", "paris-call-2018", "gcsc-2019"):
        strong = _strong_pairs(own, lens)
        for team, score in exercise.scores(lens).items():
            finals = [d for d in exercise.final_decisions() if d.team == team]
            for norm, reading in score.norms.items():
                if reading.band is Band.NOT_TESTED:
                    continue
                reached = any(
                    effect.effect and (effect.norm == norm or (lens != own and (effect.norm, norm) in strong))
                    for decision in finals
                    for effect in exercise.effects(decision)
                )
                assert reached, f"{lens} bands {norm} for {team} in {exercise.scenario.id} with no evidence"
