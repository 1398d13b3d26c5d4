"""The console's 'what to do next' line: the next key to press, in words, read from where the exercise stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabletop.core.wording import counted, join_names

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise


def next_step(exercise: Exercise | None) -> str:
    if exercise is None:
        return "Pick a scenario and start a session (Ctrl+N), or resume one (Ctrl+Shift+O)"
    if exercise.ended_at:
        return "The session has ended: write the hotwash and export the debrief (Ctrl+2)"
    if exercise.paused:
        return (
            "Paused: the room is on hold and votes wait. Resume with Ctrl+P; notes and decisions can still be recorded"
        )
    current = exercise.current
    if current is None:
        return "Brief the room, then deliver the first inject with F9 (Next)"
    title = exercise.inject(current).title
    phase = exercise.phase.value
    if phase == "delivered":
        return f"The room is reading \u201c{title}\u201d: open voting with F6 (the countdown starts with it)"
    if phase == "voting":
        return _voting(exercise, current)
    if phase == "locked":
        return "Voting is locked: reveal the choices with F8 (Ctrl+Shift+N shows the norm lens with them)"
    following = exercise.next_inject()
    if following is None:
        return "That was the last inject: end the session with Ctrl+Shift+E, or write an ad-hoc inject (Ctrl+I)"
    return f"Revealed. Next is \u201c{exercise.inject(following).title}\u201d: deliver it with F9"


def _voting(exercise: Exercise, inject_id: str) -> str:
    recipients = exercise.recipients(inject_id)
    waiting = [team for team in recipients if exercise.final(team, inject_id) is None]
    if not waiting:
        return "Every team has answered: lock voting with F7, then reveal with F8"
    named = join_names(waiting) if len(waiting) <= 4 else counted(len(waiting), "team")
    answered = len(recipients) - len(waiting)
    return (
        f"Voting is open: {answered} of {counted(len(recipients), 'team')} answered, waiting for {named}. Lock with F7"
    )
