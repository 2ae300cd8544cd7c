"""`hydra-router route "PROMPT"`: one routing decision, as a table or as the wire JSON."""

from __future__ import annotations

import argparse
import sys
import time
import typing
from pathlib import Path

from hydra_router.protocol import DIMENSIONS, Regime, RouteResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", help="the request to route (use - to read it from stdin)")
    parser.add_argument(
        "--json", action="store_true", help="print exactly the hydra/route wire result"
    )
    parser.add_argument(
        "--regime",
        choices=typing.get_args(Regime),
        help="regime (default: the catalog's); `guarantee` needs a catalog certified by "
        "`calibrate --guarantee`",
    )
    parser.add_argument("--tau", type=float, help="explicit τ (overrides --regime)")
    parser.add_argument(
        "--delta",
        type=float,
        help="explicit δ on predicted pass (overrides --regime; catalogs with reliabilities)",
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="PATH",
        help="catalog file (default: ./profiles.yaml if present, else the bundled one)",
    )
    parser.add_argument("--model", type=Path, metavar="DIR", help="model folder")
    parser.add_argument("--has-images", action="store_true", help="the request carries images")
    parser.add_argument("--needs-tools", action="store_true", help="the request needs tools")
    parser.add_argument("--context-tokens", type=int, default=0, help="tokens of context sent")


def run(args: argparse.Namespace) -> int:
    import msgspec

    from hydra_router.predictor import Predictor, default_model_dir
    from hydra_router.profiles import (
        CatalogLoadError,
        CatalogSnapshot,
        bundled_profiles_path,
        load_catalog,
    )
    from hydra_router.protocol import RouteParams
    from hydra_router.routing import ParamsError, RoutingMemory, route

    prompt = read_prompt(args.prompt)
    if not prompt.strip():
        print("hydra-router route: the prompt is empty; pass some text", file=sys.stderr)
        return 2
    if args.tau is not None and args.tau < 0:
        print("hydra-router route: --tau must be 0 or more", file=sys.stderr)
        return 2
    if args.delta is not None and not 0 <= args.delta <= 1:
        print("hydra-router route: --delta must lie in [0, 1]", file=sys.stderr)
        return 2
    if args.profiles:
        path, origin = args.profiles, "cli"
    elif Path("profiles.yaml").is_file():
        path, origin = Path("profiles.yaml"), "workspace"
    else:
        path, origin = bundled_profiles_path(), "bundled"
    try:
        catalog = load_catalog(path)
    except CatalogLoadError as exc:
        print(f"hydra-router route: invalid catalog\n{exc}", file=sys.stderr)
        return 1
    try:
        predictor = Predictor.load(args.model or default_model_dir())
    except ValueError as exc:
        print(f"hydra-router route: {exc}", file=sys.stderr)
        return 1
    params = RouteParams(
        prompt=prompt,
        regime=args.regime,
        tau=args.tau,
        delta=args.delta,
        has_images=args.has_images,
        needs_tools=args.needs_tools,
        context_tokens=max(0, args.context_tokens),
    )
    started = time.perf_counter()
    scores = predictor.score([prompt])[0]
    snapshot = CatalogSnapshot(catalog, 1, str(path), origin)  # type: ignore[arg-type]
    try:
        result = route(
            params,
            snapshot,
            [float(s) for s in scores],
            predictor.bands,
            RoutingMemory(),
            started=started,
        )
    except ParamsError as exc:
        print(f"hydra-router route: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(msgspec.json.encode(result).decode() + "\n")
    else:
        sys.stdout.write(
            format_table(
                result, predictor.bands, custom=args.tau is not None or args.delta is not None
            )
        )
    return 0


def read_prompt(argument: str) -> str:
    """The prompt from the argument or, for `-`, stdin; bytes that are not UTF-8 become U+FFFD.

    Python hands undecodable argument bytes over as lone surrogates, which the
    tokenizer cannot take; a prompt pasted from a Latin-1 file is still a prompt.
    """
    import os

    data = sys.stdin.buffer.read() if argument == "-" else os.fsencode(argument)
    return data.decode("utf-8", errors="replace")


def format_table(
    result: RouteResult, bands: tuple[tuple[float, float], ...], custom: bool = False
) -> str:
    """A readable decision: scores, then every candidate with its shortfall, prices and
    why it was not chosen, as the router reported them.

    `custom`: τ or δ was given explicitly, so no regime set it.
    """
    from hydra_router.matching import normalize

    requirements = normalize(result.scores.as_tuple(), bands)
    on_pass = result.delta is not None
    threshold = f"δ={result.delta:g}" if on_pass else f"τ={result.tau:g}"
    tolerance = f"custom {threshold}" if custom else f"regime {result.regime}, {threshold}"
    lines = [f"model     {result.model}  ({result.method}, {tolerance})"]
    if result.fallback_reason:
        lines.append(f"fallback  {result.fallback_reason}")
    lines.append("")
    lines.append(f"{'dimension':<16} {'score':>6} {'requirement':>12}")
    for name, score, req in zip(DIMENSIONS, result.scores.as_tuple(), requirements, strict=True):
        lines.append(f"{name:<16} {score:>6.3f} {req:>12.3f}")
    lines.append("")
    lines.append(
        f"{'':2}{'candidate':<22} {'shortfall':>9} {'pass':>6} {'$in/1M':>7} {'$out/1M':>8}"
        f" {'blended':>8}  why not chosen"
    )
    for c in result.candidates:
        chosen = c.model == result.model
        note = "chosen" if chosen else c.reason or ""
        passed = "-" if c.predicted_pass is None else f"{c.predicted_pass:.3f}"
        lines.append(
            f"{'→ ' if chosen else '  '}{c.model:<22} {c.shortfall:>9.4f} {passed:>6}"
            f" {c.price.input:>7.2f} {c.price.output:>8.2f} {c.blended_price:>8.2f}  {note}"
        )
    lines.append("")
    lines.append(f"latency {result.latency_ms:.1f} ms, catalog version {result.catalog_version}")
    return "\n".join(lines) + "\n"
