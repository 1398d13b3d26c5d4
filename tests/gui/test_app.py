"""Starting the console: what is imported before the first paint, the command line, and the emit fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tabletop.core.library import builtin_files

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


def test_the_console_says_when_it_is_usable_library_database_and_sessions(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "tabletop", "new", "first-call", "--teams", "Red,Blue", "--name", "Monday drill"],
        env={**os.environ, "TABLETOP_DB": str(tmp_path / "t.db")}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = console(tmp_path=tmp_path, TABLETOP_EXIT_WHEN_USABLE="1", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    usable = result.stdout.splitlines()[0].split()
    assert usable[0] == "usable"
    assert int(usable[2]) >= len(builtin_files())  # the library listed on the page (the user's own files too)
    assert usable[3:] == ["scenarios", "1", "sessions"]  # and the session in the database


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
    assert "tabletop demo" in result.stderr
    assert "Traceback" not in result.stderr


WEAR = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Chatty(QObject):
    said = Signal(object)

app = QApplication([])
label, chatty, listener = QLabel(), Chatty(), Chatty()
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20_000):  # None starts with ~5,000 references: a binding that drops one per call dies here
    label.setText("x")
    label.setVisible(False)
    chatty.said.connect(listener.said)
    chatty.said.emit([])
    chatty.said.disconnect(listener.said)
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_the_qt_binding_keeps_its_references_to_none_true_and_false() -> None:
    """PySide6 6.12.0 dropped a reference to None on each call returning nothing, and True on
    each emit, so a long session aborted ("none_dealloc"); pyproject.toml excludes it and this
    catches any release that brings the fault back."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", WEAR], env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    drift_none, drift_true = (int(word) for word in result.stdout.split())
    assert abs(drift_none) < 100, f"None lost {-drift_none} references in 20,000 calls"
    assert abs(drift_true) < 100, f"True lost {-drift_true} references in 20,000 calls"


def test_room_flags_open_the_room_and_print_where_phones_join(tmp_path: Path) -> None:
    import http.client
    import re
    import signal

    from room_support import free_port

    environment = {**os.environ, "TABLETOP_DB": str(tmp_path / "t.db"), "QT_QPA_PLATFORM": "offscreen",
                   "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    made = subprocess.run([sys.executable, "-m", "tabletop", "new", "first-call", "--team", "Red", "--team", "Blue"],
                          env=environment, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert made.returncode == 0, made.stderr
    port = free_port()
    command = [sys.executable, "-m", "tabletop", "--resume", "latest", "--room", "--room-host", "127.0.0.1",
               "--room-port", str(port)]  # fmt: skip
    app = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        line = app.stdout.readline().strip()
        found = re.fullmatch(r"room: (http://127\.0\.0\.1:(\d+)/) code: ([A-Z0-9]{6})", line)
        assert found, line
        assert int(found.group(2)) == port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
        page = conn.getresponse()
        assert page.status == 200
        assert b"Red" in page.read()
        conn.close()
    finally:
        app.send_signal(signal.SIGTERM)
        _, errors = app.communicate(timeout=20)
    assert "Traceback" not in errors


def test_room_host_and_port_without_room_are_refused_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "tabletop", "--room-port", "9000"], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "TABLETOP_DB": str(tmp_path / "t.db")})  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "tabletop: --room-host and --room-port go with --room"
