"""The eval pipeline: outcome items + prices + scorer → every figure of the report.

Steps: split by id (or take a separate calibration set) → score prompts →
normalise into the predictor's bands → fit capabilities, reliabilities and the
slope on the calibration part → sweep δ (HyDRA on predicted pass) and the
baselines' knobs on the evaluation part → regimes, metrics, breakdowns.

Regime δ values are chosen on out-of-fold predictions over the calibration
part (k folds, each fitted without its own items) and then applied to the
evaluation part, so the headline figures are out of sample twice over; the δ
that would have been best on the evaluation part itself is reported alongside
as an upper bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from hydra_router.eval import metrics
from hydra_router.eval.baselines import LABEL_MODES, HybridLLMRouter, PassRateRouter
from hydra_router.eval.calibrate import DEFAULT_PASS_FLOOR, ModelCalibration
from hydra_router.eval.conformal_splits import DEFAULT_SPLITS, evaluate_splits
from hydra_router.eval.costs import DEFAULT_OUTPUT_TOKENS, CostTable, ModelPrice, cost_table
from hydra_router.eval.outcomes import OutcomeItem, common_models
from hydra_router.eval.reliability import (
    DEFAULT_FOLDS,
    FittedHydra,
    HydraFitSpec,
    fit_hydra,
    out_of_fold_pass,
)
from hydra_router.eval.routers import (
    BinaryRouter,
    EvalPart,
    HydraRouter,
    Oracle,
    PassRouter,
    RandomMix,
    RoutePoint,
    RouterCurve,
    SingleModel,
    evaluate,
    sweep,
)
from hydra_router.eval.split import SplitSpec, split_items
from hydra_router.eval.summary import summarise
from hydra_router.matching import band_weights, normalize
from hydra_router.profiles import DEFAULT_INPUT_SHARE
from hydra_router.protocol import DIMENSIONS

AGGRESSIVE_PGR = 0.8


@dataclass(frozen=True)
class EvalSettings:
    """Knobs of one eval run."""

    split: SplitSpec = field(default_factory=lambda: SplitSpec(50, 50))
    pass_floor: float = DEFAULT_PASS_FLOOR
    output_tokens: int = DEFAULT_OUTPUT_TOKENS
    input_share: float = DEFAULT_INPUT_SHARE
    #: What "cheapest" means to the routers: each model's mean cost per item on the
    #: calibration part ("measured": tokens and recorded costs included, as agentic
    #: models spend very different token counts), or the catalog's blended list price.
    cost_order: Literal["measured", "price"] = "measured"
    weights: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)
    fixed_capabilities: dict[str, tuple[float, ...]] = field(default_factory=dict)
    folds: int = DEFAULT_FOLDS
    #: Only these models (None: every model scored on every item).
    models: tuple[str, ...] | None = None
    #: Hold ease (logit gain at demand 0) here instead of fitting it; 0 = no demand term.
    ease: float | None = None
    #: Random halvings of the evaluation part that check the guarantee regime's promise.
    conformal_splits: int = DEFAULT_SPLITS


@dataclass(frozen=True)
class Regime:
    """One operating point of HyDRA (`knob` is δ on predicted pass)."""

    name: str
    knob: float
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
    fitted: FittedHydra
    curves: dict[str, RouterCurve]
    calibration_curve: RouterCurve
    regimes: dict[str, Regime]
    regimes_eval_tuned: dict[str, Regime]
    binary_iso: RoutePoint | None
    summary: dict[str, object]
    breakdown: dict[str, dict[str, dict[str, object]]]
    measured_cost_share: float
    cost_sources: dict[str, float]


def blended_price(price: ModelPrice, input_share: float) -> float:
    """The matcher's 'cheapest' order: input_share·input + (1 − input_share)·output."""
    return input_share * price.input_per_1m + (1 - input_share) * price.output_per_1m


def cost_order(cal: EvalPart, prices: dict[str, ModelPrice], settings: EvalSettings) -> list[float]:
    """Per model, the cost the routers order by (see `EvalSettings.cost_order`)."""
    if settings.cost_order == "price":
        return [blended_price(prices[m], settings.input_share) for m in cal.models]
    return [float(c) for c in cal.cost.mean(axis=0)]


def build_part(
    items: Sequence[OutcomeItem],
    models: Sequence[str],
    requirements: np.ndarray,
    prices: dict[str, ModelPrice],
    output_tokens: int,
) -> tuple[EvalPart, CostTable]:
    """Arrays for one part, and its cost table (which says where each cost came from)."""
    table = cost_table(items, models, prices, output_tokens)
    quality = np.array([[item.outcomes[m] for m in models] for item in items], dtype=float)
    part = EvalPart(
        items=list(items),
        models=list(models),
        quality=quality.reshape(len(items), len(models)),
        cost=table.usd,
        requirements=requirements,
    )
    return part, table


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
    """peak / iso / aggressive knob (δ or τ) on a sweep (knob ascending = cost descending)."""
    points = sorted(curve.points, key=lambda p: p.knob)
    best = max(p.quality for p in points)
    regimes: dict[str, Regime] = {}
    peak = next(p for p in points if p.quality >= best - 1e-12)
    regimes["peak"] = Regime("peak", peak.knob, peak, "smallest knob with the highest quality")
    iso = [p for p in points if p.quality >= strong.quality - 1e-12]
    if iso:
        chosen = max(iso, key=lambda p: p.knob)
        regimes["iso"] = Regime(
            "iso", chosen.knob, chosen, "largest knob with quality ≥ the always-strongest model's"
        )
    target = weak.quality + AGGRESSIVE_PGR * (strong.quality - weak.quality)
    aggressive = [p for p in points if p.quality >= target - 1e-12]
    if aggressive:
        chosen = max(aggressive, key=lambda p: p.knob)
        regimes["aggressive"] = Regime(
            "aggressive",
            chosen.knob,
            chosen,
            f"largest knob recovering ≥ {AGGRESSIVE_PGR:.0%} of the weak→strong quality gap",
        )
    return regimes


def curve_metrics(
    curve: RouterCurve, strong: RoutePoint, weak: RoutePoint, cost_range: tuple[float, float]
) -> dict[str, float | None]:
    """APGR (both conventions), CPT(50 %), CPT(80 %), AIQ of one curve."""
    xs = [metrics.normalised_cost(p.cost, weak.cost, strong.cost) for p in curve.points]
    pg = [metrics.pgr(p.quality, weak.quality, strong.quality) for p in curve.points]
    lo, hi = cost_range
    return {
        "apgr": metrics.apgr(xs, pg),
        "apgr_routellm": metrics.apgr_routellm(xs, pg),
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
    calibrate_on: tuple[Sequence[OutcomeItem], np.ndarray] | None = None,
) -> EvalResult:
    """All figures for items with their raw predictor scores (same order).

    With `calibrate_on` (items and their raw scores) the fit uses those and every
    item of `items` is evaluated (no split).
    """
    band_list = [bands[d] for d in DIMENSIONS]

    def requirements_of(raw: np.ndarray) -> np.ndarray:
        return np.array([normalize(tuple(row), band_list) for row in raw]).reshape(-1, 4)

    every = [*items, *(calibrate_on[0] if calibrate_on else [])]
    models = pick_models(every, settings.models)
    if calibrate_on is None:
        requirements = requirements_of(raw_scores)
        by_id = {item.id: i for i, item in enumerate(items)}
        cal_items, ev_items = split_items(items, settings.split)
        cal_req = requirements[[by_id[i.id] for i in cal_items]]
        ev_req = requirements[[by_id[i.id] for i in ev_items]]
        where = f"split {settings.split.calibrate:g}:{settings.split.evaluate:g} leaves"
    else:
        cal_items, ev_items = list(calibrate_on[0]), list(items)
        cal_req, ev_req = requirements_of(calibrate_on[1]), requirements_of(raw_scores)
        where = "--calibrate-on and --data give"
    if len(cal_items) < 10 or len(ev_items) < 10:
        raise ValueError(
            f"{where} {len(cal_items)} calibration and {len(ev_items)} evaluation items; "
            "each part needs at least 10 (use more data or another --split)"
        )
    cal, _ = build_part(cal_items, models, cal_req, prices, settings.output_tokens)
    ev, costs = build_part(ev_items, models, ev_req, prices, settings.output_tokens)

    spec = HydraFitSpec(
        models=models,
        costs=cost_order(cal, prices, settings),
        weights=band_weights(settings.weights, band_list),
        pass_floor=settings.pass_floor,
        fixed_capabilities=settings.fixed_capabilities,
        ease=settings.ease,
    )
    fitted = fit_hydra(cal.requirements, cal.quality, spec)
    hydra = PassRouter(predict=lambda part: fitted.predict(part.requirements), models=fitted.models)

    strong, weak = pick_strong(cal), pick_weak(cal)
    binary_weak = select_binary_weak(cal, strong)
    singles = {m: sweep(SingleModel(m), ev) for m in models}
    rates = {m: float(r) for m, r in zip(models, cal.quality.mean(axis=0), strict=True)}
    curves: dict[str, RouterCurve] = {
        "hydra": sweep(hydra, ev),
        "hydra_tau": sweep(
            HydraRouter(models=fitted.models, weights=spec.weights, name="hydra_tau"), ev
        ),
        "binary": sweep(BinaryRouter(weak=binary_weak, strong=strong), ev),
        "random": sweep(RandomMix(weak=weak, strong=strong), ev),
        "passrate": sweep(PassRateRouter(rates, dict(zip(models, spec.costs, strict=True))), ev),
        "oracle": sweep(Oracle(), ev),
    }
    for mode in LABEL_MODES:
        router = HybridLLMRouter.train(cal, binary_weak, strong, mode)
        curves[router.name] = sweep(router, ev)
    curves.update({f"single:{m}": c for m, c in singles.items()})
    strong_ev, weak_ev = singles[strong].points[0], singles[weak].points[0]
    strong_cal = evaluate(cal, SingleModel(strong).assign(cal, 0))
    weak_cal = evaluate(cal, SingleModel(weak).assign(cal, 0))

    # Regimes: δ chosen on out-of-fold predictions over the calibration part.
    oof = out_of_fold_pass(
        [i.id for i in cal_items], cal.requirements, cal.quality, spec, settings.folds
    )
    calibration_curve = sweep(PassRouter(predict=lambda part: oof, models=fitted.models), cal)
    tuned = choose_regimes(calibration_curve, strong_cal, weak_cal)
    regimes = {
        name: Regime(name, r.knob, evaluate(ev, hydra.assign(ev, r.knob), r.knob), r.rule)
        for name, r in tuned.items()
    }
    regimes_eval = choose_regimes(curves["hydra"], strong_ev, weak_ev)
    # The binary router's iso threshold, chosen the same way: on the calibration
    # part, then applied to the evaluation part.
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
    # The guarantee regime: δ̂ certified on random halves of the evaluation part.
    guarantee = evaluate_splits(
        hydra.passes(ev), ev.quality, ev.cost, spec.costs, models, strong, settings.conformal_splits
    )
    single_costs = [c.points[0].cost for c in singles.values()]
    cost_range = (min(single_costs), max(single_costs))
    router_metrics = {
        name: curve_metrics(curve, strong_ev, weak_ev, cost_range) for name, curve in curves.items()
    }
    summary = summarise(
        curves,
        router_metrics,
        regimes,
        regimes_eval,
        (binary_iso, binary_iso_eval),
        strong_ev,
        weak_ev,
        cost_range,
        guarantee,
    )
    breakdown = {
        key: group_breakdown(ev, key, hydra, regimes, strong, weak) for key in ("lang", "category")
    }
    return EvalResult(
        models=models,
        n_calibrate=len(cal_items),
        n_evaluate=len(ev_items),
        strong=strong,
        weak=weak,
        binary_weak=binary_weak,
        calibration=fitted.calibration,
        fitted=fitted,
        curves=curves,
        calibration_curve=calibration_curve,
        regimes=regimes,
        regimes_eval_tuned=regimes_eval,
        binary_iso=binary_iso,
        summary=summary,
        breakdown=breakdown,
        measured_cost_share=costs.measured_share,
        cost_sources=costs.source_shares(),
    )


def pick_models(items: Sequence[OutcomeItem], wanted: Sequence[str] | None) -> list[str]:
    """Models scored on every item, or the `wanted` ones (ValueError naming any missing)."""
    models = common_models(items)
    if wanted:
        missing = [m for m in wanted if m not in models]
        if missing:
            raise ValueError(
                f"--models {missing} are not scored on every item; choose from: {', '.join(models)}"
            )
        models = [m for m in models if m in wanted]
    if len(models) < 2:
        raise ValueError("eval needs at least 2 models scored on every item")
    return models


def group_breakdown(
    ev: EvalPart,
    key: str,
    hydra: PassRouter,
    regimes: dict[str, Regime],
    strong: str,
    weak: str,
) -> dict[str, dict[str, object]]:
    """Quality and cost per language or category at each regime, with references."""
    values = np.array([getattr(item, key) for item in ev.items])
    out: dict[str, dict[str, object]] = {}
    for value in sorted(set(values.tolist())):
        mask = values == value

        # Assign on the full part (the router's prediction cache), then keep the group.
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
            point = at(hydra.assign(ev, regime.knob))
            row[f"hydra_{name}"] = {"quality": point.quality, "cost": point.cost}
        out[str(value)] = row
    return out
