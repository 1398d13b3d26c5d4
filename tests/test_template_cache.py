"""Compiled templates kept between processes: used when there, compiled again when not, never in the way."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from tabletop.reports.compiled import fingerprint, template_cache
from tabletop.reports.environment import build_environment

NAME = "debrief/_macros.html.j2"


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name or "")
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_a_second_environment_renders_from_what_the_first_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _compiles(monkeypatch)
    first = build_environment(template_cache(tmp_path)).get_template(NAME)
    assert compiled == [NAME]
    assert list(tmp_path.iterdir())  # kept on disk
    second = build_environment(template_cache(tmp_path)).get_template(NAME)
    assert compiled == [NAME]  # the new environment compiled nothing
    assert second.module.swatch(type("Team", (), {"color": "#123456"})) == first.module.swatch(
        type("Team", (), {"color": "#123456"})
    )


def test_a_changed_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _compiles(monkeypatch)
    sources = {"t.html.j2": "<p>{{ x }}</p>"}
    loader = jinja2.FunctionLoader(sources.get)

    def make() -> jinja2.Environment:
        env = build_environment(template_cache(tmp_path))
        env.loader = loader
        return env

    assert make().get_template("t.html.j2").render(x="<a>") == "<p>&lt;a&gt;</p>"
    sources["t.html.j2"] = "<div>{{ x }}</div>"
    assert make().get_template("t.html.j2").render(x="b") == "<div>b</div>"
    assert compiled == ["t.html.j2", "t.html.j2"]


def test_where_no_folder_can_be_made_templates_are_compiled_and_render(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert template_cache(blocked / "templates") is None
    assert "swatch" in build_environment(None).get_template(NAME).module.__dict__


def test_a_folder_gone_or_a_damaged_file_is_only_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = template_cache(folder)
    assert cache is not None
    build_environment(cache).get_template(NAME)
    for kept in folder.iterdir():
        kept.write_bytes(b"damaged")
    assert build_environment(template_cache(folder)).get_template(NAME) is not None
    for kept in folder.iterdir():
        kept.unlink()
    folder.rmdir()  # removed while running: writing fails, rendering does not
    assert build_environment(cache).get_template(NAME) is not None


def test_the_folder_changes_with_what_shapes_the_compiled_code() -> None:
    assert fingerprint(("trim_blocks",)) != fingerprint(("lstrip_blocks",))
    assert fingerprint(("trim_blocks",)) == fingerprint(("trim_blocks",))
