"""The shipped norm frameworks load, carry their norms and crosswalk, and reject bad data."""

from __future__ import annotations

import pytest

from tabletop.core.errors import ValidationError
from tabletop.core.frameworks import builtin_frameworks, check_crosswalks, parse_framework
from tabletop.core.model import NormType, Strength


def test_four_frameworks_ship_with_their_norm_ids() -> None:
    frameworks = builtin_frameworks()
    assert set(frameworks) == {"microsoft-2014", "un-gge-2015", "paris-call-2018", "gcsc-2019"}
    assert frameworks["microsoft-2014"].norm_ids == tuple(f"MS-{i}" for i in range(1, 7))
    assert frameworks["un-gge-2015"].norm_ids == tuple(f"GGE-{c}" for c in "abcdefghijk")
    assert frameworks["paris-call-2018"].norm_ids == tuple(f"PC-{i}" for i in range(1, 10))
    assert frameworks["gcsc-2019"].norm_ids == tuple(f"GCSC-{i}" for i in range(1, 9))


def test_microsoft_norms_have_type_and_the_four_criteria() -> None:
    microsoft = builtin_frameworks()["microsoft-2014"]
    assert {norm.type for norm in microsoft.norms} == {NormType.LIMITING_CONFLICT}
    assert [c.id for c in microsoft.criteria] == ["practicable", "reduce-risk", "observable", "mitigate-escalation"]
    assert microsoft.norm("MS-1").short == "No backdoors"


def test_crosswalk_reaches_every_other_framework_and_is_consistent() -> None:
    frameworks = builtin_frameworks()
    microsoft = frameworks["microsoft-2014"]
    walks = {walk.framework: walk for walk in microsoft.crosswalks}
    assert set(walks) == {"un-gge-2015", "paris-call-2018", "gcsc-2019"}
    assert {(link.target, link.strength) for link in walks["un-gge-2015"].targets("MS-1")} == {
        ("GGE-i", Strength.STRONG),
        ("GGE-e", Strength.PARTIAL),
    }
    assert {link.norm for link in walks["paris-call-2018"].links} == set(microsoft.norm_ids)
    assert check_crosswalks(frameworks) == []


def test_crosswalk_to_a_missing_norm_is_reported() -> None:
    frameworks = dict(builtin_frameworks())
    bad = parse_framework(
        b'format = 1\nid = "x"\ntitle = "X"\nsource = "s"\n'
        b'[[norms]]\nid = "X-1"\nshort = "s"\ntext = "t"\ntype = "limiting-conflict"\n'
        b'[crosswalk.un-gge-2015]\nX-1 = { strong = ["GGE-z"] }\n',
        "x.toml",
    )
    frameworks["x"] = bad
    problems = check_crosswalks(frameworks)
    assert [p.message for p in problems] == ["'GGE-z' is not a norm of un-gge-2015"]


def test_bad_framework_file_lists_every_problem() -> None:
    raw = (
        b'format = 1\nid = "x"\ntitle = "X"\n'
        b'[[norms]]\nid = "X-1"\nshort = "s"\ntype = "attacking"\n'
        b'[[norms]]\nid = "X-1"\nshort = "s"\ntext = "t"\ntype = "limiting-conflict"\nextra = 1\n'
    )
    with pytest.raises(ValidationError) as caught:
        parse_framework(raw, "x.toml")
    messages = {(p.path, p.message) for p in caught.value.problems}
    assert ("", "missing required field 'source'") in messages
    assert ("norms[0]", "missing required field 'text'") in messages
    assert ("norms[0].type", "type must be one of limiting-conflict, improving-defences") in messages
    assert ("norms[1].id", "norm id 'X-1' is already used at norms[0]") in messages
    assert ("norms[1].extra", "'extra' is not a field of a norm") in messages
