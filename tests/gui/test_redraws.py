"""A move redraws what it changed: one answer, one team's rows on the console and one tile on the shared screen.

Each test also checks the result against what a window built afresh would show, so a
redraw that skips work can never leave a stale row, score or tile behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import DATA, start_console

from tabletop.core.library import read_file
from tabletop.gui.app import Console
from tabletop.gui.console.run_models import HeatmapModel, TeamBoardModel
from tabletop.gui.presenter.page import TilesView
from tabletop.gui.presenter.window import PresenterWindow
from tabletop.gui.table_model import RowsModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def session(qtbot: QtBot, tmp_path: Path, teams: int) -> Console:
    """A console on the tiny scenario with ``teams`` teams, the first inject delivered and voting open."""
    console = start_console(qtbot, tmp_path)
    named = [(f"Team {n + 1}", COLOURS[n % len(COLOURS)]) for n in range(teams)]
    assert console.controller.new_session(read_file(DATA / "valid.toml"), "Course", "", named)
    assert console.controller.deliver_next()
    assert console.controller.open_voting()
    return console


class Spy:
    """What a model announced: resets, and the (first, last) rows of each change."""

    def __init__(self, model: RowsModel) -> None:
        self.resets = 0
        self.rows: list[tuple[int, int]] = []
        model.modelReset.connect(self._on_reset)
        model.dataChanged.connect(lambda first, last, roles=(): self.rows.append((first.row(), last.row())))

    def _on_reset(self) -> None:
        self.resets += 1


def counting(calls: list[str], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return function(*args, **kwargs)

    return counted


def fresh(model: RowsModel, console: Console) -> list[Any]:
    model.exercise = console.controller.exercise  # type: ignore[attr-defined]
    model.refresh()
    return model.rows


def test_an_answer_redraws_its_teams_rows_and_scores_that_team_alone(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = session(qtbot, tmp_path, 30)
    run = console.window.run_view
    assert run is not None
    exercise = console.controller.exercise
    assert exercise is not None
    board, heatmap = Spy(run.board.model), Spy(run.heatmap.model)
    calls: list[str] = []
    monkeypatch.setattr(type(exercise), "scores", lambda *a, **k: pytest.fail("every team scored again"))
    monkeypatch.setattr(exercise, "team_score", counting(calls, "team_score", exercise.team_score))
    monkeypatch.setattr(run.inject_view, "setHtml", counting(calls, "setHtml", run.inject_view.setHtml))
    assert console.controller.record_decision("Team 12", "ask", "comply", "Because", 3)
    assert console.controller.record_decision("Team 12", "ask", "refuse")  # a revision
    assert (board.resets, heatmap.resets) == (0, 0)
    assert board.rows == [(11, 11), (11, 11)]
    assert heatmap.rows == [(11, 11), (11, 11)]
    assert calls == ["team_score", "team_score"]  # and the inject's narrative was not laid out again
    assert run.board.model.rows == fresh(TeamBoardModel(), console)
    monkeypatch.undo()
    assert run.heatmap.model.rows == fresh(HeatmapModel(), console)
    assert run.board.model.index(11, 1).data() == "✓ ✎"


def test_an_undo_and_a_classification_redraw_their_teams_rows_too(qtbot: QtBot, tmp_path: Path) -> None:
    console = session(qtbot, tmp_path, 12)
    run = console.window.run_view
    assert run is not None
    controller = console.controller
    for team in ("Team 3", "Team 5"):
        assert controller.record_decision(team, "ask", "comply")
    assert controller.undo()
    assert run.board.model.index(4, 1).data() == "…"
    assert run.heatmap.model.rows == fresh(HeatmapModel(), console)
    assert controller.lock_voting()
    assert controller.reveal()
    assert controller.deliver("talk")  # a discussion: its answers are classified
    assert controller.open_voting()
    assert controller.record_decision("Team 3", "talk", None, "We would report it")
    heatmap = Spy(run.heatmap.model)
    assert controller.classify("Team 3", "talk", {"MS-2": (2, "Commits to reporting")})
    assert heatmap.rows == [(2, 2)]
    assert run.heatmap.model.rows == fresh(HeatmapModel(), console)
    assert run.board.model.rows == fresh(TeamBoardModel(), console)


def test_a_delivery_shows_the_new_inject_once(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    console = session(qtbot, tmp_path, 4)
    run = console.window.run_view
    assert run is not None
    calls: list[str] = []
    monkeypatch.setattr(run, "_show_focus", counting(calls, "focus", run._show_focus))
    monkeypatch.setattr(run.inject_view, "setHtml", counting(calls, "setHtml", run.inject_view.setHtml))
    controller = console.controller
    assert controller.record_decision("Team 1", "ask", "comply")
    assert controller.lock_voting()
    assert controller.reveal()
    calls.clear()
    assert controller.deliver_next()
    assert calls == ["focus", "setHtml"]
    assert run.focus() == "leak"
    assert "backdoor is being used" in run.inject_view.toPlainText()
    assert run.board.model.rows == fresh(TeamBoardModel(), console)


def drawn(document: QTextDocument) -> QImage:
    image = QImage(int(document.textWidth()), int(document.size().height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    return image


def on_screen_as_drawn(qtbot: QtBot, window: QWidget) -> bool:
    """Whether what the window has on screen (its backing store) is what painting it whole now gives: no stale tile."""
    qtbot.wait(1)  # the event loop paints what was asked to be repainted
    drawn_now = window.grab().toImage()
    shown = window.screen().grabWindow(window.winId()).toImage().convertToFormat(drawn_now.format())
    return bool(shown == drawn_now)


def as_new(view: TilesView) -> bool:
    """Whether the tiles look exactly as their HTML made into a document from scratch would."""
    shown = view.document()
    twin = QTextDocument()
    twin.setDefaultFont(shown.defaultFont())
    twin.setDocumentMargin(shown.documentMargin())
    twin.setHtml(view.html)
    twin.setTextWidth(shown.textWidth())
    return bool(shown.toPlainText() == twin.toPlainText() and drawn(shown) == drawn(twin))


@pytest.mark.parametrize(
    ("teams", "at_lock"),
    [(6, ["setHtml"]), (40, [])],  # words on each tile ("answered" becomes "locked in"); symbols for many teams
)
def test_an_answer_changes_one_tile_in_place_as_a_new_document_would_draw_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, teams: int, at_lock: list[str]
) -> None:
    console = session(qtbot, tmp_path, teams)
    presenter = PresenterWindow(console.controller)
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    presenter.show()
    qtbot.waitExposed(presenter)
    calls: list[str] = []
    monkeypatch.setattr(presenter.teams, "setHtml", counting(calls, "setHtml", presenter.teams.setHtml))
    for team in ("Team 1", f"Team {teams - 1}", "Team 2"):
        assert console.controller.record_decision(team, "ask", "refuse")
        assert as_new(presenter.teams), team
        assert on_screen_as_drawn(qtbot, presenter), team
    assert calls == []
    assert presenter.teams.document().toPlainText().count("✓") == 3
    assert console.controller.lock_voting()
    assert calls == at_lock
    assert as_new(presenter.teams)


def test_a_tile_picked_on_the_shared_screen_is_drawn_anew(qtbot: QtBot, tmp_path: Path) -> None:
    console = session(qtbot, tmp_path, 6)
    presenter = PresenterWindow(console.controller)
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    presenter.show()
    qtbot.waitExposed(presenter)
    assert console.controller.record_decision("Team 1", "ask", "refuse")
    presenter.votes.pick_team(2, presenter.screen_value)
    assert "choose" in presenter.teams.document().toPlainText()
    assert as_new(presenter.teams)
