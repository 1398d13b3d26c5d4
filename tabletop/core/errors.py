"""Error values the core raises: each names the file, the place and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, phrased for the person who wrote it."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """One line, whatever the file's name or the key's text held (line breaks and control characters escaped)."""
        from tabletop.core.wording import visible

        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return visible(text)


class TabletopError(Exception):
    """Base of every error Tabletop reports to a user instead of a traceback."""


class ValidationError(TabletopError):
    """A scenario, framework or decisions file is not valid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ExerciseError(TabletopError):
    """A request the exercise cannot carry out; the message says why."""


class IllegalMove(ExerciseError):
    """The move is not allowed in the exercise's current phase."""


class UnknownTeam(ExerciseError):
    pass


class UnknownInject(ExerciseError):
    pass


class UnknownOption(ExerciseError):
    pass


class NotARecipient(ExerciseError):
    """A team answered an inject it never received (a consequence meant for others)."""


class InvalidDecision(ExerciseError):
    pass
