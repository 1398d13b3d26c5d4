"""The debrief as data: JSON with DESIGN.md's stable keys, and a spreadsheet-safe CSV.

Both read the session through one framework (by default the scenario's own); the JSON's
``crosswalk`` gives every other framework's reading, each norm with its basis.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tabletop.core.codec import to_data
from tabletop.core.events import Event, EventKind
from tabletop.core.exercise import Exercise
from tabletop.core.frameworks import builtin_frameworks
from tabletop.core.model import NormEffect
from tabletop.core.scoring import NormScore, TeamScore
from tabletop.core.stakes import builtin_stakes, stake_ids
from tabletop.core.state import Decision, Team

FORMAT = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def debrief_data(exercise: Exercise, framework: str | None = None) -> dict[str, Any]:
    """The session, its norms, each team's scores, stakes and final decisions, read through a framework."""
    lens = exercise.lens(framework)
    scores = exercise.scores(lens.id)
    by_team: dict[str, list[Decision]] = {name: [] for name in exercise.team_names}
    for decision in exercise.final_decisions():
        by_team[decision.team].append(decision)
    hotwash = exercise.hotwash
    return {
        "format": FORMAT,
        "session": _session(exercise, lens.id),
        "norms": [{"id": n.id, "short": n.short, "type": n.type.value} for n in lens.framework.norms],
        "stakes": [{"id": stake.id, "name": stake.name} for stake in builtin_stakes()],
        "teams": [_team(exercise, team, scores[team.name], by_team[team.name], lens.id) for team in exercise.teams],
        "crosswalk": [_crosswalk(exercise, other) for other in builtin_frameworks() if other != lens.id],
        "notes": [{"at": n.at, "inject": n.inject, "text": n.text} for n in exercise.notes()],
        "hotwash": {
            "strengths": hotwash.strengths,
            "improvements": hotwash.improvements,
            "plan": [{"action": r.action, "owner": r.owner, "due": r.due} for r in hotwash.plan],
        },
        "log": [_logged(event) for event in exercise.log],
    }


def _session(exercise: Exercise, framework: str) -> dict[str, Any]:
    return {
        "id": exercise.session_id,
        "name": exercise.name,
        "scenario": exercise.scenario.id,
        "scenario_title": exercise.scenario.title,
        "framework": framework,
        "scenario_framework": exercise.framework.id,
        "facilitator": exercise.facilitator,
        "started_at": exercise.created_at,
        "ended_at": exercise.ended_at,
        "elapsed_seconds": round(exercise.elapsed(), 1),
    }


def _team(exercise: Exercise, team: Team, score: TeamScore, decisions: list[Decision], lens: str) -> dict[str, Any]:
    return {
        "name": team.name,
        "color": team.color,
        "index": score.index,
        "escalation": score.escalation,
        "norms": {norm: {**_reading(s), "worst": s.worst} for norm, s in score.norms.items()},
        "stakes": {stake: {"total": t.total, "engaged": t.engaged} for stake, t in score.stakes.items()},
        "decisions": [_decision(exercise, d, lens) for d in decisions],
    }


def _reading(score: NormScore) -> dict[str, Any]:
    return {"score": score.score, "band": score.band.value, "engaged": score.engaged}


def _crosswalk(exercise: Exercise, framework: str) -> dict[str, Any]:
    """Another framework's reading of the session: each norm's basis and each team's score on it."""
    lens = exercise.lens(framework)
    basis = exercise.basis(framework)
    scores = exercise.scores(framework)
    norms = [
        {
            "id": norm.id,
            "short": norm.short,
            "basis": basis[norm.id].value,
            "teams": {team: _reading(score.norms[norm.id]) for team, score in scores.items()},
        }
        for norm in lens.framework.norms
    ]
    return {"framework": framework, "norms": norms}


def _decision(exercise: Exercise, decision: Decision, lens: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "inject": decision.inject,
        "option": decision.option,
        "rationale": decision.rationale,
        "confidence": decision.confidence,
        "dissent": decision.dissent,
        "source": decision.source.value,
        "at": decision.at,
        "revisions": decision.revision,
        "effects": _summed(exercise.scored(decision, lens).effects),
        "stakes": {effect.stake: effect.effect for effect in exercise.stakes(decision) if effect.effect},
        "escalation": exercise.escalation(decision),
    }
    votes = exercise.votes_outcome(decision.team, decision.inject).counts
    if votes:  # participants voted from their own phones
        found["votes"] = dict(votes)
        found["alignment"] = exercise.alignment(decision.team, decision.inject)
    return found


def _logged(event: Event) -> dict[str, Any]:
    data = to_data(event.payload)
    if event.kind is EventKind.ROOM_OPENED:
        data.pop("key", None)  # it signs the phones' cookies: it never leaves the laptop
    return {"seq": event.seq, "kind": event.kind.value, "at": event.at, "data": data}


def _summed(effects: tuple[NormEffect, ...]) -> dict[str, int]:
    """Effects by norm; two strong links carrying onto one norm of a lens add up in a single column."""
    found: dict[str, int] = {}
    for effect in effects:
        found[effect.norm] = found.get(effect.norm, 0) + effect.effect
    return found


def debrief_json(exercise: Exercise, framework: str | None = None) -> str:
    return json.dumps(debrief_data(exercise, framework), ensure_ascii=False, indent=2) + "\n"


def debrief_csv(exercise: Exercise, framework: str | None = None) -> str:
    """One row per final decision: a column per norm effect (through the lens) and per stake; formulas neutralised."""
    lens = exercise.lens(framework)
    norms, stakes = lens.framework.norm_ids, stake_ids()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([
        "session", "team", "stage", "inject", "option", "option_label", "rationale", "confidence", "dissent",
        "source", "at", "escalation", *norms, *(f"stake_{stake}" for stake in stakes),
    ])  # fmt: skip
    for decision in exercise.final_decisions():
        writer.writerow([safe_cell(value) for value in _csv_row(exercise, decision, lens.id, norms, stakes)])
    return out.getvalue()


def _csv_row(
    exercise: Exercise, decision: Decision, lens: str, norms: tuple[str, ...], stakes: tuple[str, ...]
) -> list[Any]:
    inject = exercise.inject(decision.inject)
    label = inject.option(decision.option).label if decision.option else ""
    found = exercise.stage_of(decision.inject)
    effects = _summed(exercise.scored(decision, lens).effects)
    moved = {effect.stake: effect.effect for effect in exercise.stakes(decision)}
    return [
        exercise.session_id, decision.team, "" if found is None else found.id, decision.inject, decision.option or "",
        label, decision.rationale, decision.confidence, decision.dissent, decision.source.value, decision.at,
        exercise.escalation(decision), *(effects.get(norm, 0) for norm in norms), *(moved.get(s, 0) for s in stakes),
    ]  # fmt: skip


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value
