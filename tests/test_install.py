"""A non-editable install, run from another directory, finds its resources and scenarios."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).parent.parent
# The installed copy must not see the source tree (nor pip take it as already installed).
ISOLATED = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def test_wheel_install_lists_library_outside_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True, timeout=300
    )
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    wheel = next(wheels.glob("tabletop-*.whl"))
    # The core is standard-library only, so listing the library needs no dependencies.
    subprocess.run(
        [env_dir / "bin" / "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300, env=ISOLATED
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [env_dir / "bin" / "tabletop", "scenarios"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env=ISOLATED,
    )
    assert result.returncode == 0, result.stderr
    assert "first-call" in result.stdout
    for package in (ROOT / "tabletop").rglob("__init__.py"):
        dotted = ".".join(package.parent.relative_to(ROOT).parts)
        code = f"import importlib.util as u; print(u.find_spec({dotted!r}) is not None)"
        found = subprocess.run([env_dir / "bin" / "python", "-c", code], cwd=elsewhere, capture_output=True,
                               text=True, timeout=60, env=ISOLATED)  # fmt: skip
        assert found.stdout.strip() == "True", f"{dotted} is missing from the wheel"
    check = subprocess.run(
        [
            env_dir / "bin" / "python",
            "-c",
            "import importlib.resources as r; f = r.files('tabletop.resources'); print(all(f.joinpath(*p.split('/'))"
            ".is_file() for p in ('frameworks/un-gge-2015.toml', 'templates/debrief/report.html.j2', "
            "'templates/debrief/md/_appendix.md.j2', 'templates/charts/heatmap.svg.j2', 'styles/debrief.css', "
            "'templates/room/page.html.j2', 'static/room/room.js', 'static/room/room.css')))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env=ISOLATED,
    )
    assert check.stdout.strip() == "True"
