"""The predictor on a torch-free fixture model: loading, scoring, truncation, batching, errors."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from hydra_router.predictor import Predictor, ScoringWorker, default_model_dir, head_tail


@pytest.fixture(scope="module")
def predictor(tiny_model_dir: Path) -> Predictor:
    return Predictor.load(tiny_model_dir)


def test_scores_follow_the_heads(predictor: Predictor) -> None:
    scores = predictor.score(["hello", "prove this theorem", "fix the bug", "call the api tool"])
    assert scores.shape == (4, 4) and scores.dtype == np.float32
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[1].argmax() == 0 and scores[2].argmax() == 2 and scores[3].argmax() == 3
    assert np.allclose(scores[0], scores[0][0])  # plain text: every head at its bias


def test_batch_equals_one_by_one(predictor: Predictor) -> None:
    texts = ["hello", "write a function " * 5, "why " * 200]
    together = predictor.score(texts)
    apart = np.vstack([predictor.score([t]) for t in texts])
    assert np.allclose(together, apart, atol=1e-6)


def test_empty_batch(predictor: Predictor) -> None:
    assert predictor.score([]).shape == (0, 4)


def test_head_tail_keeps_both_ends() -> None:
    assert head_tail(list(range(10)), 4) == [0, 1, 8, 9]
    assert head_tail(list(range(10)), 5) == [0, 1, 2, 8, 9]
    assert head_tail([1, 2], 4) == [1, 2]


def test_long_prompt_is_truncated_not_rejected(predictor: Predictor) -> None:
    ids, mask = predictor.encode(["hello " * 10_000 + "fix the bug"])
    assert ids.shape == (1, predictor.manifest.max_length) and mask.all()
    # The tail survives truncation: the debugging words at the end still count.
    score = predictor.score(["hello " * 10_000 + "fix bug error traceback " * 5])[0]
    assert score[2] > score[0]


def test_special_tokens_wrap_the_text(predictor: Predictor) -> None:
    ids, _ = predictor.encode(["hello"])
    from fixtures.tiny_model import vocabulary

    vocab = vocabulary()
    assert [vocab[i] for i in ids[0]] == ["[CLS]", "hello", "[SEP]"]


def test_bands_in_head_order(predictor: Predictor) -> None:
    assert predictor.bands == ((0.05, 0.95),) * 4


def test_scoring_worker_serves_concurrent_callers_as_lone_requests(predictor: Predictor) -> None:
    scorer = ScoringWorker(predictor)
    texts = [f"fix bug {i}" if i % 2 else f"hello {i}" for i in range(64)]
    try:
        with ThreadPoolExecutor(8) as pool:
            futures = list(pool.map(scorer.submit, texts))
        results = np.vstack([f.result(timeout=10) for f in futures])
    finally:
        scorer.close()
    # Each request is scored on its own: the same scores as a lone request, exactly.
    assert np.array_equal(results, np.vstack([predictor.score([t]) for t in texts]))


def copy_model(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_missing_folder_names_it(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="model folder not found"):
        Predictor.load(tmp_path / "nope")


@pytest.mark.parametrize("name", ["model.onnx", "tokenizer.json", "manifest.json"])
def test_missing_file_names_the_file(tiny_model_dir: Path, tmp_path: Path, name: str) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / name).unlink()
    with pytest.raises(ValueError, match=name.replace(".", r"\.")):
        Predictor.load(folder)


def test_corrupt_onnx_says_how_to_fix(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(ValueError, match=r"model\.onnx.*hydra-router export"):
        Predictor.load(folder)


def test_manifest_with_wrong_heads_is_rejected(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["heads"] = ["a", "b", "c", "d"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ValueError, match="manifest.json"):
        Predictor.load(folder)


def test_default_model_dir_is_the_shipped_folder(repo_root: Path) -> None:
    assert default_model_dir() == repo_root / "models" / "hydra-modernbert-small"
