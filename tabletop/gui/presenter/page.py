"""The presenter's two documents: the inject (its type scaled to fit the window) and the team tiles.

Both are touch surfaces: a tap anywhere in a tile's or an option's table cell counts as a
tap on its link (``team:3``, ``option:B``), so targets are as large as they look.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QTextCursor, QTextTable
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent, QResizeEvent, QTextDocument

    from tabletop.gui.presenter.html import Strip

MIN_FIT = 0.6  # a long inject's type shrinks this far to fit the window; what is longer still scrolls
GROW = 0.1  # a shorter inject gets larger type only by this much or more, so sizes stay calm from one to the next
STEP = 0.05


def next_fit(fit: float, height: float, room: float) -> float:
    """The scale (in steps of 0.05) at which a document ``height`` tall at ``fit`` should just fill ``room``.

    Its height goes about as the square of the scale: smaller type makes shorter lines,
    and fewer of them.
    """
    wanted = fit * math.sqrt(room / max(height, 1.0)) * 0.98
    return round(max(MIN_FIT, min(1.0, math.floor(wanted / STEP + 1e-9) * STEP)), 2)


def link_in(document: QTextDocument, position: int) -> str:
    """The link at a position in the document, or any link in the table cell holding it."""
    cursor = QTextCursor(document)
    cursor.setPosition(max(position, 0))
    table = cursor.currentTable()
    if table is None:
        return ""
    cell = table.cellAt(cursor)
    for inside in range(cell.firstPosition(), cell.lastPosition() + 1):
        cursor.setPosition(inside)
        if href := cursor.charFormat().anchorHref():
            return href
    return ""


class DocumentView(QTextBrowser):
    """A read-only document on the shared screen: no frame, no focus (keys go to the window), links as targets."""

    tapped = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_when(False)
        self.html = ""

    def scroll_when(self, overflowing: bool) -> None:
        """A scroll bar only for a document known not to fit: "as needed" would lay every document out twice."""
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if overflowing else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def show_html(self, html: str) -> None:
        """Replace the document only when it changed, keeping the scroll position."""
        if html == self.html:
            return
        scrolled = self.verticalScrollBar().value()
        self.setHtml(html)
        self.html = html
        self.verticalScrollBar().setValue(scrolled)

    def link_at(self, point: QPointF) -> str:
        spot = point.toPoint()
        return self.anchorAt(spot) or link_in(self.document(), self.cursorForPosition(spot).position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        href = self.link_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else ""
        if href:
            self.tapped.emit(href)


class FittedPage(DocumentView):
    """The inject, in the largest type (up to the room's setting) at which it fits without scrolling.

    The scale is searched from the last inject's (injects run to similar lengths), so a
    delivery usually costs one layout, and sizes stay steady from one inject to the next.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.viewport().setMouseTracking(True)
        self.fit = 1.0
        self.floor = 0.0  # the least ``fit`` allowed: after Bigger text, never smaller type than before
        self._full = ""  # the document at full size that ``fit`` was found for
        self._kinds: dict[str, float] = {}  # the scale last found for each kind of screen
        self._room = 0  # the viewport's height that ``fit`` was found for
        self._last: tuple[Callable[[float], str], str] | None = None

    def show_scaled(self, render: Callable[[float], str], kind: str = "") -> None:
        """Show ``render(fit)``, where ``render`` makes the document with its type scaled by ``fit``.

        The search starts from the scale last found for the same ``kind`` of screen: an inject
        is more like the last inject than like the reveal shown in between.
        """
        full, room = render(1.0), max(self.viewport().height(), 1)
        self._last = (render, kind)
        if full == self._full and room == self._room:
            self.show_html(render(self.fit))
            return
        self._full, self._room = full, room
        lowest = max(MIN_FIT, self.floor)
        fit = max(self._kinds.get(kind, self.fit), lowest)
        height = self._height_at(render, fit)
        better = next_fit(fit, height, room)
        if height > room:
            while height > room and fit > lowest:
                fit = max(lowest, min(better, round(fit - STEP, 2)))
                height = self._height_at(render, fit)
                better = next_fit(fit, height, room)
        elif better >= fit + GROW:
            if self._height_at(render, better) <= room:
                fit = better
            else:
                self._height_at(render, fit)
        self.fit = self._kinds[kind] = fit
        self.scroll_when(height > room)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit again when the page's own height shrinks under the inject (a taller header above it, say)."""
        super().resizeEvent(event)
        room = max(self.viewport().height(), 1)
        if self._last is not None and room < self._room and self.document().size().height() > room:
            self.show_scaled(*self._last)  # only when the inject no longer fits; growing room is the window's call

    def _height_at(self, render: Callable[[float], str], fit: float) -> float:
        self.show_html(render(fit))
        return self.document().size().height()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        over = bool(self.link_at(event.position()))
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)


class TilesView(DocumentView):
    """The strip of team tiles; it scrolls only when there are more teams than two fifths of the window holds.

    While voting runs, each answer turns one tile from "waiting" to "answered": those words
    are changed in place, since making the whole document again costs some 20 ms at 200 teams.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)  # every tile is a target
        self.document().setUndoRedoEnabled(False)  # edits in place are no one's to undo, and would pile up
        self.strip: Strip | None = None

    def show_strip(self, strip: Strip) -> None:
        """Show ``strip``: by changing the words of the tiles that changed, or else as a new document."""
        if strip.html == self.html:
            self.strip = strip
            return
        edits = strip.edits_from(self.strip)
        if edits is None or not self._edit(edits, strip.columns):
            self.show_html(strip.html)
        self.html, self.strip = strip.html, strip

    def show_html(self, html: str) -> None:
        super().show_html(html)
        self.strip = None  # a document that did not come from a strip: the next strip is drawn anew

    def _edit(self, edits: list[tuple[int, str, str]], columns: int) -> bool:
        """Replace each tile's old words by its new ones and repaint those rows; False if the document differs.

        WORKAROUND: after any change inside a table, Qt's document layout asks for the whole
        document to be repainted (an unbounded rectangle), which at 200 teams costs more than
        the edit. Its signals are held during the edit, and only the rows edited are repainted;
        if the document's size changed (a tile's words wrapped), the caller makes it anew.
        """
        document = self.document()
        rows = document.rootFrame().childFrames()  # a table per row of tiles
        layout, size = document.documentLayout(), document.size()
        cursor = QTextCursor(document)
        edited: list[QTextTable] = []
        layout.blockSignals(True)
        cursor.beginEditBlock()  # one layout pass for every edit
        try:
            for number, old, new in edits:
                row = rows[number // columns] if number // columns < len(rows) else None
                if not isinstance(row, QTextTable) or row.columns() != columns:
                    return False
                cell = row.cellAt(0, number % columns)
                cursor.setPosition(cell.lastPosition())
                cursor.setPosition(cell.lastPosition() - len(old), QTextCursor.MoveMode.KeepAnchor)
                if cursor.selectedText() != old:
                    return False
                cursor.insertText(new)
                edited.append(row)
        finally:
            cursor.endEditBlock()
            layout.blockSignals(False)
        if document.size() != size:
            return False
        offset = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        for row in edited:
            self.viewport().update(layout.frameBoundingRect(row).toAlignedRect().translated(-offset))
        return True
