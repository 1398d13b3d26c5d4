"""The console's start in steps: the start page first, the other pages once it has its sessions."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import DATA, ScriptedDialogs

from tabletop.core.library import read_file
from tabletop.gui.app import Console, build, finish
from tabletop.gui.console.later import LATER

TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2")]


def shown(qtbot: QtBot, tmp_path: Path) -> Console:
    """A shown console whose start page is built, and nothing after it yet."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(DATA / "valid.toml", folder / "tiny.toml")
    console = build(tmp_path / "tabletop.db", folder, ScriptedDialogs(), tmp_path / "tabletop.log")
    qtbot.addWidget(console.window)
    console.window.resize(1366, 768)
    with qtbot.waitActive(console.window):
        console.window.show()
        console.window.activateWindow()
    finish(console)
    return console


def test_the_start_page_comes_first_and_the_other_pages_once_the_sessions_are_listed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    console = shown(qtbot, tmp_path)
    window = console.window
    assert window.start_page is not None
    assert window.start_page.library_model.rowCount() > 0
    assert window.run_view is None
    assert window.debrief_view is None
    assert console.presenter is None
    with qtbot.waitSignal(console.controller.sessions_changed):
        pass
    assert window.run_view is None  # not before the list is on the page
    qtbot.waitUntil(lambda: window.run_view is not None)
    assert window.debrief_view is not None
    assert window.help is not None
    assert console.presenter is not None
    assert console.room is not None


def test_a_session_opened_before_the_pages_are_built_opens_on_the_run_view(qtbot: QtBot, tmp_path: Path) -> None:
    console = shown(qtbot, tmp_path)
    assert console.window.run_view is None
    assert console.controller.new_session(read_file(DATA / "valid.toml"), "Early drill", "Ana", TEAMS)
    run = console.window.run_view
    assert run is not None
    assert console.window.pages.currentWidget() is run
    assert run.sheet_model.rowCount() > 0  # the run view heard the session open, though built as it opened
    assert console.window.debrief_view is not None


def test_a_control_of_a_page_not_built_yet_builds_it_and_does_its_work(qtbot: QtBot, tmp_path: Path) -> None:
    console = shown(qtbot, tmp_path)
    window = console.window
    assert console.presenter is None
    window.controls["presenter"].trigger()  # Ctrl+Shift+P in the first moments
    assert console.presenter is not None
    assert console.presenter.window is not None
    qtbot.addWidget(console.presenter.window)
    assert window.controls["presenter"].isChecked()
    window.controls["presenter"].trigger()  # and once built, the control alone does it
    assert console.presenter.window is None or not console.presenter.window.isVisible()


def test_help_asked_for_early_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    console = shown(qtbot, tmp_path)
    console.window.controls["help"].trigger()
    assert console.window.help is not None
    assert console.window.help.isVisible()


def test_every_control_left_for_later_is_taken_by_what_is_built_later(qtbot: QtBot, tmp_path: Path) -> None:
    console = shown(qtbot, tmp_path)
    before = {name: console.window.controls[name].receivers("2triggered(bool)") for name in LATER}
    console.window.complete()
    after = {name: console.window.controls[name].receivers("2triggered(bool)") for name in LATER}
    for name in LATER:
        action = console.window.controls[name]
        taken = after[name] + action.receivers("2toggled(bool)")
        assert taken >= before[name], f"nothing built later handles {name}"  # its stand-in is gone


def test_the_library_is_kept_parsed_in_the_users_cache_folder(qtbot: QtBot, tmp_path: Path) -> None:
    from tabletop.gui.console.library import cache_file

    assert str(cache_file()).startswith(os.environ["XDG_CACHE_HOME"])  # a test's own folder, not the user's
    cache_file().unlink(missing_ok=True)
    console = shown(qtbot, tmp_path)
    assert cache_file().exists()
    start = console.window.start_page
    assert start is not None
    assert start.library_model.rowCount() > 1


def test_a_listing_finished_while_the_page_is_built_is_handed_back_at_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop.storage import quick

    read = threading.Event()
    real = quick.sessions

    def sessions(conn: sqlite3.Connection) -> list[quick.SessionSummary]:
        try:
            return real(conn)
        finally:
            read.set()

    monkeypatch.setattr(quick, "sessions", sessions)
    console = shown(qtbot, tmp_path)
    listed: list[object] = []
    console.controller.sessions_changed.connect(listed.append)
    assert read.wait(10)
    time.sleep(0.2)  # the reader's thread hands the result over just after; no event is processed meanwhile
    assert listed == []  # waiting for the next turn of the event loop...
    console.controller.reader.deliver_finished()
    assert listed == [[]]  # ...or handed back now
