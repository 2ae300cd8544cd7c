"""Editor-chat requests written by the project's authors, each in several languages.

`data/authored/requests_*.jsonl` rows carry a label per head: 1 (clearly
needed), 0 (clearly not) or null (a careful reader would hesitate). Written
directly in each language, they teach what no benchmark shows: terse asks,
pasted traces, "run the tests", conceptual questions that quote code.
Translations share their English row's group, so splits keep them together.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from hydra_router.training.dataset.labels import HEADS, Targets
from hydra_router.training.dataset.rows import LabelledRow
from hydra_router.training.dataset.sources import SourceError

SOURCE = "authored"
# 1 → clearly needed, an average model manages (labels.py's 0.5-0.6 band);
# null → touched in passing, below the decision cut but above "not at all".
LEVELS = {1: 0.6, 0: 0.0, None: 0.25}


def handwritten_targets(labels: dict, where: str) -> Targets:
    """Targets from a row's per-head labels; SourceError naming the row on a bad value."""
    values = {}
    for head in HEADS:
        value = labels.get(head, "missing")
        if value not in LEVELS or isinstance(value, bool):
            raise SourceError(f"{where}: labels.{head} must be 0, 1 or null, got {value!r}")
        values[head] = LEVELS[value]
    return Targets(**values)


def compose_authored(folder: Path) -> Iterator[LabelledRow]:
    """Every row of every `requests_*.jsonl` in `folder` (none when it is absent)."""
    for path in sorted(folder.glob("requests_*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                    text, lang, group = str(row["text"]), str(row["lang"]), str(row["group"])
                    labels = row["labels"]
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise SourceError(
                        f"{where}: needs JSON with text, lang, group, labels ({exc})"
                    ) from None
                yield LabelledRow(
                    text.strip(),
                    lang,
                    SOURCE,
                    f"{SOURCE}-{group}",
                    handwritten_targets(labels, where),
                    "authored",
                    "written per request",
                )
