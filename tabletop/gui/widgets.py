"""Small helpers for building widgets the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QWidget

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
