"""Property: mutating a valid scenario yields a Scenario or a ValidationError, nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.errors import ValidationError
from tabletop.core.model import Scenario
from tabletop.core.scenario import parse_scenario

ROOT = Path(__file__).parents[2]
SOURCES = [ROOT / "tests" / "data" / "valid.toml", *sorted((ROOT / "scenarios").glob("*.toml"))]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["MS-1", "MS-9", "x.y", "ask.comply", "", "A B"]),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += paths(child, (*prefix, index))
    return found


def mutate(document: dict[str, Any], where: tuple[Any, ...], action: str, value: Any) -> None:
    parent: Any = document
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])


def check(raw: bytes) -> None:
    """Parsing either succeeds or raises ValidationError with placed, worded problems."""
    problems = ()
    try:
        result = parse_scenario(raw, "mutant.toml")
    except ValidationError as error:
        problems = error.problems
        assert problems, "a ValidationError always carries its problems"
    else:
        assert isinstance(result, Scenario)
    assert all(problem.file == "mutant.toml" and problem.message for problem in problems)


@pytest.mark.fuzz
@given(
    st.sampled_from(SOURCES),
    st.data(),
    st.lists(st.tuples(st.sampled_from(["delete", "replace", "rename", "duplicate"]), values), min_size=1, max_size=4),
)
def test_structural_mutations_give_only_validation_errors(
    source: Path, data: st.DataObject, edits: list[tuple[str, Any]]
) -> None:
    document = tomllib.loads(source.read_text())
    for action, value in edits:
        candidates = paths(document)
        if not candidates:
            break
        mutate(document, data.draw(st.sampled_from(candidates)), action, value)
    try:
        raw = tomli_w.dumps(document).encode()
    except (TypeError, ValueError):
        return  # tomli_w refuses None and NaN keys: that mutant is not a TOML file at all
    check(raw)


@pytest.mark.fuzz
@given(
    st.sampled_from(SOURCES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.binary(max_size=12)), min_size=1, max_size=5),
)
def test_byte_mutations_give_only_validation_errors(source: Path, splices: list[tuple[int, int, bytes]]) -> None:
    raw = bytearray(source.read_bytes())
    for at, cut, insert in splices:
        at %= len(raw) + 1
        raw[at : at + cut] = insert
    check(bytes(raw))


@pytest.mark.fuzz
@given(st.sampled_from(SOURCES), st.data())
def test_line_shuffles_give_only_validation_errors(source: Path, data: st.DataObject) -> None:
    lines = source.read_bytes().splitlines(keepends=True)
    picked = data.draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=6))
    for index in picked:
        lines.insert(data.draw(st.integers(0, len(lines))), lines.pop(index))
    check(b"".join(lines))
