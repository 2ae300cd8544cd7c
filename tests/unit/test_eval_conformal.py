"""The guarantee regime's threshold: the betting bound, the δ grid and Learn then Test."""

from __future__ import annotations

import numpy as np
import pytest

from hydra_router.eval.conformal import (
    DELTA_GRID,
    certify,
    fixed_sequence,
    grid_choices,
    item_order,
    losses,
    rejects,
    to_unit,
    wsr_upper_bound,
)
from hydra_router.eval.routers import choose_all_by_pass

DRAWS = 2000


def hoeffding(unit: np.ndarray, alpha: float) -> np.ndarray:
    """Hoeffding's UCB on a [0, 1] mean, for comparison."""
    return unit.mean(axis=-1) + np.sqrt(np.log(1 / alpha) / (2 * unit.shape[-1]))


def slack(alpha: float, draws: int) -> float:
    """Three standard errors of a coverage estimate at 1 − α."""
    return 3 * np.sqrt(alpha * (1 - alpha) / draws)


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.2])
@pytest.mark.parametrize("n", [30, 150])
def test_bound_covers_a_bernoulli_mean(alpha: float, n: int) -> None:
    rng = np.random.default_rng(1)
    p = 0.3
    unit = (rng.random((DRAWS, n)) < p).astype(float)
    covered = (wsr_upper_bound(unit, alpha) >= p).mean()
    assert covered >= 1 - alpha - slack(alpha, DRAWS)


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.2])
def test_bound_covers_the_mean_of_ternary_losses(alpha: float) -> None:
    """Losses y_ref − y_chosen in {−1, 0, 1}, mostly 0, mapped onto {0, 1/2, 1}."""
    rng = np.random.default_rng(2)
    loss = rng.choice([-1.0, 0.0, 1.0], p=[0.05, 0.8, 0.15], size=(DRAWS, 200))
    mean = (-0.05 + 0.15 + 1) / 2
    covered = (wsr_upper_bound(to_unit(loss), alpha) >= mean).mean()
    assert covered >= 1 - alpha - slack(alpha, DRAWS)


def test_bound_is_tighter_than_hoeffding_on_low_variance_losses() -> None:
    rng = np.random.default_rng(3)
    loss = rng.choice([-1.0, 0.0, 1.0], p=[0.01, 0.96, 0.03], size=(500, 300))
    unit = to_unit(loss)
    wsr, hoeff = wsr_upper_bound(unit, 0.1), hoeffding(unit, 0.1)
    assert (wsr < hoeff).mean() > 0.99
    # In loss units Hoeffding's margin is 2·sqrt(log 10 / 600) ≈ 0.124; the betting bound's
    # margin over the empirical mean is a fraction of that.
    assert np.mean(2 * (wsr - unit.mean(axis=1))) < 0.5 * np.mean(2 * (hoeff - unit.mean(axis=1)))


def test_bound_edges() -> None:
    zeros, ones = np.zeros(100), np.ones(100)
    assert 0.0 <= float(wsr_upper_bound(zeros, 0.1)) < 0.05
    assert float(wsr_upper_bound(ones, 0.1)) == 1.0
    assert float(wsr_upper_bound(np.zeros(0), 0.1)) == 1.0
    unit = np.random.default_rng(4).random(80)
    bounds = [float(wsr_upper_bound(unit, a)) for a in (0.01, 0.1, 0.3)]
    assert bounds[0] >= bounds[1] >= bounds[2] >= unit.mean() - 0.05


def test_rejection_is_the_bound_below_the_level() -> None:
    rng = np.random.default_rng(5)
    unit = to_unit(rng.choice([-1.0, 0.0, 1.0], p=[0.1, 0.7, 0.2], size=(400, 120)))
    bounds = wsr_upper_bound(unit, 0.1)
    levels = [0.52, 0.55, 0.6]
    got = rejects(unit, levels, 0.1)
    assert got.shape == (3, 400)
    for row, level in zip(got, levels, strict=True):
        clear = np.abs(bounds - level) > 1e-9
        assert np.array_equal(row[clear], (bounds <= level)[clear])


def test_fixed_sequence_stops_at_the_first_non_rejection() -> None:
    rejected = np.array(
        [[True, True, False, True], [False, True, True, True], [True, True, True, True]]
    )
    assert fixed_sequence(rejected).tolist() == [1, -1, 3]


def test_choose_all_by_pass_takes_an_array_of_deltas() -> None:
    rng = np.random.default_rng(6)
    q = rng.random((50, 4))
    costs = [3.0, 1.0, 1.0, 2.0]
    deltas = np.array([0.0, 0.05, 0.2, 1.0])
    stacked = np.stack([choose_all_by_pass(q, costs, float(d)) for d in deltas])
    assert np.array_equal(choose_all_by_pass(q, costs, deltas), stacked)


def test_grid_runs_hold_the_exact_choice_at_every_grid_delta() -> None:
    rng = np.random.default_rng(7)
    q = rng.random((40, 3))
    costs = [1.0, 2.0, 3.0]
    grid = grid_choices(q, costs)
    assert grid.deltas[-1] == 1.0 and np.all(np.diff(grid.deltas) > 0)
    assert all(np.any(a != b) for a, b in zip(grid.choices[1:], grid.choices[:-1], strict=True))
    run = np.searchsorted(grid.deltas, DELTA_GRID)  # the run each grid δ belongs to
    for delta, k in zip(DELTA_GRID[::7], run[::7], strict=True):
        assert np.array_equal(choose_all_by_pass(q, costs, float(delta)), grid.choices[k])


def test_item_order_depends_on_the_ids_only() -> None:
    ids = [f"item-{k}" for k in range(30)]
    order = item_order(ids)
    assert sorted(order.tolist()) == list(range(30))
    shuffled = list(reversed(ids))
    assert [shuffled[k] for k in item_order(shuffled)] == [ids[k] for k in order]


def population(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two models: a cheap one (column 0) whose predicted pass is g below the reference's,
    g ~ U(0, 0.3), and which passes g less often. Taken at δ when g ≤ δ, so
    R(δ) = E[g·1{g ≤ δ}] = min(δ, 0.3)² / 0.6."""
    g = rng.uniform(0.0, 0.3, n)
    passes = np.column_stack([0.9 - g, np.full(n, 0.9)])
    y_ref = rng.random(n) < 0.8
    y_cheap = rng.random(n) < 0.8 - g
    return passes, np.column_stack([y_cheap, y_ref]).astype(float)


def risk(delta: float | None) -> float:
    return 0.0 if delta is None else min(delta, 0.3) ** 2 / 0.6


def test_learn_then_test_keeps_the_risk_below_epsilon() -> None:
    epsilon, alpha = 0.05, 0.1
    rng = np.random.default_rng(8)
    reps, n = 150, 300
    certified, naive = [], []
    for _ in range(reps):
        passes, quality = population(n, rng)
        certified.append(certify(passes, quality, [1.0, 5.0], 1, epsilon, alpha).delta)
        # The same sweep with the empirical mean in place of the bound, for contrast.
        grid = grid_choices(passes, [1.0, 5.0])
        mean = losses(quality, grid.choices, 1).mean(axis=1)
        last = int(fixed_sequence(mean <= epsilon))
        naive.append(None if last < 0 else float(grid.deltas[last]))
    held = np.mean([risk(d) <= epsilon for d in certified])
    assert held >= 1 - alpha - slack(alpha, reps)
    # Not vacuous: δ̂ is mostly certified and reaches a fair part of the largest safe δ.
    safe = np.sqrt(0.6 * epsilon)
    assert np.mean([d is not None for d in certified]) > 0.9
    assert np.mean([d or 0.0 for d in certified]) > 0.3 * safe
    # Trusting the empirical mean breaks the promise about as often as not.
    assert np.mean([risk(d) <= epsilon for d in naive]) < 1 - alpha


def test_nothing_is_certified_on_few_items_and_a_tiny_epsilon() -> None:
    passes, quality = population(20, np.random.default_rng(9))
    cost = np.tile([1.0, 5.0], (20, 1))
    result = certify(passes, quality, [1.0, 5.0], 1, 0.001, 0.1, item_cost=cost)
    assert result.delta is None
    assert (result.loss, result.routed_away, result.savings, result.n) == (0.0, 0.0, 0.0, 20)
    assert result.ucb > 0.001


def test_certificate_describes_the_deployed_policy() -> None:
    passes, quality = population(600, np.random.default_rng(10))
    cost = np.tile([1.0, 5.0], (600, 1))
    result = certify(passes, quality, [1.0, 5.0], 1, 0.05, 0.1, item_cost=cost)
    assert result.delta is not None and result.delta in DELTA_GRID
    chosen = choose_all_by_pass(passes, [1.0, 5.0], result.delta)
    assert result.routed_away == pytest.approx(np.mean(chosen == 0))
    assert result.loss == pytest.approx(np.mean(quality[:, 1] - quality[np.arange(600), chosen]))
    assert result.savings == pytest.approx(1 - np.mean(np.where(chosen == 0, 1.0, 5.0)) / 5.0)
    assert result.loss <= result.ucb <= 0.05
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        certify(passes, quality, [1.0, 5.0], 1, 0.0, 0.1)
