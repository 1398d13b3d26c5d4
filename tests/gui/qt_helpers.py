"""Shared pieces of the console tests: a console on a temporary database, and scripted dialogs."""

from __future__ import annotations

import shutil
from collections import deque
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tabletop.gui.app import Console, build, finish
from tabletop.gui.controller import SessionController
from tabletop.gui.dialogs.questions import Dialogs
from tabletop.storage import SessionSummary

DATA = Path(__file__).parents[1] / "data"


class ScriptedDialogs(Dialogs):
    """Answers the console's questions from queues the test fills, and records what was asked."""

    def __init__(self) -> None:
        self.paths: deque[Path | None] = deque()
        self.folders: deque[Path | None] = deque()
        self.scenarios: deque[Path | None] = deque()
        self.answers: deque[bool] = deque()
        self.asked: list[str] = []
        self.warnings: list[str] = []
        self.rooms: deque[tuple[str, int] | None] = deque()
        self.ties: deque[int | None] = deque()

    def ask_open_scenario(self, parent: Any, folder: Path) -> Path | None:
        self.asked.append("open scenario")
        return self.scenarios.popleft()

    def ask_save_path(self, parent: Any, suggested: Path, fmt: str) -> Path | None:
        self.asked.append(f"save {fmt} {suggested.name}")
        return self.paths.popleft()

    def ask_folder(self, parent: Any, start: Path) -> Path | None:
        self.asked.append("folder")
        return self.folders.popleft()

    def confirm(self, parent: Any, title: str, question: str, yes: str) -> bool:
        self.asked.append(f"confirm {title}")
        return self.answers.popleft() if self.answers else True

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.warnings.append(text)

    def ask_room(self, parent: Any, choices: Any, host: str, port: int) -> tuple[str, int] | None:
        self.asked.append(f"room {host}:{port}")
        return self.rooms.popleft() if self.rooms else (host, port)

    def pick_tie(self, parent: Any, question: str, options: Any) -> int | None:
        self.asked.append(f"tie {question}")
        return self.ties.popleft() if self.ties else None


def start_console(qtbot: QtBot, tmp_path: Path, resume: str | None = None) -> Console:
    """A shown console on ``tmp_path``: its own database, and a scenario folder holding tests/data/valid.toml."""
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / "valid.toml", folder / "tiny.toml")
    console = build(tmp_path / "tabletop.db", folder, ScriptedDialogs(), tmp_path / "tabletop.log")
    console.controller.moves.timer.setInterval(50)  # a retry every 2 s is right for a person, slow for a test
    qtbot.addWidget(console.window)
    console.window.resize(1366, 768)
    with qtbot.waitActive(console.window):  # window-wide shortcuts only reach the active window
        console.window.show()
        console.window.activateWindow()
    finish(console, resume)
    qtbot.waitUntil(lambda: console.presenter is not None)  # the pages built after the start page
    return console


def sessions_listed(qtbot: QtBot, controller: SessionController) -> list[SessionSummary]:
    """The sessions list as the controller reads it now (off the GUI thread), after any listing under way."""
    qtbot.waitUntil(lambda: not controller.reader.busy)  # an earlier listing's answer is not taken for this one
    with qtbot.waitSignal(controller.sessions_changed) as blocker:
        controller.refresh_sessions()
    return list(blocker.args[0])


def scripted(console: Console) -> ScriptedDialogs:
    assert isinstance(console.dialogs, ScriptedDialogs)
    return console.dialogs
