"""Opening the room: which of the laptop's addresses phones reach it on, and which port."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from tabletop.gui.widgets import make

HINT = (
    "Phones must be on the same network as this laptop. Venue Wi-Fi often keeps devices apart; "
    "if phones cannot reach the page, open a hotspot on the laptop and pick its address."
)


class RoomDialog(QDialog):
    def __init__(self, choices: Sequence[str], host: str, port: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open the room for phones")
        self.address = make(QComboBox(self), "roomAddress", editable=True)
        self.address.addItems(list(choices))
        self.address.setCurrentText(host)
        self.port = make(QSpinBox(self), "roomPort", minimum=1024, maximum=65535, value=port)
        form = QFormLayout()
        form.addRow("&Address", self.address)
        form.addRow("&Port", self.port)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton("&Open the room", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(make(QLabel(HINT), "roomHint", wordWrap=True))
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, int]:
        return self.address.currentText().strip(), self.port.value()
