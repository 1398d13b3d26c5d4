"""Norm frameworks: loaded from the TOML data files shipped in ``tabletop.resources``."""

from __future__ import annotations

import functools
import importlib.resources
import re
from typing import Any

from tabletop.core.checks import Checker, parse_toml
from tabletop.core.errors import Problem, ValidationError
from tabletop.core.model import Criterion, Crosswalk, CrosswalkLink, Framework, Norm, NormType, Strength

DEFAULT_FRAMEWORK = "microsoft-2014"
NORM_ID = re.compile(r"[A-Za-z0-9-]{1,32}")
_TOP_KEYS = ("format", "id", "title", "source", "url", "criteria", "norms", "crosswalk")


def parse_framework(raw: bytes, file: str) -> Framework:
    """Parse one framework file; raises ValidationError listing every problem."""
    checker, data = parse_toml(raw, file)
    if data is None:
        checker.raise_if_failed()
        raise AssertionError("parse_toml returns data or problems")
    checker.known_keys(data, "", _TOP_KEYS, "a framework")
    if checker.value(data, "format", "", int, required=True) not in (None, 1):
        checker.fail("format", "only format 1 is understood")
    framework = Framework(
        id=checker.identifier(data, "") or "",
        title=checker.text(data, "title", "", required=True) or "",
        source=checker.text(data, "source", "", required=True, limit=1000) or "",
        url=checker.text(data, "url", "") or "",
        norms=_norms(checker, data),
        criteria=_criteria(checker, data),
        crosswalks=_crosswalks(checker, data),
    )
    checker.unique(((f"norms[{i}]", n.id) for i, n in enumerate(framework.norms)), "norm")
    checker.raise_if_failed()
    return framework


def _norms(checker: Checker, data: dict[str, Any]) -> tuple[Norm, ...]:
    norms = []
    types = {t.value: t for t in NormType}
    for path, table in checker.tables(data, "norms", "", required=True):
        checker.known_keys(table, path, ("id", "short", "text", "type", "guidance"), "a norm")
        kind = checker.text(table, "type", path, required=True)
        if kind is not None and kind not in types:
            checker.fail(f"{path}.type", f"type must be one of {', '.join(types)}")
        norms.append(
            Norm(
                id=checker.identifier(table, path, NORM_ID) or "",
                short=checker.text(table, "short", path, required=True) or "",
                text=checker.text(table, "text", path, required=True, limit=2000) or "",
                type=types.get(kind or "", NormType.LIMITING_CONFLICT),
                guidance=checker.text(table, "guidance", path, limit=2000) or "",
            )
        )
    return tuple(norms)


def _criteria(checker: Checker, data: dict[str, Any]) -> tuple[Criterion, ...]:
    criteria = []
    for path, table in checker.tables(data, "criteria", ""):
        checker.known_keys(table, path, ("id", "name", "text"), "a criterion")
        criteria.append(
            Criterion(
                id=checker.identifier(table, path) or "",
                name=checker.text(table, "name", path, required=True) or "",
                text=checker.text(table, "text", path, required=True, limit=2000) or "",
            )
        )
    return tuple(criteria)


def _crosswalks(checker: Checker, data: dict[str, Any]) -> tuple[Crosswalk, ...]:
    walks = []
    for target, mapping in (checker.value(data, "crosswalk", "", dict) or {}).items():
        path = f"crosswalk.{target}"
        if not isinstance(mapping, dict):
            checker.fail(path, "must be a table of norm ids")
            continue
        links: list[CrosswalkLink] = []
        for norm_id, strengths in mapping.items():
            if not isinstance(strengths, dict):
                checker.fail(f"{path}.{norm_id}", "must be a table with 'strong' and/or 'partial' lists")
                continue
            checker.known_keys(strengths, f"{path}.{norm_id}", ("strong", "partial"), "a crosswalk entry")
            for strength in Strength:
                for other in checker.strings(strengths, strength.value, f"{path}.{norm_id}"):
                    links.append(CrosswalkLink(norm_id, other, strength))
        walks.append(Crosswalk(target, tuple(links)))
    return tuple(walks)


def check_crosswalks(frameworks: dict[str, Framework]) -> list[Problem]:
    """Crosswalk entries that name a framework or norm that does not exist."""
    wrong = []
    for framework in frameworks.values():
        file = f"resources/frameworks/{framework.id}.toml"
        for walk in framework.crosswalks:
            path = f"crosswalk.{walk.framework}"
            target = frameworks.get(walk.framework)
            if target is None:
                wrong.append(Problem(file, path, f"no framework '{walk.framework}' is shipped"))
                continue
            for link in walk.links:
                if link.norm not in framework.norm_ids:
                    wrong.append(Problem(file, f"{path}.{link.norm}", f"'{link.norm}' is not a norm of {framework.id}"))
                if link.target not in target.norm_ids:
                    wrong.append(Problem(file, f"{path}.{link.norm}", f"'{link.target}' is not a norm of {target.id}"))
    return wrong


@functools.cache
def builtin_frameworks() -> dict[str, Framework]:
    """Every framework shipped with the application, by id."""
    folder = importlib.resources.files("tabletop.resources").joinpath("frameworks")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            framework = parse_framework(entry.read_bytes(), f"resources/frameworks/{entry.name}")
            found[framework.id] = framework
    wrong = check_crosswalks(found)
    if wrong:
        raise ValidationError(wrong)
    return found


def get_framework(framework_id: str) -> Framework:
    try:
        return builtin_frameworks()[framework_id]
    except KeyError:
        raise KeyError(f"unknown framework '{framework_id}'") from None
