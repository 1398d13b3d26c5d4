"""The presenter driven as a room and a facilitator would: taps and keys on the shared screen, keys on the console.

The votes go in only through the presenter window (qtbot clicks and key presses); the
facilitator's moves only through the console's keys. The result is read from the exercise
and from the JSON debrief.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import DATA, ScriptedDialogs

from tabletop.core.exercise import Exercise
from tabletop.core.library import read_file, resolve
from tabletop.core.model import NormEffect
from tabletop.gui.app import Console, build, finish
from tabletop.gui.presenter.page import DocumentView
from tabletop.gui.presenter.window import PresenterWindow

KEY = Qt.Key
MOD = Qt.KeyboardModifier
TEAMS = [("Red", "#D55E00"), ("Blue", "#0072B2"), ("Green", "#009E73"), ("Gold", "#E69F00")]


def start(qtbot: QtBot, tmp_path: Path, presenter: bool = True) -> Console:
    """A console on its own database, shown and active, as ``tabletop --presenter`` opens it."""
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / "valid.toml", folder / "tiny.toml")
    console = build(tmp_path / "tabletop.db", folder, ScriptedDialogs(), tmp_path / "tabletop.log")
    qtbot.addWidget(console.window)
    console.window.resize(1366, 768)
    with qtbot.waitActive(console.window):
        console.window.show()
        console.window.activateWindow()
    finish(console, presenter=presenter)
    qtbot.waitUntil(lambda: console.presenter is not None)  # the pages built after the start page
    if presenter:
        window = shared_screen(console)
        qtbot.addWidget(window)
        window.resize(1280, 720)
    return console


def shared_screen(console: Console) -> PresenterWindow:
    assert console.presenter is not None
    assert console.presenter.window is not None
    return console.presenter.window


def new_session(console: Console, scenario: str = "tiny") -> None:
    source = read_file(DATA / "valid.toml") if scenario == "tiny" else resolve(scenario)
    assert console.controller.new_session(source, "Ministry drill", "Ana", TEAMS)


def press(qtbot: QtBot, console: Console, key: Qt.Key, modifier: Qt.KeyboardModifier = MOD.NoModifier) -> None:
    """A facilitator's key on the console, wherever its focus is."""
    qtbot.keyClick(QApplication.focusWidget() or console.window, key, modifier)


def link_point(view: DocumentView, href: str, offset: int = 0) -> QPoint:
    """Where a link is drawn in a document view (``offset`` pixels to the right of its start)."""
    document = view.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                rect = view.cursorRect(cursor)
                return QPoint(rect.left() + offset, rect.center().y())
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link {href} on the screen")


def tap(qtbot: QtBot, view: DocumentView, href: str, offset: int = 0) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=link_point(view, href, offset))


def type_keys(qtbot: QtBot, window: PresenterWindow, keys: str) -> None:
    for key in keys:
        qtbot.keyClick(window, getattr(KEY, f"Key_{key}"))


def texts(window: QWidget) -> list[str]:
    """Every text the presenter shows or carries: titles, labels, tips, documents."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        found += [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.whatsThis()]
        found += [widget.accessibleName(), widget.accessibleDescription()]
        for reader in ("text", "toHtml", "toPlainText"):
            method = getattr(widget, reader, None)
            if callable(method):
                found.append(str(method()))
    return [text for text in found if text]


def test_every_team_votes_on_the_presenter_and_the_decisions_are_theirs(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    assert presenter.windowTitle() == "Tabletop Presenter"
    assert console.window.isActiveWindow()  # opening the shared screen left the keyboard with the console
    new_session(console)
    qtbot.waitUntil(lambda: presenter.windowTitle() == "Tabletop Presenter — Tiny")
    assert "Ministry drill" in presenter.main.toPlainText()

    press(qtbot, console, KEY.Key_F9)  # deliver
    qtbot.waitUntil(lambda: "An agency asks" in presenter.main.toPlainText())
    type_keys(qtbot, presenter, "1")
    assert presenter.feedback.text() == "Voting has not opened yet"
    press(qtbot, console, KEY.Key_F6)  # open voting
    qtbot.waitUntil(lambda: presenter.screen_value.voting)

    tap(qtbot, presenter.teams, "team:1")  # Red taps its tile ...
    assert presenter.votes.selected == 1
    assert "▶&nbsp;choose" in presenter.teams.html
    tap(qtbot, presenter.main, "option:B")  # ... then Comply
    assert presenter.feedback.text() == "Red answered"
    assert presenter.votes.selected is None
    type_keys(qtbot, presenter, "2A")  # Blue types its number, then Refuse
    assert presenter.feedback.text() == "Blue answered"
    tap(qtbot, presenter.teams, "team:3", offset=200)  # Green taps its tile's margin, then types
    type_keys(qtbot, presenter, "B")
    type_keys(qtbot, presenter, "4")
    qtbot.keyClick(presenter, KEY.Key_Escape)  # Gold changes its mind about voting now
    assert presenter.votes.selected is None
    type_keys(qtbot, presenter, "C")
    assert presenter.feedback.text() == "First tap your team, or press its number"
    type_keys(qtbot, presenter, "1A")  # Red changes its choice before the lock
    assert presenter.feedback.text() == "Red changed their choice"
    assert presenter.teams.toPlainText().count("✓ answered") == 3  # not "locked in": voting is still open
    assert "locked in" not in presenter.teams.toPlainText()
    assert "→" not in presenter.teams.toPlainText()  # nobody's choice shows yet

    press(qtbot, console, KEY.Key_F7)  # lock
    qtbot.waitUntil(lambda: presenter.screen_value.phase == "locked")
    assert presenter.teams.toPlainText().count("✓ locked in") == 3
    type_keys(qtbot, presenter, "4A")
    assert presenter.feedback.text() == "Voting is closed"
    press(qtbot, console, KEY.Key_F8)  # reveal
    qtbot.waitUntil(lambda: "→ A" in presenter.teams.toPlainText())
    assert presenter.teams.toPlainText().count("→ A") == 2
    assert "3 Green  → B" in presenter.teams.toPlainText()
    assert "No answer: Gold" in presenter.main.toPlainText()

    press(qtbot, console, KEY.Key_F9)  # the consequence reaches Green alone, who chose Comply
    qtbot.waitUntil(lambda: "It leaked" in presenter.main.toPlainText())
    assert "For Green" in presenter.main.toPlainText()
    press(qtbot, console, KEY.Key_F6)
    qtbot.waitUntil(lambda: presenter.screen_value.voting)
    tap(qtbot, presenter.teams, "team:1")
    assert presenter.feedback.text() == "This inject is for Green"
    type_keys(qtbot, presenter, "3B")
    press(qtbot, console, KEY.Key_F7)
    press(qtbot, console, KEY.Key_F8)
    qtbot.waitUntil(lambda: presenter.screen_value.phase == "revealed")

    exercise = console.controller.exercise
    assert exercise is not None
    finals = {(d.team, d.inject): (d.option, d.source.value) for d in exercise.final_decisions()}
    assert finals == {
        ("Red", "ask"): ("refuse", "presenter"),
        ("Blue", "ask"): ("refuse", "presenter"),
        ("Green", "ask"): ("comply", "presenter"),
        ("Green", "leak"): ("hide", "presenter"),
    }
    from tabletop.reports.export import render

    exported = json.loads(render(exercise, "json"))
    decisions = {(team["name"], d["inject"]): d for team in exported["teams"] for d in team["decisions"]}
    assert {key: (d["option"], d["source"]) for key, d in decisions.items()} == finals

    press(qtbot, console, KEY.Key_E, MOD.ControlModifier | MOD.ShiftModifier)  # end (the scripted facilitator confirms)
    qtbot.waitUntil(lambda: "The exercise is over" in presenter.main.toPlainText())
    console.window.close()
    qtbot.waitUntil(lambda: not presenter.isVisible())  # the shared screen closes with the console


def norm_effects(exercise: Exercise) -> list[NormEffect]:
    return [effect for inject in exercise.scenario.injects() for option in inject.options for effect in option.norms]


def test_nothing_facilitator_only_shows_before_the_reveal(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console, "lawful-access")
    controller = console.controller
    exercise = controller.exercise
    assert exercise is not None
    press(qtbot, console, KEY.Key_N, MOD.ControlModifier | MOD.ShiftModifier)  # the lens on: it waits for the reveal
    forbidden = {"A note only the facilitator reads"}
    forbidden |= {part for inject in exercise.scenario.injects() for part in (inject.guidance, inject.source)}
    forbidden |= {part for effect in norm_effects(exercise) for part in (effect.why, effect.norm)}
    forbidden.discard("")
    always_hidden = {text for text in forbidden if not any(text in (e.why, e.norm) for e in norm_effects(exercise))}
    walked = 0
    while exercise.next_inject():
        press(qtbot, console, KEY.Key_F9)
        assert controller.add_note("A note only the facilitator reads")
        inject = exercise.inject(exercise.current or "")
        recipients = [t.number for t in exercise.teams if t.name in exercise.delivery(inject.id).teams]
        for step in ("delivered", "voting", "changed", "locked"):
            if step == "voting":
                press(qtbot, console, KEY.Key_F6)
            for number in recipients if step in ("voting", "changed") and inject.options else ():
                letter = "AB"[(number + (step == "changed")) % 2]
                type_keys(qtbot, presenter, f"{number}{letter}")
            if step == "locked":
                press(qtbot, console, KEY.Key_F7)
            shown = texts(presenter)
            leaked = {secret for secret in forbidden for text in shown if secret in text}
            assert not leaked, (inject.id, step, leaked)
            for option in inject.options:  # each label once, as an option: never beside a team
                assert presenter.main.toPlainText().count(option.label) == 1, option.label
            assert "→" not in presenter.teams.toPlainText()
            walked += 1
        press(qtbot, console, KEY.Key_F8)
        qtbot.waitUntil(lambda: presenter.screen_value.phase == "revealed")
        after = " ".join(texts(presenter))
        if any(e.effect for option in inject.options for e in option.norms):  # the lens was on all along
            assert "upholds" in after or "strains" in after
        assert not {secret for secret in always_hidden if secret in after}
    assert walked == 4 * len(exercise.deliveries())


def test_choices_do_not_change_what_the_room_sees_until_the_reveal(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console, "lawful-access")
    press(qtbot, console, KEY.Key_F9)
    press(qtbot, console, KEY.Key_F6)
    type_keys(qtbot, presenter, "1A2B3C")
    qtbot.keyClick(presenter, KEY.Key_Escape)  # back to the standing hint
    before = [text for text in texts(presenter)]
    type_keys(qtbot, presenter, "1D2A3B")  # every team changes its choice
    qtbot.keyClick(presenter, KEY.Key_Escape)
    assert texts(presenter) == before


def test_the_countdown_turns_amber_then_red(qtbot: QtBot, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette

    from tabletop.gui.controller import SessionController
    from tabletop.gui.presenter.html import HIGH_CONTRAST, LIGHT

    controller = SessionController(tmp_path / "t.db", tmp_path / "scenarios", clock=clock)
    assert controller.start()
    presenter = PresenterWindow(controller)
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    presenter.show()
    assert controller.new_session(read_file(DATA / "valid.toml"), "Drill", "", TEAMS)
    controller.deliver_next()
    controller.open_voting()  # a five-minute countdown starts

    def colours() -> tuple[str, str]:
        palette = presenter.countdown.palette()
        return palette.color(QPalette.ColorRole.Window).name(), palette.color(QPalette.ColorRole.WindowText).name()

    assert presenter.countdown.text() == "05:00 left"
    clock.advance(250)
    controller.ticked.emit()
    assert presenter.countdown.text() == "00:50 left"
    assert colours()[1] == LIGHT.warning.lower()
    clock.advance(45)
    controller.ticked.emit()
    assert colours() == (LIGHT.urgent.lower(), "#ffffff")
    assert presenter.countdown.autoFillBackground()
    clock.advance(10)
    controller.ticked.emit()
    assert presenter.countdown.text() == "+00:05 over"
    presenter.set_contrast(True)
    controller.ticked.emit()
    assert colours() == (HIGH_CONTRAST.urgent.lower(), "#ffffff")
    assert not presenter.paused.isVisible()
    controller.toggle_pause()  # the room is on hold: the clock stands still, and says so
    clock.advance(60)
    controller.ticked.emit()
    assert presenter.paused.isVisible()
    assert presenter.countdown.text() == "+00:05 over"
    controller.toggle_pause()
    controller.lock_voting()
    assert not presenter.countdown.isVisible()
    controller.shutdown()


def test_type_scales_with_the_window_and_the_facilitators_setting(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console)
    press(qtbot, console, KEY.Key_F9)
    presenter.resize(1280, 720)
    small = presenter.stage.font().pixelSize()
    assert presenter.look().base == 24
    assert f"font-size: {round(24 * presenter.main.fit)}px" in presenter.main.html
    presenter.resize(3840, 2160)
    qtbot.waitUntil(lambda: presenter.look().base == 72)
    assert 2.9 < presenter.stage.font().pixelSize() / small < 3.1
    assert f"font-size: {round(72 * presenter.main.fit)}px" in presenter.main.html
    presenter.resize(1280, 720)
    press(qtbot, console, KEY.Key_Equal, MOD.ControlModifier)  # bigger, from the console
    assert presenter.stage.font().pixelSize() > small
    qtbot.keyClick(presenter, KEY.Key_Minus, MOD.ControlModifier)  # smaller, on the shared screen itself
    qtbot.keyClick(presenter, KEY.Key_Minus, MOD.ControlModifier)
    assert presenter.stage.font().pixelSize() < small
    assert presenter.stage.font().family() == "DejaVu Sans"


@pytest.fixture
def console_look() -> Iterator[None]:
    """The style sheet and font ``tabletop`` gives the whole application: the presenter must read right under them."""
    from tabletop.gui.app import FONT, STYLE

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    app.setFont(QFont(FONT, 10))
    app.setStyleSheet(STYLE)
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)


def colours_in(widget: QWidget) -> set[str]:
    """The colours a widget paints, sampled on a grid."""
    image = widget.grab().toImage()
    step = max(image.width() // 150, 1)
    return {image.pixelColor(x, y).name() for x in range(0, image.width(), step) for y in range(image.height())}


@pytest.mark.usefixtures("console_look")
def test_high_contrast_and_the_norm_lens_are_the_facilitators_switches(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console)
    press(qtbot, console, KEY.Key_F9)
    assert {"#f4f2ec", "#1b1b1b"} <= colours_in(presenter.main) | colours_in(presenter.stage)
    press(qtbot, console, KEY.Key_H, MOD.ControlModifier)
    for part in (presenter.main, presenter.stage, presenter.teams, presenter.feedback):  # white on black, painted
        seen = colours_in(part)
        assert "#000000" in seen, part.objectName()
        assert "#f4f2ec" not in seen, part.objectName()
    assert "#ffffff" in colours_in(presenter.main) & colours_in(presenter.stage)
    press(qtbot, console, KEY.Key_F6)
    type_keys(qtbot, presenter, "1B")
    for key in (KEY.Key_F7, KEY.Key_F8):
        press(qtbot, console, key)
    assert "Plants a backdoor" not in presenter.main.toPlainText()
    press(qtbot, console, KEY.Key_N, MOD.ControlModifier | MOD.ShiftModifier)
    assert "▼ strains MS-1" in presenter.main.toPlainText()
    assert "Plants a backdoor" in presenter.main.toPlainText()
    press(qtbot, console, KEY.Key_U, MOD.ControlModifier | MOD.ShiftModifier)  # the stage is over: sum it up
    qtbot.waitUntil(lambda: "How the stage went" in presenter.main.toPlainText())
    press(qtbot, console, KEY.Key_F9)  # the next delivery leaves the summary, and the switch goes off
    qtbot.waitUntil(lambda: "It leaked" in presenter.main.toPlainText())
    assert not console.window.controls["stage_summary"].isChecked()


def test_a_refusal_is_worded_for_the_room(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tabletop.core.errors import IllegalMove
    from tabletop.core.exercise import Exercise

    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console)
    for key in (KEY.Key_F9, KEY.Key_F6):
        press(qtbot, console, key)

    def refuse(*args: object, **kwargs: object) -> None:
        raise IllegalMove("voting is not open on 'ask' (secret core words)")

    monkeypatch.setattr(Exercise, "decide", refuse)
    type_keys(qtbot, presenter, "2A")
    assert presenter.feedback.text() == "Blue's choice was not taken: voting may have just closed"
    assert "secret core words" not in " ".join(texts(presenter))
    assert "secret core words" in console.window.statusBar().currentMessage()  # the facilitator learns why


def test_the_console_opens_and_closes_the_presenter_and_keeps_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path, presenter=False)
    assert console.presenter is not None
    assert console.presenter.window is None
    press(qtbot, console, KEY.Key_P, MOD.ControlModifier | MOD.ShiftModifier)
    presenter = shared_screen(console)
    qtbot.addWidget(presenter)
    qtbot.waitUntil(presenter.isVisible)
    qtbot.waitUntil(console.window.isActiveWindow)
    assert not presenter.isFullScreen()  # one display: an ordinary window beside the console
    assert console.window.controls["presenter"].isChecked()
    press(qtbot, console, KEY.Key_P, MOD.ControlModifier | MOD.ShiftModifier)
    qtbot.waitUntil(lambda: not presenter.isVisible())
    press(qtbot, console, KEY.Key_P, MOD.ControlModifier | MOD.ShiftModifier)
    qtbot.waitUntil(presenter.isVisible)
    assert shared_screen(console) is presenter  # the same window, with the facilitator's settings
    presenter.close()  # closed on its own: the console's switch follows
    assert not console.window.controls["presenter"].isChecked()


def test_the_presenter_moves_when_displays_come_and_go(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from tabletop.gui.presenter.switch import PresenterSwitch

    console = start(qtbot, tmp_path)
    placed: list[bool] = []
    monkeypatch.setattr(PresenterSwitch, "place", lambda self: placed.append(True))
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.screenAdded.emit(app.primaryScreen())
    qtbot.waitUntil(lambda: len(placed) == 1)
    app.screenRemoved.emit(app.primaryScreen())
    qtbot.waitUntil(lambda: len(placed) == 2)
    assert console.presenter is not None


def test_the_console_keys_work_while_the_presenter_is_in_front(qtbot: QtBot, tmp_path: Path) -> None:
    console = start(qtbot, tmp_path)
    presenter = shared_screen(console)
    new_session(console)
    with qtbot.waitActive(presenter):  # a team touched the shared screen: it has the keyboard now
        presenter.activateWindow()
    qtbot.keyClick(presenter, KEY.Key_F9)
    qtbot.waitUntil(lambda: "An agency asks" in presenter.main.toPlainText())
    qtbot.keyClick(presenter, KEY.Key_F6)
    qtbot.waitUntil(lambda: presenter.screen_value.voting)


def test_the_console_help_says_how_teams_vote_on_the_presenter() -> None:
    from tabletop.gui.console.help_overlay import help_html

    text = help_html()
    assert "On the presenter, a team types its number and then an option letter" in text
    assert "Presenter" in text  # the presenter's own controls are listed with the others


def test_text_size_and_contrast_are_kept_for_the_next_run(qtbot: QtBot, tmp_path: Path) -> None:
    from tabletop.gui.settings import user_settings as room_settings

    first = start(qtbot, tmp_path)
    presenter = shared_screen(first)
    normal = presenter.text_scale
    press(qtbot, first, KEY.Key_Equal, MOD.ControlModifier)
    press(qtbot, first, KEY.Key_Equal, MOD.ControlModifier)
    press(qtbot, first, KEY.Key_H, MOD.ControlModifier)
    bigger = presenter.text_scale
    assert bigger > normal
    assert presenter.look().contrast
    first.window.close()

    second = start(qtbot, tmp_path)  # a new console, as on the next day in the same room
    again = shared_screen(second)
    assert again.text_scale == bigger
    assert again.look().contrast
    assert second.window.controls["high_contrast"].isChecked()
    second.window.close()

    settings = room_settings()
    settings.setValue("presenter/text_scale", "huge")  # a hand-edited file
    settings.setValue("presenter/high_contrast", "perhaps")
    settings.sync()
    third = start(qtbot, tmp_path)
    assert shared_screen(third).text_scale == normal
    assert not shared_screen(third).look().contrast
