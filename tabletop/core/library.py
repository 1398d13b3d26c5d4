"""The scenario library: built-in scenarios shipped in the package, plus files on disk."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from tabletop.core.errors import Problem, TabletopError, ValidationError
from tabletop.core.library_cache import LibraryCache
from tabletop.core.model import Scenario


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario together with the exact text it was read from."""

    scenario: Scenario
    raw: bytes


class ScenarioNotFound(TabletopError):
    pass


def builtin_files(cache: LibraryCache | None = None) -> list[ScenarioFile]:
    """Every scenario that ships with Tabletop, sorted by file name; unchanged ones from ``cache``."""
    folder = importlib.resources.files("tabletop.scenarios")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            origin = f"scenarios/{entry.name}"
            if cache is not None and isinstance(entry, Path):  # a file on disk (not inside a zip): it has a stamp
                found.append(cache.get(entry, partial(_read_builtin, origin=origin)))
            else:
                found.append(_parsed(entry.read_bytes(), origin))
    return found


def _read_builtin(path: Path, origin: str) -> ScenarioFile:
    return _parsed(path.read_bytes(), origin)


def _parsed(raw: bytes, origin: str) -> ScenarioFile:
    from tabletop.core.scenario import parse_scenario  # the parser and its checks: only for a file not cached

    return ScenarioFile(parse_scenario(raw, origin), raw)


def read_file(path: Path) -> ScenarioFile:
    """Read and validate one scenario file from disk."""
    from tabletop.core.checks import read_scenario_bytes

    return _parsed(read_scenario_bytes(path), str(path))


def folder_files(folder: Path, cache: LibraryCache | None = None) -> tuple[list[ScenarioFile], list[Problem]]:
    """Scenarios in a user folder (unchanged ones from ``cache``); files that fail validation come back as problems."""
    good: list[ScenarioFile] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        try:
            good.append(read_file(path) if cache is None else cache.get(path, read_file))
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
