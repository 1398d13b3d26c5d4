"""The after-action report as a document: HTML, PDF and Markdown from one context."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable

from tabletop.core.exercise import Exercise
from tabletop.reports.build import build_context
from tabletop.reports.context import DebriefContext
from tabletop.reports.environment import render

SECTIONS = (
    ("summary", "Executive summary"),
    ("matrix", "Norm compliance"),
    ("findings", "Findings by norm"),
    ("timeline", "Timeline"),
    ("escalation", "Escalation"),
    ("divergence", "Divergence, dissent and the roads not taken"),
    ("hotwash", "Facilitator notes and hotwash"),
    ("crosswalk", "Crosswalk to other frameworks"),
    ("appendix", "Appendix: method and decision log"),
)


def _css(name: str) -> str:
    return importlib.resources.files("tabletop.resources").joinpath("styles", name).read_text("utf-8")


def html(ctx: DebriefContext) -> str:
    from markupsafe import Markup

    css = _css("debrief-pdf.css" if ctx.for_pdf else "debrief.css")
    # Qt's rich-text engine sizes and rules tables from attributes, not from CSS.
    table_attrs = Markup(' width="100%" cellspacing="0" cellpadding="3" border="1"') if ctx.for_pdf else ""
    return render("debrief/report.html.j2", ctx=ctx, css=Markup(css), sections=SECTIONS, table_attrs=table_attrs)


def markdown(ctx: DebriefContext) -> str:
    return render("debrief/report.md.j2", ctx=ctx, sections=SECTIONS)


def render_document(
    exercise: Exercise, fmt: str, progress: Callable[[str], None] | None = None, *, framework: str | None = None
) -> bytes:
    """The report in ``html``, ``md`` or ``pdf``, read through ``framework``; ``progress`` hears of each step."""
    say = progress or (lambda _: None)
    say("Reading the session")
    ctx = build_context(exercise, for_pdf=fmt == "pdf", framework=framework)
    say("Writing the report")
    if fmt == "md":
        return markdown(ctx).encode("utf-8")
    text = html(ctx)
    if fmt == "html":
        return text.encode("utf-8")
    say("Laying out the pages")
    from tabletop.reports.pdf import html_to_pdf

    return html_to_pdf(text, ctx.title)
