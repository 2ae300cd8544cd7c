"""Calibration recovers known capabilities from synthetic outcome logs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hydra_router.eval.calibrate import (
    auto_pass_target,
    calibrate_models,
    exercise_weights,
    fit_capability,
)

TARGET = 0.8
TRUE = {"weak": [0.3, 0.5, 0.7, 0.6], "strong": [0.8, 0.2, 0.4, 0.9]}


def synthetic_logs(n: int, seed: int, slope: float = 10.0):
    """Items exercise one dimension each (others stay low); pass ~ σ(logit p* + s·(c − r))."""
    rng = np.random.default_rng(seed)
    dominant = rng.integers(0, 4, n)
    req = rng.uniform(0.0, 0.15, (n, 4))
    req[np.arange(n), dominant] = rng.uniform(0.0, 1.0, n)
    logit = math.log(TARGET / (1 - TARGET))
    columns = []
    for caps in TRUE.values():
        c = np.array(caps)[dominant]
        r = req[np.arange(n), dominant]
        p = 1.0 / (1.0 + np.exp(-(logit + slope * (c - r))))
        columns.append((rng.random(n) < p).astype(float))
    return req, np.column_stack(columns)


def test_recovers_true_capabilities_within_tolerance():
    req, outcomes = synthetic_logs(4000, seed=1)
    fits = calibrate_models(req, outcomes, list(TRUE), target=TARGET)
    for fit, truth in zip(fits, TRUE.values(), strict=True):
        assert fit.vector() == pytest.approx(truth, abs=0.06), fit.model
        assert all(f.confidence in ("high", "medium") for f in fit.fits)


def test_recovery_holds_for_another_seed_and_fractional_outcomes():
    req, outcomes = synthetic_logs(4000, seed=7)
    # Graded scores (e.g. judge/10): the expected value of a pass, with noise.
    rng = np.random.default_rng(3)
    graded = np.clip(outcomes * 0.9 + 0.05 + rng.normal(0, 0.02, outcomes.shape), 0, 1)
    fits = calibrate_models(req, graded, list(TRUE), target=0.8 * 0.9 + 0.05)
    # An affine map of a logistic curve is not quite logistic: a looser tolerance.
    for fit, truth in zip(fits, TRUE.values(), strict=True):
        assert fit.vector() == pytest.approx(truth, abs=0.11), fit.model


def test_exercise_weights_sharpen_the_dominant_dimension():
    w = exercise_weights(np.array([[0.8, 0.4, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]))
    # 0.8^4 = 0.4096, 0.4^4 = 0.0256: shares 0.4096/0.4352 and 0.0256/0.4352.
    assert w[0].tolist() == pytest.approx([0.9411765, 0.0588235, 0, 0], abs=1e-6)
    assert w[1].tolist() == pytest.approx([0.25] * 4)  # no signal: spread evenly


def test_clipping_and_low_confidence_are_reported():
    x = np.linspace(0, 1, 400)
    always = fit_capability("reasoning", x, np.ones_like(x), np.ones_like(x), 0.8)
    assert always.capability == 1.0 and always.confidence == "low"
    never = fit_capability("reasoning", x, np.zeros_like(x), np.ones_like(x), 0.8)
    assert never.capability == 0.0 and never.confidence == "low"
    few = fit_capability("tool_use", x[:3], np.ones(3), np.ones(3), 0.8)
    assert few.capability == 0.5 and "too few" in few.note


def test_shape_checks_and_auto_target():
    with pytest.raises(ValueError, match="shapes do not match"):
        calibrate_models(np.zeros((3, 4)), np.zeros((3, 1)), ["a", "b"])
    with pytest.raises(ValueError, match="strictly between"):
        calibrate_models(np.zeros((3, 4)), np.zeros((3, 1)), ["a"], target=1.0)
    # Best mean score 0.9 → p* 0.9; clipped to [0.5, 0.95].
    assert auto_pass_target(np.array([[1, 0], [1, 1], [0.7, 0]])) == pytest.approx(0.9)
    assert auto_pass_target(np.array([[1.0], [1.0]])) == pytest.approx(0.95)
    assert auto_pass_target(np.array([[0.0], [0.2]])) == pytest.approx(0.5)
