"""Sessions the report tests render: a rich demonstration, and one full of hostile text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tabletop.core.exercise import Exercise
from tabletop.core.library import read_file, resolve

DATA = Path(__file__).parent / "data"
PAYLOADS = (
    "<script>document.title='PW'+'NED20'</script>",
    "<img src=x onerror=\"document.title='PW'+'NED21'\">",
    "[x](javascript:document.title='PW'+'NED22')",
    '=HYPERLINK("http://evil.example")',
    "</style><style>body{background:url(http://evil.example/css.png)}</style>",
    '<link rel=stylesheet href=http://evil.example/x.css><meta http-equiv=refresh content="0;url=http://evil.example/">',
    "<base href=http://evil.example/><form action=http://evil.example/><button>go</button></form>",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![pixel](http://evil.example/p.png)",
)
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic")  # fmt: skip


def demo_exercise() -> Exercise:
    from tabletop.demo import play_demo

    return play_demo(resolve("lawful-access"), "demo-test", lambda _: None)


def hostile_exercise() -> Exercise:
    source = read_file(DATA / "hostile.toml")
    exercise = Exercise.create(source.scenario, session_id="hostile", name=PAYLOADS[0], facilitator=PAYLOADS[1][:40],
                               teams=[PAYLOADS[1][:40], "Blue", "=1+1"])  # fmt: skip
    red, blue, formula = (team.name for team in exercise.teams)
    exercise.deliver("ask")
    exercise.open_voting()
    exercise.decide(red, "ask", "refuse", rationale=PAYLOADS[0], dissent=PAYLOADS[1], confidence=3)
    exercise.decide(blue, "ask", "comply", rationale=PAYLOADS[2], dissent=PAYLOADS[3])
    exercise.decide(formula, "ask", "comply", rationale="-2+3")
    exercise.add_note(" ".join(PAYLOADS))
    exercise.add_note(PAYLOADS[7])
    exercise.add_note(PAYLOADS[4] + PAYLOADS[5] + PAYLOADS[6])
    exercise.lock_voting()
    exercise.reveal()
    exercise.deliver("talk")
    exercise.decide(red, "talk", rationale=PAYLOADS[0])
    exercise.classify(red, "talk", {"MS-2": (1, PAYLOADS[1])})
    plan = [{"action": PAYLOADS[1], "owner": PAYLOADS[3], "due": "@now"},
            {"action": PAYLOADS[4], "owner": PAYLOADS[6], "due": "+1"}]  # fmt: skip
    exercise.update_hotwash(PAYLOADS[0] + PAYLOADS[7], PAYLOADS[2] + PAYLOADS[5], plan)
    exercise.end()
    return exercise


def chromium() -> str:
    """The Chromium binary; the browser tests need it (CI installs Debian's chromium)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert found, "Chromium is needed for the browser tests: apt-get install chromium"
    return found


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after it loaded and any script had its chance to run."""
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
               "--dump-dom", page.as_uri()]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
