"""Text as typed, cleaned: control characters out (line breaks kept where lines are allowed), ends trimmed."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.core.inputs import _CONTROLS, clean


def _by_category(text: str, multiline: bool) -> str:
    """The rule as written: drop every character of category Cc, except line breaks and tabs in multiline text."""
    keep = "\n\t" if multiline else ""
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc").strip()


def test_the_table_holds_exactly_the_control_characters_of_unicode() -> None:
    controls = {code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cc"}
    assert set(_CONTROLS) == controls


@pytest.mark.fuzz
@given(st.text(alphabet=st.characters(codec=None), max_size=60), st.booleans())
def test_cleaning_removes_what_the_rule_says(text: str, multiline: bool) -> None:
    assert clean(text, "note", 10_000, multiline=multiline) == _by_category(text, multiline)


def test_line_breaks_stay_only_where_lines_are_allowed() -> None:
    assert clean(" a\x1b[31m\n\tb\x07\x9b ", "note", 100, multiline=True) == "a[31m\n\tb"
    assert clean(" a\x1b[31m\n\tb\x07\x9b ", "name", 100) == "a[31mb"
