"""`hydra-router train`: run the training recipe from a config file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `hydra-router train`."""
    parser.add_argument(
        "--config", type=Path, required=True, help="recipe YAML, e.g. configs/train-small.yaml"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="run folder (default: `output` in the config); reruns resume from it",
    )
    parser.add_argument(
        "--base",
        default=None,
        help="pretrained ModernBERT/mmBERT instead of the distilled student: a local "
        "folder, or a hub id (downloads) such as jhu-clsp/mmBERT-small",
    )
    parser.add_argument(
        "--stage",
        choices=("all", "distill"),
        default="all",
        help="`distill` runs only stage 1 (needs no labels yet)",
    )
    parser.add_argument("--seed", type=int, default=None, help="override the config's seed")
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default=None,
        help="where the student trains (default: `device` in the config, auto = a CUDA GPU "
        "when torch sees one)",
    )


def run(args: argparse.Namespace) -> int:
    """Train; exit 2 on a bad config or missing input, with the fix in the message."""
    from hydra_router.training.config import load_config

    try:
        cfg = load_config(args.config)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.seed is not None:
        cfg.seed = args.seed
    if args.device is not None:
        cfg.device = args.device
    try:
        from hydra_router.training.pipeline import train

        out = train(cfg, args.output or Path(cfg.output), args.base, args.stage, str(args.config))
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"trained: {out}", file=sys.stderr)
    return 0
