"""A dialog that stays open until what it asks for is accepted, showing why not inline.

A refused form (say, a decision the core rejects) keeps everything typed, so nothing the
facilitator wrote is lost to an error message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from tabletop.gui.widgets import make

Submit = Callable[[], bool]


class FormDialog(QDialog):
    """Subclasses add fields to ``form`` (a layout) and pass ``submit``, which returns True on success."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.submit: Submit = lambda: True
        self.form = QVBoxLayout()
        self._error = make(QLabel(), "formError", wordWrap=True, visible=False)
        self._error.setStyleSheet("color: #B2182B; font-weight: bold")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self._error)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # Return means the dialog's own button, never "Add team" or a colour swatch.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(button is self.ok)
        super().showEvent(event)

    def start_at(self, widget: QWidget) -> None:
        """Where typing goes when the dialog opens (otherwise Qt picks its first button)."""
        widget.setFocus()

    def accept(self) -> None:
        self._error.hide()
        if self.submit():
            super().accept()

    def show_error(self, text: str) -> None:
        self._error.setText(text)
        self._error.show()


def open_form(dialog: FormDialog, errors: SignalInstance) -> None:
    """Show ``dialog`` without blocking; while it is open, refusals appear inside it."""
    errors.connect(dialog.show_error)
    dialog.open()
