"""The console and the presenter as ``tabletop --presenter`` opens them, for the GUI benchmarks.

The console is made by the composition root (``build`` and ``finish``), so every page and
signal is wired as in the product; its settings and log go to a temporary folder. The
console is sized as a laptop screen (1366x768) and the presenter as a projector (1920x1080).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from tabletop.core.library import ScenarioFile
from tabletop.gui.app import Console, build, finish
from tabletop.gui.controller import SessionController
from tabletop.gui.presenter.window import PresenterWindow

CONSOLE_SIZE = (1366, 768)
PRESENTER_SIZE = (1920, 1080)
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@dataclass
class Windows:
    """A running console with its presenter open, on a session of its own."""

    console: Console

    @property
    def controller(self) -> SessionController:
        return self.console.controller

    @property
    def presenter(self) -> PresenterWindow:
        assert self.console.presenter is not None
        assert self.console.presenter.window is not None
        return self.console.presenter.window

    def repaint(self) -> None:
        """Both windows painted whole, then whatever the event loop still holds (deferred layouts, updates)."""
        self.console.window.repaint()
        self.presenter.repaint()
        QApplication.processEvents()

    def close(self) -> None:
        """Close both windows and delete them now, while Python still holds what their event filters read."""
        presenter = self.presenter
        self.console.window.close()
        for window in (presenter, self.console.window):
            window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def application() -> QApplication:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


def open_windows(folder: Path, name: str, source: ScenarioFile, teams: int) -> Windows:
    """A console and its presenter, shown at their sizes, on a new session of ``source`` with ``teams`` teams."""
    application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    console = build(folder / f"{name}.db", folder / "scenarios", log=folder / f"{name}.log")
    console.window.resize(*CONSOLE_SIZE)
    console.window.show()
    QApplication.processEvents()
    finish(console, presenter=True)
    settle(lambda: console.controller.store_path is not None)
    named = [(f"Team {number + 1}", COLOURS[number % len(COLOURS)]) for number in range(teams)]
    assert console.controller.new_session(source, name, "", named)
    windows = Windows(console)
    windows.console.window.resize(*CONSOLE_SIZE)
    windows.presenter.resize(*PRESENTER_SIZE)
    settle()
    return windows


def settle(until: Callable[[], bool] | None = None, timeout: float = 120.0) -> None:
    """Let the event loop run; with ``until``, until it holds (work handed to another thread has come back)."""
    deadline = time.monotonic() + timeout
    QApplication.processEvents()
    while until is not None and not until():
        if time.monotonic() > deadline:
            raise RuntimeError("the console never got there")
        time.sleep(0.002)
        QApplication.processEvents()
