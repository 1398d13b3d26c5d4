"""The debrief view: a preview of the report, the hotwash that flows into it, and export to every format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tabletop.gui.console.plan_model import PlanModel
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController
    from tabletop.gui.dialogs.questions import Dialogs

FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "md": "Markdown", "csv": "CSV", "json": "JSON"}
BRIEF_TIP = (
    "The brief: cover, executive summary, matrix with stakes, the stakes chart and the top findings, "
    "in HTML, PDF and Markdown (CSV and JSON always hold everything)"
)
BRIEF_FORMATS = ("html", "pdf", "md")  # CSV and JSON are the data: the same in a brief
MNEMONICS = {"html": "HT&ML", "pdf": "PD&F", "md": "Mar&kdown", "csv": "&CSV", "json": "&JSON"}


class DebriefView(QWidget):
    message_posted = Signal(str)

    def __init__(
        self,
        controller: SessionController,
        dialogs: Dialogs,
        actions: dict[str, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._dialogs = dialogs
        self._folder = Path.home()
        self._progress: QProgressDialog | None = None
        self.heading = make(QLabel("DEBRIEF"), "sectionTitle")
        self.preview = make(QTextBrowser(self), "debriefPreview", openLinks=False)
        self.strengths = make(QPlainTextEdit(self), "strengths", tabChangesFocus=True)
        self.improvements = make(QPlainTextEdit(self), "improvements", tabChangesFocus=True)
        self.plan = PlanModel(self)
        self.plan_table = make(QTableView(self), "plan")
        self.results = make(QListWidget(self), "exportResults")
        self.lens = self._lens_box()
        self.brief = make(QCheckBox("Short version (&brief)", self), "brief", toolTip=BRIEF_TIP)
        self.brief.toggled.connect(self._on_brief_toggled)
        self._lay_out(actions)
        actions["export"].triggered.connect(self._on_export_triggered)
        actions["refresh_preview"].triggered.connect(self._on_refresh_preview_triggered)
        actions["save_hotwash"].triggered.connect(self._on_save_hotwash_triggered)
        controller.session_opened.connect(self._on_controller_session_opened)
        controller.changed.connect(self._on_controller_changed)
        controller.debriefs.progressed.connect(self._on_controller_export_progressed)
        controller.debriefs.exported.connect(self._on_controller_export_finished)
        controller.debriefs.failed.connect(self._on_controller_export_failed)
        controller.debriefs.done.connect(self._on_controller_exports_done)

    def _lay_out(self, actions: dict[str, QAction]) -> None:
        refresh = make(QPushButton("Refresh previe&w", self), "refreshPreview")
        refresh.clicked.connect(actions["refresh_preview"].trigger)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        lens_label = QLabel("Read thro&ugh", self)
        lens_label.setBuddy(self.lens)
        top.addWidget(lens_label)
        top.addWidget(self.lens)
        top.addWidget(self.brief)
        top.addWidget(refresh)
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self._hotwash_box(actions["save_hotwash"]), 3)
        side.addWidget(self._export_box(), 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.preview)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _hotwash_box(self, save_action: QAction) -> QGroupBox:
        box = QGroupBox("Hotwash — goes into the report", self)
        self.plan_table.setModel(self.plan)
        self.plan_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.plan_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_table.verticalHeader().hide()
        add = make(QPushButton("&Add row", box), "addPlanRow")
        remove = make(QPushButton("Remove row", box), "removePlanRow")
        save = make(QPushButton("Sav&e hotwash", box), "saveHotwash")
        add.clicked.connect(self._on_add_row_clicked)
        remove.clicked.connect(self._on_remove_row_clicked)
        save.clicked.connect(save_action.trigger)
        rows = QHBoxLayout()
        for button in (add, remove):
            rows.addWidget(button)
        rows.addStretch(1)
        rows.addWidget(save)
        form = QFormLayout(box)
        form.addRow("Stren&gths", self.strengths)
        form.addRow("Areas for &improvement", self.improvements)
        form.addRow("Improvement p&lan", self.plan_table)
        form.addRow(rows)
        return box

    def _export_box(self) -> QGroupBox:
        box = QGroupBox("Export", self)
        grid = QGridLayout(box)
        for column, fmt in enumerate(FORMAT_NAMES):
            button = make(QPushButton(f"{MNEMONICS[fmt]}…", box), f"export-{fmt}")
            button.clicked.connect(lambda _=False, f=fmt: self.export_one(f))
            grid.addWidget(button, 0, column)
        every = make(QPushButton("Every format into a f&older…", box), "export-all")
        every.clicked.connect(self._on_export_triggered)
        grid.addWidget(every, 1, 0, 1, len(FORMAT_NAMES))
        grid.addWidget(self.results, 2, 0, 1, len(FORMAT_NAMES))
        return box

    def _lens_box(self) -> QComboBox:
        """Which framework the preview and the exports read the session through (the scenario's own first)."""
        box = make(QComboBox(self), "lens", toolTip="Read every section of the debrief through this norm framework")
        box.currentIndexChanged.connect(self._on_lens_changed)
        return box

    def fill_lenses(self, exercise: Exercise | None) -> None:
        from tabletop.core.frameworks import builtin_frameworks

        self.lens.blockSignals(True)
        self.lens.clear()
        if exercise is not None:
            own = exercise.framework.id
            ordered = [own, *(f for f in builtin_frameworks() if f != own)]
            for framework_id in ordered:
                title = builtin_frameworks()[framework_id].title
                self.lens.addItem(f"{title} (the scenario's own)" if framework_id == own else title, framework_id)
        self.lens.blockSignals(False)

    def framework(self) -> str | None:
        """The lens chosen, or None for the scenario's own framework."""
        chosen = self.lens.currentData()
        exercise = self._controller.exercise
        return None if chosen is None or (exercise is not None and chosen == exercise.framework.id) else str(chosen)

    # -- hotwash -------------------------------------------------------------------------

    def load_hotwash(self, exercise: Exercise | None) -> None:
        hotwash = exercise.hotwash if exercise else None
        self.strengths.setPlainText(hotwash.strengths if hotwash else "")
        self.improvements.setPlainText(hotwash.improvements if hotwash else "")
        plan = [{"action": r.action, "owner": r.owner, "due": r.due} for r in hotwash.plan] if hotwash else []
        self.plan.set_plan(plan)

    def hotwash_changed(self) -> bool:
        exercise = self._controller.exercise
        if exercise is None:
            return False
        saved = exercise.hotwash
        rows = [{"action": r.action, "owner": r.owner, "due": r.due} for r in saved.plan]
        typed = (self.strengths.toPlainText().strip(), self.improvements.toPlainText().strip(), self.plan.plan())
        return typed != (saved.strengths, saved.improvements, rows)

    def save_hotwash(self) -> bool:
        """Write the hotwash to the session if it changed; True when nothing is left unsaved."""
        if not self.hotwash_changed():
            return True
        return self._controller.update_hotwash(
            self.strengths.toPlainText(), self.improvements.toPlainText(), self.plan.plan()
        )

    def _on_add_row_clicked(self) -> None:
        self.plan_table.edit(self.plan.index(self.plan.add_row(), 0))

    def _on_remove_row_clicked(self) -> None:
        rows = self.plan_table.selectionModel().selectedRows()
        self.plan.remove_row(rows[0].row() if rows else self.plan.rowCount() - 1)

    # -- preview and export --------------------------------------------------------------

    def refresh_preview(self) -> None:
        exercise = self._controller.exercise
        self.heading.setText(f"DEBRIEF · {exercise.name}" if exercise else "DEBRIEF")
        self.preview.setHtml(self._controller.debrief_preview(self.framework(), self.brief.isChecked()))

    def export_one(self, fmt: str) -> None:
        path = self._dialogs.ask_save_path(self, self._folder / self._file_name(fmt), fmt)
        if path is not None:
            self._start_export([(fmt, path)])

    def export_all(self) -> None:
        folder = self._dialogs.ask_folder(self, self._folder)
        if folder is not None:
            self._start_export([(fmt, folder / self._file_name(fmt)) for fmt in FORMAT_NAMES])

    def _start_export(self, jobs: list[tuple[str, Path]]) -> None:
        if not self.save_hotwash():
            return
        self._folder = jobs[0][1].parent
        self._progress = QProgressDialog("Preparing the debrief…", "", 0, 0, self)
        self._progress.setWindowTitle("Exporting")
        self._progress.setCancelButton(None)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(0)
        self._progress.show()
        self._controller.export(jobs, self.framework(), self.brief.isChecked())

    def _file_name(self, fmt: str) -> str:
        exercise = self._controller.exercise
        name = exercise.name if exercise else "session"
        slug = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-").lower() or "session"
        kind = "brief" if self.brief.isChecked() and fmt in BRIEF_FORMATS else "debrief"
        return f"{slug}-{kind}.{fmt}"

    def _on_export_triggered(self) -> None:
        self.export_all()

    def _on_brief_toggled(self, on: bool) -> None:
        self.refresh_preview()

    def _on_refresh_preview_triggered(self) -> None:
        self.refresh_preview()

    def _on_save_hotwash_triggered(self) -> None:
        if not self.hotwash_changed():
            self.message_posted.emit("The hotwash is saved already: nothing has changed since")
        elif self.save_hotwash():
            self.message_posted.emit("Hotwash saved in the session: it goes into every debrief from now on")

    def _on_controller_session_opened(self, exercise: Exercise) -> None:
        self.load_hotwash(exercise)
        self.fill_lenses(exercise)

    def _on_lens_changed(self, index: int) -> None:
        if self.isVisible():
            self.refresh_preview()

    def _on_controller_changed(self, events: list[Event]) -> None:
        if any(event.kind == "hotwash_updated" for event in events):
            self.load_hotwash(self._controller.exercise)

    def _on_controller_export_progressed(self, text: str) -> None:
        if self._progress is not None:
            self._progress.setLabelText(text)

    def _on_controller_export_finished(self, fmt: str, path: str) -> None:
        self.results.addItem(f"✓ {FORMAT_NAMES[fmt]} written to {path}")

    def _on_controller_export_failed(self, fmt: str, message: str) -> None:
        self.results.addItem(f"✗ {FORMAT_NAMES[fmt]} not written: {message}")

    def _on_controller_exports_done(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self.results.scrollToBottom()
