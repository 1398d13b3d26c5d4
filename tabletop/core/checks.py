"""Field checks shared by the scenario and framework loaders.

A ``Checker`` walks parsed TOML, collects every problem instead of stopping at the first,
and returns ``None`` for a value it could not accept so the caller can keep going.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tabletop.core.errors import Problem, ValidationError
from tabletop.core.files import MAX_SCENARIO_BYTES, read_input
from tabletop.core.toml_lines import LineIndex

ID_PATTERN = re.compile(r"[a-z0-9-]{1,64}")
LINE = 300  # a one-line text field: at most this many characters, no line breaks
TITLE = 200
PROSE = -20_000  # a negative limit: Markdown prose, which may break lines (tabs and line breaks allowed)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")
_KINDS = {str: "text", int: "a whole number", list: "a list", dict: "a table"}


class Checker:
    """Collects problems for one file, each placed on a line where that is possible."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._text = text
        self._lines: LineIndex | None = None  # made on the first problem: a valid file never needs it

    def fail(self, path: str, message: str) -> None:
        if self._lines is None:
            self._lines = LineIndex(self._text)
        self.problems.append(Problem(self.file, path, message, self._lines.line_for(path)))

    def raise_if_failed(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)

    def known_keys(self, table: Mapping[str, Any], path: str, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
                also = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.fail(_join(path, key), f"'{key}' is not a field of {what}{also}")

    def value(self, table: Mapping[str, Any], key: str, path: str, kind: type, required: bool = False) -> Any:
        """The value at ``key`` if it has the right type; records a problem otherwise."""
        where = _join(path, key)
        if key not in table:
            if required:
                self.fail(path, f"missing required field '{key}'")
            return None
        value = table[key]
        if not _is_kind(value, kind):
            self.fail(where, f"'{key}' must be {_KINDS[kind]}, not {_describe(value)}")
            return None
        return value

    def text(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = False, limit: int = LINE
    ) -> str | None:
        """A text field; ``limit`` is its length in characters, and only a field allowed ``PROSE`` may break lines."""
        value = self.value(table, key, path, str, required)
        if value is None:
            return None
        if required and not value.strip():
            self.fail(_join(path, key), f"'{key}' must not be empty")
            return None
        problem = text_problem(key, value, limit)
        if problem:
            self.fail(_join(path, key), problem)
            return None
        return value  # type: ignore[no-any-return]

    def integer(self, table: Mapping[str, Any], key: str, path: str, low: int, high: int) -> int | None:
        value = self.value(table, key, path, int)
        if value is not None and not low <= value <= high:
            self.fail(_join(path, key), f"'{key}' must be between {low} and {high}, not {value}")
            return None
        return value  # type: ignore[no-any-return]

    def identifier(self, table: Mapping[str, Any], path: str, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
        value = self.text(table, "id", path, required=True)
        if value is not None and not pattern.fullmatch(value):
            self.fail(_join(path, "id"), f"id '{value}' may use only a-z, 0-9 and '-' (at most 64)")
            return None
        return value

    def tables(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = False
    ) -> list[tuple[str, dict[str, Any]]]:
        """The tables of an array of tables, each with its path; bad entries are reported."""
        if isinstance(table.get(key), dict):
            header = _tail(path, key)
            self.fail(_join(path, key), f"'{key}' must be a list of tables: write [[{header}]] for each entry")
            return []
        items = self.value(table, key, path, list, required)
        found: list[tuple[str, dict[str, Any]]] = []
        for index, item in enumerate(items or ()):
            where = f"{_join(path, key)}[{index}]"
            if isinstance(item, dict):
                found.append((where, item))
            else:
                self.fail(where, f"each entry of '{key}' must be a table, not {_describe(item)}")
        return found

    def strings(self, table: Mapping[str, Any], key: str, path: str, limit: int = LINE) -> tuple[str, ...]:
        items = self.value(table, key, path, list)
        good: list[str] = []
        for index, item in enumerate(items or ()):
            where = f"{_join(path, key)}[{index}]"
            if not isinstance(item, str):
                self.fail(where, f"must be text, not {_describe(item)}")
            elif problem := text_problem(f"{key}[{index}]", item, limit):
                self.fail(where, problem)
            else:
                good.append(item)
        return tuple(good)

    def unique(self, ids: Iterable[tuple[str, str | None]], what: str) -> None:
        """Report ids seen twice; ``ids`` holds (path, id) pairs."""
        first: dict[str, str] = {}
        for path, value in ids:
            if value is None:
                continue
            if value in first:
                self.fail(_join(path, "id"), f"{what} id '{value}' is already used at {first[value]}")
            else:
                first[value] = path


def read_scenario_bytes(path: Path) -> bytes:
    """A scenario file's bytes: a regular file of at most 4 MB, kept to while reading."""
    return read_input(path, MAX_SCENARIO_BYTES, "scenario")


def parse_toml(raw: bytes, file: str) -> tuple[Checker, dict[str, Any] | None]:
    """Decode UTF-8 and parse TOML; the returned checker knows the file's lines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        checker = Checker(file)
        checker.problems.append(Problem(file, "", "file is not UTF-8 text (save it as UTF-8)", line))
        return checker, None
    checker = Checker(file, text)
    try:
        return checker, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        message = _TOML_POSITION.sub("", message).strip()
        where = int(match.group(1)) if match else None
        checker.problems.append(Problem(file, "", f"not valid TOML: {message}", where))
    except RecursionError:
        checker.problems.append(Problem(file, "", "not valid TOML: values are nested too deeply"))
    return checker, None


def text_problem(key: str, value: str, limit: int) -> str | None:
    """What is wrong with a text value: too long, a control character, or a line break in a one-line field."""
    if len(value) > abs(limit):
        return f"{key} is {len(value)} characters long; at most {abs(limit)} are allowed"
    allowed = "\t\n\r" if limit < 0 else ""
    for position, char in enumerate(value):
        if char in allowed or unicodedata.category(char) not in ("Cc", "Zl", "Zp"):
            continue
        if char in "\n\r\u2028\u2029":
            return f"{key} must be one line (a line break at character {position + 1})"
        return f"{key} holds a control character (U+{ord(char):04X} at character {position + 1}); remove it"
    return None


def _is_kind(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    for kind, name in _KINDS.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, float):
        return "a decimal number"
    return "a date or time"


def _tail(path: str, key: str) -> str:
    """The TOML header name of an array of tables at ``path.key``: stages[0].injects -> stages.injects."""
    names = [part.partition("[")[0] for part in path.split(".") if part]
    return ".".join([*names, key])


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
