"""The room on the console: the Presenter menu's switch, where it listens, and ties to settle.

Opening asks which of the laptop's addresses phones should use (the session's own if it
had a room before). While it is open the status bar says where and how many phones have
joined, and the shared screen shows the QR code. When voting locks on a tie among a team's
phones, the console asks the facilitator to pick; cancelled, the question waits behind
Ctrl+Shift+T and the reveal waits for it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from tabletop.core.events import EventKind
from tabletop.gui.widgets import make

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from tabletop.core.events import Event
    from tabletop.core.exercise import Exercise
    from tabletop.gui.controller import SessionController
    from tabletop.gui.dialogs.questions import Dialogs
    from tabletop.gui.presenter.switch import PresenterSwitch
    from tabletop.gui.room_link import RoomLink, Where

ROOM_EVENTS = frozenset({EventKind.DEVICE_JOINED, EventKind.ROOM_OPENED})


class RoomControls(QObject):
    def __init__(
        self,
        controller: SessionController,
        link: RoomLink,
        window: QMainWindow,
        actions: dict[str, QAction],
        dialogs: Dialogs,
        presenter: PresenterSwitch | None = None,
    ) -> None:
        super().__init__(window)
        self._controller, self._link, self._window = controller, link, window
        self._action, self._dialogs, self._presenter = actions["room"], dialogs, presenter
        self.status = make(QLabel(), "roomStatus", visible=False)
        window.statusBar().addPermanentWidget(self.status)
        self._action.setCheckable(True)
        self._action.toggled.connect(self._on_room_toggled)
        actions["settle_tie"].triggered.connect(self.settle_ties)
        link.opened.connect(self._on_link_opened)
        link.closed.connect(self._on_link_closed)
        link.failed.connect(self._on_link_failed)
        controller.changed.connect(self._on_controller_changed)

    def _on_room_toggled(self, on: bool) -> None:
        if on == (self._link.is_open or self._link.waiting):
            return
        if not on:
            self._link.close()
            self._show_status()
            return
        from tabletop.room.server import addresses

        host, port = self._link.suggested()
        answer = self._dialogs.ask_room(self._window, addresses(), host, port)
        if answer is None or not self._link.open(*answer):
            self._check(self._link.waiting)
        self._show_status()

    def _check(self, on: bool) -> None:
        blocked = self._action.blockSignals(True)
        self._action.setChecked(on)
        self._action.blockSignals(blocked)

    def _on_link_opened(self, where: Where) -> None:
        from tabletop.gui.presenter.screens import RoomAddress

        self._check(True)
        if self._presenter is not None:
            self._presenter.set_room(RoomAddress(where.url, where.code))
        self._show_status()

    def _on_link_closed(self) -> None:
        self._check(self._link.waiting)
        if self._presenter is not None:
            self._presenter.set_room(None)
        self._show_status()

    def _on_link_failed(self, why: str) -> None:
        self._check(False)
        self._controller.error_raised.emit(f"The room did not open: {why}")
        self._show_status()

    def _on_controller_changed(self, events: list[Event]) -> None:
        if any(event.kind in ROOM_EVENTS for event in events):
            self._show_status()
        if any(event.kind is EventKind.VOTING_LOCKED for event in events):
            exercise = self._controller.exercise
            if exercise is not None and exercise.pending_ties():
                QTimer.singleShot(0, self.settle_ties)  # after the lock has been drawn

    def _show_status(self) -> None:
        where, exercise = self._link.where, self._controller.exercise
        if where is None:
            self.status.setText("Room: opens with the next session" if self._link.waiting else "")
            self.status.setVisible(self._link.waiting)
            return
        phones = len(exercise.room_devices()) if exercise is not None else 0
        self.status.setText(f"Room: {where.url} · code {where.code} · {phones} phone{'s' if phones != 1 else ''}")
        self.status.setToolTip("Phones on the same network open this address, or scan the code on the shared screen")
        self.status.show()

    def settle_ties(self) -> None:
        """Ask, team by team, which of the tied options is the team's answer."""
        exercise = self._controller.exercise
        if exercise is None:
            return
        for team, inject_id, tied in exercise.pending_ties():
            inject = exercise.inject(inject_id)
            labels = [f"{inject.letter(option)}  {inject.option(option).label}" for option in tied]
            question = f"{team}'s phones tied on “{inject.title}”. Which answer stands for the team?"
            picked = self._dialogs.pick_tie(self._window, question, labels)
            if picked is None:
                self._controller.error_raised.emit(f"{team}'s tie waits for your pick (Ctrl+Shift+T) before the reveal")
                return
            settle = partial(_settle, team=team, inject_id=inject_id, option=tied[picked])
            error = self._controller.run_together([settle])[0]
            if error is not None:
                self._controller.error_raised.emit(f"{team}'s tie is not settled: {error}")
                return


def _settle(exercise: Exercise, team: str, inject_id: str, option: str) -> list[Event]:
    return exercise.settle_tie(team=team, inject_id=inject_id, option=option)
