"""The eval score cache must never serve one model's scores to another."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from hydra_router.eval.scores import PredictorScorer, score_texts


def scorer_for(folder: Path, payload: bytes, value: float) -> PredictorScorer:
    """A PredictorScorer over a fake predictor whose model file holds payload."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.onnx").write_bytes(payload)
    manifest = SimpleNamespace(name="m", version="0.1.0", onnx_file="model.onnx")
    predictor = SimpleNamespace(
        manifest=manifest, score=lambda texts: np.full((len(texts), 4), value, dtype=np.float32)
    )
    return PredictorScorer(predictor=predictor, model_dir=folder)


def test_same_size_model_files_with_other_bytes_get_other_fingerprints(tmp_path: Path) -> None:
    a = scorer_for(tmp_path / "a", b"x" * 64, 0.1)
    b = scorer_for(tmp_path / "b", b"y" * 64, 0.9)
    assert a.fingerprint != b.fingerprint


def test_swapped_model_is_scored_afresh_not_served_from_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    old = scorer_for(tmp_path / "model", b"old-weights", 0.1)
    assert score_texts(old, ["a prompt"], cache, progress=False)[0, 0] == np.float32(0.1)
    # Same folder, same file size, new bytes: a retrained model dropped in place.
    new = scorer_for(tmp_path / "model", b"new-weights", 0.9)
    assert score_texts(new, ["a prompt"], cache, progress=False)[0, 0] == np.float32(0.9)
