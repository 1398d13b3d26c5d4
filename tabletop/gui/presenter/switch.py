"""The console's side of the presenter: opening and closing it, its settings, and which display it fills.

The window is made on first use and kept (hidden) when closed, so the facilitator's
settings (norm lens, text size, contrast) survive closing and reopening it; text size and
contrast are also kept between runs, since they suit a room and its projector. It goes full
screen on a display other than the console's when there is one, and moves when displays
are plugged in or removed; opening it never takes the keyboard from the console.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication

from tabletop.gui.presenter.displays import ScreenInfo, choose_screen
from tabletop.gui.presenter.window import PresenterWindow
from tabletop.gui.settings import keep, read_bool, read_float, user_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QScreen
    from PySide6.QtWidgets import QWidget

    from tabletop.gui.controller import SessionController
    from tabletop.gui.presenter.screens import RoomAddress

# Console controls whose keys keep working while the presenter window is in front.
SHARED = ("deliver", "open_voting", "lock_voting", "reveal", "next", "pause", "countdown")
SETTINGS = ("norm_lens", "stage_summary", "high_contrast", "presenter_bigger", "presenter_smaller")
WINDOWED = QSize(1280, 720)
CONTRAST_KEY = "presenter/high_contrast"
TEXT_KEY = "presenter/text_scale"
OPEN_KEY = "presenter/open"  # so a resumed session (after a crash, say) brings the shared screen back as it was
LENS_KEY = "presenter/norm_lens"
SUMMARY_KEY = "presenter/stage_summary"
FULL_KEY = "presenter/full_screen"
CONSOLE_SHARE = 60  # side by side on one display: the console's share of the width, in per cent


class PresenterSwitch(QObject):
    """Opens, places and closes the presenter window for the console's Presenter menu."""

    def __init__(
        self,
        controller: SessionController,
        console: QWidget,
        actions: dict[str, QAction],
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(console)
        self._controller = controller
        self._console = console
        self._actions = actions
        self._settings = settings or user_settings()
        self.window: PresenterWindow | None = None
        self._quitting = False
        self._console_alone: QRect | None = None  # the console's place before the two shared one display
        self._room: RoomAddress | None = None  # where phones join, while the room is open
        for name in ("presenter", "norm_lens", "stage_summary", "high_contrast"):
            actions[name].setCheckable(True)
        actions["high_contrast"].setChecked(read_bool(self._settings, CONTRAST_KEY))
        actions["norm_lens"].setChecked(read_bool(self._settings, LENS_KEY))
        actions["stage_summary"].setChecked(read_bool(self._settings, SUMMARY_KEY))
        controller.session_opened.connect(self._on_controller_session_opened)
        actions["presenter"].toggled.connect(self._on_presenter_toggled)
        actions["norm_lens"].toggled.connect(self._on_norm_lens_toggled)
        actions["stage_summary"].toggled.connect(self._on_stage_summary_toggled)
        actions["high_contrast"].toggled.connect(self._on_high_contrast_toggled)
        actions["presenter_bigger"].triggered.connect(self._on_bigger_triggered)
        actions["presenter_smaller"].triggered.connect(self._on_smaller_triggered)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._on_screens_changed)
        app.screenRemoved.connect(self._on_screens_changed)

    def open(self) -> PresenterWindow:
        self._actions["presenter"].setChecked(True)  # the toggle opens it
        assert self.window is not None
        return self.window

    def close(self) -> None:
        self._actions["presenter"].setChecked(False)

    def set_room(self, room: RoomAddress | None) -> None:
        """Where phones join (None when the room closes), for the shared screen now and whenever it opens."""
        self._room = room
        if self.window is not None:
            self.window.set_room(room)

    def shutdown(self) -> None:
        """The console is quitting: close the shared screen, but remember it was open for the next run."""
        self._quitting = True
        self.close()

    def place(self) -> None:
        """Full screen on another display if there is one; else an ordinary window beside the console."""
        window = self.window
        if window is None or not window.isVisible():
            return
        screens = QGuiApplication.screens()
        infos = [describe(screen) for screen in screens]
        console = describe(self._console.screen()) if self._console.isVisible() else None
        target = choose_screen(infos, console)
        if target is None:
            if window.isFullScreen() and not read_bool(self._settings, FULL_KEY):
                window.showNormal()
            if not window.isFullScreen():
                self._side_by_side(window)
            return
        screen = screens[infos.index(target)]
        handle = window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        window.setGeometry(screen.geometry())
        window.showFullScreen()

    def _side_by_side(self, window: PresenterWindow) -> None:
        """One display: the console on the left, the shared screen on the right, neither covering the other."""
        free = self._console.screen().availableGeometry()
        if self._console_alone is None:
            self._console_alone = self._console.geometry()
        split = free.x() + free.width() * CONSOLE_SHARE // 100
        self._console.setGeometry(QRect(free.x(), free.y(), split - free.x(), free.height()))
        window.setGeometry(QRect(split, free.y(), free.right() + 1 - split, free.height()))

    def _console_back(self) -> None:
        if self._console_alone is not None and not self._quitting:
            self._console.setGeometry(self._console_alone)
        self._console_alone = None

    def _make_window(self) -> PresenterWindow:
        actions = self._actions
        shared = [actions[name] for name in (*SHARED, "presenter", *SETTINGS)]
        window = PresenterWindow(self._controller, shared)
        window.set_lens(actions["norm_lens"].isChecked())
        window.set_summary(actions["stage_summary"].isChecked())
        window.set_contrast(actions["high_contrast"].isChecked())
        window.set_text_scale(read_float(self._settings, TEXT_KEY, window.text_scale))
        if self._room is not None:
            window.set_room(self._room)
        window.closed.connect(self._on_window_closed)
        window.summary_left.connect(self._on_window_summary_left)
        window.full_screen_changed.connect(self._on_window_full_screen_changed)
        window.resize(_windowed_size(self._console.screen()))
        return window

    def _show(self) -> None:
        if self.window is None:
            self.window = self._make_window()
        console_had_keys = self._console.isActiveWindow()
        self.window.show()
        if read_bool(self._settings, FULL_KEY) and not self.window.isFullScreen():
            self.window.toggle_full_screen()
        self.place()
        if console_had_keys and not self._console.isActiveWindow():
            self._console.activateWindow()  # a window manager may hand a new window the keyboard anyway

    # -- slots -----------------------------------------------------------------------------

    def _on_presenter_toggled(self, on: bool) -> None:
        if not self._quitting:
            keep(self._settings, OPEN_KEY, on)
        if on:
            self._show()
        elif self.window is not None and self.window.isVisible():
            self.window.close()

    def _on_window_closed(self) -> None:
        self._actions["presenter"].setChecked(False)
        self._console_back()

    def _on_window_full_screen_changed(self, on: bool) -> None:
        keep(self._settings, FULL_KEY, on)

    def _on_controller_session_opened(self, exercise: object) -> None:
        if read_bool(self._settings, OPEN_KEY) and not self._actions["presenter"].isChecked():
            self.open()  # as it was when the session was last left, a crash included

    def _on_window_summary_left(self) -> None:
        self._actions["stage_summary"].setChecked(False)

    def _on_norm_lens_toggled(self, on: bool) -> None:
        keep(self._settings, LENS_KEY, on)
        if self.window is not None:
            self.window.set_lens(on)

    def _on_stage_summary_toggled(self, on: bool) -> None:
        keep(self._settings, SUMMARY_KEY, on)
        if self.window is not None:
            self.window.set_summary(on)

    def _on_high_contrast_toggled(self, on: bool) -> None:
        keep(self._settings, CONTRAST_KEY, on)
        if self.window is not None:
            self.window.set_contrast(on)

    def _on_bigger_triggered(self) -> None:
        self._zoom(1)

    def _on_smaller_triggered(self) -> None:
        self._zoom(-1)

    def _zoom(self, steps: int) -> None:
        if self.window is not None:
            self.window.zoom(steps)
            keep(self._settings, TEXT_KEY, self.window.text_scale)

    def _on_screens_changed(self, screen: QScreen) -> None:
        QTimer.singleShot(0, self.place)  # after Qt has moved windows off a display that went away


def describe(screen: QScreen) -> ScreenInfo:
    geometry = screen.geometry()
    primary = screen == QGuiApplication.primaryScreen()
    return ScreenInfo(screen.name(), geometry.x(), geometry.y(), geometry.width(), geometry.height(), primary)


def _windowed_size(screen: QScreen | None) -> QSize:
    """1280x720, or the largest 16:9 that fits the display's free area."""
    if screen is None:
        return WINDOWED
    free = screen.availableSize()
    width = min(WINDOWED.width(), free.width(), free.height() * 16 // 9)
    return QSize(width, width * 9 // 16)
