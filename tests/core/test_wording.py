"""The words and marks every reader shares: letters, signs, bands, exercise time."""

from __future__ import annotations

from tabletop.core.exercise import Exercise
from tabletop.core.model import letter, letter_index
from tabletop.core.scoring import BAND_ORDER, Band
from tabletop.core.wording import join_names, signed, signed_short

MINUS = "\u2212"


def test_option_letters_go_past_z_and_read_back() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
    assert all(letter_index(letter(i)) == i for i in range(2000))
    assert letter_index("b") == 1
    assert [letter_index(text) for text in ("", "A1", "É", "ABCD")] == [None, None, None, None]


def test_signs_use_a_real_minus() -> None:
    assert [signed(e, 0) for e in (2, 0, -1)] == ["+2", "0", f"{MINUS}1"]
    assert [signed(s) for s in (0.5, -1.25, 0.0, None)] == ["+0.50", f"{MINUS}1.25", "0.00", "\u2013"]
    assert [signed_short(s) for s in (1.5, 2.0, -0.33, 0.0)] == ["+1.5", "+2", f"{MINUS}0.33", "0"]


def test_names_join_as_a_sentence_says_them() -> None:
    assert [join_names(n) for n in ([], ["Red"], ["Red", "Blue"], ["A", "B", "C"])] == [
        "", "Red", "Red and Blue", "A, B and C",
    ]  # fmt: skip


def test_every_band_has_its_own_symbol_and_a_place_in_the_order() -> None:
    symbols = [band.symbol for band in Band]
    assert len(set(symbols)) == len(Band)
    assert set(BAND_ORDER) == set(Band)


def test_note_times_leave_pauses_out(exercise: Exercise, clock) -> None:  # type: ignore[no-untyped-def]
    clock.advance(60)
    exercise.pause()
    clock.advance(600)
    exercise.add_note("during the pause")
    exercise.resume()
    clock.advance(30)
    exercise.add_note("after it")
    assert [exercise.exercise_time(note.at) for note in exercise.notes()] == [60.0, 90.0]
    assert exercise.paused_total() == 600.0
    assert exercise.elapsed() == 90.0
