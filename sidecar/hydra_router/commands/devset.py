"""`hydra-router devset`: score a model on the development set, as a table or JSON.

Per head: balanced accuracy, recall, precision at the 0.5 cut (null labels
left out); per language: accuracy over labelled cells, agreement of the four
decisions with the English row, and the share routed to the same model as the
English row (catalog in the iso regime); then each target, met or missed.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict
from pathlib import Path

from hydra_router.eval.devset import DevsetReport

DEFAULT_DATA = Path("data/devset/requests.jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, metavar="DIR", help="model folder (default: shipped)")
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        metavar="FILE",
        help=f"development set JSONL (default {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="PATH",
        help="catalog for route agreement (default: the bundled one)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from hydra_router.eval.devset import DevsetError, chosen_models, evaluate, load_rows
    from hydra_router.predictor import Predictor, default_model_dir
    from hydra_router.profiles import CatalogLoadError, bundled_profiles_path, load_catalog

    try:
        rows = load_rows(args.data)
    except DevsetError as exc:
        print(f"hydra-router devset: {exc}", file=sys.stderr)
        return 1
    profiles = args.profiles or bundled_profiles_path()
    try:
        catalog = load_catalog(profiles)
    except CatalogLoadError as exc:
        print(f"hydra-router devset: invalid catalog\n{exc}", file=sys.stderr)
        return 1
    try:
        predictor = Predictor.load(args.model or default_model_dir())
    except ValueError as exc:
        print(f"hydra-router devset: {exc}", file=sys.stderr)
        return 1
    texts = [r.text for r in rows]
    # One request per run, as the sidecar scores it (a batch moves int8 scores slightly).
    scores = np.concatenate([predictor.score([text]) for text in texts])
    routes = chosen_models(texts, scores, predictor.bands, catalog, "iso")
    report = evaluate(rows, scores, routes)
    manifest = predictor.manifest
    model = f"{manifest.name} {manifest.version}"
    if args.json:
        payload: dict[str, object] = {
            "model": model,
            "data": str(args.data),
            "profiles": str(profiles),
        }
        payload.update(asdict(report))
        payload["targets"] = [{**asdict(t), "met": t.met} for t in report.targets]
        sys.stdout.write(json.dumps(_finite(payload), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, model, args.data))
    return 0


def _finite(value: object) -> object:
    """JSON has no NaN: figures with nothing to measure become null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _pct(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.3f}"


def format_report(report: DevsetReport, model: str, data: Path) -> str:
    """The readable form: heads, languages, pooled agreement, targets."""
    lines = [f"{model} on {data}: {report.rows} rows, {report.groups} groups, cut 0.5", ""]
    lines.append(
        f"{'head':<16} {'pos':>4} {'neg':>4} {'bal.acc':>8} {'recall':>7} {'spec.':>7} {'prec.':>7}"
    )
    for h in report.heads:
        lines.append(
            f"{h.head:<16} {h.positives:>4} {h.negatives:>4} {_pct(h.balanced_accuracy):>8} "
            f"{_pct(h.recall):>7} {_pct(h.specificity):>7} {_pct(h.precision):>7}"
        )
    lines.append("")
    lines.append(f"{'lang':<6} {'rows':>4} {'cells':>5} {'accuracy':>8} {'agree':>6} {'route':>6}")
    for lang in report.languages:
        name = lang.lang + ("*" if lang.heldout else "")
        lines.append(
            f"{name:<6} {lang.rows:>4} {lang.cells:>5} {_pct(lang.accuracy):>8} "
            f"{_pct(lang.agreement):>6} {_pct(lang.route_agreement):>6}"
        )
    lines.append("* held out: no translated request templates in the training data")
    lines.append("")
    for name, pool in (("labelled", report.labelled), ("held-out", report.heldout)):
        lines.append(
            f"agreement with English, {name} languages: {_pct(pool.agreement)} "
            f"(route {_pct(pool.route_agreement)}, {pool.pairs} translations)"
        )
    lines.append("")
    met = [t for t in report.targets if t.met]
    lines.append(f"targets met: {len(met)} of {len(report.targets)}")
    for t in report.targets:
        lines.append(
            f"  {'met   ' if t.met else 'MISSED'} {t.name:<46} {_pct(t.value)} ≥ {t.goal:.2f}"
        )
    return "\n".join(lines) + "\n"
