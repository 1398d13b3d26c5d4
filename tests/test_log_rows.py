"""The filters that make the long tables: the HTML and the runs of rows Jinja itself would give."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.reports.environment import band_cell, chunks, environment, log_rows

PER_CELL = """{% for clock, team, inject, choice, rationale, dissent, note in rows %}
<tr><td class="num">{{ clock }}</td><td>{{ team }}</td><td>{{ inject }}</td><td>{{ choice }}</td><td>{{ rationale }}{% if dissent %}<br><em>Dissent:</em> {{ dissent }}{% endif %}</td><td>{{ note }}</td></tr>
{% endfor %}"""  # noqa: E501

TEXT = st.text(alphabet="aZ <>&\"'/=;é\u202e", max_size=12)


def _per_cell(rows: list[tuple[str, ...]]) -> str:
    return environment().from_string(PER_CELL).render(rows=rows)


def test_hostile_text_is_escaped_as_the_template_escaped_it() -> None:
    rows = [
        ("0:01", "<script>alert(1)</script>", "A & B", 'A \u00b7 "Go"', "it's <b>", "", "via console"),
        ("0:02", "<script>alert(1)</script>", "A & B", "withdrawn", "", "<img src=x onerror=y>", "via console; undo"),
    ]
    made = log_rows(rows)
    assert made == _per_cell(rows)
    assert "<script>" not in made
    assert "<img" not in made


@pytest.mark.fuzz
@given(st.lists(st.tuples(*[TEXT] * 7), max_size=6))
def test_any_rows_give_what_the_per_cell_template_gave(rows: list[tuple[str, ...]]) -> None:
    assert log_rows(rows) == _per_cell(rows)


@pytest.mark.parametrize("size", [1, 3, 40, 10**9])
@pytest.mark.parametrize("count", [0, 1, 3, 7, 120])
def test_chunks_are_the_runs_batch_gives(count: int, size: int) -> None:
    items = tuple(range(count))
    assert [list(run) for run in chunks(items, size)] == list(jinja2.filters.do_batch(items, size))
    assert [list(run) for run in chunks(range(count), size)] == list(jinja2.filters.do_batch(range(count), size))


PER_CELL_BAND = (
    '{% set _, band, band_label, symbol, score, _, floored = cell %}<td class="band band-{{ band }}" '
    'title="{{ band_label }}">{{ symbol }} {{ score }}{% if floored %}*{% endif %}{% if named %}'
    '<span class="band-name"> {{ band_label }}</span>{% endif %}</td>'
)


@pytest.mark.fuzz
@given(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, st.integers(0, 9), st.booleans()), st.booleans())
def test_a_band_cell_is_what_the_per_cell_template_gave(cell: tuple[Any, ...], named: bool) -> None:
    template = environment().from_string(PER_CELL_BAND)
    assert band_cell(cell, named) == template.render(cell=cell, named=named)  # type: ignore[arg-type]


def test_a_band_cell_escapes_hostile_text() -> None:
    cell = ("MS-1", '"><script>', "<b>upheld</b>", "&", "+1.0", 2, True)
    made = band_cell(cell, True)
    assert made == environment().from_string(PER_CELL_BAND).render(cell=cell, named=True)
    assert "<script>" not in made
