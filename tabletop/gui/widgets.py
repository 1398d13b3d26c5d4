"""Small helpers for building widgets the same way everywhere."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPaintEvent, QPalette, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

W = TypeVar("W", bound=QWidget)


def make(widget: W, name: str = "", **properties: Any) -> W:
    """Give a widget its object name and set Qt properties by name.

    PySide accepts these as constructor keywords, but its type stubs do not; going through
    the meta-object also catches a misspelt property instead of making a dynamic one.
    """
    if name:
        widget.setObjectName(name)
    meta = widget.metaObject()
    for key, value in properties.items():
        if meta.indexOfProperty(key) < 0:
            raise AttributeError(f"{type(widget).__name__} has no Qt property '{key}'")
        widget.setProperty(key, value)
    return widget


class GroupRow(QWidget):
    """Groups of buttons in one line while they fit, one group a line on a narrow window (say, side by side)."""

    def __init__(
        self, groups: Sequence[Sequence[QWidget]], parent: QWidget | None = None, spacing: int = 6, fill: bool = False
    ) -> None:
        """``fill``: the first widget takes the spare width (a heading), and the groups after it sit at the right."""
        super().__init__(parent)
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(18)
        self._lines: list[QHBoxLayout] = []
        for number, group in enumerate(groups):
            line = QHBoxLayout()
            line.setSpacing(spacing)
            if fill and number:
                line.addStretch(1)
            for widget in group:
                widget.setParent(self)
                line.addWidget(widget, int(fill and not number))
            if not fill:
                line.addStretch(1)
            self._lines.append(line)
            self._row.addLayout(line)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    @property
    def stacked(self) -> bool:
        return self._row.direction() is QBoxLayout.Direction.TopToBottom

    def _needed(self) -> int:
        spacing = self._row.spacing() * (len(self._lines) - 1)
        return sum(line.sizeHint().width() for line in self._lines) + spacing

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = QBoxLayout.Direction.TopToBottom if event.size().width() < self._needed() else (
            QBoxLayout.Direction.LeftToRight)  # fmt: skip
        if self._row.direction() is not wanted:
            self._row.setDirection(wanted)
            self.updateGeometry()
        super().resizeEvent(event)


class TextLine(QWidget):
    """Rich text that wraps to the width it is given, as a word-wrapped QLabel does; ``text`` and ``setText`` alike.

    A word-wrapped QLabel makes its whole page lay out again whenever its text changes (its
    height depends on its width); a line that counts answers would do so at every decision.
    This one asks for a new layout only when its height at its width changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        self._document.setDefaultFont(self.font())
        self._text = ""
        self._height = 0
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self._document.setHtml(text)
        self._fit()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width != self._document.textWidth():
            self._document.setTextWidth(max(width, 1))
        return math.ceil(self._document.size().height())

    def sizeHint(self) -> QSize:
        return QSize(math.ceil(self._document.idealWidth()), self.heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.heightForWidth(self.width()))

    def _fit(self) -> None:
        height = self.heightForWidth(self.width())
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._document.setDefaultFont(self.font())
            self._fit()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._document.textWidth() != self.width():
            self._document.setTextWidth(max(self.width(), 1))
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Text, self.palette().color(QPalette.ColorRole.WindowText))
        context.palette = palette
        painter = QPainter(self)
        self._document.documentLayout().draw(painter, context)
        painter.end()


class BusyIndicator(QWidget):
    """What is being read in the background, in words beside a moving bar; hidden when nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = make(QLabel(self), "busyLabel")
        self.bar = make(QProgressBar(self), "busyBar", minimum=0, maximum=0, textVisible=False, maximumWidth=160)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        self.hide()

    def show_work(self, text: str) -> None:
        """Say ``text`` (a reading under way) with the bar moving; empty: hide."""
        self.label.setText(f"{text}…" if text else "")
        self.setVisible(bool(text))
