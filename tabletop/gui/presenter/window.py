"""The presenter: the shared screen on which the room reads injects and teams make their choices.

A second top-level window on the same controller. It draws only what ``room_view`` lets the
room see, as HTML (``presenter_html``) sized from the window's height; the header (stage,
countdown, pause) is redrawn every second on its own, so the documents change only when
the exercise does. Taps and keys become votes through ``VotePad``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from tabletop.core.events import EventKind
from tabletop.gui.presenter.html import Look, main_html, teams_html
from tabletop.gui.presenter.page import FittedPage, TilesView
from tabletop.gui.presenter.reason import ReasonField
from tabletop.gui.presenter.screens import (
    Header,
    InjectScreen,
    RoomAddress,
    Screen,
    StageSummary,
    TitleCard,
    Waiting,
    prepare,
    room_header,
    room_view,
)
from tabletop.gui.presenter.styling import colour_countdown, restyle
from tabletop.gui.presenter.votes import VotePad
from tabletop.gui.times import clock, countdown
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QResizeEvent

    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController

FEEDBACK_MS = 5000
WARNING_SECONDS = 60  # the countdown turns amber for the last minute, red at ten seconds and after
URGENT_SECONDS = 10
SCALES = (0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
NEW_SCREEN = {EventKind.INJECT_DELIVERED, EventKind.VOTING_LOCKED, EventKind.RESULT_REVEALED, EventKind.ENDED}


class PresenterWindow(QWidget):
    """The shared screen. ``shared_actions`` are console controls whose keys also work here."""

    closed = Signal()
    summary_left = Signal()  # a delivery moved the screen on from the stage summary
    full_screen_changed = Signal(bool)

    def __init__(self, controller: SessionController, shared_actions: Sequence[QAction] = ()) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self._controller = controller
        self._lens = self._summary = self._contrast = False
        self._scale = SCALES.index(1.0)
        self._urgency = ""
        self._windowed = QRect()  # where the window was before F11 made it full screen
        self._teams_fitted: tuple[str, int, int] = ("", 0, 0)  # the tiles, and the width and height they fit
        self.screen_value: Screen = Waiting()
        self.stage = make(QLabel(), "presenterStage", wordWrap=True)  # wraps, never runs under the clocks
        self.stage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.countdown = make(QLabel(), "presenterCountdown", visible=False)
        self.paused = make(QLabel("❚❚ PAUSED"), "presenterPaused", visible=False)
        self.clock = make(QLabel(), "presenterClock", visible=False, toolTip="Exercise time, pauses left out")
        self.join = make(QLabel(), "presenterJoin", visible=False)  # the room open: a small QR code and the code
        self.join_code = make(QLabel(), "presenterClock", visible=False)
        self.room: RoomAddress | None = None
        self.main = FittedPage("presenterMain", self)
        self.feedback = make(QLabel(), "presenterFeedback", wordWrap=True)
        self.reason = ReasonField(self)
        self.teams = TilesView("presenterTeams", self)
        self.votes = VotePad(controller, self)
        self._feedback_timer = QTimer(self, singleShot=True, interval=FEEDBACK_MS)
        self._lay_out()
        self._set_up(shared_actions)
        self._connect(controller)
        self.restyle()
        self.redraw()
        if controller.exercise is not None:
            QTimer.singleShot(0, lambda: prepare(controller.exercise))

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.stage, 1)
        header.addWidget(self.paused)
        header.addSpacing(24)
        header.addWidget(self.countdown)
        header.addSpacing(24)
        header.addWidget(self.clock)
        header.addSpacing(24)
        header.addWidget(self.join)
        header.addWidget(self.join_code)
        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addLayout(header)
        layout.addWidget(self.main, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(self.reason)
        layout.addWidget(self.teams)

    def _set_up(self, shared_actions: Sequence[QAction]) -> None:
        self.setWindowTitle("Tabletop Presenter")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing the console ends the app
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # opening it leaves the keyboard be
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(480, 270)
        self.addActions(list(shared_actions))  # the facilitator's run keys work with this window in front

    def _connect(self, controller: SessionController) -> None:
        controller.session_opened.connect(self._on_controller_session_opened)
        controller.session_closed.connect(self._on_controller_session_closed)
        controller.changed.connect(self._on_controller_changed)
        controller.ticked.connect(self._on_controller_ticked)
        self.main.tapped.connect(self._on_page_tapped)
        self.teams.tapped.connect(self._on_page_tapped)
        self.votes.selection_changed.connect(self._on_votes_selection_changed)
        self.votes.said.connect(self._on_votes_said)
        self.votes.voted.connect(self.reason.ask)
        self.reason.given.connect(self.votes.give_reason)
        self._feedback_timer.timeout.connect(self._on_feedback_timer_timeout)

    # -- the facilitator's settings -------------------------------------------------------

    def set_lens(self, on: bool) -> None:
        self._lens = on
        self.redraw()

    def set_summary(self, on: bool) -> None:
        self._summary = on
        self.redraw()

    def set_contrast(self, on: bool) -> None:
        self._contrast = on
        self.restyle()
        self.redraw()

    def zoom(self, steps: int) -> None:
        """Bigger (positive) or smaller text, within readable bounds; bigger never shows the inject smaller."""
        shown = SCALES[self._scale] * self.main.fit
        self._scale = min(max(self._scale + steps, 0), len(SCALES) - 1)
        self.main.floor = min(1.0, shown / SCALES[self._scale]) if steps > 0 else 0.0
        self.restyle()
        self.redraw()

    @property
    def text_scale(self) -> float:
        """The facilitator's text size, as a factor of the size that fits the window."""
        return SCALES[self._scale]

    def set_text_scale(self, scale: float) -> None:
        """The nearest available size to ``scale``."""
        self._scale = min(range(len(SCALES)), key=lambda index: abs(SCALES[index] - scale))
        self.restyle()
        self.redraw()

    def look(self) -> Look:
        return Look(self.width(), self.height(), SCALES[self._scale], self._contrast)

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        exercise = self._controller.exercise
        self.screen_value = room_view(exercise, lens=self._lens, summary=self._summary, room=self.room)
        self._show_join(
            getattr(self.screen_value, "room", None) if isinstance(self.screen_value, InjectScreen) else None
        )
        self.teams.show_html(teams_html(self.screen_value, self.look(), self.votes.selected))
        self._fit_teams()
        self.main.show_scaled(self._main_at, _kind(self.screen_value))
        self.show_header(room_header(exercise))
        self._show_title(exercise)
        if not self._feedback_timer.isActive():
            self.feedback.setText(_hint(self.screen_value))

    def _main_at(self, fit: float) -> str:
        """The main document with its type at ``fit`` times the room's setting."""
        look = self.look()
        return main_html(self.screen_value, replace(look, scale=look.scale * fit), self.votes.selected)

    def set_room(self, room: RoomAddress | None) -> None:
        """Where phones join (None once the room closes): on the title card, and in a corner while voting."""
        self.room = room
        self.redraw()

    def _show_join(self, room: RoomAddress | None) -> None:
        self.join.setVisible(room is not None)
        self.join_code.setVisible(room is not None)
        if room is None:
            return
        from PySide6.QtGui import QPixmap

        from tabletop.gui.qr import qr_png

        side = self.look().px(2.6)
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(room.url, 4))
        self.join.setPixmap(pixmap.scaled(side, side))
        self.join.setToolTip(f"Join from your phone: {room.url} (code {room.code})")
        self.join_code.setText(room.code)

    def show_header(self, header: Header) -> None:
        self.stage.setText(header.stage.upper())
        self.paused.setVisible(header.paused)
        self.clock.setVisible(header.elapsed is not None)
        if header.elapsed is not None:
            self.clock.setText(clock(header.elapsed))
        self.countdown.setVisible(header.countdown is not None)
        if header.countdown is None:
            return
        words = countdown(header.countdown)
        self.countdown.setText(words if header.countdown < 0 else f"{words} left")
        self._colour_countdown(header.countdown)

    def restyle(self) -> None:
        """Colours from the theme and type sizes from the window, for the labels (the documents carry their own)."""
        restyle(self, self.look())
        self._urgency = ""  # the countdown's colours are set again on the next header

    def _colour_countdown(self, seconds: float) -> None:
        """Calm, then amber for the last minute, then white on red from ten seconds (and over time)."""
        urgency = "urgent" if seconds <= URGENT_SECONDS else "warning" if seconds <= WARNING_SECONDS else "calm"
        if urgency != self._urgency:
            self._urgency = urgency
            colour_countdown(self.countdown, self.look().palette, urgency)

    def _fit_teams(self) -> None:
        """The strip of tiles is as tall as its tiles, up to two fifths of the window (then it scrolls)."""
        width = self.teams.viewport().width()
        if (self.teams.html, width, self.height()) == self._teams_fitted:
            return
        self._teams_fitted = (self.teams.html, width, self.height())
        document = self.teams.document()
        document.setTextWidth(width)  # a window not shown yet has not laid its tiles out: they read 0 px tall
        wanted, most = int(document.size().height()) + 2, self.height() * 2 // 5
        self.teams.scroll_when(wanted > most)
        height = min(wanted, most)
        if height != self.teams.height():
            self.teams.setFixedHeight(height)
            self._column.activate()  # the inject gets its new height now, before it is fitted to it

    def _show_title(self, exercise: Exercise | None) -> None:
        scenario = f" — {exercise.scenario.title}" if exercise is not None else ""
        self.setWindowTitle(f"Tabletop Presenter{scenario}")

    def toggle_full_screen(self) -> None:
        """F11 on the shared screen: fill the display it is on (one display mirrored to a projector), or not."""
        if self.isFullScreen():
            self.showNormal()
            self.setGeometry(self._windowed)
            self.full_screen_changed.emit(False)
            return
        self._windowed = self.geometry()
        self.setGeometry(self.screen().geometry())  # without a window manager, nobody else would
        self.showFullScreen()
        self.full_screen_changed.emit(True)

    def say(self, text: str) -> None:
        self.feedback.setText(text)
        self._feedback_timer.start()

    # -- Qt overrides ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Team number then option letter; Esc lets go of the team; F11 full screen. Ctrl or Alt keys are not votes."""
        key = event.key()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if plain and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.votes.press_digit(key - Qt.Key.Key_0, self.screen_value)
        elif plain and Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
            self.votes.pick_option(chr(key), self.screen_value)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.reason.isVisible():
            self.reason.start()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            self.reason.dismiss()
            self.votes.clear()
            self._on_feedback_timer_timeout()
        elif key == Qt.Key.Key_F11:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.restyle()
        self.redraw()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.votes.clear()
        super().closeEvent(event)
        self.closed.emit()

    # -- slots -------------------------------------------------------------------------------

    def _on_controller_session_opened(self, exercise: Exercise) -> None:
        self.votes.clear()
        self.redraw()
        QTimer.singleShot(0, lambda: prepare(exercise))

    def _on_controller_session_closed(self) -> None:
        self.votes.clear()
        self.redraw()

    def _on_controller_changed(self, events: list[Event]) -> None:
        kinds = {event.kind for event in events}
        if kinds & NEW_SCREEN:  # what was said about the last screen no longer applies
            self.votes.clear()
            self.reason.dismiss()
            self._feedback_timer.stop()
        if EventKind.INJECT_DELIVERED in kinds and self._summary:
            self._summary = False
            self.summary_left.emit()
        self.redraw()
        self.votes.announce(events)

    def _on_controller_ticked(self) -> None:
        self.show_header(room_header(self._controller.exercise))

    def _on_page_tapped(self, href: str) -> None:
        kind, _, value = href.partition(":")
        if kind == "team" and value.isdigit():
            self.votes.pick_team(int(value), self.screen_value)
        elif kind == "option":
            self.votes.pick_option(value, self.screen_value)

    def _on_votes_selection_changed(self) -> None:
        self.redraw()

    def _on_votes_said(self, text: str) -> None:
        self.say(text)

    def _on_feedback_timer_timeout(self) -> None:
        self._feedback_timer.stop()
        self.feedback.setText(_hint(self.screen_value))


def _kind(screen: Screen) -> str:
    """Screens whose documents run to similar lengths, for fitting the type."""
    if isinstance(screen, InjectScreen):
        return "reveal" if screen.revealed else "inject"
    return type(screen).__name__


def _hint(screen: Screen) -> str:
    """The standing line under the inject: what the room can do now."""
    if isinstance(screen, InjectScreen):
        if screen.paused:
            return "Paused: the room is on hold, and votes wait until the facilitator resumes"
        if screen.voting and screen.options:
            return "Voting is open: tap your team, then your choice — or press your team's number, then the letter"
        if screen.voting:
            return "Discuss your answer; the facilitator will record it"
        return {"delivered": "Read the inject: voting opens soon", "locked": "Voting is locked"}.get(
            screen.phase, "The choices are revealed"
        )
    if isinstance(screen, TitleCard):
        return "The first inject is coming up"
    if isinstance(screen, StageSummary):
        return "End of the stage"
    return ""
