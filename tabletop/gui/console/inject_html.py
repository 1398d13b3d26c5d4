"""The facilitator's view of one inject as HTML: narrative, question, options with their norm effects.

Narrative and guidance are Markdown from scenario files, so they go through the reports'
sanitiser; every other text is escaped here. This is facilitator-only material: the
presenter shows participants the options without their effects.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from tabletop.core.model import letter
from tabletop.core.stakes import stake_name
from tabletop.core.wording import signed

if TYPE_CHECKING:
    from tabletop.core.exercise import Exercise
    from tabletop.core.model import Inject, Option

_EFFECT_COLOURS = {2: "#2166AC", 1: "#4393C3", -1: "#D6604D", -2: "#B2182B"}


def inject_html(exercise: Exercise, inject: Inject) -> str:
    from tabletop.gui.presenter.screens import narrative  # the Markdown kept (and rendered ahead) for the room

    parts = []
    if inject.guidance:  # first, in view without scrolling on a narrow console: what to ask the room
        parts.append(
            "<table width='100%' cellspacing='0' cellpadding='6'><tr><td bgcolor='#FFF4D6'>"
            f"<b>Guidance (facilitator only)</b>{narrative(inject.guidance)}</td></tr></table>"
        )
    parts += [narrative(inject.body), f"<p><b>Q: {escape(inject.question)}</b></p>"]
    if inject.is_discussion:
        parts.append("<p><i>Discussion inject: each team's answer is free text, classified by you.</i></p>")
    else:
        parts.append("<table width='100%' cellspacing='0' cellpadding='4'>")
        parts.extend(_option_row(exercise, index, option) for index, option in enumerate(inject.options))
        parts.append("</table>")
    if inject.source:
        parts.append(f"<p><small>Precedent: {escape(inject.source)}</small></p>")
    return "\n".join(parts)


def _option_row(exercise: Exercise, index: int, option: Option) -> str:
    effects = " ".join(
        f"<span style='color:{_EFFECT_COLOURS[e.effect]}'><b>{escape(e.norm)} {signed(e.effect, 0)}</b></span>"
        for e in option.norms
        if e.effect
    )
    stakes = " · ".join(
        f"{escape(stake_name(e.stake).lower())} {signed(e.effect, 0)}" for e in option.stakes if e.effect
    )
    whys = [f"{escape(e.norm)} {signed(e.effect, 0)}: {escape(e.why)}" for e in option.norms if e.effect and e.why]
    whys += [
        f"<i>{escape(stake_name(e.stake))} {signed(e.effect, 0)}: {escape(e.why)}</i>"
        for e in option.stakes
        if e.effect and e.why
    ]
    escalation = f" · escalation {signed(option.escalation, 0)}" if option.escalation else ""
    effects = effects or "<small>no norm effect</small>"
    price = f"<br/><small style='color:#444'>stakes: {stakes}</small>" if stakes else ""
    return (
        f"<tr><td valign='top' width='24'><b>{letter(index)}</b></td>"
        f"<td valign='top'>{escape(option.label)}<br/><small>{'<br/>'.join(whys)}</small></td>"
        f"<td valign='top' align='right'>{effects}<small>{escalation}</small>{price}</td></tr>"
    )


def targets_text(exercise: Exercise, inject: Inject) -> str:
    """For a consequence (or an aimed ad-hoc) inject, who it reaches, or would reach if delivered now."""
    teams = exercise.recipients(inject.id)
    if not inject.is_consequence and len(set(teams)) == len(exercise.team_names):  # recipients are teams of it
        return ""
    return "→ " + ", ".join(teams) if teams else "→ nobody yet"


def targets_short(exercise: Exercise, inject: Inject, room: int = 14, full: str | None = None) -> str:
    """The same, short enough for the run sheet's narrow column: the names, or how many teams.

    ``full``: ``targets_text`` of the inject, when the caller has it already.
    """
    full = targets_text(exercise, inject) if full is None else full
    if len(full) <= room + 2:
        return full
    return f"→ {len(exercise.recipients(inject.id))} teams"
