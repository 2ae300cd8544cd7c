"""Stage 1: distil the teacher's sentence embeddings into the student.

Each text's target is its teacher embedding blended with the mean teacher
embedding of its group (the translations of one item), so translations are
pulled toward one point. The loss is 1 − cosine plus a relational term (the
student's in-batch similarity matrix should match the teacher's), which keeps
unrelated prompts apart instead of letting everything collapse together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from hydra_router.training.batches import collate_on
from hydra_router.training.student import import_torch


def blended_targets(vectors: np.ndarray, groups: Sequence[str], weight: float) -> np.ndarray:
    """normalise((1 − w)·own + w·group mean); rows are L2-normalised teacher embeddings."""
    index: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        index.setdefault(g, []).append(i)
    out = vectors.astype(np.float32).copy()
    for members in index.values():
        if len(members) > 1:
            mean = vectors[members].mean(axis=0)
            out[members] = (1.0 - weight) * vectors[members] + weight * mean
    out /= np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-6)
    return out


def distill_loss(student: Any, teacher: Any) -> tuple[Any, Any]:
    """(1 − mean cosine, relational MSE) between [b, d] student and teacher embeddings."""
    torch = import_torch()
    s = torch.nn.functional.normalize(student, dim=-1)
    t = torch.nn.functional.normalize(teacher, dim=-1)
    cosine = (s * t).sum(-1).mean()
    relational = torch.nn.functional.mse_loss(s @ s.T, t @ t.T)
    return 1.0 - cosine, relational


def make_distill_step(model: Any, ids: list[list[int]], targets: np.ndarray, pad_id: int) -> Any:
    """The loss function of stage 1 for `loop.run_stage`."""
    torch = import_torch()
    device = next(model.parameters()).device

    def step(batch: list[int]) -> tuple[Any, dict[str, float]]:
        _, emb = model(*collate_on(device, [ids[i] for i in batch], pad_id))
        gap, relational = distill_loss(emb, torch.from_numpy(targets[batch]).to(device))
        loss = gap + relational
        return loss, {"cos": 1.0 - gap.item(), "rel": relational.item()}

    return step
