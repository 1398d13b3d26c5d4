"""Setting up a session: its name, the facilitator, and the teams with their colours."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from tabletop.gui.dialogs.form import FormDialog
from tabletop.gui.widgets import make

# Names matched to Okabe-Ito colours from the core's palette, so "Red" is not drawn blue.
DEFAULT_TEAMS = (("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73"), ("Gold", "#E69F00"))
SPARE_COLOURS = ("#CC79A7", "#56B4E9", "#F0E442", "#000000")
MAX_TEAMS = 8


class TeamRow:
    """One team's line in the dialog: colour swatch, name, remove button."""

    def __init__(self, name: str, colour: str, parent: QWidget) -> None:
        self.colour = colour
        self.swatch = make(QPushButton(parent), "", toolTip="Choose the team's colour")
        self.name = make(QLineEdit(name, parent), "", maxLength=40, placeholderText="Team name")
        self.remove = QPushButton("Remove", parent)
        self.swatch.setFixedWidth(36)
        self.swatch.clicked.connect(self._on_swatch_clicked)
        self._paint()

    def _paint(self) -> None:
        self.swatch.setStyleSheet(f"background: {self.colour}; border: 1px solid #444; min-height: 20px")

    def _on_swatch_clicked(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self.swatch, "Team colour")
        if chosen.isValid():
            self.colour = chosen.name().upper()
            self._paint()

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.swatch, self.name, self.remove)


class NewSessionDialog(FormDialog):
    def __init__(self, scenario_title: str, parent: QWidget | None = None) -> None:
        super().__init__("New session", "Start session", parent)
        self.setObjectName("newSessionDialog")
        self.session_name = make(QLineEdit(self), "sessionName", maxLength=120, placeholderText=scenario_title)
        self.facilitator = make(QLineEdit(self), "facilitator", maxLength=40, placeholderText="Your name")
        fields = QFormLayout()
        fields.addRow("Scenario", QLabel(f"<b>{_escape(scenario_title)}</b>"))
        fields.addRow("Session &name", self.session_name)
        fields.addRow("&Facilitator", self.facilitator)
        self.form.addLayout(fields)
        self.form.addWidget(QLabel("Teams (in the order participants will see them)"))
        self._grid = QGridLayout()
        self.form.addLayout(self._grid)
        self.add_team_button = make(QPushButton("&Add team", self), "addTeam")
        self.add_team_button.clicked.connect(self._on_add_team_clicked)
        self.form.addWidget(self.add_team_button)
        self.team_rows: list[TeamRow] = []
        for name, colour in DEFAULT_TEAMS:
            self.add_team(name, colour)
        self.resize(460, 0)
        self.start_at(self.session_name)

    def add_team(self, name: str = "", colour: str = "") -> None:
        used = {row.colour for row in self.team_rows}
        spare = [c for _, c in DEFAULT_TEAMS] + list(SPARE_COLOURS)
        row = TeamRow(
            name or f"Team {len(self.team_rows) + 1}", colour or next(c for c in spare if c not in used), self
        )
        row.remove.clicked.connect(lambda: self.remove_team(row))
        self.team_rows.append(row)
        self._relayout()

    def remove_team(self, row: TeamRow) -> None:
        self.team_rows.remove(row)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()

    def _relayout(self) -> None:
        for number, row in enumerate(self.team_rows):
            for column, widget in enumerate(row.widgets()):
                self._grid.removeWidget(widget)
                self._grid.addWidget(widget, number, column)
            row.remove.setEnabled(len(self.team_rows) > 1)
        self.add_team_button.setEnabled(len(self.team_rows) < MAX_TEAMS)

    def _on_add_team_clicked(self) -> None:
        self.add_team()

    def teams(self) -> list[tuple[str, str]]:
        return [(row.name.text().strip(), row.colour) for row in self.team_rows]


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
