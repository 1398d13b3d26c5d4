"""The hard edges of the command line: bad paths, files and names get a clear word and lose nothing.

Each test is one finding of the hard-edges review, run as a user meets it: a real process,
real files, FIFOs and devices, a read-only mount, a terminal.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
VALID = DATA / "valid.toml"
DECISIONS = "team,inject,option,rationale\nRed,ask,refuse,Trust\nBlue,ask,comply,Speed\n"


def tabletop(*args: str, env: dict[str, str] | None = None, timeout: float = 60, **kw: object):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def clear_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1 or 2, no traceback, and one line on stderr that says what is wrong."""
    assert result.returncode in (1, 2), (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one recorded session."""
    path = tmp_path / "sessions.db"
    decisions = tmp_path / "d.csv"
    decisions.write_text(DECISIONS)
    done = tabletop("run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions), "--db", str(path))
    assert done.returncode == 0, done.stderr
    return path


# -- loss ---------------------------------------------------------------------------------------


def test_a_debrief_is_never_written_over_a_database(db: Path) -> None:
    before = digest(db)
    result = tabletop("debrief", "latest", "--db", str(db), "--format", "json", "-o", str(db))
    clear_failure(result, "is a database")
    assert digest(db) == before


def test_a_debrief_is_never_written_over_a_fifo_or_a_device(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    clear_failure(tabletop("debrief", "latest", "--db", str(db), "--format", "md", "-o", str(fifo)), "not a file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is
    clear_failure(tabletop("debrief", "latest", "--db", str(db), "--format", "md", "-o", str(device)), "not a file")
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize("verb", ["run", "new", "sessions", "demo"])
def test_an_in_memory_database_is_refused(verb: str, tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text(DECISIONS)
    args = {
        "run": ["run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions)],
        "new": ["new", str(VALID), "--teams", "Red,Blue"],
        "sessions": ["sessions"],
        "demo": ["demo", "--out", str(tmp_path / "out")],
    }[verb]
    clear_failure(tabletop(*args, "--db", ":memory:"), ":memory:")
    assert not (tmp_path / "out").exists()


# -- hangs ---------------------------------------------------------------------------------------


def test_a_scenario_of_spaces_is_answered_at_once(tmp_path: Path) -> None:
    spaces = tmp_path / "spaces.toml"
    spaces.write_text("[" + " " * 4096 + "x\n[[" + " " * 4096 + "y\n")
    result = tabletop("validate", str(spaces), timeout=20)  # it took minutes: the line index backtracked
    assert result.returncode == 1
    assert "not valid TOML" in result.stderr


@pytest.mark.parametrize("what", ["scenario", "decisions"])
def test_a_fifo_as_input_is_refused_without_blocking(what: str, tmp_path: Path) -> None:
    fifo = tmp_path / "input"
    os.mkfifo(fifo)
    if what == "scenario":
        result = tabletop("validate", str(fifo), timeout=20)
        assert result.returncode == 1
        assert "not a regular file" in result.stderr
    else:
        result = tabletop("run", str(VALID), "--teams", "Red", "--decisions", str(fifo), "--db", str(tmp_path / "t.db"))
        clear_failure(result, "not a regular file")
        assert not (tmp_path / "t.db").exists()


def test_a_very_long_title_is_refused_by_the_validator(tmp_path: Path) -> None:
    long = tmp_path / "long.toml"
    long.write_text(VALID.read_text().replace('title = "Tiny"', f'title = "{"T" * 5000}"'))
    result = tabletop("validate", str(long))
    assert result.returncode == 1
    assert "title is 5000 characters long; at most" in result.stderr


# -- memory ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/stdin"])
def test_a_device_or_a_pipe_is_refused_before_it_is_read(source: str) -> None:
    process = subprocess.run([sys.executable, "-m", "tabletop", "validate", source], input="x" * 10,
                             capture_output=True, text=True, timeout=20)  # fmt: skip
    assert process.returncode == 1
    assert "not a regular file" in process.stderr
    assert "MemoryError" not in process.stderr


def test_the_size_limit_is_kept_while_reading_not_only_from_the_size_the_file_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop.core import files
    from tabletop.core.errors import ValidationError

    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (files.MAX_SCENARIO_BYTES + 10))
    real_fstat = os.fstat

    class Small:  # a file that says it is tiny, as a growing file does when it is opened
        def __init__(self, real: os.stat_result) -> None:
            self.st_mode, self.st_size = real.st_mode, 10

    monkeypatch.setattr(files.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(ValidationError, match="over 4 MB"):
        files.read_input(big, files.MAX_SCENARIO_BYTES, "scenario")


# -- reading changes nothing ----------------------------------------------------------------------


def test_reading_another_programs_database_changes_nothing(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    before = digest(other)
    clear_failure(tabletop("sessions", "--db", str(other)), "is not a Tabletop database")
    clear_failure(tabletop("debrief", "latest", "--db", str(other), "--format", "json"), "is not a Tabletop database")
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]


def test_a_mistyped_database_path_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "sessions.db"
    clear_failure(tabletop("sessions", "--db", str(missing)), "no database")
    decisions = tmp_path / "d.csv"
    decisions.write_text(DECISIONS)
    clear_failure(
        tabletop("run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions), "--db", str(missing)),
        "folder",
    )
    assert not (tmp_path / "typo").exists()
    clear_failure(tabletop("sessions", "--db", str(tmp_path / "nothing.db")), "no database")
    assert not (tmp_path / "nothing.db").exists()


def test_a_read_only_copy_can_be_listed_and_exported(db: Path, tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (
        f"mount --bind {db.parent} {mount} && mount -o remount,ro,bind {mount} && "
        f"{sys.executable} -m tabletop sessions --db {mount / db.name} && "
        f"{sys.executable} -m tabletop debrief latest --db {mount / db.name} --format json"
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first.split("\t")[5] == "2"
    assert json.loads("\n".join(rest))["session"]["scenario"] == "tiny"


# -- tracebacks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a file", "below a file", "a read-only folder"])
def test_demo_where_it_cannot_write_says_so_and_saves_nothing(where: str, tmp_path: Path) -> None:
    blocker = tmp_path / "note.txt"
    blocker.write_text("in the way")
    out = {"a file": blocker, "below a file": blocker / "out", "a read-only folder": tmp_path / "ro" / "out"}[where]
    env = {"TABLETOP_DB": str(tmp_path / "t.db")}
    if where == "a read-only folder":
        (tmp_path / "ro").mkdir()
        script = f"mount --bind {tmp_path / 'ro'} {tmp_path / 'ro'} && mount -o remount,ro,bind {tmp_path / 'ro'} && "
        script += f"{sys.executable} -m tabletop demo --out {out}"
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                                env={**os.environ, **env})  # fmt: skip
    else:
        result = tabletop("demo", "--out", str(out), env=env)
    clear_failure(result, str(out))
    assert not (tmp_path / "t.db").exists()  # nothing was saved before the folder was found wanting


def test_a_debrief_below_a_file_says_so(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "note.txt"
    blocker.write_text("in the way")
    clear_failure(tabletop("debrief", "latest", "--db", str(db), "-o", str(blocker / "report.html")), "not a folder")


# -- terminal and text ------------------------------------------------------------------------------


def test_control_characters_in_a_scenario_are_refused_with_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bells.toml"
    bad.write_text(VALID.read_text().replace('title = "Tiny"', 'title = "Ti\\u001b[2Jn\\u0007y\\u0000"'))
    result = tabletop("validate", str(bad))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "\x00" not in result.stderr
    assert f"{bad}:3: title: " in result.stderr
    assert "control character" in result.stderr


def test_a_key_holding_a_newline_cannot_forge_a_line(tmp_path: Path) -> None:
    forged = tmp_path / "forged.toml"
    forged.write_text(VALID.read_text() + '\n"x\\nscenarios/first-call.toml:1: looks fine" = 1\n')
    result = tabletop("validate", str(forged))
    assert result.returncode == 1
    assert not any(line.startswith("scenarios/") for line in result.stderr.splitlines())
    assert "\\n" in result.stderr


@pytest.mark.parametrize("twin", ["red", "Red\u200b", "\uff32\uff45\uff44", "R\u0435d", " Red ", "Re\u200dd"])
def test_team_names_that_only_look_different_are_refused(twin: str, tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text("team,inject,option,rationale\nRed,ask,refuse,Trust\n")
    result = tabletop("new", str(VALID), "--team", "Red", "--team", twin, "--db", str(tmp_path / "t.db"))
    clear_failure(result, "already a team called")


def test_a_team_name_may_hold_a_comma(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text('team,inject,option,rationale\n"Red, the first",ask,refuse,Trust\n')
    result = tabletop("run", str(VALID), "--team", "Red, the first", "--team", "Blue", "--decisions", str(decisions),
                      "--db", str(tmp_path / "t.db"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    exported = tabletop("debrief", "latest", "--db", str(tmp_path / "t.db"), "--format", "json")
    assert [team["name"] for team in json.loads(exported.stdout)["teams"]] == ["Red, the first", "Blue"]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ("Red,ask,refuse,Trust\n,,,\nBlue,ask,comply,Speed\n", "d.csv:3: the row is empty"),
        ("Red,ask,refuse,Trust\n\nBlue,ask,comply,Speed\n", "d.csv:3: the row is empty"),
        ("Red,ask,refuse,Trust,,,1_000\n", "minute"),
    ],
    ids=["blank cells", "empty line", "underscored minute"],
)
def test_odd_rows_in_a_decisions_file_are_named_not_skipped(rows: str, words: str, tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    header = (
        "team,inject,option,rationale,confidence,dissent,minute\n"
        if "1_000" in rows
        else "team,inject,option,rationale\n"
    )
    decisions.write_text(header + rows)
    result = tabletop("run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions), "--db",
                      str(tmp_path / "t.db"))  # fmt: skip
    clear_failure(result, words)


# -- versions --------------------------------------------------------------------------------------


def test_a_database_from_a_newer_version_is_read_but_never_written(db: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tabletop', 'm999_later', 'x')"
    )
    conn.commit()
    conn.close()
    before = digest(db)
    decisions = tmp_path / "d.csv"
    decisions.write_text(DECISIONS)
    clear_failure(
        tabletop("run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions), "--db", str(db)),
        "newer version",
    )
    assert digest(db) == before
    listed = tabletop("sessions", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 1


# -- newcomers -------------------------------------------------------------------------------------


def test_a_binary_debrief_is_not_sent_to_a_terminal(db: Path) -> None:
    main, secondary = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "tabletop", "debrief", "latest", "--db", str(db), "--format",
                                 "pdf"], stdout=secondary, stderr=subprocess.PIPE, text=True, timeout=60)  # fmt: skip
    finally:
        os.close(secondary)
        os.close(main)
    assert result.returncode == 1
    assert "-o" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_format_follows_the_file_name(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = tabletop("debrief", "latest", "--db", str(db), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    piped = tabletop("debrief", "latest", "--db", str(db), "--format", "json", "-o", "-")
    assert json.loads(piped.stdout)["format"] == 1
    clear_failure(tabletop("debrief", "latest", "--db", str(db), "-o", str(tmp_path / "report.docx")), "format")


def test_show_lists_every_id_and_letter_a_decisions_file_needs() -> None:
    result = tabletop("show", str(VALID))
    assert result.returncode == 0, result.stderr
    for words in ("ask", "A  refuse", "B  comply", "leak", "only for teams that chose ask.comply", "talk"):
        assert words in result.stdout


def test_a_decisions_file_may_name_options_by_their_letters(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text("team,inject,option,rationale\nRed,ask,A,Trust\nBlue,ask,B,Speed\n")
    db = tmp_path / "t.db"
    assert (
        tabletop("run", str(VALID), "--teams", "Red,Blue", "--decisions", str(decisions), "--db", str(db)).returncode
        == 0
    )
    teams = json.loads(tabletop("debrief", "latest", "--db", str(db), "--format", "json").stdout)["teams"]
    assert [team["decisions"][0]["option"] for team in teams] == ["refuse", "comply"]


def test_a_session_prepared_ahead_is_listed_unstarted(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    made = tabletop("new", "lawful-access", "--teams", "Red,Blue,Green", "--name", "Ministry drill",
                    "--facilitator", "Ana", "--db", str(db))  # fmt: skip
    assert made.returncode == 0, made.stderr
    session = made.stdout.strip().splitlines()[-1]
    listed = tabletop("sessions", "--db", str(db)).stdout.split("\t")
    assert listed[:3] == [session, "Ministry drill", "lawful-access"]
    assert listed[4] == ""
    assert listed[5].strip() == "0"


def test_the_readme_says_where_things_are() -> None:
    import platformdirs

    readme = (ROOT / "README.md").read_text()
    home = str(Path.home())
    data = str(platformdirs.user_data_path("tabletop", appauthor=False)).replace(home, "~")
    config = str(platformdirs.user_config_path("tabletop", appauthor=False)).replace(home, "~")
    for path in (f"{data}/tabletop.db", f"{data}/scenarios", f"{config}/tabletop.ini"):
        assert path in readme, path
    assert ".venv/bin/python tests/bench/run.py" in readme
    assert "docs/scenario-format.md" in readme


def test_demo_folders_are_kept_out_of_git(tmp_path: Path) -> None:
    ignored = subprocess.run(["git", "check-ignore", "tabletop-demo", "tabletop-demo-2"], cwd=ROOT,
                             capture_output=True, text=True)  # fmt: skip
    assert ignored.stdout.split() == ["tabletop-demo", "tabletop-demo-2"]
