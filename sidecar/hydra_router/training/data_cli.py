"""`hydra-router data build`: build the requirement-labelled multilingual dataset."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register `data build` and its options."""
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION")
    build = sub.add_parser(
        "build",
        help="build rows.jsonl.gz, meta.json, card, plots and audit from the shared data",
        description="Build the requirement-labelled dataset (deterministic for a given seed).",
    )
    build.add_argument(
        "--source",
        type=Path,
        default=Path("../shared/data"),
        help="shared data folder holding queries/ and outcomes/ (default: ../shared/data)",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("data"),
        help="output folder (default: data); rows go to OUT/requirements/rows.jsonl.gz",
    )
    build.add_argument(
        "--authored",
        type=Path,
        default=Path("data/authored"),
        help="folder of requests_*.jsonl written for the project as editor chat "
        "(default: data/authored; a missing folder adds none)",
    )
    build.add_argument(
        "--seed", type=int, default=13, help="seed for phrasing and splits (default: 13)"
    )
    build.add_argument(
        "--include-noncommercial",
        action="store_true",
        help="also use CodeAlpaca (CC BY-NC 4.0); off by default so the set stays permissive",
    )
    build.add_argument(
        "--no-extras", action="store_true", help="write only rows and meta (no card, plots, audit)"
    )
    build.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    """Run the chosen data action."""
    if getattr(args, "data_command", None) != "build":
        print(
            "usage: hydra-router data build [--source DIR] [--out DIR]  (see --help)",
            file=sys.stderr,
        )
        return 2
    from hydra_router.training.dataset.build import BuildOptions, build_dataset
    from hydra_router.training.dataset.sources import SourceError

    options = BuildOptions(
        source=args.source,
        out=args.out,
        seed=args.seed,
        include_noncommercial=args.include_noncommercial,
        extras=not args.no_extras,
        progress=not args.quiet,
        command=_command_line(args),
        authored=args.authored,
    )
    try:
        result = build_dataset(options)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    meta = result.meta
    print(
        f"wrote {meta['rows']} rows to {args.out / meta['rows_file']} "
        f"(train {meta['by_split'].get('train', 0)}, valid {meta['by_split'].get('valid', 0)}, "
        f"test {meta['by_split'].get('test', 0)}; {len(meta['by_lang'])} languages)",
        file=sys.stderr,
    )
    return 0


def _command_line(args: argparse.Namespace) -> str:
    parts = [
        "hydra-router",
        "data",
        "build",
        "--source",
        str(args.source),
        "--out",
        str(args.out),
        "--authored",
        str(args.authored),
        "--seed",
        str(args.seed),
    ]
    if args.include_noncommercial:
        parts.append("--include-noncommercial")
    return shlex.join(parts)
