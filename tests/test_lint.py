"""The house style is checked, not hoped for: ruff lint and format, and mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_passes() -> None:
    result = tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied() -> None:
    result = tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_mypy_passes() -> None:
    result = tool("mypy", "tabletop")
    assert result.returncode == 0, result.stdout
