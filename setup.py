"""Build step: the wheel carries the shipped model and the default catalog.

The configuration is in pyproject.toml; this file only adds the copy. In a
checkout the model and catalog live in `models/` and `profiles/`, beside the
package; a wheel puts copies under `hydra_router/assets/` with the same
relative paths, where `hydra_router.shipped` finds them once installed.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
MODEL = "models/hydra-modernbert-small"
#: Checkout paths copied into the wheel (MANIFEST.in lists the same for an sdist).
ASSETS = (
    "profiles/profiles.yaml",
    "profiles/profiles.schema.json",
    f"{MODEL}/model.onnx",
    f"{MODEL}/tokenizer.json",
    f"{MODEL}/manifest.json",
    f"{MODEL}/MODEL_CARD.md",
)


class BuildWithAssets(build_py):
    """build_py, plus the shipped model and catalog as package data."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        target = Path(self.build_lib) / "hydra_router" / "assets"
        for relative in ASSETS:
            source = ROOT / relative
            if not source.is_file():
                raise SystemExit(f"cannot build hydra-router: {source} is missing")
            self.mkpath(str((target / relative).parent))
            self.copy_file(str(source), str(target / relative))


setup(cmdclass={"build_py": BuildWithAssets})
