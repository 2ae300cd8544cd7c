"""Routers and baselines on tiny parts with hand-checked answers."""

from __future__ import annotations

import numpy as np
import pytest

from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.eval.routers import (
    BinaryRouter,
    EvalPart,
    HydraRouter,
    Oracle,
    RandomMix,
    RoutePoint,
    SingleModel,
    choose_all,
    shortfall_matrix,
    sweep,
)
from hydra_router.matching import MatchModel, choose


def part() -> EvalPart:
    # 4 items, models cheap (c) and strong (s). c passes items 0, 1; s passes 0, 1, 2.
    items = [OutcomeItem(id=f"i{k}", prompt="p", outcomes={}) for k in range(4)]
    quality = np.array([[1, 1], [1, 1], [0, 1], [0, 0]], dtype=float)
    cost = np.array([[1, 10], [1, 10], [1, 10], [1, 10]], dtype=float)
    req = np.array([[0.1, 0, 0, 0], [0.2, 0, 0, 0], [0.9, 0, 0, 0], [0.95, 0, 0, 0]])
    return EvalPart(items=items, models=["c", "s"], quality=quality, cost=cost, requirements=req)


def test_single_and_oracle():
    p = part()
    cheap = sweep(SingleModel("c"), p).points[0]
    assert (cheap.quality, cheap.cost) == (0.5, 1.0)
    oracle = sweep(Oracle(), p).points[0]
    # Items 0, 1 → c (cheapest passing), item 2 → s, item 3 fails everywhere → c.
    assert oracle.quality == 0.75
    assert oracle.cost == pytest.approx((1 + 1 + 10 + 1) / 4)
    assert oracle.shares == {"c": 0.75, "s": 0.25}


def test_random_mix_is_the_expected_value():
    p = part()
    curve = sweep(RandomMix(weak="c", strong="s", steps=4), p)
    mid = curve.points[2]  # p(strong) = 0.5
    assert mid.quality == pytest.approx(0.5 * 0.5 + 0.5 * 0.75)
    assert mid.cost == pytest.approx(5.5)
    weak, strong = RoutePoint(0, 0.5, 1.0, {}), RoutePoint(0, 0.75, 10.0, {})
    assert RandomMix.quality_at_cost(5.5, weak, strong) == pytest.approx(0.625)
    assert RandomMix.quality_at_cost(20.0, weak, strong) is None


def test_binary_router_thresholds_the_largest_requirement():
    p = part()
    router = BinaryRouter(weak="c", strong="s")
    # Threshold 0.5: items 2 and 3 (0.9, 0.95) go to s → quality (1+1+1+0)/4.
    point = sweep(router, p)
    at_half = [q for q in point.points if q.knob == 0.2][0]
    assert at_half.quality == 0.75 and at_half.cost == pytest.approx((1 + 1 + 10 + 10) / 4)
    assert point.points[0].shares == {"s": 1.0}  # below every score: all strong
    assert point.points[-1].shares == {"c": 1.0}  # at the top: all weak


def test_hydra_sweep_spans_cheap_to_strong():
    p = part()
    models = [MatchModel("c", (0.3, 1, 1, 1), 1.0), MatchModel("s", (1, 1, 1, 1), 10.0)]
    router = HydraRouter(models=models, weights=(1.0, 0, 0, 0))
    curve = sweep(router, p)
    # τ = 0: items over 0.3 (2, 3) have shortfall for c → s; τ ≥ 0.65: everything → c.
    by_tau = {round(q.knob, 6): q for q in curve.points}
    assert by_tau[0.0].quality == 0.75 and by_tau[0.0].shares == {"c": 0.5, "s": 0.5}
    assert by_tau[0.65].shares == {"c": 1.0}
    assert by_tau[0.6].shares == {"c": 0.75, "s": 0.25}


def test_choose_all_matches_matching_choose():
    rng = np.random.default_rng(0)
    for _ in range(300):
        n, m = 6, int(rng.integers(1, 6))
        # Coarse values make ties in shortfall and price common.
        req = np.round(rng.uniform(0, 1, (n, 4)), 1)
        models = [
            MatchModel(str(j), tuple(np.round(rng.uniform(0, 1, 4), 1)), float(rng.integers(0, 3)))
            for j in range(m)
        ]
        weights = (0.4, 0.3, 0.2, 0.1)
        s = shortfall_matrix(req, models, weights)
        # τ on an existing shortfall value exercises the s ≤ τ boundary.
        tau = float(rng.choice(s.ravel())) if rng.random() < 0.7 else float(rng.uniform(0, 0.5))
        got = choose_all(s, [mm.cost for mm in models], tau)
        for i in range(n):
            want = choose(tuple(req[i]), models, weights, tau)
            assert got[i] == want.index, (req[i], models, tau)
