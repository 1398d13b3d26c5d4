"""Table models of the run view: run sheet, team board, norm heatmap and notes, over the live exercise."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPixmap

from tabletop.core.wording import MINUS, signed, signed_short
from tabletop.gui.console.inject_html import targets_short, targets_text
from tabletop.gui.table_model import RowsModel
from tabletop.gui.times import clock

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.core.state import Decision, Team

R = Qt.ItemDataRole


def swatch(colour: str) -> QPixmap:
    """A small square of a team's colour (header views draw pixmaps, not bare colours)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return pixmap


class ExerciseModel(RowsModel):
    """A model that reads one exercise (or none) and rebuilds when told it changed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.exercise: Exercise | None = None

    def set_exercise(self, exercise: Exercise | None) -> None:
        self.exercise = exercise
        self.refresh()

    def build_rows(self) -> list[Any]:
        return [] if self.exercise is None else self.rows_of(self.exercise)

    def rows_of(self, exercise: Exercise) -> list[Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class SheetRow:
    """A stage heading (``inject`` is None) or one inject under it."""

    title: str
    inject: str | None = None
    status: str = ""
    targets: str = ""
    targets_tip: str = ""


class RunSheetModel(ExerciseModel):
    headers = ("", "Stages and injects", "Goes to")
    header_tips = ("✓ delivered · ● current · ○ to come", "", "Consequence injects reach only some teams")

    def rows_of(self, exercise: Exercise) -> list[SheetRow]:
        rows = []
        for number, stage in enumerate(exercise.scenario.stages, start=1):
            started = "✓" if exercise.stage_started(stage.id) else ""
            rows.append(SheetRow(f"{number} {stage.title}", None, started))
            rows.extend(self._inject_row(exercise, inject.id) for inject in stage.injects)
        adhoc = exercise.adhoc_injects()
        if adhoc:
            rows.append(SheetRow("Ad hoc"))
            rows.extend(self._inject_row(exercise, inject.id) for inject in adhoc)
        return rows

    def _inject_row(self, exercise: Exercise, inject_id: str) -> SheetRow:
        status = "●" if exercise.current == inject_id else "✓" if exercise.is_delivered(inject_id) else "○"
        inject = exercise.inject(inject_id)
        full = targets_text(exercise, inject)
        return SheetRow(inject.title, inject_id, status, targets_short(exercise, inject, full=full), full)

    def cell(self, row: SheetRow, column: int, role: int) -> Any:
        if role == R.DisplayRole:
            return (row.status, row.title if row.inject is None else f"  {row.title}", row.targets)[column]
        if role == R.FontRole and (row.inject is None or row.status == "●"):
            font = QFont()
            font.setBold(True)
            return font
        if role == R.ToolTipRole and row.inject is not None:
            if column == 2 and row.targets_tip:
                return row.targets_tip
            return f"{row.title} ({row.inject})" + (f"\n{row.targets_tip}" if row.targets_tip else "")
        if role == R.UserRole:
            return row.inject
        return None

    def follow_answers(self, injects: Set[str]) -> None:
        """Answers to ``injects`` were recorded: redraw the rows of consequence injects they may now reach."""
        exercise = self.exercise
        if exercise is not None and any(
            ref.partition(".")[0] in injects
            for inject in exercise.scenario.injects()
            if inject.when and not exercise.is_delivered(inject.id)
            for ref in inject.when
        ):
            self.update()

    def inject_at(self, row: int) -> str | None:
        return self.rows[row].inject if 0 <= row < len(self.rows) else None

    def row_of(self, inject_id: str | None) -> int:
        return next((i for i, row in enumerate(self.rows) if row.inject == inject_id), -1)


@dataclass(frozen=True)
class BoardRow:
    team: Team
    receives: bool
    decision: Decision | None


class TeamBoardModel(ExerciseModel):
    """Each team's standing answer to one inject (by default the current one)."""

    headers = ("Team", "Status", "Choice", "Conf.", "Rationale", "Dissent")
    header_tips = (
        "",
        "✓ decided · ✎ revised · … waiting · — not a recipient; with phones, votes in of the team's phones",
        "",
        "Confidence, 1 to 5",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.inject_id: str | None = None
        self._shown: tuple[Exercise | None, str | None] = (None, None)  # the session and inject the rows are of
        self._numbers: dict[str, int] = {}  # each team's row

    def show_inject(self, inject_id: str | None) -> None:
        """Each team's answer to ``inject_id`` (None: the current inject); only changed rows repaint."""
        self.inject_id = inject_id
        shown = (self.exercise, self.focus())
        if shown == self._shown:
            self.update()
        else:
            self._shown = shown
            self.refresh()

    def focus(self) -> str | None:
        return self.inject_id or (self.exercise.current if self.exercise else None)

    def follow_answers(self, teams: Set[str], injects: Set[str]) -> None:
        """Teams answered ``injects``: redraw those teams' rows if the board shows one of those injects."""
        inject_id, exercise = self.focus(), self.exercise
        if exercise is None or inject_id not in injects:
            return
        for name in teams:
            number = self._numbers.get(name)
            if number is not None:
                self.replace(number, self._row(exercise, self.rows[number].team, inject_id))

    def rows_of(self, exercise: Exercise) -> list[BoardRow]:
        inject_id = self.focus()
        self._numbers = {team.name: number for number, team in enumerate(exercise.teams)}
        return [self._row(exercise, team, inject_id) for team in exercise.teams]

    @staticmethod
    def _row(exercise: Exercise, team: Team, inject_id: str | None) -> BoardRow:
        if inject_id is None:
            return BoardRow(team, False, None)
        return BoardRow(team, exercise.receives(team.name, inject_id), exercise.final(team.name, inject_id))

    def cell(self, row: BoardRow, column: int, role: int) -> Any:
        if role == R.DisplayRole:
            return self._text(row, column)
        if role == R.DecorationRole and column == 0:
            return QColor(row.team.color)
        if role == R.ToolTipRole and column in (2, 4, 5):
            return self._text(row, column) or None
        if role == R.ToolTipRole and column in (0, 1) and self.exercise is not None and self.exercise.room is not None:
            phones = self.exercise.members(row.team.name)
            return f"{phones} phone{'' if phones == 1 else 's'} joined {row.team.name}"
        if role == R.TextAlignmentRole and column in (1, 3):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _text(self, row: BoardRow, column: int) -> str:
        decision = row.decision
        if column == 0:
            return f"{row.team.number} {row.team.name}"
        if column == 1:
            return self._status(row) + self._phones(row)
        if decision is None:
            return ""
        if column == 2:
            return self._choice(decision)
        if column == 3:
            return "" if decision.confidence is None else str(decision.confidence)
        return decision.rationale if column == 4 else decision.dissent

    @staticmethod
    def _status(row: BoardRow) -> str:
        if not row.receives:
            return "—"
        if row.decision is None:
            return "…"
        return "✓ ✎" if row.decision.revision else "✓"

    def _phones(self, row: BoardRow) -> str:
        """Phone votes in, of the team's phones, while the room has any ("3/5"); nothing otherwise."""
        exercise, inject_id = self.exercise, self.inject_id
        if exercise is None or not row.receives or exercise.room is None:
            return ""
        inject_id = inject_id or exercise.current
        members = exercise.members(row.team.name)
        return f"  {len(exercise.ballot(row.team.name, inject_id))}/{members}" if members and inject_id else ""

    def _choice(self, decision: Decision) -> str:
        assert self.exercise is not None
        if decision.option is None:
            return "(free text)"
        inject = self.exercise.inject(decision.inject)
        return f"{inject.letter(decision.option)}  {inject.option(decision.option).label}"

    def team_at(self, row: int) -> str | None:
        return self.rows[row].team.name if 0 <= row < len(self.rows) else None


class HeatmapModel(ExerciseModel):
    """Team x norm: band symbol and score, coloured by band; index and escalation at the end.

    Built once per session; after that a move changes only the rows of the teams it was about.
    """

    def build_rows(self) -> list[Any]:
        self.headers = self.header_tips = ()
        return super().build_rows()

    def follow_answers(self, teams: Set[str]) -> None:
        """Score again only the teams whose answers changed, and repaint their rows."""
        exercise = self.exercise
        if exercise is None:
            return
        for number, (team, _score) in enumerate(self.rows):
            if team.name in teams:
                self.replace(number, (team, exercise.team_score(team.name)))

    def rows_of(self, exercise: Exercise) -> list[Any]:
        norms = exercise.framework.norms
        self.headers = (*(norm.id for norm in norms), "Index", "Esc.")
        self.header_tips = (
            *(f"{norm.id}: {norm.short}" for norm in norms),
            f"Team index, {MINUS}100 to 100",
            "Escalation",
        )
        scores = exercise.scores()
        return [(team, scores[team.name]) for team in exercise.teams]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = R.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            team = self.rows[section][0]
            if role == R.DisplayRole:
                return team.name
            if role == R.DecorationRole:
                return swatch(team.color)
            return None
        return super().headerData(section, orientation, role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        team, score = row
        norms = len(self.headers) - 2
        if column >= norms:
            if role == R.DisplayRole:
                if column == norms:
                    return "—" if score.index is None else signed_short(score.index)
                return signed(score.escalation, 0)
            return Qt.AlignmentFlag.AlignCenter if role == R.TextAlignmentRole else None
        norm = score.norms[self.headers[column]]
        if role == R.DisplayRole:
            return norm.band.symbol + ("" if norm.score is None else f" {signed_short(norm.score)}")
        if role in (R.BackgroundRole, R.ForegroundRole):
            return QColor(norm.band.colours[0 if role == R.BackgroundRole else 1])
        if role == R.ToolTipRole:
            found = "not tested" if norm.score is None else f"score {norm.score:+.2f} over {norm.engaged} decision(s)"
            return f"{team.name} · {self.header_tips[column]}: {norm.band.label} ({found})"
        return Qt.AlignmentFlag.AlignCenter if role == R.TextAlignmentRole else None


class NotesModel(ExerciseModel):
    headers = ("Time", "Inject", "Note")
    header_tips = ("Exercise time, pauses left out",)

    def rows_of(self, exercise: Exercise) -> list[Any]:
        return [(clock(exercise.exercise_time(note.at)), note.inject or "", note.text) for note in exercise.notes()]

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role in (R.DisplayRole, R.ToolTipRole):
            return row[column] if role == R.DisplayRole or column == 2 else None
        return None
