"""The command line's verbs and options (stable: DESIGN.md, "Command line")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn, TypeAlias

from tabletop import __version__

FORMATS = ("html", "pdf", "md", "csv", "json")
RUN_HELP = """Record a whole session from a CSV of decisions (columns: team, inject, option, rationale;
optional: confidence, dissent, minute). An option is named by its id or its letter (A, B, ...);
'tabletop show SCENARIO' lists both. All or nothing: a bad row is reported with its line and
nothing is saved. Prints the session id alone on the last line."""
NEW_HELP = """Set up a session ready to run (the day before, say): its teams, name and facilitator.
Open it later in the console with 'tabletop --resume ID'. Prints the session id alone on the last line."""
DEMO_HELP = """Play a built-in scenario with three simulated teams of different temperaments (the
same story every time), save the session, and write the debrief in every format."""
SESSIONS_HELP = "List sessions, newest first, tab-separated: id, name, scenario, started, ended, decisions."
DEBRIEF_HELP = """Export a session's after-action report. The format is --format, or the extension of
-o (.html, .pdf, .md, .csv, .json); -o - writes to standard output."""
SHOW_HELP = """The run sheet of a scenario in the terminal: its stages and injects with their ids, who
each consequence reaches, and every option with its letter, id, norm effects and stakes."""


class Parser(argparse.ArgumentParser):
    """argparse, with a refusal in one line: what is wrong, and where help is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


Verbs: TypeAlias = "argparse._SubParsersAction[Parser]"


VERBS = frozenset({"validate", "scenarios", "show", "norms", "new", "run", "sessions", "demo", "debrief"})


def console_parser() -> Parser:
    """The options of ``tabletop`` itself (the console), without the verbs."""
    parser = Parser(prog="tabletop", description="Run live tabletop exercises on international cybersecurity norms.")
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    parser.add_argument("--resume", metavar="SESSION", help="open a session (an id or 'latest') in the console")
    parser.add_argument("--presenter", action="store_true", help="also open the shared screen for participants")
    parser.add_argument("--room", action="store_true", help="open the room, so participants vote from their own phones")
    parser.add_argument(
        "--room-host", metavar="ADDR", help="the address phones reach (default: the first non-loopback)"
    )
    parser.add_argument("--room-port", metavar="N", type=_port, help="the room's port (default 8765)")
    return parser


def console_only(words: list[str]) -> bool:
    """Whether a command line surely opens the console (no verb, no help): then the verbs need not be built.

    Anything in doubt (a word that is a verb's name, even as an option's value) goes to the whole parser,
    which reads it the same way.
    """
    return not any(word in VERBS or word.startswith(("-h", "--h", "--v")) for word in words)


def build_parser() -> Parser:
    parser = console_parser()
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=Parser)
    adders = (_add_validate, _add_scenarios, _add_show, _add_norms, _add_new, _add_run, _add_sessions, _add_demo,
              _add_debrief)  # fmt: skip
    for add in adders:
        add(verbs)
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (a whole number from 1 to 65535)")
    return int(text)


def _add_validate(verbs: Verbs) -> None:
    from tabletop.cli.library import validate

    verb = verbs.add_parser("validate", help="check scenario files", description="Check scenario files.")
    verb.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    verb.set_defaults(handler=validate)


def _add_scenarios(verbs: Verbs) -> None:
    from tabletop.cli.library import scenarios

    verb = verbs.add_parser("scenarios", help="list the scenario library", description="List the library.")
    verb.set_defaults(handler=scenarios)


def _add_show(verbs: Verbs) -> None:
    from tabletop.cli.library import show

    verb = verbs.add_parser("show", help="a scenario's run sheet: ids, letters, effects", description=SHOW_HELP)
    verb.add_argument("scenario", metavar="SCENARIO", help="a library id or a .toml file")
    verb.set_defaults(handler=show)


def _add_norms(verbs: Verbs) -> None:
    from tabletop.cli.library import norms

    about = "Every norm of the shipped frameworks: id, short name, what it asks."
    verb = verbs.add_parser("norms", help="the norms of the shipped frameworks, with what each asks", description=about)
    verb.add_argument("framework", nargs="?", metavar="FRAMEWORK", help="one framework (default: every one)")
    verb.set_defaults(handler=norms)


def _add_new(verbs: Verbs) -> None:
    from tabletop.cli.sessions import new

    verb = verbs.add_parser("new", help="set up a session to run later", description=NEW_HELP)
    verb.add_argument("scenario", metavar="SCENARIO", help="a library id or a .toml file")
    _team_options(verb)
    verb.add_argument("--name", default="", metavar="TEXT", help="a name for the session")
    verb.add_argument("--facilitator", default="", metavar="TEXT")
    _db_option(verb)
    verb.set_defaults(handler=new)


def _add_run(verbs: Verbs) -> None:
    from tabletop.cli.sessions import run

    verb = verbs.add_parser("run", help="record a whole session from a decisions CSV", description=RUN_HELP)
    verb.add_argument("scenario", metavar="SCENARIO", help="a library id or a .toml file")
    _team_options(verb)
    verb.add_argument("--decisions", required=True, type=Path, metavar="FILE.csv")
    verb.add_argument("--name", default="", metavar="TEXT", help="a name for the session")
    verb.add_argument("--facilitator", default="", metavar="TEXT")
    _db_option(verb)
    verb.set_defaults(handler=run)


def _add_sessions(verbs: Verbs) -> None:
    from tabletop.cli.sessions import sessions

    verb = verbs.add_parser("sessions", help="list recorded sessions, newest first", description=SESSIONS_HELP)
    _db_option(verb)
    verb.set_defaults(handler=sessions)


def _add_demo(verbs: Verbs) -> None:
    from tabletop.cli.sessions import demo

    verb = verbs.add_parser("demo", help="play a built-in scenario with simulated teams", description=DEMO_HELP)
    verb.add_argument("--out", type=Path, metavar="DIR", help="folder for the debrief (default: a new folder here)")
    verb.add_argument("--scenario", default="lawful-access", metavar="ID", help="a library id (default lawful-access)")
    _db_option(verb)
    verb.set_defaults(handler=demo)


def _add_debrief(verbs: Verbs) -> None:
    from tabletop.cli.sessions import debrief

    verb = verbs.add_parser("debrief", help="export a session's debrief", description=DEBRIEF_HELP)
    verb.add_argument("session", metavar="SESSION", help="a session id or 'latest'")
    verb.add_argument("--format", choices=FORMATS, help="html, pdf, md, csv or json (default: from -o's extension)")
    verb.add_argument("-o", "--output", metavar="PATH", help="write here ('-' for standard output)")
    verb.add_argument("--framework", metavar="ID", help="read the session through another norm framework "
                      "(microsoft-2014, un-gge-2015, paris-call-2018, gcsc-2019)")  # fmt: skip
    verb.add_argument("--summary", action="store_true", help="the two-page brief: cover, executive summary, matrix, "
                      "stakes chart, top findings (html, pdf, md; csv and json are the same either way)")  # fmt: skip
    _db_option(verb)
    verb.set_defaults(handler=debrief)


def _team_options(verb: Parser) -> None:
    verb.add_argument("--teams", default="", metavar="NAMES", help='team names, comma-separated: "Red,Blue"')
    verb.add_argument("--team", action="append", default=[], metavar="NAME",
                      help="one team (repeat it; a name may hold a comma)")  # fmt: skip


def _db_option(verb: Parser) -> None:
    verb.add_argument("--db", type=Path, metavar="PATH", help="database file (default: TABLETOP_DB or user data)")
