"""The team board: each team's standing answer to the inject in focus; record, revise or classify it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tabletop.gui.console.run_models import TeamBoardModel
from tabletop.gui.console.side_panels import compact
from tabletop.gui.dialogs.classify import ClassifyDialog
from tabletop.gui.dialogs.decision import DecisionDialog
from tabletop.gui.dialogs.form import open_form
from tabletop.gui.dialogs.questions import Dialogs
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController


class TeamBoard(QWidget):
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
        self._dialogs = dialogs or Dialogs()
        self.model = TeamBoardModel(self)
        self._sized_for: Exercise | None = None
        self.table = self._board_table()
        self.title = make(QLabel("TEAMS"), "sectionTitle")
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for name in ("decide", "classify", "undo"):
            button = QToolButton(self)
            button.setDefaultAction(actions[name])
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        actions["decide"].triggered.connect(self._on_decide_triggered)
        actions["classify"].triggered.connect(self._on_classify_triggered)
        for number in range(1, 9):
            actions[f"team_{number}"].triggered.connect(
                lambda _=False, n=number: self.open_decision(self.team_number(n))
            )

    def _board_table(self) -> QTableView:
        table = make(QTableView(self), "teamBoard")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        compact(table)
        table.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # rationale and dissent share the rest
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._on_table_activated)
        return table

    def _size_columns(self, exercise: Exercise | None) -> None:
        """Widths from the words they hold, measured once per team name: no pass over every cell."""
        metrics = self.table.fontMetrics()
        names = [f"{team.number} {team.name}" for team in exercise.teams] if exercise else []
        widest = max((metrics.horizontalAdvance(name) for name in names), default=60)
        for column, width in ((0, widest + 40), (1, metrics.horizontalAdvance("Status ✓ ✎ 10/10") + 12),
                              (2, metrics.horizontalAdvance("AB  A label of some length") + 12),
                              (3, metrics.horizontalAdvance("Conf.") + 16)):  # fmt: skip
            self.table.setColumnWidth(column, width)

    @property
    def exercise(self) -> Exercise | None:
        return self._controller.exercise

    def show_inject(self, exercise: Exercise | None, inject_id: str | None) -> None:
        self.model.exercise = exercise
        keep = self.selected_team()
        self.model.show_inject(inject_id)
        if exercise is not self._sized_for:
            self._size_columns(exercise)
            self._sized_for = exercise
        self.select_team(keep)
        # While the heading previews an undelivered inject, the board still shows the current one: say which.
        shown = self.focus()
        if exercise is not None and shown is not None and inject_id is None:
            self.title.setText(f"TEAMS · answers on “{exercise.inject(shown).title}”")
        else:
            self.title.setText("TEAMS")

    def focus(self) -> str | None:
        """The inject whose answers are on the board: the one shown, else the current one."""
        exercise = self.exercise
        return self.model.inject_id or (exercise.current if exercise else None)

    def selected_team(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.team_at(rows[0].row()) if rows else None

    def select_team(self, team: str | None) -> None:
        names = [row.team.name for row in self.model.rows]
        if team in names:
            self.table.selectRow(names.index(team))

    def team_number(self, number: int) -> str | None:
        return self.model.team_at(number - 1)

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_decision(self.model.team_at(index.row()))

    def _on_decide_triggered(self) -> None:
        self.open_decision(self.selected_team() or self.model.team_at(0))

    def _on_classify_triggered(self) -> None:
        self.open_classification(self.selected_team())

    def open_decision(self, team: str | None) -> None:
        exercise, inject_id = self.exercise, self.focus()
        if exercise is None or team is None or inject_id is None:
            self.message_posted.emit("Deliver an inject and pick a team first")
            return
        self.select_team(team)
        dialog = DecisionDialog(team, exercise.inject(inject_id), exercise.final(team, inject_id), self)
        dialog.submit = lambda: (
            self._confirmed_after_reveal(team, inject_id)
            and self._controller.record_decision(
                team,
                inject_id,
                dialog.option(),
                dialog.rationale.toPlainText(),
                dialog.confidence_value(),
                dialog.dissent.toPlainText(),
            )
        )
        open_form(dialog, self._controller.error_raised)

    def _confirmed_after_reveal(self, team: str, inject_id: str) -> bool:
        """A revision once the room has seen the choices changes the shared screen: ask first."""
        exercise = self.exercise
        if exercise is None or not exercise.is_revealed(inject_id) or exercise.final(team, inject_id) is None:
            return True
        return self._dialogs.confirm(
            self,
            "Revise after the reveal",
            f"The room has seen {team}'s choice on this inject. Revise it anyway? The shared screen will show "
            "the new choice, and the log keeps both.",
            "Revise",
        )

    def open_classification(self, team: str | None) -> None:
        exercise, inject_id = self.exercise, self.focus()
        decision = exercise.final(team, inject_id) if exercise and team and inject_id else None
        if exercise is None or team is None or inject_id is None or decision is None:
            self.message_posted.emit("Pick a team whose free-text answer you want to classify")
            return
        known = exercise.classification(team, inject_id)
        answer = decision.rationale or "(no answer written)"
        dialog = ClassifyDialog(
            team, answer, exercise.framework, known.effects if known else (), self, known.stakes if known else ()
        )
        dialog.submit = lambda: self._controller.classify(team, inject_id, dialog.norms(), dialog.stakes())
        open_form(dialog, self._controller.error_raised)
