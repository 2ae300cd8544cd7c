"""`hydra-router schema`: JSON schema of profiles.yaml (--profiles) or of the wire (--wire)."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--profiles",
        action="store_true",
        help="schema of profiles.yaml (the source of profiles/profiles.schema.json)",
    )
    which.add_argument(
        "--wire", action="store_true", help="schema of every hydra/* request and result"
    )


def render(profiles: bool) -> str:
    """The schema text exactly as printed (sorted keys, 2-space indent, final newline)."""
    if profiles:
        from hydra_router.profiles import catalog_schema

        schema = catalog_schema()
    else:
        from hydra_router.protocol import wire_schema

        schema = wire_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(render(profiles=args.profiles))
    return 0
