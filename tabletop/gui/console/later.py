"""The pieces of the console built after the start page, and their controls meanwhile.

The run and debrief pages, the help overlay, the presenter's switch and the room's controls
are built once the start page has its library and sessions. Until then a control whose
slots are on those pieces has a stand-in slot: used early, it builds them and is used again,
so a key pressed in the first moments does what it says instead of nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

# Controls whose slots are all on the pieces built later (pages, presenter, room).
LATER = (
    "deliver", "note", "adhoc", "export", "refresh_preview", "save_hotwash", "settle_tie", "room",
    "presenter", "norm_lens", "stage_summary", "high_contrast", "presenter_bigger", "presenter_smaller",
)  # fmt: skip


class BuiltLater(QObject):
    """Builds the later pieces once: when asked (``complete``) or when one of their controls is used."""

    def __init__(self, actions: dict[str, QAction], build: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._build: Callable[[], None] | None = build
        self._early = {name: partial(self._on_early_triggered, actions[name]) for name in LATER}
        for name, slot in self._early.items():
            actions[name].triggered.connect(slot)

    @property
    def built(self) -> bool:
        return self._build is None

    def complete(self) -> None:
        """Build them now, unless they are built already."""
        if self._build is None:
            return
        build, self._build = self._build, None
        for name, slot in self._early.items():
            self._actions[name].triggered.disconnect(slot)
        build()

    def _on_early_triggered(self, action: QAction) -> None:
        was_switch, checked = action.isCheckable(), action.isChecked()  # as the use has left it
        self.complete()  # the pieces made now may make it a switch, and set it from the settings
        if was_switch:  # put back as it was, so using it again makes the same change
            action.blockSignals(True)
            action.setChecked(not checked)
            action.blockSignals(False)
        action.trigger()  # to the slots just connected; this stand-in is gone
