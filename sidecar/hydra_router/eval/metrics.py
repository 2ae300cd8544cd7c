"""Cost-quality metrics of a router's curve. Pure functions on numbers.

A router's curve is its (cost, quality) points over its knob (τ for HyDRA, a
threshold for the binary router). The strong model is the single model with
the best quality (ties: the cheaper); the weak model is the cheapest single
model. Their costs fix the normalised cost axis x = (c − c_weak)/(c_strong − c_weak).

- PGR (RouteLLM): (q − q_weak)/(q_strong − q_weak), the share of the quality gap
  recovered. Not clipped: a router better than the strong model has PGR > 1.
- The PGR curve: the router's points on the x axis, made non-decreasing (a
  point is replaced by the best quality reached at lower or equal cost: a
  budget can always be under-spent) and joined by straight lines; 0 left of the
  first point (the router cannot spend that little), flat right of the last.
- APGR: the area under the PGR curve over x ∈ [0, 1] (RouteLLM's average
  performance gap recovered, taken as an exact integral instead of RouteLLM's
  evenly spaced call-percentages, which it approximates).
- CPT(p): the smallest x (in percent) where the PGR curve reaches p.
  RouteLLM states it as the percent of calls to the strong model; with equal
  per-call costs the two agree.
- AIQ (RouterBench): the mean height of the non-decreasing upper convex hull
  of the (cost, quality) points over [c_lo, c_hi], 0 left of the first point
  and flat right of the best one. The convex hull is what mixing two router
  settings at random can reach.
- Iso-quality savings: 1 − c/c_strong at the cheapest point whose quality is
  at least the strong model's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EPS = 1e-12


def pgr(quality: float, weak_quality: float, strong_quality: float) -> float:
    """Performance gap recovered; 0 when the gap is empty."""
    gap = strong_quality - weak_quality
    return 0.0 if abs(gap) < EPS else (quality - weak_quality) / gap


def normalised_cost(cost: float, weak_cost: float, strong_cost: float) -> float:
    """Where a cost lies between the weak (0) and the strong (1) model's."""
    span = strong_cost - weak_cost
    return 0.0 if abs(span) < EPS else (cost - weak_cost) / span


def pareto_staircase(xs: Sequence[float], ys: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Points sorted by x with y replaced by the running maximum (non-decreasing)."""
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    order = np.lexsort((-y, x))
    x, y = x[order], np.maximum.accumulate(y[order])
    # Keep one point per x (the best): later duplicates carry the same running max.
    keep = np.r_[x[1:] != x[:-1], True]
    return x[keep], y[keep]


def _piecewise_integral(x: np.ndarray, y: np.ndarray, lo: float, hi: float) -> float:
    """∫_lo^hi of the polyline through (x, y), 0 left of x[0], flat right of x[-1]."""
    if hi <= lo or x.size == 0:
        return 0.0
    grid = np.unique(np.clip(np.r_[lo, x, hi], lo, hi))
    values = np.where(grid < x[0], 0.0, np.interp(grid, x, y))
    total = 0.0
    for a, b, va, vb in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if b <= x[0]:
            continue  # left of the first point: the router cannot spend this little
        total += (b - a) * (va + vb) / 2.0
    return float(total)


def apgr(xs: Sequence[float], pgrs: Sequence[float]) -> float:
    """Area under the non-decreasing PGR curve over normalised cost [0, 1]."""
    x, y = pareto_staircase(xs, pgrs)
    return _piecewise_integral(x, y, 0.0, 1.0)


def cpt(xs: Sequence[float], pgrs: Sequence[float], target: float) -> float | None:
    """Smallest normalised cost, in percent, at which PGR reaches `target`; None if never."""
    x, y = pareto_staircase(xs, pgrs)
    hits = np.nonzero(y >= target - EPS)[0]
    if hits.size == 0:
        return None
    k = int(hits[0])
    if k == 0 or y[k] - y[k - 1] < EPS:
        return float(max(x[k], 0.0) * 100.0)
    # Linear between the previous point and this one, as the curve is drawn.
    t = (target - y[k - 1]) / (y[k] - y[k - 1])
    return float(max(x[k - 1] + t * (x[k] - x[k - 1]), 0.0) * 100.0)


def upper_hull(xs: Sequence[float], ys: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Non-decreasing upper convex hull: hull vertices up to the best y."""
    x, y = pareto_staircase(xs, ys)
    hull: list[tuple[float, float]] = []
    for px, py in zip(x.tolist(), y.tolist(), strict=True):
        while len(hull) >= 2:
            (ax, ay), (bx, by) = hull[-2], hull[-1]
            # Drop b when it lies on or below the segment a -> p.
            if (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= -EPS:
                hull.pop()
            else:
                break
        hull.append((px, py))
    hx = np.array([p[0] for p in hull])
    hy = np.array([p[1] for p in hull])
    return hx, hy


def aiq(costs: Sequence[float], qualities: Sequence[float], lo: float, hi: float) -> float:
    """RouterBench AIQ: mean of the non-decreasing convex hull over cost [lo, hi]."""
    if hi <= lo:
        raise ValueError("AIQ needs a cost range with hi > lo")
    hx, hy = upper_hull(costs, qualities)
    return _piecewise_integral(hx, hy, lo, hi) / (hi - lo)


def iso_quality_index(
    costs: Sequence[float], qualities: Sequence[float], reference_quality: float
) -> int | None:
    """Index of the cheapest point with quality ≥ the reference; None if none."""
    c = np.asarray(costs, dtype=float)
    q = np.asarray(qualities, dtype=float)
    ok = np.nonzero(q >= reference_quality - EPS)[0]
    if ok.size == 0:
        return None
    return int(ok[np.argmin(c[ok])])


def savings(cost: float, reference_cost: float) -> float:
    """Share of the reference cost saved (0.6 = 60 % cheaper)."""
    return 0.0 if reference_cost <= 0 else 1.0 - cost / reference_cost


def retention(quality: float, oracle_quality: float) -> float:
    """Quality kept relative to the oracle (cheapest passing model per item)."""
    return 0.0 if oracle_quality <= 0 else quality / oracle_quality


def apgr_routellm(xs: Sequence[float], pgrs: Sequence[float]) -> float:
    """RouteLLM's reading of APGR: the PGR curve as drawn, averaged over the cost it covers.

    No running-max envelope (a setting that costs more and recovers less counts
    as it is) and no credit outside the router's own cost range: the mean of the
    polyline through the points (sorted by cost, points at the same cost
    averaged) over [x_min, x_max] ∩ [0, 1], or over [x_min, x_max] when that
    misses [0, 1]. A router with a single cost (one model) gets its PGR there.
    """
    x = np.asarray(xs, dtype=float)
    y = np.asarray(pgrs, dtype=float)
    ux, inverse = np.unique(x, return_inverse=True)
    uy = np.bincount(inverse, weights=y) / np.bincount(inverse)
    if ux.size == 1 or ux[-1] - ux[0] < EPS:
        return float(uy.mean())
    lo, hi = max(ux[0], 0.0), min(ux[-1], 1.0)
    if hi - lo < EPS:
        lo, hi = ux[0], ux[-1]
    grid = np.unique(np.r_[lo, ux[(ux > lo) & (ux < hi)], hi])
    values = np.interp(grid, ux, uy)
    area = float(((grid[1:] - grid[:-1]) * (values[1:] + values[:-1]) / 2.0).sum())
    return area / (hi - lo)
