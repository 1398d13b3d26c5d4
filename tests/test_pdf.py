"""The PDF drops nothing: every team in every table that lists teams, every decision of the log, long words wrapped.

Read back with pdftotext, as a person copying from the PDF would, at the design's scale
(40 teams) and five times past it (200).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tabletop.core.exercise import Exercise
from tabletop.reports.build import build_context
from tabletop.reports.document import PDF_TABLE, SECTIONS, book
from tabletop.reports.export import render
from tabletop.reports.pdf import Book, book_to_pdf

sys.path.insert(0, str(Path(__file__).parent / "bench"))
from reports import played, synthetic_scenario

pytestmark = pytest.mark.slow
LONG_WORD = "x" * 5000


def pdf_pages(exercise: Exercise, folder: Path, **options: object) -> list[str]:
    """The PDF's pages as text, each with its whitespace made single spaces."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed: apt-get install poppler-utils"
    path = folder / "debrief.pdf"
    path.write_bytes(render(exercise, "pdf", **options))  # type: ignore[arg-type]
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.replace("\u200b", "").split()) for page in text.split("\f")[:-1]]


def by_section(pages: list[str]) -> dict[str, str]:
    """Each section's text, from the page its heading opens to the next section's."""
    starts = []
    for number, (anchor, name) in enumerate(SECTIONS, start=1):
        found = next(i for i, page in enumerate(pages) if page.startswith(f"{number}. {name}"))
        starts.append((anchor, found))
    ends = [start for _, start in starts[1:]] + [len(pages)]
    return {anchor: " ".join(pages[start:end]) for (anchor, start), end in zip(starts, ends, strict=True)}


def times(text: str, name: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(name)}(?!\d)", text))


def session_of(teams: int, injects: int) -> Exercise:
    """The benchmark's session, with one rationale holding a 5,000-character word."""
    exercise = played(teams, injects)
    source = synthetic_scenario(injects)
    long = Exercise.create(source.scenario, session_id="long", name="Long", teams=list(exercise.team_names))
    for inject in source.scenario.injects():
        long.deliver(inject.id)
        long.open_voting()
        for decision in (d for d in exercise.final_decisions() if d.inject == inject.id):
            words = f"A long word: {LONG_WORD} ends here" if (inject.id, decision.team) == ("i0", "Team 0") else ""
            long.decide(decision.team, inject.id, decision.option, rationale=words or decision.rationale)
        long.lock_voting()
        long.reveal()
    long.end()
    return long


@pytest.fixture(scope="module", params=[(40, 12), (200, 4)], ids=["40-teams", "200-teams"])
def session(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Exercise, list[str]]:
    teams, injects = request.param
    exercise = session_of(teams, injects)
    return exercise, pdf_pages(exercise, tmp_path_factory.mktemp("pdf"))


def test_every_team_is_in_every_table_that_lists_teams(session: tuple[Exercise, list[str]]) -> None:
    exercise, pages = session
    sections = by_section(pages)
    ctx = build_context(exercise, for_pdf=True)
    groups = math.ceil(len(ctx.norms) / ctx.columns_per_table)
    scored = [t for t in ctx.crosswalks if any(n.basis in ("direct", "strong") for n in t.norms)]
    crosswalk_tables = sum(math.ceil(len(t.norms) / ctx.columns_per_table) for t in scored)
    assert crosswalk_tables >= len(scored) >= 1
    for team in exercise.team_names:
        answered = sum(1 for d in exercise.final_decisions() if d.team == team)
        assert times(pages[0], team) >= 1, f"{team} missing from the cover"
        assert times(sections["matrix"], team) >= groups + 1, f"{team} missing from the matrix or the stakes"
        assert times(sections["escalation"], team) >= 1, f"{team} missing from the escalation table"
        assert times(sections["crosswalk"], team) >= crosswalk_tables, f"{team} missing from a crosswalk table"
        assert times(sections["timeline"], team) >= answered, f"{team} missing from the timeline"
        assert times(sections["divergence"], team) >= answered, f"{team} missing from the roads not taken"


def test_every_decision_of_the_log_is_in_the_pdf(session: tuple[Exercise, list[str]]) -> None:
    exercise, pages = session
    appendix = by_section(pages)["appendix"]
    log = exercise.decision_log()
    rows: dict[str, int] = {}
    for entry in log:
        rows[entry.team] = rows.get(entry.team, 0) + 1
    for team, count in rows.items():
        assert times(appendix, team) >= count, f"the log lost some of {team}'s decisions"
    titles = {exercise.inject(entry.inject).title for entry in log}
    for title in titles:
        expected = sum(1 for entry in log if exercise.inject(entry.inject).title == title)
        assert times(appendix, title) >= expected, f"the log lost decisions on {title}"


def test_a_long_word_wraps_and_is_kept_whole(session: tuple[Exercise, list[str]]) -> None:
    _, pages = session
    text = re.sub(r"After-action report: Long page \d+ of \d+", "", " ".join(pages))
    found = re.findall(r"A long word: ([x ]+) ends here", text)
    assert found
    # Qt may also emit, clipped out of sight, the line just across a page break: nothing is ever less.
    assert all(len("".join(words.split())) >= len(LONG_WORD) for words in found)


def header_words(exercise: Exercise) -> set[str]:
    """The words of every column header in the PDF's tables."""
    parts = book(build_context(exercise, for_pdf=True))
    cells = [
        cell for part in (parts.cover, *parts.sections) for cell in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', part)
    ]
    return {word for cell in cells for word in re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>|&\w+;", " ", cell))}


def whole_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", unicodedata.normalize("NFKC", text)))  # NFKC: the "fi" ligature


def test_every_table_header_word_comes_out_whole(session: tuple[Exercise, list[str]]) -> None:
    exercise, pages = session
    headers = header_words(exercise)
    assert {"Escalation", "Rationale", "confidence", "Balance"} <= headers
    assert headers <= whole_words(" ".join(pages))


def test_a_crowded_tables_headers_are_narrowed_only_between_words(tmp_path: Path) -> None:
    """Nine long one-word headers over narrow cells: Qt would break them anywhere to fit, and must not."""
    headers = "Escalation Confidence Alignment Rationale Proliferation Accountability Attribution Sovereignty Restraint"
    head = "".join(f"<th>{word}</th>" for word in headers.split())
    table = (
        f"<table{PDF_TABLE}><thead><tr>{head}</tr></thead><tbody>{'<tr>' + '<td>+1</td>' * 9 + '</tr>'}</tbody></table>"
    )
    path = tmp_path / "crowded.pdf"
    path.write_bytes(book_to_pdf(Book("Crowded", "table { font-size: 8pt; }", "<h1>Crowded</h1>", [table])))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert set(headers.split()) <= whole_words(text), sorted(set(headers.split()) - whole_words(text))


def test_contents_give_each_sections_page_and_no_page_is_an_orphan(session: tuple[Exercise, list[str]]) -> None:
    _, pages = session
    contents = pages[1]
    assert contents.startswith("Contents")
    for number, (_, name) in enumerate(SECTIONS, start=1):
        page = int(re.search(rf"{number}\. {re.escape(name)} page (\d+)", contents).group(1))  # type: ignore[union-attr]
        assert pages[page - 1].startswith(f"{number}. {name}"), (name, page)
    total = len(pages)
    assert all(f"page {i} of {total}" in page for i, page in enumerate(pages, start=1))
    last = pages[-1].rsplit("After-action report", 1)[0]
    assert len(last) > 200, f"the last page holds only: {last!r}"


def test_each_chart_is_embedded_once(session: tuple[Exercise, list[str]], tmp_path: Path) -> None:
    exercise, _ = session
    pdfimages = shutil.which("pdfimages")
    assert pdfimages
    path = tmp_path / "debrief.pdf"
    path.write_bytes(render(exercise, "pdf"))
    listing = subprocess.run([pdfimages, "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    objects = [row[10] for row in rows]
    assert len(objects) == len(set(objects)), "an image is drawn on more than one page"
    ctx = build_context(exercise, for_pdf=True)
    charts = ctx.charts
    assert len(objects) == len(charts.heatmap) + len(charts.splits) + 2
