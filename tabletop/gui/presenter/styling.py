"""The presenter's labels in the room's colours and at the room's type size.

Palettes rather than a style sheet: a style sheet would send every repaint of the documents
through Qt's style-sheet engine, which costs about as much as the painting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette

from tabletop.gui.presenter.html import FONT

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QWidget

    from tabletop.gui.presenter.html import Look, Palette


def palette(background: str, text: str) -> QPalette:
    found = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        found.setColor(role, QColor(background))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        found.setColor(role, QColor(text))
    return found


def restyle(window: Any, look: Look) -> None:
    """Give the presenter window's widgets the theme's colours and the look's type sizes."""
    colours = look.palette
    plain = palette(colours.background, colours.text)
    # Each widget gets its own: under the console's style sheet, children do not inherit a palette.
    for widget in (window, window.stage, window.clock, window.join_code, window.main, window.main.viewport(),
                   window.teams, window.teams.viewport()):  # fmt: skip
        widget.setPalette(plain)
    window.setAutoFillBackground(True)
    window.feedback.setPalette(palette(colours.background, colours.muted))
    window.paused.setPalette(palette(colours.warning, colours.background))
    window.paused.setAutoFillBackground(True)
    sizes = ((window.stage, 0.8), (window.countdown, 1.2), (window.clock, 0.8), (window.paused, 0.8),
             (window.feedback, 0.75), (window.reason, 0.75), (window.join_code, 1.0))  # fmt: skip
    for label, factor in sizes:
        _size(
            label,
            look,
            factor,
            mono=label in (window.countdown, window.clock, window.join_code),
            bold=label not in (window.feedback, window.reason),
        )
    window.paused.setMargin(look.px(0.15))
    window.countdown.setMargin(look.px(0.1))


def _size(label: QWidget, look: Look, factor: float, *, mono: bool, bold: bool) -> None:
    font = QFont("DejaVu Sans Mono" if mono else FONT)
    font.setPixelSize(look.px(factor))
    font.setBold(bold)
    label.setFont(font)
    label.setMinimumHeight(QFontMetrics(font).height())  # an empty line keeps its place: nothing jumps


def colour_countdown(label: QLabel, colours: Palette, urgency: str) -> None:
    background, text = {
        "urgent": (colours.urgent, "#FFFFFF"),
        "warning": (colours.background, colours.warning),
        "calm": (colours.background, colours.text),
    }[urgency]
    label.setPalette(palette(background, text))
    label.setAutoFillBackground(urgency == "urgent")
