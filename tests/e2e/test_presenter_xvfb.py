"""The presenter on a real X server: ``tabletop --resume latest --presenter``, votes by key and by click.

Slow; starts its own Xvfb at 1280x720 and at 1920x1080 (one screen each, so the presenter is
an ordinary window beside the console). The facilitator's keys go to the console, the
room's keys and clicks to the presenter; the votes are read back from the JSON debrief.
Screenshots land in ``artifacts/screenshots/presenter-<size>-*.png`` for a person to look at.

There is no window manager: the test raises a window and hands it the keyboard (xdotool)
where a window manager would on a click.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from xdesktop import Desktop, brightness, column, option_a, row, runs, wait_for, xvfb

from helpers import start

pytestmark = pytest.mark.slow
TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73"), ("Gold", "#E69F00")]
INJECT = "backdoor-request"  # lawful-access's first inject: A compel-key, B one-phone


def yesterdays_session(db: Path) -> None:
    """A session of four teams, saved and closed, for ``--resume latest`` to pick up."""
    from tabletop.core.library import resolve
    from tabletop.storage import Store

    with Store(db) as store:
        start(store, "xvfb-drill", resolve("lawful-access"), name="Xvfb drill", facilitator="Ana", teams=TEAMS)
        store.release("xvfb-drill")


def blue_tile(shot: Path, width: int) -> tuple[int, int]:
    """The middle of Blue's tile (the second of four in the strip along the bottom)."""
    x = 24 + (width - 48) * 3 // 8
    top, bottom = runs(column(shot, x), "#0072B2", gap=8)[-1]
    y = (top + bottom) // 2
    left, right = runs(row(shot, y), "#0072B2", gap=8)[0]
    return (left + right) // 2, y


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_room_votes_on_the_presenter_under_x(size: tuple[int, int], tmp_path: Path) -> None:
    width, height = size
    name = f"presenter-{width}x{height}"
    with xvfb(width, height) as display:
        desktop = Desktop(display, tmp_path)
        yesterdays_session(desktop.db)
        decided = lambda count: lambda: desktop.events("decision_recorded") == count  # noqa: E731
        try:
            app = desktop.launch("--resume", "latest", "--presenter")
            console = desktop.window("^Tabletop — Lawful Access — Xvfb drill$")
            presenter = desktop.window("^Tabletop Presenter — Lawful Access$")
            assert desktop.visible("^Tabletop — ")
            assert desktop.visible("^Tabletop Presenter")
            desktop.shot(f"{name}-01-both-windows")
            desktop.shot(f"{name}-02-title-card", presenter)

            desktop.focus(console)
            desktop.shot(f"{name}-01b-console", console)
            desktop.keys("F9", "F6")  # deliver, open voting
            wait_for(lambda: desktop.events("voting_opened") == 1, "voting to open")
            desktop.focus(presenter)
            desktop.keys("1", "b")  # Red types its number, then its letter
            wait_for(decided(1), "Red's vote by keys")
            _, _, presenter_width, _ = desktop.geometry(presenter)
            desktop.click(presenter, *blue_tile(desktop.shot(f"{name}-03-voting", presenter), presenter_width))
            target: list[tuple[int, int]] = []
            wait_for(lambda: target.append(option_a(desktop.shot(f"{name}-04-blue-picked", presenter))) or target[-1],
                     "the options to light up for Blue")  # fmt: skip
            assert target[-1] is not None
            desktop.click(presenter, *target[-1])  # Blue taps option A
            wait_for(decided(2), "Blue's vote by clicks")
            desktop.keys("3", "a")
            wait_for(decided(3), "Green's vote by keys")
            desktop.shot(f"{name}-05-three-locked-in", presenter)

            desktop.focus(console)
            desktop.keys("F7", "F8")  # lock, reveal
            wait_for(lambda: desktop.events("result_revealed") == 1, "the reveal")
            desktop.focus(presenter)
            desktop.shot(f"{name}-06-reveal", presenter)
            desktop.keys("F11")  # the whole display, as on a projector mirroring it
            wait_for(lambda: desktop.geometry(presenter)[2:] == (width, height), "the presenter to fill the screen")
            desktop.shot(f"{name}-06b-reveal-full-screen", presenter)
            desktop.keys("F11")
            wait_for(lambda: desktop.geometry(presenter)[2] < width or width == 1280, "the presenter to be a window")
            desktop.keys("ctrl+shift+n")  # the norm lens, from the presenter's own keyboard
            desktop.shot(f"{name}-07-norm-lens", presenter)
            plain = brightness(desktop.shot(f"{name}-07-norm-lens", presenter))
            desktop.keys("ctrl+h")
            assert brightness(desktop.shot(f"{name}-08-high-contrast", presenter)) < plain * 0.5
            desktop.focus(console)
            desktop.shot(f"{name}-09-console", console)
            desktop.keys("F1")
            desktop.shot(f"{name}-10-console-help", console)
            desktop.keys("Escape", "ctrl+q")
            assert app.wait(timeout=20) == 0  # the presenter closed with the console
        finally:
            errors = desktop.close_all()
        for error in errors:
            assert "Traceback" not in error, error

    result = subprocess.run(desktop.command("debrief", "latest", "--format", "json"), env=desktop.env,
                            capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    exported = json.loads(result.stdout)
    decisions = [(team["name"], decision) for team in exported["teams"] for decision in team["decisions"]]
    votes = {(name, d["inject"]): (d["option"], d["source"]) for name, d in decisions}
    assert votes == {
        ("Red", INJECT): ("one-phone", "presenter"),
        ("Blue", INJECT): ("compel-key", "presenter"),
        ("Green", INJECT): ("compel-key", "presenter"),
    }
