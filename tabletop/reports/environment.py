"""The one Jinja environment: templates read from the package's resources, autoescaped, strict."""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable, Sequence
from typing import Any

import jinja2
from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_LINE_START = re.compile(r"^(?:([-+>=])|(\d+)([.)]))")


def _load(name: str) -> str:
    return importlib.resources.files("tabletop.resources").joinpath("templates", *name.split("/")).read_text("utf-8")


def md_inline(text: object) -> str:
    """Text made safe to place inline in Markdown: specials escaped, one line, no leading list marker."""
    flat = " ".join(str(text).split())
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", flat)


def log_rows(rows: Iterable[tuple[str, str, str, str, str, str, str]]) -> Markup:
    """The decision log's rows as table rows, each text escaped as the template would escape it.

    The log is the longest table by far (every decision as entered), and nearly all its cells
    repeat: a few dozen teams, injects, choices and notes. Escaped here, each distinct text is
    escaped once, instead of once per cell by the template.
    """
    seen = _Escaped()
    lines = []
    for clock, team, inject, choice, rationale, dissent, note in rows:
        said = f"{seen[rationale]}<br><em>Dissent:</em> {seen[dissent]}" if dissent else seen[rationale]
        lines.append(
            f'<tr><td class="num">{seen[clock]}</td><td>{seen[team]}</td><td>{seen[inject]}</td>'
            f"<td>{seen[choice]}</td><td>{said}</td><td>{seen[note]}</td></tr>\n"
        )
    return Markup("".join(lines))


def band_cell(cell: tuple[str, str, str, str, str, int, bool], named: bool) -> Markup:
    """One team's reading of one norm as a matrix cell; ``named`` adds the band's name in words.

    The matrix and the crosswalks' tables hold a cell per team and norm, five texts each: made
    here, each text is escaped in one call instead of one Jinja output step apiece.
    """
    _, band, label, symbol, score, _, floored = cell
    label = label.translate(_HTML)
    words = f'<span class="band-name"> {label}</span>' if named else ""
    return Markup(
        f'<td class="band band-{band.translate(_HTML)}" title="{label}">{symbol.translate(_HTML)} '
        f"{score.translate(_HTML)}{'*' if floored else ''}{words}</td>"
    )


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """The items in runs of at most ``size``, as Jinja's ``batch`` gives them, by slicing.

    ``batch`` moves each item through a Python loop; the HTML's tables are one run of
    thousands of rows (only the PDF splits them), so slices cost a fraction.
    """
    return [items[start : start + size] for start in range(0, len(items), size)]


class _Escaped(dict[str, str]):
    """Texts and their escaped HTML, each escaped the first time it is asked for."""

    def __missing__(self, text: str) -> str:
        # markupsafe's own table (its escape() makes a Markup object per call, the cost saved here)
        found = self[text] = text.translate(_HTML) if type(text) is str else str(escape(text))
        return found


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


AUTOESCAPED = ("html.j2", "svg.j2")
# Whatever shapes the compiled code besides the templates' text names the folder they are kept in.
SHAPE = ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "strict", AUTOESCAPED)


@functools.cache
def environment() -> jinja2.Environment:
    """The environment, its compiled templates kept in the user's cache folder (see ``compiled``)."""
    from tabletop.reports.compiled import cache_folder, template_cache

    return build_environment(template_cache(cache_folder(SHAPE)))


def build_environment(bytecode_cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        autoescape=jinja2.select_autoescape(enabled_extensions=AUTOESCAPED, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters["md"] = md_inline
    env.filters["log_rows"] = log_rows
    env.filters["chunks"] = chunks
    env.filters["band_cell"] = band_cell
    return env


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
