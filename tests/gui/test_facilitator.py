"""What a facilitator in front of a room needs from the console: no silent control, a next step, clear words.

Each test here is one finding of the live-room run-through (issue 16), checked in the window.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabBar, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import scripted, start_console

from tabletop.core.errors import ExerciseError
from tabletop.core.events import Source
from tabletop.core.library import read_file
from tabletop.gui.actions import CONTROLS
from tabletop.gui.app import Console
from tabletop.gui.dialogs.adhoc import AdhocDialog, parse_options

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73")]


@pytest.fixture
def console(qtbot: QtBot, tmp_path: Path, valid_file: Path) -> Console:
    console = start_console(qtbot, tmp_path)
    assert console.controller.new_session(read_file(valid_file), "Drill", "Ana", TEAMS)
    return console


def silent_controls(console: Console) -> list[str]:
    """Controls that are disabled without saying why, in their tooltip and status tip."""
    found = []
    for control in CONTROLS:
        action = console.window.controls[control.name]
        if not action.isEnabled() and ("not now:" not in action.toolTip() or not action.statusTip()):
            found.append(control.name)
    return found


def test_every_disabled_control_says_why_at_every_step(console: Console) -> None:
    controller = console.controller
    steps = [
        lambda: None,
        controller.deliver_next,
        controller.open_voting,
        lambda: controller.record_decision("Red", "ask", "refuse"),
        controller.toggle_pause,
        controller.toggle_pause,
        controller.lock_voting,
        controller.reveal,
        controller.deliver_next,  # the consequence: nobody chose comply, so "talk" comes next
        controller.open_voting,
        controller.lock_voting,
        controller.reveal,
        controller.end,
    ]
    disabled_seen = set()
    for step in steps:
        step()
        assert silent_controls(console) == [], step
        disabled_seen |= {c.name for c in CONTROLS if not console.window.controls[c.name].isEnabled()}
    assert {"deliver", "open_voting", "lock_voting", "reveal", "next", "undo", "team_4"} <= disabled_seen
    controller.close_session()
    assert silent_controls(console) == []


def test_disabled_controls_say_what_to_do_instead(console: Console) -> None:
    controller, window = console.controller, console.window
    controller.deliver_next()
    controller.open_voting()
    assert "lock it first (F7)" in window.controls["deliver"].toolTip()
    assert "lock it first (F7)" in window.controls["reveal"].toolTip()
    controller.toggle_pause()
    assert "resume first (Ctrl+P)" in window.controls["countdown"].toolTip()
    assert window.controls["decide"].isEnabled()  # the facilitator can still record while the room waits


def test_a_key_of_a_disabled_control_says_why_in_the_status_line(qtbot: QtBot, console: Console) -> None:
    window = console.window
    qtbot.keyClick(window, Qt.Key.Key_F7)  # lock, before anything is delivered
    assert "Lock: not now" in window.statusBar().currentMessage()
    assert "deliver an inject first" in window.statusBar().currentMessage()


def test_the_next_step_is_always_in_words(console: Console) -> None:
    controller, run = console.controller, console.window.run_view
    assert run is not None
    said = [run.next_line.text()]
    controller.deliver_next()
    said.append(run.next_line.text())
    controller.open_voting()
    controller.record_decision("Red", "ask", "refuse")
    said.append(run.next_line.text())
    controller.toggle_pause()
    said.append(run.next_line.text())
    controller.toggle_pause()
    controller.lock_voting()
    said.append(run.next_line.text())
    controller.reveal()
    said.append(run.next_line.text())
    assert "F9" in said[0]
    assert "open voting with F6" in said[1]
    assert "1 of 3 teams answered, waiting for Blue and Green" in said[2]
    assert "Paused" in said[3]
    assert "reveal the choices with F8" in said[4]
    assert "deliver it with F9" in said[5]
    controller.deliver_next()
    controller.reveal()
    assert "That was the last inject: end the session with Ctrl+Shift+E" in run.next_line.text()


def test_locking_names_the_teams_that_gave_no_answer(qtbot: QtBot, console: Console) -> None:
    console.controller.deliver_next()
    console.controller.open_voting()
    console.controller.record_decision("Blue", "ask", "comply")
    console.window.controls["lock_voting"].trigger()
    assert "No answer from Red, Green" in console.window.statusBar().currentMessage()


def test_saving_the_hotwash_says_so(qtbot: QtBot, console: Console) -> None:
    view = console.window.debrief_view
    assert view is not None
    console.window.show_page(view)
    view.strengths.setPlainText("Calm under pressure")
    console.window.controls["save_hotwash"].trigger()
    assert "Hotwash saved" in console.window.statusBar().currentMessage()
    console.window.controls["save_hotwash"].trigger()
    assert "saved already" in console.window.statusBar().currentMessage()


def test_a_revision_after_the_reveal_asks_first(qtbot: QtBot, console: Console) -> None:
    controller, dialogs = console.controller, scripted(console)
    controller.deliver_next()
    controller.open_voting()
    controller.record_decision("Red", "ask", "refuse")
    controller.lock_voting()
    controller.reveal()
    run = console.window.run_view
    assert run is not None
    dialogs.answers.append(False)  # the facilitator thinks better of it
    run.board.open_decision("Red")
    from tabletop.gui.dialogs.decision import DecisionDialog

    dialog = next(d for d in console.window.findChildren(DecisionDialog) if d.isVisible())
    dialog.rationale.setPlainText("We thought again")
    dialog.accept()
    assert "confirm Revise after the reveal" in dialogs.asked
    assert controller.exercise is not None
    assert controller.exercise.final("Red", "ask").rationale == ""  # type: ignore[union-attr]
    dialogs.answers.append(True)
    dialog.accept()
    assert controller.exercise.final("Red", "ask").rationale == "We thought again"  # type: ignore[union-attr]


def test_the_countdown_stops_showing_once_voting_is_locked(console: Console) -> None:
    run = console.window.run_view
    assert run is not None
    console.controller.deliver_next()
    console.controller.open_voting()  # "ask" has a five-minute countdown
    run.tick()
    assert run.countdown.isVisibleTo(run)
    console.controller.lock_voting()
    run.tick()
    assert not run.countdown.isVisibleTo(run)


def test_the_run_sheet_keeps_titles_readable_when_targets_are_known(console: Console) -> None:
    controller = console.controller
    controller.deliver_next()
    controller.open_voting()
    for team in ("Red", "Blue", "Green"):
        controller.record_decision(team, "ask", "comply")
    run = console.window.run_view
    assert run is not None
    model, sheet = run.sheet_model, run.sheet
    row = model.row_of("leak")
    assert model.index(row, 2).data() == "→ 3 teams"  # the long list is in the tooltip
    assert model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole) == "→ Red, Blue, Green"
    assert sheet.columnWidth(2) < sheet.columnWidth(1)


def test_the_room_preview_shows_what_the_shared_screen_shows(console: Console) -> None:
    run = console.window.run_view
    assert run is not None
    console.controller.deliver_next()
    run.views.setCurrentWidget(run.room_preview)
    text = run.room_preview.toPlainText()
    assert "An agency asks" in text
    assert "Keeps products trustworthy" not in text  # a why is facilitator-only


def test_the_room_votes_not_while_paused(qtbot: QtBot, console: Console) -> None:
    controller = console.controller
    presenter = console.presenter
    assert presenter is not None
    window = presenter.open()
    controller.deliver_next()
    controller.open_voting()
    controller.toggle_pause()
    qtbot.keyClicks(window, "1A")
    assert window.feedback.text() == "The session is paused: votes wait until the facilitator resumes"
    assert controller.exercise is not None
    assert controller.exercise.final("Red", "ask") is None
    controller.toggle_pause()
    qtbot.keyClicks(window, "1A")
    assert controller.exercise.final("Red", "ask").source is Source.PRESENTER  # type: ignore[union-attr]


def test_an_adhoc_option_line_reads_norms_and_stakes() -> None:
    first, second = parse_options("Patch quietly | ms-2 +1 reported; economy \u22121 vendor cost\n\nSay nothing\n")
    assert first.label == "Patch quietly"
    assert [(x.norm, x.effect, x.why) for x in first.norms] == [("MS-2", 1, "reported")]
    assert [(x.stake, x.effect, x.why) for x in first.stakes] == [("economy", -1, "vendor cost")]
    assert (second.label, second.norms, second.stakes) == ("Say nothing", (), ())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("| MS-1 -1", "option line 1 needs a label"),
        ("Fine\nBad | MS-1", "option line 2: write each effect as an id, a number and why, not ' MS-1'"),
        ("Odd | XX-9 +1 why", "option line 1: 'XX-9' is neither a norm"),
    ],
)
def test_a_bad_adhoc_option_line_is_named(text: str, message: str) -> None:
    with pytest.raises(ExerciseError, match=re.escape(message)):
        parse_options(text)


def test_an_adhoc_inject_for_some_teams_keeps_what_was_typed_when_refused(qtbot: QtBot, console: Console) -> None:
    console.window.controls["adhoc"].trigger()
    dialog = console.window.findChild(AdhocDialog, "adhocDialog")  # open beside the console, not blocking it
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "Leak")
    dialog.body.setPlainText("A journalist has the memo.")
    qtbot.keyClicks(dialog.question, "Confirm?")
    dialog.options.setPlainText("Confirm | MS-6 +3 too much")
    dialog.teams[1].setChecked(False)  # not Blue
    dialog.ok.click()
    assert dialog.isVisible()  # the core refuses an effect of 3, and the dialog says so
    assert "from -2 to 2" in dialog.findChild(QLabel, "formError").text()
    assert dialog.title.text() == "Leak"  # nothing typed is lost
    dialog.options.setPlainText("Confirm | MS-6 +1 candour; public -1 embarrassing\nDeny")
    dialog.ok.click()
    assert not dialog.isVisible()
    exercise = console.controller.exercise
    assert exercise is not None
    (inject,) = exercise.adhoc_injects()
    assert exercise.recipients(inject.id) == ("Red", "Green")
    assert [option.label for option in inject.options] == ["Confirm", "Deny"]
    view = console.window.run_view
    assert view is not None
    assert view.selected_inject() == inject.id  # Deliver (F5) sends it next


def test_after_a_note_the_keys_drive_the_session_again(qtbot: QtBot, console: Console) -> None:
    view = console.window.run_view
    assert view is not None
    console.window.show()
    console.window.activateWindow()
    console.window.controls["note"].trigger()
    assert view.notes.field.hasFocus()
    qtbot.keyClicks(view.notes.field, "Blue split three to two")
    qtbot.keyClick(view.notes.field, Qt.Key.Key_Return)
    assert view.notes.field.text() == ""
    assert not view.notes.field.hasFocus()  # so Ctrl+Z undoes a decision, not the typing
    assert view.sheet.hasFocus()


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys the window answers to now: its menus, visible buttons, tabs and labelled fields."""
    found: dict[str, list[str]] = {}

    def add(text: str) -> None:
        letter = re.search(r"&([^&\s])", text.replace("&&", ""))
        if letter:
            found.setdefault(letter.group(1).lower(), []).append(text)

    for menu in window.menuBar().findChildren(QMenu):
        if menu.menuAction() in window.menuBar().actions():
            add(menu.title())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text())
        elif isinstance(widget, QAbstractButton | QGroupBox):
            add(widget.text() if isinstance(widget, QAbstractButton) else widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index))
    return found


def test_no_two_alt_keys_clash_on_any_page(qtbot: QtBot, console: Console) -> None:
    window = console.window
    controller = console.controller
    clashes = {}
    for page in ("run_view", "debrief_view"):
        window.controls[page].trigger()
        clashes[page] = {key: texts for key, texts in mnemonics(window).items() if len(texts) > 1}
    controller.close_session()
    clashes["start"] = {key: texts for key, texts in mnemonics(window).items() if len(texts) > 1}
    assert clashes == {"run_view": {}, "debrief_view": {}, "start": {}}
