"""The eval pipeline: outcome items + prices + scorer → every figure of the report.

Steps: split by id → score prompts → normalise into the predictor's bands →
calibrate capabilities on the calibration part → sweep τ (HyDRA) and the
baselines' knobs on the evaluation part → regimes, metrics, breakdowns.

Regime τ values are chosen on the calibration part and then applied to the
evaluation part, so the headline figures are out of sample; the τ that would
have been best on the evaluation part itself is reported alongside as an upper
bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from hydra_router.eval import metrics
from hydra_router.eval.calibrate import DEFAULT_PASS_FLOOR, ModelCalibration, calibrate_models
from hydra_router.eval.costs import DEFAULT_OUTPUT_TOKENS, ModelPrice, cost_table
from hydra_router.eval.outcomes import OutcomeItem, common_models
from hydra_router.eval.routers import (
    BinaryRouter,
    EvalPart,
    HydraRouter,
    Oracle,
    RandomMix,
    RoutePoint,
    RouterCurve,
    SingleModel,
    evaluate,
    sweep,
)
from hydra_router.eval.split import SplitSpec, split_items
from hydra_router.matching import MatchModel, band_weights, normalize
from hydra_router.protocol import DIMENSIONS

AGGRESSIVE_PGR = 0.8


@dataclass(frozen=True)
class EvalSettings:
    """Knobs of one eval run."""

    split: SplitSpec = field(default_factory=lambda: SplitSpec(50, 50))
    pass_floor: float = DEFAULT_PASS_FLOOR
    output_tokens: int = DEFAULT_OUTPUT_TOKENS
    input_share: float = 0.75
    weights: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)
    fixed_capabilities: dict[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Regime:
    """One operating point of HyDRA."""

    name: str
    tau: float
    point: RoutePoint
    rule: str


@dataclass
class EvalResult:
    """Everything the report needs (plain data; report.py formats it)."""

    models: list[str]
    n_calibrate: int
    n_evaluate: int
    strong: str
    weak: str
    binary_weak: str
    calibration: list[ModelCalibration]
    curves: dict[str, RouterCurve]
    calibration_curve: RouterCurve
    regimes: dict[str, Regime]
    regimes_eval_tuned: dict[str, Regime]
    binary_iso: RoutePoint | None
    summary: dict[str, object]
    breakdown: dict[str, dict[str, dict[str, object]]]
    measured_cost_share: float


def blended_price(price: ModelPrice, input_share: float) -> float:
    """The matcher's 'cheapest' order: input_share·input + (1 − input_share)·output."""
    return input_share * price.input_per_1m + (1 - input_share) * price.output_per_1m


def build_part(
    items: Sequence[OutcomeItem],
    models: Sequence[str],
    requirements: np.ndarray,
    prices: dict[str, ModelPrice],
    output_tokens: int,
) -> tuple[EvalPart, float]:
    """Arrays for one part, and the share of its costs from recorded tokens."""
    table = cost_table(items, models, prices, output_tokens)
    quality = np.array([[item.outcomes[m] for m in models] for item in items], dtype=float)
    part = EvalPart(
        items=list(items),
        models=list(models),
        quality=quality.reshape(len(items), len(models)),
        cost=table.usd,
        requirements=requirements,
    )
    return part, table.measured_share


def pick_strong(part: EvalPart) -> str:
    """Best mean quality, ties to the cheaper (the 'always-strongest' model)."""
    q = part.quality.mean(axis=0)
    c = part.cost.mean(axis=0)
    return part.models[int(np.lexsort((c, -q))[0])]


def pick_weak(part: EvalPart) -> str:
    """Cheapest mean cost, ties to the better."""
    q = part.quality.mean(axis=0)
    c = part.cost.mean(axis=0)
    return part.models[int(np.lexsort((-q, c))[0])]


def choose_regimes(curve: RouterCurve, strong: RoutePoint, weak: RoutePoint) -> dict[str, Regime]:
    """peak / iso / aggressive τ on a sweep (knob ascending = cost descending)."""
    points = sorted(curve.points, key=lambda p: p.knob)
    best = max(p.quality for p in points)
    regimes: dict[str, Regime] = {}
    peak = next(p for p in points if p.quality >= best - 1e-12)
    regimes["peak"] = Regime("peak", peak.knob, peak, "smallest τ with the highest quality")
    iso = [p for p in points if p.quality >= strong.quality - 1e-12]
    if iso:
        chosen = max(iso, key=lambda p: p.knob)
        regimes["iso"] = Regime(
            "iso", chosen.knob, chosen, "largest τ with quality ≥ the always-strongest model's"
        )
    target = weak.quality + AGGRESSIVE_PGR * (strong.quality - weak.quality)
    aggressive = [p for p in points if p.quality >= target - 1e-12]
    if aggressive:
        chosen = max(aggressive, key=lambda p: p.knob)
        regimes["aggressive"] = Regime(
            "aggressive",
            chosen.knob,
            chosen,
            f"largest τ recovering ≥ {AGGRESSIVE_PGR:.0%} of the weak→strong quality gap",
        )
    return regimes


def curve_metrics(
    curve: RouterCurve, strong: RoutePoint, weak: RoutePoint, cost_range: tuple[float, float]
) -> dict[str, float | None]:
    """APGR, CPT(50 %), CPT(80 %), AIQ of one curve."""
    xs = [metrics.normalised_cost(p.cost, weak.cost, strong.cost) for p in curve.points]
    pg = [metrics.pgr(p.quality, weak.quality, strong.quality) for p in curve.points]
    lo, hi = cost_range
    return {
        "apgr": metrics.apgr(xs, pg),
        "cpt50": metrics.cpt(xs, pg, 0.5),
        "cpt80": metrics.cpt(xs, pg, 0.8),
        "aiq": metrics.aiq(curve.costs(), curve.qualities(), lo, hi) if hi > lo else None,
    }


def select_binary_weak(cal: EvalPart, strong: str) -> str:
    """The binary router's weak model: the cheaper model with the best AIQ on calibration."""
    singles = {m: evaluate(cal, SingleModel(m).assign(cal, 0)) for m in cal.models}
    costs = [p.cost for p in singles.values()]
    lo, hi = min(costs), max(costs)
    best, best_aiq = None, -1.0
    for model, point in singles.items():
        if model == strong or point.cost >= singles[strong].cost:
            continue
        curve = sweep(BinaryRouter(weak=model, strong=strong), cal)
        value = metrics.aiq(curve.costs(), curve.qualities(), lo, hi) if hi > lo else 0.0
        if value > best_aiq:
            best, best_aiq = model, value
    return best or pick_weak(cal)


def run_evaluation(
    items: Sequence[OutcomeItem],
    raw_scores: np.ndarray,
    bands: dict[str, tuple[float, float]],
    prices: dict[str, ModelPrice],
    settings: EvalSettings,
) -> EvalResult:
    """All figures for items with their raw predictor scores (same order)."""
    models = common_models(items)
    if len(models) < 2:
        raise ValueError("eval needs at least 2 models scored on every item")
    band_list = [bands[d] for d in DIMENSIONS]
    requirements = np.array([normalize(tuple(row), band_list) for row in raw_scores])
    by_id = {item.id: i for i, item in enumerate(items)}
    cal_items, ev_items = split_items(items, settings.split)
    if len(cal_items) < 10 or len(ev_items) < 10:
        raise ValueError(
            f"split {settings.split.calibrate:g}:{settings.split.evaluate:g} leaves "
            f"{len(cal_items)} calibration and {len(ev_items)} evaluation items; "
            "each part needs at least 10 (use more data or another --split)"
        )
    cal, _ = build_part(
        cal_items,
        models,
        requirements[[by_id[i.id] for i in cal_items]],
        prices,
        settings.output_tokens,
    )
    ev, measured = build_part(
        ev_items,
        models,
        requirements[[by_id[i.id] for i in ev_items]],
        prices,
        settings.output_tokens,
    )

    calibration = calibrate_models(cal.requirements, cal.quality, models, settings.pass_floor)
    match = [
        MatchModel(
            id=c.model,
            capabilities=settings.fixed_capabilities.get(c.model, c.vector()),
            cost=blended_price(prices[c.model], settings.input_share),
        )
        for c in calibration
    ]
    weights = band_weights(settings.weights, band_list)
    hydra = HydraRouter(models=match, weights=weights)

    strong, weak = pick_strong(cal), pick_weak(cal)
    binary_weak = select_binary_weak(cal, strong)
    singles = {m: sweep(SingleModel(m), ev) for m in models}
    curves: dict[str, RouterCurve] = {
        "hydra": sweep(hydra, ev),
        "binary": sweep(BinaryRouter(weak=binary_weak, strong=strong), ev),
        "random": sweep(RandomMix(weak=weak, strong=strong), ev),
        "oracle": sweep(Oracle(), ev),
    }
    curves.update({f"single:{m}": c for m, c in singles.items()})
    strong_ev, weak_ev = singles[strong].points[0], singles[weak].points[0]
    strong_cal = evaluate(cal, SingleModel(strong).assign(cal, 0))
    weak_cal = evaluate(cal, SingleModel(weak).assign(cal, 0))

    calibration_curve = sweep(hydra, cal)
    tuned = choose_regimes(calibration_curve, strong_cal, weak_cal)
    regimes = {
        name: Regime(name, r.tau, evaluate(ev, hydra.assign(ev, r.tau), r.tau), r.rule)
        for name, r in tuned.items()
    }
    regimes_eval = choose_regimes(curves["hydra"], strong_ev, weak_ev)
    # The binary router's iso threshold, chosen the same way as HyDRA's τ: on the
    # calibration part, then applied to the evaluation part.
    binary = BinaryRouter(weak=binary_weak, strong=strong)
    binary_cal = sweep(binary, cal)
    index = metrics.iso_quality_index(
        binary_cal.costs(), binary_cal.qualities(), strong_cal.quality
    )
    binary_iso = None
    if index is not None:
        threshold = binary_cal.points[index].knob
        binary_iso = evaluate(ev, binary.assign(ev, threshold), threshold)
    index = metrics.iso_quality_index(
        curves["binary"].costs(), curves["binary"].qualities(), strong_ev.quality
    )
    binary_iso_eval = None if index is None else curves["binary"].points[index]
    single_costs = [c.points[0].cost for c in singles.values()]
    cost_range = (min(single_costs), max(single_costs))
    summary = summarise(
        curves, regimes, regimes_eval, (binary_iso, binary_iso_eval), strong_ev, weak_ev, cost_range
    )
    breakdown = {
        key: group_breakdown(ev, key, hydra, curves, regimes, strong, weak, binary_weak)
        for key in ("lang", "category")
    }
    return EvalResult(
        models=models,
        n_calibrate=len(cal_items),
        n_evaluate=len(ev_items),
        strong=strong,
        weak=weak,
        binary_weak=binary_weak,
        calibration=calibration,
        curves=curves,
        calibration_curve=calibration_curve,
        regimes=regimes,
        regimes_eval_tuned=regimes_eval,
        binary_iso=binary_iso,
        summary=summary,
        breakdown=breakdown,
        measured_cost_share=measured,
    )


def summarise(
    curves: dict[str, RouterCurve],
    regimes: dict[str, Regime],
    regimes_eval: dict[str, Regime],
    binary_iso: tuple[RoutePoint | None, RoutePoint | None],
    strong: RoutePoint,
    weak: RoutePoint,
    cost_range: tuple[float, float],
) -> dict[str, object]:
    """Headline figures and per-router metrics."""
    oracle = curves["oracle"].points[0]
    per_router = {
        name: curve_metrics(curves[name], strong, weak, cost_range)
        for name in ("hydra", "binary", "random")
    }

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
                "tau": r.tau,
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
    return {
        "strong_quality": strong.quality,
        "strong_cost": strong.cost,
        "weak_quality": weak.quality,
        "weak_cost": weak.cost,
        "oracle_quality": oracle.quality,
        "oracle_cost": oracle.cost,
        "cost_range": list(cost_range),
        "routers": per_router,
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
        "targets": {
            "iso_savings_ge_50pct": hydra_iso is not None and hydra_iso >= 0.5,
            # Undefined when the binary router saves nothing: a sliver of HyDRA savings
            # over zero is no evidence of "5x", so that case does not count as met.
            "iso_savings_ge_5x_binary": ratio is not None and ratio >= 5.0,
            "apgr_ge_0_75": per_router["hydra"]["apgr"] is not None
            and float(per_router["hydra"]["apgr"] or 0) >= 0.75,
            "peak_ge_strong": peak is not None and peak.point.quality >= strong.quality - 1e-12,
        },
    }


def group_breakdown(
    ev: EvalPart,
    key: str,
    hydra: HydraRouter,
    curves: dict[str, RouterCurve],
    regimes: dict[str, Regime],
    strong: str,
    weak: str,
    binary_weak: str,
) -> dict[str, dict[str, object]]:
    """Quality and cost per language or category at each regime, with references."""
    values = np.array([getattr(item, key) for item in ev.items])
    out: dict[str, dict[str, object]] = {}
    for value in sorted(set(values.tolist())):
        mask = values == value

        # Assign on the full part (the router's shortfall cache), then keep the group.
        def at(assignment: np.ndarray, mask: np.ndarray = mask) -> RoutePoint:
            sub = ev.subset(mask)
            return evaluate(sub, assignment[mask])

        row: dict[str, object] = {"n": int(mask.sum())}
        for name, model in (("strong", strong), ("weak", weak)):
            point = at(SingleModel(model).assign(ev, 0))
            row[name] = {"quality": point.quality, "cost": point.cost}
        oracle = at(Oracle().assign(ev, 0))
        row["oracle"] = {"quality": oracle.quality, "cost": oracle.cost}
        for name, regime in regimes.items():
            point = at(hydra.assign(ev, regime.tau))
            row[f"hydra_{name}"] = {"quality": point.quality, "cost": point.cost}
        out[str(value)] = row
    return out
