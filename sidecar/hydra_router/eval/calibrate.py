"""Fit each model's capability vector from outcome logs and requirement scores.

Capability c_{m,k} says up to which requirement level (normalised into the
predictor's band, as the matcher sees it) model m still passes. Per model and
dimension:

    P(pass | r) = σ(a + b·r)                                weighted logistic fit
    c_{m,k}     = ∫_0^1 clip((P(r) − f) / (1 − f), 0, 1) dr   f = pass floor, 0.5

The integral is the requirement level up to which P(pass) stays above p,
averaged over every threshold p between the floor f and 1. For a sharp pass
curve it is where the curve drops; for a shallow one it grows with the pass
rate. A single threshold p* (say 0.8) was tried first: every model below p*
on the easiest items was clipped to 0 and every model above it on the hardest
to 1 (on BFCL with an early predictor: tool_use 0 for eight models, 1 for
six), and among tied models the matcher can only pick the cheapest. The
average keeps the models ordered and stays in [0, 1].

Each item's weight for dimension k is its sharpened share of requirement mass,
r_k⁸ / Σ_j r_j⁸: a failure on an item that is mostly tool use says little about
reasoning. On synthetic logs (tests/unit/test_eval_calibrate.py) the plain share
(power 1) let items dominated by another dimension pull the fits far off;
power 4 still flattened the fitted curves (errors up to −0.06), power 8 keeps
them within ±0.03.

Graded outcomes (e.g. judge scores / 10) enter as fractional targets. The fit
is ridge-regularised so separable data stay finite.

Each value comes with a confidence note: n_eff = Σ weights (items' worth of
exercise of the dimension), the slope, and ±1 s.e. of the capability from
200 draws of (a, b) from the fit's normal approximation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hydra_router.protocol import DIMENSIONS

DEFAULT_PASS_FLOOR = 0.5
GRID = np.linspace(0.0, 1.0, 201)
DRAWS = 200
RIDGE = 1e-2
SHARPEN = 8.0
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


def newton_logistic(
    design: np.ndarray, y: np.ndarray, w: np.ndarray, penalty: np.ndarray, steps: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted, ridge-penalised logistic regression y ~ σ(design·θ) by Newton's method.

    `penalty` is the ridge per coefficient (0 for an intercept column). Returns θ and
    the Hessian at θ (its inverse is θ's covariance). `y` may be fractional in [0, 1].
    """
    theta = np.zeros(design.shape[1])
    ridge = np.diag(penalty)
    hessian = np.eye(design.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        grad = design.T @ (w * (y - p)) - ridge @ theta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + ridge
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(theta)), grad)
        theta = theta + step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta, hessian


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, ridge: float = RIDGE
) -> tuple[float, float, np.ndarray]:
    """Weighted logistic regression y ~ σ(a + b·x) by Newton's method.

    Returns (a, b, covariance of (a, b)). `y` may be fractional in [0, 1].
    """
    design = np.column_stack([np.ones_like(x), x])
    theta, hessian = newton_logistic(design, y, w, np.array([0.0, ridge]))
    cov = np.linalg.pinv(hessian)
    return float(theta[0]), float(theta[1]), cov


def capability_of(a: np.ndarray, b: np.ndarray, floor: float) -> np.ndarray:
    """∫_0^1 clip((σ(a + b·r) − floor)/(1 − floor), 0, 1) dr for arrays of (a, b)."""
    logits = np.asarray(a)[..., None] + np.asarray(b)[..., None] * GRID
    p = 1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))
    height = np.clip((p - floor) / (1.0 - floor), 0.0, 1.0)
    step = GRID[1] - GRID[0]  # trapezoid rule on the even grid
    return (height[..., 1:] + height[..., :-1]).sum(axis=-1) * step / 2.0


def fit_capability(
    dimension: str,
    requirement: np.ndarray,
    passed: np.ndarray,
    weight: np.ndarray,
    floor: float = DEFAULT_PASS_FLOOR,
) -> CapabilityFit:
    """Capability on one dimension from weighted outcomes (see the module docstring)."""
    w = np.asarray(weight, dtype=float)
    # Items' worth of exercise: an item that is all about this dimension counts 1, one
    # that barely touches it almost 0 (a ratio like (Σw)²/Σw² would ignore the scale).
    n_eff = float(w.sum())
    if n_eff < 5:
        note = f"n_eff={n_eff:.1f}: too few items exercise it; neutral 0.5"
        return CapabilityFit(dimension, 0.5, "low", note, n_eff, 0.0, None)
    x, y = np.asarray(requirement, dtype=float), np.asarray(passed, dtype=float)
    a, b, cov = fit_logistic(x, y, w)
    value = float(capability_of(np.array(a), np.array(b), floor))
    # Fixed seed: the note must not change between runs on the same data.
    sym = (cov + cov.T) / 2.0
    draws = np.random.default_rng(0).multivariate_normal(
        [a, b], sym, size=DRAWS, check_valid="ignore", method="eigh"
    )
    stderr = float(np.std(capability_of(draws[:, 0], draws[:, 1], floor)))
    if n_eff < 30 or stderr > 0.15:
        confidence: Confidence = "low"
    elif n_eff < 200 or stderr > 0.05:
        confidence = "medium"
    else:
        confidence = "high"
    rate = float((w * y).sum() / n_eff)
    trend = "" if b < 0 else "; no decline with requirement: set by the pass rate alone"
    note = f"n_eff={n_eff:.0f}, pass rate {rate:.2f}, slope {b:+.2f}, ±{stderr:.2f}{trend}"
    return CapabilityFit(dimension, round(value, 4), confidence, note, n_eff, b, stderr)


def calibrate_models(
    requirements: np.ndarray,
    outcomes: np.ndarray,
    models: Sequence[str],
    floor: float = DEFAULT_PASS_FLOOR,
) -> list[ModelCalibration]:
    """Capabilities for every model from normalised requirements [n, 4] and outcomes [n, m]."""
    r = np.asarray(requirements, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if r.ndim != 2 or r.shape[1] != len(DIMENSIONS) or y.shape != (r.shape[0], len(models)):
        raise ValueError(
            f"shapes do not match: requirements {r.shape}, outcomes {y.shape}, {len(models)} models"
        )
    if not 0.0 <= floor < 1.0:
        raise ValueError(f"pass floor {floor} must lie in [0, 1)")
    weights = exercise_weights(r)
    result: list[ModelCalibration] = []
    for j, model in enumerate(models):
        fits = [
            fit_capability(dim, r[:, k], y[:, j], weights[:, k], floor)
            for k, dim in enumerate(DIMENSIONS)
        ]
        result.append(
            ModelCalibration(
                model=model, fits=fits, mean_score=float(y[:, j].mean()), n_items=int(r.shape[0])
            )
        )
    return result
