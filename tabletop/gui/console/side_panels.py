"""The run view's lower right: the live norm heatmap with its legend, and the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tabletop.core.scoring import BAND_ORDER
from tabletop.gui.console.run_models import HeatmapModel, NotesModel
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController


T = TypeVar("T", bound=QTableView)


class FittedTable(QTableView):
    """A table as tall as its rows (as ``AdjustToContents`` makes it), measured when ``fit`` is called.

    With ``AdjustToContents`` every changed cell asks the whole page to lay out again; the
    heatmap's cells change at every decision, its rows only with a new session.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitted = QSize()

    def fit(self) -> None:
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self._fitted = super().sizeHint()
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return self._fitted if self._fitted.isValid() else super().sizeHint()


def _table(table: T, name: str) -> T:
    make(table, name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(False)
    compact(table)
    return table


def compact(table: QTableView) -> None:
    """Rows one line of text high: a laptop screen has room for eight teams that way."""
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)


def legend_html() -> str:
    """Each band's swatch with its symbol and its name: the symbol alone is enough to read it."""
    cells = []
    for band in BAND_ORDER:
        symbol, (background, foreground) = band.symbol, band.colours
        name = band.label.lower()
        swatch = f"<span style='background:{background}; color:{foreground}'>&nbsp;{symbol}&nbsp;</span>"
        cells.append(f"<span style='white-space:nowrap'>{swatch}&nbsp;{name}</span>")
    return " &nbsp; ".join(cells)


class HeatmapPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HeatmapModel(self)
        self.table = _table(FittedTable(self), "heatmap")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(make(QLabel("NORMS · live compliance by team"), "sectionTitle"))
        # The table is as tall as its rows, with the legend right under it.
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.table)
        layout.addWidget(make(QLabel(legend_html()), "legend", wordWrap=True))
        layout.addStretch(1)

    def set_exercise(self, exercise: Exercise | None) -> None:
        self.model.set_exercise(exercise)
        self._keep_cells_whole()
        self.table.fit()

    def follow(self, exercise: Exercise | None) -> None:
        """Scores change only with answers (``model.follow_answers``): a session, or new teams, rebuild the table."""
        if exercise is not self.model.exercise or (exercise and len(exercise.team_names) != self.model.rowCount()):
            self.set_exercise(exercise)

    def _keep_cells_whole(self) -> None:
        """Every cell wide enough for its widest reading (two triangles and a score)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(metrics.horizontalAdvance("▼▼ \u22120.33") + 10)
        names = [self.model.headerData(row, Qt.Orientation.Vertical) for row in range(self.model.rowCount())]
        label = max((metrics.horizontalAdvance(str(name)) for name in names), default=40) + 34
        # Room for four columns; on a narrow console (side by side with the presenter) the rest scroll into view.
        self.setMinimumWidth(label + header.minimumSectionSize() * min(max(self.model.columnCount(), 1), 4) + 8)


class NotesPanel(QWidget):
    """Time-stamped notes; a new note is tied to the current inject. ``added`` once a note is in."""

    added = Signal()

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.model = NotesModel(self)
        self.table = _table(QTableView(self), "notes")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.field = make(QLineEdit(self), "noteField", placeholderText="Write a note and press Enter")
        self.field.setMaxLength(10_000)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        add = make(QPushButton("Add &note", self), "addNote")
        add.clicked.connect(self._on_field_return_pressed)
        entry = QHBoxLayout()
        entry.addWidget(self.field, 1)
        entry.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(make(QLabel("NOTES"), "sectionTitle"))
        layout.addWidget(self.table)
        layout.addLayout(entry)

    def set_exercise(self, exercise: Exercise | None) -> None:
        self.model.set_exercise(exercise)
        self.table.resizeColumnToContents(0)
        self.table.scrollToBottom()

    def follow(self, exercise: Exercise | None) -> None:
        """The notes of ``exercise``, redrawn only when a note was added (or the session changed)."""
        if exercise is not self.model.exercise or (exercise and len(exercise.notes()) != self.model.rowCount()):
            self.set_exercise(exercise)

    def _on_field_return_pressed(self) -> None:
        self.add_note()

    def add_note(self) -> None:
        """Add what is typed; the text stays in the field if the note could not be added."""
        if self.field.text().strip() and self._controller.add_note(self.field.text()):
            self.field.clear()
            self.added.emit()
