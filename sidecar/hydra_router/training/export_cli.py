"""`hydra-router export`: trained run → int8 ONNX model folder (+ metrics and card).

Writes `model.onnx`, `tokenizer.json`, `manifest.json`, `metrics.json`,
`MODEL_CARD.md` and its plots into `--out`. Fails (exit 1, folder untouched)
when fp32 and int8 scores differ by more than 0.03 on held-out rows.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `hydra-router export`."""
    parser.add_argument(
        "--run",
        dest="run_dir",
        type=Path,
        default=Path(".cache/runs/small"),
        help="run folder written by `hydra-router train` (default .cache/runs/small)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("models/hydra-modernbert-small"),
        help="model folder to write (default models/hydra-modernbert-small)",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        help="labelled rows for parity, bands and metrics (default: the run's)",
    )
    parser.add_argument(
        "--weights",
        type=Path,
        default=None,
        help="state dict to export instead of the run's model.pt (e.g. a checkpoint)",
    )
    parser.add_argument(
        "--name", default=None, help="model name in the manifest (default: the config's)"
    )
    parser.add_argument("--version", default="0.1.0", help="model version in the manifest")
    parser.add_argument(
        "--parity-rows", type=int, default=500, help="held-out rows for the parity check"
    )
    parser.add_argument(
        "--no-card", action="store_true", help="skip metrics, plots and MODEL_CARD.md"
    )
    parser.add_argument("--note", default="", help="a sentence added to the card's recipe section")


def run(args: argparse.Namespace) -> int:
    """Export; exit 1 on failed parity, 2 on bad input."""
    run_json = args.run_dir / "run.json"
    if not run_json.exists() and (args.run_dir / "run-started.json").exists():
        run_json = args.run_dir / "run-started.json"  # a run still training or stopped early
    if not run_json.exists():
        print(
            f"error: {run_json} not found; train first: hydra-router train --config "
            "configs/train-small.yaml",
            file=sys.stderr,
        )
        return 2
    info = json.loads(run_json.read_text(encoding="utf-8"))
    try:
        return export(args, info)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _encode(rows: list[Any], tokenizer: Any, max_length: int) -> list[list[int]]:
    from hydra_router.training.batches import encode_texts

    return encode_texts([r.text for r in rows], tokenizer, max_length)


def export(args: argparse.Namespace, info: dict[str, Any]) -> int:
    """The export steps; see the module docstring."""
    from tokenizers import Tokenizer

    from hydra_router.manifest import Band, Manifest, file_sha256, write_manifest
    from hydra_router.protocol import DIMENSIONS
    from hydra_router.training import onnx_export as ox
    from hydra_router.training.labelled import read_rows, targets_array
    from hydra_router.training.metrics import bands

    cfg = info["config"]
    snapshot = args.run_dir / "labels.jsonl.gz"
    labels = args.labels or (snapshot if snapshot.exists() else Path(cfg["data"]["labels"]))
    trained_on = info.get("labels_sha256", "")
    if trained_on and file_sha256(labels) != trained_on:
        raise ValueError(
            f"{labels}: not the labels this run trained on (sha256 {trained_on[:12]}…); its "
            "test split may overlap the training rows. Pass --labels with the training file"
        )
    rows = read_rows(labels, cfg["data"].get("exclude_sources", []))
    valid = [r for r in rows if r.split == "valid"]
    test = [r for r in rows if r.split == "test"]
    if not valid or not test:
        raise ValueError(f"{labels}: needs valid and test rows for bands and parity")
    max_length = int(cfg["student"]["max_length"])
    tokenizer = Tokenizer.from_file(str(args.run_dir / "tokenizer.json"))
    pad_id = tokenizer.token_to_id("<pad>")
    pad_id = pad_id if pad_id is not None else (tokenizer.token_to_id("[PAD]") or 0)
    model = ox.load_run_model(args.run_dir, args.weights)

    with tempfile.TemporaryDirectory() as tmp:
        fp32_path, int8_path = Path(tmp) / "fp32.onnx", Path(tmp) / "model.onnx"
        ox.export_fp32(model, fp32_path, tokenizer.get_vocab_size())
        held = valid + test
        pick = random.Random(0).sample(range(len(held)), min(args.parity_rows, len(held)))
        parity_ids = _encode([held[i] for i in pick], tokenizer, max_length)
        fp32 = ox.run_scores(ox.session(fp32_path), parity_ids, pad_id)
        # Every MatMul in int8 when parity allows (smaller, faster); else the MLP
        # output projections stay fp32 (see onnx_export.fp32_nodes).
        for kept in ([], ox.fp32_nodes(fp32_path)):
            ox.quantize_int8(fp32_path, int8_path, kept)
            sess = ox.session(int8_path)
            gap = ox.parity(fp32, ox.run_scores(sess, parity_ids, pad_id))
            print(
                f"parity fp32 vs int8 ({len(kept)} MatMuls kept fp32) on {len(pick)} rows: "
                f"max |Δ| = {gap:.4f}",
                file=sys.stderr,
            )
            if gap <= ox.PARITY_TOLERANCE:
                break
        if gap > ox.PARITY_TOLERANCE:
            print(
                f"error: int8 drifts from fp32 by {gap:.4f} > {ox.PARITY_TOLERANCE}; the model "
                "folder was not written. Retrain (more steps) or export without quantisation "
                "for inspection.",
                file=sys.stderr,
            )
            return 1
        valid_scores = ox.run_scores(sess, _encode(valid, tokenizer, max_length), pad_id)
        band = bands(valid_scores)
        out = args.out
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(int8_path, out / "model.onnx")
    (out / "tokenizer.json").write_text(tokenizer.to_str(), encoding="utf-8")
    manifest = Manifest(
        name=args.name or cfg.get("name", out.name),
        version=args.version,
        heads=list(DIMENSIONS),
        max_length=max_length,
        bands={h: Band(lo=round(lo, 4), hi=round(hi, 4)) for h, (lo, hi) in band.items()},
        training_data_sha256=file_sha256(labels),
        base_model=info.get("base_model", ""),
        created=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    write_manifest(out, manifest)
    print(
        f"wrote {out}/model.onnx ({(out / 'model.onnx').stat().st_size / 1e6:.1f} MB), "
        "tokenizer.json, manifest.json",
        file=sys.stderr,
    )
    if not args.no_card:
        test_scores = ox.run_scores(
            ox.session(out / "model.onnx"), _encode(test, tokenizer, max_length), pad_id
        )
        write_card(
            out,
            info,
            test,
            test_scores,
            targets_array(test),
            rows,
            gap,
            len(pick),
            tokenizer.get_vocab_size(),
            max_length,
            [(manifest.bands[h].lo, manifest.bands[h].hi) for h in DIMENSIONS],
            args.note,
            len(kept),
        )
    return 0


def default_routes(
    texts: list[str], scores: np.ndarray, head_bands: list[tuple[float, float]]
) -> list[str]:
    """The model the sidecar's own `routing.route` picks for each row with the bundled
    catalog in its default regime (gates and fallback included)."""
    from hydra_router.profiles import CatalogSnapshot, bundled_profiles_path, load_catalog
    from hydra_router.protocol import RouteParams
    from hydra_router.routing import RoutingMemory, route

    path = bundled_profiles_path()
    snapshot = CatalogSnapshot(load_catalog(path), 1, str(path), "bundled")
    state = RoutingMemory()  # no conversation ids: nothing is remembered between rows
    return [
        route(RouteParams(prompt=text), snapshot, row, head_bands, state).model
        for text, row in zip(texts, scores.tolist(), strict=True)
    ]


def write_card(
    out: Path,
    info: dict[str, Any],
    test: list[Any],
    scores: np.ndarray,
    targets: np.ndarray,
    rows: list[Any],
    gap: float,
    parity_rows: int,
    vocab_size: int,
    max_length: int,
    head_bands: list[tuple[float, float]],
    note: str = "",
    fp32_matmuls: int = 0,
) -> None:
    """metrics.json, plots and MODEL_CARD.md."""
    from dataclasses import asdict

    from hydra_router.protocol import DIMENSIONS
    from hydra_router.training import card
    from hydra_router.training.labelled import margin_targets, request_key
    from hydra_router.training.latency import measure
    from hydra_router.training.metrics import decision_rates, language_invariance, roc_auc

    auc = {
        head: {
            "auc": roc_auc(scores[:, k], targets[:, k] >= 0.5),
            "positives": int((targets[:, k] >= 0.5).sum()),
            **decision_rates(scores[:, k], targets[:, k] >= 0.5),
        }
        for k, head in enumerate(DIMENSIONS)
    }
    train_langs = {r.lang for r in rows if r.split == "train"}
    inv = language_invariance(
        scores,
        [r.lang for r in test],
        [request_key(r) for r in test],
        train_langs,
        routes=default_routes([r.text for r in test], scores, head_bands),
        clusters=[r.group for r in test],
    )
    latency = asdict(measure(out / "model.onnx"))
    # The heads learn levels with a gap at the decision cut (heads.decision_margin):
    # calibration is judged against what they were trained to output.
    margin = float(info["config"].get("heads", {}).get("decision_margin", 0.0))
    card.reliability_plot(scores, margin_targets(targets, margin), out / "reliability.png")
    card.invariance_plot(inv, out / "invariance.png")
    figures = {
        "name": info["config"].get("name", out.name),
        "auc": auc,
        "invariance": inv,
        "latency": latency,
        "run": info,
        "onnx_mb": (out / "model.onnx").stat().st_size / 1e6,
        "vocab_size": vocab_size,
        "max_length": max_length,
        "test_rows": len(test),
        "parity": gap,
        "parity_rows": parity_rows,
        "fp32_matmuls": fp32_matmuls,
        "decision_margin": margin,
        "config_path": info.get("config_path", "configs/train-small.yaml"),
        "note": note,
    }
    (out / "MODEL_CARD.md").write_text(card.render(figures), encoding="utf-8")
    metrics = {k: v for k, v in figures.items() if k != "run"}
    metrics["invariance"] = [asdict(r) for r in inv]
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    for head, value in auc.items():
        print(f"ROC-AUC {head}: {value['auc']}", file=sys.stderr)
    print(f"latency p50 {latency['p50_ms']:.2f} ms", file=sys.stderr)
