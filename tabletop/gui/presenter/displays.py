"""Which display the presenter goes to: a pure choice over plain descriptions of the screens.

Kept free of Qt so the rule can be tested without a second monitor; the presenter window
describes ``QGuiApplication.screens()`` with ``ScreenInfo`` and asks again whenever a
screen is plugged in or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    x: int
    y: int
    width: int
    height: int
    primary: bool = False

    @property
    def area(self) -> int:
        return self.width * self.height


def choose_screen(screens: Sequence[ScreenInfo], console: ScreenInfo | None) -> ScreenInfo | None:
    """The display to fill with the presenter, or None to show it as an ordinary window.

    Any display but the console's will do; a secondary one beats the primary (the projector
    is rarely the primary), then the larger one, then the name, so the choice is stable.
    With a single display there is nothing to fill: covering the console would hide it.
    """
    others = [screen for screen in screens if console is None or screen.name != console.name]
    if len(screens) < 2 or not others:
        return None
    return min(others, key=lambda screen: (screen.primary, -screen.area, screen.name))
