"""A readable debrief summary built straight from the scores, for when the full report cannot render."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from tabletop.core.wording import signed
from tabletop.gui.times import clock

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.core.scoring import NormScore


def summary_html(exercise: Exercise, reason: str = "") -> str:
    """Scores, decisions and notes as simple HTML (every text escaped: it comes from people)."""
    parts = [
        f"<h2>{escape(exercise.name)}</h2>",
        f"<p>{escape(exercise.scenario.title)} · {escape(exercise.framework.title)} · "
        f"{clock(exercise.elapsed())} of exercise time · {len(exercise.final_decisions())} decisions</p>",
    ]
    if reason:
        parts.append(f"<p><i>The full debrief preview is not available: {escape(reason)}. A summary follows.</i></p>")
    parts.append(_matrix(exercise))
    parts.extend(_decisions(exercise))
    if exercise.notes():
        parts.append("<h3>Notes</h3><ul>")
        parts.extend(f"<li>{escape(note.text)}</li>" for note in exercise.notes())
        parts.append("</ul>")
    return "\n".join(parts)


def _cell(score: NormScore) -> str:
    background, foreground = score.band.colours
    value = "" if score.score is None else f" {score.score:+.2f}"
    return f'<td style="background:{background}; color:{foreground}" align="center">{score.band.symbol}{value}</td>'


def _matrix(exercise: Exercise) -> str:
    norms = exercise.framework.norms
    head = "".join(f"<th>{escape(norm.id)}<br/><small>{escape(norm.short)}</small></th>" for norm in norms)
    rows = []
    for team, score in exercise.scores().items():
        index = "—" if score.index is None else f"{score.index:+.1f}"
        cells = "".join(_cell(score.norms[norm.id]) for norm in norms)
        rows.append(f"<tr><th align='left'>{escape(team)}</th>{cells}<td>{index}</td><td>{score.escalation}</td></tr>")
    table = f"<table border='1' cellspacing='0' cellpadding='4'><tr><th>Team</th>{head}<th>Index</th><th>Esc.</th></tr>"
    return "<h3>Norm compliance</h3>" + table + "".join(rows) + "</table>"


def _decisions(exercise: Exercise) -> list[str]:
    parts = ["<h3>Decisions</h3><ul>"]
    for decision in exercise.final_decisions():
        inject = exercise.inject(decision.inject)
        choice = inject.option(decision.option).label if decision.option else "(free text)"
        effects = ", ".join(f"{e.norm} {signed(e.effect, 0)}" for e in exercise.effects(decision) if e.effect)
        parts.append(
            f"<li><b>{escape(decision.team)}</b> on <i>{escape(inject.title)}</i>: {escape(choice)}"
            f"{' — ' + escape(decision.rationale) if decision.rationale else ''}"
            f"{' [' + escape(effects) + ']' if effects else ''}</li>"
        )
    parts.append("</ul>")
    return parts
