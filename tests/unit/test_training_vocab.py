"""Pruned vocabulary: same segmentation for kept pieces, characters as fallback."""

from __future__ import annotations

import json
from collections import Counter

from tokenizers import Tokenizer

from hydra_router.training.vocab import prune_vocab


def teacher_json() -> dict:
    """A small SentencePiece-unigram tokenizer shaped like multilingual-e5-small's."""
    pieces = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
    words = ["▁hello", "▁world", "▁fix", "▁bug", "▁unused", "▁rare"]
    chars = ["▁", "h", "e", "l", "o", "w", "r", "d", "f", "i", "x", "b", "u", "g", "n", "s", "a"]
    pieces += [[w, -5.0] for w in words] + [[c, -10.0] for c in chars] + [["<mask>", 0.0]]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": t,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, t in [
                (0, "<s>"),
                (1, "<pad>"),
                (2, "</s>"),
                (3, "<unk>"),
                (len(pieces) - 1, "<mask>"),
            ]
        ],
        "normalizer": None,
        "pre_tokenizer": {
            "type": "Metaspace",
            "replacement": "▁",
            "prepend_scheme": "always",
            "split": True,
        },
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "pair": [],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]},
            },
        },
        "decoder": {
            "type": "Metaspace",
            "replacement": "▁",
            "prepend_scheme": "always",
            "split": True,
        },
        "model": {"type": "Unigram", "unk_id": 3, "vocab": pieces, "byte_fallback": False},
    }


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
