"""Regime selection and the strong/weak references on hand-made sweeps."""

from __future__ import annotations

import numpy as np

from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.eval.pipeline import choose_regimes, pick_strong, pick_weak
from hydra_router.eval.routers import EvalPart, RoutePoint, RouterCurve


def point(tau: float, quality: float, cost: float) -> RoutePoint:
    return RoutePoint(knob=tau, quality=quality, cost=cost, shares={})


def test_peak_iso_aggressive():
    # τ ascending, cost descending. Strong 0.80 at cost 10, weak 0.60 at cost 1.
    curve = RouterCurve(
        name="hydra",
        kind="hydra",
        knob="tau",
        points=[
            point(0.00, 0.82, 9.0),
            point(0.05, 0.83, 8.0),  # highest quality: peak (smallest τ reaching it)
            point(0.10, 0.83, 7.0),
            point(0.20, 0.80, 4.0),  # last with quality ≥ strong 0.80: iso
            point(0.30, 0.77, 3.0),  # ≥ 0.60 + 0.8·0.20 = 0.76: aggressive
            point(0.40, 0.70, 2.0),
        ],
    )
    regimes = choose_regimes(curve, strong=point(0, 0.80, 10.0), weak=point(0, 0.60, 1.0))
    assert regimes["peak"].knob == 0.05
    assert regimes["iso"].knob == 0.20
    assert regimes["aggressive"].knob == 0.30


def test_missing_regimes_when_the_curve_never_gets_there():
    curve = RouterCurve("hydra", "hydra", "tau", [point(0.0, 0.70, 5.0), point(0.1, 0.65, 2.0)])
    regimes = choose_regimes(curve, strong=point(0, 0.80, 10.0), weak=point(0, 0.60, 1.0))
    assert set(regimes) == {"peak"}  # 0.70 < 0.80 (iso) and < 0.76 (aggressive)
    assert regimes["peak"].knob == 0.0


def test_strong_and_weak_references():
    items = [OutcomeItem(id=str(k), prompt="p", outcomes={}) for k in range(2)]
    part = EvalPart(
        items=items,
        models=["a", "b", "c"],
        quality=np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]),
        cost=np.array([[1.0, 5.0, 1.0], [1.0, 5.0, 1.0]]),
        requirements=np.zeros((2, 4)),
    )
    assert pick_strong(part) == "b"  # quality 1.0
    # a and c tie on cost (1.0) and on quality (0.5): the first in model order.
    assert pick_weak(part) == "a"
