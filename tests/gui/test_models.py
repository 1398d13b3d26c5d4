"""The console's table models: Qt's model contract (qtmodeltester) and what each cell says.

qtmodeltester runs Qt's own C++ QAbstractItemModelTester, whose complaints arrive as Qt
warnings and so fail the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from tabletop.core.exercise import Exercise
from tabletop.gui.console.library import load_library
from tabletop.gui.console.plan_model import PlanModel
from tabletop.gui.console.run_models import HeatmapModel, NotesModel, RunSheetModel, TeamBoardModel
from tabletop.gui.console.start_models import LibraryModel, SessionsModel
from tabletop.storage import SessionSummary

R = Qt.ItemDataRole


@pytest.fixture
def played(exercise: Exercise, clock) -> Exercise:  # type: ignore[no-untyped-def]
    """Red refused, Blue complied then the leak reached Blue alone; a note and a pause."""
    exercise.deliver()
    exercise.open_voting()
    exercise.decide("Red", "ask", "refuse", rationale="Trust", confidence=4)
    exercise.decide("Blue", "ask", "comply", rationale="Access", dissent="two disagreed")
    clock.advance(60)
    exercise.add_note("Blue split 3-2")
    exercise.lock_voting()
    exercise.reveal()
    exercise.deliver()
    return exercise


def text(model, row: int, column: int, role=R.DisplayRole):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), role)


@pytest.mark.parametrize("model_class", [RunSheetModel, TeamBoardModel, HeatmapModel, NotesModel])
def test_run_models_keep_the_qt_model_contract(qtmodeltester, played: Exercise, model_class) -> None:  # type: ignore[no-untyped-def]
    model = model_class()
    model.set_exercise(played)
    qtmodeltester.check(model)
    model.set_exercise(None)
    qtmodeltester.check(model)


def test_run_sheet_shows_stages_status_and_consequence_targets(played: Exercise) -> None:
    model = RunSheetModel()
    model.set_exercise(played)
    rows = [(row.status, row.title, row.inject, row.targets) for row in model.rows]
    assert rows == [
        ("✓", "1 Stage one", None, ""),
        ("✓", "An agency asks", "ask", ""),
        ("✓", "2 Stage two", None, ""),
        ("●", "It leaked", "leak", "→ Blue"),
        ("○", "Talk it over", "talk", ""),
    ]
    assert model.row_of("leak") == 3
    assert text(model, 3, 0, R.UserRole) == "leak"


def test_team_board_shows_each_teams_standing_answer(played: Exercise) -> None:
    model = TeamBoardModel()
    model.set_exercise(played)
    model.show_inject("ask")
    assert [text(model, row, 1) for row in range(3)] == ["✓", "✓", "…"]
    assert text(model, 0, 2) == "A  Refuse"
    assert text(model, 1, 5) == "two disagreed"
    assert text(model, 0, 3) == "4"
    assert text(model, 0, 0, R.DecorationRole) == QColor(played.team("Red").color)
    model.show_inject(None)  # the current inject, the leak, went to Blue only
    assert [text(model, row, 1) for row in range(3)] == ["—", "…", "—"]


def test_a_revised_decision_is_marked(played: Exercise) -> None:
    played.decide("Red", "ask", "comply", rationale="Changed our minds")
    model = TeamBoardModel()
    model.set_exercise(played)
    model.show_inject("ask")
    assert text(model, 0, 1) == "✓ ✎"


def test_heatmap_marks_bands_with_a_symbol_as_well_as_a_colour(played: Exercise) -> None:
    model = HeatmapModel()
    model.set_exercise(played)
    ms1 = model.headers.index("MS-1")
    assert text(model, 0, ms1) == "▲▲ +2"  # Red: upheld
    assert text(model, 1, ms1) == "▼▼ \u22122"  # Blue: violated
    assert text(model, 2, ms1) == "·"  # Green: not tested
    assert "Upheld" in text(model, 0, ms1, R.ToolTipRole)
    assert text(model, 0, ms1, R.BackgroundRole) != text(model, 1, ms1, R.BackgroundRole)
    assert model.headerData(1, Qt.Orientation.Vertical) == "Blue"
    assert text(model, 0, len(model.headers) - 2) == "+100"  # Red's index


def test_notes_are_stamped_with_exercise_time(played: Exercise) -> None:
    model = NotesModel()
    model.set_exercise(played)
    assert [text(model, 0, column) for column in range(3)] == ["0:01:00", "ask", "Blue split 3-2"]


def test_start_models_keep_the_qt_model_contract(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = LibraryModel()
    library.set_library(load_library(tmp_path))
    qtmodeltester.check(library)
    assert "First Call" in [text(library, row, 0) for row in range(library.rowCount())]
    sessions = SessionsModel()
    sessions.set_sessions(
        [
            SessionSummary("a", "Done", "tiny", "2026-03-01T09:00:00+00:00", "2026-03-01T10:00:00+00:00", 4),
            SessionSummary("b", "Open", "tiny", "2026-03-02T09:00:00+00:00", None, 2),
        ]
    )
    qtmodeltester.check(sessions)
    assert text(sessions, 0, 0) == "Open"  # unfinished sessions come first
    assert text(sessions, 0, 3) == "Unfinished"
    assert sessions.unfinished() == 1


def test_plan_model_edits_rows_and_keeps_the_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PlanModel()
    model.set_plan([{"action": "Write a disclosure rule", "owner": "Ana", "due": "May"}])
    qtmodeltester.check(model)
    row = model.add_row()
    assert model.setData(model.index(row, 0), "Brief the minister")
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsEditable
    model.add_row()  # an empty row is not part of the plan
    assert model.plan() == [
        {"action": "Write a disclosure rule", "owner": "Ana", "due": "May"},
        {"action": "Brief the minister", "owner": "", "due": ""},
    ]
    model.remove_row(0)
    assert model.rowCount() == 2
