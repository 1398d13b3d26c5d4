"""Debrief sections that list what happened: timeline, injects and roads not taken, divergence, notes."""

from __future__ import annotations

from collections import Counter

from tabletop.core import events as e
from tabletop.core.clock import epoch
from tabletop.core.model import Inject, Option
from tabletop.core.stakes import stake_name
from tabletop.core.state import Decision
from tabletop.reports import context as c
from tabletop.reports.facts import Facts, clock_text, duration_text, join_names, signed
from tabletop.reports.markup import to_html

REASONS_SHOWN = 3


def timeline(facts: Facts) -> tuple[c.TimelineRow, ...]:
    """Deliveries with each team's choice and time to decide, stages, pauses, ad-hoc injects, the end."""
    exercise = facts.exercise
    stages = {stage.id: (number, stage.title) for number, stage in enumerate(exercise.scenario.stages, 1)}
    pause_end = {pause.start: pause.end for pause in exercise.pauses()}
    clocked = exercise.elapsed() >= 1
    rows: list[c.TimelineRow] = []
    for event in exercise.log:
        payload = event.payload
        kind = _TIMELINE_KINDS.get(type(payload))
        if kind is None:  # decisions, votes, notes...: most of a long log, and none of the timeline
            continue
        if isinstance(payload, e.StageStarted):
            number, title = stages[payload.stage]
            text, detail = f"Stage {number}: {title}", ""
        elif isinstance(payload, e.InjectDelivered):
            inject = exercise.inject(payload.inject)
            text = f"\u201c{inject.title}\u201d delivered to {join_names(payload.teams)}"
            detail = _answers(facts, inject, clocked)
        elif isinstance(payload, e.AdhocInjectAdded):
            text, detail = f"Ad-hoc inject written: \u201c{payload.title}\u201d", ""
        elif isinstance(payload, e.Paused):
            end = pause_end.get(event.at)
            text, detail = f"Paused ({duration_text(epoch(end) - epoch(event.at)) if end else 'unended'})", ""
        else:
            text, detail = _TIMELINE_WORDS[kind], ""
        rows.append(c.TimelineRow(facts.clock(event.seq), kind, text, detail))
    return tuple(rows)


_TIMELINE_KINDS: dict[type, str] = {
    e.Created: "start", e.StageStarted: "stage", e.InjectDelivered: "inject", e.AdhocInjectAdded: "adhoc",
    e.Paused: "pause", e.Ended: "end",
}  # fmt: skip
_TIMELINE_WORDS = {"start": "Session opened", "end": "Session ended"}


def _answers(facts: Facts, inject: Inject, clocked: bool) -> str:
    """Each team's final choice by letter and its time to decide (pauses left out), in the order they first decided.

    ``clocked`` is false for a session recorded all at once: it has no time to decide.
    """
    letters = {option.id: inject.letter(option.id) for option in inject.options}
    times = facts.times
    took = facts.exercise.times_to_decide(inject.id, times)
    parts = []
    for decision in facts.by_inject.get(inject.id, ()):
        letter = letters.get(decision.option or "", "in writing")
        team = decision.team
        seconds = took[team] if team in took else facts.exercise.time_to_decide(team, inject.id, times)
        notes = [f"after {clock_text(seconds or 0.0)}"] if clocked else []
        if decision.revision:
            notes.append(f"revised {decision.revision}\u00d7")
        parts.append(f"{team} {letter} ({'; '.join(notes)})" if notes else f"{team} {letter}")
    return "; ".join(parts) if parts else "no decision recorded"


def inject_reviews(facts: Facts) -> tuple[c.InjectReview, ...]:
    """Every inject with every option's effects: the roads taken, not taken, and never reached."""
    reviews = [_review(facts, number, inject) for number, inject in enumerate(facts.delivered, start=1)]
    for inject in facts.exercise.scenario.injects():
        if not facts.exercise.is_delivered(inject.id):
            reviews.append(_review(facts, 0, inject))
    return tuple(reviews)


def _review(facts: Facts, number: int, inject: Inject) -> c.InjectReview:
    """One inject as played; ``number`` 0 marks one that was never delivered."""
    chosen: dict[str, list[str]] = {}
    for decision in facts.by_inject.get(inject.id, ()):
        chosen.setdefault(decision.option or "", []).append(decision.team)
    exercise = facts.exercise
    found = exercise.stage_of(inject.id)
    stage = "ad hoc" if found is None else found.title
    delivery = exercise.delivery(inject.id)
    if number and delivery is not None:
        reached = f"Delivered to {join_names(delivery.teams)}."
    elif inject.when:
        reached = f"Not delivered: no team chose {' or '.join(inject.when)}."
    else:
        reached = "Not delivered: the session ended first."
    options = tuple(_option_row(inject, option, chosen.get(option.id, [])) for option in inject.options)
    written = chosen.get("", [])
    split = f"Written answers from {join_names(written)}." if written and not inject.options else ""
    return c.InjectReview(number, inject.title, stage, inject.question, inject.source, reached, options, split,
                          len(chosen) > 1)  # fmt: skip


def _option_row(inject: Inject, option: Option, teams: list[str]) -> c.OptionRow:
    effects = tuple(
        c.EffectLine(e.norm, signed(e.effect, 0), e.why, _direction(e.effect)) for e in option.norms if e.effect
    )
    stakes = tuple(
        c.EffectLine(stake_name(s.stake), signed(s.effect, 0), s.why, _direction(s.effect))
        for s in option.stakes
        if s.effect
    )
    escalation = signed(option.escalation, 0) if option.escalation else "0"
    label, chosen = inject.letter(option.id), join_names(teams)
    return c.OptionRow(label, option.label, effects, escalation, chosen, bool(teams), stakes)


def _direction(effect: int) -> str:
    return "up" if effect > 0 else "down"


def escalation_rows(facts: Facts) -> tuple[c.EscalationRow, ...]:
    rows = []
    for team in facts.exercise.teams:
        total, peak, sharpest = 0, 0, None
        for decision in facts.by_team.get(team.name, ()):
            step = facts.escalation(decision)
            total += step
            peak = max(peak, total)
            if step > 0 and (sharpest is None or step > facts.escalation(sharpest)):
                sharpest = decision
        sharp = _sharpest_text(facts, sharpest)
        info = c.TeamInfo(team.name, team.color, team.number)
        rows.append(c.EscalationRow(info, signed(total, 0), signed(peak, 0), sharp))
    return tuple(rows)


def _sharpest_text(facts: Facts, decision: Decision | None) -> str:
    if decision is None:
        return "no escalating choice"
    option = facts.option(decision)
    title = facts.exercise.inject(decision.inject).title
    label = option.label if option else "written answer"
    return f"\u201c{label}\u201d on \u201c{title}\u201d ({signed(facts.escalation(decision), 0)})"


def minorities(facts: Facts) -> tuple[c.Minority, ...]:
    """Options taken against the most common choice on an inject, with the teams and their first reasons."""
    found = []
    for inject in facts.delivered:
        decisions = facts.by_inject.get(inject.id, ())
        split = Counter(d.option for d in decisions)
        if not inject.options or len(split) < 2:
            continue
        (top, top_count), (_, second_count) = split.most_common(2)
        if top_count == second_count:
            continue  # an even split has no minority
        top_option = inject.option(top or "")
        majority = f"{inject.letter(top_option.id)} \u201c{top_option.label}\u201d ({top_count} teams)"
        others: dict[str, list[Decision]] = {}
        for decision in decisions:
            if decision.option != top:
                others.setdefault(decision.option or "", []).append(decision)
        for group in others.values():
            reasons = tuple(f"{d.team}: {d.rationale}" for d in group if d.rationale.strip())[:REASONS_SHOWN]
            teams = join_names([d.team for d in group])
            found.append(c.Minority(inject.title, teams, facts.choice_label(group[0]), majority, reasons))
    return tuple(found)


def dissents(facts: Facts) -> tuple[c.Dissent, ...]:
    return tuple(
        c.Dissent(d.team, facts.exercise.inject(d.inject).title, facts.chose(d), d.dissent)
        for d in facts.finals
        if d.dissent.strip()
    )


def room_rows(facts: Facts) -> tuple[c.RoomRow, ...]:
    """Every team and inject its phones voted on, in the order delivered: the split inside each team."""
    exercise = facts.exercise
    rows = []
    for delivery in exercise.deliveries():
        inject_id, inject = delivery.inject, exercise.inject(delivery.inject)
        for team in delivery.teams:
            if not exercise.ballot(team, inject_id):  # no phone voted: nothing to count (most sessions have no room)
                continue
            counts = exercise.votes_outcome(team, inject_id).counts
            if not counts:
                continue
            decision = exercise.final(team, inject_id)
            chosen = inject.letter(decision.option) if decision and decision.option else "no answer"
            votes = " · ".join(f"{inject.letter(option)} {count}" for option, count in counts.items())
            share = exercise.alignment(team, inject_id)
            aligned = "—" if share is None else f"{round(share * 100)}%"
            rows.append(c.RoomRow(team, inject.title, chosen, votes, aligned, exercise.minority(team, inject_id)))
    return tuple(rows)


def notes(facts: Facts) -> tuple[c.NoteRow, ...]:
    rows = []
    for note in facts.exercise.notes():
        title = facts.exercise.inject(note.inject).title if note.inject else "general"
        rows.append(c.NoteRow(facts.clock(note.seq), title, to_html(note.text)))
    return tuple(rows)


def hotwash(facts: Facts) -> c.Hotwash:
    saved = facts.exercise.hotwash
    plan = tuple(c.PlanRow(row.action, row.owner, row.due) for row in saved.plan)
    return c.Hotwash(to_html(saved.strengths), to_html(saved.improvements), plan)
