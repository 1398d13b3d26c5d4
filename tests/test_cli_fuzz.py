"""Every verb fed random paths, flags and files: an exit of 0, 1 or 2, a clear line, never a traceback.

The paths are the ones people and attackers hand a command line: missing files and folders,
folders, FIFOs, devices, symbolic-link loops, empty and binary files, another program's
database, names holding line breaks and escape sequences. The default database (in a
private data folder) must never be created or changed by a verb that only reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.cli import main

DATA = Path(__file__).parent / "data"
READ_ONLY_VERBS = {"validate", "scenarios", "show", "sessions", "debrief"}
pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("paths")
    paths = {
        "missing": root / "missing.toml",
        "missing-folder": root / "no" / "such" / "file.db",
        "folder": root / "folder",
        "fifo": root / "fifo",
        "null": Path("/dev/null"),
        "zero": Path("/dev/zero"),
        "loop": root / "loop",
        "empty": root / "empty.csv",
        "binary": root / "binary.toml",
        "scenario": root / "valid.toml",
        "broken": root / "broken.toml",
        "csv": root / "decisions.csv",
        "bad-csv": root / "bad.csv",
        "photos": root / "photos.db",
        "ours": root / "ours.db",
        "below-a-file": root / "valid.toml" / "inside.html",
        "odd-name": root / "odd\n\x1b[31mname\x07.csv",
        "fresh": root / "fresh",
    }
    paths["folder"].mkdir()
    os.mkfifo(paths["fifo"])
    os.symlink(paths["loop"], paths["loop"])
    paths["empty"].write_bytes(b"")
    paths["binary"].write_bytes(bytes(range(256)) * 64)
    shutil.copy(DATA / "valid.toml", paths["scenario"])
    shutil.copy(DATA / "broken" / "unknown-norm.toml", paths["broken"])
    paths["csv"].write_text("team,inject,option,rationale\nRed,ask,refuse,Trust\n")
    paths["bad-csv"].write_text("team,inject,option\nRed,ask\n")
    paths["odd-name"].write_text("team,inject,option,rationale\nRed,ask,A,x\n")
    conn = sqlite3.connect(paths["photos"])
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert main(["run", str(paths["scenario"]), "--teams", "Red", "--decisions", str(paths["csv"]), "--db",
                 str(paths["ours"])]) == 0  # fmt: skip
    data_home = root / "xdg"
    saved = {key: os.environ.get(key) for key in ("XDG_DATA_HOME", "TABLETOP_DB")}
    os.environ["XDG_DATA_HOME"] = str(data_home)
    os.environ.pop("TABLETOP_DB", None)
    paths["default-db"] = data_home / "tabletop" / "tabletop.db"
    yield paths
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


KINDS = st.sampled_from([
    "missing", "missing-folder", "folder", "fifo", "null", "zero", "loop", "empty", "binary", "scenario", "broken",
    "csv", "bad-csv", "photos", "ours", "below-a-file", "odd-name",
])  # fmt: skip
SCENARIOS = st.one_of(KINDS, st.sampled_from(["@tiny-id", "@lawful-access", "@no-such"]))
DBS = st.one_of(st.none(), KINDS, st.just("@memory"))
TEAMS = st.lists(st.sampled_from(["Red", "red", "Blue", "Red\u200b", "", "A, B", "\x1b[2J"]), max_size=3)
FLAGS = st.lists(st.sampled_from(["--bogus", "--format", "--team", "-o", "--db", "--", "-"]), max_size=2)


@st.composite
def command(draw: st.DrawFn, place: dict[str, Path]) -> list[str]:
    def path(kind: str | None) -> list[str]:
        if kind is None:
            return []
        if kind == "@memory":
            return [":memory:"]
        if kind.startswith("@"):
            return [kind[1:]]
        return [str(place[kind])]

    verb = draw(st.sampled_from(["validate", "scenarios", "show", "new", "run", "sessions", "debrief", "demo"]))
    db = path(draw(DBS))
    teams = [part for name in draw(TEAMS) for part in ("--team", name)]
    if verb == "validate":
        args = [verb, *[p for kind in draw(st.lists(KINDS, min_size=1, max_size=3)) for p in path(kind)]]
    elif verb == "scenarios":
        args = [verb]
    elif verb == "show":
        args = [verb, *path(draw(SCENARIOS))]
    elif verb == "new":
        args = [verb, *path(draw(SCENARIOS)), *teams]
    elif verb == "run":
        args = [verb, *path(draw(SCENARIOS)), *teams, "--decisions", *path(draw(KINDS))]
    elif verb == "sessions":
        args = [verb]
    elif verb == "debrief":
        args = [verb, draw(st.sampled_from(["latest", "nope", "\x07"]))]
        args += draw(st.sampled_from([[], ["--format", "json"], ["--format", "md"], ["--format", "pdf"]]))
        args += draw(st.sampled_from([[], ["-o", "-"], *[["-o", p] for p in path(draw(KINDS))]]))
    else:  # demo, always at a folder it cannot use, so it stops before the long play
        args = [verb, "--out", *path(draw(st.sampled_from(["scenario", "below-a-file", "fifo", "null"])))]
    return [*args, *(["--db", *db] if db and verb not in ("validate", "scenarios", "show") else []), *draw(FLAGS)]


def run(argv: list[str]) -> tuple[int, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's refusals
            code = int(stop.code or 0)
    return code, err.getvalue()


def fingerprint(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@given(data=st.data())
def test_every_verb_answers_every_path_with_a_clear_line(place: dict[str, Path], data: st.DataObject) -> None:
    argv = data.draw(command(place))
    before = fingerprint(place["default-db"])
    code, err = run(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err
    assert all(line.isprintable() for line in err.splitlines()), err
    if code:
        said = err.strip().splitlines()
        assert said, argv
        assert all(": " in line or line.endswith("file(s) valid") for line in said), said  # where, then what
        assert len(said) <= 40, said
    if argv[0] in READ_ONLY_VERBS:
        assert fingerprint(place["default-db"]) == before, f"{argv} changed the default database"
    assert not (place["fresh"]).exists()
    assert os.path.exists(place["fifo"])
    assert not place["fifo"].is_file()


def test_reading_verbs_never_create_the_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("TABLETOP_DB", raising=False)
    for argv in (["sessions"], ["debrief", "latest", "--format", "json"], ["show", "first-call"], ["scenarios"]):
        code, err = run(argv)
        assert code in (0, 1), err
    assert list(tmp_path.iterdir()) == []
