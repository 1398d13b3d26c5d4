"""Play a whole session from a decisions CSV, as the exercise happened, row by row.

Rows are read in order: the first row for an inject delivers it (and every earlier inject
not yet delivered), a second row for the same team and inject is a revision. Any bad
row stops the run with the row's line; the caller saves nothing unless all went well.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tabletop.core.errors import ExerciseError, NotARecipient, Problem, UnknownOption, ValidationError
from tabletop.core.events import Source
from tabletop.core.exercise import Exercise
from tabletop.core.files import MAX_DECISIONS_BYTES, open_input
from tabletop.core.inputs import when_words
from tabletop.core.phases import Phase

REQUIRED = ("team", "inject", "option", "rationale")
OPTIONAL = ("confidence", "dissent", "minute")
MAX_ROWS = 50_000
_MINUTE = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")


@dataclass(frozen=True)
class DecisionRow:
    line: int
    team: str
    inject: str
    option: str
    rationale: str
    confidence: int | None = None
    dissent: str = ""
    minute: float | None = None


class ScriptClock:
    """A clock that stands at the minute the current row says, counted from the start."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.minute = 0.0

    def __call__(self) -> datetime:
        return self.start + timedelta(minutes=self.minute)


def read_decisions(path: Path) -> list[DecisionRow]:
    """Every row of a decisions file; raises ValidationError naming the first bad line."""
    file = str(path)
    with open_input(path, MAX_DECISIONS_BYTES, "decisions") as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        try:
            return list(_rows(reader, file))
        except UnicodeDecodeError:
            raise _bad(file, reader.line_num + 1, "file is not UTF-8 text (save it as CSV UTF-8)") from None


def _rows(reader: Any, file: str) -> Iterator[DecisionRow]:
    columns: list[str] | None = None
    count = 0
    last_minute = 0.0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                if columns is None:
                    continue  # blank lines before the header are harmless
                raise _bad(file, line, "the row is empty; remove it, or fill in the decision it was meant to hold")
            if columns is None:
                columns = _header(cells, file, line)
                continue
            count += 1
            if count > MAX_ROWS:
                raise _bad(file, line, f"more than {MAX_ROWS} decisions; a session this large is refused")
            row = _row(dict(zip(columns, cells, strict=False)), len(cells), len(columns), file, line)
            if row.minute is not None:
                if row.minute < last_minute:
                    raise _bad(file, line, f"minute {row.minute:g} comes before the previous row's {last_minute:g}")
                last_minute = row.minute
            yield row
    except csv.Error as error:
        raise _bad(file, reader.line_num, f"not valid CSV: {error}") from None
    if columns is None:
        raise _bad(file, None, "the file is empty; it needs a header row and one row per decision")


def _header(cells: list[str], file: str, line: int) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    expected = f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})"
    unknown = [name for name in names if name not in REQUIRED + OPTIONAL]
    if unknown:
        raise _bad(file, line, f"unknown column '{unknown[0]}'; the first row names the columns: {expected}")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise _bad(file, line, f"missing column '{missing[0]}'; the first row names the columns: {expected}")
    if len(set(names)) != len(names):
        raise _bad(file, line, "a column is named twice")
    return names


def _row(values: dict[str, str], width: int, expected: int, file: str, line: int) -> DecisionRow:
    if width != expected:
        raise _bad(file, line, f"expected {expected} cells, found {width}")
    confidence = values.get("confidence", "").strip()
    minute = values.get("minute", "").strip()
    if confidence and confidence not in {"1", "2", "3", "4", "5"}:
        raise _bad(file, line, f"confidence must be 1 to 5, not '{confidence}'")
    if minute and not _MINUTE.fullmatch(minute):
        raise _bad(file, line, f"minute must be a number of minutes from the start, such as 12 or 12.5, not '{minute}'")
    minute_value = float(minute) if minute else None
    if minute_value is not None and not 0 <= minute_value <= 7 * 24 * 60:
        raise _bad(file, line, f"minute must be between 0 and {7 * 24 * 60}, not '{minute}'")
    return DecisionRow(
        line=line,
        team=values["team"].strip(),
        inject=values["inject"].strip(),
        option=values["option"].strip(),
        rationale=values["rationale"],
        confidence=int(confidence) if confidence else None,
        dissent=values.get("dissent", ""),
        minute=minute_value,
    )


def play(exercise: Exercise, rows: list[DecisionRow], clock: ScriptClock, file: str) -> None:
    """Drive the exercise through every row, then close the last inject and end the session."""
    for row in rows:
        try:
            team = exercise.team_called(row.team)
            _reach(exercise, row.inject, team)  # delivered when the last thing happened, before this row
            if row.minute is not None:
                clock.minute = row.minute
            exercise.decide(
                team,
                row.inject,
                _option_id(exercise, row),
                rationale=row.rationale,
                confidence=row.confidence,
                dissent=row.dissent,
                source=Source.IMPORT,
            )
        except ExerciseError as error:
            raise _bad(file, row.line, str(error)) from None
    close_current(exercise)
    exercise.end()


def _option_id(exercise: Exercise, row: DecisionRow) -> str | None:
    """The option a row names, by its id or by the letter the room and the report show (A, B, ... AA)."""
    if not row.option:
        return None
    inject = exercise.inject(row.inject)
    if row.option.isupper() and not inject.has_option(row.option):
        found = inject.option_at(row.option)
        if found is None:
            letters = f"A to {inject.letter(inject.options[-1].id)}" if inject.options else "none"
            raise UnknownOption(f"'{row.inject}' has no option {row.option} (its letters run {letters})")
        return found.id
    return row.option


def _reach(exercise: Exercise, inject_id: str, team: str) -> None:
    """Deliver the inject a row answers, and every scenario inject before it that reaches a team."""
    target = exercise.inject(inject_id)
    if exercise.is_delivered(inject_id):
        return
    for inject in exercise.scenario.injects():
        if exercise.is_delivered(inject.id):
            continue
        if not exercise.recipients(inject.id):
            if inject.id == inject_id:
                raise NotARecipient(f"team '{team}' never received '{inject_id}' ({when_words(target)})")
            continue
        close_current(exercise)
        exercise.deliver(inject.id)
        exercise.open_voting()
        if inject.id == inject_id:
            return


def close_current(exercise: Exercise) -> None:
    """Lock voting on the current inject and reveal it, as far as it has not been already."""
    if exercise.phase is Phase.VOTING:
        exercise.lock_voting()
    if exercise.phase in (Phase.LOCKED, Phase.DELIVERED):
        exercise.reveal()


def _bad(file: str, line: int | None, message: str) -> ValidationError:
    return ValidationError([Problem(file, "", message, line)])
