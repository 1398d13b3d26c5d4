"""Classifying a free-text answer: the facilitator's reading of it, norm by norm, each with a why."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from tabletop.core.wording import MINUS
from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.model import Framework, NormEffect

EFFECT_TIP = f"{MINUS}2 violates · {MINUS}1 strains · 0 no effect · +1 upholds · +2 exemplifies"


class ClassifyDialog(FormDialog):
    def __init__(
        self,
        team: str,
        answer: str,
        framework: Framework,
        current: tuple[NormEffect, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Classify {team}'s answer", "Save classification", parent)
        self.setObjectName("classifyDialog")
        self.form.addWidget(QLabel(f"<b>{escape(team)}</b> answered: <i>{escape(answer)}</i>", wordWrap=True))
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Norm</b>"), 0, 0)
        grid.addWidget(make(QLabel("<b>Effect</b>"), "", toolTip=EFFECT_TIP), 0, 1)
        grid.addWidget(QLabel("<b>Why</b>"), 0, 2)
        known = {effect.norm: effect for effect in current}
        self.rows: dict[str, tuple[QSpinBox, QLineEdit]] = {}
        for number, norm in enumerate(framework.norms, start=1):
            effect = make(QSpinBox(self), f"effect-{norm.id}", minimum=-2, maximum=2, toolTip=EFFECT_TIP)
            why = make(QLineEdit(self), f"why-{norm.id}", placeholderText="Why (needed for a non-zero effect)")
            if norm.id in known:
                effect.setValue(known[norm.id].effect)
                why.setText(known[norm.id].why)
            grid.addWidget(make(QLabel(f"{escape(norm.id)} {escape(norm.short)}"), "", toolTip=norm.text), number, 0)
            grid.addWidget(effect, number, 1)
            grid.addWidget(why, number, 2)
            self.rows[norm.id] = (effect, why)
        self.form.addLayout(grid)
        self.resize(640, 0)
        self.start_at(next(iter(self.rows.values()))[0])

    def norms(self) -> dict[str, tuple[int, str]]:
        """Every norm given an effect or a why; untouched norms are left out."""
        found = {}
        for norm, (effect, why) in self.rows.items():
            if effect.value() or why.text().strip():
                found[norm] = (effect.value(), why.text())
        return found
