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
                    )
                )
            except (KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
                raise ValueError(f"{path}:{number}: bad row ({exc})") from None
    return rows


def targets_array(rows: list[LabelledRow]) -> np.ndarray:
    """[n, 4] float32 targets in DIMENSIONS order."""
    return np.array([r.targets for r in rows], dtype=np.float32).reshape(-1, len(DIMENSIONS))
