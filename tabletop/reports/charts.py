"""Charts as SVG data URIs, drawn by templates: the same image works in browsers and in Qt's PDF writer.

Every band is shown as colour and as a symbol with its score, so the charts read the same
in black and white and for readers with colour-blindness (the palette is a red-blue
diverging one that stays distinct for the common forms).
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from tabletop.core.model import Inject, letter
from tabletop.core.scoring import Band
from tabletop.reports.context import Charts, Image, MatrixRow
from tabletop.reports.environment import render
from tabletop.reports.facts import Facts
from tabletop.reports.stakes import stakes_svg

BAND_FILL = {band.value: band.colours for band in Band}
_SIZE = re.compile(r'\b(width|height)="([0-9.]+)"')
OPTION_FILLS = ("#F0F0F0", "#BDBDBD", "#8C8C8C", "#5A5A5A", "#303030", "#111111")
MAX_MARKED_STEPS = 30  # beyond this, markers crowd the line: colour, dash and label tell teams apart
DASHES = ("", "6 3", "2 3", "8 3 2 3")
HEAT_ROWS_PER_PAGE = 25  # a piece of the heatmap fits one PDF page, so Qt draws (and embeds) it once
SPLIT_ROWS_PER_PAGE = 34
LABELLED_LINES = 16  # beyond this, end labels would pile up past the chart: the table names each team
MARKERS = ("circle", "square", "triangle", "diamond")


Point = tuple[float, float]  # plain tuples: a long session has thousands of points


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    dash: str
    marker: str
    points: tuple[Point, ...]
    label_y: float
    path: str = ""  # the points as SVG writes them, rounded to whole pixels


def data_uri(svg: str, scale: int = 1) -> str:
    """The SVG as a data URI; ``scale`` enlarges its pixel size (not its drawing) for crisp PDF images."""
    if scale != 1:
        svg = _SIZE.sub(lambda m: f'{m.group(1)}="{float(m.group(2)) * scale:g}"', svg, count=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_charts(facts: Facts, matrix: tuple[MatrixRow, ...], for_pdf: bool = False) -> Charts:
    """Every chart as images; for the PDF a tall chart comes in pieces that each fit a page, each embedded once."""
    scale = 2 if for_pdf else 1  # Qt draws an SVG image as pixels: give it more of them
    heat_rows = HEAT_ROWS_PER_PAGE if for_pdf else max(len(matrix), 1)
    split_rows = SPLIT_ROWS_PER_PAGE if for_pdf else 10**9
    heatmaps = tuple(
        _image(*heatmap_svg(facts, matrix[start : start + heat_rows]), scale)
        for start in range(0, max(len(matrix), 1), heat_rows)
    )
    splits = tuple(_image(svg, size, scale) for svg, size in splits_svgs(facts, split_rows))
    return Charts(heatmaps, _image(*escalation_svg(facts), scale), splits, _image(*stakes_svg(facts), scale))


def _image(svg: str, size: tuple[int, int], scale: int) -> Image:
    return Image(data_uri(svg, scale), size[0], size[1])


def heatmap_svg(facts: Facts, matrix: tuple[MatrixRow, ...]) -> tuple[str, tuple[int, int]]:
    label_width, cell_width, cell_height, header = 150, 92, 30, 66
    size = (label_width + cell_width * len(facts.norms), header + cell_height * max(len(matrix), 1))
    norms = [(n, wrap(facts.short(n), 17, 3)) for n in facts.norms]
    svg = render(
        "charts/heatmap.svg.j2",
        rows=matrix,
        norms=norms,
        fills=BAND_FILL,
        label_width=label_width,
        cell_width=cell_width,
        cell_height=cell_height,
        header=header,
        size=size,
    )
    return svg, size


ESCALATION_FRAME = (680, 300, 48, 16, 40, 120)  # width, height, then left, top, bottom, right margins


def escalation_svg(facts: Facts) -> tuple[str, tuple[int, int]]:
    """Each team's running total of escalation after each inject it answered, in delivery order."""
    steps = [inject.id for inject in facts.delivered]
    totals = _running_totals(facts, steps)
    values = [v for line in totals.values() for v in line] or [0]
    ticks = _ticks(min(0, *values), max(0, *values))
    low, high = ticks[0], ticks[-1]  # the scale runs from tick to tick, so every value sits on it
    width, height, left, top, bottom, right = ESCALATION_FRAME
    xs = [left + (width - left - right) * i / max(len(steps) - 1, 1) for i in range(len(steps))]
    ys = {v: top + (height - top - bottom) * (high - v) / max(high - low, 1) for v in range(low, high + 1)}
    svg = render(
        "charts/escalation.svg.j2",
        series=_spread_labels(_series(facts, totals, xs, ys), gap=13),
        ticks=[(t, ys[t]) for t in ticks],
        zero=ys[0],
        left=left,
        right=width - right,
        top=top,
        bottom=height - bottom,
        width=width,
        height=height,
        steps=len(steps),
        step_x=xs,
        markers=len(steps) <= MAX_MARKED_STEPS,
        labelled=len(facts.exercise.teams) <= LABELLED_LINES,
    )
    return svg, (width, height)


def _series(facts: Facts, totals: dict[str, list[int]], xs: list[float], ys: dict[int, float]) -> list[Series]:
    """A line per team; colour, dash and marker all differ, so no team depends on colour alone."""
    nudge = _nudges(len(facts.exercise.teams))  # teams on the same line stay visible side by side
    found = []
    across = [str(round(x)) for x in xs]  # every line steps through the same x positions
    for i, team in enumerate(facts.exercise.teams):
        line = totals[team.name]
        points = tuple([(xs[j], ys[v] + nudge[i]) for j, v in enumerate(line)])
        label_y = ys[line[-1] if line else 0] + nudge[i]
        heights = {v: str(round(ys[v] + nudge[i])) for v in set(line)}  # a line takes few distinct totals
        path = " ".join([f"{across[j]},{heights[v]}" for j, v in enumerate(line)])
        dash, marker = DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        found.append(Series(team.name, team.color, dash, marker, points, label_y, path))
    return found


def _nudges(count: int) -> list[float]:
    step = 2.5 if count <= 8 else 0.0
    return [(i - (count - 1) / 2) * step for i in range(count)]


def _spread_labels(series: list[Series], gap: float) -> list[Series]:
    """Move end labels apart so no two overlap, keeping their order top to bottom."""
    order = sorted(range(len(series)), key=lambda i: series[i].label_y)
    placed: dict[int, float] = {}
    last = float("-inf")
    for i in order:
        y = max(series[i].label_y, last + gap)
        placed[i] = last = y
    return [Series(s.name, s.color, s.dash, s.marker, s.points, placed[i], s.path) for i, s in enumerate(series)]


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words in at most ``lines`` lines of about ``width`` characters, the last cut with an ellipsis."""
    found: list[str] = []
    for word in text.split():
        if found and len(found[-1]) + 1 + len(word) <= width:
            found[-1] += " " + word
        else:
            found.append(word)
    if len(found) > lines:
        found = found[:lines]
        found[-1] = found[-1][: width - 1] + "\u2026"
    return [line if len(line) <= width else line[: width - 1] + "\u2026" for line in found]


def _running_totals(facts: Facts, steps: list[str]) -> dict[str, list[int]]:
    """Each team's escalation total after each step, in one pass over the decisions."""
    position = {inject_id: index for index, inject_id in enumerate(steps)}
    moves = {team: [0] * len(steps) for team in facts.by_team}
    escalation = [scored.escalation for scored in facts.standing.scored(facts.lens.id)]
    for decision, number in zip(facts.finals, facts.standing.choice_of, strict=True):
        index = position.get(decision.inject)
        if index is not None:
            moves[decision.team][index] += escalation[number]
    return {team: list(itertools.accumulate(steps_moved)) for team, steps_moved in moves.items()}


def _ticks(low: int, high: int) -> list[int]:
    """Whole-number ticks, about six of them, from at or below ``low`` to at or above ``high``."""
    step = max(1, -(-(high - low) // 6))
    first = (low // step) * step
    last = -(-high // step) * step
    if first == last:
        last = first + step
    return list(range(first, last + 1, step))


class Segment(NamedTuple):
    x: int
    width: int
    text_x: int
    text: str
    fill: str
    ink: str


class SplitRow(NamedTuple):
    y: int
    label: str
    segments: tuple[Segment, ...]


def splits_svgs(facts: Facts, per_image: int) -> list[tuple[str, tuple[int, int]]]:
    """A bar per inject with options, a segment per option sized by the teams that chose it; ``per_image`` bars each."""
    label_width, bar_width, row_height = 260, 380, 24
    bars: list[tuple[str, tuple[Segment, ...]]] = []
    for number, inject in enumerate(facts.delivered, start=1):
        if inject.options and len(facts.by_inject.get(inject.id, ())) > 1:  # one team alone cannot split
            title = inject.title if len(inject.title) <= 34 else inject.title[:33] + "\u2026"
            bars.append((f"{number}. {title}", _segments(facts, inject, label_width, bar_width)))
    images = []
    for start in range(0, max(len(bars), 1), per_image):
        piece = bars[start : start + per_image]
        rows = [SplitRow(10 + i * row_height, label, segments) for i, (label, segments) in enumerate(piece)]
        size = (label_width + bar_width + 20, 20 + row_height * max(len(rows), 1))
        svg = render("charts/splits.svg.j2", rows=rows, label_width=label_width, row_height=row_height, size=size)
        images.append((svg, size))
    return images


def _segments(facts: Facts, inject: Inject, left: int, width: int) -> tuple[Segment, ...]:
    split = facts.split(inject.id)
    total = sum(split.values())
    segments, offset = [], 0
    for index, option in enumerate(inject.options):
        count = split.get(option.id, 0)
        if not count:
            continue
        size = round(width * count / total)
        text = f"{letter(index)} {count}" if size >= 26 else ""
        ink = "#000000" if index < 2 else "#FFFFFF"
        segments.append(Segment(left + offset, size, left + offset + size // 2, text,
                                OPTION_FILLS[index % len(OPTION_FILLS)], ink))  # fmt: skip
        offset += size
    return tuple(segments)
