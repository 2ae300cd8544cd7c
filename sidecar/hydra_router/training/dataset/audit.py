"""The audit file: a fixed random sample of rows with their targets and evidence, for reading."""

from __future__ import annotations

import random
from collections.abc import Sequence

from hydra_router.training.dataset.labels import HEADS
from hydra_router.training.dataset.rows import LabelledRow

TEXT_LIMIT = 700


def audit_sample(
    pairs: Sequence[tuple[LabelledRow, str]], size: int, seed: int
) -> list[tuple[LabelledRow, str]]:
    """`size` rows drawn with the build seed (same build, same sample)."""
    rng = random.Random(f"audit:{seed}")
    indices = sorted(rng.sample(range(len(pairs)), min(size, len(pairs))))
    return [pairs[i] for i in indices]


def render_audit(sample: Sequence[tuple[LabelledRow, str]]) -> str:
    """Markdown: one section per row with source, kind, language, split, targets, evidence, text."""
    lines = [
        "# Audit sample",
        "",
        f"{len(sample)} random rows of the built set (seeded). Targets in order "
        + ", ".join(HEADS)
        + ". `kind` is the request type and template style; `evidence` is what set",
        "the level. Findings and the corrections made from them are in DATASET_CARD.md.",
        "",
    ]
    for n, (row, split) in enumerate(sample, start=1):
        targets = " ".join(f"{getattr(row.targets, h):.2f}" for h in HEADS)
        text = row.text if len(row.text) <= TEXT_LIMIT else row.text[:TEXT_LIMIT] + " [...]"
        lines += [
            f"## {n}. {row.source} · {row.kind} · {row.lang} · {split}",
            "",
            f"targets R/C/D/T: **{targets}** — evidence: {row.evidence or '-'}",
            "",
            "~~~~text",
            text.replace("~~~~", "~~~"),
            "~~~~",
            "",
        ]
    return "\n".join(lines)
