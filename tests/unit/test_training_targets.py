"""Training targets and recipe validation: pure functions, no torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hydra_router.training.config import load_config
from hydra_router.training.labelled import LabelledRow, margin_targets, request_key
from hydra_router.training.metrics import roc_auc


def test_margin_opens_a_gap_at_the_cut_and_keeps_the_order() -> None:
    levels = np.array([[0.0, 0.2, 0.45, 0.49, 0.5, 0.55, 0.8, 1.0]], dtype=np.float32)
    out = margin_targets(levels, 0.4)[0]
    assert out.tolist() == pytest.approx([0.0, 0.12, 0.27, 0.294, 0.7, 0.73, 0.88, 1.0])
    assert np.all(np.diff(out) > 0)
    assert out[levels[0] < 0.5].max() < 0.3 and out[levels[0] >= 0.5].min() >= 0.7


Targets = tuple[float, float, float, float]


def _row(text: str, lang: str, group: str, targets: Targets) -> LabelledRow:
    return LabelledRow(text, lang, "humaneval_xl", group, "train", targets)


def test_translations_share_a_request_key_and_other_phrasings_of_the_item_do_not() -> None:
    write = (0.2, 0.6, 0.0, 0.0)
    explain = (0.35, 0.1, 0.0, 0.0)
    en = _row("Fill in the body: def f(x): ...", "en", "problem-7", write)
    de = _row('def f(x):\n    """Gib x zurück"""', "de", "problem-7", write)
    en_explain = _row("What should this do? def f(x): ...", "en", "problem-7", explain)
    other = _row("Fill in the body: def g(y): ...", "en", "problem-8", write)
    assert request_key(en) == request_key(de)
    assert request_key(en) != request_key(en_explain)
    assert request_key(en) != request_key(other)
    # the bare stub has the labels of "complete it" but is its own form
    stub = LabelledRow(
        'def f(x):\n    """Return x"""', "en", "humaneval_xl", "problem-7", "train", write, "stub"
    )
    assert request_key(stub) != request_key(en)


def test_margin_changes_no_ranking_metric() -> None:
    rng = np.random.default_rng(0)
    levels = rng.uniform(0, 1, 200).astype(np.float32)
    scores = levels + rng.normal(0, 0.2, 200)
    assert roc_auc(margin_targets(levels, 0.4), levels >= 0.5) == roc_auc(levels, levels >= 0.5)
    assert roc_auc(scores, margin_targets(levels, 0.4) >= 0.5) == roc_auc(scores, levels >= 0.5)


def test_zero_margin_is_the_identity_and_bad_margins_are_refused() -> None:
    levels = np.array([0.1, 0.5, 0.9], dtype=np.float32)
    assert margin_targets(levels, 0.0).tolist() == pytest.approx(levels.tolist())
    with pytest.raises(ValueError, match="decision_margin"):
        margin_targets(levels, 1.0)


def test_recipe_rejects_a_margin_outside_zero_to_one(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("heads:\n  decision_margin: 1.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="decision_margin"):
        load_config(path)
    path.write_text("heads:\n  decision_margin: 0.4\n", encoding="utf-8")
    assert load_config(path).heads.decision_margin == 0.4
