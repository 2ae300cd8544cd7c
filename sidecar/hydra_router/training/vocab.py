"""A vocabulary pruned to the pieces a corpus uses, kept compatible with the teacher.

multilingual-e5-small's SentencePiece-unigram vocabulary has 250k pieces; the
router's prompts use a small fraction. The pruned tokenizer keeps the teacher's
normaliser, pre-tokeniser, decoder and piece scores, so it segments the same
way wherever the kept pieces suffice. It keeps every piece seen at least
`min_count` times in the corpus plus every single-character piece (so unseen
words still split into characters rather than `<unk>`), and records, for each
new id, the teacher id whose embedding row initialises it.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


@dataclass(frozen=True)
class PrunedVocab:
    tokenizer_json: dict[str, Any]
    teacher_ids: list[int]  # new id -> teacher id

    @property
    def size(self) -> int:
        return len(self.teacher_ids)

    def save(self, path: Path) -> None:
        """Write `tokenizer.json` (no truncation/padding: the predictor handles both)."""
        path.write_text(json.dumps(self.tokenizer_json, ensure_ascii=False), encoding="utf-8")

    def tokenizer(self) -> Any:
        """A `tokenizers.Tokenizer` for this vocabulary."""
        from tokenizers import Tokenizer

        return Tokenizer.from_str(json.dumps(self.tokenizer_json, ensure_ascii=False))


def count_pieces(texts: Iterable[str], teacher_tokenizer: Any, batch: int = 2048) -> Counter[int]:
    """How often each teacher piece id occurs in `texts`."""
    counts: Counter[int] = Counter()
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= batch:
            for enc in teacher_tokenizer.encode_batch(chunk, add_special_tokens=False):
                counts.update(enc.ids)
            chunk = []
    for enc in teacher_tokenizer.encode_batch(chunk, add_special_tokens=False):
        counts.update(enc.ids)
    return counts


def prune_vocab(
    teacher_json: dict[str, Any], counts: Counter[int], min_count: int = 2
) -> PrunedVocab:
    """Keep specials, frequent pieces and all single-character pieces; ids stay in teacher order."""
    model = teacher_json["model"]
    if model.get("type") != "Unigram":
        raise ValueError("only SentencePiece-unigram teacher tokenizers are supported")
    pieces: list[list[Any]] = model["vocab"]
    keep = [
        i
        for i, (piece, _score) in enumerate(pieces)
        if piece in SPECIALS
        or counts.get(i, 0) >= min_count
        or len(piece.replace("\u2581", "")) <= 1
    ]
    new_id = {old: new for new, old in enumerate(keep)}
    pruned = copy.deepcopy(teacher_json)
    pruned["truncation"] = None
    pruned["padding"] = None
    pruned["model"]["vocab"] = [pieces[i] for i in keep]
    pruned["model"]["unk_id"] = new_id[model["unk_id"]]
    pruned["added_tokens"] = [
        {**tok, "id": new_id[tok["id"]]}
        for tok in teacher_json["added_tokens"]
        if tok["id"] in new_id
    ]
    post = pruned.get("post_processor") or {}
    for special in (post.get("special_tokens") or {}).values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    return PrunedVocab(pruned, keep)
