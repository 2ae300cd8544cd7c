"""Read the requirement-labelled dataset (`data/requirements/rows.jsonl.gz`)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hydra_router.protocol import DIMENSIONS
from hydra_router.training.dataset.rows import RowOrigin

SPLITS = ("train", "valid", "test")


@dataclass(frozen=True)
class LabelledRow(RowOrigin):
    """One row of the labels file as training reads it back."""

    split: str
    targets: tuple[float, float, float, float]
    variant: str = ""


def read_rows(path: Path, exclude_sources: Iterable[str] = ()) -> list[LabelledRow]:
    """All rows; errors name the line and the missing field."""
    if not path.exists():
        raise ValueError(
            f"{path}: labels not found. Build them with `hydra-router data` or set data.labels"
        )
    excluded = set(exclude_sources)
    opener = gzip.open if path.suffix == ".gz" else open
    rows: list[LabelledRow] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if raw["source"] in excluded:
                    continue
                targets = tuple(float(raw[h]) for h in DIMENSIONS)
                split = str(raw["split"])
                if split not in SPLITS:
                    raise ValueError(f"split {split!r} not in {SPLITS}")
                rows.append(
                    LabelledRow(
                        str(raw["text"]),
                        str(raw.get("lang", "en")),
                        str(raw["source"]),
                        str(raw["group"]),
                        split,
                        targets,  # type: ignore[arg-type]
                        str(raw.get("variant", "")),
                    )
                )
            except (KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
                raise ValueError(f"{path}:{number}: bad row ({exc})") from None
    return rows


def request_key(row: LabelledRow) -> str:
    """Which rows are one request in several languages: same group, labels and form.

    A group holds one item phrased several ways (a HumanEval problem as bare
    code, "explain this", "write tests"; a math problem plain or "as a
    program"), each with its own labels, and labels travel with translations.
    Where one item has forms with equal labels (a bare stub, a bare
    description, a framed "complete this", each stub in four programming
    languages; a crash with its code or in one line), `variant` tells them apart.
    Stage 2 pulls the scores of rows with one key together, and the
    invariance metric compares each translation with the English row of its
    key; pulling a whole group together would average "explain this" with
    "write it".
    """
    labels = ",".join(f"{t:.4f}" for t in row.targets)
    return f"{row.group}|{labels}|{row.variant}"


def targets_array(rows: list[LabelledRow]) -> np.ndarray:
    """[n, 4] float32 targets in DIMENSIONS order."""
    return np.array([r.targets for r in rows], dtype=np.float32).reshape(-1, len(DIMENSIONS))


def margin_targets(targets: np.ndarray, margin: float) -> np.ndarray:
    """Levels → training targets with a gap at the 0.5 decision cut.

    target' = m·[level ≥ 0.5] + (1 − m)·level. Order is kept (so ranking,
    ROC-AUC and the router's band normalisation see the same requests in the
    same order), levels ≥ 0.5 land in [0.5 + m/2, 1] and the rest in
    [0, 0.5 − m/2): a request's decision is no longer a coin flip when its
    level is exactly "clearly needed" (0.5).
    """
    if not 0.0 <= margin < 1.0:
        raise ValueError(f"decision_margin must be in [0, 1), got {margin}")
    levels = np.asarray(targets, dtype=np.float32)
    return (margin * (levels >= 0.5) + (1.0 - margin) * levels).astype(np.float32)
