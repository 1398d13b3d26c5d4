"""The console as a person meets it: a real X server (Xvfb), real key presses (xdotool), screenshots.

Slow, and needs Xvfb, xdotool and ImageMagick's ``import``/``convert`` (it fails, naming the
packages, when they are missing: a skip would hide a broken console); it starts its own X
server. Screenshots land in ``artifacts/screenshots/`` (git-ignored) for a person to look at.
Run it with ``python -m pytest -m slow tests/e2e``.

There is no window manager, so nothing gives a new window the keyboard: the test hands it
over with ``xdotool windowfocus`` where a window manager would have.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xdesktop import require_tools

ROOT = Path(__file__).parent.parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.slow


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X server on a free display number, 1366x768 like a common laptop."""
    require_tools()
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Desktop:
    """Starts the console and drives it the way a person would: keys, then a look."""

    def __init__(self, display: str, home: Path) -> None:
        self.env = {
            key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        self.env.update(
            DISPLAY=display,
            TABLETOP_DB=str(home / "tabletop.db"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
        )
        (home / "runtime").mkdir(mode=0o700)
        self.apps: list[subprocess.Popen[str]] = []

    def launch(self, *args: str) -> subprocess.Popen[str]:
        script = Path(sys.executable).parent / "tabletop"
        command = [str(script)] if script.exists() else [sys.executable, "-m", "tabletop"]
        app = subprocess.Popen(
            [*command, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.apps.append(app)
        return app

    def xdotool(self, *args: str, timeout: float = 20) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )
        return result.stdout.strip()

    def window(self, title: str) -> str:
        """Wait for a window whose title matches the regular expression; give it the keyboard."""
        window = self.xdotool("search", "--sync", "--onlyvisible", "--name", title).splitlines()[0]
        self.xdotool("windowfocus", "--sync", window)
        return window

    def title(self, window: str) -> str:
        return self.xdotool("getwindowname", window)

    def wait_title(self, window: str, wanted: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while (title := self.title(window)) != wanted and time.monotonic() < deadline:
            time.sleep(0.1)
        return title

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.xdotool("key", "--delay", "60", key)
            time.sleep(0.25)  # the console redraws between a person's key presses; so do we

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def shot(self, name: str) -> Path:
        time.sleep(0.4)  # let the last repaint reach the X server
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        return path

    def close_all(self) -> list[str]:
        errors = []
        for app in self.apps:
            if app.poll() is None:
                app.terminate()
            _, err = app.communicate(timeout=20)
            errors.append(err)
        return errors


def brightness(path: Path, crop: str = "") -> float:
    """Mean brightness of a screenshot, or of the part ``crop`` (ImageMagick geometry) names."""
    region = ["-crop", crop, "+repage"] if crop else []
    result = subprocess.run(
        ["convert", str(path), *region, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return float(result.stdout)


def test_console_opens_runs_and_resumes_under_x(display: str, tmp_path: Path) -> None:
    desktop = Desktop(display, tmp_path)
    try:
        first = desktop.launch()
        main = desktop.window("^Tabletop$")
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
        desktop.window("^New session")
        desktop.type("Xvfb drill")
        desktop.shot("02c-new-session")
        desktop.keys("Return")
        expected = "Tabletop — Below the Threshold — Xvfb drill"
        assert desktop.wait_title(main, expected) == expected
        desktop.xdotool("windowfocus", "--sync", main)
        desktop.keys("F9", "F6", "alt+1")
        desktop.window("^Record Red")
        desktop.keys("alt+a", "Return")
        desktop.xdotool("windowfocus", "--sync", main)
        desktop.keys("ctrl+m")
        desktop.type("A note typed under X")
        desktop.keys("Return")
        desktop.shot("03-run-view")
        desktop.keys("ctrl+e")  # still in the note field, whose X11 bindings claim Ctrl+E for "end of line"
        revise = desktop.window("^Revise Red")  # Red answered above
        desktop.xdotool("windowfocus", "--sync", revise)
        desktop.keys("Escape")
        desktop.xdotool("windowfocus", "--sync", main)
        desktop.keys("ctrl+q")
        assert first.wait(timeout=20) == 0

        second = desktop.launch("--resume", "latest")
        main = desktop.window("^Tabletop — ")
        assert desktop.wait_title(main, expected) == expected
        desktop.shot("04-resumed")
        desktop.keys("ctrl+2")
        desktop.shot("05-debrief")

        third = desktop.launch("--resume", "latest")  # a second copy while the session is open
        warning = desktop.window("^Session open elsewhere")
        desktop.shot("06-session-in-use")
        desktop.xdotool("windowfocus", "--sync", warning)
        desktop.keys("Return")
        other = desktop.window("^Tabletop$")
        desktop.keys("ctrl+q")
        assert third.wait(timeout=20) == 0
        assert other
        desktop.xdotool("windowfocus", "--sync", main)
        desktop.keys("ctrl+q")
        assert second.wait(timeout=20) == 0
    finally:
        errors = desktop.close_all()
    for error in errors:
        assert "Traceback" not in error, error
