"""The typed context every debrief template renders from: plain values, no behaviour.

Text fields hold plain text (templates escape it) unless their name ends in ``_html``,
which marks HTML already rendered from Markdown and sanitised. Records a report holds
thousands of (cells, rows, lines) are NamedTuples: as immutable as frozen dataclasses and
several times cheaper to build, which a 40-team debrief notices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class TeamInfo:
    name: str
    color: str
    number: int


@dataclass(frozen=True)
class Cover:
    session_name: str
    session_id: str
    scenario_title: str
    scenario_id: str
    summary_html: str
    framework_title: str
    date: str
    duration: str
    paused: str
    facilitator: str
    teams: tuple[TeamInfo, ...]
    generated: str
    subtitle: str = ""  # the scenario's title, unless the session's name already holds it


@dataclass(frozen=True)
class NormInfo:
    id: str
    short: str
    text: str
    type: str


class Cell(NamedTuple):
    """One team's reading of one norm."""

    norm: str
    band: str
    band_label: str
    symbol: str
    score: str
    engaged: int
    floored: bool


class MatrixRow(NamedTuple):
    team: TeamInfo
    norm_index: str
    escalation: str
    cells: tuple[Cell, ...]
    balance: str = ""


class StakeRow(NamedTuple):
    """A team's norm index beside what its choices gained or cost its state: each stake's total, the balance."""

    team: TeamInfo
    norm_index: str
    totals: tuple[str, ...]
    balance: str
    reading: str


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    symbol: str
    rule: str


class EffectLine(NamedTuple):
    """An option's move on one norm, with the scenario's why."""

    norm: str
    effect: str
    why: str
    direction: str


class ChoiceGroup(NamedTuple):
    """One option of one inject and the teams that chose it; for a written answer, the answer itself."""

    inject_title: str
    option_label: str
    teams: str
    effect: str
    why: str
    answer: str = ""


class Quote(NamedTuple):
    team: str
    inject_title: str
    choosing: str
    text: str
    confidence: str


class Story(NamedTuple):
    """One team's consequence chain: the choice that started it, then each inject it brought and the answer."""

    team: str
    steps: tuple[str, ...]


class Answer(NamedTuple):
    """A written answer to a discussion inject, and how the facilitator read it."""

    inject_title: str
    team: str
    text: str
    reading: str


class TopFinding(NamedTuple):
    title: str
    text: str


@dataclass(frozen=True)
class Finding:
    norm: NormInfo
    summary: str
    upheld: tuple[ChoiceGroup, ...]
    strained: tuple[ChoiceGroup, ...]
    quotes: tuple[Quote, ...]
    tradeoffs: tuple[str, ...]
    more_upheld: int = 0
    more_strained: int = 0
    more_tradeoffs: int = 0
    basis: str = "direct"  # how the lens reached the norm; "none" and "partial" are listed, never banded
    related: tuple[str, ...] = ()


class TimelineRow(NamedTuple):
    clock: str
    kind: str
    text: str
    detail: str = ""


class OptionRow(NamedTuple):
    letter: str
    label: str
    effects: tuple[EffectLine, ...]
    escalation: str
    chosen_by: str
    taken: bool
    stakes: tuple[EffectLine, ...] = ()


@dataclass(frozen=True)
class InjectReview:
    """An inject as delivered: who got it, what each option would do, who chose what."""

    number: int
    title: str
    stage: str
    question: str
    source: str
    recipients: str
    options: tuple[OptionRow, ...]
    split: str
    divergent: bool


class Minority(NamedTuple):
    """Teams that took one option against the most common choice on an inject, with a reason or two."""

    inject_title: str
    teams: str
    option_label: str
    majority: str
    reasons: tuple[str, ...]


class Dissent(NamedTuple):
    team: str
    inject_title: str
    chose: str
    text: str


class RoomRow(NamedTuple):
    """How one team's phones voted on one inject, beside what the team decided."""

    team: str
    inject_title: str
    decided: str  # "B", or "no answer"
    votes: str  # "A 3 · B 2"
    alignment: str  # "60%", or "—" without a decision
    minority: str  # the other options voted for, with their reasons


class NoteRow(NamedTuple):
    clock: str
    inject_title: str
    text_html: str


class PlanRow(NamedTuple):
    action: str
    owner: str
    due: str


@dataclass(frozen=True)
class Hotwash:
    strengths_html: str
    improvements_html: str
    plan: tuple[PlanRow, ...]


class CrosswalkNorm(NamedTuple):
    """A norm of another framework, and how this session's decisions reached it."""

    norm: NormInfo
    basis: str  # direct, strong, partial or none
    basis_words: str
    related: tuple[str, ...] = ()  # for a norm only partial links reached: the decisions they relate


@dataclass(frozen=True)
class CrosswalkTable:
    """The session read through another framework: its norms, their basis, each team's readings."""

    framework_id: str
    framework_title: str
    norms: tuple[CrosswalkNorm, ...]
    rows: tuple[MatrixRow, ...]


class EscalationRow(NamedTuple):
    team: TeamInfo
    total: str
    peak: str
    sharpest: str


class LogRow(NamedTuple):
    """One decision event. A tuple the template unpacks: the log is the longest table by far."""

    clock: str
    team: str
    inject: str
    choice: str
    rationale: str
    dissent: str
    note: str


class Image(NamedTuple):
    """An SVG chart as a data URI, with the size to show it at."""

    uri: str
    width: int
    height: int


@dataclass(frozen=True)
class Charts:
    """The charts; a tall one comes in pieces for the PDF, each of which fits a page."""

    heatmap: tuple[Image, ...]
    escalation: Image
    splits: tuple[Image, ...]
    stakes: Image


@dataclass(frozen=True)
class DebriefContext:
    title: str
    cover: Cover
    summary: tuple[str, ...]
    team_lines: tuple[str, ...]
    norms: tuple[NormInfo, ...]
    bands: tuple[Band, ...]
    matrix: tuple[MatrixRow, ...]
    findings: tuple[Finding, ...]
    timeline: tuple[TimelineRow, ...]
    injects: tuple[InjectReview, ...]
    escalation: tuple[EscalationRow, ...]
    minorities: tuple[Minority, ...]
    dissents: tuple[Dissent, ...]
    divergence_summary: str
    splits: tuple[str, ...]
    notes: tuple[NoteRow, ...]
    hotwash: Hotwash
    crosswalks: tuple[CrosswalkTable, ...]
    method: tuple[str, ...]
    criteria: tuple[tuple[str, str], ...]
    log: tuple[LogRow, ...]
    charts: Charts
    stake_names: tuple[str, ...] = ()
    stakes: tuple[StakeRow, ...] = ()
    stories: tuple[Story, ...] = ()
    answers: tuple[Answer, ...] = ()
    top: tuple[TopFinding, ...] = ()
    room: tuple[RoomRow, ...] = ()  # empty unless participants voted from their own phones
    for_pdf: bool = False
    brief: bool = False  # the two-page brief: cover, summary, matrix, stakes, top findings
    rows_per_table: int = 10**9  # the PDF splits long tables, so Qt lays each out and draws it in linear time
    columns_per_table: int = 10**9  # and wide ones, so no column ever runs off the page
