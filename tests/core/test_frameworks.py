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


def test_gcsc_norms_in_report_order_with_their_types() -> None:
    gcsc = builtin_frameworks()["gcsc-2019"]
    defences = {n.id for n in gcsc.norms if n.type is NormType.IMPROVING_DEFENCES}
    assert defences == {"GCSC-6", "GCSC-7"}
    assert gcsc.norm("GCSC-1").short == "Protect the Internet's public core"
    assert gcsc.url.startswith("https://cyberstability.org/")
    assert all(n.short and n.text for n in gcsc.norms)


def test_every_gge_norm_carries_the_2021_guidance() -> None:
    gge = builtin_frameworks()["un-gge-2015"]
    assert all(norm.guidance for norm in gge.norms)


def test_microsoft_norms_have_type_and_the_four_criteria() -> None:
    microsoft = builtin_frameworks()["microsoft-2014"]
    assert {norm.type for norm in microsoft.norms} == {NormType.LIMITING_CONFLICT}
    assert [c.id for c in microsoft.criteria] == ["practicable", "reduce-risk", "observable", "mitigate-escalation"]
    assert microsoft.norm("MS-1").short == "No backdoors"


def _links(source: str, target: str) -> set[tuple[str, str, Strength]]:
    """Every link between two frameworks, as (source norm, target norm, strength), whichever file declares it."""
    frameworks = builtin_frameworks()
    found = set()
    for walk in frameworks[source].crosswalks:
        if walk.framework == target:
            found |= {(link.norm, link.target, link.strength) for link in walk.links}
    for walk in frameworks[target].crosswalks:
        if walk.framework == source:
            found |= {(link.target, link.norm, link.strength) for link in walk.links}
    return found


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


def test_each_pair_of_frameworks_is_declared_once_and_every_pair_is_declared() -> None:
    frameworks = builtin_frameworks()
    declared = [frozenset((f.id, walk.framework)) for f in frameworks.values() for walk in f.crosswalks]
    assert len(declared) == len(set(declared))
    assert all(len(pair) == 2 for pair in declared)
    ids = sorted(frameworks)
    assert set(declared) == {frozenset((a, b)) for a in ids for b in ids if a < b}


def test_a_norm_links_to_a_target_once_with_one_strength() -> None:
    for framework in builtin_frameworks().values():
        for walk in framework.crosswalks:
            pairs = [(link.norm, link.target) for link in walk.links]
            assert len(pairs) == len(set(pairs)), (framework.id, walk.framework)


def test_links_that_would_read_a_violation_nobody_scored_are_not_strong() -> None:
    gge = _links("microsoft-2014", "un-gge-2015")
    # Helping one's own companies respond is not answering another state's request.
    assert ("MS-6", "GGE-h", Strength.STRONG) not in gge
    assert ("MS-6", "GGE-h", Strength.PARTIAL) in gge
    # A blackout nobody aimed at a CERT is no CERT violation.
    assert not any(norm == "MS-5" and target == "GGE-k" for norm, target, _ in gge)
    # Refusing a backdoor protects users' privacy too, but the two norms are not the same.
    assert ("MS-1", "GGE-e", Strength.PARTIAL) in gge
    assert ("MS-1", "GGE-i", Strength.STRONG) in gge
    gcsc = _links("microsoft-2014", "gcsc-2019")
    assert ("MS-1", "GCSC-3", Strength.STRONG) in gcsc
    assert ("MS-2", "GCSC-5", Strength.STRONG) in gcsc
    assert ("MS-4", "GCSC-8", Strength.PARTIAL) in gcsc
    assert {strength for norm, _, strength in gcsc if norm == "MS-5"} == {Strength.PARTIAL}
    assert _links("paris-call-2018", "gcsc-2019") >= {
        ("PC-2", "GCSC-1", Strength.STRONG),
        ("PC-8", "GCSC-8", Strength.STRONG),
        ("PC-3", "GCSC-2", Strength.PARTIAL),
    }


def test_norms_without_a_microsoft_counterpart_get_no_link_from_it() -> None:
    unlinked = {"GGE-b", "PC-3", "PC-4", "PC-8", "GCSC-2"}
    for target in ("un-gge-2015", "paris-call-2018", "gcsc-2019"):
        reached = {norm for _, norm, _ in _links("microsoft-2014", target)}
        assert not reached & unlinked, target


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
