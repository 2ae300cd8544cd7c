"""The audit file: a fixed random sample of rows with their targets and evidence, for reading."""

from __future__ import annotations

import random
from collections.abc import Sequence

from hydra_router.training.dataset.compose_requests import REQUEST_SOURCES
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


def request_sample(
    pairs: Sequence[tuple[LabelledRow, str]],
    size: int,
    seed: int,
    exclude: Sequence[tuple[LabelledRow, str]] = (),
) -> list[tuple[LabelledRow, str]]:
    """`size` more rows drawn from the editor-chat requests only (their own seeded draw),
    leaving out rows already in `exclude`."""
    taken = {id(row) for row, _ in exclude}
    new = [p for p in pairs if is_request_row(p[0]) and id(p[0]) not in taken]
    rng = random.Random(f"audit-requests:{seed}")
    indices = sorted(rng.sample(range(len(new)), min(size, len(new))))
    return [new[i] for i in indices]


def is_request_row(row: LabelledRow) -> bool:
    """Rows of the editor-chat composer: request files, hand-written, pasted solutions."""
    return (
        row.source in REQUEST_SOURCES
        or row.source == "handwritten"
        or row.kind.startswith(("paste_", "concept_diff"))
        or (row.source in ("debugbench", "quixbugs") and row.kind.startswith("code_tests"))
    )


def render_audit(
    sample: Sequence[tuple[LabelledRow, str]],
    requests: Sequence[tuple[LabelledRow, str]] = (),
) -> str:
    """Markdown: one section per row with source, kind, language, split, targets, evidence,
    text; the random sample first, then the extra sample of editor-chat requests."""
    lines = [
        "# Audit sample",
        "",
        f"{len(sample)} random rows of the built set (seeded), then {len(requests)} more "
        "drawn from the editor-chat requests alone. Targets in order "
        + ", ".join(HEADS)
        + ". `kind` is the request type and template style; `evidence` is what set",
        "the level. Findings and the corrections made from them are in DATASET_CARD.md.",
        "",
    ]
    lines += _sections(sample, 1)
    if requests:
        lines += ["# Editor-chat requests", ""] + _sections(requests, len(sample) + 1)
    return "\n".join(lines)


def _sections(sample: Sequence[tuple[LabelledRow, str]], start: int) -> list[str]:
    lines: list[str] = []
    for n, (row, split) in enumerate(sample, start=start):
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
    return lines
