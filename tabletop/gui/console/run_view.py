"""The run view: run sheet, the inject in focus, the controls, team board, heatmap and notes.

It redraws from the controller's signals and turns the run controls into intent calls;
the inject in focus is the one selected in the run sheet (by default the current one).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tabletop.core.errors import ExerciseError
from tabletop.core.events import DecisionClassified, DecisionMade, EventKind
from tabletop.gui.console.inject_html import inject_html
from tabletop.gui.console.next_step import next_step
from tabletop.gui.console.run_models import RunSheetModel
from tabletop.gui.console.side_panels import HeatmapPanel, NotesPanel, compact
from tabletop.gui.console.team_board import TeamBoard
from tabletop.gui.dialogs.adhoc import AdhocDialog
from tabletop.gui.dialogs.form import open_form
from tabletop.gui.presenter.screens import prepare
from tabletop.gui.times import clock, countdown
from tabletop.gui.widgets import GroupRow, TextLine, make

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController
    from tabletop.gui.dialogs.questions import Dialogs

CONTROL_ROW = (("deliver", "open_voting", "lock_voting", "reveal", "next"), ("pause", "countdown", "adhoc"))
ANSWERS = frozenset({EventKind.DECISION_RECORDED, EventKind.DECISION_REVISED, EventKind.DECISION_CLASSIFIED})
PHASE_WORDS = {
    "setup": "nothing delivered yet",
    "delivered": "delivered",
    "voting": "voting open",
    "locked": "voting locked",
    "revealed": "revealed",
    "ended": "session ended",
}


class RunView(QWidget):
    message_posted = Signal(str)

    def __init__(
        self,
        controller: SessionController,
        actions: dict[str, QAction],
        parent: QWidget | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._redrawing = False
        self._inject_shown: tuple[Exercise | None, str | None] = (None, None)
        self.sheet_model = RunSheetModel(self)
        self.sheet = self._sheet_table()
        self.heading = make(QLabel(), "injectHeading", wordWrap=True)
        self.session_clock = make(QLabel(), "sessionClock", toolTip="Exercise time, pauses left out")
        self.countdown = make(QLabel(), "countdown", toolTip="Time left on the countdown")
        self.paused = make(QLabel("❚❚ PAUSED"), "pausedBadge", visible=False)
        self.inject_view = make(QTextBrowser(self), "injectView", openLinks=False)
        self.room_preview = make(QTextBrowser(self), "roomPreview", openLinks=False)
        self.room_preview.setToolTip("What the room sees on the shared screen now (the presenter's switches aside)")
        self.views = make(QTabWidget(self), "injectTabs", documentMode=True)
        self.views.addTab(self.inject_view, "Facilitator's view")
        self.views.addTab(self.room_preview, "What the room sees")
        self.views.currentChanged.connect(self._on_views_current_changed)
        self.next_line = make(TextLine(), "nextStep")  # it counts answers: a new layout at each would add up
        self.board = TeamBoard(controller, actions, self, dialogs)
        self.heatmap = HeatmapPanel(self)
        self.notes = NotesPanel(controller, self)
        self.notes.added.connect(self._on_notes_added)
        self._lay_out(actions)
        self.board.message_posted.connect(self.message_posted)
        actions["deliver"].triggered.connect(self._on_deliver_triggered)
        actions["note"].triggered.connect(self._on_note_triggered)
        actions["adhoc"].triggered.connect(self._on_adhoc_triggered)
        controller.session_opened.connect(self._on_controller_session_opened)
        controller.session_closed.connect(self._on_controller_session_closed)
        controller.changed.connect(self._on_controller_changed)
        controller.ticked.connect(self._on_controller_ticked)

    def _sheet_table(self) -> QTableView:
        table = make(QTableView(self), "runSheet")
        table.setModel(self.sheet_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        compact(table)
        header = table.horizontalHeader()
        # Fixed, from the font: sized to its contents, the header would read every row's marks after every move.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        bold = QFont(table.font())
        bold.setBold(True)
        table.setColumnWidth(0, QFontMetrics(bold).horizontalAdvance("●") + 16)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)  # never wider than its short form
        self._targets_width = table.fontMetrics().horizontalAdvance("→ Green, Gold") + 16
        table.setColumnWidth(2, self._targets_width)
        table.setMinimumWidth(table.fontMetrics().horizontalAdvance("M") * 14)  # titles stay readable
        table.installEventFilter(self)
        table.selectionModel().selectionChanged.connect(self._on_sheet_selection_changed)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.sheet and event.type() == QEvent.Type.Resize:
            # Narrow (two windows side by side): the titles keep the width; where an inject goes stays in its tooltip.
            narrow = self.sheet.width() < self._targets_width + self.sheet.fontMetrics().horizontalAdvance("M") * 13
            if self.sheet.isColumnHidden(2) != narrow:
                self.sheet.setColumnHidden(2, narrow)
        return super().eventFilter(watched, event)

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = make(QToolButton(self), f"control-{name}")
        button.setDefaultAction(action)
        return button

    def _lay_out(self, actions: dict[str, QAction]) -> None:
        # The heading, then the clocks: on one line while they fit, the clocks under it on a narrow console.
        self.paused.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top_line = GroupRow([[self.heading], [self.paused, self.countdown, self.session_clock]], self, 16, fill=True)
        self.controls = GroupRow([[self._button(actions[name], name) for name in group] for group in CONTROL_ROW], self)
        inject = QWidget(self)
        inject_layout = QVBoxLayout(inject)
        inject_layout.setContentsMargins(0, 0, 0, 0)
        inject_layout.addWidget(top_line)
        inject_layout.addWidget(self.views, 1)
        inject_layout.addWidget(self.controls)
        inject_layout.addWidget(self.next_line)
        # Starting sizes for a 1366x768 laptop; the splitters keep their proportions when resized.
        top = _splitter(Qt.Orientation.Horizontal, self.sheet, inject, (340, 1000), "runTop")
        # Teams and notes share the left (both grow with what is typed); the heatmap has the
        # right to itself, so eight teams fit without scrolling.
        lower_left = _splitter(Qt.Orientation.Vertical, self.board, self.notes, (220, 150), "runTeamsNotes")
        bottom = _splitter(Qt.Orientation.Horizontal, lower_left, self.heatmap, (700, 640), "runBottom")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(_splitter(Qt.Orientation.Vertical, top, bottom, (350, 370), "runMain"))

    # -- what is in focus ----------------------------------------------------------------

    def selected_inject(self) -> str | None:
        rows = self.sheet.selectionModel().selectedRows()
        return self.sheet_model.inject_at(rows[0].row()) if rows else None

    def focus(self) -> str | None:
        exercise = self._controller.exercise
        return self.selected_inject() or (exercise.current if exercise else None)

    def select_inject(self, inject_id: str | None) -> None:
        row = self.sheet_model.row_of(inject_id)
        if row < 0:
            self.sheet.clearSelection()
        elif self.selected_inject() != inject_id:
            self.sheet.selectRow(row)

    # -- redrawing -----------------------------------------------------------------------

    def redraw(self, follow_current: bool = False) -> None:
        """Everything that a move other than an answer can change; a new session rebuilds every table."""
        exercise = self._controller.exercise
        keep = None if follow_current else self.selected_inject()
        self._redrawing = True  # one focus redraw below, not a second one from the selection signal
        try:
            if exercise is self.sheet_model.exercise:
                self.sheet_model.update()
            else:
                self.sheet_model.set_exercise(exercise)
            self.select_inject(keep or (exercise.current if exercise else None))
        finally:
            self._redrawing = False
        self.heatmap.follow(exercise)
        self.notes.follow(exercise)
        self._show_focus()
        self.tick()

    def redraw_answers(self, events: Sequence[Event]) -> None:
        """After decisions and classifications: the rows of the teams concerned, and the lines that count answers."""
        answers = [event.payload for event in events if isinstance(event.payload, DecisionMade | DecisionClassified)]
        teams, injects = {answer.team for answer in answers}, {answer.inject for answer in answers}
        self.board.model.follow_answers(teams, injects)
        self.heatmap.model.follow_answers(teams)
        self.sheet_model.follow_answers(injects)
        self.show_next_step()
        self.show_room()

    def show_next_step(self) -> None:
        self.next_line.setText(f"<b>Next:</b> {escape(next_step(self._controller.exercise), quote=False)}")

    def show_room(self) -> None:
        """What the shared screen shows now, drawn small: only while its tab is in front (it costs a render)."""
        if self.views.currentWidget() is not self.room_preview:
            return
        from tabletop.gui.presenter.html import Look, main_html, teams_html
        from tabletop.gui.presenter.screens import room_view

        screen = room_view(self._controller.exercise)
        look = Look(max(self.room_preview.viewport().width(), 320), max(self.room_preview.viewport().height(), 180))
        self.room_preview.setHtml(main_html(screen, look) + teams_html(screen, look))

    def _show_focus(self) -> None:
        self.show_next_step()
        self.show_room()
        exercise, inject_id = self._controller.exercise, self.focus()
        if exercise is None or inject_id is None:
            self.heading.setText("Nothing delivered yet — select an inject and press Deliver (F5), or Next (F9)")
            self._show_inject(exercise, None)
            self.board.show_inject(exercise, None)
            return
        self.heading.setText(_heading(exercise, inject_id))
        self._show_inject(exercise, inject_id)
        delivered = exercise.is_delivered(inject_id)
        self.board.show_inject(exercise, inject_id if delivered else None)

    def _show_inject(self, exercise: Exercise | None, inject_id: str | None) -> None:
        """The facilitator's view of the inject; an inject never changes, so it is laid out once per focus."""
        if (exercise, inject_id) == self._inject_shown:
            return
        self._inject_shown = (exercise, inject_id)
        if inject_id is None:
            self.inject_view.setHtml(_overview(exercise) if exercise else "")
        else:
            assert exercise is not None
            self.inject_view.setHtml(inject_html(exercise, exercise.inject(inject_id)))

    def tick(self) -> None:
        exercise = self._controller.exercise
        if exercise is None:
            return
        self.session_clock.setText(f"Exercise {clock(exercise.elapsed())}")
        remaining = exercise.countdown_remaining() if exercise.countdown_running() else None  # stops at the lock
        self.countdown.setVisible(remaining is not None and exercise.ended_at is None)
        if remaining is not None:
            self.countdown.setText(f"Countdown {countdown(remaining)}")
            self.countdown.setStyleSheet("color: #B2182B" if remaining < 0 else "")
        self.paused.setVisible(exercise.paused)

    # -- slots ---------------------------------------------------------------------------

    def _on_controller_session_opened(self, exercise: Exercise) -> None:
        self.redraw(follow_current=True)
        QTimer.singleShot(0, lambda: prepare(exercise))  # each inject's Markdown, ahead of its delivery

    def _on_controller_session_closed(self) -> None:
        self.redraw()

    def _on_controller_changed(self, events: list[Event]) -> None:
        kinds = {event.kind for event in events}
        if kinds <= ANSWERS:
            self.redraw_answers(events)
            return
        self.redraw_answers([event for event in events if event.kind in ANSWERS])
        self.redraw(follow_current=EventKind.INJECT_DELIVERED in kinds)

    def _on_controller_ticked(self) -> None:
        self.tick()

    def _on_views_current_changed(self, index: int) -> None:
        self.show_room()

    def _on_sheet_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if not self._redrawing:
            self._show_focus()

    def _on_deliver_triggered(self) -> None:
        self._controller.deliver(self.selected_inject())

    def _on_note_triggered(self) -> None:
        self.notes.field.setFocus()

    def _on_notes_added(self) -> None:
        self.sheet.setFocus()  # the note is in: keys (Ctrl+Z, F9...) drive the session again

    def _on_adhoc_triggered(self) -> None:
        self.open_adhoc()

    def open_adhoc(self) -> None:
        exercise = self._controller.exercise
        dialog = AdhocDialog(self, exercise.team_names if exercise else ())
        dialog.submit = lambda: self._add_adhoc(dialog)
        open_form(dialog, self._controller.error_raised)

    def _add_adhoc(self, dialog: AdhocDialog) -> bool:
        try:
            options = dialog.option_list()
        except ExerciseError as error:
            dialog.show_error(str(error))
            return False
        added = self._controller.add_adhoc_inject(
            dialog.title.text(), dialog.body.toPlainText(), dialog.question.text(), options, dialog.minutes_value(),
            dialog.chosen_teams(),
        )  # fmt: skip
        exercise = self._controller.exercise
        if added and exercise is not None:
            self.select_inject(exercise.adhoc_injects()[-1].id)  # so Deliver (F5) sends it
        return added


def _splitter(
    orientation: Qt.Orientation, first: QWidget, second: QWidget, sizes: tuple[int, int], name: str
) -> QSplitter:
    splitter = make(QSplitter(orientation), name)  # named, so its position is kept between runs
    splitter.setChildrenCollapsible(False)
    for index, widget in enumerate((first, second)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(index, sizes[index])
    splitter.setSizes(list(sizes))
    return splitter


def _heading(exercise: Exercise, inject_id: str) -> str:
    from html import escape

    inject = exercise.inject(inject_id)
    stage = exercise.stage_number(inject_id)
    if stage is None:
        where = "AD HOC"
    else:
        ids = [item.id for item in exercise.scenario.injects()]
        where = f"STAGE {stage} · INJECT {ids.index(inject_id) + 1}/{len(ids)}"
    if inject_id == exercise.current:
        status = PHASE_WORDS[exercise.phase.value]
    else:
        status = "delivered earlier" if exercise.is_delivered(inject_id) else "not delivered yet — preview"
    return f"<b>{where}</b> &nbsp; “{escape(inject.title)}” &nbsp; <i>({status})</i>"


def _overview(exercise: Exercise) -> str:
    """Before the first delivery: what the scenario is about, for the facilitator's opening words."""
    from html import escape

    from tabletop.reports.markup import to_html

    scenario = exercise.scenario
    objectives = "".join(f"<li>{escape(item)}</li>" for item in scenario.objectives)
    summary = f"<h3>{escape(scenario.title)}</h3>{to_html(scenario.summary)}"
    return summary + (f"<p><b>Objectives</b></p><ul>{objectives}</ul>" if objectives else "")
