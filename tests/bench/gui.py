"""Benchmark of the console: cold start to a usable console, against a bare PySide6 window's first paint.

Both sides are fresh processes on the offscreen platform. Ours is ``tabletop`` as a user
starts it, until the start page has the library and the sessions listed from the database
(a few sessions made beforehand with ``tabletop new``) and has painted them: the console
prints the time then and quits (TABLETOP_EXIT_WHEN_USABLE). The floor prints the time of
its first paintEvent and quits. Runs are interleaved so both meet the same machine noise,
and the floor window has the console's size so both paint the same number of pixels.
Byte-code is cached (in a temporary folder) as an installed copy would have it: with
PYTHONDONTWRITEBYTECODE set, every run would compile the console's modules from source.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 11
BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

class Window(QWidget):
    painted = False

    def paintEvent(self, event):
        if not self.painted:
            self.painted = True
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)

app = QApplication([])
window = Window()
window.resize(1366, 768)
window.show()
app.exec()
"""


def _console_command() -> list[str]:
    """``tabletop`` as a user starts it: the installed script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "tabletop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tabletop"]


def _until(marker: str, command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before the process starts to the line it prints starting with ``marker``."""
    start = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)
    stamps = [line.split()[1] for line in result.stdout.splitlines() if line.startswith(f"{marker} ")]
    if not stamps:
        raise RuntimeError(f"{command[0]} never printed {marker!r}:\n{result.stderr}")
    return float(stamps[0]) - start


def _sessions(command: list[str], env: dict[str, str]) -> None:
    """A few sessions in the database, as a facilitator's laptop has (not timed)."""
    for name in ("Monday drill", "Tuesday course", "Board rehearsal"):
        new = [*command, "new", "first-call", "--teams", "Red,Blue,Green", "--name", name]
        subprocess.run(new, env=env, capture_output=True, text=True, timeout=60, check=True)


def bench_cold_start() -> tuple[float, float]:
    """Median seconds: to a usable console (ours), to a bare PySide6 window's first paint (floor)."""
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache"),
            "QT_QPA_PLATFORM": "offscreen",
            "TABLETOP_EXIT_WHEN_USABLE": "1",
            "TABLETOP_DB": str(Path(folder) / "bench.db"),
        }
        bare = [sys.executable, "-c", BARE]
        ours_command = _console_command()
        _sessions(ours_command, env)
        _until("first-paint", bare, env)  # warm the disk cache for both before timing
        _until("usable", ours_command, env)
        ours, floor = [], []
        for _ in range(RUNS):
            floor.append(_until("first-paint", bare, env))
            ours.append(_until("usable", ours_command, env))
    return statistics.median(ours), statistics.median(floor)


if __name__ == "__main__":
    ours, floor = bench_cold_start()
    print(f"console usable {ours:.3f}s, bare window painted {floor:.3f}s, ratio {ours / floor:.2f}")
