"""How the console and the shared screen show time: the session clock, countdowns, dates.

Kept free of Qt (and of heavy imports) so it can be tested without a display.
"""

from __future__ import annotations

from datetime import datetime


def clock(seconds: float) -> str:
    """A session clock: H:MM:SS."""
    whole = int(max(seconds, 0))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def countdown(seconds: float) -> str:
    """A countdown: MM:SS, or '+MM:SS over' once time is up."""
    whole = int(abs(seconds)) if seconds < 0 else int(seconds + 0.999)
    text = f"{whole // 60:02d}:{whole % 60:02d}"
    return f"+{text} over" if seconds < 0 else text


def local_date(at: str) -> str:
    """An ISO timestamp as the facilitator's wall clock: YYYY-MM-DD HH:MM."""
    return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
