"""What the console keeps between runs: the window's size and the run view's splitters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot
from qt_helpers import DATA, start_console

from tabletop.core.library import read_file
from tabletop.gui.app import Console

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def splitter(console: Console, name: str) -> QSplitter:
    found = console.window.findChild(QSplitter, name)
    assert found is not None, name
    return found


def test_the_window_size_and_splitters_come_back_as_they_were_left(qtbot: QtBot, tmp_path: Path) -> None:
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
    first = start_console(qtbot, tmp_path / "first")
    assert first.controller.new_session(read_file(DATA / "valid.toml"), "Drill", "Ana", [("Red", "#D55E00")])
    first.window.resize(760, 560)  # within the offscreen screen (800 x 600), which restoreGeometry keeps to
    qtbot.waitUntil(lambda: first.window.width() == 760)
    main = splitter(first, "runMain")
    main.setSizes([200, 480])
    left = main.sizes()
    first.window.close()

    second = start_console(qtbot, tmp_path / "second")  # start_console sizes it 1366 x 768 first
    assert (second.window.width(), second.window.height()) == (760, 560)
    assert second.controller.new_session(read_file(DATA / "valid.toml"), "Drill", "Ana", [("Red", "#D55E00")])
    qtbot.waitUntil(lambda: splitter(second, "runMain").sizes() == left, timeout=2000)
