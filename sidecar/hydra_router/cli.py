"""The `hydra-router` command: one entry point, one subcommand per job.

Each subcommand lives in its own module, which exposes
`add_arguments(parser)` and `run(args) -> int`. Modules are imported only
when their command runs, so `hydra-router --help` stays fast and the
run-time commands never import the training stack.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from hydra_router import __version__

# name -> (module, one-line help). Order is the order of `--help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("hydra_router.commands.serve", "run the routing server (stdio JSON-RPC, or --tcp)"),
    "route": ("hydra_router.commands.route", "route one prompt and print the decision"),
    "check": ("hydra_router.commands.check", "validate a profiles.yaml and print its errors"),
    "schema": ("hydra_router.commands.schema", "print the JSON schema of the catalog or the wire"),
    "bench": ("hydra_router.commands.bench", "benchmark the real server over JSON-RPC"),
    "data": ("hydra_router.training.data_cli", "build the requirement-labelled dataset"),
    "train": ("hydra_router.training.train_cli", "train the requirement predictor"),
    "export": ("hydra_router.training.export_cli", "export a trained predictor to int8 ONNX"),
    "calibrate": (
        "hydra_router.eval.calibrate_cli",
        "fit model capabilities from outcome logs, or refit a catalog's reliabilities",
    ),
    "eval": ("hydra_router.eval.eval_cli", "cost-quality evaluation on outcome logs"),
    "devset": ("hydra_router.commands.devset", "score a model on the development set"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with `only`, import just that command's module."""
    parser = argparse.ArgumentParser(
        prog="hydra-router",
        description="Route each chat request to the cheapest model that can do it.",
    )
    parser.add_argument("--version", action="version", version=f"hydra-router {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only == name:
            module = importlib.import_module(module_name)
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(chosen if chosen in COMMANDS else None)
    args = parser.parse_args(args_list)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
