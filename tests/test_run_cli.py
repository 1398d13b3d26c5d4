"""`tabletop run`, `sessions` and `debrief` as a user meets them, through a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
GOOD = """team,inject,option,rationale,confidence,dissent,minute
Red,ask,comply,Speed matters,2,,1
Blue,ask,refuse,Trust matters,5,"Two of us would comply",2
Green,ask,comply,"=HYPERLINK(""http://evil"")",3,,3
Red,ask,refuse,We thought again,4,,4
Green,leak,hide,Keep it quiet,1,,6
Red,talk,,We would write a policy,,,8
Blue,talk,,-Nothing to change,,,9
"""


def tabletop(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TABLETOP_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip


def run_csv(tmp_path: Path, text: str, teams: str = "Red,Blue,Green") -> subprocess.CompletedProcess[str]:
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(text, encoding="utf-8")
    return tabletop(tmp_path / "t.db", "run", str(DATA / "valid.toml"), "--teams", teams, "--decisions",
                    str(decisions), "--name", "Drill")  # fmt: skip


def expected_scores(decisions: dict[str, list[str]]) -> dict[str, dict[str, object]]:
    """The DESIGN.md method, computed here from the raw TOML without the application's model."""
    doc = tomllib.loads((DATA / "valid.toml").read_text())
    options = {(inj["id"], opt["id"]): opt for st in doc["stages"] for inj in st["injects"]
               for opt in inj.get("options", [])}  # fmt: skip
    result: dict[str, dict[str, object]] = {}
    for team, chosen in decisions.items():
        effects: dict[str, list[int]] = {f"MS-{i}": [] for i in range(1, 7)}
        escalation = 0
        for key in chosen:
            option = options[tuple(key.split("."))]  # type: ignore[index]
            escalation += option.get("escalation", 0)
            for norm, spec in option.get("norms", {}).items():
                if spec["effect"]:
                    effects[norm].append(spec["effect"])
        means = {n: sum(v) / len(v) for n, v in effects.items() if v}
        result[team] = {
            "index": round(50 * sum(means.values()) / len(means), 1) if means else None,
            "escalation": escalation,
            "scores": {n: round(m, 2) for n, m in means.items()},
        }
    return result


def test_run_records_a_session_and_debrief_json_carries_the_scores(tmp_path: Path) -> None:
    result = run_csv(tmp_path, GOOD)
    assert result.returncode == 0, result.stderr
    session_id = result.stdout.strip().splitlines()[-1]
    listed = tabletop(tmp_path / "t.db", "sessions").stdout.splitlines()
    assert len(listed) == 1
    cells = listed[0].split("\t")
    assert cells[0] == session_id
    assert cells[1] == "Drill"
    assert cells[2] == "tiny"
    assert cells[5] == "6"
    assert cells[4]  # ended

    debrief = json.loads(tabletop(tmp_path / "t.db", "debrief", "latest", "--format", "json").stdout)
    assert debrief["format"] == 1
    assert debrief["session"]["id"] == session_id
    assert set(debrief["session"]) >= {"id", "name", "scenario", "framework", "started_at", "ended_at"}
    assert [n["id"] for n in debrief["norms"]] == [f"MS-{i}" for i in range(1, 7)]
    want = expected_scores({"Red": ["ask.refuse"], "Blue": ["ask.refuse"], "Green": ["ask.comply", "leak.hide"]})
    for team in debrief["teams"]:
        expected = want[team["name"]]
        assert team["index"] == expected["index"], team["name"]
        assert team["escalation"] == expected["escalation"]
        scores = {n: v["score"] for n, v in team["norms"].items() if v["score"] is not None}
        assert scores == expected["scores"]
        assert all(set(v) >= {"score", "band", "engaged"} for v in team["norms"].values())
    green = next(t for t in debrief["teams"] if t["name"] == "Green")
    assert green["norms"]["MS-1"]["band"] == "violated"
    assert green["norms"]["MS-4"] == {"score": -1.0, "band": "strained", "engaged": 1, "worst": -1}
    red = next(t for t in debrief["teams"] if t["name"] == "Red")
    assert [(d["inject"], d["option"]) for d in red["decisions"]] == [("ask", "refuse"), ("talk", None)]
    assert red["decisions"][0]["revisions"] == 1
    assert set(red["decisions"][0]) >= {"inject", "option", "rationale", "confidence", "at"}


def test_debrief_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    assert run_csv(tmp_path, GOOD).returncode == 0
    out = tmp_path / "debrief.csv"
    result = tabletop(tmp_path / "t.db", "debrief", "latest", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6
    green = next(r for r in rows if r["team"] == "Green" and r["inject"] == "ask")
    assert green["rationale"] == '\'=HYPERLINK("http://evil")'
    assert green["MS-1"] == "-2"  # a number cell stays a number, minus sign and all
    blue_talk = next(r for r in rows if r["team"] == "Blue" and r["inject"] == "talk")
    assert blue_talk["rationale"] == "'-Nothing to change"


BAD_ROWS = [
    ("Gold,ask,refuse,x\n", 2, "no team 'Gold' in this session"),
    ("Red,asks,refuse,x\n", 2, "no inject 'asks'"),
    ("Red,ask,obey,x\n", 2, "has no option 'obey'"),
    ("Red,ask,refuse,x\nRed,leak,warn,x\n", 3, "team 'Red' never received 'leak'"),
    ("Red,ask,comply,x\nBlue,ask,refuse,x\nBlue,leak,warn,x\n", 4, "team 'Blue' never received 'leak'"),
    ("Red,ask,refuse\n", 2, "expected 4 cells, found 3"),
    ("Red,ask,refuse,x,extra\n", 2, "expected 4 cells, found 5"),
    ("Red,ask,,x\n", 2, "choose an option for 'ask'"),
    ("Red,talk,,\n", 2, "discussion inject: write the team's answer"),
    ('Red,ask,refuse,"unterminated\n', 2, "not valid CSV"),
]


@pytest.mark.parametrize(("rows", "line", "words"), BAD_ROWS)
def test_a_bad_row_is_named_by_line_and_nothing_is_saved(tmp_path: Path, rows: str, line: int, words: str) -> None:
    text = "team,inject,option,rationale\n" + rows
    result = run_csv(tmp_path, text)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"decisions.csv:{line}: " in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert tabletop(tmp_path / "t.db", "sessions").stdout == ""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "the file is empty"),
        ("team,inject,choice,rationale\n", 1, "unknown column 'choice'"),
        ("team,inject,option\n", 1, "missing column 'rationale'"),
        ("team,inject,option,rationale,confidence\nRed,ask,refuse,x,9\n", 2, "confidence must be 1 to 5"),
        ("team,inject,option,rationale,minute\nRed,ask,refuse,x,5\nBlue,ask,refuse,x,2\n", 3, "comes before"),
        ("team,inject,option,rationale,minute\nRed,ask,refuse,x,soon\n", 2, "minute must be a number"),
    ],
)
def test_a_bad_file_is_refused_with_its_place(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    result = run_csv(tmp_path, text)
    assert result.returncode == 1
    where = f"decisions.csv:{line}: " if line else "decisions.csv: "
    assert where in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_non_utf8_decisions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "decisions.csv"
    path.write_bytes("team,inject,option,rationale\nRéd,ask,refuse,x\n".encode("latin-1"))
    result = tabletop(tmp_path / "t.db", "run", "tiny-missing", "--teams", "Red", "--decisions", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    result = tabletop(tmp_path / "t.db", "run", str(DATA / "valid.toml"), "--teams", "Red", "--decisions", str(path))
    assert "not UTF-8" in result.stderr


def test_run_by_library_id_and_unknown_scenario(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text("team,inject,option,rationale\nRed,router-flaw,disclose,Tell them\n")
    ok = tabletop(tmp_path / "t.db", "run", "first-call", "--teams", "Red", "--decisions", str(decisions))
    assert ok.returncode == 0, ok.stderr
    missing = tabletop(tmp_path / "t.db", "run", "no-such", "--teams", "Red", "--decisions", str(decisions))
    assert missing.returncode == 1
    assert "no scenario 'no-such' in the library" in missing.stderr


def test_debrief_of_unknown_session_is_a_clear_error(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text("team,inject,option,rationale\nRed,router-flaw,disclose,Tell them\n")
    assert (
        tabletop(tmp_path / "t.db", "run", "first-call", "--teams", "Red", "--decisions", str(decisions)).returncode
        == 0
    )
    result = tabletop(tmp_path / "t.db", "debrief", "nope", "--format", "json")
    assert result.returncode == 1
    assert "no session 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_writes_every_format_and_prints_the_paths(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = tabletop(tmp_path / "t.db", "demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = ["debrief.html", "debrief.pdf", "debrief.md", "debrief.csv", "debrief.json"]
    assert result.stdout.splitlines() == [str(out / name) for name in names]
    assert all((out / name).stat().st_size > 1000 for name in names)
    assert "stage 1/3" in result.stderr
    assert "stage 3/3" in result.stderr
    assert (out / "debrief.pdf").read_bytes().startswith(b"%PDF")
    listed = tabletop(tmp_path / "t.db", "sessions").stdout.splitlines()
    assert len(listed) == 1
    assert listed[0].split("\t")[2] == "lawful-access"


def test_demo_without_out_makes_a_fresh_folder_here(tmp_path: Path) -> None:
    env = {**os.environ, "TABLETOP_DB": str(tmp_path / "t.db")}
    for expected in ("tabletop-demo", "tabletop-demo-2"):
        result = subprocess.run([sys.executable, "-m", "tabletop", "demo"], cwd=tmp_path, capture_output=True,
                                text=True, env=env, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == str(tmp_path / expected / "debrief.html")


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_debrief_document_formats_from_the_cli(tmp_path: Path, fmt: str) -> None:
    assert run_csv(tmp_path, GOOD).returncode == 0
    out = tmp_path / f"d.{fmt}"
    result = tabletop(tmp_path / "t.db", "debrief", "latest", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith({"html": b"<!DOCTYPE html>", "md": b"# After-action report", "pdf": b"%PDF"}[fmt])


def test_debrief_to_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    assert run_csv(tmp_path, GOOD).returncode == 0
    result = tabletop(tmp_path / "t.db", "debrief", "latest", "--format", "md", "-o", str(tmp_path / "no" / "x.md"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
