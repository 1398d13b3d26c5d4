"""The keyboard help overlay (F1 or ?): every shortcut, drawn over the window until dismissed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tabletop.gui.actions import help_rows
from tabletop.gui.widgets import make

LEFT = ("Session", "Run")


def _group_rows(groups: tuple[str, ...], left: bool) -> str:
    parts = ["<table cellspacing='0' cellpadding='3'>"]
    current = ""
    for group, keys, text, tip in help_rows():
        if (group in groups) != left:
            continue
        if group != current:
            parts.append(f"<tr><td colspan='2'><br/><b>{escape(group)}</b></td></tr>")
            current = group
        words = f"{escape(text)} <span style='color:#555'>{escape(tip)}</span>" if tip else escape(text)
        parts.append(f"<tr><td><code><b>{escape(keys)}</b></code>&nbsp;&nbsp;</td><td>{words}</td></tr>")
    return "".join(parts) + "</table>"


def help_html() -> str:
    """Two columns of shortcuts, so the whole list fits a laptop screen."""
    columns = f"<td valign='top'>{_group_rows(LEFT, True)}</td><td width='24'></td>"
    columns += f"<td valign='top'>{_group_rows(LEFT, False)}</td>"
    return (
        f"<h2>Keyboard shortcuts</h2><table><tr>{columns}</tr></table>"
        "<p>On the presenter, a team types its number and then an option letter, or taps its tile and then an"
        " option;<br/>it may change its mind until voting is locked. Esc cancels a pick; F11 toggles full screen.</p>"
        "<p>In any view, Alt with an underlined letter presses that button; in a dialog, Enter confirms"
        " and Esc cancels.<br/><i>Esc, F1 or a click closes this list.</i></p>"
    )


class HelpOverlay(QWidget):
    """Covers its parent with a dimmed backdrop and a card listing the shortcuts."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card = make(QLabel(help_html(), self), "helpCard", textFormat=Qt.TextFormat.RichText)
        card.setStyleSheet("background: white; color: black; border-radius: 8px; padding: 18px")
        layout = QVBoxLayout(self)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        parent.installEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 140))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_Question):
            self.hide()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
