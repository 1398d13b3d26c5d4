"""The README's commands are the ones CI runs, and each names a real entry point."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def block_after(marker: str) -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```sh\n(.*?)\n```", text, re.S)
    assert match, f"README.md has no {marker} block"
    return match.group(1)


def test_readme_has_run_test_and_apt_commands() -> None:
    assert "pip install" in block_after("run-command")
    assert "pytest" in block_after("test-command")
    assert block_after("apt-command").startswith("apt-get install")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "readme_command test-command" in ci
    assert "readme_command apt-command" in ci
    assert "readme_command core-test-command" in ci


def test_the_core_tests_run_without_qt() -> None:
    command = block_after("core-test-command")
    assert "--no-deps" in command
    assert "PySide6" not in command
    assert command.rstrip().endswith("pytest tests/core")


def test_readme_lists_every_cli_verb() -> None:
    from tabletop.cli import build_parser

    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "verb").choices
    readme = (ROOT / "README.md").read_text()
    for verb in verbs:
        assert f"tabletop {verb}" in readme, verb
