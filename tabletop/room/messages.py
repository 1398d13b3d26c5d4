"""Every word the phone page says, in one table, so that it can be translated later (English for now)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "page_title": "Tabletop — your vote",
    "join_heading": "Join the exercise",
    "join_help": "Type the code shown on the shared screen and pick your team.",
    "code": "Join code",
    "team": "Your team",
    "join": "Join",
    "bad_code": "That code is not this room's. Check the shared screen and try again.",
    "bad_team": "Pick your team from the list.",
    "full": "The room is full. Ask the facilitator.",
    "closed": "The room is closed.",
    "joined_as": "You are with {team}",
    "change_team": "Wrong team? Join again",
    "waiting_heading": "Waiting for the next inject",
    "waiting_help": "Keep this page open: it changes as the facilitator moves on.",
    "not_for_team": "This inject is for other teams. Yours will come.",
    "paused": "Paused: votes wait until the facilitator resumes.",
    "voting_open": "Voting is open: choose, and change your mind until it closes.",
    "voting_closed": "Voting is closed.",
    "voting_not_yet": "Voting has not opened yet.",
    "reason": "One line on why (optional)",
    "vote": "Vote",
    "change_vote": "Change my vote",
    "your_vote": "Your vote: {letter}",
    "voted_count": "{voted} of {members} in {team} voted",
    "reveal_heading": "The reveal",
    "team_chose": "{team} chose {letter}: {label}",
    "team_no_answer": "{team} gave no answer",
    "split": "Inside {team}: {split}",
    "ended_heading": "The exercise is over",
    "ended_help": "Thank you. You can close this page.",
    "offline": "Reconnecting…",
    "saved": "Vote saved",
    "not_saved": "Your vote was not saved: {error}",
    "too_many": "Slow down: too many requests from this phone.",
    "too_big": "That is too long.",
    "not_joined": "This phone has not joined: type the code again.",
}


def say(key: str, **values: object) -> str:
    return MESSAGES[key].format(**values)
