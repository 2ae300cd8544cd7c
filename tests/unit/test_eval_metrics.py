"""Metrics on small curves whose values are worked out by hand in each test."""

from __future__ import annotations

import pytest

from hydra_router.eval import metrics


def test_pgr_and_normalised_cost():
    # weak 0.6, strong 0.8: a router at 0.75 recovers (0.75-0.6)/(0.8-0.6) = 0.75 of the gap.
    assert metrics.pgr(0.75, 0.6, 0.8) == pytest.approx(0.75)
    assert metrics.pgr(0.85, 0.6, 0.8) == pytest.approx(1.25)  # better than strong: > 1
    assert metrics.pgr(0.7, 0.7, 0.7) == 0.0  # empty gap
    # cost 3 between weak 1 and strong 5: (3-1)/(5-1) = 0.5
    assert metrics.normalised_cost(3.0, 1.0, 5.0) == pytest.approx(0.5)


def test_apgr_piecewise_linear():
    # Points (0, 0), (0.5, 0.8), (1, 1): trapezoids 0.5*(0+0.8)/2 + 0.5*(0.8+1)/2 = 0.2 + 0.45.
    assert metrics.apgr([0.0, 0.5, 1.0], [0.0, 0.8, 1.0]) == pytest.approx(0.65)


def test_apgr_uses_running_maximum():
    # (0.6, 0.3) lies below the earlier (0.4, 0.6): it becomes (0.6, 0.6).
    # 0.4*(0+0.6)/2 + 0.2*0.6 + 0.4*(0.6+1)/2 = 0.12 + 0.12 + 0.32 = 0.56.
    assert metrics.apgr([0.0, 0.4, 0.6, 1.0], [0.0, 0.6, 0.3, 1.0]) == pytest.approx(0.56)


def test_apgr_zero_left_of_first_point_flat_right_of_last():
    # Curve starts at x=0.2 (nothing before), ends at x=0.6 with PGR 1 (flat after):
    # 0.4*(0.5+1)/2 + 0.4*1 = 0.3 + 0.4 = 0.7.
    assert metrics.apgr([0.2, 0.6], [0.5, 1.0]) == pytest.approx(0.7)


def test_cpt_interpolates_on_the_curve():
    xs, ys = [0.0, 0.5, 1.0], [0.0, 0.8, 1.0]
    # 50 %: on the first segment, 0.5/0.8 of the way to x=0.5 → 0.3125 → 31.25 %.
    assert metrics.cpt(xs, ys, 0.5) == pytest.approx(31.25)
    # 80 %: exactly at the middle point.
    assert metrics.cpt(xs, ys, 0.8) == pytest.approx(50.0)
    # 90 %: half way along the second segment → 0.75.
    assert metrics.cpt(xs, ys, 0.9) == pytest.approx(75.0)
    assert metrics.cpt(xs, ys, 1.1) is None


def test_cpt_when_the_first_point_already_reaches_the_target():
    # Starts at (0.2, 0.6): CPT(50 %) is that point's cost, 20 %.
    assert metrics.cpt([0.2, 1.0], [0.6, 1.0], 0.5) == pytest.approx(20.0)


def test_upper_hull_drops_points_under_the_chord():
    # (2, 0.6) is under the chord (1, 0.5)–(3, 0.9), which is 0.7 at cost 2.
    hx, hy = metrics.upper_hull([1, 2, 3], [0.5, 0.6, 0.9])
    assert hx.tolist() == [1.0, 3.0]
    assert hy.tolist() == [0.5, 0.9]


def test_aiq_convex_hull_area():
    # Hull (1, 0.5)–(3, 0.9): area 2*(0.5+0.9)/2 = 1.4 over width 2 → 0.7.
    assert metrics.aiq([1, 2, 3], [0.5, 0.6, 0.9], lo=1, hi=3) == pytest.approx(0.7)


def test_aiq_flat_after_the_best_point_and_zero_before_the_first():
    # Best point at cost 2: area 1*(0.5+0.9)/2 + 1*0.9 = 0.7 + 0.9 = 1.6 over 2 → 0.8.
    assert metrics.aiq([1, 2], [0.5, 0.9], lo=1, hi=3) == pytest.approx(0.8)
    # Cheapest point at cost 2: nothing on [1, 2]; 1*(0.6+0.9)/2 = 0.75 over 2 → 0.375.
    assert metrics.aiq([2, 3], [0.6, 0.9], lo=1, hi=3) == pytest.approx(0.375)
    # A later, worse point does not lower the hull: (3, 0.4) after (2, 0.9) → same 0.8.
    assert metrics.aiq([1, 2, 3], [0.5, 0.9, 0.4], lo=1, hi=3) == pytest.approx(0.8)


def test_iso_quality_index_savings_and_retention():
    costs, qualities = [1.0, 2.0, 3.0], [0.5, 0.85, 0.9]
    # Cheapest point with quality ≥ 0.85 is the second.
    assert metrics.iso_quality_index(costs, qualities, 0.85) == 1
    assert metrics.iso_quality_index(costs, qualities, 0.95) is None
    # Cost 1 against a reference of 4: 75 % saved.
    assert metrics.savings(1.0, 4.0) == pytest.approx(0.75)
    assert metrics.retention(0.72, 0.9) == pytest.approx(0.8)
