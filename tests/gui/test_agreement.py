"""The console, the shared screen, the debrief and ``tabletop sessions`` tell one story.

A session with pauses, a revision, an undo and an inject of 28 options (letters past Z):
option letters, exercise time (pauses left out) and the standing decisions are each read
from every place that shows them, and must agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import sessions_listed

from tabletop.core.library import read_file
from tabletop.core.wording import clock_text
from tabletop.gui.console.run_models import NotesModel, TeamBoardModel
from tabletop.gui.controller import SessionController
from tabletop.gui.presenter.screens import InjectScreen, room_view
from tabletop.gui.times import clock
from tabletop.reports.export import render

OPTIONS = 28  # A .. Z, AA, AB
TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73")]


def many_options(folder: Path) -> Path:
    options = "".join(
        f'\n[[stages.injects.options]]\nid = "o{n}"\nlabel = "Option number {n}"\n'
        f'norms.MS-{1 + n % 6} = {{ effect = {(n % 5) - 2}, why = "Reason {n}" }}\n'
        for n in range(1, OPTIONS + 1)
    )
    text = (
        'format = 1\nid = "many"\ntitle = "Many"\n\n[[stages]]\nid = "one"\ntitle = "One"\n\n'
        '[[stages.injects]]\nid = "wide"\ntitle = "A wide choice"\nbody = "Pick."\nquestion = "Which?"\n'
        f"{options}\n"
        '[[stages.injects]]\nid = "talk"\ntitle = "Talk"\nbody = "Discuss."\nquestion = "What now?"\n'
    )
    path = folder / "many.toml"
    path.write_text(text)
    return path


class Clock:
    def __init__(self) -> None:
        from datetime import UTC, datetime

        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def played(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    time = Clock()
    seen: list[object] = []
    controller = SessionController(tmp_path / "tabletop.db", tmp_path / "scenarios", clock=time)
    assert controller.start()
    assert controller.new_session(read_file(many_options(tmp_path)), "Agreement", "Ana", TEAMS)
    steps = [
        (30, lambda: controller.deliver_next()),
        (20, lambda: controller.open_voting()),
        (40, lambda: controller.record_decision("Red", "wide", "o28", "The last one")),
        (10, lambda: controller.toggle_pause()),
        (300, lambda: controller.add_note("Written while paused")),
        (60, lambda: controller.toggle_pause()),
        (15, lambda: controller.record_decision("Blue", "wide", "o27", "Next to last")),
        (25, lambda: controller.record_decision("Blue", "wide", "o2", "Changed our minds", 4)),
        (5, lambda: controller.record_decision("Green", "wide", "o26", "Zed")),
        (5, lambda: controller.undo()),  # Green's answer is taken back
        (10, lambda: controller.record_decision("Green", "wide", "o1", "First after all")),
        (20, lambda: controller.add_note("After the pause")),
        (5, lambda: controller.lock_voting()),
        (5, lambda: controller.reveal()),
        (0, lambda: seen.append(room_view(controller.exercise)) or True),  # the shared screen at the reveal
        (60, lambda: controller.deliver_next()),
        (5, lambda: controller.toggle_pause()),
        (120, lambda: controller.toggle_pause()),
        (50, lambda: controller.record_decision("Red", "talk", None, "Publish the rule")),
    ]
    for seconds, move in steps:
        time.advance(seconds)
        assert move()
    yield controller, seen[0], tmp_path / "tabletop.db"
    controller.shutdown()


def test_option_letters_agree_past_z(played) -> None:  # type: ignore[no-untyped-def]
    controller, reveal, _ = played
    exercise = controller.exercise
    board = TeamBoardModel()
    board.set_exercise(exercise)
    board.show_inject("wide")
    console = [board.index(row, 2).data() for row in range(3)]
    assert console == ["AB  Option number 28", "B  Option number 2", "A  Option number 1"]
    assert isinstance(reveal, InjectScreen)
    assert reveal.revealed
    assert [row.letter for row in reveal.options][25:] == ["Z", "AA", "AB"]
    assert {row.letter: row.teams for row in reveal.options if row.teams} == {
        "AB": ("Red",), "B": ("Blue",), "A": ("Green",),
    }  # fmt: skip
    assert {tile.name: tile.choice for tile in reveal.teams} == {"Red": "AB", "Blue": "B", "Green": "A"}
    html = render(exercise, "html").decode()
    for shown in ("AB \u00b7 Option number 28", "B \u00b7 Option number 2", "AA \u00b7 Option number 27"):
        assert shown in html  # the decision log keeps the revised and undone choices too


def test_exercise_time_agrees_everywhere(played) -> None:  # type: ignore[no-untyped-def]
    controller, _, _ = played
    exercise = controller.exercise
    notes = NotesModel()
    notes.set_exercise(exercise)
    console_times = [notes.index(row, 0).data() for row in range(notes.rowCount())]
    seconds = [exercise.exercise_time(note.at) for note in exercise.notes()]
    assert seconds == [100.0, 180.0]  # the first written during the pause; the 360 s paused are left out
    assert console_times == [clock(s) for s in seconds]
    html = render(exercise, "html").decode()
    assert all(f'<td class="num">{clock_text(s)}</td>' in html for s in seconds)  # the debrief's notes
    data = json.loads(render(exercise, "json"))
    assert data["session"]["elapsed_seconds"] == round(exercise.elapsed(), 1) == 305.0  # 785 s, 480 paused
    took = exercise.time_to_decide("Blue", "wide")
    assert took == 85.0  # delivered at 0:30; Blue first chose at 0:115, the pause between left out
    assert f"Blue B (after {clock_text(took)}; revised 1\u00d7)" in html


def test_standing_decisions_agree(qtbot: QtBot, played) -> None:  # type: ignore[no-untyped-def]
    controller, _, db = played
    exercise = controller.exercise
    standing = len(exercise.final_decisions())
    assert standing == 4  # Red, Blue (revised), Green (undone, then again) on "wide"; Red on "talk"
    board = TeamBoardModel()
    board.set_exercise(exercise)
    answered = 0
    for inject in ("wide", "talk"):
        board.show_inject(inject)
        answered += sum(1 for row in range(board.rowCount()) if str(board.index(row, 1).data()).startswith("\u2713"))
    data = json.loads(render(exercise, "json"))
    rows = list(csv.DictReader(io.StringIO(render(exercise, "csv").decode("utf-8-sig"))))
    listed = subprocess.run(
        [sys.executable, "-m", "tabletop", "sessions", "--db", str(db)], capture_output=True, text=True, check=True
    ).stdout
    assert answered == standing
    assert sum(len(team["decisions"]) for team in data["teams"]) == standing
    assert len(rows) == standing
    assert re.split(r"\t", listed.strip())[-1] == str(standing)
    assert sessions_listed(qtbot, controller)[0].decisions == standing
