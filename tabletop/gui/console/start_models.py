"""Table models of the start page: the scenario library and the recorded sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from tabletop.gui.table_model import RowsModel
from tabletop.gui.times import local_date

if TYPE_CHECKING:
    from tabletop.gui.console.library import Library, LibraryEntry
    from tabletop.storage import SessionSummary

R = Qt.ItemDataRole


class LibraryModel(RowsModel):
    headers = ("Scenario", "From", "Stages", "Injects", "Minutes")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._library: Library | None = None

    def set_library(self, library: Library) -> None:
        self._library = library
        self.refresh()

    def build_rows(self) -> list[LibraryEntry]:
        return list(self._library.entries) if self._library else []

    def cell(self, row: LibraryEntry, column: int, role: int) -> Any:
        scenario = row.file.scenario
        if role == R.DisplayRole:
            minutes = "" if scenario.minutes is None else str(scenario.minutes)
            values = (scenario.title, row.where, str(len(scenario.stages)), str(scenario.inject_count), minutes)
            return values[column]
        if role == R.ToolTipRole and column == 0:
            return f"{scenario.id} — {scenario.origin}"
        if role == R.TextAlignmentRole and column >= 2:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def entry_at(self, row: int) -> LibraryEntry | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, entry: LibraryEntry) -> int:
        return self.rows.index(entry) if entry in self.rows else -1


class SessionsModel(RowsModel):
    headers = ("Session", "Scenario", "Started", "Status", "Decisions")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionSummary] = []

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        self._sessions = sessions
        self.refresh()

    def build_rows(self) -> list[SessionSummary]:
        # Unfinished sessions first: those are the ones a facilitator comes back for.
        return sorted(self._sessions, key=lambda summary: summary.ended is not None)

    def cell(self, row: SessionSummary, column: int, role: int) -> Any:
        if role == R.DisplayRole:
            status = "Unfinished" if row.ended is None else f"Ended {local_date(row.ended)}"
            return (row.name, row.scenario, local_date(row.started), status, str(row.decisions))[column]
        if role == R.ToolTipRole and column == 0:
            return f"Session {row.id}"
        if role == R.FontRole and row.ended is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == R.TextAlignmentRole and column == 4:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def session_at(self, row: int) -> SessionSummary | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def unfinished(self) -> int:
        return sum(1 for row in self.rows if row.ended is None)
