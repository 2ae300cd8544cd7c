"""`hydra-router calibrate --guarantee EPS [--alpha A]`: certify the guarantee regime's δ.

    hydra-router calibrate --catalog profiles.yaml --data OUTCOMES --guarantee 0.02 --out P

With `--catalog`, the catalog is certified as it is: its enabled models with
their capabilities, reliabilities, `slope`, `ease`, weights and prices (the
blended cost order). On the outcome items every enabled model ran, δ̂ is the
largest margin whose mean quality loss against the reference is at most EPS
with probability at least 1 − A (`conformal.certify`); the catalog is written
back with `defaults.guarantee` set and every other byte unchanged. The outcomes
must be requests the catalog was not fitted on: fitted and certified on the
same items, the certificate means nothing.

Without `--catalog`, the items are split by id (`--holdout F` of them held
out): the fragment is fitted on the rest as `calibrate` does, and δ̂ is
certified on the held-out part for those fitted models only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from hydra_router.eval.refit import DEFAULT_PRIOR
from hydra_router.profiles import DEFAULT_INPUT_SHARE
from hydra_router.protocol import DIMENSIONS

if TYPE_CHECKING:
    from hydra_router.eval.conformal import Certificate
    from hydra_router.eval.costs import ModelPrice
    from hydra_router.eval.outcomes import OutcomeItem
    from hydra_router.matching import MatchModel

DEFAULT_ALPHA = 0.1
DEFAULT_HOLDOUT = 0.5
#: Width of the comment lines written above the block.
COMMENT_WIDTH = 84


def open_unit(text: str) -> float:
    """argparse type: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"{text} must lie strictly between 0 and 1, e.g. 0.1")
    return value


def add_guarantee_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `calibrate` that certify the guarantee regime."""
    parser.add_argument(
        "--guarantee",
        type=open_unit,
        metavar="EPS",
        help="certify the `guarantee` regime: the largest δ whose mean quality loss against "
        "the reference is at most EPS (in (0, 1)) with probability at least 1 − alpha",
    )
    parser.add_argument(
        "--alpha",
        type=open_unit,
        metavar="A",
        help=f"with --guarantee: the chance the certificate may fail (default {DEFAULT_ALPHA})",
    )
    parser.add_argument(
        "--reference",
        metavar="ID",
        help="with --guarantee: the model the loss is measured against (default: the best "
        "mean quality on the items, ties to the cheaper)",
    )
    parser.add_argument(
        "--holdout",
        type=open_unit,
        metavar="F",
        help="with --guarantee and no --catalog: share of the items (by id hash) held out "
        f"from the fit to certify on (default {DEFAULT_HOLDOUT})",
    )


def wants_guarantee(args: argparse.Namespace) -> bool:
    """Whether a guarantee option was given (its checks and run take over then)."""
    options = (args.guarantee, args.alpha, args.reference, args.holdout)
    return any(value is not None for value in options)


def run_guarantee(args: argparse.Namespace) -> int:
    """Certify δ for a catalog (--catalog) or a freshly fitted fragment; write it."""
    from hydra_router.eval.outcomes import OutcomeFormatError
    from hydra_router.profiles import CatalogLoadError

    problem = _option_problem(args)
    if problem is not None:
        print(f"calibrate: {problem}", file=sys.stderr)
        return 2
    try:
        if args.catalog is not None:
            text, certificate, reference = certify_catalog(args)
        else:
            text, certificate, reference = certify_fragment(args)
    except CatalogLoadError as exc:
        print(f"calibrate: invalid catalog\n{exc}", file=sys.stderr)
        return 1
    except (OutcomeFormatError, ValueError) as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    from hydra_router.eval.calibrate_cli import write_text

    print(f"calibrate: {describe(certificate, reference)}", file=sys.stderr)
    write_text(args.out, text, "the certified catalog" if args.catalog else "the fragment")
    return 0


def _option_problem(args: argparse.Namespace) -> str | None:
    """Options that do not go together, or None."""
    if args.guarantee is None:
        given = [
            name
            for name, value in (
                ("--alpha", args.alpha),
                ("--reference", args.reference),
                ("--holdout", args.holdout),
            )
            if value is not None
        ]
        return f"{', '.join(given)} certify the guarantee regime: add --guarantee EPS"
    if args.catalog is not None:
        extra = [
            name
            for name, value in (
                ("--models", args.models),
                ("--slope", args.slope),
                ("--ease", args.ease),
                ("--holdout", args.holdout),
            )
            if value is not None
        ]
        if args.prior != DEFAULT_PRIOR:
            extra.append("--prior")
        if extra:
            return (
                f"{', '.join(extra)} do not apply with --catalog: the catalog is certified as "
                "it is, with every enabled model (disable models in the catalog instead)"
            )
    return None


def describe(certificate: Certificate, reference: str) -> str:
    """One line for stderr: δ̂ or none, the bound, n, share routed away, savings."""
    c = certificate
    if c.delta is None:
        return (
            f"none certified: every request goes to {reference} (the bound at δ = 0 is "
            f"{c.ucb:.4f} > ε {c.epsilon:g} at α {c.alpha:g}; n = {c.n})"
        )
    savings = "n/a" if c.savings is None else f"{100 * c.savings:.1f} %"
    return (
        f"δ̂ = {c.delta:g} certified (ε {c.epsilon:g}, α {c.alpha:g}, reference {reference}): "
        f"UCB {c.ucb:.4f} on mean loss {c.loss:.4f}, n = {c.n}; {100 * c.routed_away:.1f} % "
        f"routed away from {reference}, savings vs {reference} on these items {savings}"
    )


def certify_catalog(args: argparse.Namespace) -> tuple[str, Certificate, str]:
    """The catalog's text with `defaults.guarantee` set, the certificate and its reference."""
    from hydra_router.eval.calibrate_cli import score_requirements
    from hydra_router.eval.costs import ModelPrice
    from hydra_router.eval.outcomes import read_many
    from hydra_router.matching import band_weights, match_models
    from hydra_router.profiles import load_catalog

    catalog = load_catalog(args.catalog)
    if not catalog.predicts_pass or catalog.slope is None:
        raise ValueError(
            f"{args.catalog}: the guarantee regime matches on predicted pass and needs every "
            "model's `reliability` and the catalog's `slope`; fit them with `hydra-router "
            "calibrate` on other outcomes first"
        )
    on = {m.id for m in catalog.models if m.enabled}
    enabled = [m for m in match_models(catalog) if m.id in on]
    ids = [m.id for m in enabled]
    items = read_many(args.data)
    kept = _items_with_every_model(items, ids, args.data)
    requirements, bands, _ = score_requirements(args, kept)
    weights = band_weights(catalog.defaults.weights.vector(), bands)
    prices = {m.id: ModelPrice(m.price.input, m.price.output) for m in catalog.models}
    means = _mean_by_column(_quality(kept, ids))
    reference = _reference(args.reference, ids, means, [m.cost for m in enabled], "catalog")
    certificate = _certify(
        args,
        kept,
        requirements,
        enabled,
        weights,
        (catalog.slope, catalog.ease),
        prices,
        ids.index(reference),
    )
    data = ", ".join(str(p) for p in args.data)
    scope = (
        "It holds for requests like these with this catalog's models, capabilities, "
        "reliabilities, slope, ease, weights and prices as they are now: editing any of them "
        "voids it (calibrate again on outcomes the catalog was not fitted on)."
    )
    comment = _stamp(certificate, reference, f"{data} ({certificate.n} items)", scope)
    text = _certified_text(args.catalog, certificate, reference, comment)
    return text, certificate, reference


def certify_fragment(args: argparse.Namespace) -> tuple[str, Certificate, str]:
    """A fragment fitted on part of the data with a guarantee certified on the rest."""
    import yaml

    from hydra_router.eval.calibrate_cli import fit_fragment, held_problem, read_inputs
    from hydra_router.eval.pipeline import blended_price
    from hydra_router.eval.split import SplitSpec, is_calibration
    from hydra_router.matching import MatchModel, band_weights

    problem = held_problem(args)
    if problem is not None:
        raise ValueError(problem)
    inputs = read_inputs(args)
    missing = [m for m in inputs.models if m not in inputs.prices]
    if missing:
        raise ValueError(
            f"--guarantee orders models by price: give --prices with every model "
            f"(none for {', '.join(missing)})"
        )
    holdout = DEFAULT_HOLDOUT if args.holdout is None else args.holdout
    spec = SplitSpec(calibrate=1.0 - holdout, evaluate=holdout)
    fit_rows = [k for k, item in enumerate(inputs.items) if is_calibration(item.id, spec)]
    held_rows = [k for k, item in enumerate(inputs.items) if not is_calibration(item.id, spec)]
    if len(fit_rows) < 10 or len(held_rows) < 10:
        raise ValueError(
            f"--holdout {holdout:g} leaves {len(fit_rows)} items to fit and {len(held_rows)} "
            "to certify on; each side needs at least 10 (more data or another --holdout)"
        )
    fit_items = [inputs.items[k] for k in fit_rows]
    text = fit_fragment(args, fit_items, inputs.requirements[fit_rows], inputs)
    fitted = yaml.safe_load(text)  # the values as written, rounding included
    share = DEFAULT_INPUT_SHARE
    costs = {m: blended_price(inputs.prices[m], share) for m in inputs.models}
    models = [
        MatchModel(
            id=entry["id"],
            capabilities=tuple(float(entry["capabilities"][d]) for d in DIMENSIONS),
            cost=costs[entry["id"]],
            reliability=float(entry["reliability"]),
        )
        for entry in fitted["models"]
    ]
    ids = [m.id for m in models]
    on_held = [k for k in held_rows if all(m in inputs.items[k].outcomes for m in ids)]
    kept = [inputs.items[k] for k in on_held]
    if not kept:
        raise ValueError(
            "no held-out item has outcomes for every model; run them on the same items"
        )
    # The reference is picked on the items the fit used, not on those that certify.
    means = _mean_by_column(_quality(fit_items, ids))
    reference = _reference(args.reference, ids, means, [m.cost for m in models], "fitted")
    weights = band_weights((1.0,) * len(DIMENSIONS), inputs.bands)
    held_fit = (float(fitted["slope"]), float(fitted.get("ease") or 0.0))
    certificate = _certify(
        args,
        kept,
        inputs.requirements[on_held],
        models,
        weights,
        held_fit,
        inputs.prices,
        ids.index(reference),
    )
    data = f"{len(kept)} held-out items (--holdout {holdout:g})"
    scope = (
        "It certifies these fitted models only, as written here (capabilities, reliabilities, "
        f"slope, ease, prices; equal weights, input_share {share:g}): editing any of them or "
        "adding other models voids it."
    )
    comment = _stamp(certificate, reference, data, scope)
    from hydra_router.catalog_text import set_guarantee

    return set_guarantee(text, _block(certificate, reference), comment), certificate, reference


def _certify(
    args: argparse.Namespace,
    items: Sequence[OutcomeItem],
    requirements: np.ndarray,
    models: Sequence[MatchModel],
    weights: Sequence[float],
    fit: tuple[float, float],
    prices: dict[str, ModelPrice],
    reference: int,
) -> Certificate:
    """δ̂ on these items: q̂ of `models` (slope, ease = `fit`), their cost order, item costs."""
    from hydra_router.eval.conformal import certify, item_order
    from hydra_router.eval.costs import cost_table
    from hydra_router.eval.reliability import pass_matrix

    ids = [m.id for m in models]
    passes = pass_matrix(requirements, models, weights, fit[0], fit[1])
    quality = _quality(items, ids)
    item_cost = cost_table(items, ids, prices).usd
    alpha = DEFAULT_ALPHA if args.alpha is None else args.alpha
    return certify(
        passes,
        quality,
        [m.cost for m in models],
        reference,
        args.guarantee,
        alpha,
        item_cost=item_cost,
        order=item_order([item.id for item in items]),
    )


def _certified_text(
    path: Path, certificate: Certificate, reference: str, comment: list[str]
) -> str:
    """The catalog file's text with the block set; checked to load with it."""
    from hydra_router.catalog_text import set_guarantee
    from hydra_router.profiles import parse_catalog

    text = path.read_text(encoding="utf-8")
    out = set_guarantee(text, _block(certificate, reference), comment)
    written = parse_catalog(out, str(path)).defaults.guarantee
    if written != _block(certificate, reference):
        raise ValueError(f"{path}: the guarantee block did not read back as written ({written})")
    return out


def _block(certificate: Certificate, reference: str):  # noqa: ANN202
    from hydra_router.profiles import Guarantee

    return Guarantee(
        epsilon=certificate.epsilon,
        alpha=certificate.alpha,
        delta=certificate.delta,
        reference=reference,
        n=certificate.n,
    )


def _stamp(c: Certificate, reference: str, data: str, scope: str) -> list[str]:
    """The comment lines that say what was certified, when, on what, and what it covers."""
    when = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
    if c.delta is None:
        found = (
            f"no δ certified (bound at δ = 0: {c.ucb:.4f} > {c.epsilon:g}), so every request "
            f"goes to `{reference}`."
        )
    else:
        savings = "" if c.savings is None else f", {100 * c.savings:.1f} % cheaper than it"
        found = (
            f"δ {c.delta:g}, bound {c.ucb:.4f} on the mean loss; {100 * c.routed_away:.1f} % "
            f"of these items routed away from `{reference}`{savings}."
        )
    text = (
        f"hydra-router calibrate --guarantee {c.epsilon:g} --alpha {c.alpha:g}, {when}, on "
        f"{data}: with probability at least {1 - c.alpha:g}, the mean quality lost against "
        f"`{reference}` is at most {c.epsilon:g}. Found: {found} {scope}"
    )
    return textwrap.wrap(text, width=COMMENT_WIDTH, break_on_hyphens=False)


def _items_with_every_model(
    items: Sequence[OutcomeItem], ids: Sequence[str], paths: Sequence[Path]
) -> list[OutcomeItem]:
    """The items every model ran on; ValueError naming models without any outcome."""
    present = {m for item in items for m in item.outcomes}
    absent = [m for m in ids if m not in present]
    files = ", ".join(str(p) for p in paths)
    if absent:
        raise ValueError(
            f"enabled catalog models {', '.join(absent)} have no outcomes in {files}; run "
            "them on these requests, or set `enabled: false` for them in the catalog"
        )
    kept = [item for item in items if all(m in item.outcomes for m in ids)]
    if not kept:
        raise ValueError(
            f"no item of {files} has outcomes for every enabled model ({', '.join(ids)}); "
            "the certificate needs each model's result on the same requests"
        )
    return kept


def _quality(items: Sequence[OutcomeItem], ids: Sequence[str]) -> np.ndarray:
    """Outcomes [n, m] (NaN where a model did not run an item)."""
    rows = [[item.outcomes.get(m, np.nan) for m in ids] for item in items]
    return np.array(rows, dtype=float).reshape(len(items), len(ids))


def _mean_by_column(quality: np.ndarray) -> np.ndarray:
    """Per-model mean over the items it ran (NaN: not run)."""
    seen = ~np.isnan(quality)
    return np.where(seen, quality, 0.0).sum(axis=0) / np.maximum(seen.sum(axis=0), 1)


def _reference(
    wanted: str | None, ids: list[str], means: np.ndarray, costs: list[float], where: str
) -> str:
    """--reference (checked) or the best mean quality `means`, ties to the cheaper."""
    if wanted is not None:
        if wanted not in ids:
            raise ValueError(
                f"--reference {wanted} is not an enabled {where} model; use one of: "
                f"{', '.join(ids)}"
            )
        return wanted
    return ids[int(np.lexsort((np.asarray(costs), -means))[0])]
