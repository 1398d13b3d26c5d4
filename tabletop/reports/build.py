"""Build the debrief context from a session: every section's values, computed once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tabletop.core.events import EventKind
from tabletop.core.exercise import Exercise
from tabletop.core.model import Framework, Norm, Strength
from tabletop.core.scoring import Band as ScoreBand
from tabletop.core.scoring import NormScore, TeamScore, score_team
from tabletop.core.state import parse_time
from tabletop.reports import context as c
from tabletop.reports.charts import build_charts
from tabletop.reports.facts import Facts, clock_text, duration_text, join_names, signed
from tabletop.reports.markup import to_html
from tabletop.reports.narrative import executive_summary, finding_summary, split_text, team_line, tradeoffs
from tabletop.reports.sections import (
    dissents,
    escalation_rows,
    hotwash,
    inject_reviews,
    minorities,
    notes,
    timeline,
)

SYMBOLS = {
    ScoreBand.UPHELD: "\u25b2\u25b2",
    ScoreBand.UPHELD_WITH_CONCERNS: "\u25b2",
    ScoreBand.STRAINED: "\u25bc",
    ScoreBand.VIOLATED: "\u25bc\u25bc",
    ScoreBand.NOT_TESTED: "\u00b7",
}
RULES = {
    ScoreBand.UPHELD: "score of +1 or more",
    ScoreBand.UPHELD_WITH_CONCERNS: "score from 0 up to +1",
    ScoreBand.STRAINED: "score from \u22121 up to 0, or any single \u22122",
    ScoreBand.VIOLATED: "score below \u22121",
    ScoreBand.NOT_TESTED: "no decision moved the norm",
}
QUOTES_PER_NORM = 6
SPLITS_LISTED = 8
LISTED = 12  # longer lists go unread; the decision log holds every decision


def build_context(exercise: Exercise, *, for_pdf: bool = False) -> c.DebriefContext:
    facts = Facts.of(exercise)
    matrix = tuple(_matrix_row(facts, team.name) for team in exercise.teams)
    divergence = _divergence(facts)
    return c.DebriefContext(
        title=f"After-action report: {exercise.state.name}",
        cover=_cover(facts),
        summary=executive_summary(facts),
        team_lines=tuple(_team_line(facts, facts.scores[team.name]) for team in exercise.teams),
        norms=tuple(norm_info(norm) for norm in exercise.framework.norms),
        bands=tuple(c.Band(b.value, b.label, SYMBOLS[b], RULES[b]) for b in _band_order()),
        matrix=matrix,
        findings=_findings(facts),
        timeline=timeline(facts),
        injects=inject_reviews(facts),
        escalation=escalation_rows(facts),
        minorities=minorities(facts),
        dissents=dissents(facts),
        divergence_summary=divergence[0],
        splits=divergence[1],
        notes=notes(facts),
        hotwash=hotwash(facts),
        crosswalks=_crosswalks(facts),
        method=METHOD,
        criteria=tuple((crit.name, crit.text) for crit in exercise.framework.criteria),
        log=_log(facts),
        charts=build_charts(facts, matrix, for_pdf),
        for_pdf=for_pdf,
    )


def norm_info(norm: Norm) -> c.NormInfo:
    return c.NormInfo(norm.id, norm.short, norm.text, norm.type.value.replace("-", " "))


def team_info(facts: Facts, name: str) -> c.TeamInfo:
    team = facts.exercise.state.teams[name]
    return c.TeamInfo(team.name, team.color, team.number)


def cell(score: NormScore) -> c.Cell:
    shown = signed(score.score) if score.score is not None else "\u2013"
    return c.Cell(
        score.norm, score.band.value, score.band.label, SYMBOLS[score.band], shown, score.engaged, score.floored
    )


def _band_order() -> tuple[ScoreBand, ...]:
    return (
        ScoreBand.UPHELD,
        ScoreBand.UPHELD_WITH_CONCERNS,
        ScoreBand.STRAINED,
        ScoreBand.VIOLATED,
        ScoreBand.NOT_TESTED,
    )


def _cover(facts: Facts) -> c.Cover:
    exercise, state = facts.exercise, facts.exercise.state
    started = datetime.fromisoformat(state.created_at) if state.created_at else datetime.now(UTC)
    paused = sum(
        (datetime.fromisoformat(p.end) - datetime.fromisoformat(p.start)).total_seconds() for p in state.pauses if p.end
    )
    return c.Cover(
        session_name=state.name,
        session_id=state.session_id,
        scenario_title=exercise.scenario.title,
        scenario_id=exercise.scenario.id,
        summary_html=to_html(exercise.scenario.summary),
        framework_title=exercise.framework.title,
        date=f"{started:%d %B %Y}".lstrip("0"),
        duration=duration_text(exercise.elapsed()),
        paused=duration_text(paused) if paused else "",
        facilitator=state.facilitator,
        teams=tuple(team_info(facts, team.name) for team in exercise.teams),
        generated=f"{datetime.now(UTC):%d %B %Y, %H:%M} UTC".lstrip("0"),
    )


def _matrix_row(facts: Facts, team: str) -> c.MatrixRow:
    score = facts.scores[team]
    cells = tuple(cell(score.norms[norm]) for norm in facts.norms)
    return c.MatrixRow(team_info(facts, team), signed(score.index, 1), signed(score.escalation, 0), cells)


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


def _findings(facts: Facts) -> tuple[c.Finding, ...]:
    """Per norm: the options taken that upheld or strained it, the teams' words, the trade-offs."""
    upheld: dict[str, list[c.ChoiceGroup]] = {norm: [] for norm in facts.norms}
    strained: dict[str, list[c.ChoiceGroup]] = {norm: [] for norm in facts.norms}
    unlisted: Counter[tuple[str, bool]] = Counter()
    for inject_id, option_id, effects, decisions in facts.groups():
        for effect in effects:
            if not effect.effect or effect.norm not in upheld:
                continue
            listed = (upheld if effect.effect > 0 else strained)[effect.norm]
            if len(listed) >= LISTED:
                unlisted[(effect.norm, effect.effect > 0)] += 1
                continue
            title = facts.exercise.inject(inject_id).title
            label = facts.label(inject_id, option_id) if option_id else "written answer, as classified"
            teams = join_names([d.team for d in decisions])
            listed.append(c.ChoiceGroup(title, label, teams, signed(effect.effect, 0), effect.why))
    quotes = _quotes(facts)
    trades = tradeoffs(facts)
    return tuple(
        c.Finding(
            norm=norm_info(norm),
            summary=finding_summary(facts, norm.id),
            upheld=tuple(upheld[norm.id]),
            strained=tuple(strained[norm.id]),
            quotes=tuple(quotes[norm.id]),
            tradeoffs=trades[norm.id][:LISTED],
            more_upheld=unlisted[(norm.id, True)],
            more_strained=unlisted[(norm.id, False)],
            more_tradeoffs=max(len(trades[norm.id]) - LISTED, 0),
        )
        for norm in facts.exercise.framework.norms
    )


def _quotes(facts: Facts) -> dict[str, list[c.Quote]]:
    """The first few rationales behind decisions that moved each norm."""
    quotes: dict[str, list[c.Quote]] = {norm: [] for norm in facts.norms}
    wanted = len(quotes) * QUOTES_PER_NORM
    for decision in facts.finals:
        if wanted == 0:
            break
        if not decision.rationale.strip():
            continue
        for effect in facts.effects(decision):
            found = quotes.get(effect.norm)
            if effect.effect and found is not None and len(found) < QUOTES_PER_NORM:
                confidence = f" (confidence {decision.confidence}/5)" if decision.confidence else ""
                title = facts.exercise.inject(decision.inject).title
                found.append(c.Quote(decision.team, title, facts.choosing(decision), decision.rationale, confidence))
                wanted -= 1
    return quotes


def _divergence(facts: Facts) -> tuple[str, tuple[str, ...]]:
    """A sentence on how often teams split, and the splits themselves, the widest first."""
    if len(facts.exercise.teams) < 2:
        return "With a single team there is no divergence to read.", ()
    shared = [inject for inject in facts.delivered if len(facts.by_inject.get(inject.id, ())) > 1]
    split = [inject for inject in shared if len(facts.split(inject.id)) > 1]
    if not split:
        return "Every inject that more than one team answered drew the same choice from all of them.", ()
    split.sort(key=lambda inject: (-len(facts.split(inject.id)), min(facts.split(inject.id).values())))
    lines = tuple(f"\u201c{inject.title}\u201d: {split_text(facts, inject.id)}." for inject in split[:SPLITS_LISTED])
    more = len(split) - len(lines)
    tail = f" The {len(lines)} widest are listed; the chart shows the other {more}." if more else ""
    return f"Teams split on {len(split)} of the {len(shared)} injects more than one team answered.{tail}", lines


def _crosswalks(facts: Facts) -> tuple[c.CrosswalkTable, ...]:
    from tabletop.core.frameworks import builtin_frameworks

    tables = []
    frameworks = builtin_frameworks()
    for walk in facts.exercise.framework.crosswalks:
        target = frameworks.get(walk.framework)
        if target is None:
            continue
        tables.append(c.CrosswalkTable(target.title, tuple(_crosswalk_rows(facts, walk.links, target))))
    return tuple(tables)


def _crosswalk_rows(facts: Facts, links: tuple, target: Framework) -> list[c.CrosswalkRow]:  # type: ignore[type-arg]
    rows = []
    for norm in target.norms:
        mine = [link for link in links if link.target == norm.id]
        if not mine:
            continue
        strong = [link.norm for link in mine if link.strength is Strength.STRONG]
        sources = ", ".join(f"{link.norm} ({link.strength.value})" for link in mine)
        readings = tuple(
            _reading(facts, team.name, strong or [link.norm for link in mine], norm.id) for team in facts.exercise.teams
        )
        rows.append(c.CrosswalkRow(norm_info(norm), sources, readings))
    return rows


def _reading(facts: Facts, team: str, sources: list[str], target: str) -> c.Cell:
    """The most cautious band among the mapped norms the team was tested on."""
    tested = [facts.scores[team].norms[n] for n in sources if facts.scores[team].norms[n].score is not None]
    if not tested:
        return c.Cell(target, "not-tested", "Not tested", SYMBOLS[ScoreBand.NOT_TESTED], "\u2013", 0, False)
    worst = min(tested, key=lambda s: (s.band.rank, s.score or 0))
    return c.Cell(target, worst.band.value, worst.band.label, SYMBOLS[worst.band], worst.norm, worst.engaged, False)


def _log(facts: Facts) -> tuple[c.LogRow, ...]:
    """Every decision event in order, revisions, undos and classifications included."""
    rows = []
    label, start = facts.label, facts.start
    titles = {inject.id: inject.title for inject in facts.exercise.all_injects()}
    recorded, revised = EventKind.DECISION_RECORDED, EventKind.DECISION_REVISED
    for event in facts.exercise.log:
        kind = event.kind
        if kind is recorded or kind is revised:
            data = event.data
            get = data.get
            choice = "withdrawn" if get("withdrawn") else label(data["inject"], get("option"))
            if get("confidence"):
                choice = f"{choice} ({data['confidence']}/5)"
            note = "via " + get("source", "console")
            if get("undoes"):
                note += "; undo"
            elif get("reason"):
                note += "; " + data["reason"]
            clock = clock_text((parse_time(event.at) - start).total_seconds()) if start else ""
            rows.append(c.LogRow(clock, data["team"], titles[data["inject"]], choice, get("rationale", ""),
                                 get("dissent", ""), note))  # fmt: skip
        elif kind is EventKind.DECISION_CLASSIFIED:
            rows.append(_classification_row(facts, event.at, event.data))
    return tuple(rows)


def _classification_row(facts: Facts, at: str, data: Mapping[str, Any]) -> c.LogRow:
    moves = ", ".join(f"{n} {signed(s['effect'], 0)}: {s['why']}" for n, s in data["norms"].items())
    note = f"classified by the facilitator: {moves}" if moves else "classification cleared"
    return c.LogRow(facts.clock(at), data["team"], facts.exercise.inject(data["inject"]).title, "", "", "", note)


METHOD = (
    "Every option in the scenario carries, for each norm it touches, an effect from \u22122 (violates the norm) "
    "to +2 (exemplifies it), with the author's reason. A written answer to a discussion inject has the effects "
    "the facilitator gave it, each with a reason.",
    "Only each team's final decision on an inject counts: a revision replaces the earlier choice, though both "
    "stay in the decision log below.",
    "For each team and norm, the score is the average of the non-zero effects of its final decisions on that "
    "norm, to two decimals (halves rounded away from zero). The number of those decisions is shown as "
    "\u2018engaged\u2019. A norm no decision touched is \u2018not tested\u2019 and has no score.",
    "The band is read from the score: upheld at +1 or more; upheld with concerns from 0 up to +1; strained from "
    "\u22121 up to 0; violated below \u22121. Floor rule: a team with any single \u22122 on a norm is at best "
    "\u2018strained\u2019 on it, however its other decisions averaged. Such cells are marked with an asterisk.",
    "A team's index is 50 times the average of its unrounded scores over the norms it was tested on: from "
    "\u2212100 (every tested norm at \u22122) to +100 (every tested norm at +2). It is blank if no norm was "
    "tested.",
    "Escalation is kept apart from compliance: it is the sum of the escalation (\u22123 to +3) the scenario "
    "gives each option a team finally chose.",
    "Crosswalk readings show, for each norm of another framework, the most cautious band among the norms "
    "mapped to it (strong links where there are any). They are a reading of the same decisions, not a "
    "separate score.",
)
