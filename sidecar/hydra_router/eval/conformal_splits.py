"""Does the guarantee regime keep its promise? Repeated random splits of the evaluation part.

With HyDRA fitted on the calibration part (q̂ fixed, no refit per split), the
evaluation part is split at random, many times, into a conformal-calibration
half and a test half. For each (ε, α), δ̂ is certified on the first half
(`conformal`, reference = the eval's strongest model, cost order = the
routers'), and the test half's mean loss against the reference is compared
with ε. `coverage` is the share of splits with test loss ≤ ε; the promise is
coverage ≥ 1 − α.

The guarantee is about the population risk R(δ̂); the test half's mean is a
noisy estimate of it, so a δ̂ whose risk sits just below ε fails on about half
the test halves: this check is stricter than the guarantee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hydra_router.eval import metrics
from hydra_router.eval.conformal import fixed_sequence, grid_choices, losses, rejects, to_unit

EPSILONS = (0.01, 0.02, 0.05)
ALPHAS = (0.05, 0.1, 0.2)
DEFAULT_SPLITS = 200
SEED = 0
#: The (ε, α) marked on the cost–quality plot.
PLOT_POINT = (0.02, 0.1)


@dataclass(frozen=True)
class GuaranteePoint:
    """One (ε, α) over every split: the promise and what the test halves showed.

    `delta` is the mean δ̂ over the splits that certified one (None if none did);
    `savings`, `test_loss`, `quality` and `cost` are means over all splits on the
    test halves, the reference alone where nothing was certified.
    """

    epsilon: float
    alpha: float
    target: float
    coverage: float
    met: bool
    savings: float
    none_certified: float
    delta: float | None
    test_loss: float
    quality: float
    cost: float


@dataclass(frozen=True)
class GuaranteeSplits:
    """Every (ε, α) point and how the splits were made."""

    points: list[GuaranteePoint]
    splits: int
    n_calibration: int
    n_test: int
    reference: str
    seed: int


def evaluate_splits(
    passes: np.ndarray,
    quality: np.ndarray,
    item_cost: np.ndarray,
    costs: Sequence[float],
    models: Sequence[str],
    reference: str,
    splits: int = DEFAULT_SPLITS,
    seed: int = SEED,
) -> GuaranteeSplits:
    """Coverage and savings of the certified δ̂ on `splits` random halves of the items.

    `passes`, `quality`, `item_cost` are [n, m] on the evaluation part, `costs` the
    routers' cost order, `models` the column ids.
    """
    n = passes.shape[0]
    if n < 2 or splits < 1:
        raise ValueError(f"{n} items and {splits} splits: need at least 2 items and 1 split")
    ref = list(models).index(reference)
    grid = grid_choices(passes, costs)
    loss = losses(quality, grid.choices, ref)  # [R, n]
    unit = to_unit(loss)
    rows = np.arange(n)
    spent = item_cost[rows, grid.choices]  # [R, n]
    got = quality[rows, grid.choices]
    half = n // 2
    levels = [(e + 1.0) / 2.0 for e in EPSILONS]
    keys = [(e, a) for a in ALPHAS for e in EPSILONS]
    tally: dict[tuple[float, float], list[list[float]]] = {k: [] for k in keys}
    rng = np.random.default_rng(seed)
    for _ in range(splits):
        order = rng.permutation(n)
        cal, test = order[:half], order[half:]
        ref_cost = float(item_cost[test, ref].mean())
        ref_quality = float(quality[test, ref].mean())
        for alpha in ALPHAS:
            last = fixed_sequence(rejects(unit[:, cal], levels, alpha))
            for epsilon, k in zip(EPSILONS, last, strict=True):
                if k < 0:
                    row = [np.nan, 0.0, ref_quality, ref_cost]
                else:
                    k = int(k)
                    test_loss = float(loss[k, test].mean())
                    row = [grid.deltas[k], test_loss, float(got[k, test].mean())]
                    row.append(float(spent[k, test].mean()))
                tally[(epsilon, alpha)].append([*row, ref_cost])
    points = [_point(epsilon, alpha, np.array(tally[(epsilon, alpha)])) for epsilon, alpha in keys]
    return GuaranteeSplits(points, splits, half, n - half, reference, seed)


def _point(epsilon: float, alpha: float, rows: np.ndarray) -> GuaranteePoint:
    """Aggregate one (ε, α): columns δ̂ (NaN: none), test loss, quality, cost, reference cost."""
    delta, test_loss, quality, cost, ref_cost = rows.T
    certified = ~np.isnan(delta)
    coverage = float((test_loss <= epsilon + 1e-12).mean())
    savings = [metrics.savings(c, r) for c, r in zip(cost, ref_cost, strict=True)]
    return GuaranteePoint(
        epsilon=epsilon,
        alpha=alpha,
        target=1.0 - alpha,
        coverage=coverage,
        met=coverage >= 1.0 - alpha,
        savings=float(np.mean(savings)),
        none_certified=float((~certified).mean()),
        delta=float(delta[certified].mean()) if certified.any() else None,
        test_loss=float(test_loss.mean()),
        quality=float(quality.mean()),
        cost=float(cost.mean()),
    )
