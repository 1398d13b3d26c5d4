"""docs/scenario-format.md, the reference a newcomer writes from: every field and rule in it, its example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.core import scenario as format_1
from tabletop.core.errors import ValidationError
from tabletop.core.frameworks import builtin_frameworks
from tabletop.core.scenario import load_scenario, parse_scenario
from tabletop.core.stakes import stake_ids

ROOT = Path(__file__).parent.parent
DOC = (ROOT / "docs" / "scenario-format.md").read_text()
BROKEN = ROOT / "tests" / "data" / "broken"
RULE_ROW = re.compile(r"^\| ([^|]+) \| ([^|]+) \| `([a-z0-9-]+\.toml)` \|$", re.M)


def rules() -> dict[str, str]:
    """Broken example file -> the words the document says the validator prints for it."""
    return {file: words.strip() for _, words, file in RULE_ROW.findall(DOC)}


def test_the_complete_example_validates() -> None:
    example = re.search(r"## A complete example\n\n```toml\n(.*?)\n```", DOC, re.S)
    assert example, "the document has no complete example"
    scenario = parse_scenario(example.group(1).encode(), "docs/scenario-format.md")
    assert len(scenario.stages) == 2
    assert all(option.stakes for inject in scenario.injects() for option in inject.options)


def test_every_broken_example_is_a_documented_rule() -> None:
    documented = set(rules())
    on_disk = {path.name for path in BROKEN.glob("*.toml")}
    assert on_disk - documented == set(), "rules the validator enforces that the document does not give"
    assert documented - on_disk == set(), "rules the document gives without an example"


@pytest.mark.parametrize(("file", "words"), sorted(rules().items()))
def test_each_documented_message_is_what_the_validator_says(file: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_scenario(BROKEN / file)
    messages = " ".join(problem.message for problem in caught.value.problems)
    assert words in messages


def test_every_field_stake_and_framework_is_in_the_document() -> None:
    keys = {*format_1._SCENARIO_KEYS, *format_1._STAGE_KEYS, *format_1._INJECT_KEYS, *format_1._OPTION_KEYS}
    keys |= set(format_1._EFFECT_KEYS)
    missing = [key for key in sorted(keys) if f"`{key}`" not in DOC]
    assert missing == []
    assert [stake for stake in stake_ids() if f"`{stake}`" not in DOC] == []
    assert [framework for framework in builtin_frameworks() if f"`{framework}`" not in DOC] == []


def test_the_check_of_the_rules_table_can_fail() -> None:
    assert RULE_ROW.findall("| a rule | some words | `x.toml` |") == [("a rule", "some words", "x.toml")]
    assert "never printed" not in "'MS-7' is not a norm of any shipped framework"


def test_every_norm_is_in_the_document_with_its_short_name() -> None:
    missing = [
        f"{norm.id} {norm.short}"
        for framework in builtin_frameworks().values()
        for norm in framework.norms
        if f"`{norm.id}` {norm.short}" not in DOC
    ]
    assert missing == []


def test_the_decisions_example_plays_the_scenario_example(tmp_path: Path) -> None:
    from tabletop.core.exercise import Exercise
    from tabletop.core.playback import ScriptClock, play, read_decisions

    example = re.search(r"## A complete example\n\n```toml\n(.*?)\n```", DOC, re.S)
    decisions = re.search(r"```csv\n(.*?)\n```", DOC, re.S)
    assert example
    assert decisions
    (tmp_path / "decisions.csv").write_text(decisions.group(1) + "\n")
    scenario = parse_scenario(example.group(1).encode(), "example")
    clock = ScriptClock(__import__("datetime").datetime.now(__import__("datetime").UTC))
    exercise = Exercise.create(scenario, session_id="doc", teams=["Red", "Blue"], clock=clock)
    play(exercise, read_decisions(tmp_path / "decisions.csv"), clock, "decisions.csv")
    assert {(d.team, d.inject): d.option for d in exercise.final_decisions()} == {
        ("Red", "for-sale"): "warn", ("Blue", "for-sale"): "wait", ("Blue", "outbreak"): "own-it",
        ("Red", "lessons"): None, ("Blue", "lessons"): None,
    }  # fmt: skip
