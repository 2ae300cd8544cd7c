"""Trained run → ONNX (fp32) → onnxruntime dynamic int8, with a parity check.

The graph's contract is the one in `manifest.py`: inputs `input_ids` and
`attention_mask` (int64, [batch, seq], both axes dynamic), output `scores`
(float32 [batch, 4], sigmoid applied).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hydra_router.training.batches import collate

OPSET = 17
PARITY_TOLERANCE = 0.03


def load_run_model(run_dir: Path, weights: Path | None = None) -> Any:
    """The trained RequirementModel of a run folder (eval mode).

    `weights` picks another state dict than `model.pt`, e.g. a stage checkpoint
    (`checkpoint-heads.pt`) of a run that was stopped early.
    """
    from hydra_router.training.student import import_torch, make_model_class

    torch = import_torch()
    from transformers import AutoConfig, AutoModel

    config_path = run_dir / "encoder_config.json"
    weights = weights or run_dir / "model.pt"
    for path in (config_path, weights):
        if not path.exists():
            raise ValueError(f"{path}: missing; run `hydra-router train` into {run_dir} first")
    raw = json.loads(config_path.read_text(encoding="utf-8"))
    config = AutoConfig.for_model(raw.pop("model_type"), **raw)
    # Same arithmetic as the "sdpa" attention training uses; its ONNX graph has about
    # 15 % fewer nodes after onnxruntime's optimisations (no NaN guards around the
    # mask), and on 1 × 128 tokens the per-node overhead is a good part of the time.
    config._attn_implementation = "eager"
    model = make_model_class()(AutoModel.from_config(config))
    state = torch.load(weights, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"] if "model" in state and "optimizer" in state else state)
    return model.eval()


def export_fp32(model: Any, path: Path, vocab_size: int) -> None:
    """torch → ONNX with dynamic batch and sequence axes."""
    from hydra_router.training.student import import_torch, make_scores_module

    torch = import_torch()
    scores = make_scores_module(model)
    ids = torch.randint(4, vocab_size, (2, 16), dtype=torch.int64)
    mask = torch.ones_like(ids)
    mask[1, 12:] = 0
    torch.onnx.export(
        scores,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["scores"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "scores": {0: "batch"},
        },
        opset_version=OPSET,
        dynamo=False,
    )


def fp32_nodes(src: Path) -> list[str]:
    """MatMuls that may stay fp32: each layer's MLP output projection (ModernBERT `mlp/Wo`).

    Their inputs are GLU products with a few large values, so one activation
    scale per tensor can lose the rest: on model 0.2.0, quantising them too
    moved scores by up to 0.047 (parity failed); keeping these four matrices
    in fp32 costs 1.6 MB and about 0.3 ms, and brought parity to 0.007.
    """
    import onnx

    graph = onnx.load(str(src), load_external_data=False).graph
    return [n.name for n in graph.node if n.op_type == "MatMul" and "/mlp/Wo/" in n.name]


def quantize_int8(src: Path, dst: Path, keep_fp32: Sequence[str] = ()) -> None:
    """onnxruntime dynamic quantisation: int8 weights, activations quantised at run
    time; the nodes named in `keep_fp32` stay in fp32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src), str(dst), weight_type=QuantType.QInt8, nodes_to_exclude=list(keep_fp32)
    )


def session(path: Path, threads: int = 2) -> Any:
    """An onnxruntime CPU session."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_scores(sess: Any, ids: Sequence[list[int]], pad_id: int, batch: int = 32) -> np.ndarray:
    """[n, 4] scores of an ONNX session on tokenised rows (batched, similar lengths together)."""
    order = np.argsort([len(x) for x in ids], kind="stable")
    out = np.zeros((len(ids), 4), dtype=np.float32)
    for start in range(0, len(ids), batch):
        idx = order[start : start + batch]
        x, m = collate([ids[i] for i in idx], pad_id)
        out[idx] = sess.run(["scores"], {"input_ids": x, "attention_mask": m})[0]
    return out


def parity(fp32: np.ndarray, int8: np.ndarray) -> float:
    """max |Δ| between fp32 and int8 scores."""
    return float(np.abs(fp32 - int8).max()) if fp32.size else 0.0
