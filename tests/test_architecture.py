"""Boundaries of DESIGN.md: who may import Qt, SQLite helpers, Jinja and Markdown."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "tabletop"
HEAVY = ("PySide6", "sqlite_utils", "jinja2", "markdown")


def imported_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return {name.split(".")[0] for name in json.loads(result.stdout)}


@pytest.mark.parametrize(
    "module",
    ["tabletop.core", "tabletop.cli", "tabletop.core.scenario", "tabletop.core.library", "tabletop.core.frameworks"],
)
def test_headless_modules_import_no_heavy_library(module: str) -> None:
    loaded = imported_after(f"import {module}")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_listing_the_library_stays_light() -> None:
    loaded = imported_after(
        "from tabletop.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['scenarios'])"
    )
    assert not loaded & set(HEAVY)


def top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


ALLOWED = {
    "PySide6": ("gui/", "reports/pdf.py"),
    "sqlite_utils": ("storage",),
    "jinja2": ("reports/",),
    "markdown": ("reports/",),
    "nh3": ("reports/",),
    "starlette": ("room/",),
    "uvicorn": ("room/",),
    "wsproto": ("room/",),
    "segno": ("gui/",),
}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_keeps_to_its_boundary(path: Path) -> None:
    relative = str(path.relative_to(PACKAGE))
    imports = top_level_imports(path)
    for library, homes in ALLOWED.items():
        if library in imports:
            assert relative.startswith(homes), f"{relative} imports {library}; only {homes} may"


def test_the_room_touches_neither_qt_nor_sqlite() -> None:
    """DESIGN.md: the room talks to the controller through the hub only (moves in, a safe view out)."""
    for path in (PACKAGE / "room").rglob("*.py"):
        source = path.read_text()
        assert not {"PySide6", "sqlite3", "sqlite_utils"} & top_level_imports(path), path
        assert "tabletop.gui" not in source, path
        assert "tabletop.storage" not in source, path


def test_core_uses_only_the_standard_library() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        outside = {name for name in top_level_imports(path) if name not in sys.stdlib_module_names}
        assert outside <= {"tabletop"}, (path, outside)


# -- the core is the only reader of the log ---------------------------------------------------

CODEC_USERS = ("storage/store.py", "storage/schema.py", "reports/data.py")  # the store, and the JSON debrief's raw log


def log_reads(source: str) -> list[str]:
    """Places in ``source`` that read the log or the state behind the read API's back."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("state", "_state"):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "data" and _names_an_event(node.value):
            found.append(f"line {node.lineno}: an event's .data")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "tabletop.core.state"
            and any(alias.name == "ExerciseState" for alias in node.names)
        ):
            found.append(f"line {node.lineno}: imports {node.module}'s internals")
    return found


def _names_an_event(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return "event" in name.lower() or name in ("e", "ev")


def test_the_check_for_log_reads_catches_them() -> None:
    planted = "x = exercise.state.deliveries\ny = event.data['team']\nfrom tabletop.core.state import ExerciseState\n"
    assert len(log_reads(planted)) == 3
    assert log_reads("x = exercise.delivery('a')\ny = event.payload.team\n") == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "core" not in p.relative_to(PACKAGE).parts),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_reader_outside_the_core_touches_the_log_or_the_state(path: Path) -> None:
    relative = str(path.relative_to(PACKAGE))
    assert log_reads(path.read_text()) == [], f"{relative} reads the log or the state directly; ask core.reading"
    if "tabletop.core.codec" in path.read_text():
        assert relative in CODEC_USERS, f"{relative} uses the codec; only {CODEC_USERS} may"


# -- small pieces -------------------------------------------------------------------------------

MODULE_LINES, FUNCTION_LINES, CLASS_LINES = 400, 40, 300


def oversized(path: Path) -> list[str]:
    text = path.read_text()
    found = [f"{len(text.splitlines())} lines"] if len(text.splitlines()) > MODULE_LINES else []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            limit = CLASS_LINES if isinstance(node, ast.ClassDef) else FUNCTION_LINES
            if size > limit:
                found.append(f"{type(node).__name__} {node.name}: {size} lines")
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_functions_and_classes_stay_small(path: Path) -> None:
    assert oversized(path) == [], f"{path.relative_to(PACKAGE)} is over the house limits"
