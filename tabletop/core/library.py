"""The scenario library: built-in scenarios shipped in the package, plus files on disk."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tabletop.core.checks import read_scenario_bytes
from tabletop.core.errors import Problem, TabletopError, ValidationError
from tabletop.core.model import Scenario
from tabletop.core.scenario import parse_scenario


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario together with the exact text it was read from."""

    scenario: Scenario
    raw: bytes


class ScenarioNotFound(TabletopError):
    pass


def builtin_files() -> list[ScenarioFile]:
    """Every scenario that ships with Tabletop, sorted by file name."""
    folder = importlib.resources.files("tabletop.scenarios")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            raw = entry.read_bytes()
            found.append(ScenarioFile(parse_scenario(raw, f"scenarios/{entry.name}"), raw))
    return found


def read_file(path: Path) -> ScenarioFile:
    """Read and validate one scenario file from disk."""
    raw = read_scenario_bytes(path)
    return ScenarioFile(parse_scenario(raw, str(path)), raw)


def folder_files(folder: Path) -> tuple[list[ScenarioFile], list[Problem]]:
    """Scenarios in a user folder; files that fail validation come back as problems."""
    good: list[ScenarioFile] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        try:
            good.append(read_file(path))
        except ValidationError as error:
            problems.extend(error.problems)
    return good, problems


def resolve(ref: str, extra: Iterable[ScenarioFile] = ()) -> ScenarioFile:
    """A scenario named by library id or by file path."""
    path = Path(ref)
    if ref.endswith(".toml") or path.is_file():
        if not path.exists():
            raise ScenarioNotFound(f"{ref}: no such file")
        return read_file(path)
    for item in [*builtin_files(), *extra]:
        if item.scenario.id == ref:
            return item
    known = ", ".join(item.scenario.id for item in builtin_files())
    raise ScenarioNotFound(f"no scenario '{ref}' in the library (built in: {known}); give an id or a .toml path")


def duplicate_ids(files: Iterable[ScenarioFile]) -> list[Problem]:
    """Scenario ids used by more than one file: ids must be unique in a library."""
    from tabletop.core.toml_lines import LineIndex

    first: dict[str, str] = {}
    problems = []
    for item in files:
        scenario = item.scenario
        if scenario.id in first:
            line = LineIndex(item.raw.decode("utf-8-sig", errors="replace")).line_for("id")
            message = f"id '{scenario.id}' is also used by {first[scenario.id]}"
            problems.append(Problem(scenario.origin, "id", message, line))
        else:
            first[scenario.id] = scenario.origin
    return problems
