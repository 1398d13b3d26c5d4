"""Writing an inject live: title, narrative, question, optional options and countdown."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make


class AdhocDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ad-hoc inject", "Add to the run sheet", parent)
        self.setObjectName("adhocDialog")
        self.title = make(QLineEdit(self), "adhocTitle", maxLength=160)
        self.body = make(QPlainTextEdit(self), "adhocBody", tabChangesFocus=True)
        self.body.setPlaceholderText("What happens (Markdown)")
        self.question = make(QLineEdit(self), "adhocQuestion", placeholderText="What does your government do?")
        self.options = make(QPlainTextEdit(self), "adhocOptions", tabChangesFocus=True)
        self.options.setPlaceholderText("One option a line; leave empty for a discussion inject")
        self.minutes = make(QSpinBox(self), "adhocMinutes", minimum=0, maximum=240, specialValueText="none")
        self.minutes.setSuffix(" min")
        for box in (self.body, self.options):
            box.setFixedHeight(90)
        fields = QFormLayout()
        fields.addRow("&Title", self.title)
        fields.addRow("&Narrative", self.body)
        fields.addRow("&Question", self.question)
        fields.addRow("&Options", self.options)
        fields.addRow("&Countdown", self.minutes)
        self.form.addLayout(fields)
        self.form.addWidget(QLabel("<i>It joins the run sheet under “Ad hoc”; deliver it when you are ready.</i>"))
        self.resize(560, 0)
        self.start_at(self.title)

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]

    def minutes_value(self) -> int | None:
        return self.minutes.value() or None
