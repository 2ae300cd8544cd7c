"""`hydra-router bench` runs on the run-time dependencies alone (pygls' client, no tqdm)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

#: Run the command with tqdm made unimportable, as in an install without the dev extras.
WITHOUT_TQDM = "import sys; sys.modules['tqdm'] = None; from hydra_router.cli import main; "


def test_the_product_carries_no_hand_written_jsonrpc_client() -> None:
    assert importlib.util.find_spec("hydra_router.jsonrpc") is None


def test_bench_measures_without_tqdm(tiny_model_dir: Path) -> None:
    argv = ["bench", "--model", str(tiny_model_dir), "--requests", "20", "--reloads", "1"]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_TQDM + f"sys.exit(main({[*argv, '--json']!r}))"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["requests"] == 20 and figures["routesPerS"] > 0
    assert 0 < figures["routeP50Ms"] <= figures["routeP99Ms"]
    assert figures["reloadMedianMs"] is not None and figures["readyS"] > 0
