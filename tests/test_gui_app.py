"""Starting the console: what is imported before the first paint, the command line, and the emit fix."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject

from tabletop.gui.signals import Signal, emit_leaks_true

GUI = Path(__file__).parent.parent / "tabletop" / "gui"
HEAVY = {"sqlite_utils", "jinja2", "markdown", "nh3", "tabletop.storage", "tabletop.reports"}

FIRST_PAINT = """
import json, sys
from tabletop.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def console(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TABLETOP_DB": str(tmp_path / "t.db"), **env}
    return subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, *args], env=environment, capture_output=True, text=True, timeout=60
    )


def test_the_console_paints_before_opening_the_database_or_the_reports(tmp_path: Path) -> None:
    result = console(tmp_path=tmp_path, TABLETOP_EXIT_AFTER_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint ")
    report = json.loads(lines[-1])
    assert report["status"] == 0
    assert not HEAVY & set(report["modules"])
    assert not (tmp_path / "t.db").exists()


def test_presenter_flag_and_resume_are_accepted(tmp_path: Path) -> None:
    result = console(
        "--presenter", "--resume", "latest", tmp_path=tmp_path,
        TABLETOP_EXIT_AFTER_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["status"] == 0


def test_without_a_display_the_console_says_so_instead_of_aborting(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "tabletop"], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "no display" in result.stderr
    assert "Traceback" not in result.stderr


class Chatty(QObject):
    said = Signal(object)


def test_emitting_from_python_does_not_wear_out_true() -> None:
    """PySide6 6.12 drops a reference to True on every emit; tabletop.gui.signals gives it back."""
    chatty = Chatty()
    chatty.said.connect(lambda value: None)
    before = sys.getrefcount(True)
    for _ in range(5000):
        chatty.said.emit([])
    assert sys.getrefcount(True) >= before
    assert not emit_leaks_true()


def test_every_gui_signal_comes_from_the_fixed_module() -> None:
    for path in GUI.glob("*.py"):
        if path.name == "signals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
                names = {alias.name for alias in node.names}
                assert "Signal" not in names, f"{path.name}: import Signal from tabletop.gui.signals"
