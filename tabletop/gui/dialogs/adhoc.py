"""Writing an inject live: title, narrative, question, the teams it is for, options with their effects, a countdown.

An option is one line: its label, then after a bar what it does, each effect as an id, a
signed number and a reason, separated by semicolons:

    Sanction the firm | MS-6 -1 punishes the victim; economy -1 costs a contract
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from tabletop.core.errors import ExerciseError
from tabletop.core.events import AdhocOption
from tabletop.core.model import NormEffect, StakeEffect
from tabletop.core.scenario import known_norms
from tabletop.core.stakes import stake_ids
from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make

EFFECT = re.compile(r"\s*([A-Za-z0-9-]+)\s+([+\-\u2212]?\d)\s*(.*)")
OPTIONS_HINT = "One option a line: label | MS-6 -1 why; economy -1 why  (leave empty for a discussion inject)"


def parse_options(text: str) -> list[AdhocOption]:
    """The options typed, one a line; raises ExerciseError naming the line and what is wrong with it."""
    options = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, _, effects = line.partition("|")
        if not label.strip():
            raise ExerciseError(f"option line {number} needs a label before the bar")
        norms, stakes = _effects(effects, number)
        options.append(AdhocOption(label.strip(), tuple(norms), tuple(stakes)))
    return options


def _effects(text: str, number: int) -> tuple[list[NormEffect], list[StakeEffect]]:
    norms: list[NormEffect] = []
    stakes: list[StakeEffect] = []
    for part in filter(str.strip, text.split(";")):
        found = EFFECT.fullmatch(part)
        if found is None:
            raise ExerciseError(f"option line {number}: write each effect as an id, a number and why, not '{part}'")
        name, value, why = found.group(1), int(found.group(2).replace("\u2212", "-")), found.group(3).strip()
        if name in stake_ids():
            stakes.append(StakeEffect(name, value, why))
        elif name.upper() in {norm.upper() for norm in known_norms()}:
            norms.append(NormEffect(next(n for n in known_norms() if n.upper() == name.upper()), value, why))
        else:
            raise ExerciseError(f"option line {number}: '{name}' is neither a norm (MS-1, GGE-e...) nor a stake")
    return norms, stakes


class AdhocDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None, teams: Sequence[str] = ()) -> None:
        super().__init__("Ad-hoc inject", "Add to the run sheet", parent)
        self.setObjectName("adhocDialog")
        self.title = make(QLineEdit(self), "adhocTitle", maxLength=160)
        self.body = make(QPlainTextEdit(self), "adhocBody", tabChangesFocus=True)
        self.body.setPlaceholderText("What happens (Markdown)")
        self.question = make(QLineEdit(self), "adhocQuestion", placeholderText="What does your government do?")
        self.options = make(QPlainTextEdit(self), "adhocOptions", tabChangesFocus=True)
        self.options.setPlaceholderText(OPTIONS_HINT)
        self.minutes = make(QSpinBox(self), "adhocMinutes", minimum=0, maximum=240, specialValueText="none")
        self.minutes.setSuffix(" min")
        self._team_names = list(teams)
        self.teams = [make(QCheckBox(name.replace("&", "&&"), self), f"adhocTeam-{number}", checked=True)
                      for number, name in enumerate(teams, start=1)]  # fmt: skip
        for box in (self.body, self.options):
            box.setFixedHeight(90)
        fields = QFormLayout()
        fields.addRow("&Title", self.title)
        fields.addRow("&Narrative", self.body)
        fields.addRow("&Question", self.question)
        fields.addRow("&Options", self.options)
        fields.addRow("&Countdown", self.minutes)
        fields.addRow("For", self._team_grid())
        self.form.addLayout(fields)
        self.form.addWidget(QLabel("<i>It joins the run sheet under “Ad hoc”; deliver it when you are ready.</i>"))
        self.resize(620, 0)
        self.start_at(self.title)

    def _team_grid(self) -> QWidget:
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, box in enumerate(self.teams):
            grid.addWidget(box, index // 4, index % 4)
        return holder

    def option_list(self) -> list[AdhocOption]:
        return parse_options(self.options.toPlainText())

    def chosen_teams(self) -> list[str]:
        """The teams ticked; all of them means every team (also those added later: none can be)."""
        ticked = [name for name, box in zip(self._team_names, self.teams, strict=True) if box.isChecked()]
        return [] if len(ticked) == len(self.teams) else ticked

    def option_labels(self) -> list[str]:
        return [option.label for option in self.option_list()]

    def minutes_value(self) -> int | None:
        return self.minutes.value() or None
