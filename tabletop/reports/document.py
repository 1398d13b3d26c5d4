"""The after-action report as a document: HTML, PDF and Markdown from one context."""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tabletop.core.exercise import Exercise
from tabletop.reports.build import build_context
from tabletop.reports.context import DebriefContext
from tabletop.reports.environment import render

if TYPE_CHECKING:
    from tabletop.reports.pdf import Book

SECTIONS = (
    ("summary", "Executive summary"),
    ("matrix", "Norm compliance and stakes"),
    ("findings", "Findings by norm"),
    ("timeline", "Timeline"),
    ("escalation", "Escalation"),
    ("divergence", "Divergence, dissent and the roads not taken"),
    ("hotwash", "Facilitator notes and hotwash"),
    ("crosswalk", "Crosswalk to other frameworks"),
    ("appendix", "Appendix: method and decision log"),
)
BRIEF_SECTIONS = (
    ("summary", "Executive summary"),
    ("matrix", "Norm compliance and stakes"),
    ("top", "Top findings"),
)
_CROWDED_HEADING = re.compile(r"(?<=[^\n])\n(?=#{1,6} )")
# Qt's rich-text engine sizes and rules tables from attributes, not from CSS.
PDF_TABLE = ' width="100%" cellspacing="0" cellpadding="3" border="1"'


def _css(name: str) -> str:
    return importlib.resources.files("tabletop.resources").joinpath("styles", name).read_text("utf-8")


def sections(ctx: DebriefContext) -> tuple[tuple[str, str], ...]:
    return BRIEF_SECTIONS if ctx.brief else SECTIONS


def html(ctx: DebriefContext) -> str:
    from markupsafe import Markup

    css = Markup(_css("debrief.css"))
    return render("debrief/report.html.j2", ctx=ctx, css=css, sections=sections(ctx), table_attrs="")


def markdown(ctx: DebriefContext) -> str:
    """The report in Markdown; every heading has a blank line before it, whatever the partial above ended with."""
    text = render("debrief/report.md.j2", ctx=ctx, sections=sections(ctx))
    return _CROWDED_HEADING.sub("\n\n", text)


def book(ctx: DebriefContext) -> Book:
    """The PDF's parts: the cover, then one part per section, and the contents page between them."""
    from markupsafe import Markup

    from tabletop.reports.pdf import Book

    attrs = Markup(PDF_TABLE)
    listed = sections(ctx)
    parts = [
        render("debrief/section.html.j2", ctx=ctx, anchor=anchor, title=name, number=number, table_attrs=attrs)
        for number, (anchor, name) in enumerate(listed, start=1)
    ]
    cover = render("debrief/pdf_cover.html.j2", ctx=ctx, table_attrs=attrs)
    if ctx.brief:  # two pages read straight through: no contents page, no page of its own for the cover
        return Book(ctx.title, _css("debrief-pdf.css") + _css("brief-pdf.css"), cover + "".join(parts), ())

    def contents(first_pages: Sequence[int]) -> str:
        entries = [
            (number, name, page) for number, ((_, name), page) in enumerate(zip(listed, first_pages, strict=True), 1)
        ]
        return render("debrief/pdf_contents.html.j2", entries=entries)

    return Book(ctx.title, _css("debrief-pdf.css"), cover, parts, contents)


def render_document(
    exercise: Exercise,
    fmt: str,
    progress: Callable[[str], None] | None = None,
    *,
    framework: str | None = None,
    summary: bool = False,
) -> bytes:
    """The report in ``html``, ``md`` or ``pdf``, read through ``framework``; ``summary`` makes it the brief."""
    say = progress or (lambda _: None)
    say("Reading the session")
    ctx = build_context(exercise, for_pdf=fmt == "pdf", framework=framework, brief=summary)
    say("Writing the report")
    if fmt == "md":
        return markdown(ctx).encode("utf-8")
    if fmt == "html":
        return html(ctx).encode("utf-8")
    parts = book(ctx)
    say("Laying out the pages")
    from tabletop.reports.pdf import book_to_pdf

    return book_to_pdf(parts)
