"""A whole exercise run through the console alone: clicks and keys, no calls into the core.

The test reads the result only as a user could: the window, and the exported JSON debrief.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from qt_helpers import scripted, start_console

from helpers import start
from tabletop.gui.app import Console

# The offscreen platform cannot pass a dialog's size constraints on to a window system, and
# says so when a dialog with a layout is shown; nothing is wrong with the dialog.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
KEY = Qt.Key
MOD = Qt.KeyboardModifier


def press(qtbot: QtBot, console: Console, key: Qt.Key, modifier: Qt.KeyboardModifier = MOD.NoModifier) -> None:
    """A key pressed with the focus wherever it is in the window (shortcuts are window-wide)."""
    target = QApplication.focusWidget() or console.window
    qtbot.keyClick(target, key, modifier)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, view: QAbstractItemView, text: str, column: int = 0) -> None:
    model = view.model()
    row = next(r for r in range(model.rowCount()) if text in str(model.index(r, column).data()))
    rect = view.visualRect(model.index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def dialog(qtbot: QtBot, console: Console, name: str) -> QDialog:
    found: list[QDialog] = []

    def shown() -> bool:
        found[:] = [d for d in console.window.findChildren(QDialog, name) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def shown_texts(widget: QWidget) -> list[str]:
    """What each label in ``widget`` shows a reader: rich text as rendered, plain text as it is."""
    texts = []
    for label in widget.findChildren(QLabel):
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text())
        )
        if rich:
            document = QTextDocument()
            document.setHtml(label.text())
            texts.append(document.toPlainText())
        else:
            texts.append(label.text())
    return texts


def button(dialog: QDialog, object_name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, object_name)
    assert found is not None, object_name
    return found


def decide(qtbot: QtBot, console: Console, number: int, option: str | None, **fields: str) -> None:
    """Alt+<team number>, pick the option, fill the fields, confirm: as a facilitator would."""
    press(qtbot, console, getattr(KEY, f"Key_{number}"), MOD.AltModifier)
    form = dialog(qtbot, console, "decisionDialog")
    if option:
        choice = form.findChild(QWidget, f"option-{option}")
        qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))  # on the dot
    for name, value in fields.items():
        box = form.findChild(QWidget, name)
        box.setFocus()
        if name != "confidence":
            qtbot.keyClick(box, KEY.Key_A, MOD.ControlModifier)
        qtbot.keyClicks(box, value)
    click(qtbot, form.ok)
    qtbot.waitUntil(lambda: not form.isVisible())


def board_cell(console: Console, team: int, column: int) -> str:
    run = console.window.run_view
    assert run is not None
    return str(run.board.model.index(team, column).data())


def test_a_whole_exercise_through_the_console(qtbot: QtBot, tmp_path: Path) -> None:
    console = start_console(qtbot, tmp_path)
    window, dialogs = console.window, scripted(console)
    start = window.start_page
    run = window.run_view
    assert start is not None
    assert run is not None

    # Library: pick the scenario from the user's folder, set up the session.
    qtbot.waitUntil(lambda: start.library_model.rowCount() > 0)
    click_row(qtbot, start.library, "Tiny")
    click(qtbot, start.findChild(QPushButton, "newSession"))
    setup = dialog(qtbot, console, "newSessionDialog")
    qtbot.keyClicks(setup.session_name, "Ministry drill")
    qtbot.keyClicks(setup.facilitator, "Ana")
    for row in setup.team_rows[2:]:  # keep Red and Blue
        click(qtbot, row.remove)
    click(qtbot, setup.ok)
    qtbot.waitUntil(lambda: window.windowTitle() == "Tabletop — Tiny — Ministry drill")
    assert window.pages.currentWidget() is run

    # The first inject: deliver, vote, record, revise, undo.
    press(qtbot, console, KEY.Key_F9)
    qtbot.waitUntil(lambda: "An agency asks" in run.heading.text())
    press(qtbot, console, KEY.Key_F6)
    qtbot.waitUntil(lambda: "voting open" in run.heading.text())
    decide(qtbot, console, 1, "refuse", rationale="Keeps products trustworthy", confidence="4")
    decide(qtbot, console, 2, "comply", rationale="We need access", dissent="Two members wanted to refuse")
    assert [board_cell(console, row, 1) for row in (0, 1)] == ["✓", "✓"]
    decide(qtbot, console, 2, "refuse")  # a revision ...
    qtbot.waitUntil(lambda: board_cell(console, 1, 2).startswith("A"))
    press(qtbot, console, KEY.Key_Z, MOD.ControlModifier)  # ... undone, audited
    qtbot.waitUntil(lambda: board_cell(console, 1, 2).startswith("B"))
    click_row(qtbot, run.board.table, "Red")
    press(qtbot, console, KEY.Key_E, MOD.ControlModifier)
    revise = dialog(qtbot, console, "decisionDialog")
    qtbot.keyClicks(revise.findChild(QWidget, "confidence"), "5")
    click(qtbot, revise.ok)
    qtbot.waitUntil(lambda: board_cell(console, 0, 3) == "5")
    press(qtbot, console, KEY.Key_F7)
    press(qtbot, console, KEY.Key_F8)
    qtbot.waitUntil(lambda: "revealed" in run.heading.text())

    # A note, and a pause.
    press(qtbot, console, KEY.Key_M, MOD.ControlModifier)
    assert QApplication.focusWidget() is run.notes.field
    qtbot.keyClicks(run.notes.field, "Blue split 3-2")
    qtbot.keyClick(run.notes.field, KEY.Key_Return)
    qtbot.waitUntil(lambda: run.notes.model.rowCount() == 1)
    press(qtbot, console, KEY.Key_P, MOD.ControlModifier)
    qtbot.waitUntil(run.paused.isVisible)
    press(qtbot, console, KEY.Key_P, MOD.ControlModifier)
    qtbot.waitUntil(lambda: not run.paused.isVisible())

    # The consequence reaches Blue only; then the discussion inject, answered and classified.
    press(qtbot, console, KEY.Key_F9)
    qtbot.waitUntil(lambda: "It leaked" in run.heading.text())
    assert [board_cell(console, row, 1) for row in (0, 1)] == ["—", "…"]
    decide(qtbot, console, 2, "warn", rationale="Tell them now")
    press(qtbot, console, KEY.Key_F9)
    qtbot.waitUntil(lambda: "Talk it over" in run.heading.text())
    press(qtbot, console, KEY.Key_T, MOD.ControlModifier)
    qtbot.waitUntil(run.countdown.isVisible)
    decide(qtbot, console, 1, None, rationale="Write the rule down; don't wait")
    click_row(qtbot, run.board.table, "Red")
    press(qtbot, console, KEY.Key_K, MOD.ControlModifier)
    classify = dialog(qtbot, console, "classifyDialog")
    shown = shown_texts(classify)
    assert "Red answered: Write the rule down; don't wait" in shown
    assert "MS-2 Report, don't stockpile" in shown
    assert not [text for text in shown if "&" in text], shown  # no entity shown as written
    for key, why in (("MS-2", "A published rule for disclosure"), ("economy", "Vendors pay for the process")):
        effect = classify.findChild(QWidget, f"effect-{key}")
        effect.setFocus()
        qtbot.keyClick(effect, KEY.Key_Up if key == "MS-2" else KEY.Key_Down)
        qtbot.keyClicks(classify.findChild(QWidget, f"why-{key}"), why)
    click(qtbot, classify.ok)
    qtbot.waitUntil(lambda: not classify.isVisible())

    # End, with the confirmation the scripted facilitator gives, then the hotwash.
    press(qtbot, console, KEY.Key_E, MOD.ControlModifier | MOD.ShiftModifier)
    debrief = window.debrief_view
    assert debrief is not None
    qtbot.waitUntil(lambda: window.pages.currentWidget() is debrief)
    assert "confirm End the session" in dialogs.asked
    qtbot.keyClicks(debrief.strengths, "Quick decisions")
    qtbot.keyClicks(debrief.improvements, "Read the inject aloud")
    click(qtbot, debrief.findChild(QPushButton, "addPlanRow"))
    qtbot.waitUntil(lambda: debrief.plan_table.isAncestorOf(QApplication.focusWidget()))  # the new row's editor
    qtbot.keyClicks(QApplication.focusWidget(), "Write a disclosure rule")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Return)
    qtbot.waitUntil(lambda: bool(debrief.plan.plan()))  # the editor commits on the next turn of the event loop
    click(qtbot, debrief.findChild(QPushButton, "saveHotwash"))

    # Export: JSON to a chosen file, then every format into a folder.
    target = tmp_path / "drill.json"
    dialogs.paths.append(target)
    click(qtbot, debrief.findChild(QPushButton, "export-json"))
    qtbot.waitUntil(lambda: debrief.results.count() == 1, timeout=20_000)
    assert debrief.results.item(0).text().startswith("✓ JSON")
    dialogs.folders.append(tmp_path)
    click(qtbot, debrief.findChild(QPushButton, "export-all"))
    qtbot.waitUntil(lambda: debrief.results.count() == 6, timeout=60_000)
    for row in range(1, 6):  # each format is written, or says plainly why not
        line = debrief.results.item(row).text()
        assert line.startswith(("✓", "✗")), line
        assert "Traceback" not in line
    assert (tmp_path / "ministry-drill-debrief.json").exists()
    assert "save json ministry-drill-debrief.json" in dialogs.asked

    exported = json.loads(target.read_text())
    assert exported["session"]["name"] == "Ministry drill"
    assert exported["session"]["facilitator"] == "Ana"
    assert exported["session"]["ended_at"]
    decisions = {team["name"]: team["decisions"] for team in exported["teams"]}
    assert [team["name"] for team in exported["teams"]] == ["Red", "Blue"]
    red = {d["inject"]: d for d in decisions["Red"]}
    blue = {d["inject"]: d for d in decisions["Blue"]}
    assert (red["ask"]["option"], red["ask"]["confidence"]) == ("refuse", 5)
    assert red["ask"]["rationale"] == "Keeps products trustworthy"
    assert (red["talk"]["option"], red["talk"]["rationale"]) == (None, "Write the rule down; don't wait")
    assert red["talk"]["effects"] == {"MS-2": 1}
    assert red["talk"]["stakes"] == {"economy": -1}  # the classify dialog's stake row
    red_team = next(team for team in exported["teams"] if team["name"] == "Red")
    assert red_team["stakes"]["economy"]["total"] <= -1
    assert (blue["ask"]["option"], blue["ask"]["dissent"]) == ("comply", "Two members wanted to refuse")
    assert blue["ask"]["revisions"] == 2  # revised, then undone: both kept
    assert blue["leak"]["option"] == "warn"
    assert "leak" not in red
    assert [note["text"] for note in exported["notes"]] == ["Blue split 3-2"]
    assert exported["hotwash"] == {
        "strengths": "Quick decisions",
        "improvements": "Read the inject aloud",
        "plan": [{"action": "Write a disclosure rule", "owner": "", "due": ""}],
    }
    kinds = [entry["kind"] for entry in exported["log"]]
    assert kinds.count("paused") == kinds.count("resumed") == 1
    assert any(entry["data"].get("undoes") for entry in exported["log"])


def test_help_lists_every_shortcut_and_toggles(qtbot: QtBot, tmp_path: Path) -> None:
    console = start_console(qtbot, tmp_path)
    window = console.window
    assert window.help is not None
    press(qtbot, console, KEY.Key_F1)
    qtbot.waitUntil(window.help.isVisible)
    card = window.help.findChild(QWidget, "helpCard")
    shown = card.text()  # type: ignore[attr-defined]
    for action in window.controls.values():
        for key in action.shortcuts():
            text = key.toString()
            assert text in shown or text.startswith("Alt+"), text
    qtbot.keyClick(window.help, KEY.Key_Escape)
    qtbot.waitUntil(lambda: not window.help.isVisible())
    press(qtbot, console, KEY.Key_Question)  # the e2e test presses a real Shift+/ under Xvfb
    qtbot.waitUntil(window.help.isVisible)


class EmacsField(QLineEdit):
    """A line edit that claims Ctrl+E, Ctrl+K and Ctrl+Z, as Qt's X11 key bindings make every line edit do."""

    def event(self, event: QEvent) -> bool:
        claimed = (KEY.Key_E, KEY.Key_K, KEY.Key_Z)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == MOD.ControlModifier
            and event.key() in claimed
        ):
            event.accept()
            return True
        return super().event(event)


@pytest.mark.parametrize("controls_first", [True, False], ids=["with-filter", "without"])
def test_control_keys_reach_the_window_from_a_text_field(qtbot: QtBot, controls_first: bool) -> None:
    from tabletop.gui.actions import ControlsFirst, build_actions

    window = QMainWindow()
    qtbot.addWidget(window)
    field = EmacsField(window)
    window.setCentralWidget(field)
    actions = build_actions(window)
    window.addActions(list(actions.values()))
    actions["classify"].setEnabled(False)
    fired: list[str] = []
    for name, action in actions.items():
        action.triggered.connect(lambda _=False, name=name: fired.append(name))
    if controls_first:
        field.installEventFilter(ControlsFirst(actions, window))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)

    qtbot.keyClick(field, KEY.Key_E, MOD.ControlModifier)  # record a decision, not "end of line"
    assert fired == (["decide"] if controls_first else [])
    fired.clear()
    qtbot.keyClick(field, KEY.Key_K, MOD.ControlModifier)  # classify is disabled: the field keeps the key
    qtbot.keyClick(field, KEY.Key_Z, MOD.ControlModifier)  # undo typing, not the last decision
    qtbot.keyClicks(field, "?")  # typed, not the help card
    assert fired == []
    assert field.text() == "?"
    qtbot.keyClick(field, KEY.Key_M, MOD.ControlModifier)  # a key the field never wanted still works
    assert fired == ["note"]


def test_the_console_lets_its_keys_through_the_note_and_hotwash_fields(qtbot: QtBot, tmp_path: Path) -> None:
    from tabletop.gui.actions import ControlsFirst

    console = start_console(qtbot, tmp_path)
    window = console.window
    assert window.run_view is not None
    assert window.debrief_view is not None
    (controls_first,) = window.findChildren(ControlsFirst)
    fields = [window.run_view.notes.field, window.debrief_view.strengths, window.debrief_view.improvements]
    assert all(field in controls_first.fields for field in fields)
    for field in fields:
        probe = QKeyEvent(QEvent.Type.ShortcutOverride, KEY.Key_N, MOD.ControlModifier)  # New session: enabled
        probe.accept()
        assert controls_first.eventFilter(field, probe)
        assert not probe.isAccepted()


def test_an_invalid_scenario_is_listed_inline_with_file_and_line(qtbot: QtBot, tmp_path: Path, data_dir: Path) -> None:
    console = start_console(qtbot, tmp_path)
    start = console.window.start_page
    assert start is not None
    broken = data_dir / "broken" / "duplicate-option-id.toml"
    scripted(console).scenarios.append(broken)
    press(qtbot, console, KEY.Key_O, MOD.ControlModifier)
    qtbot.waitUntil(start.problems.isVisible)
    line = start.problems.item(0).text()
    assert line.startswith(f"{broken}:")
    assert line.split(":")[1].isdigit()  # the line number
    assert "not a valid scenario" in console.window.statusBar().currentMessage()


def test_a_save_that_fails_shows_a_banner_and_lands_later(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tabletop.storage import Store, StoreError

    console = start_console(qtbot, tmp_path)
    window, start = console.window, console.window.start_page
    assert start is not None
    click_row(qtbot, start.library, "Tiny")
    click(qtbot, start.findChild(QPushButton, "newSession"))
    click(qtbot, dialog(qtbot, console, "newSessionDialog").ok)
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Tabletop — Tiny"))
    real_append = Store.append
    failures = iter([True, True, True])

    def full_disk(self: Store, session_id: str, event: object, after: object) -> None:
        if next(failures, False):
            raise StoreError("cannot write to tabletop.db: the disk (or the database's size limit) is full")
        real_append(self, session_id, event, after)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "append", full_disk)
    run = window.run_view
    assert run is not None
    qtbot.keyClicks(run.notes.field, "Written while the disk was full")
    qtbot.keyClick(run.notes.field, KEY.Key_Return)
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text().startswith("⚠ Not saved yet — retrying…")
    assert "disk" in window.banner.text()
    assert not window.controls["next"].isEnabled()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)
    assert run.notes.model.rowCount() == 1
    assert window.controls["next"].isEnabled()


def test_resume_from_the_start_page_and_a_session_in_use(qtbot: QtBot, tmp_path: Path) -> None:
    console = start_console(qtbot, tmp_path)
    window, start, controller = console.window, console.window.start_page, console.controller
    assert start is not None
    click_row(qtbot, start.library, "Tiny")
    click(qtbot, start.findChild(QPushButton, "newSession"))
    setup = dialog(qtbot, console, "newSessionDialog")
    qtbot.keyClicks(setup.session_name, "Resumable")
    click(qtbot, setup.ok)
    qtbot.waitUntil(lambda: "Resumable" in window.windowTitle())
    press(qtbot, console, KEY.Key_F9)
    press(qtbot, console, KEY.Key_L, MOD.ControlModifier)
    controller.close_session()  # as if the console had been closed
    qtbot.waitUntil(lambda: window.windowTitle() == "Tabletop")
    qtbot.waitUntil(lambda: start.sessions_model.rowCount() == 1)
    assert "<b>1 unfinished session</b>" in start.sessions_note.text()
    click_row(qtbot, start.sessions, "Resumable")
    click(qtbot, start.resume_button)
    qtbot.waitUntil(lambda: "Resumable" in window.windowTitle())
    run = window.run_view
    assert run is not None
    assert "An agency asks" in run.heading.text()


def test_resume_latest_opens_straight_into_the_session(qtbot: QtBot, tmp_path: Path, valid_file: Path) -> None:
    from tabletop.core.library import read_file
    from tabletop.storage import Store

    with Store(tmp_path / "tabletop.db") as store:
        exercise = start(store, "s-1", read_file(valid_file), name="Yesterday", teams=["Red"])
        exercise.deliver()
    console = start_console(qtbot, tmp_path, resume="latest")
    qtbot.waitUntil(lambda: console.window.windowTitle() == "Tabletop — Tiny — Yesterday")
    assert console.window.pages.currentWidget() is console.window.run_view


def test_every_page_fits_a_laptop_screen(qtbot: QtBot, tmp_path: Path, valid_file: Path) -> None:
    from tabletop.core.library import read_file

    console = start_console(qtbot, tmp_path)
    window = console.window
    console.controller.new_session(read_file(valid_file), "Drill", "", [("Red", "#D55E00"), ("Blue", "#0072B2")])
    for page in (window.start_page, window.run_view, window.debrief_view):
        window.show_page(page)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366, (page, hint)
        assert hint.height() <= 768, (page, hint)


def test_the_library_shows_the_picked_scenario_its_summary_and_stages(qtbot: QtBot, tmp_path: Path) -> None:
    console = start_console(qtbot, tmp_path)
    page = console.window.start_page
    assert page is not None
    entry = page.selected_entry()
    assert entry is not None
    scenario = entry.file.scenario
    shown = page.details.toPlainText()
    assert shown.startswith(scenario.title)
    assert all(stage.title in shown for stage in scenario.stages)
    assert f"file {scenario.origin}" in shown
    assert page.details.document().toHtml().count("<li") == len(scenario.stages)  # a numbered list, not marks
