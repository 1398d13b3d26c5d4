"""Votes on the shared screen: a team picks itself (tap its tile, or type its number), then an option.

Each choice goes to the controller as a presenter decision; the core accepts it only while
voting is open on the current inject. What the room reads back never names the option a
team took ("Red answered"), and a refusal is worded for the room, not the facilitator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from tabletop.core.events import DecisionMade, DecisionRevised, Source
from tabletop.gui.presenter.screens import InjectScreen, names_words

if TYPE_CHECKING:
    from tabletop.core.events import Event
    from tabletop.gui.controller import SessionController
    from tabletop.gui.presenter.screens import Screen, TeamTile

DIGIT_MS = 1500  # '1' then '2' within this is team 12 (when there are 12 teams or more)


class TeamKeys:
    """Digits typed one after another, read as a team number.

    With nine teams or fewer every digit picks a team at once; with more, a digit that
    extends the number typed so far to a team that exists does so ('1', '2' -> 12).
    """

    def __init__(self) -> None:
        self._typed = 0

    def press(self, digit: int, teams: int) -> int | None:
        extended = self._typed * 10 + digit
        self._typed = extended if self._typed and extended <= teams else digit
        return self._typed if 1 <= self._typed <= teams else None

    def reset(self) -> None:
        self._typed = 0


class VotePad(QObject):
    """The team about to vote, and the calls that record its choice."""

    selection_changed = Signal()
    said = Signal(str)  # words for the room
    voted = Signal(str, str, str)  # team, inject, option: a choice the team may give a reason for

    def __init__(self, controller: SessionController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.selected: int | None = None
        self._keys = TeamKeys()
        self._digits = QTimer(self, singleShot=True, interval=DIGIT_MS)
        self._digits.timeout.connect(self._keys.reset)

    def press_digit(self, digit: int, screen: Screen) -> None:
        self._digits.start()
        number = self._keys.press(digit, len(screen.teams))
        if number is not None:
            self.pick_team(number, screen)

    def pick_team(self, number: int, screen: Screen) -> None:
        tile = next((tile for tile in screen.teams if tile.number == number), None)
        if tile is None or not isinstance(screen, InjectScreen):
            return
        refusal = _why_not(tile, screen)
        if refusal:
            self.clear()
            self.said.emit(refusal)
            return
        self.selected = number
        self.selection_changed.emit()
        self.said.emit(f"{tile.name}: tap your choice, or press its letter (Esc to cancel)")

    def pick_option(self, letter: str, screen: Screen) -> None:
        if not isinstance(screen, InjectScreen) or not screen.options:
            return
        tile = next((tile for tile in screen.teams if tile.number == self.selected), None)
        refusal = _why_not(tile, screen)
        letters = [row.letter for row in screen.options]
        if not refusal and letter not in letters:
            refusal = f"There is no option {letter}: the options run from {letters[0]} to {letters[-1]}"
        if refusal or tile is None:
            self.said.emit(refusal)
            return
        self.clear()
        self._vote(tile, letters.index(letter))

    def clear(self) -> None:
        self._keys.reset()
        if self.selected is not None:
            self.selected = None
            self.selection_changed.emit()

    def announce(self, events: list[Event]) -> None:
        """Say which teams have just answered on this screen, never what they chose."""
        for event in events:
            payload = event.payload
            if isinstance(payload, DecisionMade) and payload.source is Source.PRESENTER:
                changed = isinstance(payload, DecisionRevised)
                self.said.emit(f"{payload.team} {'changed their choice' if changed else 'answered'}")

    def _vote(self, tile: TeamTile, index: int) -> None:
        exercise = self._controller.exercise
        if exercise is None or exercise.current is None:
            return
        inject = exercise.inject(exercise.current)
        option = inject.options[index].id
        standing = exercise.final(tile.name, inject.id)
        if standing is not None and standing.option == option:  # the same again: nothing to revise
            self.said.emit(f"{tile.name} answered")
            self.voted.emit(tile.name, inject.id, option)
            return
        if not self._controller.record_decision(tile.name, inject.id, option, source=Source.PRESENTER):
            self.said.emit(f"{tile.name}'s choice was not taken: voting may have just closed")
            return
        if self._controller.pending_count:
            self.said.emit(f"Saving {tile.name}'s choice…")
        self.voted.emit(tile.name, inject.id, option)

    def give_reason(self, team: str, inject_id: str, option: str, reason: str) -> bool:
        """A team's one-line reason for the choice it just made: the decision again, with the reason as rationale."""
        reason = " ".join(reason.split())
        if not reason:
            return False
        done = self._controller.record_decision(team, inject_id, option, reason, source=Source.PRESENTER)
        self.said.emit(f"{team}'s reason is in" if done else f"{team}'s reason was not taken: voting may have closed")
        return done


def _why_not(tile: TeamTile | None, screen: InjectScreen) -> str:
    """Why this team (or, with none picked yet, anyone) cannot vote now, in words for the room; empty when it can."""
    if screen.paused:
        return "The session is paused: votes wait until the facilitator resumes"
    if screen.phase == "delivered":
        return "Voting has not opened yet"
    if not screen.voting:
        return "Voting is closed"
    if tile is None:
        return "First tap your team, or press its number"
    if tile.status == "away":
        return f"This inject is for {names_words(screen.for_teams)}"
    if not screen.options:
        return "This question is answered in discussion: tell the facilitator your answer"
    return ""
