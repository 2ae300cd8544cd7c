"""Low-requirement and general chat: XQuAD questions, MT-Bench prompts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.grounding import chat_gap
from hydra_router.training.dataset.rows import LabelledRow, item_rng
from hydra_router.training.dataset.templates import render_lang

_NO_SPACES = {"zh", "ja", "th"}
# Template languages without XQuAD translations: English questions framed in them give
# these languages low-requirement rows too, so that a language never implies a high need.
FRAMED_QUESTION_LANGUAGES = ("fr", "pt", "ja", "ko")
FRAMED_PER_QUESTION = 2


def question_words(text: str, lang: str) -> int:
    """Word count, estimated from characters for scripts written without spaces."""
    if lang in _NO_SPACES:
        return max(1, len(text) // 2)
    return len(text.split())


def compose_xquad(items: Iterable[Any], seed: int) -> Iterator[LabelledRow]:
    """Short factual questions as asked (their paragraph is not part of the request), and
    English ones framed in the template languages that XQuAD lacks."""
    for item in items:
        words = question_words(item.text, item.lang)
        targets = labels.factual_question(words)
        yield LabelledRow(
            item.text, item.lang, item.source, item.group, targets, "question", f"{words} words"
        )
        if item.lang != "en":
            continue
        rng = item_rng(seed, item.id)
        for lang in rng.sample(FRAMED_QUESTION_LANGUAGES, FRAMED_PER_QUESTION):
            text, text_lang, style = render_lang(lang, "en", "question", rng, task=item.text)
            yield LabelledRow(
                text,
                text_lang,
                item.source,
                item.group,
                targets,
                f"question/{style}",
                f"{words} words",
            )


def compose_mtbench(rows: Iterable[dict[str, Any]]) -> Iterator[LabelledRow]:
    """MT-Bench first turns: category sets the dimensions, the GPT-4/Mixtral gap the level."""
    for row in rows:
        gap = chat_gap(row)
        category = str(row.get("category", ""))
        yield LabelledRow(
            str(row["prompt"]),
            "en",
            "mtbench",
            "mtbench-" + str(row["id"]).split(":")[-1],
            labels.chat_request(category, gap),
            f"chat/{category}",
            f"{category}, gap {gap:+.2f}",
            str(row["id"]),
        )
