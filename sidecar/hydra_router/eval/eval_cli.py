"""`hydra-router eval`: cost-quality evaluation of routing on outcome logs.

    hydra-router eval --data FILE.jsonl... --prices models.yaml --out DIR

Splits the items by id hash into a calibration and an evaluation part (or,
with --calibrate-on, calibrates on other files and evaluates every item), fits
each model's capabilities, reliability and the shared slope on the first,
sweeps δ on the second, compares with the baselines and writes
DIR/report.json, DIR/report.md, DIR/cost_quality.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

from hydra_router.eval.calibrate import DEFAULT_PASS_FLOOR
from hydra_router.eval.conformal_splits import DEFAULT_SPLITS
from hydra_router.eval.costs import DEFAULT_OUTPUT_TOKENS, ModelPrice
from hydra_router.eval.reliability import DEFAULT_FOLDS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `hydra-router eval`."""
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        required=True,
        metavar="FILE",
        help="outcome files (JSONL or JSONL.gz: id, prompt, outcomes {model: score}, "
        "optional tokens, cost_usd); all files are pooled",
    )
    parser.add_argument(
        "--calibrate-on",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="fit capabilities and reliabilities on these files and evaluate on every "
        "item of --data (no split)",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        metavar="ID",
        help="route among these models only (default: every model scored on every item)",
    )
    parser.add_argument(
        "--cost-order",
        choices=("measured", "price"),
        default="measured",
        help="what 'cheapest' means to the routers: mean cost per item on the calibration "
        "part (default; recorded costs and tokens included) or the blended list price",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=DEFAULT_FOLDS,
        metavar="K",
        help=f"folds of the out-of-fold sweep that chooses the regimes (default {DEFAULT_FOLDS})",
    )
    parser.add_argument(
        "--ease",
        type=float,
        metavar="E",
        help="hold ease (the logit every model gains at demand 0, ≥ 0) at E instead of "
        "fitting it with a_m and b; 0 evaluates the model without the demand term",
    )
    parser.add_argument(
        "--conformal-splits",
        type=int,
        default=DEFAULT_SPLITS,
        metavar="N",
        help="random halvings of the evaluation part that check the guarantee regime: δ "
        f"certified on one half, its loss measured on the other (default {DEFAULT_SPLITS})",
    )
    parser.add_argument(
        "--prices",
        type=Path,
        metavar="YAML",
        help="price table with `models: {id: {input_per_1m, output_per_1m}}`",
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="YAML",
        help="a profiles.yaml: its weights and input_share are used, its "
        "capabilities replace the calibrated ones for models it lists, and its "
        "prices fill models missing from --prices",
    )
    parser.add_argument(
        "--split",
        default="50:50",
        metavar="CAL:EVAL",
        help="relative sizes of the calibration and evaluation parts, "
        "assigned by id hash (default 50:50; ignored with --calibrate-on)",
    )
    add_scoring_arguments(parser)
    parser.add_argument(
        "--output-tokens",
        type=int,
        default=DEFAULT_OUTPUT_TOKENS,
        metavar="N",
        help=f"estimated output tokens where a file records none (default {DEFAULT_OUTPUT_TOKENS})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="score cache folder (default .cache/hydra-eval in the repo)",
    )
    parser.add_argument("--no-cache", action="store_true", help="score every prompt afresh")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for report.json, report.md and cost_quality.png",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def add_scoring_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by `eval` and `calibrate`: where scores come from and the pass floor."""
    parser.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="predictor folder (default: the shipped models/hydra-modernbert-small)",
    )
    parser.add_argument(
        "--scores",
        type=Path,
        metavar="JSONL",
        help="use precomputed requirement scores ({id, scores: {dim: v}} per "
        "line, already normalised) instead of running the predictor",
    )
    parser.add_argument(
        "--pass-floor",
        type=pass_floor,
        default=DEFAULT_PASS_FLOOR,
        metavar="F",
        help="calibration: capability = requirement level up to which the fitted pass "
        f"probability stays above p, averaged over p in [F, 1] (default {DEFAULT_PASS_FLOOR})",
    )


def pass_floor(text: str) -> float:
    """argparse type: a number in [0, 1)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError("must lie in [0, 1), e.g. 0.5")
    return value


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_prices_and_profiles(
    args: argparse.Namespace,
) -> tuple[dict[str, ModelPrice], dict[str, object]]:
    """Prices (from --prices, then --profiles) and settings taken from --profiles."""
    from hydra_router.eval.costs import load_prices

    prices = load_prices(args.prices) if args.prices else {}
    extra: dict[str, object] = {}
    if args.profiles:
        from hydra_router.profiles import load_catalog

        catalog = load_catalog(args.profiles)
        extra["weights"] = catalog.defaults.weights.vector()
        extra["input_share"] = catalog.defaults.input_share
        extra["fixed_capabilities"] = {m.id: m.capabilities.vector() for m in catalog.models}
        for m in catalog.models:
            prices.setdefault(m.id, ModelPrice(m.price.input, m.price.output))
    return prices, extra


def run(args: argparse.Namespace) -> int:
    """Run the evaluation and write the report."""
    from hydra_router import __version__
    from hydra_router.eval.outcomes import OutcomeFormatError, read_many
    from hydra_router.eval.pipeline import EvalSettings, run_evaluation
    from hydra_router.eval.report import PLOT_HINT, plotting_available, write_report
    from hydra_router.eval.scores import default_cache_dir, scores_for_items
    from hydra_router.eval.split import parse_split
    from hydra_router.profiles import CatalogLoadError

    if not args.prices and not args.profiles:
        print("eval: give --prices models.yaml (or --profiles with prices)", file=sys.stderr)
        return 2
    if not plotting_available():  # before minutes of scoring, not after
        print(f"eval: {PLOT_HINT}", file=sys.stderr)
        return 2
    if args.folds < 2:
        print("eval: --folds must be 2 or more", file=sys.stderr)
        return 2
    if args.ease is not None and args.ease < 0:
        print("eval: --ease must be 0 or more", file=sys.stderr)
        return 2
    if args.conformal_splits < 1:
        print("eval: --conformal-splits must be 1 or more", file=sys.stderr)
        return 2
    try:
        spec = parse_split(args.split)
        items = read_many(args.data)
        held = read_many(args.calibrate_on) if args.calibrate_on else []
        clash = {i.id for i in items} & {i.id for i in held}
        if clash:
            raise ValueError(
                f"{len(clash)} ids are both in --data and --calibrate-on (e.g. "
                f"{sorted(clash)[0]!r}); calibrate on items the evaluation does not use"
            )
        prices, extra = load_prices_and_profiles(args)
        settings = EvalSettings(
            split=spec,
            pass_floor=args.pass_floor,
            output_tokens=args.output_tokens,
            folds=args.folds,
            cost_order=args.cost_order,
            models=tuple(args.models) if args.models else None,
            ease=args.ease,
            conformal_splits=args.conformal_splits,
            **extra,  # type: ignore[arg-type]
        )
        cache = None if args.no_cache else (args.cache or default_cache_dir())
        scores = scores_for_items([*items, *held], args.model, args.scores, cache, not args.quiet)
        print(f"eval: {len(items)} items, scores from {scores.source}", file=sys.stderr)
        raw = scores.raw[: len(items)]
        calibrate_on = (held, scores.raw[len(items) :]) if held else None
        result = run_evaluation(items, raw, scores.bands, prices, settings, calibrate_on)
    except (OutcomeFormatError, CatalogLoadError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    meta = {
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "hydra_router_version": __version__,
        "predictor": scores.source,
        "data": [_file_meta(p, items) for p in args.data],
        "calibrate_on": [_file_meta(p, held) for p in args.calibrate_on or []],
        "split_spec": "none (--calibrate-on)" if held else args.split,
        "settings": {
            "pass_floor": args.pass_floor,
            "output_tokens": args.output_tokens,
            "weights": list(settings.weights),
            "input_share": settings.input_share,
            "folds": settings.folds,
            "cost_order": settings.cost_order,
            "models": list(settings.models) if settings.models else None,
            "ease": settings.ease,
            "conformal_splits": settings.conformal_splits,
        },
    }
    report = write_report(result, meta, args.out)
    s = report["summary"]
    print(
        f"eval: wrote {args.out}/report.json, report.md, cost_quality.png; "
        f"iso savings {_fmt(s['iso_savings'])}, APGR {s['routers']['hydra']['apgr']:.3f}",
        file=sys.stderr,
    )
    return 0


def _file_meta(path: Path, items: list) -> dict[str, object]:  # type: ignore[type-arg]
    """Path, rows read from it and its SHA-256, for the report."""
    rows = sum(1 for i in items if i.origin.startswith(f"{path}:"))
    return {"path": str(path), "rows": rows, "sha256": file_sha256(path)}


def _fmt(value: object) -> str:
    return "n/a" if value is None else f"{100 * float(value):.1f} %"  # type: ignore[arg-type]
