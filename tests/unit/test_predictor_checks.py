"""Checks of the predictor beyond its labels, and stage 1's multilingual corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from hydra_router.eval.predictor_checks import (
    fit_logistic,
    no_need_share,
    pass_auc,
    predict_logistic,
    tool_use_auc,
)
from hydra_router.training.corpus import multilingual_corpus
from hydra_router.training.dataset.sources import iter_jsonl


def test_logistic_fit_recovers_a_known_model() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    p = 1 / (1 + np.exp(-(0.5 + 2.0 * x[:, 0] - 1.0 * x[:, 1])))
    y = rng.random(4000) < p
    w = fit_logistic(x, y, l2=0.0)
    assert w == pytest.approx([0.5, 2.0, -1.0], abs=0.15)
    assert predict_logistic(w, np.array([[0.0, 0.0]]))[0] == pytest.approx(0.62, abs=0.04)


def test_pass_auc_is_high_when_scores_tell_failures_and_half_when_they_do_not() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((600, 4))
    informative = x[:, 0] < 0.5  # passes exactly when the first score is low
    noise = rng.random(600) < 0.5
    assert pass_auc(x, informative.astype(float)) > 0.95
    assert abs(pass_auc(x, noise.astype(float)) - 0.5) < 0.08
    assert pass_auc(x, np.ones(600)) is None  # one class only: undefined


def test_tool_use_auc_and_no_need_share() -> None:
    assert tool_use_auc(np.array([0.9, 0.8]), np.array([0.1, 0.85])) == pytest.approx(0.75)
    scores = np.array([[0.1, 0.2, 0.3, 0.4], [0.1, 0.6, 0.0, 0.0]])
    assert no_need_share(scores) == 0.5
    with pytest.raises(ValueError):
        no_need_share(np.zeros((0, 4)))


def _udhr(path: Path, rows: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def test_multilingual_corpus_caps_each_language_skips_headings_and_held_out(
    tmp_path: Path,
) -> None:
    long = "All human beings are born free and equal in dignity and rights."
    rows = [{"id": f"udhr:eng:{i}", "lang": "eng", "text": long + str(i)} for i in range(5)]
    rows += [{"id": "udhr:eng:h", "lang": "eng", "text": "Article 1"}]
    rows += [
        {"id": "udhr:amh:0", "lang": "amh", "text": "ሰው ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው። " * 2}
    ]
    path = _udhr(tmp_path / "udhr.jsonl.gz", rows)
    assert [r["lang"] for r in iter_jsonl(path, ())][:1] == ["eng"]
    got = multilingual_corpus(path, per_language=3, held_out=("amh",))
    assert [r.group for r in got] == ["udhr:eng:0", "udhr:eng:1", "udhr:eng:2"]
    assert {r.source for r in got} == {"udhr"}
    assert [r.lang for r in multilingual_corpus(path, 3, held_out=())][-1] == "amh"
    assert multilingual_corpus(path, 0) == []
    with pytest.raises(FileNotFoundError, match="data.multilingual"):
        multilingual_corpus(tmp_path / "missing.jsonl.gz", 3)
