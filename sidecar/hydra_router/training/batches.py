"""Token ids, padded batches and the batch plans of both training stages.

Plans are lists of index lists computed up front from the seed, so a resumed
run replays exactly the batches it had not yet seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from hydra_router.predictor import head_tail, special_wrapping


def encode_texts(texts: Sequence[str], tokenizer: Any, max_tokens: int) -> list[list[int]]:
    """Ids as the sidecar's predictor makes them: specials around the content ids,
    content cut to the first half and the last half of the budget."""
    prefix, suffix = special_wrapping(tokenizer)
    limit = max(1, max_tokens - len(prefix) - len(suffix))
    encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    return [prefix + head_tail(enc.ids, limit) + suffix for enc in encodings]


def collate(ids: Sequence[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded int64 (input_ids, attention_mask)."""
    width = max(len(x) for x in ids)
    input_ids = np.full((len(ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        input_ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return input_ids, mask


def collate_on(device: Any, ids: Sequence[list[int]], pad_id: int) -> tuple[Any, Any]:
    """`collate` as torch tensors on `device` (where the model being trained lives)."""
    from hydra_router.training.student import import_torch

    torch = import_torch()
    input_ids, mask = collate(ids, pad_id)
    return torch.from_numpy(input_ids).to(device), torch.from_numpy(mask).to(device)


def length_bucketed_plan(
    lengths: Sequence[int], batch_size: int, epochs: float, seed: int
) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), `epochs` passes (fractional ok)."""
    rng = random.Random(seed)
    n = len(lengths)
    total = max(1, int(round(epochs * n / batch_size)))
    plan: list[list[int]] = []
    while len(plan) < total:
        order = list(range(n))
        rng.shuffle(order)
        order = _sorted_in_windows(order, 50 * batch_size, lambda i: lengths[i])
        batches = [order[j : j + batch_size] for j in range(0, n, batch_size)]
        rng.shuffle(batches)
        plan.extend(batches)
    return plan[:total]


def grouped_plan(
    groups: Sequence[str],
    batch_size: int,
    epochs: float,
    max_rows: int,
    members: int,
    seed: int,
    anchors: Sequence[bool] | None = None,
    lengths: Sequence[int] | None = None,
    repeats: Sequence[int] | None = None,
) -> list[list[int]]:
    """Batches where translations of one group sit together (up to `members` each).

    One epoch draws groups in random order, up to `members` rows of each, until
    `max_rows` rows; units are packed whole into batches of about `batch_size`.
    A row flagged in `anchors` (the English request) is in every unit of its
    group, so the other members are pulled towards it rather than only to
    each other: with 20 translations and 3 members a draw, English would
    otherwise be seen in one unit of seven.

    With `lengths` (tokens per row), units of similar length share a batch:
    within windows of about 50 batches units are sorted by their longest row,
    and the epoch's batches are shuffled, so a batch pads to less.

    With `repeats` (per row; a group takes its largest), a group is drawn that
    many times per pass over the groups: scarce rows weigh more.
    """
    rng = random.Random(seed)
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    names = sorted(by_group)
    if repeats is not None:
        names = [n for n in names for _ in range(max(repeats[i] for i in by_group[n]))]
    per_epoch = min(max_rows, len(groups))
    total_rows = int(round(epochs * per_epoch))
    plan: list[list[int]] = []
    seen = 0
    while seen < total_rows:
        rng.shuffle(names)
        units: list[list[int]] = []
        drawn = 0
        for name in names:
            rows = by_group[name]
            fixed = [i for i in rows if anchors is not None and anchors[i]][:members]
            rest = [i for i in rows if i not in fixed]
            unit = fixed + rng.sample(rest, min(members - len(fixed), len(rest)))
            units.append(unit)
            drawn += len(unit)
            if drawn >= per_epoch or seen + drawn >= total_rows:
                break
        if lengths is not None:
            window = 50 * batch_size // max(1, members)
            units = _sorted_in_windows(units, window, lambda u: max(lengths[i] for i in u))
        batches = _pack(units, batch_size)
        if lengths is not None:
            rng.shuffle(batches)
        plan.extend(batches)
        seen += drawn
    return plan


def _sorted_in_windows(items: list[Any], window: int, key: Callable[[Any], int]) -> list[Any]:
    """Each run of `window` consecutive items sorted by `key`; the runs stay in order.

    Neighbours in length share a batch while the shuffle before still decides
    which items meet, so batches pad less and stay varied.
    """
    return [
        item
        for start in range(0, len(items), window)
        for item in sorted(items[start : start + window], key=key)
    ]


def _pack(units: list[list[int]], batch_size: int) -> list[list[int]]:
    """Units kept whole, in order, into batches of at most `batch_size` (or one unit)."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for unit in units:
        if batch and len(batch) + len(unit) > batch_size:
            batches.append(batch)
            batch = []
        batch.extend(unit)
    if batch:
        batches.append(batch)
    return batches
