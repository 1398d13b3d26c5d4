"""The verbs about scenarios: ``validate``, ``scenarios``, ``show``."""

from __future__ import annotations

import argparse
import sys

from tabletop.cli.output import echo, lines, say_problems
from tabletop.core.errors import Problem, ValidationError


def validate(args: argparse.Namespace) -> int:
    from tabletop.core.library import ScenarioFile, duplicate_ids, read_file

    good: list[ScenarioFile] = []
    problems: list[Problem] = []
    for path in args.paths:
        try:
            good.append(read_file(path))
        except ValidationError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_ids(good))
    say_problems(problems)
    bad = len({problem.file for problem in problems})
    print(f"{len(args.paths) - bad} of {len(args.paths)} file(s) valid", file=sys.stderr)
    return 1 if problems else 0


def scenarios(args: argparse.Namespace) -> int:
    from tabletop.core.library import builtin_files

    rows = [("ID", "TITLE", "STAGES", "INJECTS", "NORMS EXERCISED")]
    for item in builtin_files():
        s = item.scenario
        rows.append((s.id, s.title, str(len(s.stages)), str(s.inject_count), " ".join(s.norms_exercised())))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        echo("  ".join([*cells, row[-1]]).rstrip())
    return 0


def show(args: argparse.Namespace) -> int:
    from tabletop.cli.run_sheet import run_sheet
    from tabletop.core.library import resolve

    lines(run_sheet(resolve(args.scenario).scenario))
    return 0
