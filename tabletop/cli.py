"""The command line: headless verbs, and the console window when no verb is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tabletop import __version__
from tabletop.core.errors import Problem, TabletopError, ValidationError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Run live tabletop exercises on international cybersecurity norms.",
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    parser.add_argument("--resume", metavar="SESSION", help="open a session (an id or 'latest') in the console")
    parser.add_argument("--presenter", action="store_true", help="also open the shared screen for participants")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    validate = verbs.add_parser("validate", help="check scenario files", description="Check scenario files.")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    validate.set_defaults(handler=_validate)

    scenarios = verbs.add_parser("scenarios", help="list the scenario library", description="List the library.")
    scenarios.set_defaults(handler=_scenarios)
    return parser


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


def _console(args: argparse.Namespace) -> int:
    print("tabletop: the console window is not available in this build yet; try 'tabletop --help'", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
