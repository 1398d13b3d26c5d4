"""PDF through Qt's rich-text engine (QTextDocument + QPdfWriter): the one module outside gui/ to use PySide6.

It works without a display: with no running Qt application, one is created on the
offscreen platform just for the layout. Pages are laid out at 96 dots per inch, as on
screen. The report comes as parts (a cover, then one part per section), and each part is
laid out in a document of its own: layout stays linear in the size of the report, every
section starts a page, and the contents page can give each section's page number before
a page is drawn. Each page is drawn once, as a slice of its part, with a footer giving the
report's title and the page number.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

LAYOUT_DPI = 96
FOOTER = 26
_APP: Any = None
# A run of this many characters with no space gets a break opportunity every BREAK_EVERY of them:
# Qt sizes a table column by its widest word, so one long word would push the table off the page.
LONG_WORD = 20
BREAK_EVERY = 10
_LONG_RUN = re.compile(rf"[^\s<>&;\u200b]{{{LONG_WORD},}}")
_TEXT = re.compile(r">([^<]+)<")
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True)
class Book:
    """What a PDF is made of: each part's HTML body (no <html> wrapper) and the style sheet they share.

    ``contents`` renders the contents page from the first page of each section, or is None
    for a short document with no contents page (the brief).
    """

    title: str
    css: str
    cover: str
    sections: Sequence[str]
    contents: Callable[[Sequence[int]], str] | None = None


def _ensure_application() -> None:
    global _APP
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    if QCoreApplication.instance() is not None:
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QGuiApplication(["tabletop"])


def breakable(html: str) -> str:
    """HTML whose long words have break opportunities (zero-width spaces), tags and entities untouched."""
    return _TEXT.sub(lambda m: ">" + _LONG_RUN.sub(_break_word, m.group(1)) + "<", html)


def _break_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return ZERO_WIDTH_SPACE.join(word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))


def book_to_pdf(book: Book) -> bytes:
    """An A4 PDF of the book: the cover, the contents (when there is one), then each section from a new page."""
    _ensure_application()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(16, 14, 16, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(book.title)
    writer.setCreator("Tabletop")
    area = writer.pageLayout().paintRectPixels(LAYOUT_DPI)
    pager = _Pager(book.css, area.width(), area.height() - FOOTER)
    parts = [pager.part(book.cover)] + [pager.part(section) for section in book.sections]
    if book.contents is not None:
        parts.insert(1, _contents(pager, book.contents, parts))
    pager.draw(writer, parts, book.title)
    buffer.close()
    return bytes(buffer.data().data())


def _contents(pager: _Pager, contents: Callable[[Sequence[int]], str], parts: list[_Part]) -> _Part:
    """The contents page, laid out again if its own length moves the page numbers it gives."""
    length = 1
    while True:
        first = first_pages(parts, length)
        part = pager.part(contents(first))
        if part.pages == length:
            return part
        length = part.pages


def first_pages(parts: Sequence[_Part], contents_pages: int) -> list[int]:
    """The page number each section starts on, with the cover first and the contents after it."""
    page = 1 + parts[0].pages + contents_pages
    first = []
    for part in parts[1:]:
        first.append(page)
        page += part.pages
    return first


def keep_together(document: Any, height: float) -> None:
    """Start a new page before each heading or caption that would end a page, and keep the last block company.

    Qt's rich text has no ``page-break-after: avoid``: the page breaks are found after the layout,
    and each fix is a page break before a block, which moves the rest of the part down. So
    headings are looked at in order, one layout each, and the part's last block last.
    """
    start = 0
    while (block := _stranded_heading(document, height, start)) is not None:
        _break_before(block)
        start = block.position() + 1
    closing = _lone_closing_line(document, height)
    if closing is not None:
        _break_before(closing)


def _items(document: Any) -> list[tuple[Any, float, float]]:
    """The top-level blocks and frames (tables) of the document, each with where its ink starts and ends.

    A block's lines are what Qt moves to the next page; its bounding rectangle stays where it was.
    """
    layout = document.documentLayout()
    items = []
    it = document.rootFrame().begin()
    while not it.atEnd():
        frame, block = it.currentFrame(), it.currentBlock()
        if frame is not None:
            rect = layout.frameBoundingRect(frame)
            items.append((frame, rect.top(), rect.bottom()))
        elif block.isValid() and block.text().strip() and block.layout().lineCount():
            top, lines = layout.blockBoundingRect(block).top(), block.layout()
            last = lines.lineAt(lines.lineCount() - 1)
            items.append((block, top + lines.lineAt(0).y(), top + last.y() + last.height()))
        it += 1
    return items


def _page(y: float, height: float) -> int:
    return int(y // height)


def _stranded_heading(document: Any, height: float, start: int) -> Any:
    """The first heading at or after ``start`` whose page ends before what follows it begins, if any."""
    from PySide6.QtGui import QTextBlock, QTextFormat

    for (item, top, bottom), (after, following, end) in itertools.pairwise(_items(document)):
        if not isinstance(item, QTextBlock) or item.position() < start or not _leads(item, after):
            continue
        already = item.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        # An image cannot split: if the two fill more than a page, moving the heading would not join them.
        fits = not isinstance(after, QTextBlock) or (bottom - top) + (end - following) < height
        if not already and fits and _page(top, height) < _page(following, height):
            return item
    return None


def _leads(block: Any, after: Any) -> bool:
    """A heading, or a table's caption (one line straight before a table): either belongs with what follows."""
    from PySide6.QtGui import QTextBlock

    return block.blockFormat().headingLevel() > 0 or (not isinstance(after, QTextBlock) and block.lineCount() == 1)


def _lone_closing_line(document: Any, height: float) -> Any:
    """The block before the part's last block, when the last block would be alone on the part's last page."""
    from PySide6.QtGui import QTextBlock

    items = _items(document)
    if len(items) < 2:
        return None
    (before, top, bottom), (_, last_top, last_bottom) = items[-2], items[-1]
    alone = _page(bottom - 1, height) < _page(last_top, height)
    if alone and isinstance(before, QTextBlock) and last_bottom - top < height / 2:
        return before
    return None


def _break_before(block: Any) -> None:
    from PySide6.QtGui import QTextCursor, QTextFormat

    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(fmt.pageBreakPolicy() | QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)


@dataclass
class _Part:
    document: Any
    pages: int


class _Pager:
    """Lays out each part as its own QTextDocument of page-sized pages, and draws the pages once each."""

    def __init__(self, css: str, width: float, height: float) -> None:
        self.css, self.width, self.height = css, width, height

    def part(self, body: str) -> _Part:
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QFont, QTextDocument, QTextOption

        document = QTextDocument()
        document.setDefaultFont(QFont("DejaVu Serif", 10))
        option = QTextOption()
        # Words break only at word boundaries, so a header never reads "Escalatio / n";
        # breakable() has already given every long word places to break.
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(option)
        document.setDefaultStyleSheet(self.css)
        document.setPageSize(QSizeF(self.width, self.height))
        document.setHtml(f"<html><body>{breakable(body)}</body></html>")
        keep_together(document, self.height)
        return _Part(document, self.used_pages(document))

    def used_pages(self, document: Any) -> int:
        """Pages that hold something: Qt's count, less a last page that only the empty block after a table reached."""
        layout = document.documentLayout()
        bottom = 0.0
        frames = document.rootFrame().childFrames()
        if frames:
            bottom = layout.frameBoundingRect(frames[-1]).bottom()
        block = document.lastBlock()
        while block.isValid() and not block.text().strip() and block.previous().isValid():
            block = block.previous()
        if block.isValid() and block.text().strip():
            bottom = max(bottom, layout.blockBoundingRect(block).bottom())
        used = int(max(bottom - 1, 0) // self.height) + 1
        return max(1, min(used, int(document.pageCount())))

    def draw(self, writer: Any, parts: Sequence[_Part], title: str) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QFont, QPainter

        total = sum(part.pages for part in parts)
        painter = QPainter(writer)
        painter.setFont(QFont("DejaVu Sans", 7))
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        number = 0
        for part in parts:
            for page in range(part.pages):
                if number:
                    writer.newPage()
                number += 1
                painter.save()
                painter.translate(0, -page * self.height)
                part.document.drawContents(painter, QRectF(0, page * self.height, self.width, self.height))
                painter.restore()
                footer = QRectF(0, self.height + 6, self.width, FOOTER - 6)
                painter.drawText(footer, left, title)
                painter.drawText(footer, right, f"page {number} of {total}")
        painter.end()
