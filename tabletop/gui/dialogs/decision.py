"""Recording or revising one team's decision on one inject, as the facilitator hears it."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QComboBox, QFormLayout, QLabel, QPlainTextEdit, QRadioButton, QWidget

from tabletop.core.model import letter
from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.model import Inject
    from tabletop.core.state import Decision

CONFIDENCE = ("—", "1 · not at all sure", "2", "3", "4", "5 · very sure")


class DecisionDialog(FormDialog):
    """Option (or free text), rationale, confidence and dissent; filled in with the standing decision."""

    def __init__(self, team: str, inject: Inject, current: Decision | None, parent: QWidget | None = None) -> None:
        verb = "Revise" if current else "Record"
        super().__init__(f"{verb} {team}'s decision", f"{verb} decision", parent)
        self.setObjectName("decisionDialog")
        self.team = team
        self.inject = inject
        self.form.addWidget(QLabel(f"<b>{escape(team, quote=False)}</b> on <i>{escape(inject.title, quote=False)}</i>"))
        self.form.addWidget(make(QLabel(inject.question), "", wordWrap=True, textFormat=Qt.TextFormat.PlainText))
        self._choices = QButtonGroup(self)
        for index, option in enumerate(inject.options):
            button = make(QRadioButton(f"&{letter(index)}  {option.label}", self), f"option-{option.id}")
            self._choices.addButton(button, index)
            self.form.addWidget(button)
        if inject.is_discussion:
            self.form.addWidget(QLabel("<i>A discussion inject: write the team's answer as its rationale.</i>"))
        self.rationale = make(QPlainTextEdit(self), "rationale", tabChangesFocus=True)
        self.dissent = make(QPlainTextEdit(self), "dissent", tabChangesFocus=True)
        self.confidence = make(QComboBox(self), "confidence")
        self.confidence.addItems(CONFIDENCE)
        for box in (self.rationale, self.dissent):
            box.setFixedHeight(72)
        fields = QFormLayout()
        fields.addRow("Ra&tionale" if not inject.is_discussion else "Ans&wer", self.rationale)
        fields.addRow("Con&fidence", self.confidence)
        fields.addRow("Di&ssent (minority view)", self.dissent)
        self.form.addLayout(fields)
        if current is not None:
            self._fill(current)
        self.resize(520, 0)
        checked = self._choices.checkedButton()
        first = self._choices.button(0)
        self.start_at(checked or first or self.rationale)

    def _fill(self, decision: Decision) -> None:
        ids = [option.id for option in self.inject.options]
        if decision.option in ids:
            self._choices.button(ids.index(decision.option)).setChecked(True)
        self.rationale.setPlainText(decision.rationale)
        self.dissent.setPlainText(decision.dissent)
        self.confidence.setCurrentIndex(decision.confidence or 0)

    def option(self) -> str | None:
        index = self._choices.checkedId()
        return self.inject.options[index].id if index >= 0 else None

    def confidence_value(self) -> int | None:
        return self.confidence.currentIndex() or None
