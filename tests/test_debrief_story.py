"""The debrief's words agree with its data: every number in the executive summary, recomputed from the JSON.

Also the wording the play-tests asked for: ad-hoc injects counted apart, untimed sessions,
each rationale quoted once, consequence chains told, the brief's shape.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from reports_support import demo_exercise
from tabletop.core.exercise import Exercise
from tabletop.core.wording import signed
from tabletop.reports.build import build_context
from tabletop.reports.export import render
from tabletop.reports.narrative import entropy


@pytest.fixture(scope="module")
def demo() -> Exercise:
    exercise = demo_exercise()
    return exercise


def test_every_number_in_the_summary_agrees_with_the_json(demo: Exercise) -> None:
    data = json.loads(render(demo, "json"))
    ctx = build_context(demo)
    text = " ".join((*ctx.summary, *ctx.team_lines))
    teams = {team["name"]: team for team in data["teams"]}
    finals = sum(len(team["decisions"]) for team in data["teams"])
    assert f"{finals} decisions stood at the end" in text
    delivered = {e["data"]["inject"] for e in data["log"] if e["kind"] == "inject_delivered"}
    adhoc = {e["data"]["id"] for e in data["log"] if e["kind"] == "adhoc_inject_added"}
    assert f"{len(delivered - adhoc)} of the scenario's" in text
    ranked = sorted((t for t in teams.values() if t["index"] is not None), key=lambda t: -t["index"])
    assert f"{ranked[0]['name']} kept closest to the norms, with an index of {signed(ranked[0]['index'], 1)}" in text
    assert f"{ranked[-1]['name']} stood furthest from them at {signed(ranked[-1]['index'], 1)}" in text
    for name, team in teams.items():
        balance = sum(stake["total"] for stake in team["stakes"].values())
        line = next(line for line in ctx.team_lines if line.startswith(f"{name}: "))
        assert line.startswith(f"{name}: index {signed(team['index'], 1)}, stakes balance {signed(balance, 0)}")
        assert f"escalation {signed(team['escalation'], 0)}" in line
        for norm, reading in team["norms"].items():
            if f" {norm} " in line and reading["score"] is not None:
                assert f"{signed(reading['score'])})" in line.split(f" {norm} ", 1)[1].split(")")[0] + ")"
    escalations = [t["escalation"] for t in teams.values()]
    assert f"Escalation ran from {signed(min(escalations), 0)}" in text
    assert f"to {signed(max(escalations), 0)}" in text
    _splits_agree(demo, data, text)


def _splits_agree(demo: Exercise, data: dict, text: str) -> None:  # type: ignore[type-arg]
    """'chose differently on N of the M injects' and the widest split, from the JSON's decisions."""
    options: dict[str, Counter[str]] = {}
    for team in data["teams"]:
        for decision in team["decisions"]:
            if decision["option"] is not None:
                options.setdefault(decision["inject"], Counter())[decision["option"]] += 1
    shared = {inject: split for inject, split in options.items() if sum(split.values()) > 1}
    split = {inject: c for inject, c in shared.items() if len(c) > 1}
    assert f"Teams chose differently on {len(split)} of the {len(shared)} injects" in text
    widest = max(entropy(c) for c in split.values())
    named = re.search(r"The widest split, the most even spread of choices, came on \u201c([^\u201d]+)\u201d", text)
    assert named
    inject = next(i for i in split if demo.inject(i).title == named.group(1))
    assert entropy(split[inject]) == widest


def test_each_rationale_is_quoted_once(demo: Exercise) -> None:
    ctx = build_context(demo)
    quoted = [(q.team, q.inject_title, q.text) for f in ctx.findings for q in f.quotes]
    assert quoted
    assert len(quoted) == len(set(quoted))


def test_consequence_chains_are_told_per_team(demo: Exercise) -> None:
    ctx = build_context(demo)
    southgate = next(story for story in ctx.stories if story.team == "Southgate")
    assert southgate.steps[0].startswith("chose A (")
    assert any(step.startswith("\u201cKestrel says no\u201d followed; it chose") for step in southgate.steps)


def test_written_answers_are_inside_the_findings(demo: Exercise) -> None:
    ctx = build_context(demo)
    assert any(group.answer for f in ctx.findings for group in f.upheld + f.strained)
    assert {answer.team for answer in ctx.answers} == {"Northbridge", "Eastmere", "Southgate"}


def test_a_team_an_earlier_choice_spared_a_test_is_named_with_that_choice(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse")
    exercise.decide("Blue", "ask", "comply")  # "It leaked" follows comply: it reaches Blue alone
    exercise.deliver("leak")
    exercise.decide("Blue", "leak", "warn")
    ms4 = next(f for f in build_context(exercise).findings if f.norm.id == "MS-4").summary
    assert ms4.startswith("Tested by 1 decision. Upheld by Blue (+1.00).")
    spared = (
        "was spared the test by its earlier choice: A \u00b7 Refuse on \u201cAn agency asks\u201d"
        " kept \u201cIt leaked\u201d away."
    )
    assert f"Red {spared}" in ms4
    assert f"Green {spared}" not in ms4  # Green made no choice that kept it away
    assert "Green received no inject that could test it." in ms4


def test_adhoc_injects_are_counted_apart_and_untimed_sessions_say_so(valid_file) -> None:  # type: ignore[no-untyped-def]
    from tabletop.core.library import read_file

    exercise = Exercise.create(read_file(valid_file).scenario, session_id="s", name="Tiny", teams=["Red", "Blue"])
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse", rationale="Trust")
    exercise.add_adhoc_inject("A call from the press", "The press calls.", "What do you say?", [])
    exercise.deliver("adhoc-1")
    ctx = build_context(exercise)
    overview = ctx.summary[0]
    assert "1 of the scenario's 3 injects was delivered" in overview
    assert "The facilitator also wrote and delivered 1 ad-hoc inject (\u201cA call from the press\u201d)." in overview
    assert " 0 s " not in overview
    assert "of exercise time" not in overview
    assert ctx.cover.duration.startswith("not timed")
    assert ctx.cover.subtitle == ""  # the name already says it: no title twice


def four_teams(seed: int) -> Exercise:
    """The Tool Comes Home played by four teams, each choosing at random (a different course for each seed)."""
    from tabletop.core.library import resolve

    rng = random.Random(seed)
    teams = ["Red", "Blue", "Green", "Gold"]
    exercise = Exercise.create(resolve("the-tool-comes-home").scenario, session_id=f"t{seed}", name="Four", teams=teams)
    while (inject := exercise.next_inject()) is not None:
        exercise.deliver(inject)
        exercise.open_voting()
        options = exercise.inject(inject).options
        for team in exercise.recipients(inject):
            option = rng.choice(options).id if options else None
            exercise.decide(team, inject, option, rationale=f"{team} weighed it")
        exercise.lock_voting()
        exercise.reveal()
    exercise.end()
    return exercise


def pdf_pages(exercise: Exercise, path: Path) -> list[list[str]]:
    """The brief's PDF pages as text, each page's non-empty lines, the footer left out."""
    import shutil
    import subprocess

    path.write_bytes(render(exercise, "pdf", summary=True))
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", str(path), "-"], capture_output=True, text=True)
    footer = re.compile(rf"^(page \d+ of \d+|{re.escape(build_context(exercise, brief=True).title)})$")
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.stdout.split("\f")]
    return [[line for line in page if not footer.match(line)] for page in pages if page]


@pytest.mark.parametrize("seed", [None, 4, 11, 23], ids=lambda seed: "demo" if seed is None else f"4-teams-{seed}")
def test_the_brief_has_its_sections_and_two_pages(demo: Exercise, seed: int | None, tmp_path: Path) -> None:
    exercise = demo if seed is None else four_teams(seed)
    page = render(exercise, "html", summary=True).decode()
    assert '<h2 id="top">3. Top findings</h2>' in page
    assert "Decision log" not in page
    assert render(exercise, "md", summary=True).decode().startswith("# Brief: ")
    pages = pdf_pages(exercise, tmp_path / "brief.pdf")
    assert len(pages) == 2, [page[:3] for page in pages]
    headings = {html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<(?:h\d|caption)[^>]*>(.*?)</", page)}
    assert "2. Norm compliance and stakes" in headings
    ends = [lines[-1] for lines in pages]
    assert not [end for end in ends if end in headings], ends
    assert pages[-1][-1].startswith("The full report has every"), "the closing line stays with the top findings"
    assert not pages[-1][0].startswith("The full report has every"), "the closing line is not alone on its page"


def test_every_markdown_heading_stands_after_a_blank_line(demo: Exercise) -> None:
    for summary in (False, True):
        lines = render(demo, "md", summary=summary).decode().splitlines()
        crowded = [lines[i] for i in range(1, len(lines)) if lines[i].startswith("#") and lines[i - 1].strip()]
        assert not crowded, crowded


def test_a_crowded_summary_names_the_ends_and_points_to_the_matrix() -> None:
    sys.path.insert(0, str(Path(__file__).parent / "bench"))
    from reports import played  # the benchmarks' synthetic course

    exercise = played(40, 3)
    ctx = build_context(exercise)
    index = {team["name"]: team["index"] for team in json.loads(render(exercise, "json"))["teams"]}
    ranked = sorted(index, key=lambda name: -index[name])
    assert len(ctx.team_lines) == 7  # three closest, three furthest, and where the rest are
    assert ctx.team_lines[-1].startswith("The other 34 teams' readings")
    named = [line.split(":", 1)[0] for line in ctx.team_lines[:-1]]
    assert [index[name] for name in named] == [index[name] for name in ranked[:3] + ranked[-3:]]
