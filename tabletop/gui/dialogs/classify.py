"""Classifying a free-text answer: the facilitator's reading of it, norm by norm and stake by stake, each with a why."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from tabletop.core.stakes import builtin_stakes
from tabletop.core.wording import MINUS
from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.model import Framework, NormEffect, StakeEffect

EFFECT_TIP = f"{MINUS}2 violates · {MINUS}1 strains · 0 no effect · +1 upholds · +2 exemplifies"
STAKE_TIP = f"{MINUS}2 costs the state dearly · {MINUS}1 costs it · 0 neither · +1 gains · +2 gains much"
Rows = dict[str, tuple[QSpinBox, QLineEdit]]


class ClassifyDialog(FormDialog):
    def __init__(
        self,
        team: str,
        answer: str,
        framework: Framework,
        current: tuple[NormEffect, ...],
        parent: QWidget | None = None,
        current_stakes: tuple[StakeEffect, ...] = (),
    ) -> None:
        super().__init__(f"Classify {team}'s answer", "Save classification", parent)
        self.setObjectName("classifyDialog")
        self.form.addWidget(QLabel(f"<b>{escape(team, quote=False)}</b> answered: <i>{escape(answer, quote=False)}</i>",
                                   wordWrap=True))  # fmt: skip
        grid = QGridLayout()
        norms = [(norm.id, f"{norm.id} {norm.short}", norm.text) for norm in framework.norms]
        stakes = [(stake.id, stake.name, stake.text) for stake in builtin_stakes()]
        self.rows = self._section(grid, 0, "Norm", norms, {e.norm: (e.effect, e.why) for e in current}, EFFECT_TIP)
        self.stake_rows = self._section(
            grid, len(norms) + 1, "Stake: what the answer gains or costs the team's state", stakes,
            {e.stake: (e.effect, e.why) for e in current_stakes}, STAKE_TIP,
        )  # fmt: skip
        self.form.addLayout(grid)
        self.resize(680, 0)
        self.start_at(next(iter(self.rows.values()))[0])

    def _section(
        self, grid: QGridLayout, top: int, title: str, items: list[tuple[str, str, str]],
        known: dict[str, tuple[int, str]], tip: str,
    ) -> Rows:  # fmt: skip
        grid.addWidget(QLabel(f"<b>{escape(title, quote=False)}</b>"), top, 0)
        grid.addWidget(make(QLabel("<b>Effect</b>"), "", toolTip=tip), top, 1)
        grid.addWidget(QLabel("<b>Why</b>"), top, 2)
        rows: Rows = {}
        for number, (key, name, text) in enumerate(items, start=top + 1):
            effect = make(QSpinBox(self), f"effect-{key}", minimum=-2, maximum=2, toolTip=tip)
            why = make(QLineEdit(self), f"why-{key}", placeholderText="Why (needed for a non-zero effect)")
            if key in known:
                effect.setValue(known[key][0])
                why.setText(known[key][1])
            label = make(QLabel(name), "", toolTip=text, textFormat=Qt.TextFormat.PlainText)
            grid.addWidget(label, number, 0)
            grid.addWidget(effect, number, 1)
            grid.addWidget(why, number, 2)
            rows[key] = (effect, why)
        return rows

    def norms(self) -> dict[str, tuple[int, str]]:
        """Every norm given an effect or a why; untouched norms are left out."""
        return _given(self.rows)

    def stakes(self) -> dict[str, tuple[int, str]]:
        """Every stake given an effect or a why."""
        return _given(self.stake_rows)


def _given(rows: Rows) -> dict[str, tuple[int, str]]:
    return {
        key: (effect.value(), why.text()) for key, (effect, why) in rows.items() if effect.value() or why.text().strip()
    }
