"""The eval score cache must never serve one model's scores to another."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.eval.scores import PredictorScorer, score_texts, scores_for_items
from hydra_router.manifest import load_manifest
from hydra_router.protocol import DIMENSIONS


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


def logged_item(item_id: str, scores: tuple[float, ...] | None, prompt: str = "") -> OutcomeItem:
    return OutcomeItem(id=item_id, prompt=prompt, outcomes={"m": 1.0}, scores=scores)


def test_logged_raw_scores_are_used_without_running_the_predictor(
    tiny_model_dir: Path, monkeypatch
) -> None:
    def never(*_args, **_kwargs):
        raise AssertionError("the predictor must not run when every item has its scores")

    monkeypatch.setattr(PredictorScorer, "load", never)
    items = [logged_item("a", (0.1, 0.2, 0.3, 0.4)), logged_item("b", (0.9, 0.8, 0.7, 0.6))]
    scores = scores_for_items(items, tiny_model_dir, progress=False)
    assert scores.raw.tolist() == [[0.1, 0.2, 0.3, 0.4], [0.9, 0.8, 0.7, 0.6]]
    manifest = load_manifest(tiny_model_dir)
    assert scores.bands == {h: (manifest.bands[h].lo, manifest.bands[h].hi) for h in DIMENSIONS}
    assert "raw scores logged with the items" in scores.source


def test_mixed_items_score_only_the_prompts_without_logged_scores(
    tmp_path: Path, monkeypatch
) -> None:
    fake = scorer_for(tmp_path / "model", b"weights", 0.5)
    fake.predictor.manifest = load_manifest_like_bands()
    seen: list[list[str]] = []

    def score(texts):
        seen.append(list(texts))
        return np.full((len(texts), 4), 0.5, dtype=np.float32)

    fake.predictor.score = score
    monkeypatch.setattr(PredictorScorer, "load", classmethod(lambda cls, _folder=None: fake))
    items = [
        logged_item("a", (0.1, 0.2, 0.3, 0.4)),
        logged_item("b", None, prompt="score me"),
        logged_item("c", (0.9, 0.8, 0.7, 0.6), prompt="logged, not scored"),
    ]
    scores = scores_for_items(items, None, cache_dir=None, progress=False)
    assert seen == [["score me"]]
    assert scores.raw.tolist() == [[0.1, 0.2, 0.3, 0.4], [0.5] * 4, [0.9, 0.8, 0.7, 0.6]]
    assert "2 of 3 items with their logged raw scores" in scores.source


def load_manifest_like_bands() -> SimpleNamespace:
    bands = {h: SimpleNamespace(lo=0.1, hi=0.9) for h in DIMENSIONS}
    return SimpleNamespace(name="m", version="0.1.0", onnx_file="model.onnx", bands=bands)
