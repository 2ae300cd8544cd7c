"""Fit each model's capability vector from outcome logs and requirement scores.

Capability c_{m,k} is the requirement level (normalised into the predictor's
band, as the matcher sees it) up to which model m still passes with
probability ≥ p* (the pass target, 0.8 by default). Per model and dimension:

    P(pass | r_k) = σ(a + b·r_k)          weighted logistic fit
    c_{m,k}       = (logit(p*) − a) / b   where that curve crosses p*

Each item's weight for dimension k is its sharpened share of requirement mass,
r_k⁴ / Σ_j r_j⁴: a failure on an item that is mostly tool use says little about
reasoning. The plain share (power 1) let items dominated by another dimension
pull the fit far off on synthetic logs (capabilities of 0.3–0.8 came back as
0.0–0.3); power 4 recovered them within ±0.02.

Graded outcomes (e.g. judge scores / 10) enter as fractional targets. The fit
is ridge-regularised so separable data stay finite.

Each value comes with a confidence note: the effective sample size, the slope,
a delta-method standard error of the crossing, and why it was clipped to
[0, 1] if it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hydra_router.protocol import DIMENSIONS

DEFAULT_PASS_TARGET = 0.8
AUTO_TARGET_RANGE = (0.5, 0.95)
RIDGE = 1e-2
SHARPEN = 4.0
Confidence = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class CapabilityFit:
    """One model's capability on one dimension, with how much to trust it."""

    dimension: str
    capability: float
    confidence: Confidence
    note: str
    n_effective: float
    slope: float
    stderr: float | None


@dataclass(frozen=True)
class ModelCalibration:
    """All four capabilities of one model."""

    model: str
    fits: list[CapabilityFit]
    mean_score: float
    n_items: int

    def vector(self) -> tuple[float, ...]:
        return tuple(f.capability for f in self.fits)


def exercise_weights(requirements: np.ndarray, power: float = SHARPEN) -> np.ndarray:
    """How much each item exercises each dimension [n, 4]: r_k^p / Σ_j r_j^p."""
    r = np.clip(np.asarray(requirements, dtype=float), 0.0, None) ** power
    total = r.sum(axis=1, keepdims=True)
    uniform = np.full_like(r, 1.0 / r.shape[1])
    return np.where(total > 1e-9, r / np.maximum(total, 1e-9), uniform)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, ridge: float = RIDGE
) -> tuple[float, float, np.ndarray]:
    """Weighted logistic regression y ~ σ(a + b·x) by Newton's method.

    Returns (a, b, covariance of (a, b)). `y` may be fractional in [0, 1].
    """
    design = np.column_stack([np.ones_like(x), x])
    theta = np.zeros(2)
    penalty = np.diag([0.0, ridge])
    hessian = np.eye(2)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        grad = design.T @ (w * (y - p)) - penalty @ theta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), grad)
        theta = theta + step
        if np.max(np.abs(step)) < 1e-8:
            break
    cov = np.linalg.pinv(hessian)
    return float(theta[0]), float(theta[1]), cov


def fit_capability(
    dimension: str,
    requirement: np.ndarray,
    passed: np.ndarray,
    weight: np.ndarray,
    target: float = DEFAULT_PASS_TARGET,
) -> CapabilityFit:
    """The requirement level where the weighted pass curve crosses `target`."""
    w = np.asarray(weight, dtype=float)
    total = float(w.sum())
    n_eff = total**2 / float((w**2).sum()) if total > 0 else 0.0
    if n_eff < 5:
        return CapabilityFit(
            dimension,
            0.5,
            "low",
            f"n_eff={n_eff:.1f}: too few items exercise it; neutral 0.5",
            n_eff,
            0.0,
            None,
        )
    x, y = np.asarray(requirement, dtype=float), np.asarray(passed, dtype=float)
    a, b, cov = fit_logistic(x, y, w)
    logit = math.log(target / (1.0 - target))
    rate = float((w * y).sum() / total)
    if b >= -1e-6:
        # No decline with requirement: the model is as good on hard items as on easy ones.
        value = 1.0 if 1.0 / (1.0 + math.exp(-(a + b))) >= target else 0.0
        note = (
            f"n_eff={n_eff:.0f}, weighted pass rate {rate:.2f}, no decline with requirement "
            f"(slope {b:+.2f}); set to {value:.0f} by whether it passes at p*={target}"
        )
        return CapabilityFit(dimension, value, "low", note, n_eff, b, None)
    crossing = (logit - a) / b
    grad = np.array([-1.0 / b, -crossing / b])
    stderr = float(math.sqrt(max(grad @ cov @ grad, 0.0)))
    value = min(max(crossing, 0.0), 1.0)
    clipped = ""
    if crossing < 0:
        clipped = "; below p* even on the easiest items, clipped to 0"
    elif crossing > 1:
        clipped = "; above p* even on the hardest items, clipped to 1"
    if clipped or n_eff < 30 or stderr > 0.15:
        confidence: Confidence = "low"
    elif n_eff < 200 or stderr > 0.05:
        confidence = "medium"
    else:
        confidence = "high"
    spread = f"±{stderr:.2f}" if stderr <= 1 else "±>1"
    note = f"n_eff={n_eff:.0f}, slope {b:+.2f}, {spread} (1 s.e.){clipped}"
    return CapabilityFit(dimension, round(value, 4), confidence, note, n_eff, b, stderr)


def auto_pass_target(outcomes: np.ndarray) -> float:
    """p* = the best model's mean score, clipped to [0.5, 0.95].

    With a fixed p* (say 0.8) every model whose pass rate stays above it on
    the hardest items gets capability 1, so a cheap good model and the best
    model tie and the matcher can never prefer the better one. Setting p* at
    the best model's level keeps the strong models apart.
    """
    best = float(np.asarray(outcomes, dtype=float).mean(axis=0).max())
    lo, hi = AUTO_TARGET_RANGE
    return round(min(max(best, lo), hi), 3)


def calibrate_models(
    requirements: np.ndarray,
    outcomes: np.ndarray,
    models: Sequence[str],
    target: float = DEFAULT_PASS_TARGET,
) -> list[ModelCalibration]:
    """Capabilities for every model from normalised requirements [n, 4] and outcomes [n, m]."""
    r = np.asarray(requirements, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if r.ndim != 2 or r.shape[1] != len(DIMENSIONS) or y.shape != (r.shape[0], len(models)):
        raise ValueError(
            f"shapes do not match: requirements {r.shape}, outcomes {y.shape}, {len(models)} models"
        )
    if not 0.0 < target < 1.0:
        raise ValueError(f"pass target {target} must lie strictly between 0 and 1")
    weights = exercise_weights(r)
    result: list[ModelCalibration] = []
    for j, model in enumerate(models):
        fits = [
            fit_capability(dim, r[:, k], y[:, j], weights[:, k], target)
            for k, dim in enumerate(DIMENSIONS)
        ]
        result.append(
            ModelCalibration(
                model=model, fits=fits, mean_score=float(y[:, j].mean()), n_items=int(r.shape[0])
            )
        )
    return result
