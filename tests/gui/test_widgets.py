"""The console's own widgets: a line of rich text that wraps, and a table as tall as its rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tabletop.gui.console.side_panels import FittedTable
from tabletop.gui.table_model import RowsModel
from tabletop.gui.widgets import TextLine


class LayoutRequests(QObject):
    """Counts the layout requests a widget's parent receives (each one lays the page out again)."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_text_line_wraps_as_a_word_wrapped_label_does(qtbot: QtBot) -> None:
    line, label = TextLine(), QLabel(wordWrap=True)
    text = "<b>Next:</b> " + "every team has answered, lock voting now " * 4
    line.setText(text)
    label.setText(text)
    assert line.text() == text
    assert line.heightForWidth(2000) == line.heightForWidth(2000)
    assert line.heightForWidth(120) > line.heightForWidth(2000)  # narrower: more lines
    assert line.heightForWidth(120) >= label.heightForWidth(120) // 2  # about the label's lines, not one


def test_a_text_line_asks_for_a_new_layout_only_when_its_height_changes(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 200)
    page = QWidget(window)  # not a window itself: its layout never asks the platform for sizes
    line = TextLine()
    QVBoxLayout(page).addWidget(line)
    line.setText("<b>Next:</b> 1 of 200 teams have answered")
    page.resize(600, 200)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)  # the first layout, and whatever showing the page asked for
    requests = LayoutRequests(page)
    for answered in range(2, 12):
        line.setText(f"<b>Next:</b> {answered} of 200 teams have answered")
        qtbot.wait(1)
    assert requests.count == 0
    line.setText("<b>Next:</b> " + "a much longer line that has to wrap " * 8)
    qtbot.waitUntil(lambda: requests.count > 0)


class Rows(RowsModel):
    headers = ("a", "b")

    def build_rows(self) -> list[int]:
        return list(range(7))

    def cell(self, row: object, column: int, role: int) -> object:
        return f"{row}-{column}" if role == 0 else None


def test_a_fitted_table_is_as_tall_as_its_rows_once_fitted(qtbot: QtBot) -> None:
    fitted, adjusting = FittedTable(), QTableView()
    for table in (fitted, adjusting):
        qtbot.addWidget(table)
        model = Rows(table)
        model.refresh()
        table.setModel(model)
    adjusting.setSizeAdjustPolicy(QTableView.SizeAdjustPolicy.AdjustToContents)
    fitted.fit()
    assert fitted.sizeHint() == adjusting.sizeHint()
