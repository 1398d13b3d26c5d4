"""PDF through Qt's rich-text engine (QTextDocument + QPdfWriter): the one module outside gui/ to use PySide6.

It works without a display: with no running Qt application, one is created on the
offscreen platform just for the layout. Pages are laid out at 96 dots per inch, as on
screen, and drawn one by one so each gets a footer with the report's title and page number.
"""

from __future__ import annotations

import os
from typing import Any

LAYOUT_DPI = 96
FOOTER = 26
_APP: Any = None


def _ensure_application() -> None:
    global _APP
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    if QCoreApplication.instance() is not None:
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QGuiApplication(["tabletop"])


def html_to_pdf(html: str, title: str) -> bytes:
    """An A4 PDF of ``html``: tables keep their header rows on every page, sections start new pages."""
    _ensure_application()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(16, 14, 16, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("Tabletop")
    area = writer.pageLayout().paintRectPixels(LAYOUT_DPI)
    width, height = area.width(), area.height() - FOOTER

    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Serif", 10))
    document.setPageSize(QSizeF(width, height))
    document.setHtml(html)
    pages = document.pageCount()

    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 7))
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(0, -page * height)
        document.drawContents(painter, QRectF(0, page * height, width, height))
        painter.restore()
        footer = QRectF(0, height + 6, width, FOOTER - 6)
        painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
        painter.drawText(footer, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         f"page {page + 1} of {pages}")  # fmt: skip
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())
