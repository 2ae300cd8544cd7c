"""`hydra-router calibrate`: fit capability vectors from a model's benchmark logs.

    hydra-router calibrate --data LOGS.jsonl... --prices models.yaml --out fragment.yaml

Writes a profiles.yaml fragment (a `models:` list) with each model's fitted
capabilities, a confidence note per value, and the price when known. Paste the
entries into profiles.yaml and set `vendor`/`family` to the editor's selector.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np

from hydra_router.eval.eval_cli import add_scoring_arguments
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
        help="outcome files (JSONL: id, prompt, outcomes {model: score})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FRAGMENT.yaml",
        help="where to write the profiles.yaml fragment ('-' for stdout)",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        metavar="ID",
        help="only these model ids (default: every model in the files)",
    )
    parser.add_argument(
        "--prices",
        type=Path,
        metavar="YAML",
        help="price table (`models: {id: {input_per_1m, output_per_1m}}`) "
        "to fill each entry's price",
    )
    add_scoring_arguments(parser)
    parser.add_argument("--cache", type=Path, metavar="DIR", help="score cache folder")
    parser.add_argument("--no-cache", action="store_true", help="score every prompt afresh")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def fragment(calibrations, prices, header: list[str]) -> str:  # noqa: ANN001
    """The YAML text: one ModelProfile per model, notes as comments."""
    lines = [f"# {h}" for h in header]
    lines += ["models:"]
    for cal in calibrations:
        lines += [
            f"  - id: {cal.model}",
            f"    name: {cal.model}",
            "    vendor: unknown  # set: the vscode.lm vendor of this model",
            f"    family: {cal.model}  # set: the vscode.lm family",
            f"    # mean score {cal.mean_score:.3f} on {cal.n_items} items",
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
    """Score the prompts, fit capabilities per model, write the fragment."""
    from hydra_router.eval.calibrate import calibrate_models
    from hydra_router.eval.costs import load_prices
    from hydra_router.eval.outcomes import OutcomeFormatError, read_many
    from hydra_router.eval.scores import default_cache_dir, scores_for_items
    from hydra_router.matching import normalize

    try:
        items = read_many(args.data)
        prices = load_prices(args.prices) if args.prices else {}
        present = sorted({m for item in items for m in item.outcomes})
        wanted = args.models or present
        unknown = [m for m in wanted if m not in present]
        if unknown:
            raise ValueError(
                f"--models {unknown} have no outcomes in the files; known: {', '.join(present)}"
            )
        cache = None if args.no_cache else (args.cache or default_cache_dir())
        scores = scores_for_items(items, args.model, args.scores, cache, not args.quiet)
    except (OutcomeFormatError, ValueError) as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    bands = [scores.bands[d] for d in DIMENSIONS]
    requirements = np.array([normalize(tuple(row), bands) for row in scores.raw])
    floor = args.pass_floor
    calibrations = []
    for model in wanted:
        rows = [k for k, item in enumerate(items) if model in item.outcomes]
        outcomes = np.array([[items[k].outcomes[model]] for k in rows])
        calibrations += calibrate_models(requirements[rows], outcomes, [model], floor)
    header = [
        f"hydra-router calibrate, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"data: {', '.join(str(p) for p in args.data)} ({len(items)} items)",
        f"requirement scores: {scores.source}",
        "capability = requirement level (normalised band) up to which the fitted pass",
        f"probability stays above p, averaged over p in [{floor}, 1] (--pass-floor).",
        "Confidence per value: n_eff = items' worth of exercise of the dimension, pass rate,",
        "slope of the fit, ±1 s.e. of the capability.",
        "Paste the entries under `models:` in profiles.yaml and fix the lines marked `set`.",
    ]
    text = fragment(calibrations, prices, header)
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(
            f"calibrate: wrote {len(calibrations)} models to {args.out}",
            file=sys.stderr,
        )
    return 0
