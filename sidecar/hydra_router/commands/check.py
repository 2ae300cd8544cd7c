"""`hydra-router check FILE`: validate catalogs, print errors as file:line, exit 1 on any."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, nargs="+", help="profiles.yaml file(s) to validate")


def run(args: argparse.Namespace) -> int:
    from hydra_router.profiles import CatalogLoadError, format_error, load_catalog

    failed = False
    for path in args.file:
        try:
            catalog = load_catalog(path)
        except CatalogLoadError as exc:
            failed = True
            for error in exc.errors:
                print(format_error(error))
            continue
        enabled = sum(m.enabled for m in catalog.models)
        print(f"{path}: ok ({len(catalog.models)} models, {enabled} enabled)")
    return 1 if failed else 0
