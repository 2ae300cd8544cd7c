"""`hydra-router calibrate`: fit capability vectors from a model's benchmark logs.

    hydra-router calibrate --data LOGS.jsonl... --prices models.yaml --out fragment.yaml
    hydra-router calibrate --catalog PROFILES.yaml --data LOG.jsonl --out PROPOSED.yaml

Writes a profiles.yaml fragment (a `models:` list) with each model's fitted
capabilities, its reliability σ(a_m), a confidence note per value, and the
price when known, plus the catalog's `slope` b and `ease` e ≥ 0 (the logit
every model gains on a request of demand 0), fitted jointly with the a_m. With
`--slope B --ease E` (those of the catalog the models join) b and e are held
and each model's a_m is fitted on its own outcomes, so adding a model changes
no other model (`--slope` alone: a catalog without `ease`, e = 0). With prices for every
model, the regimes' δ are chosen on out-of-fold sweeps (k folds) and written
as a `defaults.delta` suggestion. Paste the entries into profiles.yaml and set
`vendor`/`family` to the editor's selector.

With `--catalog`, the catalog's reliabilities are refitted from the logs instead
(the editor's feedback log, or any outcome file) and the catalog is written back
with only those values changed (`refit_cli.py`).

    hydra-router calibrate --catalog profiles.yaml --data OUTCOMES --guarantee EPS --out P

certifies the `guarantee` regime's δ for a catalog as it is, on outcomes the
catalog was not fitted on (see `guarantee_cli`); without `--catalog`,
`--guarantee` fits the fragment on part of the data and certifies it on the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hydra_router.eval.costs import ModelPrice
from hydra_router.eval.eval_cli import add_scoring_arguments
from hydra_router.eval.guarantee_cli import add_guarantee_arguments
from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.eval.refit import DEFAULT_PRIOR
from hydra_router.eval.reliability import DEFAULT_FOLDS
from hydra_router.protocol import DIMENSIONS

DEFAULT_CONTEXT_WINDOW = 128000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `hydra-router calibrate`."""
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        required=True,
        metavar="FILE",
        help="outcome files (JSONL: id, prompt or the sidecar's raw scores, outcomes "
        "{model: score}); the editor's feedback log is one",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FRAGMENT.yaml",
        help="where to write the profiles.yaml fragment, or with --catalog the proposed "
        "(with --guarantee: the certified) catalog ('-' for stdout)",
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        metavar="PROFILES.yaml",
        help="refit this catalog's `reliability` per model from the logs' outcomes, holding "
        "its capabilities, slope and ease; --out gets the catalog with only those values "
        "changed (models without outcomes keep theirs); with --guarantee, certify it as "
        "it is on --data (outcomes it was not fitted on) instead",
    )
    parser.add_argument(
        "--prior",
        type=float,
        default=DEFAULT_PRIOR,
        metavar="N",
        help="with --catalog: how many outcomes the catalog's current reliability is worth "
        f"(default {DEFAULT_PRIOR:g}); a model's value moves halfway to its observed rate "
        "after about N outcomes",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        metavar="ID",
        help="only these model ids (default: every model in the files, or with --catalog "
        "every catalog model)",
    )
    parser.add_argument(
        "--prices",
        type=Path,
        metavar="YAML",
        help="price table (`models: {id: {input_per_1m, output_per_1m}}`) "
        "to fill each entry's price",
    )
    parser.add_argument(
        "--slope",
        type=float,
        metavar="B",
        help="hold the catalog's slope b at this value and fit only each model's "
        "reliability (adding models to a fitted catalog)",
    )
    parser.add_argument(
        "--ease",
        type=float,
        metavar="E",
        help="with --slope: hold the catalog's ease (logit gain at demand 0, ≥ 0) at this "
        "value too (omit it for a catalog without `ease`)",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=DEFAULT_FOLDS,
        metavar="K",
        help=f"folds of the out-of-fold sweep that suggests δ per regime (default {DEFAULT_FOLDS})",
    )
    add_scoring_arguments(parser)
    add_guarantee_arguments(parser)
    parser.add_argument("--cache", type=Path, metavar="DIR", help="score cache folder")
    parser.add_argument("--no-cache", action="store_true", help="score every prompt afresh")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def fragment(calibrations, prices, header: list[str], reliability, regimes=None) -> str:  # noqa: ANN001
    """The YAML text: `slope`, one ModelProfile per model, notes as comments."""
    lines = [f"# {h}" for h in header]
    how = "held (--slope)" if reliability.slope_fixed else "fitted on these logs"
    lines += [f"slope: {reliability.slope:.4f}  # b, {how}"]
    if reliability.ease is not None:
        how_ease = (
            "held (--ease)"
            if reliability.ease_fixed
            else f"fitted on these logs (Σ(1 − d) = {reliability.ease_weight:.0f} outcomes' worth)"
        )
        lines += [f"ease: {reliability.ease:.4f}  # logit gain at demand 0, {how_ease}"]
    if regimes:
        cells = ", ".join(f"{name}: {regimes[name]:.4f}" for name in regimes)
        lines += [
            "# δ per regime from out-of-fold sweeps of these logs; to use them, set under",
            f"# `defaults:` in profiles.yaml:   delta: {{{cells}}}",
        ]
    lines += ["models:"]
    for cal in calibrations:
        lines += [
            f"  - id: {cal.model}",
            f"    name: {cal.model}",
            "    vendor: unknown  # set: the vscode.lm vendor of this model",
            f"    family: {cal.model}  # set: the vscode.lm family",
            f"    # mean score {cal.mean_score:.3f} on {cal.n_items} items",
            f"    reliability: {reliability.reliability(cal.model):.4f}  # at zero shortfall: "
            f"σ(a_m), a_m = {reliability.intercepts[cal.model]:+.3f}",
            "    capabilities:",
        ]
        for fit in cal.fits:
            lines.append(
                f"      {fit.dimension}: {fit.capability:.2f}  # {fit.confidence}: {fit.note}"
            )
        price = prices.get(cal.model)
        if price is None:
            lines.append("    price: { input: 0.0, output: 0.0 }  # set: USD per 1M tokens")
        else:
            lines.append(
                f"    price: {{ input: {price.input_per_1m}, output: {price.output_per_1m} }}"
            )
        lines.append(f"    context_window: {DEFAULT_CONTEXT_WINDOW}  # set the real window")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Score the prompts, fit capabilities per model, write the fragment (or, with
    --catalog, refit the catalog's reliabilities; with --guarantee, certify δ)."""
    from hydra_router.eval.guarantee_cli import run_guarantee, wants_guarantee

    if wants_guarantee(args):
        return run_guarantee(args)
    if args.catalog is not None:
        from hydra_router.eval import refit_cli

        return refit_cli.run(args)
    if args.prior != DEFAULT_PRIOR:
        print("calibrate: --prior applies only with --catalog", file=sys.stderr)
        return 2
    from hydra_router.eval.outcomes import OutcomeFormatError

    problem = held_problem(args)
    if problem is not None:
        print(f"calibrate: {problem}", file=sys.stderr)
        return 2
    try:
        inputs = read_inputs(args)
    except (OutcomeFormatError, ValueError) as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    text = fit_fragment(args, inputs.items, inputs.requirements, inputs)
    write_text(args.out, text, f"{len(inputs.models)} models")
    return 0


@dataclass(frozen=True)
class Inputs:
    """The outcome items, prices, models to fit and the items' normalised requirements."""

    items: list[OutcomeItem]
    prices: dict[str, ModelPrice]
    models: list[str]
    requirements: np.ndarray
    bands: list[tuple[float, float]]
    source: str


def score_requirements(
    args: argparse.Namespace, items: list[OutcomeItem]
) -> tuple[np.ndarray, list[tuple[float, float]], str]:
    """The items' normalised requirements [n, 4], the bands and where the scores came from,
    as --model, --scores and the cache options say (ValueError on problems)."""
    from hydra_router.eval.scores import default_cache_dir, scores_for_items
    from hydra_router.matching import normalize

    cache = None if args.no_cache else (args.cache or default_cache_dir())
    scores = scores_for_items(items, args.model, args.scores, cache, not args.quiet)
    bands = [scores.bands[d] for d in DIMENSIONS]
    requirements = np.array([normalize(tuple(row), bands) for row in scores.raw]).reshape(-1, 4)
    return requirements, bands, scores.source


def read_inputs(args: argparse.Namespace) -> Inputs:
    """Read --data and --prices, check --models, score every prompt (ValueError on problems)."""
    from hydra_router.eval.costs import load_prices
    from hydra_router.eval.outcomes import read_many

    items = read_many(args.data)
    prices = load_prices(args.prices) if args.prices else {}
    present = sorted({m for item in items for m in item.outcomes})
    wanted = args.models or present
    unknown = [m for m in wanted if m not in present]
    if unknown:
        raise ValueError(
            f"--models {unknown} have no outcomes in the files; known: {', '.join(present)}"
        )
    requirements, bands, source = score_requirements(args, items)
    return Inputs(items, prices, list(wanted), requirements, bands, source)


def held_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with --slope / --ease, or None."""
    if args.slope is not None and args.slope < 0:
        return "--slope must be 0 or more"
    if args.ease is not None and (args.slope is None or args.ease < 0):
        return "--ease needs --slope and must be 0 or more"
    return None


def fit_fragment(
    args: argparse.Namespace,
    items: list[OutcomeItem],
    requirements: np.ndarray,
    inputs: Inputs,
) -> str:
    """The fragment's text: capabilities, reliabilities, slope and ease fitted on `items`."""
    from hydra_router.eval.calibrate import calibrate_models
    from hydra_router.matching import band_weights

    floor = args.pass_floor
    calibrations = []
    for model in inputs.models:
        rows = [k for k, item in enumerate(items) if model in item.outcomes]
        outcomes = np.array([[items[k].outcomes[model]] for k in rows])
        calibrations += calibrate_models(requirements[rows], outcomes, [model], floor)
    weights = band_weights((1.0,) * len(DIMENSIONS), inputs.bands)
    fit = fit_catalog_reliability(
        items, requirements, calibrations, weights, (args.slope, args.ease)
    )
    regimes = None
    wanted, prices = inputs.models, inputs.prices
    if len(wanted) >= 2 and all(m in prices for m in wanted) and args.folds >= 2:
        regimes = suggest_deltas(items, requirements, wanted, prices, weights, floor, args.folds)
    header = [
        f"hydra-router calibrate, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"data: {', '.join(str(p) for p in args.data)} ({len(items)} items)",
        f"requirement scores: {inputs.source}",
        "capability = requirement level (normalised band) up to which the fitted pass",
        f"probability stays above p, averaged over p in [{floor}, 1] (--pass-floor).",
        "Confidence per value: n_eff = items' worth of exercise of the dimension, pass rate,",
        "slope of the fit, ±1 s.e. of the capability.",
        "reliability = pass probability at zero shortfall; predicted pass on a request is",
        "σ(logit(reliability) + ease·(1 − d) − slope·shortfall), d = the request's",
        "largest normalised requirement, shortfall with equal dimension weights.",
        "Paste the entries under `models:` in profiles.yaml and fix the lines marked `set`.",
    ]
    return fragment(calibrations, prices, header, fit, regimes)


def write_text(out: Path, text: str, what: str) -> None:
    """Write to `out` ('-': stdout), saying on stderr what was written where."""
    if str(out) == "-":
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"calibrate: wrote {what} to {out}", file=sys.stderr)


def fit_catalog_reliability(items, requirements, calibrations, weights, held):  # noqa: ANN001, ANN201
    """a_m per model, b and ease (or those held, `held` = (slope, ease)) on own outcomes."""
    from hydra_router.eval.reliability import demand_vector, fit_reliability
    from hydra_router.eval.routers import shortfall_matrix
    from hydra_router.matching import MatchModel

    slope, ease = held
    models = [MatchModel(c.model, c.vector(), 0.0) for c in calibrations]
    s = shortfall_matrix(requirements, models, weights)
    y = np.array([[item.outcomes.get(m.id, np.nan) for m in models] for item in items], dtype=float)
    demand = demand_vector(requirements, weights)
    return fit_reliability(s, y, [m.id for m in models], slope=slope, demand=demand, ease=ease)


def suggest_deltas(items, requirements, models, prices, weights, floor, folds):  # noqa: ANN001, ANN201
    """δ per regime chosen on out-of-fold predicted pass over the items every model ran."""
    from hydra_router.eval.pipeline import (
        build_part,
        choose_regimes,
        pick_strong,
        pick_weak,
    )
    from hydra_router.eval.reliability import HydraFitSpec, out_of_fold_pass
    from hydra_router.eval.routers import PassRouter, SingleModel, evaluate, sweep
    from hydra_router.matching import MatchModel

    rows = [k for k, item in enumerate(items) if all(m in item.outcomes for m in models)]
    if len(rows) < 2 * folds:
        return None
    part, _ = build_part([items[k] for k in rows], models, requirements[rows], prices, 200)
    costs = [float(c) for c in part.cost.mean(axis=0)]
    spec = HydraFitSpec(models=list(models), costs=costs, weights=weights, pass_floor=floor)
    oof = out_of_fold_pass([i.id for i in part.items], part.requirements, part.quality, spec, folds)
    order = [MatchModel(m, (0.0,) * 4, c) for m, c in zip(models, costs, strict=True)]
    curve = sweep(PassRouter(predict=lambda _: oof, models=order), part)
    strong = evaluate(part, SingleModel(pick_strong(part)).assign(part, 0))
    weak = evaluate(part, SingleModel(pick_weak(part)).assign(part, 0))
    return {name: r.knob for name, r in choose_regimes(curve, strong, weak).items()}
