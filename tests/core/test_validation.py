"""Each rule of scenario format 1 has a broken file in tests/data/broken and a checked message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.core.errors import Problem, ValidationError
from tabletop.core.scenario import load_scenario, parse_scenario

BROKEN = Path(__file__).parents[1] / "data" / "broken"

# file name -> (path, line, words the message must contain)
EXPECTED = {
    "format-2.toml": ("format", 1, "format 2 is not supported"),
    "missing-format.toml": ("", None, "missing required field 'format'"),
    "bad-scenario-id.toml": ("id", 2, "may use only a-z, 0-9 and '-'"),
    "bad-option-id.toml": ("stages[0].injects[0].options[0].id", 20, "'re.fuse' may use only"),
    "duplicate-stage-id.toml": ("stages[1].id", 33, "stage id 'one' is already used at stages[0]"),
    "duplicate-inject-id.toml": ("stages[1].injects[1].id", 54, "inject id 'ask' is already used"),
    "duplicate-option-id.toml": ("stages[1].injects[0].options[1].id", 49, "option id 'warn' is already used"),
    "unknown-norm.toml": (
        "stages[0].injects[0].options[1].norms.MS-7",
        30,
        "'MS-7' is not a norm of any shipped framework",
    ),
    "title-too-long.toml": ("stages[0].injects[0].title", 14, "title is 264 characters long; at most 200"),
    "control-character.toml": (
        "stages[0].injects[0].options[0].label",
        21,
        "control character (U+0007 at character 4)",
    ),
    "line-break-in-label.toml": ("stages[0].injects[0].options[1].label", 27, "label must be one line"),
    "when-self.toml": ("stages[1].injects[0].when[0]", 41, "refers to this inject itself"),
    "unknown-foreign-norm.toml": ("stages[0].injects[0].options[1].norms.GGE-z", 30, "'GGE-z' is not a norm of any"),
    "unknown-stake.toml": (
        "stages[0].injects[0].options[1].stakes.securty",
        31,
        "'securty' is not a stake (did you mean 'security'?); the stakes are",
    ),
    "stake-out-of-range.toml": (
        "stages[0].injects[0].options[1].stakes.security.effect",
        31,
        "between -2 and 2, not 3",
    ),
    "stake-without-why.toml": ("stages[0].injects[0].options[1].stakes.economy", 31, "needs a 'why'"),
    "effect-out-of-range.toml": ("stages[0].injects[0].options[0].norms.MS-1.effect", 23, "between -2 and 2, not 3"),
    "effect-not-integer.toml": ("stages[1].injects[0].options[0].norms.MS-4.effect", 46, "must be a whole number"),
    "effect-missing.toml": ("stages[1].injects[0].options[1].norms.MS-4", 51, "missing required field 'effect'"),
    "effect-without-why.toml": ("stages[0].injects[0].options[1].norms.MS-6", 30, "needs a 'why'"),
    "effect-empty-why.toml": ("stages[1].injects[0].options[0].norms.MS-4", 46, "needs a 'why'"),
    "effect-not-table.toml": ("stages[1].injects[0].options[0].norms.MS-4", 46, "must be a table"),
    "escalation-out-of-range.toml": ("stages[0].injects[0].options[1].escalation", 28, "between -3 and 3, not 5"),
    "when-later.toml": ("stages[0].injects[0].when[0]", 17, "'leak' comes later"),
    "when-unknown-inject.toml": ("stages[1].injects[0].when[0]", 41, "no inject 'asks' before this one"),
    "when-unknown-option.toml": ("stages[1].injects[0].when[0]", 41, "has no option 'obey' (it has refuse, comply)"),
    "when-malformed.toml": ("stages[1].injects[0].when[0]", 41, '"inject-id.option-id"'),
    "when-discussion.toml": ("stages[1].injects[2].when[0]", 64, "is a discussion inject"),
    "stage-without-injects.toml": ("stages[1]", 32, "every stage needs at least one inject"),
    "stages-empty.toml": ("stages", 4, "at least one stage"),
    "stage-not-array.toml": ("stages", 5, "write [[stages]] for each entry"),
    "unknown-key.toml": ("stages[0].injects[0].minuts", 17, "did you mean 'minutes'?"),
    "unknown-key-option.toml": ("stages[0].injects[0].options[0].lable", 22, "did you mean 'label'?"),
    "text-not-string.toml": ("stages[1].injects[0].title", 38, "'title' must be text, not a whole number"),
    "body-empty.toml": ("stages[1].injects[1].body", 56, "'body' must not be empty"),
    "unknown-framework.toml": ("framework", 4, "unknown framework 'geneva-2030'"),
    "minutes-zero.toml": ("stages[0].minutes", 10, "between 1 and 1440, not 0"),
    "objectives-not-strings.toml": ("objectives[1]", 6, "must be text"),
    "invalid-toml.toml": ("", 40, "not valid TOML"),
    "not-utf8.toml": ("", 21, "not UTF-8"),
}


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(ValidationError) as caught:
        load_scenario(path)
    return caught.value.problems


def test_every_broken_file_has_an_expectation() -> None:
    on_disk = {path.name for path in BROKEN.glob("*.toml")} - {"missing-required.toml"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_path_line_and_message(name: str) -> None:
    path, line, words = EXPECTED[name]
    problems = problems_of(BROKEN / name)
    assert any(p.path == path and p.line == line and words in p.message for p in problems), problems
    assert all(p.file == str(BROKEN / name) for p in problems)


def test_all_problems_of_a_file_are_reported_together() -> None:
    problems = problems_of(BROKEN / "missing-required.toml")
    found = {(p.path, p.message) for p in problems}
    assert found == {
        ("", "missing required field 'title'"),
        ("stages[0].injects[0]", "missing required field 'question'"),
        ("stages[0].injects[0].options[1]", "missing required field 'label'"),
    }


def test_problem_prints_as_file_line_path_message() -> None:
    assert str(Problem("a.toml", "stages[0].id", "bad", 7)) == "a.toml:7: stages[0].id: bad"
    assert str(Problem("a.toml", "id", "bad")) == "a.toml: id: bad"
    assert str(Problem("a.toml", "", "bad", 3)) == "a.toml:3: bad"


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    problems = problems_of(big)
    assert "50.0 MB" in problems[0].message
    assert "refused" in problems[0].message


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nowhere.toml")
    assert problems[0].message == "no such file"


def test_deep_nesting_is_reported(tmp_path: Path) -> None:
    raw = b"format = 1\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n"
    with pytest.raises(ValidationError) as caught:
        parse_scenario(raw, "deep.toml")
    assert "not valid TOML" in caught.value.problems[0].message


def test_valid_file_loads_into_the_model(valid_file: Path) -> None:
    scenario = load_scenario(valid_file)
    assert scenario.id == "tiny"
    assert [stage.id for stage in scenario.stages] == ["one", "two"]
    ask = scenario.inject("ask")
    assert ask.minutes == 5
    assert ask.option("comply").escalation == 1
    assert ask.option("comply").effect_on("MS-1") == -2
    assert scenario.inject("leak").when == ("ask.comply",)
    assert scenario.inject("talk").is_discussion
    assert scenario.norms_exercised() == ("MS-1", "MS-4", "MS-6")


def test_utf8_byte_order_mark_is_accepted(valid_file: Path) -> None:
    scenario = parse_scenario(b"\xef\xbb\xbf" + valid_file.read_bytes(), "bom.toml")
    assert scenario.id == "tiny"


def test_stakes_and_other_frameworks_norms_are_read_from_an_option(valid_file: Path) -> None:
    from tabletop.core.scenario import parse_scenario

    text = valid_file.read_text().replace(
        'norms.MS-6 = { effect = -1, why = "Turns a partner into a target" }',
        'norms.MS-6 = { effect = -1, why = "Turns a partner into a target" }\n'
        'norms.GGE-e = { effect = -1, why = "Exposes everyone\'s messages" }\n'
        'stakes.security = { effect = 2, why = "Gives the agency a way in" }\n'
        'stakes.economy = { effect = -1, why = "The vendor loses sales abroad" }',
    )
    option = parse_scenario(text.encode(), "stakes.toml").inject("ask").option("comply")
    assert [(e.norm, e.effect) for e in option.norms] == [("MS-1", -2), ("MS-6", -1), ("GGE-e", -1)]
    assert [(e.stake, e.effect, e.why) for e in option.stakes] == [
        ("security", 2, "Gives the agency a way in"),
        ("economy", -1, "The vendor loses sales abroad"),
    ]


def test_a_misspelt_stake_gets_a_hint(data_dir: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        load_scenario(data_dir / "broken" / "unknown-stake.toml")
    assert "did you mean 'security'?" in str(caught.value)
