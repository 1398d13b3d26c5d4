"""The built-in scenario library meets its brief: shape, timing, precedents and coverage of every norm."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

import pytest

from tabletop.core.library import builtin_files
from tabletop.core.model import Inject, Option, Scenario

NORMS = ("MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6")
INTRO_MINUTES = 20
SESSION_MINUTES = (60, 120)
# Inject ids of the two situations the library must always stage.
SIGNATURE_INJECTS = {
    "weapon-reused": "a cyber weapon the state built has been captured and is being reused",
    "backdoor-request": "an agency asks an ICT vendor to insert a backdoor",
}


@cache
def library() -> tuple[Scenario, ...]:
    """Every built-in scenario; builtin_files raises ValidationError if any file is invalid."""
    return tuple(item.scenario for item in builtin_files())


def is_intro(scenario: Scenario) -> bool:
    return scenario.minutes is not None and scenario.minutes <= INTRO_MINUTES


def full_scenarios() -> list[Scenario]:
    return [scenario for scenario in library() if not is_intro(scenario)]


def all_options() -> list[tuple[str, Inject, Option]]:
    return [
        (scenario.id, inject, option)
        for scenario in library()
        for inject in scenario.injects()
        for option in inject.options
    ]


def by_id(scenario: Scenario) -> str:
    return scenario.id


def test_every_builtin_scenario_validates_and_ids_are_unique() -> None:
    ids = Counter(scenario.id for scenario in library())
    assert ids, "the library is empty"
    assert [name for name, count in ids.items() if count > 1] == []


def test_library_has_an_intro_and_at_least_four_full_scenarios() -> None:
    assert len(library()) >= 5
    assert any(is_intro(scenario) for scenario in library()), "no short intro scenario (<= 20 minutes)"
    assert len(full_scenarios()) >= 4


@pytest.mark.parametrize("scenario", full_scenarios(), ids=by_id)
def test_full_scenario_shape(scenario: Scenario) -> None:
    injects = list(scenario.injects())
    assert len(scenario.stages) >= 3
    assert len(injects) >= 8
    assert sum(inject.is_consequence for inject in injects) >= 2, "needs at least two consequence injects"
    assert any(inject.is_discussion for inject in injects), "needs at least one discussion inject"
    assert scenario.summary.strip()
    assert scenario.objectives


@pytest.mark.parametrize("scenario", full_scenarios(), ids=by_id)
def test_full_scenario_timeboxes_fit_a_session(scenario: Scenario) -> None:
    untimed = [stage.id for stage in scenario.stages if stage.minutes is None]
    assert untimed == [], "every stage needs a timebox"
    total = sum(stage.minutes or 0 for stage in scenario.stages)
    low, high = SESSION_MINUTES
    assert low <= total <= high
    assert scenario.minutes == total, "the planned length should be the sum of the stage timeboxes"


def test_every_inject_names_its_precedent() -> None:
    missing = [
        f"{scenario.id}/{inject.id}"
        for scenario in library()
        for inject in scenario.injects()
        if not inject.source.strip()
    ]
    assert missing == []


@pytest.mark.parametrize("norm", NORMS)
def test_every_norm_can_be_upheld_and_strained(norm: str) -> None:
    effects = [effect.effect for _, _, option in all_options() for effect in option.norms if effect.norm == norm]
    engaged = [effect for effect in effects if effect]
    assert len(engaged) >= 4, f"{norm} is engaged by only {len(engaged)} options"
    assert any(effect > 0 for effect in engaged), f"no option upholds {norm}"
    assert any(effect < 0 for effect in engaged), f"no option strains or violates {norm}"


def test_every_nonzero_effect_says_why() -> None:
    unexplained = [
        f"{scenario_id}/{inject.id}.{option.id}.{effect.norm}"
        for scenario_id, inject, option in all_options()
        for effect in option.norms
        if effect.effect and not effect.why.strip()
    ]
    assert unexplained == []


@pytest.mark.parametrize("inject_id", sorted(SIGNATURE_INJECTS))
def test_signature_inject_is_in_the_library(inject_id: str) -> None:
    holders = [scenario for scenario in library() if scenario.has_inject(inject_id)]
    assert holders, f"no scenario stages '{inject_id}': {SIGNATURE_INJECTS[inject_id]}"
    for scenario in holders:
        inject = scenario.inject(inject_id)
        assert not inject.is_discussion, f"{scenario.id}/{inject_id} should put a decision to the teams"


@pytest.mark.parametrize("scenario", library(), ids=by_id)
def test_consequences_are_selective(scenario: Scenario) -> None:
    """A consequence that follows every option of its source inject is not a consequence of any choice."""
    for inject in scenario.injects():
        chosen: dict[str, set[str]] = defaultdict(set)
        for ref in inject.when:
            source_id, _, option_id = ref.partition(".")
            chosen[source_id].add(option_id)
        for source_id, options in chosen.items():
            offered = {option.id for option in scenario.inject(source_id).options}
            assert options < offered, f"{inject.id} follows every option of {source_id}"


@pytest.mark.parametrize("scenario", library(), ids=by_id)
def test_options_read_as_decisions(scenario: Scenario) -> None:
    for inject in scenario.injects():
        assert inject.is_discussion or 2 <= len(inject.options) <= 4, f"{inject.id} offers {len(inject.options)}"
        for option in inject.options:
            words = len(option.label.split())
            assert 4 <= words <= 14, f"{inject.id}.{option.id}: label of {words} words"
