"""`pip install .` (not editable) into a fresh venv gives a working `hydra-router route`:
the wheel carries the shipped model and the default catalog.

Offline and quick: the fresh venv gets no dependencies from an index; it sees the
current environment's packages (pip, setuptools, the run-time dependencies)
through a .pth line, which, unlike a site folder, does not activate that
environment's editable install of hydra-router.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

#: What a build needs from the checkout (copied, so the build leaves nothing behind in it).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "sidecar", "profiles")
MODEL = "models/hydra-modernbert-small"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def test_pip_install_into_a_fresh_venv_routes(repo_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        if (repo_root / name).is_dir():
            shutil.copytree(repo_root / name, source / name, ignore=skip)
        else:
            shutil.copy2(repo_root / name, source / name)
    shutil.copytree(repo_root / MODEL, source / MODEL, ignore=shutil.ignore_patterns("*.png"))

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
    ).stdout.strip()
    Path(purelib, "current-env-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--no-build-isolation",
         "--disable-pip-version-check", "--quiet", str(source)], tmp_path)  # fmt: skip
    shutil.rmtree(source)  # the installed package must not lean on the sources

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = run([str(python), "-c", "import hydra_router.shipped as s; print(s.PACKAGE)"], work)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    routed = run([str(venv / "bin" / "hydra-router"), "route", "why does this loop hang?",
                  "--json"], work)  # fmt: skip
    result = json.loads(routed.stdout)
    assert result["model"] and len(result["candidates"]) == 5
    checked = run([str(venv / "bin" / "hydra-router"), "check", "--help"], work)
    assert "profiles.yaml" in checked.stdout
