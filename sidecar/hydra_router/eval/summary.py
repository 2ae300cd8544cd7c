"""The headline figures of one eval run: regimes, routers, iso savings, targets.

Plain data for report.py. Every router (HyDRA, its τ-only form, the baselines,
the oracle and every single model) carries both APGR conventions: `apgr` (this
project's running-max envelope over the whole normalised cost axis) and
`apgr_routellm` (the curve as drawn, averaged over the cost range it covers).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from hydra_router.eval import metrics
from hydra_router.eval.conformal_splits import GuaranteeSplits
from hydra_router.eval.routers import RandomMix, RoutePoint, RouterCurve

if TYPE_CHECKING:
    from hydra_router.eval.pipeline import Regime

HYBRID_PREFIX = "hybrid_llm:"
#: Targets: APGR floor, margin over the prompt-blind router, tolerance below strong at peak.
APGR_TARGET = 0.85
PASSRATE_MARGIN = 0.03
PEAK_TOLERANCE = 0.005


def router_table(
    curves: dict[str, RouterCurve], router_metrics: dict[str, dict[str, float | None]]
) -> dict[str, dict[str, object]]:
    """`summary.routers`: every router by name; `hybrid_llm` is its best label mode.

    The best mode is picked by APGR on the evaluation part itself, which flatters
    the baseline, not HyDRA.
    """
    table: dict[str, dict[str, object]] = {}
    for name, values in router_metrics.items():
        kind = curves[name].kind
        table[name] = {**values, "kind": kind}
    modes = {n: v for n, v in router_metrics.items() if n.startswith(HYBRID_PREFIX)}
    if modes:
        best = max(modes, key=lambda n: float(modes[n]["apgr"] or 0.0))
        table["hybrid_llm"] = {
            **modes[best],
            "kind": "hybrid_llm",
            "mode": best[len(HYBRID_PREFIX) :],
            "modes": {n[len(HYBRID_PREFIX) :]: v["apgr"] for n, v in modes.items()},
            "mode_chosen_on": "evaluation part (optimistic for this baseline)",
        }
    return table


def summarise(
    curves: dict[str, RouterCurve],
    router_metrics: dict[str, dict[str, float | None]],
    regimes: dict[str, Regime],
    regimes_eval: dict[str, Regime],
    binary_iso: tuple[RoutePoint | None, RoutePoint | None],
    strong: RoutePoint,
    weak: RoutePoint,
    cost_range: tuple[float, float],
    guarantee: GuaranteeSplits,
) -> dict[str, object]:
    """Headline figures and per-router metrics; `conformal`: the guarantee regime's
    coverage and savings per (ε, α) over random halvings of the evaluation part."""
    oracle = curves["oracle"].points[0]
    routers = router_table(curves, router_metrics)

    def iso_savings(regs: dict[str, Regime]) -> float | None:
        return metrics.savings(regs["iso"].point.cost, strong.cost) if "iso" in regs else None

    hydra_iso = iso_savings(regimes)
    binary_cal_tuned, binary_eval_tuned = binary_iso
    binary_savings = (
        None if binary_cal_tuned is None else metrics.savings(binary_cal_tuned.cost, strong.cost)
    )
    regime_rows = {}
    for label, regs in (("calibration_tuned", regimes), ("eval_tuned", regimes_eval)):
        regime_rows[label] = {
            name: {
                "delta": r.knob,
                "rule": r.rule,
                "quality": r.point.quality,
                "cost": r.point.cost,
                "savings_vs_strong": metrics.savings(r.point.cost, strong.cost),
                "pgr": metrics.pgr(r.point.quality, weak.quality, strong.quality),
                "retention_vs_oracle": metrics.retention(r.point.quality, oracle.quality),
                "random_mix_quality_at_same_cost": RandomMix.quality_at_cost(
                    r.point.cost, weak, strong
                ),
                "shares": r.point.shares,
            }
            for name, r in regs.items()
        }
    ratio = None
    if hydra_iso is not None and binary_savings is not None and binary_savings > 0:
        ratio = hydra_iso / binary_savings
    peak = regimes.get("peak")
    apgr = routers["hydra"]["apgr"]
    passrate = routers["passrate"]["apgr"]
    return {
        "strong_quality": strong.quality,
        "strong_cost": strong.cost,
        "weak_quality": weak.quality,
        "weak_cost": weak.cost,
        "oracle_quality": oracle.quality,
        "oracle_cost": oracle.cost,
        "cost_range": list(cost_range),
        "routers": routers,
        "regimes": regime_rows,
        "iso_savings": hydra_iso,
        "iso_savings_eval_tuned": iso_savings(regimes_eval),
        "binary_iso_savings": binary_savings,
        "binary_iso_quality": None if binary_cal_tuned is None else binary_cal_tuned.quality,
        "binary_iso_savings_eval_tuned": None
        if binary_eval_tuned is None
        else metrics.savings(binary_eval_tuned.cost, strong.cost),
        "iso_quality": regimes["iso"].point.quality if "iso" in regimes else None,
        "iso_savings_ratio_vs_binary": ratio,
        "peak_quality": None if peak is None else peak.point.quality,
        "conformal": [asdict(p) for p in guarantee.points],
        "conformal_setup": {
            "splits": guarantee.splits,
            "n_calibration": guarantee.n_calibration,
            "n_test": guarantee.n_test,
            "reference": guarantee.reference,
            "seed": guarantee.seed,
        },
        "targets": {
            "apgr_ge_0_85": apgr is not None and float(apgr) >= APGR_TARGET,  # type: ignore[arg-type]
            "apgr_ge_passrate_plus_0_03": apgr is not None
            and passrate is not None
            and float(apgr) >= float(passrate) + PASSRATE_MARGIN,  # type: ignore[arg-type]
            "apgr_ge_binary": apgr is not None
            and float(apgr) >= float(routers["binary"]["apgr"] or 0.0),  # type: ignore[arg-type]
            "peak_ge_strong_minus_0_005": peak is not None
            and peak.point.quality >= strong.quality - PEAK_TOLERANCE,
            "iso_quality_ge_strong": "iso" in regimes
            and regimes["iso"].point.quality >= strong.quality - 1e-12,
            "conformal_coverage_ge_1_minus_alpha": all(p.met for p in guarantee.points),
        },
    }
