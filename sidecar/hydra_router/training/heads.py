"""Stage 2: the four requirement heads.

BCE on the soft targets (they are probabilities, not classes), plus a
consistency term: within a batch, the scores of each row are pulled to the
mean of its request's rows, i.e. its translations (`labelled.request_key`). A light
distillation term keeps the pooled space close to the teacher's for rows whose
teacher embedding is cached, so stage 1's cross-lingual alignment survives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from hydra_router.training.batches import collate_on
from hydra_router.training.distill import distill_loss
from hydra_router.training.student import import_torch


def group_consistency(probs: Any, group_ids: Any) -> Any:
    """Mean squared distance of each row's scores to its group mean (groups of ≥ 2 rows)."""
    torch = import_torch()
    n_groups = int(group_ids.max()) + 1
    ones = torch.ones(len(group_ids), device=probs.device)
    counts = torch.zeros(n_groups, device=probs.device).index_add_(0, group_ids, ones)
    sums = torch.zeros(n_groups, probs.shape[1], device=probs.device).index_add_(
        0, group_ids, probs
    )
    means = sums / counts.clamp(min=1).unsqueeze(1)
    shared = counts[group_ids] > 1
    if not bool(shared.any()):
        return probs.sum() * 0.0
    return ((probs - means[group_ids]) ** 2).sum(1)[shared].mean()


def make_heads_step(
    model: Any,
    ids: list[list[int]],
    targets: np.ndarray,
    groups: Sequence[str],
    teacher: np.ndarray | None,
    has_teacher: np.ndarray | None,
    pad_id: int,
    consistency_weight: float,
    distill_weight: float,
) -> Any:
    """The loss function of stage 2 for `loop.run_stage`."""
    torch = import_torch()
    functional = torch.nn.functional
    device = next(model.parameters()).device

    def step(batch: list[int]) -> tuple[Any, dict[str, float]]:
        logits, emb = model(*collate_on(device, [ids[i] for i in batch], pad_id))
        y = torch.from_numpy(targets[batch]).to(device)
        bce = functional.binary_cross_entropy_with_logits(logits, y)
        local: dict[str, int] = {}
        gid = torch.tensor([local.setdefault(groups[i], len(local)) for i in batch], device=device)
        consistency = group_consistency(torch.sigmoid(logits), gid)
        loss = bce + consistency_weight * consistency
        parts = {"bce": bce.item(), "cons": consistency.item()}
        if teacher is not None and has_teacher is not None and distill_weight > 0:
            rows = [j for j, i in enumerate(batch) if has_teacher[i]]
            if len(rows) > 1:
                gap, rel = distill_loss(
                    emb[rows], torch.from_numpy(teacher[[batch[j] for j in rows]]).to(device)
                )
                loss = loss + distill_weight * (gap + rel)
                parts["cos"] = 1.0 - gap.item()
        return loss, parts

    return step
