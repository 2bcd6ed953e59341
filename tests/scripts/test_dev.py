"""scripts/dev, the README's set-up command, on the ways a fresh machine trips it (run in a copy of the script
over a stand-in project, so the real .venv is never touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

STAND_IN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "heartline-stand-in"
version = "0"
[project.optional-dependencies]
test = []
serve = []
voice = []
redis = []
postgres = []
dynamodb = []
[project.scripts]
heartline = "stand_in:main"

[tool.setuptools]
py-modules = ["stand_in"]
"""


def _project(tmp_path: Path, python3: str) -> tuple[Path, dict[str, str]]:
    """A stand-in project holding a copy of scripts/dev, and a PATH whose dpkg says every package is installed
    and whose python3 is the one given."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "dev", project / "scripts" / "dev")
    (project / "pyproject.toml").write_text(STAND_IN_PYPROJECT)
    (project / "stand_in.py").write_text("import sys\n\ndef main():\n    print('heartline', *sys.argv[1:])\n")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "dpkg").write_text("#!/bin/sh\nexit 0\n")
    (stubs / "python3").write_text(python3)
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    return project, env


def test_an_old_python_is_named_before_anything_is_installed(tmp_path: Path) -> None:
    project, env = _project(tmp_path, "#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.10.12'\nexit 1\n")
    done = subprocess.run(
        ["bash", "scripts/dev", "run"], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Heartline needs Python 3.11 or newer; python3 here is Python 3.10.12" in done.stderr
    assert not (project / ".venv").exists()


@pytest.mark.slow
def test_a_venv_left_without_pip_is_made_again(tmp_path: Path) -> None:
    """What `python3 -m venv` leaves on Debian or Ubuntu without python3-venv: a python, no pip. Every later
    run died on ".venv/bin/pip: No such file", even after python3-venv was installed."""
    base = getattr(sys, "_base_executable", sys.executable)
    project, env = _project(tmp_path, f'#!/bin/sh\nexec "{base}" "$@"\n')
    subprocess.run([base, "-m", "venv", "--without-pip", str(project / ".venv")], check=True, timeout=120)
    assert not (project / ".venv" / "bin" / "pip").exists()
    done = subprocess.run(
        ["bash", "scripts/dev", "run", "--profile", "kitchen"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "heartline chat --profile kitchen"
