"""The console as a person meets it: a real X server (Xvfb), real key presses (xdotool), screenshots.

Slow, and needs Xvfb, xdotool and ImageMagick's ``import``/``convert`` (it fails, naming the
packages, when they are missing: a skip would hide a broken console); it starts its own X
server. Screenshots land in ``artifacts/screenshots/`` (git-ignored) for a person to look at.
Run it with ``python -m pytest -m slow tests/e2e``.

There is no window manager, so nothing gives a new window the keyboard: the test hands it
over with ``xdotool windowfocus`` where a window manager would have.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from xdesktop import Desktop, brightness, xvfb

pytestmark = pytest.mark.slow


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X server, 1366x768 like a common laptop."""
    with xvfb(1366, 768) as number:
        yield number


def opened(desktop: Desktop, title: str) -> str:
    """Wait for a window and give it the keyboard, as a window manager would."""
    window = desktop.window(title)
    desktop.focus(window)
    return window


def test_console_opens_runs_and_resumes_under_x(display: str, tmp_path: Path) -> None:
    desktop = Desktop(display, tmp_path)
    try:
        first = desktop.launch()
        main = opened(desktop, "^Tabletop$")
        assert desktop.title(main) == "Tabletop"
        # The help card covers the middle (and grows with the shortcuts); the margin beside it shows the dimming.
        margin = "96x768+0+0"
        plain = brightness(desktop.shot("01-library"), margin)

        desktop.keys("F1")
        assert brightness(desktop.shot("02-help"), margin) < plain * 0.8  # the overlay dims the window
        desktop.keys("Escape")
        desktop.keys("question")  # Shift+/ on this keyboard, as a person types '?'
        assert brightness(desktop.shot("02b-help-by-question-mark"), margin) < plain * 0.8
        desktop.keys("Escape")

        desktop.keys("ctrl+n")
        opened(desktop, "^New session")
        desktop.type("Xvfb drill")
        desktop.shot("02c-new-session")
        desktop.keys("Return")
        expected = "Tabletop — Already Inside — Xvfb drill"  # the first scenario in the library
        assert desktop.wait_title(main, expected) == expected
        desktop.focus(main)
        desktop.keys("F9", "F6", "alt+1")
        opened(desktop, "^Record Red")
        desktop.keys("alt+a", "Return")
        desktop.focus(main)
        desktop.keys("ctrl+m")
        desktop.type("A note typed under X")
        desktop.keys("Return")
        desktop.shot("03-run-view")
        desktop.keys("ctrl+m", "ctrl+e")  # in the note field, whose X11 bindings claim Ctrl+E for "end of line"
        revise = opened(desktop, "^Revise Red")  # Red answered above
        desktop.focus(revise)
        desktop.keys("Escape")
        desktop.focus(main)
        desktop.keys("ctrl+q")
        assert first.wait(timeout=20) == 0

        second = desktop.launch("--resume", "latest")
        main = opened(desktop, "^Tabletop — ")
        assert desktop.wait_title(main, expected) == expected
        desktop.shot("04-resumed")
        desktop.keys("ctrl+2")
        desktop.shot("05-debrief")

        third = desktop.launch("--resume", "latest")  # a second copy while the session is open
        warning = opened(desktop, "^Session open elsewhere")
        desktop.shot("06-session-in-use")
        desktop.focus(warning)
        desktop.keys("Return")
        other = opened(desktop, "^Tabletop$")
        desktop.keys("ctrl+q")
        assert third.wait(timeout=20) == 0
        assert other
        desktop.focus(main)
        desktop.keys("ctrl+q")
        assert second.wait(timeout=20) == 0
    finally:
        errors = desktop.close_all()
    for error in errors:
        assert "Traceback" not in error, error
