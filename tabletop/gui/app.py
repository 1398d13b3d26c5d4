"""The composition root: makes the application, the controller and the windows, and wires them.

Nothing else creates these objects or reaches for them globally; each piece gets what it
needs through its constructor. Start-up is in steps so the console is usable quickly:
``build`` makes a light window; ``finish`` (after the first paint) builds the controls and
the start page, reads the library and opens the database; the sessions are listed off the
GUI thread; the other pages, the presenter and the room come on the turn after that (or as
soon as something needs them: a session opening, one of their controls used).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from tabletop.gui.console.window import ConsoleWindow
from tabletop.gui.controller import SessionController
from tabletop.gui.dialogs.questions import Dialogs

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from tabletop.gui.presenter.switch import PresenterSwitch
    from tabletop.gui.room_link import RoomLink, Where

Room = tuple[str | None, int | None]  # --room's address and port; None for the defaults

FONT = "DejaVu Sans"  # installed with the app's Linux dependencies; Qt's own default family may not exist
STYLE = """
QLabel#placeholder { qproperty-alignment: AlignCenter; color: #666; font-size: 14pt; }
QLabel#sectionTitle { color: #444; font-weight: bold; letter-spacing: 1px; }
QLabel#injectHeading { font-size: 12pt; }
QLabel#sessionClock, QLabel#countdown { font-family: "DejaVu Sans Mono"; font-size: 13pt; font-weight: bold; }
QLabel#pausedBadge { background: #E69F00; color: black; font-weight: bold; padding: 2px 8px; border-radius: 4px; }
QLabel#savingBanner {
    background: #FFE08A; color: black; font-weight: bold; padding: 8px; border-bottom: 1px solid #C9A400;
}
QToolButton { padding: 4px 8px; }
"""


@dataclass
class Console:
    """The objects that make up one running console."""

    controller: SessionController
    window: ConsoleWindow
    dialogs: Dialogs
    log: Path | None = None  # None: the user's log folder
    presenter: PresenterSwitch | None = None  # made with the pages, after the first paint
    room: RoomLink | None = None  # the phones' server, made with the pages


def build(
    db_path: Path | None = None,
    scenario_folder: Path | None = None,
    dialogs: Dialogs | None = None,
    log: Path | None = None,
) -> Console:
    """The controller and a window shell, ready to show; nothing heavy is imported yet."""
    controller = SessionController(db_path, scenario_folder)
    dialogs = dialogs or Dialogs()
    window = ConsoleWindow(controller, dialogs)
    return Console(controller, window, dialogs, log)


def finish(console: Console, resume: str | None = None, presenter: bool = False, room: Room | None = None) -> None:
    """Build the controls and the start page, open the database, read the library, and resume a session if asked."""
    from tabletop.gui import crash
    from tabletop.gui.actions import build_actions
    from tabletop.gui.console.start_page import StartPage
    from tabletop.gui.settings import restore_geometry, restore_splitters, user_settings

    controller, window, dialogs = console.controller, console.window, console.dialogs
    crash.setup_logging(console.log or crash.log_path())
    _complete_after_listing(console)
    opened = controller.open_store()  # first: the sessions are listed off the GUI thread while the page is built
    actions = build_actions(window)
    window.install(actions, StartPage(controller, dialogs, actions), lambda: _build_later(console, actions))
    controller.session_opening.connect(window.complete)
    restore_geometry(window, user_settings())  # the size, place and splitters the facilitator left
    restore_splitters(window, user_settings())
    controller.load_library()
    if opened:
        window.show_message("Ready: pick a scenario for a new session, or resume one")
    if presenter or room is not None:
        window.complete()
    if presenter:
        assert console.presenter is not None
        console.presenter.open()
    if room is not None:
        assert console.room is not None
        console.room.open(*room)  # now, or with the first session opened
    if resume and controller.store_path is not None:
        controller.resume(resume)


def _complete_after_listing(console: Console) -> None:
    """The other pages on the event loop's turn after the sessions are listed (or at once without a database)."""
    controller = console.controller

    def on_reading(label: str) -> None:
        if not label:
            controller.reading.disconnect(on_reading)
            QTimer.singleShot(0, console.window.complete)

    controller.reading.connect(on_reading)
    controller.store_failed.connect(lambda _text: QTimer.singleShot(0, console.window.complete))


def _build_later(console: Console, actions: dict[str, QAction]) -> None:
    """The run and debrief pages, the help overlay, the presenter's switch and the room's controls."""
    from tabletop.gui.console.debrief_view import DebriefView
    from tabletop.gui.console.help_overlay import HelpOverlay
    from tabletop.gui.console.run_view import RunView
    from tabletop.gui.presenter.switch import PresenterSwitch
    from tabletop.gui.settings import restore_splitters, user_settings

    controller, window, dialogs = console.controller, console.window, console.dialogs
    run, debrief = RunView(controller, actions, dialogs=dialogs), DebriefView(controller, dialogs, actions)
    window.add_pages(run, debrief, HelpOverlay(window))
    for page in (run, debrief):
        restore_splitters(page, user_settings())
    console.presenter = PresenterSwitch(controller, window, actions)
    window.closed.connect(console.presenter.shutdown)
    _add_room(console, actions)


def _add_room(console: Console, actions: dict[str, QAction]) -> None:
    from tabletop.gui.console.room_controls import RoomControls
    from tabletop.gui.room_link import RoomLink

    link = console.room = RoomLink(console.controller, console.window)
    RoomControls(console.controller, link, console.window, actions, console.dialogs, console.presenter)
    link.opened.connect(_announce_room)
    console.window.closed.connect(link.close)


def _announce_room(where: Where) -> None:
    print(f"room: {where.url} code: {where.code}", flush=True)  # the one line DESIGN.md promises on stdout


def _apply_look(app: QApplication) -> None:
    app.setApplicationName("Tabletop")  # not the display name: Qt would append it to every title
    app.setFont(QFont(FONT, 10))
    app.setStyleSheet(STYLE)


def _on_first_paint(console: Console, resume: str | None, presenter: bool, room: Room | None) -> None:
    if os.environ.get("TABLETOP_EXIT_AFTER_FIRST_PAINT"):
        print(f"first-paint {time.time():.6f}", flush=True)  # read by tests/gui/test_app.py
        QTimer.singleShot(0, QApplication.quit)
        return
    QTimer.singleShot(0, lambda: _finish(console, resume, presenter, room))


def _finish(console: Console, resume: str | None, presenter: bool, room: Room | None) -> None:
    finish(console, resume, presenter, room)
    if os.environ.get("TABLETOP_EXIT_WHEN_USABLE"):  # after the start page's own slot: it lists them first
        console.controller.sessions_changed.connect(lambda sessions: _say_usable(console, len(sessions)))
    console.controller.reader.deliver_finished()  # sessions listed already: on the page before it first paints


def _say_usable(console: Console, sessions: int) -> None:
    """Library and sessions listed, database open: paint that, say when (tests/bench/gui.py reads it), quit."""
    console.window.repaint()
    page = console.window.start_page
    scenarios = page.library_model.rowCount() if page is not None else 0
    print(f"usable {time.time():.6f} {scenarios} scenarios {sessions} sessions", flush=True)
    QTimer.singleShot(0, QApplication.quit)


def _show_crash(window: ConsoleWindow, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(window, "Tabletop", text)


def run(resume: str | None = None, presenter: bool = False, room: Room | None = None) -> int:
    """Open the console (``tabletop`` with no verb); returns the exit status."""
    from tabletop.gui import crash

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    _apply_look(app)
    console = build()
    crash.install(lambda text: _show_crash(console.window, text), console.log)
    console.window.first_painted.connect(lambda: _on_first_paint(console, resume, presenter, room))
    console.window.resize(_initial_size(app))
    console.window.show()
    return int(app.exec())


def display_problem() -> str:
    """Why no window can open here, if that is knowable before Qt aborts the process."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return (
                "no display to open the console on (DISPLAY is not set); 'tabletop demo' plays an exercise "
                "and writes its debrief without one, and 'tabletop --help' lists the other headless verbs"
            )
    return ""


def _initial_size(app: QApplication) -> QSize:
    """A laptop-sized window (1366x768 at most), never larger than the screen."""
    screen = app.primaryScreen()
    available = screen.availableSize() if screen else QSize(1366, 768)
    return QSize(min(1366, available.width()), min(768, available.height()))
