"""Load and validate scenario files (format 1) into ``Scenario`` values.

Every rule of the format is checked and every problem of a file is reported together,
each with the file, the value's path and, where it can be found, its line.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tabletop.core.checks import PROSE, TITLE, Checker, parse_toml, read_scenario_bytes
from tabletop.core.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks
from tabletop.core.model import Framework, Inject, NormEffect, Option, Scenario, Stage, StakeEffect
from tabletop.core.stakes import stake_ids

FORMAT = 1
_SCENARIO_KEYS = ("format", "id", "title", "framework", "summary", "objectives", "minutes", "stages")
_STAGE_KEYS = ("id", "title", "minutes", "injects")
_INJECT_KEYS = ("id", "title", "body", "question", "minutes", "when", "source", "guidance", "options")
_OPTION_KEYS = ("id", "label", "escalation", "norms", "stakes")
_EFFECT_KEYS = ("effect", "why")
MAX_MINUTES = 24 * 60


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file; raises ValidationError naming every problem in it."""
    return parse_scenario(read_scenario_bytes(Path(path)), str(path))


def parse_scenario(raw: bytes, file: str) -> Scenario:
    """Validate scenario text already read (from a package resource or a session record)."""
    checker, data = parse_toml(raw, file)
    return _build(checker, data, file)


def _build(checker: Checker, data: dict[str, Any] | None, origin: str) -> Scenario:
    if data is None:
        checker.raise_if_failed()
    assert data is not None
    scenario = _scenario(checker, data, origin)
    checker.raise_if_failed()
    return scenario


def _scenario(checker: Checker, data: dict[str, Any], origin: str) -> Scenario:
    checker.known_keys(data, "", _SCENARIO_KEYS, "a scenario")
    version = checker.value(data, "format", "", int, required=True)
    if version is not None and version != FORMAT:
        checker.fail("format", f"format {version} is not supported; this version of Tabletop reads format {FORMAT}")
    framework = _framework(checker, data)
    stages = tuple(_stage(checker, path, table) for path, table in checker.tables(data, "stages", "", required=True))
    if "stages" in data and isinstance(data["stages"], list) and not data["stages"]:
        checker.fail("stages", "a scenario needs at least one stage")
    scenario = Scenario(
        id=checker.identifier(data, "") or "",
        title=checker.text(data, "title", "", required=True, limit=TITLE) or "",
        stages=stages,
        framework=framework.id if framework else DEFAULT_FRAMEWORK,
        summary=checker.text(data, "summary", "", limit=PROSE) or "",
        objectives=checker.strings(data, "objectives", ""),
        minutes=checker.integer(data, "minutes", "", 1, MAX_MINUTES),
        origin=origin,
    )
    _check_ids(checker, scenario)
    _check_when(checker, scenario)
    return scenario


def _framework(checker: Checker, data: dict[str, Any]) -> Framework | None:
    name = checker.text(data, "framework", "") or DEFAULT_FRAMEWORK
    frameworks = builtin_frameworks()
    if name not in frameworks:
        checker.fail("framework", f"unknown framework '{name}'; Tabletop ships {', '.join(sorted(frameworks))}")
        return None
    return frameworks[name]


def _stage(checker: Checker, path: str, table: dict[str, Any]) -> Stage:
    checker.known_keys(table, path, _STAGE_KEYS, "a stage")
    injects = tuple(
        _inject(checker, where, item) for where, item in checker.tables(table, "injects", path, required=True)
    )
    if "injects" in table and not injects and isinstance(table["injects"], list):
        checker.fail(path, "every stage needs at least one inject")
    return Stage(
        id=checker.identifier(table, path) or "",
        title=checker.text(table, "title", path, required=True, limit=TITLE) or "",
        injects=injects,
        minutes=checker.integer(table, "minutes", path, 1, MAX_MINUTES),
    )


def _inject(checker: Checker, path: str, table: dict[str, Any]) -> Inject:
    checker.known_keys(table, path, _INJECT_KEYS, "an inject")
    options = tuple(_option(checker, where, item) for where, item in checker.tables(table, "options", path))
    checker.unique(((f"{path}.options[{i}]", o.id or None) for i, o in enumerate(options)), "option")
    return Inject(
        id=checker.identifier(table, path) or "",
        title=checker.text(table, "title", path, required=True, limit=TITLE) or "",
        body=checker.text(table, "body", path, required=True, limit=PROSE) or "",
        question=checker.text(table, "question", path, required=True, limit=1000) or "",
        minutes=checker.integer(table, "minutes", path, 1, MAX_MINUTES),
        when=checker.strings(table, "when", path),
        source=checker.text(table, "source", path, limit=500) or "",
        guidance=checker.text(table, "guidance", path, limit=PROSE) or "",
        options=options,
    )


def _option(checker: Checker, path: str, table: dict[str, Any]) -> Option:
    checker.known_keys(table, path, _OPTION_KEYS, "an option")
    escalation = checker.integer(table, "escalation", path, -3, 3)
    return Option(
        id=checker.identifier(table, path) or "",
        label=checker.text(table, "label", path, required=True) or "",
        escalation=escalation or 0,
        norms=tuple(NormEffect(*found) for found in _effects(checker, path, table, "norms", _norm_problem)),
        stakes=tuple(StakeEffect(*found) for found in _effects(checker, path, table, "stakes", _stake_problem)),
    )


def _norm_problem(norm_id: str) -> str | None:
    """Why a norm id names no shipped norm; any framework's norm may be read directly (its prefix says whose)."""
    known = known_norms()
    if norm_id in known:
        return None
    hint = difflib.get_close_matches(norm_id, known, n=1, cutoff=0.6)
    also = f" (did you mean '{hint[0]}'?)" if hint else ""
    frameworks = ", ".join(f"{f.id} ({f.norm_ids[0]} .. {f.norm_ids[-1]})" for f in builtin_frameworks().values())
    return f"'{norm_id}' is not a norm of any shipped framework{also}; they are {frameworks}"


def _stake_problem(stake_id: str) -> str | None:
    if stake_id in stake_ids():
        return None
    hint = difflib.get_close_matches(stake_id, stake_ids(), n=1, cutoff=0.6)
    also = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"'{stake_id}' is not a stake{also}; the stakes are {', '.join(stake_ids())}"


def _effects(
    checker: Checker, path: str, table: dict[str, Any], key: str, problem: Callable[[str], str | None]
) -> list[tuple[str, int, str]]:
    """The (id, effect, why) entries of an option's ``norms`` or ``stakes`` table, each checked."""
    entries = checker.value(table, key, path, dict) or {}
    found = []
    for name, spec in entries.items():
        where = f"{path}.{key}.{name}"
        wrong = problem(name)
        if wrong:
            checker.fail(where, wrong)
        if not isinstance(spec, dict):
            checker.fail(where, 'must be a table such as { effect = 1, why = "..." }')
            continue
        checker.known_keys(spec, where, _EFFECT_KEYS, "a norm effect" if key == "norms" else "a stake")
        effect = checker.integer(spec, "effect", where, -2, 2)
        if "effect" not in spec:
            checker.fail(where, "missing required field 'effect' (-2 to 2)")
        why = checker.text(spec, "why", where, limit=1000) or ""
        if effect and not why.strip():
            checker.fail(where, "a non-zero effect needs a 'why' that explains it")
        found.append((name, effect or 0, why))
    return found


@functools.cache
def known_norms() -> tuple[str, ...]:
    """Every norm id of every shipped framework."""
    return tuple(norm for framework in builtin_frameworks().values() for norm in framework.norm_ids)


def _check_ids(checker: Checker, scenario: Scenario) -> None:
    checker.unique(((f"stages[{i}]", s.id or None) for i, s in enumerate(scenario.stages)), "stage")
    checker.unique(
        (
            (f"stages[{i}].injects[{j}]", inject.id or None)
            for i, stage in enumerate(scenario.stages)
            for j, inject in enumerate(stage.injects)
        ),
        "inject",
    )


def _check_when(checker: Checker, scenario: Scenario) -> None:
    earlier: dict[str, Inject] = {}
    later = {inject.id for inject in scenario.injects()}
    for i, stage in enumerate(scenario.stages):
        for j, inject in enumerate(stage.injects):
            later.discard(inject.id)
            for k, ref in enumerate(inject.when):
                problem = _when_problem(ref, inject.id, earlier, later)
                if problem:
                    checker.fail(f"stages[{i}].injects[{j}].when[{k}]", problem)
            earlier.setdefault(inject.id, inject)


def _when_problem(ref: str, own: str, earlier: dict[str, Inject], later: set[str]) -> str | None:
    inject_id, dot, option_id = ref.partition(".")
    if not dot or not inject_id or not option_id:
        return f"'{ref}' must name an earlier choice as \"inject-id.option-id\""
    if inject_id == own:
        return f"'{ref}' refers to this inject itself; a consequence follows an earlier choice"
    if inject_id in later:
        return f"'{ref}': inject '{inject_id}' comes later; a consequence must follow an earlier choice"
    if inject_id not in earlier:
        return f"'{ref}': there is no inject '{inject_id}' before this one"
    source = earlier[inject_id]
    if source.is_discussion:
        return f"'{ref}': inject '{inject_id}' is a discussion inject and has no options to choose"
    if not source.has_option(option_id):
        choices = ", ".join(option.id for option in source.options)
        return f"'{ref}': inject '{inject_id}' has no option '{option_id}' (it has {choices})"
    return None
