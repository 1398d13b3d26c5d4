"""Listing and loading sessions happen off the GUI thread, and the console stays alive meanwhile."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import start_console

from tabletop.core.library import read_file
from tabletop.storage import Store, quick

TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2")]


class Threads:
    """Which threads ran the store's reading methods, and the sessions listing (wrapped around the real ones)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]) -> None:
        self.seen: dict[str, set[int]] = {name: set() for name in (*names, "sessions")}
        for name in names:
            monkeypatch.setattr(Store, name, self._watched(name, getattr(Store, name)))
        monkeypatch.setattr(quick, "sessions", self._watched("sessions", quick.sessions))

    def _watched(self, name: str, real: Any) -> Any:
        def watched(*args: Any, **kwargs: Any) -> Any:
            self.seen[name].add(threading.get_ident())
            return real(*args, **kwargs)

        return watched


def test_listing_and_loading_sessions_run_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = Threads(monkeypatch, ("resolve", "load"))
    gui = threading.get_ident()
    console = start_console(qtbot, tmp_path)
    controller = console.controller
    listed_on: list[int] = []
    controller.sessions_changed.connect(lambda sessions: listed_on.append(threading.get_ident()))
    assert controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)
    session = controller.exercise.session_id  # type: ignore[union-attr]
    assert controller.deliver_next()
    with qtbot.waitSignal(controller.sessions_changed):
        controller.close_session()
    with qtbot.waitSignal(controller.session_opened) as opened:
        assert controller.resume("latest")
    assert opened.args[0].session_id == session
    assert opened.args[0].current == "ask"
    assert all(threads.seen.values()), threads.seen  # each was called...
    assert gui not in set().union(*threads.seen.values())  # ...and never on the GUI thread
    assert listed_on
    assert set(listed_on) == {gui}  # the results come back to the GUI thread
    assert controller.record_decision("Red", "ask", "refuse")  # the resumed session writes from the GUI thread
    controller.shutdown()
    with Store(tmp_path / "tabletop.db") as store:
        assert store.load(session).final("Red", "ask") is not None


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_console_paints_and_answers_keys_while_a_slow_listing_runs(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, started = threading.Event(), threading.Event()
    real = quick.sessions

    def slow(conn: sqlite3.Connection) -> Any:
        started.set()
        assert release.wait(30), "the test never let the listing finish"
        return real(conn)

    console = start_console(qtbot, tmp_path)
    window, page = console.window, console.window.start_page
    assert page is not None
    assert window.help is not None
    qtbot.waitUntil(lambda: not page.busy.isVisible())  # the first listing, at start, is done
    monkeypatch.setattr(quick, "sessions", slow)
    try:
        console.controller.refresh_sessions()
        assert started.wait(10)
        qtbot.waitUntil(page.busy.isVisible)
        assert page.busy.label.text() == "Reading the sessions…"
        paints = Paints()
        page.installEventFilter(paints)
        page.update()
        qtbot.waitUntil(lambda: paints.count > 0)  # it paints...
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
        qtbot.waitUntil(window.help.isVisible)  # ...and answers a key, with the listing still under way
        assert page.busy.isVisible()  # still reading
    finally:
        release.set()
    qtbot.waitUntil(lambda: not page.busy.isVisible())
    assert "No unfinished sessions" in page.sessions_note.text()


def test_a_resume_that_fails_to_read_says_why_and_leaves_the_session_free(
    qtbot: QtBot, tmp_path: Path, valid_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop.storage import StoreError

    console = start_console(qtbot, tmp_path)
    controller = console.controller
    assert controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)
    session = controller.exercise.session_id  # type: ignore[union-attr]
    controller.close_session()

    def damaged(store: Store, session_id: str, **kwargs: Any) -> Any:
        raise StoreError(f"the log of session {session_id} is damaged")

    monkeypatch.setattr(Store, "load", damaged)
    with qtbot.waitSignal(controller.error_raised) as blocker:
        assert controller.resume(session)
    assert "is damaged" in blocker.args[0]
    assert controller.exercise is None
    with closing(sqlite3.connect(tmp_path / "tabletop.db")) as db:  # claimed before reading, let go after
        assert db.execute("SELECT count(*) FROM leases WHERE session_id = ?", (session,)).fetchone() == (0,)
    monkeypatch.undo()
    with qtbot.waitSignal(controller.session_opened):  # not left claimed: it opens on the next try
        assert controller.resume(session)
