"""The hotwash improvement plan as an editable table: action, owner, due."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from tabletop.gui.table_model import Index, RowsModel

R = Qt.ItemDataRole
KEYS = ("action", "owner", "due")


class PlanModel(RowsModel):
    """Rows being edited; they reach the exercise only when the facilitator saves the hotwash."""

    headers = ("Action", "Owner", "Due")

    def set_plan(self, plan: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self.rows = [dict(row) for row in plan]
        self.endResetModel()

    def build_rows(self) -> list[Any]:
        return self.rows

    def plan(self) -> list[dict[str, str]]:
        return [dict(row) for row in self.rows if any(value.strip() for value in row.values())]

    def cell(self, row: dict[str, str], column: int, role: int) -> Any:
        if role in (R.DisplayRole, R.EditRole, R.ToolTipRole):
            return row[KEYS[column]] or None if role == R.ToolTipRole else row[KEYS[column]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = R.EditRole) -> bool:
        if role != R.EditRole or not index.isValid() or index.row() >= len(self.rows):
            return False
        self.rows[index.row()][KEYS[index.column()]] = str(value)
        self.dataChanged.emit(index, index, [R.DisplayRole, R.EditRole])
        return True

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(dict.fromkeys(KEYS, ""))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
