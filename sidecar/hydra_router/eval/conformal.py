"""The guarantee regime's threshold: δ certified by conformal risk control.

Loss. On request i, the regime at margin δ picks model c_i(δ) by the product's
own rule (the cheapest model whose predicted pass is within δ of the best,
`routers.choose_all_by_pass` on the q̂ matrix and the cost order). Its loss
against a reference model r is the quality it gives up,

    ℓ_i(δ) = y_i,r − y_i,c_i(δ) ∈ [−1, 1]        (graded outcomes allowed),

and the risk is R(δ) = E[ℓ(δ)], the mean quality lost against the reference
on future requests. Sending every request to r has loss 0 by definition.

Upper confidence bound. L = (ℓ + 1)/2 ∈ [0, 1]; its mean is bounded from
above by the Waudby-Smith–Ramdas betting bound, as used for risk-controlling
prediction sets (Bates et al. 2021, "Distribution-free, risk-controlling
prediction sets", §3), with the items in a fixed order that does not depend
on the data:

    μ̂_i  = (1/2 + Σ_{j≤i} L_j) / (i + 1)
    σ̂²_i = (1/4 + Σ_{j≤i} (L_j − μ̂_j)²) / (i + 1)
    ν_i  = min(1, sqrt(2 log(1/α) / (n σ̂²_{i−1})))
    K_i(R) = Π_{j≤i} (1 − ν_j (L_j − R))
    UCB  = inf { R ∈ [0, 1] : max_{i≤n} K_i(R) > 1/α }

K(R) at the true mean is a nonnegative martingale, so by Ville's inequality
P(max_i K_i(μ) > 1/α) ≤ α and μ ≤ UCB with probability ≥ 1 − α. The bet ν
grows as the running variance shrinks, so the bound is far tighter than
Hoeffding's on losses that are mostly 0 (the chosen model agrees with the
reference); K is increasing in R, so the infimum is found by bisection.

Threshold (Learn then Test, Angelopoulos et al. 2021). For each δ of a fixed
grid, ascending from 0, test H_δ: R(δ) > ε; reject it when UCB(δ) ≤ ε, which
(K increasing in R) is max_i K_i(ε_L) > 1/α with ε_L = (ε + 1)/2 — a valid
level-α test because K(ε_L) is a nonnegative supermartingale under H_δ.
Fixed-sequence testing stops at the first δ not rejected and returns the
largest rejected δ, or None when δ = 0 is not rejected (every request then
goes to the reference). Fixed-sequence testing controls the family-wise error
at α whatever the shape of R(δ), so

    P( R(δ̂) ≤ ε ) ≥ 1 − α,

finite-sample and distribution-free, for calibration and future requests that
are exchangeable, with the models, prices and eligibility fixed as they were
calibrated.

The grid is δ = 0, 0.001, …, 1, fixed before any data is seen: LTT needs the
hypotheses fixed in advance (a grid read off the calibration q̂, as
`routers.delta_knobs` does for sweeps, would depend on the calibration
requests), and fixed-sequence testing pays nothing for a fine grid. Grid
points whose decisions are the same on every item have the same losses and
the same test result, so each run of them is tested once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hydra_router.eval import metrics
from hydra_router.eval.routers import choose_all_by_pass

#: δ values tested, ascending; three decimals, so a certified δ is written exactly.
DELTA_GRID = np.round(np.arange(1001) / 1000.0, 3)
#: Grid points decided per block (bounds the [block, n, m] arrays of the choice).
GRID_BLOCK = 128
#: Bisection steps for the UCB (the bracket [0, 1] halves each step).
BISECTION_STEPS = 50


@dataclass(frozen=True)
class Certificate:
    """What `certify` found on the calibration items.

    `delta` is the certified margin, None when none was (every request goes to
    the reference). `ucb` bounds the mean loss at `delta`; when none was
    certified it is the bound at δ = 0 that exceeded ε. `loss`, `routed_away`
    (share of items not sent to the reference) and `savings` (share of the
    reference's cost saved, None without item costs) describe the policy the
    certificate deploys on the calibration items: with None, the reference
    alone (0, 0, 0).
    """

    epsilon: float
    alpha: float
    delta: float | None
    ucb: float
    loss: float
    routed_away: float
    savings: float | None
    n: int


@dataclass(frozen=True)
class GridChoices:
    """The choice on every item at every grid δ, grouped into runs of equal choices.

    `deltas[k]` is the largest grid δ of run k (ascending), `choices[k]` the
    model index per item at every δ of that run.
    """

    deltas: np.ndarray  # [R]
    choices: np.ndarray  # [R, n]


def item_order(ids: Sequence[str]) -> np.ndarray:
    """A fixed order of items that depends on their ids only (SHA-256 of "conformal:" + id)."""
    keys = [hashlib.sha256(f"conformal:{i}".encode()).digest() for i in ids]
    return np.array(sorted(range(len(ids)), key=lambda k: keys[k]), dtype=int)


def grid_choices(
    passes: np.ndarray, costs: Sequence[float], grid: np.ndarray = DELTA_GRID
) -> GridChoices:
    """`choose_all_by_pass` at every δ of `grid` (ascending), runs of equal choices merged."""
    q = np.asarray(passes, dtype=float)
    blocks = [
        choose_all_by_pass(q, costs, grid[start : start + GRID_BLOCK])
        for start in range(0, len(grid), GRID_BLOCK)
    ]
    every = np.concatenate(blocks, axis=0).reshape(len(grid), q.shape[0])
    changes = np.any(every[1:] != every[:-1], axis=1)
    ends = np.append(np.flatnonzero(changes), len(grid) - 1)
    return GridChoices(deltas=np.asarray(grid, dtype=float)[ends], choices=every[ends])


def losses(quality: np.ndarray, choices: np.ndarray, reference: int) -> np.ndarray:
    """ℓ = y_reference − y_chosen per item, for choices [..., n] over quality [n, m]."""
    y = np.asarray(quality, dtype=float)
    rows = np.arange(y.shape[0])
    return y[rows, reference] - y[rows, np.asarray(choices)]


def to_unit(loss: np.ndarray) -> np.ndarray:
    """(ℓ + 1)/2: losses in [−1, 1] mapped onto [0, 1] for the bound."""
    return (np.asarray(loss, dtype=float) + 1.0) / 2.0


def _bets(unit_losses: np.ndarray, alpha: float) -> np.ndarray:
    """ν_i = min(1, sqrt(2 log(1/α) / (n σ̂²_{i−1}))) along the last axis."""
    x = np.asarray(unit_losses, dtype=float)
    n = x.shape[-1]
    count = np.arange(1, n + 1) + 1.0
    mean = (0.5 + np.cumsum(x, axis=-1)) / count
    var = (0.25 + np.cumsum((x - mean) ** 2, axis=-1)) / count
    before = np.concatenate([np.full((*x.shape[:-1], 1), 0.25), var[..., :-1]], axis=-1)
    return np.minimum(1.0, np.sqrt(2.0 * np.log(1.0 / alpha) / (n * before)))


def _log_wealth(unit_losses: np.ndarray, bets: np.ndarray, level: np.ndarray) -> np.ndarray:
    """max_i log K_i(R) along the last axis, R = `level` (broadcast over the leading axes)."""
    factors = 1.0 - bets * (unit_losses - np.asarray(level)[..., None])
    with np.errstate(divide="ignore"):  # a factor of 0 is a wealth of 0: log −inf
        return np.max(np.cumsum(np.log(factors), axis=-1), axis=-1)


def wsr_upper_bound(unit_losses: np.ndarray, alpha: float) -> np.ndarray:
    """The Waudby-Smith–Ramdas UCB on the mean of [0, 1] losses, along the last axis.

    Items are taken in the given order; returns one bound per leading index
    (a 0-d array for one sequence). See the module docstring.
    """
    x = np.asarray(unit_losses, dtype=float)
    if x.shape[-1] == 0:
        return np.ones(x.shape[:-1])
    bets = _bets(x, alpha)
    threshold = np.log(1.0 / alpha)
    lo, hi = np.zeros(x.shape[:-1]), np.ones(x.shape[:-1])
    never = _log_wealth(x, bets, hi) <= threshold  # not even R = 1 is rejected
    for _ in range(BISECTION_STEPS):
        mid = (lo + hi) / 2.0
        rejected = _log_wealth(x, bets, mid) > threshold
        hi = np.where(rejected, mid, hi)
        lo = np.where(rejected, lo, mid)
    return np.where(never, 1.0, hi)


def rejects(unit_losses: np.ndarray, levels: Sequence[float], alpha: float) -> np.ndarray:
    """Whether each sequence's UCB lies below each level: max_i K_i(level) > 1/α.

    `unit_losses` [..., n]; returns [len(levels), ...]. Equivalent to
    `wsr_upper_bound(...) ≤ level` (K is increasing in R) without the bisection.
    """
    x = np.asarray(unit_losses, dtype=float)
    bets = _bets(x, alpha)
    threshold = np.log(1.0 / alpha)
    return np.stack([_log_wealth(x, bets, np.asarray(level)) > threshold for level in levels])


def fixed_sequence(rejected: np.ndarray) -> np.ndarray:
    """Index of the last rejection before the first non-rejection along the last axis (−1: none)."""
    r = np.asarray(rejected, dtype=bool)
    first_kept = np.where(r.all(axis=-1), r.shape[-1], np.argmin(r, axis=-1))
    return first_kept - 1


def certify(
    passes: np.ndarray,
    quality: np.ndarray,
    costs: Sequence[float],
    reference: int,
    epsilon: float,
    alpha: float,
    item_cost: np.ndarray | None = None,
    order: np.ndarray | None = None,
) -> Certificate:
    """The largest grid δ with mean loss against `reference` certified ≤ ε at level α.

    `passes` and `quality` are [n, m] over the calibration items (q̂ and outcomes),
    `costs` the cost order of the m models (what "cheapest" means to the rule),
    `item_cost` [n, m] what each item would cost on each model (for `savings`),
    `order` the fixed order the bound reads the items in (default: as given).
    """
    if not 0.0 < epsilon < 1.0 or not 0.0 < alpha < 1.0:
        raise ValueError(f"epsilon {epsilon} and alpha {alpha} must lie strictly between 0 and 1")
    q, y = np.asarray(passes, dtype=float), np.asarray(quality, dtype=float)
    if q.shape != y.shape or q.shape[0] == 0:
        raise ValueError(f"passes {q.shape} and quality {y.shape} must be the same non-empty shape")
    index = np.arange(q.shape[0]) if order is None else np.asarray(order, dtype=int)
    q, y = q[index], y[index]
    cost = None if item_cost is None else np.asarray(item_cost, dtype=float)[index]
    grid = grid_choices(q, costs)
    unit = to_unit(losses(y, grid.choices, reference))
    last = int(fixed_sequence(rejects(unit, [(epsilon + 1.0) / 2.0], alpha)[0]))
    n = q.shape[0]
    if last < 0:
        ucb = 2.0 * float(wsr_upper_bound(unit[0], alpha)) - 1.0
        savings = None if cost is None else 0.0
        return Certificate(epsilon, alpha, None, ucb, 0.0, 0.0, savings, n)
    chosen = grid.choices[last]
    ucb = 2.0 * float(wsr_upper_bound(unit[last], alpha)) - 1.0
    savings = None
    if cost is not None:
        spent = float(cost[np.arange(n), chosen].mean())
        savings = metrics.savings(spent, float(cost[:, reference].mean()))
    return Certificate(
        epsilon=epsilon,
        alpha=alpha,
        delta=float(grid.deltas[last]),
        ucb=ucb,
        loss=float(2.0 * unit[last].mean() - 1.0),
        routed_away=float((chosen != reference).mean()),
        savings=savings,
        n=n,
    )
