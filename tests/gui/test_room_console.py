"""The room from the console: opened with Ctrl+Shift+R, phones' votes made on the GUI thread, ties settled.

The phones are plain HTTP clients in threads of their own (as real phones are other
machines); the console runs its event loop meanwhile (qtbot.waitUntil), so every reply a
phone gets was answered by the console's own controller, on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import DATA, scripted, start_console

from room_support import Phone, free_port
from tabletop.core.events import EventKind, Source
from tabletop.core.library import read_file, resolve
from tabletop.gui.app import Console, finish

TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2")]


def in_thread(qtbot: QtBot, work: Callable[[], Any]) -> Any:
    """Run a phone's request off the GUI thread and keep the console's loop turning until it answers."""
    done: Future[Any] = Future()

    def run() -> None:
        try:
            done.set_result(work())
        except BaseException as error:
            done.set_exception(error)

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(done.done, timeout=20_000)
    return done.result()


def session(console: Console, scenario: str = "") -> None:
    source = resolve(scenario) if scenario else read_file(DATA / "valid.toml")
    assert console.controller.new_session(source, "Drill", "Ana", TEAMS)


def open_room(qtbot: QtBot, console: Console) -> int:
    port = free_port()
    scripted(console).rooms.append(("127.0.0.1", port))
    qtbot.keyClick(
        console.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert console.room is not None
    qtbot.waitUntil(lambda: console.room is not None and console.room.is_open)
    return port


@pytest.fixture
def console(qtbot: QtBot, tmp_path: Path) -> Console:
    console = start_console(qtbot, tmp_path)
    yield console
    if console.room is not None:
        console.room.close()


def test_the_room_opens_from_the_console_and_phones_vote_through_its_controller(qtbot: QtBot, console: Console) -> None:
    session(console)
    port = open_room(qtbot, console)
    exercise = console.controller.exercise
    assert exercise is not None
    assert exercise.room is not None
    assert exercise.room.port == port
    status = console.window.findChild(object, "roomStatus")
    assert f"127.0.0.1:{port}" in status.text()
    assert exercise.room.code in status.text()
    assert console.window.controls["room"].isChecked()

    reds = [Phone(port) for _ in range(3)]
    for phone in reds:
        assert in_thread(qtbot, lambda phone=phone: phone.join(exercise.room.code, "Red")) == 303
    blue = Phone(port)

    def join_and_look() -> bytes:  # as a browser follows the redirect at once: the page must know the phone
        assert blue.join(exercise.room.code, "Blue") == 303
        return blue.request("GET", "/")[2]

    assert "You are with Blue" in in_thread(qtbot, join_and_look).decode()
    assert "4 phones" in status.text()
    assert console.controller.deliver_next()
    assert console.controller.open_voting()
    threads: set[int] = set()
    console.controller.changed.connect(lambda events: threads.add(threading.get_ident()))
    for phone, letter in zip(reds, "ABA", strict=True):
        status_code, answer = in_thread(qtbot, lambda phone=phone, letter=letter: phone.vote(letter, "we think so"))
        assert (status_code, answer) == (200, {"ok": True})
    assert threads == {threading.get_ident()}  # each vote was made and announced on the GUI thread
    board = console.window.run_view.board.model  # type: ignore[union-attr]
    assert "3/3" in board.data(board.index(0, 1))
    assert "0/1" in board.data(board.index(1, 1))
    assert board.data(board.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "3 phones joined Red"
    assert console.controller.lock_voting()
    red = exercise.final("Red", exercise.current)
    assert red is not None
    assert red.source is Source.ROOM
    assert exercise.inject(red.inject).letter(red.option) == "A"
    assert exercise.final("Blue", exercise.current) is None  # no votes, no choice: no answer
    late = in_thread(qtbot, lambda: blue.vote("A"))
    assert late[0] == 409


def test_a_tie_is_put_to_the_facilitator_and_the_reveal_waits_for_it(qtbot: QtBot, console: Console) -> None:
    session(console)
    port = open_room(qtbot, console)
    exercise = console.controller.exercise
    assert exercise is not None
    assert exercise.room is not None
    phones = [Phone(port), Phone(port)]
    for phone in phones:
        in_thread(qtbot, lambda phone=phone: phone.join(exercise.room.code, "Blue"))
    console.controller.deliver_next()
    console.controller.open_voting()
    for phone, letter in zip(phones, "AB", strict=True):
        assert in_thread(qtbot, lambda phone=phone, letter=letter: phone.vote(letter))[0] == 200
    dialogs = scripted(console)
    dialogs.ties.append(None)  # not now
    assert console.controller.lock_voting()
    qtbot.waitUntil(lambda: any(asked.startswith("tie Blue") for asked in dialogs.asked))
    assert not console.window.controls["reveal"].isEnabled()
    assert "tied" in console.window.reasons["reveal"]
    assert console.window.controls["settle_tie"].isEnabled()
    dialogs.ties.append(1)
    console.window.controls["settle_tie"].trigger()
    inject = exercise.inject(exercise.current)
    blue = exercise.final("Blue", inject.id)
    assert blue is not None
    assert inject.letter(blue.option) == "B"
    assert "settled by the facilitator" in blue.reason
    assert console.window.controls["reveal"].isEnabled()
    assert console.controller.reveal()


def test_the_shared_screen_shows_where_to_join_and_the_room_stops_with_the_session(
    qtbot: QtBot, console: Console
) -> None:
    session(console, "lawful-access")  # a long first inject: it must still fit under the taller header
    assert console.presenter is not None
    window = console.presenter.open()
    window.resize(1280, 720)
    port = open_room(qtbot, console)
    assert window.room is not None
    assert f":{port}/" in window.room.url
    assert "data:image/png;base64," in window._main_at(1.0)  # the QR code on the title card
    console.controller.deliver_next()
    console.controller.open_voting()
    qtbot.wait(50)  # the header's layout, with the code in its corner, settles
    page = window.main
    assert page.document().size().height() <= page.viewport().height()  # the taller header: the inject fits again
    assert window.join.isVisible()
    assert window.join_code.text() == console.controller.exercise.room.code
    console.controller.close_session()
    assert console.room is not None
    assert not console.room.is_open
    assert not console.window.controls["room"].isChecked()
    with pytest.raises(ConnectionRefusedError):
        Phone(port).request("GET", "/")


def test_room_asked_for_before_a_session_opens_with_the_first_one(qtbot: QtBot, tmp_path: Path) -> None:
    from qt_helpers import ScriptedDialogs

    from tabletop.gui.app import build

    console = build(tmp_path / "t.db", tmp_path, ScriptedDialogs(), tmp_path / "t.log")
    qtbot.addWidget(console.window)
    port = free_port()
    finish(console, room=("127.0.0.1", port))
    assert console.room is not None
    assert console.room.waiting
    assert not console.room.is_open
    session(console)
    try:
        assert console.room.is_open
        assert console.room.where is not None
        assert console.room.where.port == port
        assert in_thread(qtbot, lambda: Phone(port).request("GET", "/")[0]) == 200
    finally:
        console.room.close()


def test_a_port_in_use_is_said_plainly_and_nothing_is_recorded(qtbot: QtBot, console: Console) -> None:
    import socket

    session(console)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        scripted(console).rooms.append(("127.0.0.1", port))
        console.window.controls["room"].trigger()
        assert console.room is not None
        assert not console.room.is_open
    assert not console.window.controls["room"].isChecked()
    exercise = console.controller.exercise
    assert exercise is not None
    assert exercise.room is None
    assert not any(event.kind is EventKind.ROOM_OPENED for event in exercise.log)
    assert f"port {port} is in use" in console.window.statusBar().currentMessage()
    QApplication.processEvents()


def test_phones_that_come_back_as_the_room_reopens_find_their_room(
    qtbot: QtBot, console: Console, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server answers from the moment it starts: a page reconnecting then must meet the
    session's room, not an empty one that tells it to join again (and shows "closed")."""
    from room_support import Live
    from tabletop.room.server import RoomServer

    session(console)
    port = open_room(qtbot, console)
    exercise = console.controller.exercise
    assert exercise is not None
    assert exercise.room is not None
    phone = Phone(port)
    assert in_thread(qtbot, lambda: phone.join(exercise.room.code, "Red")) == 303
    assert console.room is not None
    console.room.close()
    first_answers: list[tuple[bool | None, int]] = []
    start = RoomServer.start

    def start_and_reconnect(server: RoomServer, wait: float = 10.0) -> None:
        start(server, wait)
        live = Live(port, phone.cookie)  # the page's retry lands the moment the port answers
        first_answers.append((live.accepted, phone.request("GET", "/")[0]))
        live.close()

    monkeypatch.setattr(RoomServer, "start", start_and_reconnect)
    assert console.room.open("127.0.0.1", port)
    assert first_answers == [(True, 200)]
