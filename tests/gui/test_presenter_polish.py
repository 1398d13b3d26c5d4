"""The shared screen in front of a room: it comes back as it was, grows when asked, and never covers the console."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from qt_helpers import start_console

from tabletop.core.events import Source
from tabletop.core.library import read_file, resolve
from tabletop.gui.app import Console
from tabletop.gui.presenter.window import PresenterWindow
from tabletop.gui.settings import user_settings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73"), ("Gold", "#E69F00")]


def opened(qtbot: QtBot, tmp_path: Path, scenario: str = "tiny") -> tuple[Console, PresenterWindow]:
    console = start_console(qtbot, tmp_path)
    source = read_file(Path(__file__).parents[1] / "data" / "valid.toml") if scenario == "tiny" else resolve(scenario)
    assert console.controller.new_session(source, "Drill", "Ana", TEAMS)
    assert console.presenter is not None
    window = console.presenter.open()
    qtbot.addWidget(window)
    return console, window


def test_tiles_have_their_height_as_soon_as_the_presenter_opens(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.controller.deliver_next()
    assert window.teams.height() > 30  # it was a 2 px line until F11


def test_bigger_text_never_shows_the_inject_smaller(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path, "lawful-access")
    window.resize(1280, 720)
    console.controller.deliver_next()
    shown = []
    for _ in range(4):
        shown.append(window.text_scale * window.main.fit)
        console.window.controls["presenter_bigger"].trigger()
    shown.append(window.text_scale * window.main.fit)
    assert shown == sorted(shown)
    assert shown[-1] > shown[0]


def test_the_header_carries_the_exercise_clock(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.controller.deliver_next()
    window.show_header(__import__("tabletop.gui.presenter.screens", fromlist=["room_header"]).room_header(
        console.controller.exercise))  # fmt: skip
    assert window.clock.isVisibleTo(window)
    assert window.clock.text().count(":") == 2


def test_a_team_may_add_a_one_line_reason_after_its_vote(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.controller.deliver_next()
    console.controller.open_voting()
    qtbot.keyClicks(window, "2B")
    assert window.reason.isVisibleTo(window)
    assert "Blue" in window.reason.placeholderText()
    qtbot.keyClicks(window, "3A")  # the next team's keys are still votes: the field waits to be tapped
    exercise = console.controller.exercise
    assert exercise is not None
    assert exercise.final("Green", "ask").option == "refuse"  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Green, who voted last, adds its reason
    qtbot.keyClicks(window.reason, "Trust is what we sell")
    qtbot.keyClick(window.reason, Qt.Key.Key_Return)
    green = exercise.final("Green", "ask")
    assert green is not None
    assert (green.option, green.rationale, green.source) == ("refuse", "Trust is what we sell", Source.PRESENTER)
    assert not window.reason.isVisibleTo(window)


def test_the_reason_field_waits_out_a_pause(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.controller.deliver_next()
    console.controller.open_voting()
    qtbot.keyClicks(window, "2B")
    assert window.reason.isVisibleTo(window)
    assert console.controller.toggle_pause()
    assert window.paused.isVisibleTo(window)
    assert not window.reason.isVisibleTo(window)  # no offer to type while the room is on hold
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert not window.reason.hasFocus()
    assert console.controller.toggle_pause()
    assert window.reason.isVisibleTo(window)  # Blue may still add its line
    assert "Blue" in window.reason.placeholderText()


def test_the_presenter_comes_back_as_it_was_when_a_session_is_resumed(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.window.controls["norm_lens"].trigger()
    session = console.controller.exercise.session_id  # type: ignore[union-attr]
    console.controller.close_session()  # as if the laptop had died: the settings say what was open
    settings = user_settings()
    assert str(settings.value("presenter/open")).lower() == "true"
    console.presenter.close()  # type: ignore[union-attr]
    settings.setValue("presenter/open", True)  # a crash leaves it recorded as open
    console.window.controls["norm_lens"].setChecked(False)
    settings.setValue("presenter/norm_lens", True)
    with qtbot.waitSignal(console.controller.session_opened):
        assert console.controller.resume(session)
    assert window.isVisible()


def test_quitting_the_console_does_not_forget_the_presenter_was_open(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    console.window.close()
    assert not window.isVisible()
    assert str(user_settings().value("presenter/open")).lower() == "true"


def test_on_one_display_the_two_windows_share_it_side_by_side(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path)
    qtbot.waitUntil(lambda: window.isVisible())
    left, right = console.window.geometry(), window.geometry()
    assert left.right() < right.left()  # neither covers the other
    console.presenter.close()  # type: ignore[union-attr]
    assert console.window.geometry().width() > left.width()  # the console has the display back


def test_beside_the_presenter_the_team_board_keeps_rationale_and_dissent_in_view(qtbot: QtBot, tmp_path: Path) -> None:
    console, window = opened(qtbot, tmp_path, "the-tool-comes-home")
    qtbot.waitUntil(lambda: window.isVisible())
    console.controller.deliver_next()
    qtbot.wait(50)
    assert console.window.width() < 900  # side by side on the 1366 px laptop screen
    run_view = console.window.run_view
    assert run_view is not None
    table = run_view.board.table
    shown = table.viewport().width()
    rationale, dissent = (table.columnViewportPosition(c) + table.columnWidth(c) for c in (4, 5))
    assert dissent <= shown + 1  # nothing runs off the right edge
    assert table.columnWidth(4) >= 90
    assert table.columnWidth(5) >= 90
    assert rationale < dissent
