"""Shared fixtures: the bundled catalog and a tiny predictor built at test time."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # lets tests import `fixtures.*` under any import mode
    sys.path.insert(0, str(TESTS))

from fixtures.tiny_model import build_tiny_model  # noqa: E402

REPO = TESTS.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def bundled_profiles() -> Path:
    from hydra_router.profiles import bundled_profiles_path

    return bundled_profiles_path()


@pytest.fixture
def profiles_copy(tmp_path: Path, bundled_profiles: Path) -> Path:
    """A writable copy of the bundled catalog in its own folder (tests may edit or break it)."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    target = folder / "profiles.yaml"
    shutil.copyfile(bundled_profiles, target)
    return target


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A torch-free ONNX predictor whose heads follow trigger words (see fixtures/tiny_model)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))
