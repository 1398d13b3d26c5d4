"""The console's side of the presenter: opening and closing it, its settings, and which display it fills.

The window is made on first use and kept (hidden) when closed, so the facilitator's
settings (norm lens, text size, contrast) survive closing and reopening it; text size and
contrast are also kept between runs, since they suit a room and its projector. It goes full
screen on a display other than the console's when there is one, and moves when displays
are plugged in or removed; opening it never takes the keyboard from the console.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication

from tabletop.gui.presenter.displays import ScreenInfo, choose_screen
from tabletop.gui.presenter.window import PresenterWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QScreen
    from PySide6.QtWidgets import QWidget

    from tabletop.gui.controller import SessionController

# Console controls whose keys keep working while the presenter window is in front.
SHARED = ("deliver", "open_voting", "lock_voting", "reveal", "next", "pause", "countdown")
SETTINGS = ("norm_lens", "stage_summary", "high_contrast", "presenter_bigger", "presenter_smaller")
WINDOWED = QSize(1280, 720)
CONTRAST_KEY = "presenter/high_contrast"
TEXT_KEY = "presenter/text_scale"


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
        self._settings = settings or room_settings()
        self.window: PresenterWindow | None = None
        for name in ("presenter", "norm_lens", "stage_summary", "high_contrast"):
            actions[name].setCheckable(True)
        actions["high_contrast"].setChecked(_read_bool(self._settings, CONTRAST_KEY))
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
            if window.isFullScreen():
                window.showNormal()
                window.resize(_windowed_size(window.screen()))
                self._beside_console(window)
            return
        screen = screens[infos.index(target)]
        handle = window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        window.setGeometry(screen.geometry())
        window.showFullScreen()

    def _beside_console(self, window: PresenterWindow) -> None:
        """In the free area's far corner from the console's, so the console's controls stay in view."""
        free = self._console.screen().availableGeometry()
        size = window.frameGeometry().size()
        window.move(free.right() + 1 - size.width(), free.bottom() + 1 - size.height())

    def _make_window(self) -> PresenterWindow:
        actions = self._actions
        shared = [actions[name] for name in (*SHARED, "presenter", *SETTINGS)]
        window = PresenterWindow(self._controller, shared)
        window.set_lens(actions["norm_lens"].isChecked())
        window.set_summary(actions["stage_summary"].isChecked())
        window.set_contrast(actions["high_contrast"].isChecked())
        window.set_text_scale(_read_float(self._settings, TEXT_KEY, window.text_scale))
        window.closed.connect(self._on_window_closed)
        window.summary_left.connect(self._on_window_summary_left)
        window.resize(_windowed_size(self._console.screen()))
        self._beside_console(window)  # a window manager may place it elsewhere; without one, this is where
        return window

    def _show(self) -> None:
        if self.window is None:
            self.window = self._make_window()
        console_had_keys = self._console.isActiveWindow()
        self.window.show()
        self.place()
        if console_had_keys and not self._console.isActiveWindow():
            self._console.activateWindow()  # a window manager may hand a new window the keyboard anyway

    # -- slots -----------------------------------------------------------------------------

    def _on_presenter_toggled(self, on: bool) -> None:
        if on:
            self._show()
        elif self.window is not None and self.window.isVisible():
            self.window.close()

    def _on_window_closed(self) -> None:
        self._actions["presenter"].setChecked(False)

    def _on_window_summary_left(self) -> None:
        self._actions["stage_summary"].setChecked(False)

    def _on_norm_lens_toggled(self, on: bool) -> None:
        if self.window is not None:
            self.window.set_lens(on)

    def _on_stage_summary_toggled(self, on: bool) -> None:
        if self.window is not None:
            self.window.set_summary(on)

    def _on_high_contrast_toggled(self, on: bool) -> None:
        self._settings.setValue(CONTRAST_KEY, on)
        if self.window is not None:
            self.window.set_contrast(on)

    def _on_bigger_triggered(self) -> None:
        self._zoom(1)

    def _on_smaller_triggered(self) -> None:
        self._zoom(-1)

    def _zoom(self, steps: int) -> None:
        if self.window is not None:
            self.window.zoom(steps)
            self._settings.setValue(TEXT_KEY, self.window.text_scale)

    def _on_screens_changed(self, screen: QScreen) -> None:
        QTimer.singleShot(0, self.place)  # after Qt has moved windows off a display that went away


def room_settings() -> QSettings:
    """The user's settings file (on Linux ``~/.config/tabletop/tabletop.ini``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "tabletop", "tabletop")


def _read_bool(settings: QSettings, key: str) -> bool:
    return str(settings.value(key, "false")).lower() == "true"


def _read_float(settings: QSettings, key: str, default: float) -> float:
    """A number from the file, or ``default`` if it is missing or was edited into something else."""
    try:
        value = float(str(settings.value(key, default)))
    except ValueError:
        return default
    return value if math.isfinite(value) else default


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
