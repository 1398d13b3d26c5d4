"""The debrief: every template renders, the text is written from the data, every format is sound."""

from __future__ import annotations

import importlib.resources
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports_support import demo_exercise
from tabletop.core.exercise import Exercise
from tabletop.reports import environment
from tabletop.reports.build import build_context
from tabletop.reports.charts import wrap
from tabletop.reports.document import SECTIONS, book, html, markdown
from tabletop.reports.environment import md_inline
from tabletop.reports.export import render


@pytest.fixture(scope="module")
def demo() -> Exercise:
    return demo_exercise()


def all_templates() -> set[str]:
    """Every debrief template (the room's phone page has its own tests, in tests/test_room_server.py)."""
    root = importlib.resources.files("tabletop.resources").joinpath("templates")
    found = set()
    for path in Path(str(root)).rglob("*.j2"):
        found.add(path.relative_to(Path(str(root))).as_posix())
    return {name for name in found if not name.startswith("room/")}


def test_every_template_renders_from_a_sample_context(demo: Exercise, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: set[str] = set()
    original = environment._load

    def recording(name: str) -> str:
        loaded.add(name)
        return original(name)

    monkeypatch.setattr(environment, "_load", recording)
    environment.environment.cache_clear()
    try:
        for for_pdf in (False, True):
            ctx = build_context(demo, for_pdf=for_pdf)
            assert html(ctx).startswith("<!DOCTYPE html>")
            assert markdown(ctx).startswith("# After-action report")
        brief = build_context(demo, brief=True)
        assert html(brief).startswith("<!DOCTYPE html>")
        assert markdown(brief).startswith("# Brief: ")
        parts = book(build_context(demo, for_pdf=True))
        assert parts.contents is not None
        assert "page 7" in parts.contents(range(1, len(SECTIONS) + 1))
    finally:
        environment.environment.cache_clear()
    assert loaded == all_templates()


def test_a_session_without_decisions_still_renders() -> None:
    from tabletop.core.library import resolve

    exercise = Exercise.create(resolve("first-call").scenario, session_id="empty", name="Empty", teams=["Solo"])
    page = render(exercise, "html").decode()
    assert "No decision moved any norm, so no team has an index." in page
    assert "No decision in this session tested this norm." in page
    assert render(exercise, "md").decode().count("\n## ") == len(SECTIONS)


def test_html_has_every_section_and_is_self_contained(demo: Exercise) -> None:
    page = render(demo, "html").decode()
    for number, (anchor, name) in enumerate(SECTIONS, start=1):
        assert f'<h2 id="{anchor}">{number}. {name}</h2>' in page
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:;' in page
    assert "<script" not in page
    assert not re.search(r'src="(?!data:)', page), "every image is inline"
    assert not re.search(r"url\(", page.split("</style>")[1]), "no stylesheet fetches"
    links = re.findall(r'href="([^"#][^"]*)"', page)
    assert all(link.startswith(("http://", "https://", "mailto:")) for link in links)


def test_executive_summary_is_written_from_the_data(demo: Exercise) -> None:
    ctx = build_context(demo)
    scores = demo.scores()
    top = max(scores.values(), key=lambda s: s.index or -1000)
    text = " ".join(ctx.summary)
    assert f"{top.team} kept closest to the norms" in text
    assert "Three teams (Northbridge, Eastmere and Southgate) played Lawful Access" in text
    assert "Teams chose differently on" in text
    assert any(line.startswith("Southgate: index \u2212") for line in ctx.team_lines)


def test_the_summary_counts_in_good_english(valid_file: Path) -> None:
    from tabletop.core.library import read_file
    from tabletop.core.wording import counted

    assert [counted(n, "decision") for n in (0, 1, 2)] == ["0 decisions", "1 decision", "2 decisions"]
    assert counted(3, "analysis", "analyses") == "3 analyses"
    exercise = Exercise.create(read_file(valid_file).scenario, session_id="s", name="One", teams=["Red"])
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse", rationale="Trust")
    overview = build_context(exercise).summary[0]
    assert "One team (Red) played Tiny" in overview
    assert "1 of the scenario's 3 injects was delivered, and 1 decision stood at the end." in overview


def test_findings_tradeoffs_and_roads_not_taken(demo: Exercise) -> None:
    ctx = build_context(demo)
    ms1 = next(f for f in ctx.findings if f.norm.id == "MS-1")
    assert ms1.summary.startswith("Tested by ")
    assert any("Southgate" in g.teams for g in ms1.strained)
    assert all(g.why for g in ms1.upheld + ms1.strained)
    untaken = [o for i in ctx.injects for o in i.options if not o.taken]
    assert untaken, "the demo leaves some options untaken"
    assert all(o.chosen_by == "" for o in untaken)
    page = render(demo, "html").decode()
    assert "not taken" in page


def test_tradeoffs_name_options_that_move_norms_both_ways() -> None:
    from reports_support import hostile_exercise

    ctx = build_context(hostile_exercise())
    ms6 = next(f for f in ctx.findings if f.norm.id == "MS-6")
    assert len(ms6.tradeoffs) == 1
    assert ms6.tradeoffs[0].startswith("\u201c@SUM(1+1) comply\u201d on \u201cInject <svg")
    assert ms6.tradeoffs[0].endswith(
        "\u201d, chosen by Blue and =1+1, upheld MS-6 (+1: -minus why) but violated MS-1 (\u22122: +cmd why)."
    )
    ms1 = next(f for f in ctx.findings if f.norm.id == "MS-1")
    assert ms1.tradeoffs[0].endswith("violated MS-1 (\u22122: +cmd why) but upheld MS-6 (+1: -minus why).")


def test_timeline_dissent_hotwash_and_crosswalk(demo: Exercise) -> None:
    ctx = build_context(demo)
    kinds = [row.kind for row in ctx.timeline]
    assert kinds[0] == "start"
    assert kinds[-1] == "end"
    assert "pause" in kinds
    assert kinds.count("stage") == 3
    delivered = [row for row in ctx.timeline if row.kind == "inject"]
    assert all("(after " in row.detail for row in delivered if row.detail != "no decision recorded")
    assert ctx.dissents
    assert all(d.text for d in ctx.dissents)
    assert next(row.action for row in ctx.hotwash.plan).startswith("Draft a vulnerability handling policy")
    assert {t.framework_title for t in ctx.crosswalks} == {
        "UN GGE voluntary norms (2015)",
        "Paris Call for Trust and Security in Cyberspace (2018)",
        "Global Commission on the Stability of Cyberspace norms (2019)",
    }
    assert len(ctx.log) >= len(demo.final_decisions())


def test_markdown_is_clean(demo: Exercise) -> None:
    text = render(demo, "md").decode()
    assert text.count("\n## ") == len(SECTIONS)
    for block in re.findall(r"(?:^\|.*\|\n)+", text, re.M):
        widths = {line.count("|") - line.count("\\|") for line in block.splitlines()}
        assert len(widths) == 1, block[:300]


def test_md_inline_escapes_markup() -> None:
    assert md_inline("a | b *c* [d](e) <f>") == r"a \| b \*c\* \[d\](e) \<f\>"
    assert md_inline("- not a list\nsecond line") == r"\- not a list second line"
    assert md_inline("1. not a list") == r"1\. not a list"


def test_chart_labels_wrap_within_width() -> None:
    assert wrap("Help the private sector respond", 15, 2) == ["Help the", "private sector\u2026"]
    assert wrap("No backdoors", 15, 2) == ["No backdoors"]


def test_charts_are_svg_data_uris_with_bands_as_text(demo: Exercise) -> None:
    import base64

    ctx = build_context(demo)
    svg = base64.b64decode(ctx.charts.heatmap[0].uri.split(",", 1)[1]).decode()
    assert svg.startswith("<svg")
    assert "\u25b2\u25b2" in svg
    assert "\u25bc" in svg
    escalation = base64.b64decode(ctx.charts.escalation.uri.split(",", 1)[1]).decode()
    assert escalation.count("<polyline") == 3
    assert len(set(re.findall(r'stroke-dasharray="([^"]+)"', escalation))) == 2  # a pattern per team, one solid


def test_pdf_opens_and_carries_its_text(demo: Exercise, tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed: apt-get install poppler-utils"
    path = tmp_path / "debrief.pdf"
    path.write_bytes(render(demo, "pdf"))
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for _, name in SECTIONS:
        assert name.split(":")[0] in text
    assert "Northbridge" in text
    assert "Southgate" in text
    pages = int(re.search(r"page 1 of (\d+)", text).group(1))  # type: ignore[union-attr]
    assert pages >= 5
    assert text.count("\f") + 1 >= pages


def test_demo_tells_the_same_story_every_time() -> None:
    first, second = demo_exercise(), demo_exercise()
    strip = lambda e: [ev.payload for ev in e.log]  # noqa: E731
    assert strip(first) == strip(second)
