"""Questions the console asks the facilitator: files to open or write, and confirmations.

One object, handed to the windows by the composition root, so tests can answer for the
facilitator instead of blocking on a real dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SCENARIO_FILTER = "Tabletop scenarios (*.toml);;All files (*)"
FILTERS = {
    "html": "Web page (*.html)",
    "pdf": "PDF document (*.pdf)",
    "md": "Markdown (*.md)",
    "csv": "Spreadsheet, CSV (*.csv)",
    "json": "Data, JSON (*.json)",
}


class Dialogs:
    """The real, modal dialogs. Qt's dialog classes are imported on first use, after start-up."""

    def ask_open_scenario(self, parent: QWidget, folder: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, "Open a scenario file", str(folder), SCENARIO_FILTER)
        return Path(path) if path else None

    def ask_save_path(self, parent: QWidget, suggested: Path, fmt: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, f"Export the {fmt.upper()} debrief", str(suggested), FILTERS[fmt])
        return Path(path) if path else None

    def ask_folder(self, parent: QWidget, start: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(parent, "Export every format into a folder", str(start))
        return Path(path) if path else None

    def confirm(self, parent: QWidget, title: str, question: str, yes: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.Cancel, parent)
        accept = box.addButton(yes if "&" in yes else f"&{yes}", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Return is the safe answer; Alt+first letter is yes
        box.exec()
        return box.clickedButton() is accept

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)

    def ask_room(self, parent: QWidget, choices: Sequence[str], host: str, port: int) -> tuple[str, int] | None:
        """The address and port to open the room on, or None if the facilitator cancelled."""
        from tabletop.gui.dialogs.room import RoomDialog

        dialog = RoomDialog(choices, host, port, parent)
        return dialog.answer() if dialog.exec() else None

    def pick_tie(self, parent: QWidget, question: str, options: Sequence[str]) -> int | None:
        """Which of the tied options becomes the team's answer (its index), or None to decide later."""
        from PySide6.QtWidgets import QInputDialog

        picked, ok = QInputDialog.getItem(parent, "The phones tied", question, list(options), 0, False)
        return list(options).index(picked) if ok and picked in options else None
