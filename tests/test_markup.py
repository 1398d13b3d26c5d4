"""Markdown to safe HTML: a plain sentence skips the converter, and comes out as the converter would give it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.reports import markup

MARKDOWNISH = st.text(alphabet="aZ09 ,.;:!?'()/-_*`#<>&\"[]\\\n\t+=|~", max_size=30)


@pytest.mark.fuzz
@given(st.one_of(st.from_regex(markup.PLAIN, fullmatch=True), MARKDOWNISH))
def test_the_short_way_gives_what_the_converter_gives(text: str) -> None:
    assert markup.to_html(text) == markup.converted(text)


@pytest.mark.parametrize(
    "text", ["Blue split 3-2; the minority wanted to refuse.", "Red's answer (after a pause): wait!", "A"]
)
def test_a_plain_sentence_is_a_paragraph_without_the_converter(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the converter ran")

    monkeypatch.setattr(markup, "_converter", refuse)
    assert markup.to_html(text) == f"<p>{text}</p>"


@pytest.mark.parametrize("text", ["1. a list", "- a list", "a *word*", "a <b>tag</b>", "a & b", "trailing ", "", "#x"])
def test_anything_markdown_or_html_reads_goes_through_the_converter(text: str) -> None:
    assert markup.PLAIN.fullmatch(text) is None
    assert markup.to_html(text) == markup.converted(text)
