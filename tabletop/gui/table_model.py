"""The shared shape of the console's table models: read-only tables over core values.

A model rebuilds its rows from the exercise when the session changes shape (``refresh``,
a reset). When only some rows can have changed, it says which (``update`` compares the
rows, ``replace`` takes the one row a move changed), so a view repaints those rows alone:
with 200 teams a reset per decision costs more than the decision. The views keep their
selection by inject or team id, not by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class RowsModel(QAbstractTableModel):
    """A table of ``rows`` under ``headers``; subclasses say how to build rows and show cells."""

    headers: Sequence[str] = ()
    header_tips: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == DISPLAY:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
            return self.header_tips[section] or None
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.cell(self.rows[index.row()], index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError

    def build_rows(self) -> list[Any]:
        raise NotImplementedError

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = self.build_rows()
        self.endResetModel()

    def update(self) -> None:
        """Rebuild the rows and announce only those that changed; a reset if their number changed."""
        rows = self.build_rows()
        if len(rows) != len(self.rows):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        old, self.rows = self.rows, rows
        changed = [number for number, (before, after) in enumerate(zip(old, rows, strict=True)) if before != after]
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, max(self.columnCount() - 1, 0)))

    def replace(self, number: int, row: Any) -> None:
        """Put ``row`` in place of row ``number``, and repaint it only if it differs."""
        if self.rows[number] == row:
            return
        self.rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, max(self.columnCount() - 1, 0)))


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of neighbours: one signal per run, not per row."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs
