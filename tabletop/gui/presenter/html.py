"""The presenter's screens as HTML for Qt's rich text: large type sized from the window, two themes.

Pure functions of a room value (``tabletop.gui.presenter.screens``) and a ``Look``; Qt-free, so the
benchmark and the tests can render exactly what the window shows. Every text is escaped
here except the narrative, which ``room`` has already rendered and sanitised. Team tiles
and options are links (``team:3``, ``option:B``): the window turns a tap on them into a vote.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from tabletop.gui.presenter.screens import ClosingCard, InjectScreen, StageSummary, TitleCard, Waiting, names_words

if TYPE_CHECKING:
    from tabletop.gui.presenter.screens import OptionRow, RoomAddress, Screen, SummaryRow, TeamTile

FONT = "DejaVu Sans"
LINES_PER_SCREEN = 30  # the body text is a thirtieth of the window's height: ~24 px at 720p, ~72 px at 4K
COMPACT_TEAMS = 12  # beyond this many teams, tiles take one line each
NAMED_AT_MOST = 6  # teams without an answer are named up to this many, then counted
CHAR_EM = 0.62  # DejaVu Sans's average character width, in ems: how wide a tile's words run
SYMBOLS = {"waiting": "…", "locked": "✓", "away": "—", "unanswered": "—"}
STATUS_WORDS = {"waiting": "… waiting", "locked": "✓ answered", "away": "— sits this out", "unanswered": "— no answer"}
CLOSED_WORDS = {**STATUS_WORDS, "locked": "✓ locked in"}  # once the facilitator has locked voting


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    accent: str  # option letters, the question
    panel: str  # behind options
    selected: str  # the team picked to vote, and the options it may tap
    selected_text: str
    away: str
    away_text: str
    urgent: str  # the countdown near or past zero
    warning: str


LIGHT = Palette(
    "#F4F2EC", "#1B1B1B", "#4A4A4A", "#0B4F8A", "#FFFFFF", "#FFD23F", "#000000", "#DEDBD3", "#555555", "#B2182B",
    "#8A5A00",
)  # fmt: skip
HIGH_CONTRAST = Palette(
    "#000000", "#FFFFFF", "#FFFFFF", "#FFD700", "#000000", "#FFD700", "#000000", "#000000", "#C8C8C8", "#FF5C5C",
    "#FFD700",
)  # fmt: skip


@dataclass(frozen=True)
class Look:
    """How big and in which colours: from the window's size, the text-size setting and the theme."""

    width: int = 1280
    height: int = 720
    scale: float = 1.0
    contrast: bool = False

    @property
    def base(self) -> int:
        """Body text in pixels; never so wide that a line runs past ~45 characters."""
        return max(12, round(min(self.height / LINES_PER_SCREEN, self.width / 45) * self.scale))

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.contrast else LIGHT

    def px(self, factor: float) -> int:
        return max(10, round(self.base * factor))


@dataclass(frozen=True)
class Page:
    """The two documents of a screen: the main one, and the strip of team tiles below it."""

    main: str
    teams: str


def page_html(screen: Screen, look: Look, selected: int | None = None) -> Page:
    """The screen as HTML. ``selected`` is the number of the team about to vote, if any."""
    return Page(main_html(screen, look, selected), teams_html(screen, look, selected))


def teams_html(screen: Screen, look: Look, selected: int | None = None) -> str:
    """The strip of team tiles; on an inject, each says whether its team has answered (not what)."""
    closed = isinstance(screen, InjectScreen) and screen.phase in ("locked", "revealed")
    return _tiles_html(screen.teams, look, selected, isinstance(screen, InjectScreen), closed)


@functools.lru_cache(maxsize=8)  # the tiles change far less often than the screen above them
def _tiles_html(tiles: tuple[TeamTile, ...], look: Look, selected: int | None, status: bool, closed: bool) -> str:
    return _tiles_document(tiles, look, selected, status, closed)


def main_html(screen: Screen, look: Look, selected: int | None = None) -> str:
    """Everything above the team tiles."""
    if isinstance(screen, InjectScreen):
        return _document(_inject_html(screen, look, selected is not None), look)
    if isinstance(screen, TitleCard):
        body = _card(look, screen.scenario, screen.session, "Teams choose here: tap your team, then your choice")
        if screen.room is not None:
            body += _join_card(screen.room, look)
    elif isinstance(screen, StageSummary):
        body = _summary_html(screen, look)
    elif isinstance(screen, ClosingCard):
        injects = f"{screen.injects} inject{'s' if screen.injects != 1 else ''}"
        body = _card(look, screen.scenario, screen.session, f"The exercise is over after {injects}. Thank you!")
    else:
        assert isinstance(screen, Waiting)
        body = _card(look, "Tabletop", "", "Waiting for the facilitator to open a session")
    return _document(body, look)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red**2.2 + 0.7152 * green**2.2 + 0.0722 * blue**2.2
    return "#000000" if luminance > 0.18 else "#FFFFFF"


def _document(body: str, look: Look, size: int = 0) -> str:
    """A whole document; ``size`` is its body text in pixels (by default the look's)."""
    return f"<html><head><style>{_css(look, size or look.base)}</style></head><body>{body}</body></html>"


def _css(look: Look, size: int) -> str:
    colours = look.palette
    return (
        f"body {{ font-family: '{FONT}'; font-size: {size}px; color: {colours.text}; }}"
        f"a {{ color: {colours.text}; text-decoration: none; }}"
        f"p {{ margin-top: 0px; margin-bottom: {look.px(0.45)}px; }}"
        f".title {{ font-size: {look.px(1.55)}px; font-weight: bold; }}"
        f".big {{ font-size: {look.px(2.3)}px; font-weight: bold; }}"
        f".muted {{ color: {colours.muted}; }}"
        f".question {{ font-size: {look.px(1.15)}px; font-weight: bold; color: {colours.accent}; }}"
        f".small {{ font-size: {look.px(0.75)}px; }}"
    )


def _card(look: Look, heading: str, subheading: str, line: str) -> str:
    spacer = f"<p style='font-size:{look.px(2)}px'>&nbsp;</p>"
    session = f"<p class='title muted' align='center'>{escape(subheading)}</p>" if subheading else ""
    return (
        f"{spacer}<p class='big' align='center'>{escape(heading)}</p>{session}"
        f"<p align='center' class='muted'>{escape(line)}</p>"
    )


def _join_card(room: RoomAddress, look: Look) -> str:
    """The QR code, the address and the join code, large enough to scan and read from the back of a room."""
    from tabletop.gui.qr import qr_data_uri

    side = look.px(7)
    return (
        f"<p align='center'><img src='{qr_data_uri(room.url)}' width='{side}' height='{side}'/></p>"
        f"<p align='center' class='title'>Or your own phone: {escape(room.url)}</p>"
        f"<p align='center' class='big'>code {escape(room.code)}</p>"
    )


def _inject_html(screen: InjectScreen, look: Look, armed: bool) -> str:
    parts = [f"<p class='title'>{escape(screen.title)}</p>"]
    if screen.for_teams:
        parts.append(f"<p class='muted'><b>For {escape(names_words(screen.for_teams))}</b></p>")
    if not screen.revealed:  # after the reveal the room has read it: the space goes to the choices
        parts.append(screen.body_html)
    parts.append(f"<p class='question'>{escape(screen.question)}</p>")
    if screen.options:
        parts.append(_options_html(screen, look, armed))
    if screen.revealed:
        parts.append(_after_reveal_html(screen, look))
    return "".join(parts)


def _options_html(screen: InjectScreen, look: Look, armed: bool) -> str:
    gap, pad = look.px(0.3), look.px(0.35)
    recipients = sum(1 for tile in screen.teams if tile.status != "away")
    rows = "".join(_option_row(row, screen, look, armed and screen.voting, recipients) for row in screen.options)
    return f"<table width='100%' cellspacing='{gap}' cellpadding='{pad}'>{rows}</table>"


def _option_row(row: OptionRow, screen: InjectScreen, look: Look, armed: bool, recipients: int) -> str:
    colours = look.palette
    link = f"option:{row.letter}"
    letter_bg, letter_fg = (colours.selected, colours.selected_text) if armed else (colours.accent, colours.panel)
    letter = (
        f"<td width='{look.px(1.9)}' align='center' valign='middle' bgcolor='{letter_bg}'>"
        f"<a href='{link}' style='color:{letter_fg}; font-size:{look.px(1.2)}px'><b>{row.letter}</b></a></td>"
    )
    label = f"<a href='{link}'>{escape(row.label)}</a>"
    if screen.revealed:
        label += _chosen_by(row, screen, look)
    cells = letter + f"<td bgcolor='{colours.panel}' valign='middle'>{label}</td>"
    if screen.revealed:
        cells += _split_cell(len(row.teams), recipients, look)
    return f"<tr>{cells}</tr>"


def _chosen_by(row: OptionRow, screen: InjectScreen, look: Look) -> str:
    tiles = {tile.name: tile for tile in screen.teams}
    chips = " ".join(_chip(tiles[name], look) for name in row.teams)
    lines = [f"<br/><span class='small'>{chips}</span>"] if chips else []
    for note in row.lens:
        if note.stake:
            mark, verb = ("+", "gains the state") if note.upheld else ("\u2212", "costs the state")
        else:
            mark, verb = ("▲", "upholds") if note.upheld else ("▼", "strains")
        why = f": {escape(note.why)}" if note.why else ""
        lines.append(f"<br/><span class='small muted'>{mark} {verb} {escape(note.norm)}{why}</span>")
    return "".join(lines)


def _chip(tile: TeamTile, look: Look) -> str:
    return (
        f"<span style='background-color:{tile.color}; color:{text_on(tile.color)}'>"
        f"&nbsp;{tile.number}&nbsp;{escape(tile.name)}&nbsp;</span>"
    )


def _split_cell(count: int, recipients: int, look: Look) -> str:
    """The option's share of the teams: a count, and a bar as long as the share."""
    colours = look.palette
    share = round(100 * count / recipients) if recipients else 0
    bar = ""
    if share:
        bar = (
            f"<table width='{share}%' cellspacing='0' cellpadding='0'><tr>"
            f"<td bgcolor='{colours.accent}' style='font-size:{look.px(0.3)}px'>&nbsp;</td></tr></table>"
        )
    return (
        f"<td width='{look.px(5)}' bgcolor='{colours.panel}' valign='middle' align='right'>"
        f"<span style='font-size:{look.px(1.2)}px'><b>{count}</b></span>"
        f"<span class='small muted'>&nbsp;of {recipients}</span>{bar}</td>"
    )


def _after_reveal_html(screen: InjectScreen, look: Look) -> str:
    tiles = {tile.name: tile for tile in screen.teams}
    parts = []
    for team, answer in screen.answers:
        parts.append(f"<p>{_chip(tiles[team], look)} {escape(answer)}</p>")
    if screen.unanswered:
        many = len(screen.unanswered) > NAMED_AT_MOST
        who = f"{len(screen.unanswered)} teams" if many else names_words(screen.unanswered)
        parts.append(f"<p class='small muted'>No answer: {escape(who)}</p>")
    return "".join(parts)


def _summary_html(screen: StageSummary, look: Look) -> str:
    parts = [
        "<p class='title'>How the stage went</p>",
        f"<table width='100%' cellspacing='{look.px(0.2)}' cellpadding='{look.px(0.3)}'>",
        *(_summary_row(row, look) for row in screen.rows),
        "</table>",
    ]
    return "".join(parts)


def _summary_row(row: SummaryRow, look: Look) -> str:
    colours = look.palette
    split = "<span class='muted'>not revealed</span>"
    if row.revealed:
        lines = "".join(
            f"<tr><td width='{look.px(1.2)}'><b>{letter}</b></td><td>{escape(label)}</td>"
            f"<td align='right' width='{look.px(2)}'><b>{count}</b></td></tr>"
            for letter, label, count in row.split
        )
        split = f"<table width='100%' cellspacing='0' cellpadding='{look.px(0.1)}'>{lines}</table>"
    return (
        f"<tr><td bgcolor='{colours.panel}' width='35%' valign='top'><b>{escape(row.title)}</b></td>"
        f"<td bgcolor='{colours.panel}' valign='top' class='small'>{split}</td></tr>"
    )


def _tiles_document(
    tiles: tuple[TeamTile, ...], look: Look, selected: int | None, status: bool, closed: bool = False
) -> str:
    """Tiles on one line each when they fit in a row (or when there are many teams), else on two."""
    if not tiles:
        return _document("", look)
    many = len(tiles) > COMPACT_TEAMS
    size, pad = look.px(0.55 if many else 0.75), look.px(0.2)
    longest = max(len(f"{tile.number} {tile.name}") for tile in tiles)
    line = size * CHAR_EM * (longest + (3 if many or not status else 13)) + 4 * pad
    one_line = many or len(tiles) * line <= look.width
    tile_width = line if one_line else size * CHAR_EM * max(longest, 11) + 4 * pad
    columns = _columns(len(tiles), look.width, tile_width)
    words = SYMBOLS if many else CLOSED_WORDS if closed else STATUS_WORDS
    width = f"{100 / columns:.2f}"
    cells = [_tile(tile, look, tile.number == selected, words if status else {}, one_line, width) for tile in tiles]
    rows = "".join("<tr>" + "".join(cells[i : i + columns]) + "</tr>" for i in range(0, len(cells), columns))
    table = f"<table width='100%' cellspacing='{pad}' cellpadding='{pad}' border='0'>{rows}</table>"
    return _document(table, look, size)


def _columns(count: int, width: int, tile_width: float) -> int:
    """As many tiles a row as fit, spread evenly over the rows they need."""
    fit = max(1, min(count, int(width // max(tile_width, 1))))
    rows = math.ceil(count / fit)
    return math.ceil(count / rows)


def _tile(tile: TeamTile, look: Look, selected: bool, words: dict[str, str], one_line: bool, width: str) -> str:
    """A team's tile, in its colour; the one about to vote gets a ring and says so in words."""
    colours = look.palette
    background, foreground = tile.color, text_on(tile.color)
    if tile.status == "away" and words:
        background, foreground = colours.away, colours.away_text
    status = f"→&nbsp;<b>{tile.choice}</b>" if tile.choice else words.get(tile.status, "")
    ring = ""
    if selected:
        status = "▶&nbsp;choose"
        ring_colour = "#000000" if foreground == "#000000" else colours.selected
        ring = f" style='border: {look.px(0.22)}px solid {ring_colour}'"
    name = f"<b>{tile.number}</b>&nbsp;{escape(tile.name)}"
    inner = f"{name}&nbsp; {status}" if one_line or not status else f"{name}<br/>{status}"
    if tile.votes and words:
        inner += f"{'&nbsp; ' if one_line else '<br/>'}<span class='small'>{escape(tile.votes)}</span>"
    link = f"<a href='team:{tile.number}' style='color:{foreground}'>{inner}</a>"
    return f"<td width='{width}%' bgcolor='{background}'{ring}>{link}</td>"
