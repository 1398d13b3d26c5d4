"""``next_inject``: the first scenario inject not yet delivered that reaches a team, found in linear time."""

from __future__ import annotations

from typing import Any

from tabletop.core.exercise import Exercise
from tabletop.core.scenario import parse_scenario


def _scenario(injects: int) -> Any:
    lines = ["format = 1", 'id = "long"', 'title = "Long"', 'summary = "Generated."']
    for number in range(injects):
        if number % 10 == 0:
            lines += ["", "[[stages]]", f'id = "s{number // 10}"', f'title = "Stage {number // 10 + 1}"']
        lines += ["", "[[stages.injects]]", f'id = "i{number}"', f'title = "Inject {number}"',
                  'body = "Body."', 'question = "Now?"']  # fmt: skip
        for option in "ab":
            lines += ["", "[[stages.injects.options]]", f'id = "{option}"', f'label = "Option {option}"',
                      'norms.MS-1 = { effect = 1, why = "Because." }']  # fmt: skip
    return parse_scenario("\n".join(lines).encode(), "long.toml")


def _by_the_rule(exercise: Exercise) -> str | None:
    for inject in exercise.scenario.injects():
        if not exercise.is_delivered(inject.id) and exercise.recipients(inject.id):
            return inject.id
    return None


class _Counted(dict[str, Any]):
    """The state's deliveries, counting how often they are asked whether they hold an inject."""

    asked = 0

    def __contains__(self, key: object) -> bool:
        _Counted.asked += 1
        return super().__contains__(key)


def test_it_follows_the_rule_through_deliveries_out_of_order_and_a_rewind() -> None:
    exercise = Exercise.create(_scenario(30), session_id="n", teams=["Red", "Blue"])
    assert exercise.next_inject() == "i0"
    exercise.deliver("i0")
    exercise.deliver("i2")  # out of order: i1 is next, then i3
    assert exercise.next_inject() == _by_the_rule(exercise) == "i1"
    exercise.deliver("i1")
    assert exercise.next_inject() == _by_the_rule(exercise) == "i3"
    exercise.rewind(list(exercise.log)[:-2])  # i2 and i1 undelivered again: a new state
    assert exercise.next_inject() == _by_the_rule(exercise) == "i1"
    while (found := exercise.next_inject()) is not None:
        assert found == _by_the_rule(exercise)
        exercise.deliver(found)
    assert _by_the_rule(exercise) is None


def test_playing_a_whole_session_asks_of_each_inject_a_bounded_number_of_times() -> None:
    injects = 400
    exercise = Exercise.create(_scenario(injects), session_id="n", teams=["Red"])
    exercise._state.deliveries = _Counted()
    _Counted.asked = 0
    while (found := exercise.next_inject()) is not None:
        exercise.deliver(found)
    assert len(exercise.deliveries()) == injects
    assert _Counted.asked <= 6 * injects  # scanning from the start each time would ask 80,000 times


def test_a_stage_counts_as_started_once_its_first_inject_is_delivered() -> None:
    exercise = Exercise.create(_scenario(30), session_id="n", teams=["Red"])
    exercise.deliver("i0")
    exercise.deliver("i1")
    assert exercise.stage_started("s0")
    assert not exercise.stage_started("s1")
    exercise.deliver("i10")
    assert exercise.stage_started("s1")
    assert [e.payload.stage for e in exercise.log if e.kind.value == "stage_started"] == ["s0", "s1"]
