"""How the console words and marks things: clocks, option letters, band symbols and colours.

Kept free of Qt (and of heavy imports) so every view and the presenter to come share one
vocabulary, and so it can be tested without a display.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.core.scoring import Band
    from tabletop.core.state import ExerciseState

# Band -> (symbol, background, text colour). A diverging blue/red scale that the common
# forms of colour blindness still tell apart; the symbol carries the meaning on its own.
BAND_LOOK = {
    "upheld": ("▲▲", "#2166AC", "#FFFFFF"),
    "upheld-with-concerns": ("▲", "#92C5DE", "#000000"),
    "strained": ("▼", "#F4A582", "#000000"),
    "violated": ("▼▼", "#B2182B", "#FFFFFF"),
    "not-tested": ("·", "#EEEEEE", "#555555"),
}
MINUS = "\u2212"  # typography, not ASCII: "-1" reads as a dash in a proportional font
BAND_ORDER = ("upheld", "upheld-with-concerns", "strained", "violated", "not-tested")


def band_symbol(band: Band) -> str:
    return BAND_LOOK[band.value][0]


def band_colours(band: Band) -> tuple[str, str]:
    """Background and text colour of a heatmap cell in this band."""
    _, background, foreground = BAND_LOOK[band.value]
    return background, foreground


def letter(index: int) -> str:
    """Option letters as participants see them: A, B, ... Z, then AA, AB ..."""
    if index < 26:
        return chr(ord("A") + index)
    return letter(index // 26 - 1) + letter(index % 26)


def clock(seconds: float) -> str:
    """A session clock: H:MM:SS."""
    whole = int(max(seconds, 0))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def countdown(seconds: float) -> str:
    """A countdown: MM:SS, or '+MM:SS over' once time is up."""
    whole = int(abs(seconds)) if seconds < 0 else int(seconds + 0.999)
    text = f"{whole // 60:02d}:{whole % 60:02d}"
    return f"+{text} over" if seconds < 0 else text


def signed(effect: int) -> str:
    """A norm effect as people write it: +2, 0, and negatives with a real minus sign."""
    return f"+{effect}" if effect > 0 else f"{MINUS}{-effect}" if effect < 0 else "0"


def signed_score(score: float) -> str:
    """A compact signed score for a heatmap cell: +2, +1.5, 0, and negatives with a real minus."""
    text = f"{abs(score):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "0" else ("+" if score > 0 else MINUS) + text


def session_time(state: ExerciseState, at: str) -> float:
    """Exercise time (pauses left out) at the moment ``at``, for time-stamping notes."""
    moment = datetime.fromisoformat(at)
    if not state.created_at:
        return 0.0
    paused = 0.0
    for pause in state.pauses:
        start = datetime.fromisoformat(pause.start)
        end = datetime.fromisoformat(pause.end) if pause.end else moment
        paused += max((min(end, moment) - start).total_seconds(), 0.0)
    return max((moment - datetime.fromisoformat(state.created_at)).total_seconds() - paused, 0.0)


def local_time(at: str) -> str:
    """An ISO timestamp as the facilitator's wall clock, HH:MM."""
    return datetime.fromisoformat(at).astimezone().strftime("%H:%M")


def local_date(at: str) -> str:
    return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
