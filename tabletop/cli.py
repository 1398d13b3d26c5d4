"""The command line: headless verbs, and the console window when no verb is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from tabletop import __version__
from tabletop.core.errors import Problem, TabletopError, ValidationError
from tabletop.core.wording import counted

if TYPE_CHECKING:
    from tabletop.storage import Store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Run live tabletop exercises on international cybersecurity norms.",
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    parser.add_argument("--resume", metavar="SESSION", help="open a session (an id or 'latest') in the console")
    parser.add_argument("--presenter", action="store_true", help="also open the shared screen for participants")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for add in (_add_validate, _add_scenarios, _add_run, _add_sessions, _add_demo, _add_debrief):
        add(verbs)
    return parser


Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_validate(verbs: Verbs) -> None:
    validate = verbs.add_parser("validate", help="check scenario files", description="Check scenario files.")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    validate.set_defaults(handler=_validate)


def _add_scenarios(verbs: Verbs) -> None:
    scenarios = verbs.add_parser("scenarios", help="list the scenario library", description="List the library.")
    scenarios.set_defaults(handler=_scenarios)


def _add_run(verbs: Verbs) -> None:
    run = verbs.add_parser("run", help="record a whole session from a decisions CSV", description=RUN_HELP)
    run.add_argument("scenario", metavar="SCENARIO", help="a library id or a .toml file")
    run.add_argument("--teams", required=True, help='team names, comma-separated: "Red,Blue"')
    run.add_argument("--decisions", required=True, type=Path, metavar="FILE.csv")
    run.add_argument("--name", default="", metavar="TEXT", help="a name for the session")
    run.add_argument("--facilitator", default="", metavar="TEXT")
    _db_option(run)
    run.set_defaults(handler=_run)


def _add_sessions(verbs: Verbs) -> None:
    sessions = verbs.add_parser("sessions", help="list recorded sessions, newest first", description=SESSIONS_HELP)
    _db_option(sessions)
    sessions.set_defaults(handler=_sessions)


def _add_demo(verbs: Verbs) -> None:
    demo = verbs.add_parser("demo", help="play a built-in scenario with simulated teams", description=DEMO_HELP)
    demo.add_argument("--out", type=Path, metavar="DIR", help="folder for the debrief (default: a new folder here)")
    demo.add_argument("--scenario", default="lawful-access", metavar="ID", help="a library id (default lawful-access)")
    _db_option(demo)
    demo.set_defaults(handler=_demo)


def _add_debrief(verbs: Verbs) -> None:
    debrief = verbs.add_parser("debrief", help="export a session's debrief", description="Export a debrief.")
    debrief.add_argument("session", metavar="SESSION", help="a session id or 'latest'")
    debrief.add_argument("--format", required=True, choices=("html", "pdf", "md", "csv", "json"))
    debrief.add_argument("-o", "--output", type=Path, metavar="PATH", help="write here instead of to stdout")
    _db_option(debrief)
    debrief.set_defaults(handler=_debrief)


RUN_HELP = """Record a whole session from a CSV of decisions (columns: team, inject, option, rationale;
optional: confidence, dissent, minute). All or nothing: a bad row is reported with its line
and nothing is saved. Prints the session id alone on the last line."""
DEMO_HELP = """Play a built-in scenario with three simulated teams of different temperaments (the
same story every time), save the session, and write the debrief in every format."""
SESSIONS_HELP = "List sessions, newest first, tab-separated: id, name, scenario, started, ended, decisions."


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, metavar="PATH", help="database file (default: TABLETOP_DB or user data)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return _console(args)
        return int(handler(args))
    except ValidationError as error:
        _print_problems(error.problems)
    except TabletopError as error:
        print(f"tabletop: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("tabletop: interrupted", file=sys.stderr)
        return 130
    return 1


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    from tabletop.core.library import ScenarioFile, duplicate_ids, read_file

    good: list[ScenarioFile] = []
    problems: list[Problem] = []
    for path in args.paths:
        try:
            good.append(read_file(path))
        except ValidationError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_ids(good))
    _print_problems(problems)
    bad = len({problem.file for problem in problems})
    print(f"{len(args.paths) - bad} of {len(args.paths)} file(s) valid", file=sys.stderr)
    return 1 if problems else 0


def _scenarios(args: argparse.Namespace) -> int:
    from tabletop.core.library import builtin_files

    rows = [("ID", "TITLE", "STAGES", "INJECTS", "NORMS EXERCISED")]
    for item in builtin_files():
        s = item.scenario
        rows.append((s.id, s.title, str(len(s.stages)), str(s.inject_count), " ".join(s.norms_exercised())))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    return 0


def _open_store(args: argparse.Namespace) -> Store:
    from tabletop.storage import Store, default_db_path

    return Store(args.db or default_db_path())


def _run(args: argparse.Namespace) -> int:
    from tabletop.core.exercise import Exercise
    from tabletop.core.library import resolve
    from tabletop.core.playback import ScriptClock, play, read_decisions
    from tabletop.storage import new_session_id

    source = resolve(args.scenario)
    teams = [team.strip() for team in args.teams.split(",") if team.strip()]
    if not teams:
        raise TabletopError("--teams needs at least one team name")
    rows = read_decisions(args.decisions)
    clock = ScriptClock(datetime.now(UTC))
    session_id = new_session_id()
    exercise = Exercise.create(
        source.scenario, session_id=session_id, name=args.name, facilitator=args.facilitator, teams=teams, clock=clock
    )
    play(exercise, rows, clock, str(args.decisions))
    with _open_store(args) as store:
        store.save(exercise, source)
    decided = len(exercise.final_decisions())
    by = counted(len(teams), "team")
    print(f"recorded {counted(decided, 'decision')} by {by} on '{source.scenario.id}' in {store.path}")
    print(session_id)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from tabletop.core.library import resolve
    from tabletop.demo import play_demo, write_all
    from tabletop.storage import new_session_id

    def say(text: str) -> None:
        print(f"demo: {text}", file=sys.stderr, flush=True)

    source = resolve(args.scenario)
    folder = args.out or _fresh_folder(Path.cwd(), "tabletop-demo")
    session_id = new_session_id()
    exercise = play_demo(source, session_id, say)
    with _open_store(args) as store:
        store.save(exercise, source)
    say(f"session {session_id} saved in {store.path}")
    for path in write_all(exercise, folder, say):
        print(path)
    return 0


def _fresh_folder(parent: Path, stem: str) -> Path:
    """A folder name not yet taken: stem, stem-2, stem-3, ..."""
    candidate, number = parent / stem, 1
    while candidate.exists():
        number += 1
        candidate = parent / f"{stem}-{number}"
    return candidate


def _sessions(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        for row in store.sessions():
            cells = (row.id, row.name, row.scenario, row.started, row.ended or "", str(row.decisions))
            print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return 0


def _debrief(args: argparse.Namespace) -> int:
    from tabletop.reports.export import export, render

    with _open_store(args) as store:
        exercise = store.load(store.resolve(args.session))
    if args.output is None:
        sys.stdout.buffer.write(render(exercise, args.format))
        return 0
    print(export(exercise, args.format, args.output))
    return 0


def _console(args: argparse.Namespace) -> int:
    from tabletop.gui.app import display_problem, run

    problem = display_problem()
    if problem:
        print(f"tabletop: {problem}", file=sys.stderr)
        return 1
    return run(resume=args.resume, presenter=args.presenter)


if __name__ == "__main__":
    raise SystemExit(main())
