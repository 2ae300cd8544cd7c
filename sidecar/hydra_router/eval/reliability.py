"""Fit how often each model fails at a given shortfall, and predict it out of fold.

A shortfall of 0 does not mean a model passes. The catalog models the pass
probability of model m on a request with weighted shortfall s_m as

    q̂_m = σ(a_m − b · s_m)          reliability_m = σ(a_m), slope = b ≥ 0

fitted by maximum likelihood on the outcome log (graded outcomes enter as
fractional targets): a_m per model, b shared. With b fixed (a model added to
a fitted catalog) each a_m is a one-parameter fit of its own outcomes, so no
other model changes. A small ridge on a_m keeps a model that passed every
item finite.

Out-of-fold predictions (k folds by id hash, every fold fitted on the other
k − 1 from scratch: capabilities, a_m, b) give each calibration item a q̂ that
did not see its own outcome; regimes are chosen on those, so a regime's
quality is not read off the data it was fitted on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from hydra_router.eval.calibrate import ModelCalibration, calibrate_models
from hydra_router.eval.routers import shortfall_matrix
from hydra_router.matching import MatchModel

RIDGE = 1e-3
DEFAULT_FOLDS = 5


@dataclass(frozen=True)
class ReliabilityFit:
    """a_m per model and the shared slope b of q̂ = σ(a_m − b·s)."""

    intercepts: dict[str, float]
    slope: float
    slope_fixed: bool = False

    def reliability(self, model: str) -> float:
        """σ(a_m): the pass probability at zero shortfall."""
        return float(1.0 / (1.0 + np.exp(-self.intercepts[model])))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def fit_reliability(
    shortfalls: np.ndarray,
    outcomes: np.ndarray,
    models: Sequence[str],
    slope: float | None = None,
    ridge: float = RIDGE,
) -> ReliabilityFit:
    """Maximum-likelihood a_m (per model) and b (shared, ≥ 0) by Newton's method.

    `shortfalls` and `outcomes` are [n, m]; NaN outcomes are items a model was
    not run on. With `slope` given, b is held there and only the a_m are fitted.
    """
    s = np.asarray(shortfalls, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if s.shape != y.shape or s.shape[1] != len(models):
        raise ValueError(f"shapes do not match: shortfalls {s.shape}, outcomes {y.shape}")
    seen = ~np.isnan(y)
    y = np.where(seen, y, 0.0)
    w = seen.astype(float)
    m = len(models)
    a = np.zeros(m)
    b = 0.0 if slope is None else float(slope)
    free_b = slope is None
    for _ in range(100):
        p = _sigmoid(a[None, :] - b * s)
        r = w * (y - p)
        v = w * p * (1 - p)
        grad_a = r.sum(axis=0) - ridge * a
        hess_a = v.sum(axis=0) + ridge
        if free_b:
            grad_b = float(-(r * s).sum())
            hess_ab = -(v * s).sum(axis=0)
            hess_bb = float((v * s * s).sum()) + 1e-9
            # Schur complement on the diagonal block of the a_m.
            denom = hess_bb - float((hess_ab**2 / hess_a).sum())
            step_b = (grad_b - float((hess_ab * grad_a / hess_a).sum())) / max(denom, 1e-12)
            step_a = (grad_a - hess_ab * step_b) / hess_a
        else:
            step_b, step_a = 0.0, grad_a / hess_a
        a = a + step_a
        b = b + step_b
        if free_b and b < 0.0:
            # The likelihood is concave: with b < 0 unconstrained, the best b ≥ 0 is 0.
            b, free_b = 0.0, False
        if max(np.max(np.abs(step_a)), abs(step_b)) < 1e-9:
            break
    return ReliabilityFit(
        intercepts={model: float(a[j]) for j, model in enumerate(models)},
        slope=float(b),
        slope_fixed=slope is not None,
    )


def pass_matrix(
    requirements: np.ndarray, models: Sequence[MatchModel], weights: Sequence[float], slope: float
) -> np.ndarray:
    """Q[i, j] = σ(logit(reliability_j) − slope · s_ij)."""
    if any(m.reliability is None for m in models):
        raise ValueError("every model needs a reliability")
    rel = np.array([m.reliability for m in models], dtype=float)
    s = shortfall_matrix(requirements, models, weights)
    return _sigmoid(np.log(rel / (1 - rel))[None, :] - slope * s)


@dataclass(frozen=True)
class FittedHydra:
    """Capabilities, reliabilities and slope fitted on one set of items."""

    calibration: list[ModelCalibration]
    models: list[MatchModel]
    slope: float
    weights: tuple[float, ...]
    fit: ReliabilityFit

    def predict(self, requirements: np.ndarray) -> np.ndarray:
        """Predicted pass Q[n, m] for normalised requirements [n, 4], in `models` order."""
        return pass_matrix(requirements, self.models, self.weights, self.slope)


@dataclass(frozen=True)
class HydraFitSpec:
    """What a fit needs besides the items: model ids and prices, weights, fixed values."""

    models: list[str]
    costs: list[float]
    weights: tuple[float, ...]
    pass_floor: float
    fixed_capabilities: dict[str, tuple[float, ...]] = field(default_factory=dict)


def fit_hydra(requirements: np.ndarray, quality: np.ndarray, spec: HydraFitSpec) -> FittedHydra:
    """Capabilities c (as calibrate does), then a_m and b on the shortfalls they give."""
    calibration = calibrate_models(requirements, quality, spec.models, spec.pass_floor)
    shortfall_models = [
        MatchModel(
            id=c.model, capabilities=spec.fixed_capabilities.get(c.model, c.vector()), cost=cost
        )
        for c, cost in zip(calibration, spec.costs, strict=True)
    ]
    s = shortfall_matrix(requirements, shortfall_models, spec.weights)
    fit = fit_reliability(s, quality, spec.models)
    models = [replace(m, reliability=fit.reliability(m.id)) for m in shortfall_models]
    return FittedHydra(calibration, models, fit.slope, spec.weights, fit)


def fold_of(item_id: str, k: int) -> int:
    """A stable fold in [0, k) for an id (independent of the calibration/evaluation split)."""
    digest = hashlib.sha256(f"fold:{item_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % k


def out_of_fold_pass(
    ids: Sequence[str],
    requirements: np.ndarray,
    quality: np.ndarray,
    spec: HydraFitSpec,
    k: int = DEFAULT_FOLDS,
) -> np.ndarray:
    """Q[n, m] where each item's row comes from a fit on the other folds."""
    folds = np.array([fold_of(i, k) for i in ids])
    out = np.zeros(quality.shape, dtype=float)
    for fold in range(k):
        held = folds == fold
        if not held.any():
            continue
        if held.all():
            raise ValueError(f"{len(ids)} items are too few for {k} folds")
        fitted = fit_hydra(requirements[~held], quality[~held], spec)
        out[held] = fitted.predict(requirements[held])
    return out
