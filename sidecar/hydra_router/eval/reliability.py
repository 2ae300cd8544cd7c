"""Fit how often each model fails at a given shortfall, and predict it out of fold.

A shortfall of 0 does not mean a model passes. The catalog models the pass
probability of model m on a request with demand d (its largest normalised
requirement) and weighted shortfall s_m as

    q̂_m = σ(a_m + e · (1 − d) − b · s_m)
    reliability_m = σ(a_m), ease = e ≥ 0, slope = b ≥ 0

fitted by maximum likelihood on the outcome log (graded outcomes enter as
fractional targets): a_m per model, e and b shared. Every model gains the same
logit e on an undemanding request, so e = 0 is the model without demand,
σ(a_m − b·s_m), and the data decide how much easier a request that needs little
is. The logit is linear in (a_m, b, e) given d and s, so the log-likelihood is
concave; Newton's method with the bounds b ≥ 0, e ≥ 0 held by an active set
finds its maximum. Without demands e is not identified and not fitted (0). With
b and e fixed (a model added to a fitted catalog) each a_m is a one-parameter
fit of its own outcomes, so no other model changes. A small ridge on a_m and e
keeps a model that passed every item finite (and e at 0 when no item has d < 1).
A Gaussian prior on a_m (a mean and a precision per model) replaces the ridge for
that model: a maximum a posteriori fit, which `refit.py` uses to update a catalog's
reliabilities from a user's own few outcomes without letting them swing to 0 or 1.

Out-of-fold predictions (k folds by id hash, every fold fitted on the other
k − 1 from scratch: capabilities, a_m, e, b) give each calibration item a q̂
that did not see its own outcome; regimes are chosen on those, so a regime's
quality is not read off the data it was fitted on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from hydra_router.eval.calibrate import ModelCalibration, calibrate_models
from hydra_router.eval.routers import shortfall_matrix
from hydra_router.matching import MatchModel

RIDGE = 1e-3
#: Largest Newton step on a logit (keeps near-separable logs from overshooting).
MAX_STEP = 4.0
DEFAULT_FOLDS = 5


@dataclass(frozen=True)
class ReliabilityFit:
    """a_m per model, the shared slope b and ease e of q̂ = σ(a_m + e·(1 − d) − b·s)."""

    intercepts: dict[str, float]
    slope: float
    slope_fixed: bool = False
    #: None when fitted without demands (e not identified; a catalog without `ease`).
    ease: float | None = None
    ease_fixed: bool = False
    ease_weight: float = 0.0

    def reliability(self, model: str) -> float:
        """σ(a_m): the pass probability at zero shortfall and demand 1."""
        return float(1.0 / (1.0 + np.exp(-self.intercepts[model])))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def demand_vector(requirements: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """d[i] = `matching.demand` of every row: max r_k over the heads with weight > 0."""
    used = np.asarray(weights, dtype=float) > 0
    r = np.asarray(requirements, dtype=float).reshape(-1, len(used))
    return r[:, used].max(axis=1) if used.any() else np.zeros(len(r))


def fit_reliability(
    shortfalls: np.ndarray,
    outcomes: np.ndarray,
    models: Sequence[str],
    slope: float | None = None,
    ridge: float = RIDGE,
    demand: np.ndarray | None = None,
    ease: float | None = None,
    prior: Mapping[str, tuple[float, float]] | None = None,
) -> ReliabilityFit:
    """Maximum-likelihood a_m (per model), b ≥ 0 and e ≥ 0 (shared) by Newton's method.

    `shortfalls` and `outcomes` are [n, m]; NaN outcomes are items a model was
    not run on. `demand` [n] (d per item) brings in the ease term; without it
    no ease is fitted (e = 0). With `slope` given, b is held there; with `ease`
    given, e is held there. Holding b without an ease (a catalog without
    `ease`) holds e at 0. `prior` maps a model to (mean, precision) of a Gaussian
    prior on its a_m, in place of the ridge: the fit is then the posterior mode.
    """
    s = np.asarray(shortfalls, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if s.shape != y.shape or s.shape[1] != len(models):
        raise ValueError(f"shapes do not match: shortfalls {s.shape}, outcomes {y.shape}")
    if ease is not None and ease < 0:
        raise ValueError(f"ease must be 0 or more, got {ease}")
    with_ease = demand is not None and not (slope is not None and ease is None)
    d = np.ones(len(s)) if not with_ease or demand is None else np.asarray(demand, dtype=float)
    if d.shape != (len(s),):
        raise ValueError(f"demand has shape {d.shape}, expected ({len(s)},)")
    seen = ~np.isnan(y)
    y = np.where(seen, y, 0.0)
    w = seen.astype(float)
    m = len(models)
    # θ = (a_1 … a_m, b, e); the logit of item i, model j is a_j − b·s_ij + (1 − d_i)·e.
    theta = np.zeros(m + 2)
    theta[m] = 0.0 if slope is None else float(slope)
    theta[m + 1] = 0.0 if ease is None else float(ease)
    held = np.zeros(m + 2, dtype=bool)
    held[m] = slope is not None
    held[m + 1] = not with_ease or ease is not None
    penalty = np.zeros(m + 2)
    penalty[:m] = ridge
    penalty[m + 1] = ridge
    centre = np.zeros(m + 2)
    for j, model in enumerate(models):
        if prior is not None and model in prior:
            centre[j], penalty[j] = prior[model]
            theta[j] = centre[j]
    terms = (s, y, w, 1.0 - d, penalty, centre)
    grad, hess = _newton_terms(theta, *terms)
    bounded = np.zeros(m + 2, dtype=bool)
    bounded[m:] = True  # b ≥ 0 and e ≥ 0
    at_bound = np.zeros(m + 2, dtype=bool)  # b or e held at 0 by its bound
    for _ in range(400):
        idx = np.flatnonzero(~held & ~at_bound)
        step = np.zeros(m + 2)
        step[idx] = np.linalg.solve(hess[np.ix_(idx, idx)], grad[idx])
        blocked = bounded & ~held & ~at_bound & (theta <= 0.0) & (step < 0.0)
        if blocked.any():  # already on the bound and the step leaves it: hold it there
            at_bound |= blocked
            continue
        scale = min(1.0, MAX_STEP / max(float(np.max(np.abs(step))), 1e-300))
        leaving = bounded & (step < 0.0)
        if leaving.any():  # stop on the first bound the step reaches (the ascent holds)
            scale = min(scale, float(np.min(theta[leaving] / -step[leaving])))
        theta = theta + scale * step
        hit = leaving & (theta <= 1e-12)
        theta[hit], at_bound[hit] = 0.0, True
        grad, hess = _newton_terms(theta, *terms)
        if np.max(np.abs(scale * step)) < 1e-9 and not hit.any():
            # Optimal with these bounds active: release one the gradient pulls away from.
            release = at_bound & (grad > 1e-9)
            if not release.any():
                break
            at_bound &= ~release
    return ReliabilityFit(
        intercepts={model: float(theta[j]) for j, model in enumerate(models)},
        slope=float(theta[m]),
        slope_fixed=slope is not None,
        ease=float(theta[m + 1]) if with_ease else None,
        ease_fixed=with_ease and ease is not None,
        ease_weight=float(((1.0 - d)[:, None] * w).sum()) if with_ease else 0.0,
    )


def _newton_terms(
    theta: np.ndarray,
    s: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    ee: np.ndarray,
    penalty: np.ndarray,
    centre: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and negative Hessian of the penalised log-likelihood at θ = (a, b, e)
    (the penalty is ½·penalty·(θ − centre)²)."""
    m = s.shape[1]
    a, b, e = theta[:m], theta[m], theta[m + 1]
    ee = ee[:, None]
    p = _sigmoid(a[None, :] - b * s + ee * e)
    r = w * (y - p)
    v = w * p * (1 - p)
    grad = np.concatenate([r.sum(axis=0), [-(r * s).sum(), (r * ee).sum()]])
    grad -= penalty * (theta - centre)
    hess = np.zeros((m + 2, m + 2))
    hess[np.arange(m), np.arange(m)] = v.sum(axis=0)
    hess[:m, m] = hess[m, :m] = -(v * s).sum(axis=0)
    hess[:m, m + 1] = hess[m + 1, :m] = (v * ee).sum(axis=0)
    hess[m, m] = (v * s * s).sum() + 1e-9
    hess[m, m + 1] = hess[m + 1, m] = -(v * s * ee).sum()
    hess[m + 1, m + 1] = (v * ee * ee).sum() + 1e-9
    hess += np.diag(penalty)
    return grad, hess


def pass_matrix(
    requirements: np.ndarray,
    models: Sequence[MatchModel],
    weights: Sequence[float],
    slope: float,
    ease: float = 0.0,
) -> np.ndarray:
    """Q[i, j] = `matching.predicted_pass` of model j on item i (d from the requirements)."""
    if any(m.reliability is None for m in models):
        raise ValueError("every model needs a reliability")
    rel = np.array([m.reliability for m in models], dtype=float)
    s = shortfall_matrix(requirements, models, weights)
    gain = ease * (1.0 - demand_vector(requirements, weights))[:, None]
    return _sigmoid(np.log(rel / (1 - rel))[None, :] + gain - slope * s)


@dataclass(frozen=True)
class FittedHydra:
    """Capabilities, reliabilities, slope and ease fitted on one set of items."""

    calibration: list[ModelCalibration]
    models: list[MatchModel]
    slope: float
    weights: tuple[float, ...]
    fit: ReliabilityFit

    @property
    def ease(self) -> float | None:
        """Fitted logit gain at demand 0 (None when fitted without demands)."""
        return self.fit.ease

    def predict(self, requirements: np.ndarray) -> np.ndarray:
        """Predicted pass Q[n, m] for normalised requirements [n, 4], in `models` order."""
        return pass_matrix(requirements, self.models, self.weights, self.slope, self.ease or 0.0)


@dataclass(frozen=True)
class HydraFitSpec:
    """What a fit needs besides the items: model ids and prices, weights, fixed values."""

    models: list[str]
    costs: list[float]
    weights: tuple[float, ...]
    pass_floor: float
    fixed_capabilities: dict[str, tuple[float, ...]] = field(default_factory=dict)
    #: Held ease (None: fitted with a_m and b).
    ease: float | None = None


def fit_hydra(requirements: np.ndarray, quality: np.ndarray, spec: HydraFitSpec) -> FittedHydra:
    """Capabilities c (as calibrate does), then a_m, b and ease on the shortfalls they give."""
    calibration = calibrate_models(requirements, quality, spec.models, spec.pass_floor)
    shortfall_models = [
        MatchModel(
            id=c.model, capabilities=spec.fixed_capabilities.get(c.model, c.vector()), cost=cost
        )
        for c, cost in zip(calibration, spec.costs, strict=True)
    ]
    s = shortfall_matrix(requirements, shortfall_models, spec.weights)
    demand = demand_vector(requirements, spec.weights)
    fit = fit_reliability(s, quality, spec.models, demand=demand, ease=spec.ease)
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
