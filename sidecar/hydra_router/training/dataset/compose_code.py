"""Code requests: HumanEval-XL prompts (many natural languages) and, opt-in, CodeAlpaca."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.rows import LabelledRow, clip_text, item_rng
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.templates import has_kind, render

# Variant kinds besides "complete it", with their shares.
_SECOND_KINDS = ("code_tests", "code_explain", "algo_then_code")
_SECOND_WEIGHTS = (0.4, 0.25, 0.35)
THIRD_SHARE = 0.6
# Go and Java stubs need more boilerplate and types than Python/JS ones.
_PL_BUMP = {"python": 0.0, "javascript": 0.0, "java": 0.1, "go": 0.1}


def humaneval_group(item: QueryItem) -> str:
    """One group per problem across programming languages (python/0 and java/0 are one problem)."""
    task_id = str(item.meta.get("task_id", item.group))
    return "humaneval_xl-problem-" + task_id.split("/")[-1]


def humaneval_difficulty(items: Iterable[QueryItem]) -> dict[str, float]:
    """Per group: a length proxy from the English description (no outcomes exist for these).

    Longer specifications describe more cases to handle: 150 chars -> 0, 850+ -> 1.
    """
    result: dict[str, float] = {}
    for item in items:
        if item.lang != "en":
            continue
        length = len(str(item.meta.get("description", "")))
        d = min(1.0, max(0.0, (length - 150) / 700))
        pl = str(item.meta.get("programming_language", "python"))
        result[item.group] = min(1.0, d + _PL_BUMP.get(pl, 0.05))
    return result


def _code_row(
    item: QueryItem,
    group: str,
    d: float,
    text: str,
    kind: str,
    kind_label: str,
    variant: str = "",
) -> LabelledRow:
    return LabelledRow(
        text,
        item.lang,
        item.source,
        group,
        labels.code_request(kind, d),
        kind_label,
        f"spec-length difficulty {d:.2f}",
        variant=variant,
    )


def compose_humaneval(items: Iterable[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """Each prompt as "complete this" (raw or framed in its language), plus variants.

    Variant: in a language with templates, a tests / explain / algorithm-first
    request around the same stub; elsewhere the bare description as an
    instruction in that language. English also gets the bare stub and the
    bare description, so every bare request has its English counterpart of
    the same form (`variant`).
    """
    items = list(items)
    difficulty = humaneval_difficulty(items)
    for item in items:
        rng = item_rng(seed, item.id)
        d = difficulty.get(item.group, 0.3)
        group = humaneval_group(item)
        code = item.text.strip("\n")
        pl = str(item.meta.get("programming_language", "python"))
        # The description is the same in all four programming languages: use it once.
        description = clip_text(str(item.meta.get("description", "")), 1500)
        description = description if pl == "python" else ""

        row = partial(_code_row, item, group, d)
        framed = has_kind(item.lang, "code_complete")
        if framed:
            text, style = render(item.lang, "code_complete", rng, code=code)
            yield row(text, "code_complete", f"code_complete/{style}")
        if not framed or item.lang == "en":
            yield row(code, "code_complete", "code_complete/bare", "stub")
        if description and (not framed or item.lang == "en"):
            yield row(description, "code_instruction", "code_instruction/bare", "description")
        if not has_kind(item.lang, "code_tests"):
            continue
        kind = rng.choices(_SECOND_KINDS, weights=_SECOND_WEIGHTS, k=1)[0]
        text, style = render(item.lang, kind, rng, code=code)
        yield row(text, kind, f"{kind}/{style}")
        if rng.random() < THIRD_SHARE:
            # A third request about the same stub, of another kind.
            other = rng.choice([k for k in _SECOND_KINDS if k != kind])
            text, style = render(item.lang, other, rng, code=code)
            yield row(text, other, f"{other}/{style}")


def compose_codealpaca(items: Iterable[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """CodeAlpaca instructions (CC BY-NC 4.0, only with --include-noncommercial)."""
    for item in items:
        rng = item_rng(seed, item.id)
        d = min(1.0, max(0.0, (len(item.text) - 60) / 400))
        text, style = render("en", "code_instruction", rng, task=item.text)
        yield LabelledRow(
            text,
            "en",
            item.source,
            item.group,
            labels.code_request("code_instruction", d),
            f"code_instruction/{style}",
            f"length difficulty {d:.2f}",
        )
