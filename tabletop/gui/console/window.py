"""The console's main window: menus, the saving banner, the status bar, and its pages.

It paints a light shell first; the composition root installs the controls and the start
page once that first paint is on screen, and the other pages (run, debrief, help) once the
start page has its library and sessions. A control of those pages used before then builds
them first, so nothing pressed early is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget

from tabletop.gui.console.later import BuiltLater
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QPaintEvent

    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.console.debrief_view import DebriefView
    from tabletop.gui.console.help_overlay import HelpOverlay
    from tabletop.gui.console.run_view import RunView
    from tabletop.gui.console.start_page import StartPage
    from tabletop.gui.controller import SessionController
    from tabletop.gui.dialogs.questions import Dialogs

MENUS = ("Session", "Run", "Teams", "View", "Presenter", "Debrief", "Help")
SESSION_ONLY = ("run_view", "debrief_view", "export", "refresh_preview", "save_hotwash")
ERROR_MS = 12_000


class ConsoleWindow(QMainWindow):
    first_painted = Signal()
    closed = Signal()  # the console has closed: the presenter closes with it

    def __init__(self, controller: SessionController, dialogs: Dialogs) -> None:
        super().__init__()
        self._controller = controller
        self._dialogs = dialogs
        self.controls: dict[str, QAction] = {}
        self.reasons: dict[str, str] = {}  # why each disabled control is disabled, as its tooltip says
        self._tips: dict[str, str] = {}
        self._controls_state: tuple[object, ...] = ()  # what the controls were last set from
        self._painted = False
        self.start_page: StartPage | None = None
        self.run_view: RunView | None = None
        self.debrief_view: DebriefView | None = None
        self.help: HelpOverlay | None = None
        self._later: BuiltLater | None = None  # the pages after the start page, built or to build
        self.setWindowTitle("Tabletop")
        self.setMinimumSize(720, 540)  # room beside the shared screen on one laptop display
        # No docks or tool bars to slide: without this, every relayout makes (and drops) an animation.
        self.setAnimated(False)
        self.banner = make(QLabel(), "savingBanner", wordWrap=True, visible=False)
        self.pages = QStackedWidget(self)
        # WORKAROUND: no Qt.* enum before the first paint: PySide6 builds all ~100 enums of the Qt
        # namespace on first touch (about 15 ms), so the placeholder is centred by style sheet.
        self.pages.addWidget(make(QLabel("Opening the scenario library…"), "placeholder"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # The first paint shows the menu titles; their actions, the status bar (Qt takes ~3 ms
        # to make its first) and the pages come with ``install``, right after it.
        self._menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        self._connect_controller()

    def _fill_menus(self) -> None:
        from tabletop.gui.actions import CONTROLS  # after the first paint, like the actions themselves

        for control in CONTROLS:
            self._menus[control.group].addAction(self.controls[control.name])
            self.addAction(self.controls[control.name])  # shortcuts work even with the menu bar hidden

    def _connect_actions(self) -> None:
        connect = {
            "library": self._on_library_triggered,
            "end": self._on_end_triggered,
            "quit": self.close,
            "open_voting": self._on_open_voting_triggered,
            "lock_voting": self._on_lock_voting_triggered,
            "reveal": self._on_reveal_triggered,
            "next": self._on_next_triggered,
            "pause": self._on_pause_triggered,
            "countdown": self._on_countdown_triggered,
            "undo": self._on_undo_triggered,
            "run_view": self._on_run_view_triggered,
            "debrief_view": self._on_debrief_view_triggered,
            "help": self._on_help_triggered,
        }
        for name, slot in connect.items():
            self.controls[name].triggered.connect(slot)

    def _connect_controller(self) -> None:
        controller = self._controller
        controller.session_opened.connect(self._on_controller_session_opened)
        controller.session_closed.connect(self._on_controller_session_closed)
        controller.changed.connect(self._on_controller_changed)
        controller.error_raised.connect(self._on_controller_error_raised)
        controller.store_failed.connect(self._on_controller_store_failed)
        controller.session_in_use.connect(self._on_controller_session_in_use)
        controller.saving_pending.connect(self._on_controller_saving_pending)
        controller.saving_recovered.connect(self._on_controller_saving_recovered)
        controller.debriefs.exported.connect(self._on_controller_export_finished)

    def install(self, actions: dict[str, QAction], start: StartPage, later: Callable[[], None]) -> None:
        """Put the controls and the start page in place of the placeholder; ``later`` builds the other pages."""
        self.controls = actions
        self._controls_state = ()
        self._fill_menus()
        self._connect_actions()
        self.start_page, self._later = start, BuiltLater(actions, later, self)
        self.statusBar().showMessage("Opening the library…")
        self._add_page(start)
        self.show_page(start)
        self._update_actions()

    def add_pages(self, run: RunView, debrief: DebriefView, help_overlay: HelpOverlay) -> None:
        """The pages built after the start page, with their text fields letting the controls through."""
        self.run_view, self.debrief_view, self.help = run, debrief, help_overlay
        self._add_page(run)
        self._add_page(debrief)
        _let_controls_through_text_fields(self.controls, (run, debrief), self)

    def complete(self) -> None:
        """Build the pages after the start page now, if they are not built yet."""
        if self._later is not None:
            self._later.complete()

    def _add_page(self, page: StartPage | RunView | DebriefView) -> None:
        self.pages.addWidget(page)
        page.message_posted.connect(self._on_page_message_posted)

    def show_page(self, page: QWidget | None) -> None:
        if page is None:
            return
        if self.debrief_view is not None and page is self.debrief_view:
            self.debrief_view.refresh_preview()
        self.pages.setCurrentWidget(page)

    # -- redrawing -----------------------------------------------------------------------

    def _update_actions(self) -> None:
        if not self.controls:
            return
        from tabletop.gui.actions import CONTROLS
        from tabletop.gui.availability import why_not

        allowed = self._controller.available()
        exercise = self._controller.exercise
        teams = len(exercise.team_names) if exercise else 0
        waiting = self._controller.pending_count
        state = (exercise, allowed, teams, waiting, *_standing(exercise))
        if state == self._controls_state:
            return  # nothing a control's state or its reason is read from has changed
        self._controls_state = state
        for control in CONTROLS:
            action = self.controls[control.name]
            if control.move is not None:
                action.setEnabled(control.move in allowed)
            if control.name.startswith("team_"):
                action.setEnabled("decide" in allowed and int(control.name[5:]) <= teams)
            if control.name in SESSION_ONLY:
                action.setEnabled(exercise is not None)
            reason = "" if action.isEnabled() else why_not(exercise, control.name, waiting, teams, allowed)
            self._say_why(control.name, action, reason)
        self.controls["pause"].setIconText("Resume" if exercise is not None and exercise.paused else "Pause")

    def _say_why(self, name: str, action: QAction, reason: str) -> None:
        """A disabled control says why in its tooltip and status tip; an enabled one says what it does."""
        base = self._tips.setdefault(name, action.toolTip())
        action.setToolTip(f"{base} \u2014 not now: {reason}" if reason else base)
        action.setStatusTip(f"Not now: {reason}" if reason else base)
        self.reasons[name] = reason

    def _show_title(self, exercise: Exercise | None) -> None:
        if exercise is None:
            self.setWindowTitle("Tabletop")
            return
        ended = " (ended)" if exercise.ended_at else ""
        self.setWindowTitle(f"Tabletop — {exercise.scenario.title} — {exercise.name}{ended}")

    def show_error(self, text: str) -> None:
        self.statusBar().setStyleSheet("color: #B2182B; font-weight: bold")
        self.statusBar().showMessage(f"⚠ {text}", ERROR_MS)

    def show_message(self, text: str) -> None:
        self.statusBar().setStyleSheet("")
        self.statusBar().showMessage(text, ERROR_MS)

    # -- Qt overrides --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key that belongs to a control now disabled: say why, rather than nothing."""
        pressed = QKeySequence(event.keyCombination())
        for name, action in self.controls.items():
            if not action.isEnabled() and any(
                key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for key in action.shortcuts()
            ):
                self.show_error(f"{action.text().replace('&', '').rstrip('…')}: not now, {self.reasons.get(name, '')}")
                return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._controller.pending_count and not self._dialogs.confirm(
            self,
            "Moves not saved yet",
            f"{self._controller.pending_count} move(s) could not be saved yet and will be lost if you quit now.",
            "Quit anyway",
        ):
            event.ignore()
            return
        if self.debrief_view is not None:
            self.debrief_view.save_hotwash()
        from tabletop.gui.settings import save_layout, user_settings

        save_layout(self, user_settings())
        self._controller.shutdown()
        event.accept()
        self.closed.emit()

    # -- slots ---------------------------------------------------------------------------

    def _on_controller_session_opened(self, exercise: Exercise) -> None:
        self._show_title(exercise)
        self._update_actions()
        self.show_page(self.debrief_view if exercise.ended_at else self.run_view)
        self.show_message(f"Session “{exercise.name}” is open; every move is saved as you make it")

    def _on_controller_session_closed(self) -> None:
        self._show_title(None)
        self._update_actions()
        self.show_page(self.start_page)

    def _on_controller_changed(self, events: list[Event]) -> None:
        self.statusBar().clearMessage()  # what was said about the last move is stale once the session moves on
        self._show_title(self._controller.exercise)
        self._update_actions()
        if any(event.kind == "ended" for event in events):
            self.show_page(self.debrief_view)
            self.show_message("The session has ended; write the hotwash and export the debrief")

    def _on_controller_error_raised(self, text: str) -> None:
        self.show_error(text)

    def _on_controller_store_failed(self, text: str) -> None:
        self._dialogs.warn(self, "No session database", f"{text}\n\nSet TABLETOP_DB to a file in a writable folder.")

    def _on_controller_session_in_use(self, text: str) -> None:
        self.show_page(self.start_page)
        text = text[:1].upper() + text[1:]
        self._dialogs.warn(self, "Session open elsewhere", f"{text}.\n\nYou can open another session from the list.")

    def _on_controller_saving_pending(self, text: str) -> None:
        self.banner.setText(f"⚠ {text}")
        self.banner.show()
        self._update_actions()

    def _on_controller_saving_recovered(self) -> None:
        self.banner.hide()
        self._update_actions()
        self.show_message("Saved: every waiting move is now in the database")

    def _on_controller_export_finished(self, fmt: str, path: str) -> None:
        self.show_message(f"Debrief written: {path}")

    def _on_page_message_posted(self, text: str) -> None:
        self.show_message(text)

    def _on_library_triggered(self) -> None:
        self.show_page(self.start_page)

    def _on_end_triggered(self) -> None:
        if self._dialogs.confirm(self, "End the session", "End this session? No more injects can be delivered.", "End"):
            self._controller.end()

    def _on_open_voting_triggered(self) -> None:
        self._controller.open_voting()

    def _on_lock_voting_triggered(self) -> None:
        exercise = self._controller.exercise
        if not self._controller.lock_voting() or exercise is None or exercise.current is None:
            return
        current = exercise.current
        silent = [team for team in exercise.recipients(current) if exercise.final(team, current) is None]
        if silent:
            who = ", ".join(silent)
            self.show_message(f"Voting locked. No answer from {who}: record one for them (Alt+number) or reveal (F8)")
        else:
            self.show_message("Voting locked with every team's answer in: reveal the choices with F8")

    def _on_reveal_triggered(self) -> None:
        self._controller.reveal()

    def _on_next_triggered(self) -> None:
        self._controller.deliver_next()

    def _on_pause_triggered(self) -> None:
        self._controller.toggle_pause()

    def _on_countdown_triggered(self) -> None:
        self._controller.start_countdown()

    def _on_undo_triggered(self) -> None:
        self._controller.undo()

    def _on_run_view_triggered(self) -> None:
        self.complete()
        self.show_page(self.run_view)

    def _on_debrief_view_triggered(self) -> None:
        self.complete()
        self.show_page(self.debrief_view)

    def _on_help_triggered(self) -> None:
        self.complete()
        if self.help is not None:
            self.help.toggle()


def _standing(exercise: Exercise | None) -> tuple[object, ...]:
    """What, besides the controls the core allows, the reasons for disabled controls are read from."""
    if exercise is None:
        return ()
    return exercise.phase, exercise.paused, exercise.ended_at, exercise.next_inject() is None


def _let_controls_through_text_fields(actions: dict[str, QAction], pages: tuple[QWidget, ...], owner: QWidget) -> None:
    from tabletop.gui.actions import ControlsFirst

    controls_first = ControlsFirst(actions, owner)
    for page in pages:
        for field in (*page.findChildren(QLineEdit), *page.findChildren(QPlainTextEdit)):
            controls_first.watch(field)
