"""The one Jinja environment: templates read from the package's resources, autoescaped, strict."""

from __future__ import annotations

import functools
import importlib.resources
import re

import jinja2

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_LINE_START = re.compile(r"^(?:([-+>=])|(\d+)([.)]))")


def _load(name: str) -> str:
    return importlib.resources.files("tabletop.resources").joinpath("templates", *name.split("/")).read_text("utf-8")


def md_inline(text: object) -> str:
    """Text made safe to place inline in Markdown: specials escaped, one line, no leading list marker."""
    flat = " ".join(str(text).split())
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", flat)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "svg.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_inline
    return env


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
