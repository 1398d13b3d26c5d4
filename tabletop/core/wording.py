"""Small pieces of English shared by the console, the shared screen, the reports and the command line."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

MINUS = "\u2212"  # typography, not ASCII: "-1" reads as a dash in a proportional font


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 decision``, ``2 decisions``; ``plural`` for nouns that do not just add an s."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def signed(value: float | None, places: int = 2) -> str:
    """A number with its sign, a true minus, and a fixed number of places; a dash when absent.

    ``signed(2, 0)`` is ``+2``, ``signed(-0.5)`` is ``\u22120.50``, ``signed(0, 0)`` is ``0``.
    """
    if value is None:
        return "\u2013"
    text = f"{abs(value):.{places}f}"
    if value > 0:
        return f"+{text}"
    if value < 0 and text.strip("0.") != "":
        return f"{MINUS}{text}"
    return text


def signed_short(value: float) -> str:
    """A signed number in as few characters as it needs, for a crowded cell: +2, +1.5, 0, \u22120.33."""
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "0" else ("+" if value > 0 else MINUS) + text


def join_names(names: Sequence[str]) -> str:
    """Names as a sentence says them: 'Red', 'Red and Blue', 'Red, Blue and Green'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def clock_text(seconds: float) -> str:
    """m:ss, or h:mm:ss from the first hour on."""
    whole = int(seconds) if seconds > 0 else 0
    if whole < 3600:
        return f"{whole // 60}:{_TWO[whole % 60]}"
    return f"{whole // 3600}:{_TWO[whole % 3600 // 60]}:{_TWO[whole % 60]}"


_TWO = tuple(f"{n:02d}" for n in range(60))  # a debrief writes thousands of clocks


def duration_text(seconds: float) -> str:
    """A length of time as people say it: '40 s', '12 min', '1 h 05 min'."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{int(seconds)} s"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d} min"


def visible(text: str) -> str:
    """Text safe to print on a terminal or in one line of a log: control characters written as escapes.

    ESC, BEL, NUL and the rest of C0 and C1 would otherwise drive the terminal, and a line
    break inside a message could pass for a line of its own.
    """
    if text.isprintable():
        return text
    return "".join(_escape(char) if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text)


def _escape(char: str) -> str:
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
