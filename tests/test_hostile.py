"""Hostile text anywhere a user can type it is inert: escaped or sanitised, and nothing runs in a browser."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from reports_support import dump_dom, hostile_exercise
from tabletop.core.exercise import Exercise
from tabletop.reports.export import render

MARKER = re.compile(r"PWNED\d+")


@pytest.fixture(scope="module")
def hostile() -> Exercise:
    return hostile_exercise()


def test_html_source_carries_no_live_markup(hostile: Exercise) -> None:
    page = render(hostile, "html").decode()
    body = page.split("<body>", 1)[1]
    assert "<script" not in page
    assert not re.search(r"<[^>]+\son\w+\s*=", body), "no event-handler attribute survives"
    assert not re.search(r"""href\s*=\s*["']?\s*(javascript|data):""", body, re.I)
    assert "<iframe" not in body
    assert "<svg" not in body
    assert "<style" not in body
    assert "&lt;script&gt;" in body  # shown as text, not dropped silently


@pytest.mark.parametrize("with_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_nothing_runs_in_headless_chromium(hostile: Exercise, tmp_path: Path, with_csp: bool) -> None:
    page = render(hostile, "html").decode()
    if not with_csp:  # prove the escaping holds on its own, not only behind the policy
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    path = tmp_path / "debrief.html"
    path.write_text(page, encoding="utf-8")
    dom = dump_dom(path, tmp_path / "profile")
    assert "<main>" in dom, "the page loaded"
    assert not MARKER.search(dom), f"a payload ran: {MARKER.findall(dom)}"


def test_markdown_renders_no_live_html(hostile: Exercise) -> None:
    import markdown

    text = render(hostile, "md").decode()
    assert not re.search(r"(?<!\\)<(script|img|iframe|svg)", text), "every angle bracket is escaped"
    shown = markdown.markdown(text, extensions=["tables"])  # a viewer that passes raw HTML through
    assert not re.search(r"<(script|img|iframe|svg|style)\b", shown)
    assert not re.search(r"<[^>]+\son\w+\s*=", shown)
    assert 'href="javascript:' not in shown
    assert "&lt;script&gt;" in shown


def test_csv_cells_are_neutralised(hostile: Exercise) -> None:
    rows = list(csv.reader(io.StringIO(render(hostile, "csv").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    for row in body:
        for column, cell in zip(header, row, strict=True):
            if column in ("confidence", "escalation", "MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6"):
                assert re.fullmatch(r"-?\d*", cell), (column, cell)
            else:
                assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert any(cell == "'=1+1" for row in body for cell in row)
    assert any(cell == "'-2+3" for row in body for cell in row)


def test_charts_escape_names_and_stay_well_formed(hostile: Exercise) -> None:
    import base64
    import xml.etree.ElementTree as ElementTree

    from tabletop.reports.build import build_context

    charts = build_context(hostile).charts
    for image in (*charts.heatmap, charts.escalation, *charts.splits, charts.stakes):
        svg = base64.b64decode(image.uri.split(",", 1)[1]).decode()
        root = ElementTree.fromstring(svg)  # a name that broke out of its text would not parse
        assert root.tag.endswith("svg")
        assert "<img" not in svg
        assert not re.search(r"<[^>]+\son\w+\s*=", svg)
    heatmap = base64.b64decode(charts.heatmap[0].uri.split(",", 1)[1]).decode()
    assert "&lt;img src=x onerror=" in heatmap
    stakes = base64.b64decode(charts.stakes.uri.split(",", 1)[1]).decode()
    assert "&lt;img src=x" in stakes


@pytest.mark.slow
@pytest.mark.parametrize("with_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_the_page_requests_nothing_and_opens_nothing(hostile: Exercise, tmp_path: Path, with_csp: bool) -> None:
    """In a real browser: no request beyond the file itself, no dialog, no changed title."""
    import json
    import subprocess

    from reports_support import chromium

    page = render(hostile, "html").decode()
    if not with_csp:
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    path = tmp_path / "debrief.html"
    path.write_text(page, encoding="utf-8")
    script = Path(__file__).parent / "standards" / "load.mjs"
    assert (script.parent / "node_modules" / "playwright-core").exists(), "run: npm ci --prefix tests/standards"
    result = subprocess.run(["node", str(script), str(path), chromium()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout)
    assert seen["requests"] == []
    assert seen["dialogs"] == []
    assert seen["title"].startswith("After-action report")
    assert not MARKER.search(seen["title"])
