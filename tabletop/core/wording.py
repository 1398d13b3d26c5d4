"""Small pieces of English shared by the console, the reports and the command line."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 decision``, ``2 decisions``; ``plural`` for nouns that do not just add an s."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
