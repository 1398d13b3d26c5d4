"""What the room may see, without a display: the presenter's screens, their HTML, the display choice, team keys."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tabletop.core.exercise import Exercise
from tabletop.core.library import read_file, resolve
from tabletop.core.model import Scenario
from tabletop.gui.presenter.displays import ScreenInfo, choose_screen
from tabletop.gui.presenter.html import Look, main_html, page_html, teams_html, text_on
from tabletop.gui.presenter.page import MIN_FIT, next_fit
from tabletop.gui.presenter.screens import (
    ClosingCard,
    InjectScreen,
    StageSummary,
    TitleCard,
    Waiting,
    names_words,
    room_header,
    room_view,
    stage_complete,
)
from tabletop.gui.presenter.votes import TeamKeys

TEAMS = ["Red", "Blue", "Green", "Gold"]


def strings(value: object) -> Iterator[str]:
    """Every text inside a room value, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from strings(item)


def secrets(scenario: Scenario) -> set[str]:
    """Facilitator-only words of a scenario: whys, norm ids, guidance, precedents."""
    found = {inject.guidance for inject in scenario.injects()} | {inject.source for inject in scenario.injects()}
    for inject in scenario.injects():
        for option in inject.options:
            found |= {effect.why for effect in option.norms} | {effect.norm for effect in option.norms}
    return {text for text in found if text}


@pytest.fixture
def lawful(clock) -> Exercise:  # type: ignore[no-untyped-def]
    source = resolve("lawful-access")
    return Exercise.create(source.scenario, session_id="s", name="Ministry drill", teams=TEAMS, clock=clock)


def vote(exercise: Exercise, choices: dict[str, int]) -> None:
    """Open voting on the current inject and record each team's option (by index) as a presenter decision."""
    from tabletop.core.events import Source

    inject = exercise.inject(exercise.current or "")
    if exercise.phase.value == "delivered":
        exercise.open_voting()
    for team, index in choices.items() if inject.options else ():
        exercise.decide(team, inject.id, inject.options[index].id, source=Source.PRESENTER)


def test_the_sequence_title_inject_reveal_summary_closing(exercise: Exercise) -> None:
    assert room_view(None) == Waiting()
    title = room_view(exercise)
    assert isinstance(title, TitleCard)
    assert (title.scenario, title.session) == ("Tiny", "Drill")
    assert [(tile.number, tile.name) for tile in title.teams] == [(1, "Red"), (2, "Blue"), (3, "Green")]
    exercise.deliver()
    screen = room_view(exercise)
    assert isinstance(screen, InjectScreen)
    assert (screen.stage, screen.title, screen.question) == ("Stage 1 — Stage one", "An agency asks", "What do you do?")
    assert "An agency asks a vendor" in screen.body_html
    assert [(row.letter, row.label) for row in screen.options] == [("A", "Refuse"), ("B", "Comply")]
    assert screen.phase == "delivered"
    vote(exercise, {"Red": 1, "Blue": 0})
    voting = room_view(exercise)
    assert isinstance(voting, InjectScreen)
    assert voting.voting
    assert [tile.status for tile in voting.teams] == ["locked", "locked", "waiting"]
    assert all(tile.choice == "" for tile in voting.teams)
    exercise.lock_voting()
    exercise.reveal()
    revealed = room_view(exercise)
    assert isinstance(revealed, InjectScreen)
    assert [tile.choice for tile in revealed.teams] == ["B", "A", ""]
    assert [tile.status for tile in revealed.teams] == ["locked", "locked", "unanswered"]
    assert [row.teams for row in revealed.options] == [("Blue",), ("Red",)]
    assert revealed.unanswered == ("Green",)
    assert stage_complete(exercise)
    summary = room_view(exercise, summary=True)
    assert isinstance(summary, StageSummary)
    assert summary.rows[0].split == (("A", "Refuse", 1), ("B", "Comply", 1))
    exercise.end()
    closing = room_view(exercise)
    assert isinstance(closing, ClosingCard)
    assert closing.injects == 1


def test_before_the_reveal_the_screen_depends_on_who_answered_never_on_what(clock) -> None:  # type: ignore[no-untyped-def]
    source = resolve("lawful-access")
    one, other = (
        Exercise.create(source.scenario, session_id=name, name="Drill", teams=TEAMS, clock=clock)
        for name in ("one", "other")
    )
    for exercise, choices in ((one, {"Red": 0, "Blue": 1}), (other, {"Red": 3, "Blue": 2})):
        exercise.deliver()
        vote(exercise, choices)
    for lens in (False, True):
        assert room_view(one, lens=lens) == room_view(other, lens=lens)
    for exercise in (one, other):
        exercise.lock_voting()
    assert room_view(one, lens=True) == room_view(other, lens=True)
    look = Look(1920, 1080)
    assert page_html(room_view(one), look) == page_html(room_view(other), look)
    for exercise in (one, other):
        exercise.reveal()
    assert room_view(one) != room_view(other)


def test_no_facilitator_material_reaches_a_screen_before_the_reveal(lawful: Exercise) -> None:
    forbidden = secrets(lawful.scenario)
    lawful.add_note("Blue seem split; press them on the precedent")
    forbidden.add("Blue seem split; press them on the precedent")
    seen = 0
    while lawful.next_inject():
        lawful.deliver()
        lawful.add_note(f"Note on {lawful.current}: ask Gold first")
        forbidden.add(f"Note on {lawful.current}: ask Gold first")
        inject = lawful.inject(lawful.current or "")
        for phase in ("delivered", "voting", "locked"):
            if phase == "voting":
                teams = lawful.delivery(inject.id).teams
                vote(lawful, {team: number % max(len(inject.options), 1) for number, team in enumerate(teams)})
            if phase == "locked":
                lawful.lock_voting()
            for lens in (False, True):
                screen = room_view(lawful, lens=lens, summary=True)
                texts = [*strings(screen), main_html(screen, Look()), teams_html(screen, Look())]
                leaked = {secret for secret in forbidden for text in texts if secret in text}
                assert not leaked, (lawful.current, phase, leaked)
                seen += 1
        lawful.reveal()
    assert seen >= 6 * lawful.scenario.inject_count // 2  # most injects were walked through every phase


def test_the_norm_lens_shows_effects_and_whys_only_after_the_reveal_and_only_when_on(lawful: Exercise) -> None:
    lawful.deliver()
    vote(lawful, {"Red": 0})
    lawful.lock_voting()
    lawful.reveal()
    plain, lensed = room_view(lawful), room_view(lawful, lens=True)
    assert isinstance(plain, InjectScreen)
    assert isinstance(lensed, InjectScreen)
    assert all(not row.lens for row in plain.options)
    first = lensed.options[0].lens
    assert [(note.norm, note.upheld, note.stake) for note in first] == [
        ("MS-1 No backdoors", False, False),  # the scenario's own framework only: GGE-e and GCSC-3 are read elsewhere
        ("security", True, True),
        ("economy", False, True),
    ]
    option = lawful.inject(lawful.current or "").options[0]
    assert first[0].why == option.norms[0].why
    html = main_html(lensed, Look())
    assert "strains MS-1 No backdoors" in html
    assert "gains the state security" in html
    assert "costs the state economy" in html


def test_a_consequence_says_whom_it_is_for_and_the_others_sit_out(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.open_voting()
    exercise.decide("Blue", "ask", "comply")
    exercise.decide("Green", "ask", "comply")
    exercise.lock_voting()
    exercise.reveal()
    exercise.deliver("leak")
    screen = room_view(exercise)
    assert isinstance(screen, InjectScreen)
    assert screen.for_teams == ("Blue", "Green")
    assert [tile.status for tile in screen.teams] == ["away", "waiting", "waiting"]
    assert "For Blue and Green" in main_html(screen, Look())


def test_a_discussion_inject_shows_each_answer_after_the_reveal(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.deliver("talk")
    exercise.decide("Red", "talk", None, rationale="Publish the rule " + "x" * 400)
    assert isinstance(screen := room_view(exercise), InjectScreen)
    assert screen.answers == ()
    exercise.reveal()
    assert isinstance(screen := room_view(exercise), InjectScreen)
    assert screen.answers[0][0] == "Red"
    assert screen.answers[0][1].startswith("Publish the rule")
    assert len(screen.answers[0][1]) <= 240
    assert screen.unanswered == ("Blue", "Green")


def test_the_stage_summary_needs_the_stage_finished_and_keeps_unrevealed_splits_hidden(exercise: Exercise) -> None:
    exercise.deliver()
    vote(exercise, {"Red": 0})
    assert not stage_complete(exercise)
    assert isinstance(room_view(exercise, summary=True), InjectScreen)  # nothing to sum up yet
    exercise.lock_voting()
    exercise.reveal()
    assert stage_complete(exercise)
    exercise.deliver("talk")
    assert not stage_complete(exercise)


def test_the_header_shows_the_countdown_only_while_the_room_can_still_answer(exercise: Exercise, clock) -> None:  # type: ignore[no-untyped-def]
    assert room_header(exercise).countdown is None
    exercise.deliver()
    exercise.open_voting()  # the inject has a five-minute countdown
    clock.advance(30)
    header = room_header(exercise)
    assert header.stage == "Stage 1 — Stage one"
    assert header.countdown == pytest.approx(270)
    exercise.pause()
    assert room_header(exercise).paused
    exercise.resume()
    exercise.lock_voting()
    assert room_header(exercise).countdown is None


def test_hostile_text_is_escaped_in_the_presenter_html(data_dir: Path, clock) -> None:  # type: ignore[no-untyped-def]
    hostile = read_file(data_dir / "hostile.toml").scenario
    exercise = Exercise.create(hostile, session_id="h", name="<b>drill</b>", teams=["<i>Red</i>"], clock=clock)
    pages = [page_html(room_view(exercise), Look())]
    exercise.deliver()
    exercise.open_voting()
    pages.append(page_html(room_view(exercise), Look(), selected=1))
    for page in pages:
        for html in (page.main, page.teams):
            lowered = html.lower()
            for tag in ("<script", "<img", "<svg", "<iframe", "evil.example/x.png", "<b>drill", "<i>red"):
                assert tag not in lowered, tag
            assert not re.search(r"<[^>]*(onerror|onload|onclick|onmouseover)=", lowered)
            assert not re.search(r"href=['\"](javascript|data):", lowered)
        assert "&lt;i&gt;red&lt;/i&gt;" in page.teams.lower()  # the hostile words are there, as words


def test_type_grows_with_the_window_and_with_the_setting() -> None:
    small, large = Look(1280, 720), Look(3840, 2160)
    assert small.base == 24
    assert large.base == 3 * small.base
    assert Look(1280, 720, scale=1.3).base > small.base > Look(1280, 720, scale=0.8).base
    assert Look(1280, 720, contrast=True).palette.background == "#000000"
    title = page_html(TitleCard("Drill", "Today", ()), large).main
    assert f"font-size: {large.base}px" in title


def test_tiles_read_on_their_colours_and_say_their_state_in_words() -> None:
    assert text_on("#000000") == "#FFFFFF"
    assert text_on("#F0E442") == "#000000"
    screen = InjectScreen("Stage 1", "T", "<p>b</p>", "Q?", (), (), "voting")
    from tabletop.gui.presenter.screens import TeamTile

    tiles = (TeamTile(1, "Red", "#D55E00", "locked"), TeamTile(2, "Blue", "#0072B2", "waiting"))
    html = teams_html(dataclasses.replace(screen, teams=tiles), Look(1920, 1080), selected=2)
    assert "✓ answered" in html
    assert "locked in" not in html  # only the facilitator locks
    locked = teams_html(dataclasses.replace(screen, teams=tiles, phase="locked"), Look(1920, 1080))
    assert "✓ locked in" in locked
    assert "▶&nbsp;choose" in html  # the selected team, in words as well as with a ring
    assert "href='team:1'" in html


def test_names_read_as_a_sentence() -> None:
    assert names_words(()) == ""
    assert names_words(("Red",)) == "Red"
    assert names_words(("Red", "Gold")) == "Red and Gold"
    assert names_words(("Red", "Blue", "Gold")) == "Red, Blue and Gold"


def test_the_presenter_goes_to_a_display_other_than_the_consoles() -> None:
    laptop = ScreenInfo("eDP-1", 0, 0, 1920, 1200, primary=True)
    projector = ScreenInfo("HDMI-1", 1920, 0, 1280, 720)
    monitor = ScreenInfo("DP-2", 3200, 0, 3840, 2160)
    assert choose_screen([laptop], laptop) is None  # one display: a window, never covering the console
    assert choose_screen([laptop, projector], laptop) == projector
    assert choose_screen([laptop, projector], projector) == laptop  # the console moved to the projector
    assert choose_screen([laptop, projector, monitor], laptop) == monitor  # the larger of the others
    assert choose_screen([laptop, projector], None) == projector  # not the primary, the console's usual place
    assert choose_screen([], None) is None


def test_digits_pick_teams_and_run_on_only_when_there_are_enough_teams() -> None:
    keys = TeamKeys()
    assert [keys.press(digit, 4) for digit in (1, 2, 5, 0)] == [1, 2, None, None]
    keys.reset()
    assert [keys.press(digit, 40) for digit in (1, 2)] == [1, 12]
    keys.reset()
    assert [keys.press(digit, 40) for digit in (4, 5)] == [4, 5]  # 45 is no team: a fresh start
    keys.reset()
    assert [keys.press(digit, 10) for digit in (1, 0)] == [1, 10]


def test_a_long_inject_shrinks_in_steps_and_a_short_one_keeps_full_size() -> None:
    assert next_fit(1.0, 500, 1000) == 1.0
    assert next_fit(1.0, 1000, 1000) == 0.95
    assert next_fit(1.0, 2000, 1000) == 0.65
    assert next_fit(1.0, 9000, 1000) == MIN_FIT
    assert next_fit(0.7, 400, 1000) == 1.0
