"""The debrief as data: JSON with DESIGN.md's stable keys, and a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tabletop.core.codec import to_data
from tabletop.core.exercise import Exercise
from tabletop.core.scoring import TeamScore
from tabletop.core.state import Decision, Team

FORMAT = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def debrief_data(exercise: Exercise) -> dict[str, Any]:
    """The session, its norms, and each team's scores and final decisions."""
    scores = exercise.scores()
    by_team: dict[str, list[Decision]] = {name: [] for name in exercise.team_names}
    for decision in exercise.final_decisions():
        by_team[decision.team].append(decision)
    hotwash = exercise.hotwash
    return {
        "format": FORMAT,
        "session": _session(exercise),
        "norms": [{"id": n.id, "short": n.short, "type": n.type.value} for n in exercise.framework.norms],
        "teams": [_team(exercise, team, scores[team.name], by_team[team.name]) for team in exercise.teams],
        "notes": [{"at": n.at, "inject": n.inject, "text": n.text} for n in exercise.notes()],
        "hotwash": {
            "strengths": hotwash.strengths,
            "improvements": hotwash.improvements,
            "plan": [{"action": r.action, "owner": r.owner, "due": r.due} for r in hotwash.plan],
        },
        "log": [{"seq": e.seq, "kind": e.kind.value, "at": e.at, "data": to_data(e.payload)} for e in exercise.log],
    }


def _session(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.session_id,
        "name": exercise.name,
        "scenario": exercise.scenario.id,
        "scenario_title": exercise.scenario.title,
        "framework": exercise.framework.id,
        "facilitator": exercise.facilitator,
        "started_at": exercise.created_at,
        "ended_at": exercise.ended_at,
        "elapsed_seconds": round(exercise.elapsed(), 1),
    }


def _team(exercise: Exercise, team: Team, score: TeamScore, decisions: list[Decision]) -> dict[str, Any]:
    return {
        "name": team.name,
        "color": team.color,
        "index": score.index,
        "escalation": score.escalation,
        "norms": {
            norm: {"score": s.score, "band": s.band.value, "engaged": s.engaged, "worst": s.worst}
            for norm, s in score.norms.items()
        },
        "decisions": [_decision(exercise, d) for d in decisions],
    }


def _decision(exercise: Exercise, decision: Decision) -> dict[str, Any]:
    return {
        "inject": decision.inject,
        "option": decision.option,
        "rationale": decision.rationale,
        "confidence": decision.confidence,
        "dissent": decision.dissent,
        "source": decision.source.value,
        "at": decision.at,
        "revisions": decision.revision,
        "effects": {effect.norm: effect.effect for effect in exercise.effects(decision) if effect.effect},
        "escalation": exercise.escalation(decision),
    }


def debrief_json(exercise: Exercise) -> str:
    return json.dumps(debrief_data(exercise), ensure_ascii=False, indent=2) + "\n"


def debrief_csv(exercise: Exercise) -> str:
    """One row per final decision, a column per norm effect; formula-like text is neutralised."""
    norms = exercise.framework.norm_ids
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([
        "session", "team", "stage", "inject", "option", "option_label", "rationale", "confidence", "dissent",
        "source", "at", "escalation", *norms,
    ])  # fmt: skip
    for decision in exercise.final_decisions():
        inject = exercise.inject(decision.inject)
        label = inject.option(decision.option).label if decision.option else ""
        found = exercise.stage_of(decision.inject)
        stage = "" if found is None else found.id
        effects = {effect.norm: effect.effect for effect in exercise.effects(decision)}
        row: list[Any] = [
            exercise.session_id, decision.team, stage, decision.inject, decision.option or "", label,
            decision.rationale, decision.confidence, decision.dissent, decision.source.value, decision.at,
            exercise.escalation(decision), *(effects.get(norm, 0) for norm in norms),
        ]  # fmt: skip
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value
