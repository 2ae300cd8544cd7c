"""Math word problems (GSM8K, MGSM): reasoning requests and write-a-program mixes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.grounding import MathGrounding
from hydra_router.training.dataset.rows import LabelledRow, item_rng, pick_language
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.templates import has_kind, render_lang

PROGRAM_LANGUAGES = ("Python", "JavaScript", "Java", "Go", "C++", "Rust")
MIXED_SHARE = 0.3


def compose_math(
    gsm8k: Iterable[QueryItem], mgsm: Iterable[QueryItem], grounding: MathGrounding, seed: int
) -> Iterator[LabelledRow]:
    """GSM8K (English) and MGSM (translations) problems.

    MGSM English rows are skipped: they are the GSM8K test items 0-249 verbatim.
    A share of items also becomes a mixed "write a program for it" request.
    """
    for item in gsm8k:
        yield from _problem_rows(item, grounding, seed, frame_lang=None)
    for item in mgsm:
        if item.lang == "en":
            continue
        yield from _problem_rows(item, grounding, seed, frame_lang=item.lang)


def _problem_rows(
    item: QueryItem, grounding: MathGrounding, seed: int, frame_lang: str | None
) -> Iterator[LabelledRow]:
    rng = item_rng(seed, item.id)
    d = grounding.by_group.get(item.group, 0.3)
    evidence = f"difficulty {d:.2f} (group {item.group})"
    outcome_id = grounding.outcome_id_by_group.get(item.group, "")
    lang = item.lang
    if has_kind(lang, "math"):
        text, lang, style = render_lang(lang, item.lang, "math", rng, task=item.text)
    else:
        text, style = item.text, 0
    yield LabelledRow(
        text,
        lang,
        item.source,
        item.group,
        labels.math_problem(d),
        f"math/{style}",
        evidence,
        outcome_id,
    )
    if rng.random() < MIXED_SHARE:
        # English items get a framing in any template language; translated items keep theirs.
        frame = frame_lang if frame_lang else pick_language(rng)
        if has_kind(frame, "math_program"):
            pl = rng.choice(PROGRAM_LANGUAGES)
            text, text_lang, style = render_lang(
                frame, item.lang, "math_program", rng, task=item.text, pl=pl
            )
            yield LabelledRow(
                text,
                text_lang,
                item.source,
                item.group,
                labels.math_program(d),
                f"math_program/{style}",
                evidence,
                outcome_id,
            )
