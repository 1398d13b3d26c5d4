"""The console's words: clocks, the inject view, the fallback summary, which controls are on."""

from __future__ import annotations

import pytest

from tabletop.core.exercise import Exercise
from tabletop.gui.availability import available
from tabletop.gui.console.inject_html import inject_html, targets_text
from tabletop.gui.console.score_summary import summary_html
from tabletop.gui.times import clock, countdown

MINUS = "\u2212"


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00:00"), (61.9, "0:01:01"), (3725, "1:02:05"), (-4, "0:00:00")])
def test_session_clock(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


@pytest.mark.parametrize(("seconds", "shown"), [(300, "05:00"), (59.2, "01:00"), (0, "00:00"), (-75, "+01:15 over")])
def test_countdown(seconds: float, shown: str) -> None:
    assert countdown(seconds) == shown


def test_inject_view_shows_effects_and_escapes_scenario_text(exercise: Exercise) -> None:
    html = inject_html(exercise, exercise.inject("ask"))
    assert "<b>A</b>" in html
    assert f"MS-1 {MINUS}2" in html
    assert "Plants a backdoor" in html
    exercise.add_adhoc_inject("<script>x()</script>", "A **bold** claim <img src=x onerror=y>", "Q & A?", ["Yes"])
    html = inject_html(exercise, exercise.inject("adhoc-1"))
    assert "<strong>bold</strong>" in html
    assert "onerror" not in html
    assert "Q &amp; A?" in html


def test_the_guidance_comes_first_where_a_narrow_console_shows_it_without_scrolling() -> None:
    from tabletop.core.library import resolve

    drill = Exercise.create(resolve("lawful-access").scenario, session_id="g", name="G", teams=["Red", "Blue"])
    inject = next(inject for inject in drill.scenario.injects() if inject.guidance)
    html = inject_html(drill, inject)
    assert html.index("Guidance (facilitator only)") < html.index(inject.question.split()[0]) < html.index("<b>A</b>")
    assert html.index("Guidance (facilitator only)") < html.index(inject.body.split()[0])


def test_inject_view_shows_each_options_stakes() -> None:
    from tabletop.core.library import resolve

    exercise = Exercise.create(resolve("the-tool-comes-home").scenario, session_id="s", name="Drill", teams=["Red"])
    html = inject_html(exercise, exercise.inject("stockpile-review"))
    rows = {row[row.index("<b>") + 3]: row for row in html.split("<tr>") if "width='24'" in row}  # by letter
    assert f"stakes: security {MINUS}2 · public +1 · economy +1</small>" in rows["A"]
    assert f"stakes: security +1 · public {MINUS}1</small>" in rows["B"]
    assert f"stakes: security +2 · public {MINUS}1</small>" in rows["C"]
    assert html.count("stakes:") == 3


def test_consequence_targets(exercise: Exercise) -> None:
    assert targets_text(exercise, exercise.inject("leak")) == "→ nobody yet"
    exercise.deliver()
    exercise.decide("Blue", "ask", "comply")
    assert targets_text(exercise, exercise.inject("leak")) == "→ Blue"
    assert targets_text(exercise, exercise.inject("ask")) == ""


def test_summary_escapes_what_people_typed(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.decide("Red", "ask", "refuse", rationale="<b>never</b>")
    html = summary_html(exercise, "the html debrief is not available")
    assert "&lt;b&gt;never&lt;/b&gt;" in html
    assert "not available" in html
    assert "▲▲" in html


def test_controls_follow_the_phase(exercise: Exercise) -> None:
    assert {"next", "deliver", "pause", "adhoc", "end"} <= available(exercise)
    assert not {"open_voting", "lock_voting", "reveal", "undo"} & available(exercise)
    exercise.deliver()
    exercise.open_voting()
    assert {"lock_voting", "decide", "countdown"} <= available(exercise)
    exercise.pause()
    assert "open_voting" not in available(exercise)
    assert "pause" in available(exercise)  # it resumes now
    assert available(None) == frozenset()
