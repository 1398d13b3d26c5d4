"""The start page: the scenario library (with any invalid files and their problems) and the sessions to resume."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QItemSelection, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tabletop.core.wording import counted
from tabletop.gui.console.start_models import LibraryModel, SessionsModel
from tabletop.gui.widgets import BusyIndicator, make

if TYPE_CHECKING:
    from tabletop.core.errors import Problem
    from tabletop.gui.console.library import Library, LibraryEntry
    from tabletop.gui.controller import SessionController
    from tabletop.gui.dialogs.questions import Dialogs
    from tabletop.storage import SessionSummary


def _plain(text: str) -> str:
    """``text`` as Markdown that reads as the same words: every mark Markdown gives a meaning escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)


def _table(parent: QWidget, name: str, model: QAbstractItemModel) -> QTableView:
    table = make(QTableView(parent), name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class StartPage(QWidget):
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
        self.library_model = LibraryModel(self)
        self.sessions_model = SessionsModel(self)
        self.library = _table(self, "library", self.library_model)
        self.details = make(QTextBrowser(self), "scenarioDetails", openLinks=False)
        self.problems = make(QListWidget(self), "problems")
        self.problems_title = make(QLabel(), "problemsTitle")
        self.sessions = _table(self, "sessions", self.sessions_model)
        self.sessions_note = make(QLabel("Reading the sessions…"), "sessionsNote", wordWrap=True)
        self.busy = BusyIndicator(self)  # the sessions, or a session, being read in the background
        self.database = make(QLabel(), "databasePath", wordWrap=True)
        self.resume_button = make(QPushButton("Res&ume selected session", self), "resume")
        self._lay_out(actions)
        self.library.selectionModel().selectionChanged.connect(self._on_library_selection_changed)
        self.library.activated.connect(self._on_library_activated)
        self.sessions.activated.connect(self._on_sessions_activated)
        self.resume_button.clicked.connect(actions["resume"].trigger)
        actions["resume"].triggered.connect(self._on_resume_triggered)
        actions["new_session"].triggered.connect(self._on_new_session_triggered)
        actions["open_file"].triggered.connect(self._on_open_file_triggered)
        controller.library_changed.connect(self._on_controller_library_changed)
        controller.sessions_changed.connect(self._on_controller_sessions_changed)
        controller.store_failed.connect(self._on_controller_store_failed)
        controller.reading.connect(self._on_controller_reading)

    def _lay_out(self, actions: dict[str, QAction]) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._library_box(actions))
        splitter.addWidget(self._sessions_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 560])  # room for the session list's five columns on a laptop
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_problems(())

    def _library_box(self, actions: dict[str, QAction]) -> QGroupBox:
        new = make(QPushButton("&New session…", self), "newSession", default=True)
        new.clicked.connect(actions["new_session"].trigger)
        open_file = make(QPushButton("Open scenario &file…", self), "openFile")
        open_file.clicked.connect(actions["open_file"].trigger)
        folder = make(QPushButton("Show your scenarios f&older", self), "showFolder")
        folder.clicked.connect(self._on_folder_clicked)
        buttons = QHBoxLayout()
        for button in (new, open_file, folder):
            buttons.addWidget(button)
        buttons.addStretch(1)
        library = QGroupBox("Scenario library", self)
        column = QVBoxLayout(library)
        column.addWidget(self.library, 3)
        column.addWidget(self.details, 2)
        column.addWidget(self.problems_title)
        column.addWidget(self.problems, 1)
        column.addLayout(buttons)
        return library

    def _sessions_box(self) -> QGroupBox:
        sessions = QGroupBox("Sessions", self)
        side = QVBoxLayout(sessions)
        side.addWidget(self.sessions_note)
        side.addWidget(self.busy)
        side.addWidget(self.sessions, 1)
        side.addWidget(self.resume_button)
        side.addWidget(self.database)
        return sessions

    # -- library -------------------------------------------------------------------------

    def selected_entry(self) -> LibraryEntry | None:
        rows = self.library.selectionModel().selectedRows()
        return self.library_model.entry_at(rows[0].row()) if rows else None

    def select_entry(self, entry: LibraryEntry | None) -> None:
        row = self.library_model.row_of(entry) if entry else -1
        self.library.selectRow(max(row, 0))

    def show_library(self, library: Library) -> None:
        keep = self.selected_entry()
        self.library_model.set_library(library)
        self.select_entry(keep)
        self._show_problems(library.problems)

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        self.problems.clear()
        self.problems.addItems([str(problem) for problem in problems])
        count = len(problems)
        self.problems_title.setText(f"<b style='color:#B2182B'>⚠ {count} problem(s) in scenario files</b>")
        for widget in (self.problems, self.problems_title):
            widget.setVisible(bool(problems))

    def _show_details(self, entry: LibraryEntry | None) -> None:
        """The scenario's summary through Qt's own Markdown reader, raw HTML shown as text.

        Python-Markdown (which the debrief uses) costs some 60 ms to load, paid at start for a
        preview; Qt's reader is already in the process and reads the summary in well under 1 ms.
        """
        if entry is None:
            self.details.clear()
            return
        scenario = entry.file.scenario
        stages = "".join(
            f"{number}. {_plain(stage.title)} ({counted(len(stage.injects), 'inject')})\n"
            for number, stage in enumerate(scenario.stages, 1)
        )
        norms = ", ".join(scenario.norms_exercised()) or "none"
        about = f"Framework {scenario.framework} · norms exercised: {norms} · file {scenario.origin}"
        text = f"### {_plain(scenario.title)}\n\n{scenario.summary}\n\n{stages}\n*{_plain(about)}*\n"
        self.details.document().setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownNoHTML)

    def open_new_session(self) -> None:
        from tabletop.gui.dialogs.form import open_form  # the form, with its own widgets, when first asked for
        from tabletop.gui.dialogs.new_session import NewSessionDialog

        entry = self.selected_entry()
        if entry is None:
            self.message_posted.emit("Pick a scenario in the library first")
            return
        dialog = NewSessionDialog(entry.title, self)
        dialog.submit = lambda: self._controller.new_session(
            entry.file, dialog.session_name.text(), dialog.facilitator.text(), dialog.teams()
        )
        open_form(dialog, self._controller.error_raised)

    def open_scenario_file(self) -> None:
        path = self._dialogs.ask_open_scenario(self, self._controller.scenario_folder)
        if path is not None:
            self.select_entry(self._controller.open_scenario_file(path) or self.selected_entry())

    # -- sessions ------------------------------------------------------------------------

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        self.sessions_model.set_sessions(sessions)
        unfinished = self.sessions_model.unfinished()
        if unfinished:
            self.sessions_note.setText(f"<b>{counted(unfinished, 'unfinished session')}</b> — pick one and resume it.")
            self.sessions.selectRow(0)
        else:
            self.sessions_note.setText("No unfinished sessions. Ended ones open in the debrief view.")
        self.database.setText(f"<small>Database: {escape(str(self._controller.store_path or ''))}</small>")

    def resume_selected(self) -> None:
        if not self.isVisible():
            self.message_posted.emit("Pick the session to resume in the library and sessions page (Ctrl+L)")
            return
        rows = self.sessions.selectionModel().selectedRows()
        summary = self.sessions_model.session_at(rows[0].row()) if rows else None
        if summary is None:
            self.message_posted.emit("Pick a session to resume")
            return
        self._controller.resume(summary.id)

    # -- slots ---------------------------------------------------------------------------

    def _on_library_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_details(self.selected_entry())

    def _on_library_activated(self, index: QModelIndex) -> None:
        self.open_new_session()

    def _on_sessions_activated(self, index: QModelIndex) -> None:
        self.resume_selected()

    def _on_resume_triggered(self) -> None:
        self.resume_selected()

    def _on_new_session_triggered(self) -> None:
        self.open_new_session()

    def _on_open_file_triggered(self) -> None:
        self.open_scenario_file()

    def _on_folder_clicked(self) -> None:
        folder = self._controller.scenario_folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_controller_library_changed(self, library: Library) -> None:
        self.show_library(library)

    def _on_controller_sessions_changed(self, sessions: list[SessionSummary]) -> None:
        self.show_sessions(sessions)

    def _on_controller_reading(self, text: str) -> None:
        self.busy.show_work(text)

    def _on_controller_store_failed(self, text: str) -> None:
        self.sessions_note.setText("No sessions to list: the database could not be opened.")
        self.database.setText(f"<b style='color:#B2182B'>⚠ {escape(text)}</b>")
