"""The exercise state machine: legal and illegal moves, consequences, pauses, revisions."""

from __future__ import annotations

import pytest

from tabletop.core.errors import (
    IllegalMove,
    InvalidDecision,
    NotARecipient,
    UnknownInject,
    UnknownOption,
    UnknownTeam,
)
from tabletop.core.events import EventKind, Source
from tabletop.core.exercise import Exercise
from tabletop.core.phases import TRANSITIONS, Phase


def finals(exercise: Exercise) -> dict[tuple[str, str], str | None]:
    return {(d.team, d.inject): d.option for d in exercise.final_decisions()}


def test_a_new_session_logs_creation_and_teams(exercise: Exercise) -> None:
    kinds = [event.kind for event in exercise.log]
    assert kinds == [EventKind.CREATED, *[EventKind.TEAM_ADDED] * 3]
    assert [team.name for team in exercise.teams] == ["Red", "Blue", "Green"]
    assert [team.number for team in exercise.teams] == [1, 2, 3]
    assert exercise.phase is Phase.SETUP


def test_the_full_cycle_of_an_inject(exercise: Exercise) -> None:
    events = exercise.deliver()
    assert [e.kind for e in events] == [EventKind.STAGE_STARTED, EventKind.INJECT_DELIVERED]
    assert exercise.phase is Phase.DELIVERED
    exercise.open_voting()
    assert exercise.phase is Phase.VOTING
    exercise.lock_voting()
    assert exercise.phase is Phase.LOCKED
    exercise.reveal()
    assert exercise.phase is Phase.REVEALED
    exercise.end()
    assert exercise.phase is Phase.ENDED


@pytest.mark.parametrize(
    ("moves", "illegal", "words"),
    [
        ([], "open_voting", "no inject has been delivered yet"),
        (["deliver"], "lock_voting", "cannot lock voting while an inject is delivered"),
        (["deliver", "open_voting"], "deliver", "cannot deliver an inject while voting is open"),
        (["deliver", "open_voting"], "reveal", "cannot reveal the result while voting is open"),
        (["deliver", "end"], "deliver", "after the session has ended"),
        (["deliver", "end"], "end", "after the session has ended"),
        ([], "resume", "not paused"),
        (["pause"], "pause", "paused"),
        (["deliver", "pause"], "open_voting", "cannot open voting while the session is paused"),
    ],
)
def test_illegal_moves_raise_a_named_error(exercise: Exercise, moves: list[str], illegal: str, words: str) -> None:
    for move in moves:
        getattr(exercise, move)()
    before = len(exercise.log)
    with pytest.raises(IllegalMove, match=words):
        getattr(exercise, illegal)()
    assert len(exercise.log) == before


def test_transition_table_never_leaves_ended() -> None:
    assert all(target is Phase.ENDED or phase is not Phase.ENDED for (phase, _), target in TRANSITIONS.items())


def test_teams_cannot_join_after_the_first_inject(exercise: Exercise) -> None:
    exercise.deliver()
    with pytest.raises(IllegalMove):
        exercise.add_team("Gold")


def test_team_names_are_checked(exercise: Exercise) -> None:
    with pytest.raises(IllegalMove, match="already a team called"):
        exercise.add_team("red")
    with pytest.raises(IllegalMove, match="needs a name"):
        exercise.add_team("  \x07 ")


def test_consequence_reaches_exactly_the_teams_whose_current_choice_qualifies(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.open_voting()
    exercise.decide("Red", "ask", "comply")
    exercise.decide("Blue", "ask", "comply")
    exercise.decide("Green", "ask", "refuse")
    exercise.decide("Blue", "ask", "refuse")  # Blue changes its mind: it must not receive the consequence
    assert exercise.recipients("leak") == ("Red",)
    exercise.lock_voting()
    exercise.deliver("leak")
    assert exercise.delivery("leak").teams == ("Red",)
    exercise.open_voting()
    with pytest.raises(NotARecipient, match=r"goes only to teams that chose ask\.comply"):
        exercise.decide("Blue", "leak", "warn")


def test_a_consequence_nobody_qualifies_for_is_skipped(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.open_voting()
    for team in ("Red", "Blue", "Green"):
        exercise.decide(team, "ask", "refuse")
    exercise.lock_voting()
    assert exercise.next_inject() == "talk"
    with pytest.raises(IllegalMove, match="no team qualifies"):
        exercise.deliver("leak")


def test_decision_checks_name_what_is_wrong(exercise: Exercise) -> None:
    with pytest.raises(IllegalMove, match="has not been delivered"):
        exercise.decide("Red", "ask", "refuse")
    exercise.deliver()
    with pytest.raises(UnknownTeam, match=r"no team 'Gold'.*Red, Blue, Green"):
        exercise.decide("Gold", "ask", "refuse")
    with pytest.raises(UnknownInject, match="no inject 'asked'"):
        exercise.decide("Red", "asked", "refuse")
    with pytest.raises(UnknownOption, match="has no option 'obey' \\(it has refuse, comply\\)"):
        exercise.decide("Red", "ask", "obey")
    with pytest.raises(InvalidDecision, match="choose an option"):
        exercise.decide("Red", "ask", None)
    with pytest.raises(InvalidDecision, match="confidence"):
        exercise.decide("Red", "ask", "refuse", confidence=6)
    with pytest.raises(IllegalMove, match="voting is not open"):
        exercise.decide("Red", "ask", "refuse", source=Source.PRESENTER)


def test_revisions_keep_the_old_decision_in_the_log(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.open_voting()
    first = exercise.decide("Red", "ask", "comply", rationale="fast", confidence=2)
    second = exercise.decide("Red", "ask", "refuse", rationale="trust", dissent="Two of us wanted to comply")
    assert first[0].kind is EventKind.DECISION_RECORDED
    assert second[0].kind is EventKind.DECISION_REVISED
    history = exercise.history("Red", "ask")
    assert [d.option for d in history] == ["comply", "refuse"]
    final = exercise.final("Red", "ask")
    assert final is not None
    assert (final.option, final.dissent, final.revision) == ("refuse", "Two of us wanted to comply", 1)
    assert exercise.decide("Red", "ask", "refuse", rationale="trust", dissent="Two of us wanted to comply") == []


def test_undo_steps_back_through_decisions_and_is_audited(exercise: Exercise) -> None:
    exercise.deliver()
    exercise.open_voting()
    exercise.decide("Red", "ask", "comply")
    exercise.decide("Blue", "ask", "refuse")
    exercise.decide("Red", "ask", "refuse")
    exercise.undo_last_decision()
    assert finals(exercise) == {("Red", "ask"): "comply", ("Blue", "ask"): "refuse"}
    exercise.undo_last_decision()
    assert finals(exercise) == {("Red", "ask"): "comply"}
    exercise.undo_last_decision()
    assert finals(exercise) == {}
    with pytest.raises(IllegalMove, match="no decision to undo"):
        exercise.undo_last_decision()
    undo_events = [e for e in exercise.log if getattr(e.payload, "reason", "") == "undo"]
    assert len(undo_events) == 3
    assert all(e.kind is EventKind.DECISION_REVISED for e in undo_events)


def test_countdown_stands_still_while_paused(exercise: Exercise, clock) -> None:  # type: ignore[no-untyped-def]
    exercise.deliver("ask")
    exercise.open_voting()  # the inject has minutes = 5
    clock.advance(60)
    assert exercise.countdown_remaining() == 240
    exercise.pause()
    clock.advance(600)
    assert exercise.countdown_remaining() == 240
    exercise.resume()
    clock.advance(30)
    assert exercise.countdown_remaining() == 210
    clock.advance(300)
    assert exercise.countdown_remaining() == -90
    assert exercise.elapsed() == 390


def test_explicit_countdown_and_pause_accounting_over_several_pauses(exercise: Exercise, clock) -> None:  # type: ignore[no-untyped-def]
    exercise.deliver("ask")
    exercise.start_countdown(120)
    for _ in range(3):
        clock.advance(10)
        exercise.pause()
        clock.advance(100)
        exercise.resume()
    assert exercise.countdown_remaining() == 90
    assert exercise.elapsed() == 30


def test_discussion_answers_are_free_text_classified_by_the_facilitator(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.deliver("talk")
    with pytest.raises(InvalidDecision, match="discussion inject"):
        exercise.decide("Red", "talk")
    with pytest.raises(UnknownOption):
        exercise.decide("Red", "talk", "refuse", rationale="x")
    exercise.decide("Red", "talk", rationale="We would write a disclosure policy")
    with pytest.raises(InvalidDecision, match="say why"):
        exercise.classify("Red", "talk", {"MS-2": (2, "")})
    with pytest.raises(InvalidDecision, match="not a norm"):
        exercise.classify("Red", "talk", {"MS-9": (1, "x")})
    exercise.classify("Red", "talk", {"MS-2": (2, "Commits to report flaws")})
    decision = exercise.final("Red", "talk")
    assert decision is not None
    assert [(e.norm, e.effect) for e in exercise.effects(decision)] == [("MS-2", 2)]
    assert exercise.scores()["Red"].norms["MS-2"].score == 2.0


def test_options_with_scenario_effects_cannot_be_reclassified(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.decide("Red", "ask", "refuse")
    with pytest.raises(InvalidDecision, match="set by the scenario"):
        exercise.classify("Red", "ask", {"MS-1": (-2, "no")})


def test_adhoc_inject_is_written_live_and_delivered(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.add_adhoc_inject("Press leak", "A journalist calls.", "Do you comment?", ["Yes", "No"], minutes=3)
    events = exercise.deliver("adhoc-1")
    assert [e.kind for e in events] == [EventKind.INJECT_DELIVERED]
    assert exercise.delivery("adhoc-1").teams == ("Red", "Blue", "Green")
    exercise.decide("Blue", "adhoc-1", "option-2", rationale="No comment")
    exercise.classify("Blue", "adhoc-1", {"MS-6": (-1, "Leaves the company alone with the press")})
    assert exercise.scores()["Blue"].norms["MS-6"].score == -1.0


def test_notes_are_tied_to_the_current_inject(exercise: Exercise, clock) -> None:  # type: ignore[no-untyped-def]
    exercise.add_note("Room set up")
    exercise.deliver("ask")
    clock.advance(42)
    exercise.add_note("Blue split 3-2")
    exercise.add_note("About the leak", "leak")
    assert [(n.text, n.inject) for n in exercise.notes()] == [
        ("Room set up", None), ("Blue split 3-2", "ask"), ("About the leak", "leak")]  # fmt: skip
    assert exercise.notes()[1].at == "2026-03-01T09:00:42.000+00:00"


def test_sink_failure_leaves_state_untouched(tiny, clock) -> None:  # type: ignore[no-untyped-def]
    written = []
    fail = {"now": False}

    def sink(event, tally) -> None:  # type: ignore[no-untyped-def]
        if fail["now"]:
            raise OSError("disk full")
        written.append(event)

    exercise = Exercise.create(tiny, session_id="s", name="n", teams=["Red"], clock=clock, sink=sink)
    exercise.deliver()
    fail["now"] = True
    with pytest.raises(OSError, match="disk full"):
        exercise.decide("Red", "ask", "refuse")
    assert exercise.final("Red", "ask") is None
    fail["now"] = False
    exercise.decide("Red", "ask", "refuse")
    assert [e.seq for e in written] == list(range(1, len(written) + 1))
    assert written == list(exercise.log)


def test_replay_rebuilds_the_same_state(exercise: Exercise, tiny, clock) -> None:  # type: ignore[no-untyped-def]
    exercise.deliver("ask")
    exercise.open_voting()
    exercise.decide("Red", "ask", "comply", confidence=3)
    exercise.pause()
    exercise.add_note("hold")
    exercise.resume()
    exercise.lock_voting()
    exercise.reveal()
    exercise.deliver()
    exercise.update_hotwash("Calm", "Faster", [{"action": "Write VEP", "owner": "MoD", "due": "2027"}])
    replayed = Exercise.replay(tiny, exercise.log, clock=clock)
    assert replayed._state == exercise._state
    assert replayed.scores() == exercise.scores()


def test_the_room_cannot_vote_while_paused_but_the_facilitator_can_record(exercise: Exercise) -> None:
    exercise.deliver("ask")
    exercise.open_voting()
    exercise.pause()
    with pytest.raises(IllegalMove, match="paused"):
        exercise.decide("Red", "ask", "refuse", source=Source.PRESENTER)
    assert exercise.final("Red", "ask") is None
    exercise.decide("Red", "ask", "refuse", source=Source.CONSOLE, rationale="They told me at the break")
    assert exercise.final("Red", "ask").option == "refuse"  # type: ignore[union-attr]
    exercise.resume()
    exercise.decide("Blue", "ask", "comply", source=Source.PRESENTER)
    assert exercise.final("Blue", "ask").source is Source.PRESENTER  # type: ignore[union-attr]


def test_an_adhoc_inject_can_be_aimed_and_carry_effects_and_stakes(exercise: Exercise, tiny, clock) -> None:  # type: ignore[no-untyped-def]
    from tabletop.core import codec
    from tabletop.core.events import AdhocOption
    from tabletop.core.model import NormEffect, StakeEffect

    punish = AdhocOption("Sanction the firm", (NormEffect("MS-6", -1, "Punishes the victim"),),
                         (StakeEffect("economy", -1, "Costs a contract"),))  # fmt: skip
    exercise.add_adhoc_inject("A leak to the press", "A reporter calls.", "What now?", [punish, "Say nothing"],
                              teams=["Blue", "Green"])  # fmt: skip
    assert exercise.recipients("adhoc-1") == ("Blue", "Green")
    exercise.deliver("adhoc-1")
    exercise.open_voting()
    with pytest.raises(NotARecipient):
        exercise.decide("Red", "adhoc-1", "option-1")
    exercise.decide("Blue", "adhoc-1", "option-1")
    decision = exercise.final("Blue", "adhoc-1")
    assert decision is not None
    assert [(e.norm, e.effect) for e in exercise.effects(decision)] == [("MS-6", -1)]
    assert exercise.scores()["Blue"].stakes["economy"].total == -1
    event = next(e for e in exercise.log if e.kind is EventKind.ADHOC_INJECT_ADDED)
    assert codec.from_data("adhoc_inject_added", codec.to_data(event.payload)) == event.payload
    with pytest.raises(InvalidDecision, match="not a norm"):
        exercise.add_adhoc_inject("T", "B", "Q", [AdhocOption("x", (NormEffect("MS-9", 1, "w"),))])


def test_team_colours_follow_their_names(tiny, clock) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise.create(tiny, session_id="c", teams=["Gold", "Red", "Blue", "Ocelot", "red team"], clock=clock)
    colours = {team.name: team.color for team in exercise.teams}
    assert (colours["Gold"], colours["Red"], colours["Blue"]) == ("#E69F00", "#D55E00", "#0072B2")
    assert colours["Ocelot"] == "#009E73"  # the first palette colour left
    assert len(set(colours.values())) == 5


def test_a_classified_option_reads_as_classified_whoever_was_scored_first() -> None:
    """An option that moves no norm, taken by two teams, one of them classified: the reading is that team's own."""
    from tabletop.core.library import resolve
    from tabletop.core.model import NormEffect

    exercise = Exercise.create(resolve("lawful-access").scenario, session_id="s", name="S", teams=["A", "B"])
    exercise.deliver("naming-marrovia", teams=["A", "B"])
    for team in ("A", "B"):
        exercise.decide(team, "naming-marrovia", "private-protest")
    exercise.classify("B", "naming-marrovia", {"MS-1": (-1, "read as a step back")})
    a, b = exercise.final_decisions()
    assert exercise.scored(a).effects == ()  # scored first: the option as written moves no norm...
    assert exercise.scored(b).effects == (NormEffect("MS-1", -1, "read as a step back"),)  # ...B's reading does
    assert exercise.scores()["B"].norms["MS-1"].score == -1.0
