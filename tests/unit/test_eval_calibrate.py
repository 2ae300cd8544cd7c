"""Calibration recovers known capabilities from synthetic outcome logs."""

from __future__ import annotations

import numpy as np
import pytest

from hydra_router.eval.calibrate import (
    calibrate_models,
    capability_of,
    exercise_weights,
    fit_capability,
)

TRUE = {"weak": [0.3, 0.5, 0.7, 0.6], "strong": [0.8, 0.2, 0.4, 0.9]}


def synthetic_logs(n: int, seed: int, slope: float = 40.0):
    """Items exercise one dimension each (others stay low); a model passes an item with
    probability σ(slope·(c − r)) on its dominant dimension: it passes up to its capability c."""
    rng = np.random.default_rng(seed)
    dominant = rng.integers(0, 4, n)
    req = rng.uniform(0.0, 0.15, (n, 4))
    req[np.arange(n), dominant] = rng.uniform(0.0, 1.0, n)
    probabilities = []
    for caps in TRUE.values():
        c = np.array(caps)[dominant]
        r = req[np.arange(n), dominant]
        probabilities.append(1.0 / (1.0 + np.exp(-slope * (c - r))))
    p = np.column_stack(probabilities)
    return req, p, (rng.random(p.shape) < p).astype(float)


def true_capabilities(caps: list[float], slope: float = 40.0) -> list[float]:
    """The capability of the generating curve itself: ∫ clip(2σ(s(c−r)) − 1, 0, 1) dr,
    which is c − 2·ln2/s = c − 0.035 for s = 40 (c ≥ 0.2), by hand."""
    return [c - 2 * np.log(2) / slope for c in caps]


def test_true_capability_formula_matches_the_integral():
    for c in (0.3, 0.8):
        assert float(capability_of(np.array(40 * c), np.array(-40.0), 0.5)) == pytest.approx(
            c - 0.0347, abs=0.002
        )


def test_recovers_true_capabilities_within_tolerance():
    req, _, passed = synthetic_logs(4000, seed=1)
    fits = calibrate_models(req, passed, list(TRUE))
    for fit, caps in zip(fits, TRUE.values(), strict=True):
        assert fit.vector() == pytest.approx(true_capabilities(caps), abs=0.05), fit.model
        assert all(f.confidence in ("high", "medium") for f in fit.fits)


def test_recovery_with_another_seed_and_graded_outcomes():
    req, p, _ = synthetic_logs(4000, seed=7)
    # Graded scores like a judge's x/10: ten draws at the pass probability, averaged.
    graded = np.random.default_rng(3).binomial(10, p) / 10
    fits = calibrate_models(req, graded, list(TRUE))
    for fit, caps in zip(fits, TRUE.values(), strict=True):
        assert fit.vector() == pytest.approx(true_capabilities(caps), abs=0.05), fit.model


def test_capability_is_the_area_above_the_floor():
    # A flat curve at 0.75 with floor 0.5: (0.75 − 0.5)/(1 − 0.5) = 0.5 at every r.
    flat = np.log(0.75 / 0.25)
    assert float(capability_of(np.array(flat), np.array(0.0), 0.5)) == pytest.approx(0.5)
    # A near step from 1 to 0 at r = 0.4 → 0.4.
    assert float(capability_of(np.array(400.0 * 0.4), np.array(-400.0), 0.5)) == pytest.approx(
        0.4, abs=0.01
    )
    # Models that differ only in pass rate stay ordered (no clipping ties).
    rates = [0.55, 0.65, 0.75, 0.85]
    values = [
        float(capability_of(np.array(np.log(q / (1 - q))), np.array(0.0), 0.5)) for q in rates
    ]
    assert values == sorted(values) and len(set(values)) == 4


def test_exercise_weights_sharpen_the_dominant_dimension():
    w = exercise_weights(np.array([[0.8, 0.4, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]))
    # Power 8: 0.8^8 = 0.16777, 0.4^8 = 0.00066: shares 0.16777/0.16843 and 0.00066/0.16843.
    assert w[0].tolist() == pytest.approx([0.996109, 0.003891, 0, 0], abs=1e-6)
    assert w[1].tolist() == pytest.approx([0.25] * 4)  # no signal: spread evenly


def test_extremes_and_too_few_items():
    x = np.linspace(0, 1, 400)
    always = fit_capability("reasoning", x, np.ones_like(x), np.ones_like(x))
    assert always.capability == pytest.approx(1.0, abs=0.01)
    never = fit_capability("reasoning", x, np.zeros_like(x), np.ones_like(x))
    assert never.capability == pytest.approx(0.0, abs=0.01)
    few = fit_capability("tool_use", x[:3], np.ones(3), np.ones(3))
    assert few.capability == 0.5 and few.confidence == "low" and "too few" in few.note


def test_shape_and_floor_checks():
    with pytest.raises(ValueError, match="shapes do not match"):
        calibrate_models(np.zeros((3, 4)), np.zeros((3, 1)), ["a", "b"])
    with pytest.raises(ValueError, match="pass floor"):
        calibrate_models(np.zeros((3, 4)), np.zeros((3, 1)), ["a"], floor=1.0)
