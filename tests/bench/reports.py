"""Benchmarks of the debrief at 40 teams x 120 injects: the HTML against a bare Jinja render of the
same rows, the PDF against Qt printing the same HTML in one call, and how every format scales."""

from __future__ import annotations

import gc
import itertools
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

import jinja2

from tabletop.core.exercise import Exercise
from tabletop.core.library import ScenarioFile
from tabletop.core.scenario import parse_scenario
from tabletop.reports.export import render

FLOOR_TEMPLATE = """<!DOCTYPE html><html><body><table>
{% for row in rows %}<tr><td>{{ row.team }}</td><td>{{ row.inject }}</td><td>{{ row.choice }}</td>
<td>{{ row.rationale }}</td><td>{{ row.confidence }}</td><td>{{ row.at }}</td></tr>
{% endfor %}</table></body></html>"""


def synthetic_scenario(injects: int) -> ScenarioFile:
    """A valid scenario with ``injects`` injects of three options each, spread over stages of ten."""
    lines = ["format = 1", 'id = "bench"', 'title = "Benchmark"', 'summary = "Generated."']
    for number in range(injects):
        if number % 10 == 0:
            lines += ["", "[[stages]]", f'id = "s{number // 10}"', f'title = "Stage {number // 10 + 1}"']
        lines += ["", "[[stages.injects]]", f'id = "i{number}"', f'title = "Inject {number}"',
                  f'body = "Narrative for inject **{number}**."', 'question = "What now?"']  # fmt: skip
        for option, effects in (("a", (2, -1)), ("b", (-1, 1)), ("c", (-2, -2))):
            norms = [1 + (number + option_no) % 6 for option_no in range(2)]
            lines += ["", "[[stages.injects.options]]", f'id = "{option}"', f'label = "Option {option.upper()}"',
                      f"escalation = {effects[1] + 1}"]  # fmt: skip
            for norm, effect in zip(norms, effects, strict=True):
                lines.append(f'norms.MS-{norm} = {{ effect = {effect}, why = "Because {option} {norm}" }}')
    raw = "\n".join(lines).encode()
    return ScenarioFile(parse_scenario(raw, "bench.toml"), raw)


def played(teams: int, injects: int, seed: int = 1) -> Exercise:
    """Every inject delivered and decided by every team, with what a real session has besides:
    a pause every ten injects, one decision in ten revised, and a facilitator's note on each inject
    (one in ten with Markdown in it)."""
    rng = random.Random(seed)
    source = synthetic_scenario(injects)
    exercise = Exercise.create(source.scenario, session_id="bench", name="Bench", clock=_ticking(),
                               teams=[f"Team {i}" for i in range(teams)])  # fmt: skip
    for number, inject in enumerate(source.scenario.injects()):
        exercise.deliver(inject.id)
        exercise.open_voting()
        for team in exercise.teams:
            exercise.decide(team.name, inject.id, rng.choice("abc"), rationale=f"Reason {rng.randrange(999)}",
                            confidence=rng.randint(1, 5))  # fmt: skip
            if rng.random() < 0.1:
                exercise.decide(team.name, inject.id, rng.choice("abc"), reason=f"Second thoughts {number}")
        exercise.add_note(f"Teams on inject {number} argued over *attribution*." if number % 10 == 0 else
                          f"Inject {number}: the teams argued over attribution.")  # fmt: skip
        if number % 10 == 5:
            exercise.pause()
            exercise.resume()
        exercise.lock_voting()
        exercise.reveal()
    exercise.end()
    return exercise


def _ticking(step: float = 1.5) -> Callable[[], datetime]:
    """A clock that moves on ``step`` seconds each time it is read: a session hours long, the same every run."""
    moments = itertools.count()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return lambda: start + timedelta(seconds=step * next(moments))


def _floor_rows(exercise: Exercise) -> list[dict[str, object]]:
    """The rows the report's decision log and notes show: every decision as entered, revisions
    included, then every note, each with its inject's title and the moment it was made."""
    rows = []
    for entry in exercise.decision_log():
        decision = entry.decision
        if decision is None:
            continue
        inject = exercise.inject(decision.inject)
        label = inject.option(decision.option).label if decision.option else ""
        fields = {"rationale": decision.rationale, "confidence": decision.confidence, "at": decision.at}
        rows.append({"team": decision.team, "inject": inject.title, "choice": label, **fields})
    for note in exercise.notes():
        title = exercise.inject(note.inject).title if note.inject else ""
        rows.append(
            {"team": "", "inject": title, "choice": "", "rationale": note.text, "confidence": "", "at": note.at}
        )
    return rows


def _interleaved(ours: Callable[[], object], floor: Callable[[], object], repeats: int = 15) -> tuple[float, float]:
    """Best CPU time of each, run alternately so both meet the same conditions.

    Rendering is pure computation, so process CPU time measures it without the noise other
    processes on a shared machine add to wall-clock time; as timeit does, the garbage
    collector is paused while either side runs.
    """
    best_ours = best_floor = float("inf")
    for _ in range(repeats):
        best_ours = min(best_ours, _cpu_time(ours))
        best_floor = min(best_floor, _cpu_time(floor))
    return best_ours, best_floor


def _cpu_time(function: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        function()
        return time.process_time() - start
    finally:
        gc.enable()


def bench_debrief_html() -> tuple[float, float]:
    exercise = played(40, 120)
    render(exercise, "html")  # compile the templates once, as the floor's are below
    template = jinja2.Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    rows = _floor_rows(exercise)
    return _interleaved(lambda: render(exercise, "html"), lambda: template.render(rows=rows))


FORMATS = ("html", "md", "csv", "json", "pdf")
REPEATS = {"pdf": 3}  # a PDF at this size takes seconds: three runs of each side are plenty


def bench_debrief_scaling() -> tuple[float, float]:
    """Every format at four times the data (twice the teams, twice the injects) over the base size; the worst."""
    small, large = played(20, 60), played(40, 120)
    worst = (0.0, 1.0)
    for fmt in FORMATS:
        render(small, fmt)  # templates compiled, Qt started
        ours, floor = _interleaved(partial(render, large, fmt), partial(render, small, fmt), REPEATS.get(fmt, 9))
        print(f"debrief_scaling {fmt}: {ours:.4f} s / {floor:.4f} s = {ours / floor:.2f}", file=sys.stderr)
        if ours / floor > worst[0] / worst[1]:
            worst = (ours, floor)
    return worst


def bench_debrief_pdf() -> tuple[float, float]:
    """The whole PDF export, vs Qt printing the same HTML (one document, one ``print_`` call)."""
    from tabletop.reports.build import build_context
    from tabletop.reports.document import book
    from tabletop.reports.pdf import _ensure_application

    exercise = played(40, 120)
    render(exercise, "pdf")
    parts = book(build_context(exercise, for_pdf=True))
    contents = parts.contents(range(1, len(parts.sections) + 1)) if parts.contents else ""
    html = f"<html><head><style>{parts.css}</style></head><body>{parts.cover}{contents}{''.join(parts.sections)}</body></html>"  # noqa: E501
    _ensure_application()
    return _interleaved(lambda: render(exercise, "pdf"), lambda: _qt_print(html), repeats=3)


def _qt_print(html: str) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    buffer.close()
    return bytes(buffer.data().data())
