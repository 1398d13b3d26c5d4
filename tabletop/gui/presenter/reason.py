"""The one line a team may type on the shared screen after its choice: why it chose as it did."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

MAX_REASON = 240


class ReasonField(QLineEdit):
    """Shown after a vote on the presenter; Enter gives the reason, Esc (or leaving it empty) skips it."""

    given = Signal(str, str, str, str)  # team, inject, option, reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterReason")
        self.setMaxLength(MAX_REASON)
        self.setVisible(False)
        self._choice: tuple[str, str, str] | None = None
        self.returnPressed.connect(self._on_return_pressed)

    def ask(self, team: str, inject_id: str, option: str) -> None:
        """Offer the field, without taking the keyboard: the next team's keys are still votes until it is tapped."""
        self._choice = (team, inject_id, option)
        self.clear()
        self.setPlaceholderText(f"{team}: tap here, or press Enter, to add one line on why (Esc to skip)")
        self.show()

    def hold(self, paused: bool) -> None:
        """Out of sight while the room is paused (votes wait, and so does the reason); back on resume."""
        self.setVisible(self._choice is not None and not paused)

    def start(self) -> None:
        if self.isVisible():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        self._choice = None
        self.clear()
        self.hide()
        parent = self.parentWidget()
        if parent is not None:
            parent.setFocus(Qt.FocusReason.OtherFocusReason)  # keys are votes again

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def _on_return_pressed(self) -> None:
        if self._choice is not None and self.text().strip():
            self.given.emit(*self._choice, self.text())
        self.dismiss()
