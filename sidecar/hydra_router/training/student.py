"""The predictor network: a ModernBERT encoder, mean pooling, four sigmoid heads.

`build_student` makes a small ModernBERT from a config (embedding rows taken
from the teacher); `load_base` takes a pretrained ModernBERT/mmBERT by local
path or hub id instead. Either way the same `RequirementModel` wraps it, so
training, export and the ONNX contract (`scores` = sigmoid of four logits, in
DIMENSIONS order) do not depend on where the encoder came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hydra_router.protocol import DIMENSIONS

TORCH_HINT = "pip install torch==2.13.0 && pip install -e '.[train]'"


def import_torch() -> Any:
    """torch, or a RuntimeError with the install command."""
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(f"training needs torch and transformers: {TORCH_HINT}") from exc
    return torch


@dataclass(frozen=True)
class StudentShape:
    hidden: int = 256
    layers: int = 4
    heads: int = 4
    intermediate: int = 512
    max_length: int = 256


def modernbert_config(
    shape: StudentShape, vocab_size: int, pad_id: int, bos_id: int, eos_id: int
) -> Any:
    """A ModernBertConfig for the student: global attention in every layer (prompts are short)."""
    from transformers import ModernBertConfig

    return ModernBertConfig(
        vocab_size=vocab_size,
        hidden_size=shape.hidden,
        intermediate_size=shape.intermediate,
        num_hidden_layers=shape.layers,
        num_attention_heads=shape.heads,
        max_position_embeddings=max(shape.max_length, 512),
        pad_token_id=pad_id,
        bos_token_id=bos_id,
        cls_token_id=bos_id,
        eos_token_id=eos_id,
        sep_token_id=eos_id,
        layer_types=["full_attention"] * shape.layers,
        local_attention=max(shape.max_length, 128),
    )


def project_rows(rows: np.ndarray, width: int) -> np.ndarray:
    """Teacher embedding rows → `width` columns (PCA when narrower), keeping their scale."""
    if rows.shape[1] == width:
        return rows.astype(np.float32)
    centred = rows - rows.mean(axis=0, keepdims=True)
    _, _, vt = np.linalg.svd(centred[:: max(1, len(rows) // 20000)], full_matrices=False)
    basis = vt[:width].T if width < rows.shape[1] else np.eye(rows.shape[1], width)
    out = centred @ basis
    out *= rows.std() / max(float(out.std()), 1e-6)
    return out.astype(np.float32)


def make_model_class() -> Any:
    """Define RequirementModel lazily so importing this module never imports torch."""
    torch = import_torch()
    nn = torch.nn

    class RequirementModel(nn.Module):
        """encoder → masked mean pool → (4 logits for the heads, 384-d for distillation)."""

        def __init__(self, encoder: Any, teacher_dim: int = 384) -> None:
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.heads = nn.Linear(hidden, len(DIMENSIONS))
            self.distill = nn.Linear(hidden, teacher_dim)

        def pooled(self, input_ids: Any, attention_mask: Any) -> Any:
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
            states = out.last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)

        def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
            pooled = self.pooled(input_ids, attention_mask)
            return self.heads(pooled), self.distill(pooled)

    return RequirementModel


def make_scores_module(model: Any) -> Any:
    """The exported graph: (input_ids, attention_mask) → sigmoid scores [batch, 4]."""
    torch = import_torch()

    class Scores(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            logits, _ = self.inner(input_ids, attention_mask)
            return torch.sigmoid(logits)

    return Scores(model).eval()


def build_student(
    shape: StudentShape,
    teacher_rows: np.ndarray | None,
    pad_id: int,
    bos_id: int,
    eos_id: int,
    seed: int,
    vocab_size: int = 1000,
) -> Any:
    """A fresh small ModernBERT (embeddings from the teacher when rows are given, else
    `vocab_size` random rows)."""
    torch = import_torch()
    from transformers import ModernBertModel

    torch.manual_seed(seed)
    vocab = int(teacher_rows.shape[0]) if teacher_rows is not None else vocab_size
    config = modernbert_config(shape, vocab, pad_id, bos_id, eos_id)
    config._attn_implementation = "sdpa"
    encoder = ModernBertModel(config)
    if teacher_rows is not None:
        rows = torch.from_numpy(project_rows(teacher_rows, shape.hidden))
        encoder.embeddings.tok_embeddings.weight.data.copy_(rows)
    return make_model_class()(encoder)


def load_base(path_or_id: str, seed: int) -> tuple[Any, Any]:
    """A pretrained ModernBERT (local folder or hub id) and its tokenizer (`tokenizers`)."""
    torch = import_torch()
    from pathlib import Path

    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    local = Path(path_or_id).expanduser()
    source = str(local) if local.exists() else path_or_id
    try:
        encoder = AutoModel.from_pretrained(source, local_files_only=local.exists())
    except OSError as exc:
        raise ValueError(
            f"--base {path_or_id}: cannot load a model ({exc}). Pass a folder with config.json "
            "and weights, or a hub id such as answerdotai/ModernBERT-base"
        ) from None
    if getattr(encoder.config, "model_type", "") != "modernbert":
        raise ValueError(
            f"--base {path_or_id}: model_type is {encoder.config.model_type!r}, not modernbert"
        )
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local.exists())
    return make_model_class()(encoder), tokenizer.backend_tokenizer
