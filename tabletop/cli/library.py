"""The verbs about scenarios: ``validate``, ``scenarios``, ``show``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabletop.cli.output import echo, lines, say_problems
from tabletop.core.errors import Problem, ValidationError


def validate(args: argparse.Namespace) -> int:
    from tabletop.core.library import ScenarioFile, builtin_files, duplicate_ids, read_file

    good: list[ScenarioFile] = []
    problems: list[Problem] = []
    for path in args.paths:
        try:
            good.append(read_file(path))
        except ValidationError as error:
            problems.extend(error.problems)
    given = {item.scenario.origin for item in good}
    same = {item.raw for item in good}  # a built-in file given by its path is itself, not a clash
    builtins = [item for item in builtin_files() if item.raw not in same]
    problems.extend(problem for problem in duplicate_ids([*builtins, *good]) if problem.file in given)
    problems.sort(key=lambda problem: (args.paths.index(Path(problem.file)) if Path(problem.file) in args.paths
                                       else len(args.paths), problem.line or 0))  # fmt: skip
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


def norms(args: argparse.Namespace) -> int:
    """Every norm of the shipped frameworks (or of one): id, short name, what it asks, its later guidance."""
    from tabletop.core.frameworks import builtin_frameworks
    from tabletop.core.lens import lens_ids

    chosen = [args.framework] if args.framework else list(lens_ids())
    frameworks = builtin_frameworks()
    if args.framework and args.framework not in frameworks:
        from tabletop.core.errors import TabletopError

        raise TabletopError(f"no framework '{args.framework}'; Tabletop ships {', '.join(frameworks)}")
    for number, framework_id in enumerate(chosen):
        framework = frameworks[framework_id]
        if number:
            print()
        lines([f"{framework.title} ({framework.id})", f"  {framework.source}"])
        for norm in framework.norms:
            lines(["", f"{norm.id}  {norm.short}  ({norm.type.value.replace('-', ' ')})", f"    {norm.text}"])
            if norm.guidance:
                lines([f"    Guidance: {norm.guidance}"])
    return 0
