"""What the predictor's scores tell beyond its own labels: pure numpy checks.

- `pass_auc`: per model of an outcome file, how well the four scores tell the
  items the model passes from those it fails, on held-out folds (a logistic
  regression fitted on the other folds). 0.5 = the scores carry nothing about
  that model's failures; a router cannot save at equal quality without it.
- `tool_use_auc`: the tool-use head on bare tool requests (the user's words,
  no tool list) against math word problems.
- `no_need_share`: the share of texts on which no head fires (scores < 0.5),
  for prose that needs none of the four (e.g. the UDHR in scripts stage 1
  never saw: a head that fires there reads the script, not the request).
"""

from __future__ import annotations

import numpy as np

from hydra_router.eval.calibrate import newton_logistic
from hydra_router.training.metrics import roc_auc

CUT = 0.5


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> np.ndarray:
    """Weights [bias, w…] of an L2-regularised logistic regression (calibrate's Newton fit)."""
    design = np.hstack([np.ones((len(x), 1)), np.asarray(x, dtype=np.float64)])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    y = np.asarray(y, dtype=np.float64)
    theta, _ = newton_logistic(design, y, np.ones(len(y)), penalty, steps)
    return theta


def predict_logistic(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(y = 1) under weights from `fit_logistic`."""
    return 1.0 / (1.0 + np.exp(-(w[0] + np.asarray(x, dtype=np.float64) @ w[1:])))


def pass_auc(x: np.ndarray, passed: np.ndarray, folds: int = 5, seed: int = 0) -> float | None:
    """Out-of-fold ROC-AUC of "passes" predicted from the scores; None if one class is absent.

    Outcomes in (0, 1) (judge scores) count as passed at ≥ 0.5.
    """
    y = np.asarray(passed, dtype=np.float64) >= 0.5
    if y.all() or not y.any():
        return None
    order = np.random.default_rng(seed).permutation(len(y))
    predicted = np.empty(len(y))
    for k in range(folds):
        held = order[k::folds]
        fit = np.setdiff1d(order, held)
        if y[fit].all() or not y[fit].any():
            predicted[held] = y[fit].mean()
            continue
        predicted[held] = predict_logistic(fit_logistic(x[fit], y[fit]), x[held])
    return roc_auc(predicted, y)


def tool_use_auc(tool_scores: np.ndarray, math_scores: np.ndarray) -> float | None:
    """ROC-AUC of the tool-use score: tool requests positive, math problems negative."""
    scores = np.concatenate([tool_scores, math_scores])
    positive = np.concatenate([np.ones(len(tool_scores)), np.zeros(len(math_scores))])
    return roc_auc(scores, positive)


def no_need_share(scores: np.ndarray, cut: float = CUT) -> float:
    """Share of rows where every head stays below `cut`."""
    scores = np.asarray(scores)
    if len(scores) == 0:
        raise ValueError("no rows to measure")
    return float((scores < cut).all(axis=1).mean())
