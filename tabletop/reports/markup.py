"""Markdown from scenarios and notes, rendered to HTML and then sanitised.

Scenario files may come from anyone, so raw HTML inside their Markdown is never trusted:
the rendered HTML passes through nh3 with a short list of tags, no attributes but links'
``href`` and ``title``, and only http, https and mailto links.
"""

from __future__ import annotations

import functools
import re
from typing import Any

TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A plain sentence: nothing Markdown reads as markup and nothing HTML must escape. Its HTML is
# one paragraph of the text as it is, so it skips the converter (tests check both ways agree).
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9,.;:!?'()/ -]*[A-Za-z0-9,.;:!?')/-]|[A-Za-z]")


@functools.cache
def _converter() -> Any:
    import markdown

    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def to_html(text: str) -> str:
    """Safe HTML for a Markdown text: what a browser or Qt may show as is."""
    if PLAIN.fullmatch(text):
        return f"<p>{text}</p>"
    return converted(text)


def converted(text: str) -> str:
    """The text through the Markdown converter and the sanitiser: what ``to_html`` gives, the long way."""
    import nh3

    converter = _converter()
    converter.reset()
    html = converter.convert(text or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        # No rel: links never open new windows and pages send no referrer, and a rel left on
        # an <a> whose unsafe href was removed would make the HTML invalid.
        link_rel=None,
    )
