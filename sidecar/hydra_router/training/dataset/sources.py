"""Read the shared source files (JSONL) with errors that say what to fix."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


class SourceError(ValueError):
    """A source file is missing or malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class QueryItem:
    """One row of a `queries/*.jsonl` file."""

    id: str
    source: str
    lang: str
    text: str
    group: str
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


QUERY_FILES = {
    "mgsm": "queries/mgsm.jsonl",
    "gsm8k": "queries/gsm8k.jsonl",
    "humaneval_xl": "queries/humaneval_xl.jsonl",
    "bfcl": "queries/bfcl_queries.jsonl",
    "quixbugs": "queries/quixbugs.jsonl",
    "debugbench": "queries/debugbench.jsonl",
    "xquad": "queries/xquad.jsonl",
    "codealpaca": "queries/codealpaca.jsonl",
}

OUTCOME_FILES = {
    "routellm_gsm8k": "outcomes/routellm_gsm8k.jsonl",
    "routellm_mtbench": "outcomes/routellm_mtbench.jsonl",
    "bfcl": "outcomes/bfcl.jsonl",
}

_QUERY_KEYS = ("id", "source", "lang", "text", "group", "meta")
_OUTCOME_KEYS = ("id", "prompt", "outcomes")


def _open_text(path: Path) -> TextIO:
    """A text handle on a JSONL file, gzip-compressed when its name ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_jsonl(path: Path, required: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file; raise SourceError on any bad line."""
    if not path.is_file():
        raise SourceError(
            f"{path}: file not found. Pass --source pointing at the shared data folder "
            "(it holds queries/ and outcomes/)."
        )
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(
                    f"{path}:{number}: not valid JSON ({exc.msg}). Each line must be one JSON "
                    "object; restore the file from the shared data folder."
                ) from None
            if not isinstance(obj, dict):
                raise SourceError(
                    f"{path}:{number}: expected a JSON object, got {type(obj).__name__}."
                )
            missing = [key for key in required if key not in obj]
            if missing:
                raise SourceError(
                    f"{path}:{number}: missing key(s) {', '.join(missing)}; every line needs "
                    f"{', '.join(required)}."
                )
            yield obj


def read_queries(root: Path, name: str) -> list[QueryItem]:
    """All items of one query source (`name` is a key of QUERY_FILES)."""
    path = root / QUERY_FILES[name]
    items = []
    for obj in iter_jsonl(path, _QUERY_KEYS):
        if not isinstance(obj["meta"], dict) or not isinstance(obj["text"], str):
            raise SourceError(
                f"{path}: row {obj['id']!r}: `meta` must be an object, `text` a string."
            )
        items.append(
            QueryItem(
                id=str(obj["id"]),
                source=str(obj["source"]),
                lang=str(obj["lang"]),
                text=obj["text"],
                group=str(obj["group"]),
                meta=obj["meta"],
            )
        )
    return items


def read_outcomes(root: Path, name: str) -> list[dict[str, Any]]:
    """All rows of one outcome file (`name` is a key of OUTCOME_FILES)."""
    path = root / OUTCOME_FILES[name]
    rows = list(iter_jsonl(path, _OUTCOME_KEYS))
    for row in rows:
        if not isinstance(row["outcomes"], dict) or not row["outcomes"]:
            raise SourceError(f"{path}: row {row['id']!r}: `outcomes` must be a non-empty object.")
    return rows


def meta_field(item: QueryItem, key: str, path_hint: str) -> Any:
    """A required `meta` field, or SourceError naming the item."""
    if key not in item.meta:
        raise SourceError(f"{path_hint}: row {item.id!r}: meta.{key} is missing.")
    return item.meta[key]
