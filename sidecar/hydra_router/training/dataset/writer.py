"""Write the built set: sorted rows, gzip with a fixed header, atomic rename."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra_router.training.dataset.labels import HEADS
from hydra_router.training.dataset.rows import LabelledRow

OUTPUT_KEYS = ("text", "lang", "source", "group", "split", "variant", *HEADS)


def row_object(row: LabelledRow, split: str) -> dict[str, Any]:
    """The output contract: exactly OUTPUT_KEYS, targets as floats in [0, 1]."""
    obj: dict[str, Any] = {
        "text": row.text,
        "lang": row.lang,
        "source": row.source,
        "group": row.group,
        "split": split,
        "variant": row.variant,
    }
    obj.update(row.targets.as_dict())
    return obj


def sort_key(pair: tuple[LabelledRow, str]) -> tuple[str, ...]:
    """Output order: split, group, then content, so the file does not depend on build order."""
    row, split = pair
    return (split, row.group, row.source, row.lang, row.text)


def encode_rows(pairs: Sequence[tuple[LabelledRow, str]]) -> bytes:
    """Gzip-compressed JSONL of the rows, byte-identical for identical input (mtime 0, no name)."""
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        for row, split in pairs:
            line = json.dumps(row_object(row, split), ensure_ascii=False, separators=(", ", ": "))
            gz.write(line.encode("utf-8") + b"\n")
    return raw.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file next to `path`, then rename: readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def sha256(data: bytes) -> str:
    """Hex digest."""
    return hashlib.sha256(data).hexdigest()


def write_json_atomic(path: Path, obj: Any) -> None:
    """Pretty, key-sorted JSON, atomically."""
    write_atomic(
        path, (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    )
