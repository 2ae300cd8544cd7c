"""Pruned vocabulary: same segmentation for kept pieces, characters as fallback."""

from __future__ import annotations

import json
from collections import Counter

from tokenizers import Tokenizer

from fixtures.tiny_teacher import teacher_json
from hydra_router.training.vocab import prune_vocab


def test_prune_keeps_frequent_pieces_specials_and_characters() -> None:
    source = teacher_json()
    teacher = Tokenizer.from_str(json.dumps(source))
    corpus = ["hello world", "fix bug", "hello bug"]
    counts: Counter[int] = Counter()
    for text in corpus:
        counts.update(teacher.encode(text, add_special_tokens=False).ids)
    vocab = prune_vocab(source, counts, min_count=1)
    kept = [source["model"]["vocab"][i][0] for i in vocab.teacher_ids]
    assert kept[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert "▁unused" not in kept and "▁rare" not in kept
    assert "▁hello" in kept and "h" in kept
    student = vocab.tokenizer()
    for text in corpus:
        assert student.encode(text).tokens == teacher.encode(text).tokens
    # A pruned word falls back to characters, never to <unk>.
    assert "<unk>" not in student.encode("unused").tokens
    # Specials keep their ids, so the post-processor still wraps with <s> ... </s>.
    ids = student.encode("hello").ids
    assert ids[0] == 0 and ids[-1] == 2
    # new id -> teacher id: the pieces are the same strings.
    for new, old in enumerate(vocab.teacher_ids):
        assert student.id_to_token(new) == source["model"]["vocab"][old][0]
