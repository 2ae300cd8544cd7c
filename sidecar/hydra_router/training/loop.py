"""One training stage: AdamW, warm-up + linear decay, checkpoints, a progress bar.

A stage is a batch plan plus a loss function. Its checkpoint holds the model,
the optimiser, the scheduler step and the position in the plan, so an
interrupted run resumes on the next unseen batch (`hydra-router train` again).

With `average_from`, the stage ends on the running mean of the weights seen
after that fraction of its steps (tail averaging), not on the last step's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hydra_router.training.student import import_torch

LossFn = Callable[[list[int]], tuple[Any, dict[str, float]]]


def _lr_factor(step: int, total: int, warmup: int) -> float:
    if step < warmup:
        return (step + 1) / warmup
    return max(0.05, 1.0 - (step - warmup) / max(1, total - warmup))


def run_stage(
    name: str,
    model: Any,
    plan: list[list[int]],
    loss_fn: LossFn,
    lr: float,
    run_dir: Path,
    checkpoint_every: int,
    params: list[Any] | None = None,
    stop_at: int | None = None,
    average_from: float | None = None,
) -> dict[str, float]:
    """Train `model` over `plan`; returns the last smoothed losses. Resumes from a checkpoint.

    `stop_at` ends the stage after that many steps of the plan, with the learning
    rate still following the schedule of the whole plan (early stopping at a step
    chosen on the valid split reproduces that checkpoint exactly).
    `average_from` in [0, 1): the weights after each step from that fraction of
    the stage on are averaged, and the average is what the stage returns.
    """
    torch = import_torch()
    from tqdm import tqdm

    ckpt_path = run_dir / f"checkpoint-{name}.pt"
    done_path = run_dir / f"done-{name}.pt"
    if done_path.exists():
        model.load_state_dict(torch.load(done_path, map_location="cpu", weights_only=True))
        return {"finished_earlier": 1.0}
    trainable = params if params is not None else [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
    warmup = max(1, len(plan) // 20)
    start = 0
    average: dict[str, Any] = {}
    averaged = 0
    if ckpt_path.exists():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["rng"])
        start = int(state["step"])
        average, averaged = state.get("average", {}), int(state.get("averaged", 0))
    smooth: dict[str, float] = {}
    log = (run_dir / "train_log.jsonl").open("a", encoding="utf-8")
    model.train()
    end = len(plan) if stop_at is None else max(0, min(stop_at, len(plan)))
    bar = tqdm(total=end, initial=start, desc=name, unit="batch", dynamic_ncols=True)
    started = time.monotonic()
    average_start = end if average_from is None else int(average_from * end)
    for step in range(start, end):
        for group in optimizer.param_groups:
            group["lr"] = lr * _lr_factor(step, len(plan), warmup)
        loss, parts = loss_fn(plan[step])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        if step >= average_start:
            averaged += 1
            _accumulate(average, model, averaged)
        for key, value in parts.items():
            smooth[key] = value if key not in smooth else 0.95 * smooth[key] + 0.05 * value
        bar.set_postfix({k: f"{v:.4f}" for k, v in smooth.items()})
        bar.update(1)
        if (step + 1) % 20 == 0:
            log.write(json.dumps({"stage": name, "step": step + 1, **smooth}) + "\n")
            log.flush()
        if (step + 1) % checkpoint_every == 0 and step + 1 < end:
            _save(torch, ckpt_path, model, optimizer, step + 1, average, averaged)
    bar.close()
    log.close()
    if averaged:
        with torch.no_grad():
            for name_, param in model.named_parameters():
                param.copy_(average[name_])
        smooth["averaged_steps"] = float(averaged)
    torch.save(model.state_dict(), done_path)
    ckpt_path.unlink(missing_ok=True)
    smooth["seconds"] = time.monotonic() - started
    return smooth


def _accumulate(average: dict[str, Any], model: Any, count: int) -> None:
    """Fold the model's current weights into the running mean of `count` snapshots."""
    for name, param in model.named_parameters():
        value = param.detach()
        if name not in average:
            average[name] = value.clone()
        else:
            average[name] += (value - average[name]) / count


def _save(
    torch: Any,
    path: Path,
    model: Any,
    optimizer: Any,
    step: int,
    average: dict[str, Any],
    averaged: int,
) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "rng": torch.get_rng_state(),
            "average": average,
            "averaged": averaged,
        },
        tmp,
    )
    tmp.replace(path)
