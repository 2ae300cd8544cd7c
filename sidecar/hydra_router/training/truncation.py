"""Token-budget truncation shared by the teacher pass and the student.

The predictor keeps the head and the tail of a long prompt (the ask is often at
the end, after pasted code). Cutting by character offsets of the tokenizer's
own encoding keeps the text valid for any tokenizer that sees it afterwards.
"""

from __future__ import annotations

from typing import Any


def head_tail_text(text: str, tokenizer: Any, max_tokens: int, head_share: float = 0.5) -> str:
    """`text` cut to at most `max_tokens` content tokens: head + " … " + tail."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    offsets = encoding.offsets
    if len(offsets) <= max_tokens:
        return text
    head = max(1, int(max_tokens * head_share))
    tail = max_tokens - head - 1
    head_end = offsets[head - 1][1]
    if tail <= 0:
        return text[:head_end]
    tail_start = offsets[len(offsets) - tail][0]
    return text[:head_end] + " … " + text[tail_start:]
