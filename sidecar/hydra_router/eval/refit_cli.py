"""`hydra-router calibrate --catalog PROFILES.yaml --data LOG.jsonl --out PROPOSED.yaml`:
refit the catalog's reliabilities from outcome logs (the editor's feedback log or any
outcome file) and write the catalog back with only those values changed.

The other options of `calibrate` fit a fragment from benchmark logs; this mode
holds the catalog's capabilities, slope and ease and moves each model's
`reliability` towards what the user's own outcomes show (`refit.py`). Every other
byte of the catalog, comments included, is written back unchanged, and the result
is validated as `hydra-router check` would before it is written.
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Read the catalog and the logs, refit, print per model, write the proposed catalog."""
    from hydra_router.catalog_text import probability_text, set_reliabilities
    from hydra_router.eval.calibrate_cli import score_requirements
    from hydra_router.eval.outcomes import OutcomeFormatError, read_many
    from hydra_router.eval.refit import refit_reliabilities
    from hydra_router.matching import band_weights
    from hydra_router.profiles import CatalogLoadError, format_error, load_catalog, parse_catalog

    held = [f"--{name}" for name in ("slope", "ease", "prices") if getattr(args, name) is not None]
    if held:
        print(
            f"calibrate: {', '.join(held)} do not apply with --catalog: the catalog's "
            "slope, ease and prices are held",
            file=sys.stderr,
        )
        return 2
    if not args.prior > 0:
        print("calibrate: --prior must be more than 0 (outcomes' worth)", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(args.catalog)
        text = args.catalog.read_bytes().decode("utf-8")  # as it is: line endings too
    except CatalogLoadError as exc:
        print(f"calibrate: {args.catalog} is not a valid catalog:", file=sys.stderr)
        for error in exc.errors:
            print(format_error(error), file=sys.stderr)
        return 1
    if not catalog.predicts_pass:
        print(
            f"calibrate: {args.catalog} has no `reliability` per model (and `slope`) to "
            "refit; fit them first with calibrate on outcome logs "
            "(`hydra-router calibrate --data LOGS --out fragment.yaml`) and paste them in",
            file=sys.stderr,
        )
        return 1
    ids = [m.id for m in catalog.models]
    unknown = [m for m in args.models or [] if m not in ids]
    if unknown:
        print(f"calibrate: --models {unknown} are not in {args.catalog}", file=sys.stderr)
        return 2
    wanted = set(args.models or ids)
    try:
        items = read_many(args.data)
    except OutcomeFormatError as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    outside = sorted({m for item in items for m in item.outcomes} - set(ids))
    if outside:
        print(
            f"calibrate: warning: skipping outcomes of models not in {args.catalog}: "
            f"{', '.join(outside)}",
            file=sys.stderr,
        )
    usable = [item for item in items if wanted & set(item.outcomes)]
    if not usable:
        print(
            f"calibrate: no usable lines in {', '.join(str(p) for p in args.data)}: none has "
            f"an outcome for a model of {args.catalog} ({', '.join(sorted(wanted))})",
            file=sys.stderr,
        )
        return 1
    try:
        requirements, bands, source = score_requirements(args, usable)
    except ValueError as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    weights = band_weights(catalog.defaults.weights.vector(), bands)
    outcomes = [{m: v for m, v in item.outcomes.items() if m in wanted} for item in usable]
    refits = refit_reliabilities(catalog, requirements, outcomes, weights, args.prior)

    print(
        f"calibrate: {len(usable)} items, requirement scores: {source}; "
        f"prior worth {args.prior:g} outcomes per model",
        file=sys.stderr,
    )
    for refit in refits:
        print(
            f"  {refit.model}: {refit.outcomes} outcomes ({refit.passed:g} passed), "
            f"reliability {refit.before:g} → {probability_text(refit.after)}",
            file=sys.stderr,
        )
    for model_id in sorted(wanted - {r.model for r in refits}, key=ids.index):
        print(f"  {model_id}: no outcomes, kept", file=sys.stderr)
    notes = {
        r.model: f"refitted on {r.outcomes} of your outcomes (was {r.before:g})" for r in refits
    }
    proposed = set_reliabilities(text, {r.model: r.after for r in refits}, notes)
    target = "<stdout>" if str(args.out) == "-" else str(args.out)
    try:
        parse_catalog(proposed, target)
    except CatalogLoadError as exc:  # an edit that breaks the catalog is a bug: say where
        for error in exc.errors:
            print(
                f"calibrate: the proposed catalog fails its check: {format_error(error)}",
                file=sys.stderr,
            )
        return 1
    if target == "<stdout>":
        sys.stdout.write(proposed)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(proposed.encode("utf-8"))
        print(f"calibrate: wrote {args.out}; review it, then replace the catalog", file=sys.stderr)
    return 0
