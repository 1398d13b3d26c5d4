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
}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_keeps_to_its_boundary(path: Path) -> None:
    relative = str(path.relative_to(PACKAGE))
    imports = top_level_imports(path)
    for library, homes in ALLOWED.items():
        if library in imports:
            assert relative.startswith(homes), f"{relative} imports {library}; only {homes} may"


def test_core_uses_only_the_standard_library() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        outside = {name for name in top_level_imports(path) if name not in sys.stdlib_module_names}
        assert outside <= {"tabletop"}, (path, outside)
