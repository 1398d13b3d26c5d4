"""The line locator places value paths on the line where they were written."""

from __future__ import annotations

from tabletop.core.toml_lines import LineIndex

TEXT = '''format = 1
summary = """
[[stages]]
not a header, inside a string
"""
objectives = [
  "one",
  "[two]",
]

[[stages]]
id = "a"

[[stages.injects]]
id = "x"
norms.MS-1 = { effect = 1, why = "w" }

[[stages.injects.options]]
id = "o"

[[stages]]
id = "b"

[[stages.injects]]
id = "y" # trailing comment
[stages.injects.extra]
key = 1
'''


def test_tables_and_keys_are_placed() -> None:
    index = LineIndex(TEXT)
    assert index.line_for("format") == 1
    assert index.line_for("stages[0]") == 11
    assert index.line_for("stages[0].id") == 12
    assert index.line_for("stages[0].injects[0]") == 14
    assert index.line_for("stages[0].injects[0].norms.MS-1") == 16
    assert index.line_for("stages[0].injects[0].options[0].id") == 19
    assert index.line_for("stages[1].id") == 22
    assert index.line_for("stages[1].injects[0].id") == 25


def test_nested_arrays_restart_under_a_new_parent() -> None:
    index = LineIndex(TEXT)
    assert index.line_for("stages[1].injects[0]") == 24
    assert index.line_for("stages[1].injects[1]") == 21  # falls back to the nearest parent placed


def test_strings_and_arrays_do_not_open_tables() -> None:
    index = LineIndex(TEXT)
    assert index.line_for("stages[2]") == index.line_for("stages")
    assert index.line_for("objectives[1]") == 6


def test_plain_tables_and_unknown_paths() -> None:
    index = LineIndex(TEXT)
    assert index.line_for("stages[1].injects[0].extra.key") == 27
    assert index.line_for("nothing.here") is None
