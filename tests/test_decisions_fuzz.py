"""Bad decision files: only clear errors, never a traceback, and nothing half-saved; huge files bounded."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.cli import main

DATA = Path(__file__).parent / "data"
PLAY = DATA / "playthroughs" / "first-call.csv"
TOKENS = [b",", b'"', b"\n", b"\r\n", b"Principled", b"Hawkish", b"router-flaw", b"disclose", b"what-rule", b"9",
          b"-1", b"=1+1", b"\xff", b"\x00", b"minute", b"team", b",,,,"]  # fmt: skip


def run_in_process(tmp: Path, raw: bytes) -> tuple[int, str]:
    csv_path = tmp / "decisions.csv"
    csv_path.write_bytes(raw)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", "first-call", "--teams", "Principled,Pragmatic,Hawkish", "--decisions", str(csv_path),
                     "--db", str(tmp / "fuzz.db")])  # fmt: skip
    return code, err.getvalue()


def sessions_in(db: Path) -> int:
    if not db.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


def check(tmp: Path, raw: bytes) -> None:
    before = sessions_in(tmp / "fuzz.db")
    code, err = run_in_process(tmp, raw)
    after = sessions_in(tmp / "fuzz.db")
    assert code in (0, 1)
    assert "Traceback" not in err
    if code == 1:
        assert err.strip(), "a refusal says why"
        assert after == before, "a refused file saves nothing"
    else:
        assert after == before + 1


@pytest.mark.fuzz
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 30), st.sampled_from(TOKENS) | st.binary(max_size=8)),
                min_size=1, max_size=6))  # fmt: skip
def test_byte_mutations_of_a_decisions_file(tmp_path: Path, splices: list[tuple[int, int, bytes]]) -> None:
    raw = bytearray(PLAY.read_bytes())
    for at, cut, insert in splices:
        at %= len(raw) + 1
        raw[at : at + cut] = insert
    check(tmp_path, bytes(raw))


@pytest.mark.fuzz
@given(st.data())
def test_row_shuffles_and_cell_swaps(tmp_path: Path, data: st.DataObject) -> None:
    header, *rows = PLAY.read_bytes().splitlines(keepends=True)
    rows = data.draw(st.permutations(rows)) if data.draw(st.booleans()) else rows
    rows = rows[: data.draw(st.integers(0, len(rows)))]
    if rows and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(rows) - 1))
        cells = rows[index].rstrip(b"\r\n").split(b",")
        cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(st.sampled_from(TOKENS))
        rows[index] = b",".join(cells) + b"\n"
    check(tmp_path, header + b"".join(rows))


def peak_rss_mb_of(command: list[str], **kwargs: object) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command in a child process and report the most memory the child held (MB)."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(r.returncode)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    *lines, peak = result.stderr.rstrip().splitlines()
    result.stderr = "\n".join(lines)
    return result, int(peak) / 1024


def test_a_million_row_decisions_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "million.csv"
    with big.open("w") as handle:
        handle.write("team,inject,option,rationale\n")
        line = "Principled,router-flaw,disclose,because\n"
        for _ in range(100):
            handle.write(line * 10_000)
    assert big.stat().st_size > 38_000_000  # a million rows
    env = {**os.environ, "TABLETOP_DB": str(tmp_path / "t.db")}
    result, peak = peak_rss_mb_of([sys.executable, "-m", "tabletop", "run", "first-call", "--teams", "Principled",
                                   "--decisions", str(big)], env=env, timeout=300)  # fmt: skip
    assert result.returncode == 1
    assert "more than 50000 decisions" in result.stderr
    assert "Traceback" not in result.stderr
    print(f"\nmillion-row decisions file: refused, peak memory {peak:.0f} MB")
    assert peak < 250, f"peak memory {peak:.0f} MB"
    assert sessions_in(tmp_path / "t.db") == 0


def test_a_fifty_megabyte_scenario_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "huge.toml"
    with big.open("w") as handle:
        handle.write('format = 1\nid = "huge"\ntitle = "Huge"\nsummary = """\n')
        for _ in range(50):
            handle.write(("x" * 1023 + "\n") * 1024)
        handle.write('"""\n')
    result, peak = peak_rss_mb_of([sys.executable, "-m", "tabletop", "validate", str(big)], timeout=120)
    assert result.returncode == 1
    assert "a scenario file over 4 MB is refused" in result.stderr
    print(f"\n50 MB scenario: refused, peak memory {peak:.0f} MB")
    assert peak < 120, f"peak memory {peak:.0f} MB"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
