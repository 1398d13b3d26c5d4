"""`tabletop validate` and `tabletop scenarios` as a user meets them: exit codes and output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.cli import main

BROKEN = Path(__file__).parent / "data" / "broken"
ROOT = Path(__file__).parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_validate_valid_file_exits_zero(valid_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(valid_file)]) == 0
    assert "1 of 1 file(s) valid" in capsys.readouterr().err


def test_validate_prints_file_line_path_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BROKEN / "unknown-norm.toml")]) == 1
    err = capsys.readouterr().err
    expected = f"{BROKEN / 'unknown-norm.toml'}:30: stages[0].injects[0].options[1].norms.MS-7: 'MS-7' is not a norm"
    assert expected in err


def test_validate_mixed_files_reports_each_and_exits_one(valid_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(valid_file), str(BROKEN / "format-2.toml"), str(BROKEN / "not-utf8.toml")]) == 1
    err = capsys.readouterr().err
    assert "format-2.toml:1: format:" in err
    assert "not-utf8.toml:21: file is not UTF-8" in err
    assert "1 of 3 file(s) valid" in err


def test_validate_reports_duplicate_ids_across_files(
    valid_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.toml"
    shutil.copy(valid_file, copy)
    assert main(["validate", str(valid_file), str(copy)]) == 1
    assert f"{copy}:2: id: id 'tiny' is also used by {valid_file}" in capsys.readouterr().err


def test_every_broken_file_fails_without_a_traceback() -> None:
    files = sorted(BROKEN.glob("*.toml"))
    result = run("validate", *map(str, files))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert f"0 of {len(files)} file(s) valid" in result.stderr


def test_builtin_library_validates() -> None:
    result = run("validate", *map(str, sorted((ROOT / "scenarios").glob("*.toml"))))
    assert result.returncode == 0, result.stderr


def test_scenarios_lists_the_library(tmp_path: Path) -> None:
    result = run("scenarios", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "TITLE", "STAGES", "INJECTS", "NORMS", "EXERCISED"]
    first_call = next(row for row in rows if row.startswith("first-call "))
    assert first_call.split() == ["first-call", "First", "Call", "2", "4", "MS-2", "MS-3", "MS-4", "MS-6"]


@pytest.mark.parametrize(
    ("words", "console"),
    [
        ([], True),
        (["--resume", "latest", "--presenter"], True),
        (["--room", "--room-port", "9000"], True),
        (["validate", "x.toml"], False),
        (["--help"], False),
        (["-h"], False),
        (["--version"], False),
        (["--resume", "demo"], False),
    ],
)
def test_the_console_is_told_apart_from_the_verbs(words: list[str], console: bool) -> None:
    """Only a line that surely opens the console skips building the verbs; a doubt goes to the whole parser."""
    from tabletop.cli.parser import console_only

    assert console_only(words) is console


def test_the_console_line_starts_without_the_verbs_modules(tmp_path: Path) -> None:
    code = (
        "import sys; from tabletop.cli import main; status = main(['--room-port', '9000']); "
        "print(status, sorted(m for m in sys.modules if m.startswith('tabletop.cli')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "TABLETOP_DB": str(tmp_path / "t.db")})  # fmt: skip
    assert result.stdout.split(" ", 1)[0] == "2"
    assert "tabletop.cli.library" not in result.stdout
    assert "tabletop.cli.sessions" not in result.stdout
    assert "go with --room" in result.stderr
