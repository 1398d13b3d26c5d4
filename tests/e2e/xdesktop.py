"""A real X server for the end-to-end tests: Xvfb, xdotool to press and click, ImageMagick to look.

Missing tools fail the test with the packages to install: a skipped test would hide a
broken feature just as well as a passing one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
MAGICK = ("import", "convert", "compare", "identify")
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", **dict.fromkeys(MAGICK, "imagemagick")}
APT = (
    "apt-get install -y xvfb xdotool imagemagick libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 "
    "libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1"
)


def require_tools() -> None:
    """Fail, naming the packages, when a tool the X tests need is not installed."""
    missing = sorted({package for tool, package in TOOLS.items() if shutil.which(tool) is None})
    if missing:
        pytest.fail(f"the X server tests need {', '.join(missing)}; install them with: {APT}", pytrace=False)


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """A fresh X server of one screen on a free display number; yields the DISPLAY value."""
    require_tools()
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
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


def wait_for(condition: Callable[[], object], what: str, seconds: float = 20) -> None:
    """Poll until ``condition`` holds: the app works at its own pace, the test only watches."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Desktop:
    """Starts Tabletop on a display and drives it as a person would: keys, clicks, then a look."""

    def __init__(self, display: str, home: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        self.db = home / "tabletop.db"
        self.env.update(
            DISPLAY=display,
            TABLETOP_DB=str(self.db),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
        )
        (home / "runtime").mkdir(mode=0o700, exist_ok=True)
        self.apps: list[subprocess.Popen[str]] = []

    def command(self, *args: str) -> list[str]:
        script = Path(sys.executable).parent / "tabletop"
        return [*([str(script)] if script.exists() else [sys.executable, "-m", "tabletop"]), *args]

    def launch(self, *args: str) -> subprocess.Popen[str]:
        pipe = subprocess.PIPE
        app = subprocess.Popen(self.command(*args), env=self.env, stdout=pipe, stderr=pipe, text=True)
        self.apps.append(app)
        return app

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20)
        if result.returncode:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def window(self, title: str) -> str:
        """Wait for a visible window whose title matches the regular expression."""
        return self.xdotool("search", "--sync", "--onlyvisible", "--name", title).splitlines()[0]

    def visible(self, title: str) -> bool:
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=self.env,
                                capture_output=True, text=True, timeout=20)  # fmt: skip
        return bool(result.stdout.strip())

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window on the screen."""
        values = dict(line.split("=") for line in self.xdotool("getwindowgeometry", "--shell", window).splitlines())
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def focus(self, window: str) -> None:
        """Raise a window and give it the keyboard, as a window manager would on a click."""
        self.xdotool("windowraise", window)
        self.xdotool("windowfocus", "--sync", window)

    def title(self, window: str) -> str:
        return self.xdotool("getwindowname", window)

    def wait_title(self, window: str, wanted: str, seconds: float = 20) -> str:
        """The window's title once it is ``wanted``, or whatever it is when time runs out."""
        deadline = time.monotonic() + seconds
        while (title := self.title(window)) != wanted and time.monotonic() < deadline:
            time.sleep(0.1)
        return title

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.xdotool("key", "--delay", "60", key)
            time.sleep(0.25)  # the app redraws between a person's key presses; so do we

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def click(self, window: str, x: int, y: int) -> None:
        self.xdotool("mousemove", "--window", window, str(x), str(y), "click", "1")

    def shot(self, name: str, window: str = "root") -> Path:
        time.sleep(0.4)  # let the last repaint reach the X server
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        subprocess.run(["import", "-window", window, str(path)], env=self.env, check=True, timeout=30)
        return path

    def events(self, kind: str) -> int:
        """How many events of a kind the session database holds (the app commits each before showing it)."""
        if not self.db.exists():
            return 0
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM events WHERE kind = ?", (kind,)).fetchone()[0])

    def close_all(self) -> list[str]:
        errors = []
        for app in self.apps:
            if app.poll() is None:
                app.terminate()
            _, err = app.communicate(timeout=20)
            errors.append(err)
        return errors


def column(path: Path, x: int) -> list[str]:
    """The colours (#RRGGBB) down one column of pixels of a screenshot."""
    result = subprocess.run(["convert", str(path), "-crop", f"1x100000+{x}+0", "+repage", "txt:-"],
                            capture_output=True, text=True, check=True, timeout=30)  # fmt: skip
    return [line.split()[2][:7].upper() for line in result.stdout.splitlines()[1:]]


def row(path: Path, y: int) -> list[str]:
    result = subprocess.run(["convert", str(path), "-crop", f"100000x1+0+{y}", "+repage", "txt:-"],
                            capture_output=True, text=True, check=True, timeout=30)  # fmt: skip
    return [line.split()[2][:7].upper() for line in result.stdout.splitlines()[1:]]


def runs(colours: list[str], wanted: str, gap: int = 2) -> list[tuple[int, int]]:
    """Stretches (first, last) of a colour along a line of pixels, bridging gaps up to ``gap`` pixels (text)."""
    found: list[tuple[int, int]] = []
    for index, colour in enumerate(colours):
        if colour != wanted.upper():
            continue
        if found and index - found[-1][1] <= gap + 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


def option_a(shot: Path) -> tuple[int, int] | None:
    """The middle of option A's letter on the presenter, once a team is picked and the letters light up for it."""
    from tabletop.gui.presenter.html import LIGHT

    found = runs(column(shot, 45), LIGHT.selected)
    if not found:
        return None
    top, bottom = found[0]
    y = (top + bottom) // 2
    left, right = runs(row(shot, y), LIGHT.selected)[0]
    return (left + right) // 2, y


def brightness(path: Path, crop: str = "") -> float:
    """Mean brightness of a screenshot, or of the part ``crop`` (ImageMagick geometry) names."""
    region = ["-crop", crop, "+repage"] if crop else []
    result = subprocess.run(
        ["convert", str(path), *region, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return float(result.stdout)


def differing(first: Path, second: Path) -> float:
    """The share of pixels that differ between two screenshots of one size (anti-aliasing forgiven)."""
    result = subprocess.run(["compare", "-metric", "AE", "-fuzz", "12%", str(first), str(second), "null:"],
                            capture_output=True, text=True, timeout=30)  # fmt: skip
    if result.returncode not in (0, 1):  # 2: the images could not be compared (say, sizes differ)
        return 1.0
    count = float(result.stderr.split()[0])
    size = subprocess.run(["identify", "-format", "%w %h", str(first)], capture_output=True, text=True,
                          check=True, timeout=30).stdout.split()  # fmt: skip
    return count / (int(size[0]) * int(size[1]))
