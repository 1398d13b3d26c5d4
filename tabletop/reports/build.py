"""Build the debrief context from a session: every section's values, computed once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tabletop.core.events import DecisionClassified, DecisionMade, Source
from tabletop.core.exercise import Exercise
from tabletop.core.scoring import BAND_ORDER, TeamScore, score_team
from tabletop.core.scoring import Band as ScoreBand
from tabletop.core.stakes import builtin_stakes
from tabletop.reports import context as c
from tabletop.reports.cells import cell, norm_info, team_info
from tabletop.reports.charts import build_charts
from tabletop.reports.crosswalk import crosswalks
from tabletop.reports.facts import Facts, clock_text, duration_text, signed
from tabletop.reports.findings import divergence, findings, top_findings
from tabletop.reports.markup import to_html
from tabletop.reports.method import method
from tabletop.reports.narrative import NAMED_TEAMS, executive_summary, team_line
from tabletop.reports.sections import (
    dissents,
    escalation_rows,
    hotwash,
    inject_reviews,
    minorities,
    notes,
    room_rows,
    timeline,
)
from tabletop.reports.stakes import stake_rows
from tabletop.reports.stories import chains, written_answers

RULES = {
    ScoreBand.UPHELD: "score of +1 or more",
    ScoreBand.UPHELD_WITH_CONCERNS: "score above 0 and below +1",
    ScoreBand.MIXED: "score of exactly 0: as much upheld as strained",
    ScoreBand.STRAINED: "score from \u22121 up to 0, or any single \u22122",
    ScoreBand.VIOLATED: "score below \u22121",
    ScoreBand.NOT_TESTED: "no decision moved the norm",
}
QUOTES_PER_NORM = 6
SPLITS_LISTED = 8
LISTED = 12  # longer lists go unread; the decision log holds every decision


PDF_ROWS_PER_TABLE = 40
PDF_COLUMNS_PER_TABLE = 7


def build_context(
    exercise: Exercise, *, for_pdf: bool = False, framework: str | None = None, brief: bool = False
) -> c.DebriefContext:
    """Every section's values, the session read through ``framework`` (by default the scenario's own).

    ``brief`` builds only what the two-page brief shows; the other sections stay empty.
    """
    facts = Facts.of(exercise, framework)
    matrix = tuple(_matrix_row(facts, team.name) for team in exercise.teams)
    return c.DebriefContext(
        title=_title(exercise.name, brief),
        cover=_cover(facts),
        summary=executive_summary(facts),
        team_lines=_team_lines(facts),
        norms=tuple(norm_info(norm) for norm in facts.framework.norms),
        bands=tuple(c.Band(b.value, b.label, b.symbol, RULES[b]) for b in BAND_ORDER),
        matrix=matrix,
        findings=findings(facts),
        hotwash=hotwash(facts),
        method=method(facts),
        criteria=tuple((crit.name, crit.text) for crit in facts.framework.criteria),
        charts=build_charts(facts, matrix, for_pdf),
        stake_names=tuple(stake.name for stake in builtin_stakes()),
        stakes=stake_rows(facts),
        stories=chains(facts),
        answers=written_answers(facts),
        top=top_findings(facts),
        for_pdf=for_pdf,
        brief=brief,
        rows_per_table=PDF_ROWS_PER_TABLE if for_pdf else 10**9,
        columns_per_table=PDF_COLUMNS_PER_TABLE if for_pdf else 10**9,
        **(_EMPTY if brief else _full_sections(facts)),
    )


_EMPTY: dict[str, Any] = dict.fromkeys(
    ("timeline", "injects", "escalation", "minorities", "dissents", "room", "splits", "notes", "crosswalks", "log"), ()
) | {"divergence_summary": ""}


def _full_sections(facts: Facts) -> dict[str, Any]:
    """The sections only the full report has (the brief leaves them out)."""
    summary, splits = divergence(facts)
    return {
        "timeline": timeline(facts),
        "injects": inject_reviews(facts),
        "escalation": escalation_rows(facts),
        "minorities": minorities(facts),
        "dissents": dissents(facts),
        "room": room_rows(facts),
        "divergence_summary": summary,
        "splits": splits,
        "notes": notes(facts),
        "crosswalks": crosswalks(facts),
        "log": _log(facts),
    }


def _title(name: str, brief: bool) -> str:
    return f"{'Brief' if brief else 'After-action report'}: {name}"


def _cover(facts: Facts) -> c.Cover:
    exercise = facts.exercise
    started = datetime.fromisoformat(exercise.created_at) if exercise.created_at else datetime.now(UTC)
    paused = exercise.paused_total()
    return c.Cover(
        session_name=exercise.name,
        session_id=exercise.session_id,
        scenario_title=exercise.scenario.title,
        subtitle=_subtitle(exercise.name, exercise.scenario.title),
        scenario_id=exercise.scenario.id,
        summary_html=to_html(exercise.scenario.summary),
        framework_title=_framework_words(facts),
        date=f"{started:%d %B %Y}".lstrip("0"),
        duration=duration_text(exercise.elapsed()) if exercise.elapsed() >= 1 else "not timed (recorded all at once)",
        paused=duration_text(paused) if paused else "",
        facilitator=exercise.facilitator,
        teams=tuple(team_info(facts, team.name) for team in exercise.teams),
        generated=f"{datetime.now(UTC):%d %B %Y, %H:%M} UTC".lstrip("0"),
    )


def _subtitle(name: str, scenario: str) -> str:
    """The scenario under the session's name, unless the name already says it."""
    return "" if scenario.casefold() in name.casefold() else scenario


def _framework_words(facts: Facts) -> str:
    own = facts.exercise.framework
    if facts.framework.id == own.id:
        return own.title
    return f"{facts.framework.title}, read through the crosswalk from {own.title}, for which the scenario was written"


def _matrix_row(facts: Facts, team: str) -> c.MatrixRow:
    score = facts.scores[team]
    cells = tuple(cell(score.norms[norm]) for norm in facts.norms)
    index, escalation = signed(score.index, 1), signed(score.escalation, 0)
    return c.MatrixRow(team_info(facts, team), index, escalation, cells, signed(score.balance, 0))


def _team_lines(facts: Facts) -> tuple[str, ...]:
    """A line a team; past NAMED_TEAMS only the three closest to the norms and the three furthest, with a pointer."""
    teams = [team.name for team in facts.exercise.teams]
    if len(teams) <= NAMED_TEAMS:
        return tuple(_team_line(facts, facts.scores[name]) for name in teams)
    indexed = [name for name in teams if facts.scores[name].index is not None]
    ranked = sorted(indexed, key=lambda name: -(facts.scores[name].index or 0.0))
    shown = ranked[:3] + ranked[3:][-3:]
    lines = [_team_line(facts, facts.scores[name]) for name in shown]
    rest = len(teams) - len(shown)
    lines.append(f"The other {rest} teams' readings, stakes and escalation are in the matrix and the stakes table.")
    return tuple(lines)


def _team_line(facts: Facts, score: TeamScore) -> str:
    best = _best_available(facts, score.team)
    line = team_line(facts, score)
    if best is None or score.index is None or best <= score.index:
        return line
    better = signed(best, 1)
    return f"{line} With the most norm-upholding option at each inject it received, its index would be {better}."


def _best_available(facts: Facts, team: str) -> float | None:
    """The index a team would have had with the most norm-upholding option at every inject it answered."""
    decisions = [facts.best_option(d.inject) or facts.scored[(team, d.inject)] for d in facts.by_team.get(team, ())]
    return score_team(team, facts.norms, decisions).index


def _log(facts: Facts) -> tuple[c.LogRow, ...]:
    """Every decision event in order, revisions, undos and classifications included.

    Read straight from the events (each row needs nothing a payload does not say). A long
    log repeats a few hundred choices and notes: each distinct one is worded once.
    """
    titles = {inject.id: inject.title for inject in facts.exercise.all_injects()}
    times = facts.times
    choices: dict[tuple[str, str | None, int | None, bool], str] = {}
    notes: dict[tuple[Source, bool, str], str] = {}
    rows = []
    new, row_type = tuple.__new__, c.LogRow  # the row built as its tuple: NamedTuple's own __new__ is slow
    for event in facts.exercise.log:
        payload = event.payload
        if isinstance(payload, DecisionMade):
            key = (payload.inject, payload.option, payload.confidence, payload.withdrawn)
            choice = choices.get(key) or choices.setdefault(key, _choice_words(facts, *key))
            said = (payload.source, payload.undoes is not None, payload.reason)
            note = notes.get(said) or notes.setdefault(said, _note_words(*said))
            clock = clock_text(times[event.seq])
            fields = (clock, payload.team, titles[payload.inject], choice, payload.rationale, payload.dissent, note)
            rows.append(new(row_type, fields))
        elif isinstance(payload, DecisionClassified):
            rows.append(_classification_row(facts, payload, event.seq))
    return tuple(rows)


def _choice_words(facts: Facts, inject: str, option: str | None, confidence: int | None, withdrawn: bool) -> str:
    choice = "withdrawn" if withdrawn else facts.label(inject, option)
    return f"{choice} ({confidence}/5)" if confidence else choice


def _note_words(source: Source, undo: bool, reason: str) -> str:
    note = "via " + source.value
    if undo:
        return note + "; undo"
    return note + "; " + reason if reason else note


def _classification_row(facts: Facts, classified: DecisionClassified, seq: int) -> c.LogRow:
    moves = ", ".join(f"{e.norm} {signed(e.effect, 0)}: {e.why}" for e in classified.norms)
    note = f"classified by the facilitator: {moves}" if moves else "classification cleared"
    title = facts.exercise.inject(classified.inject).title
    return c.LogRow(facts.clock(seq), classified.team, title, "", "", "", note)
