"""The labelled row and the small deterministic choices every composer makes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hydra_router.training.dataset.labels import Targets
from hydra_router.training.dataset.templates import TEMPLATE_LANGUAGES


@dataclass(frozen=True)
class RowOrigin:
    """The fields every labelled row starts with: the request and where it came from.

    Shared by the rows the dataset builder writes and the rows training reads back.
    """

    text: str
    lang: str
    source: str
    group: str


@dataclass(frozen=True)
class LabelledRow(RowOrigin):
    """One request with its targets; `kind` and `evidence` feed the card and audit only."""

    targets: Targets
    kind: str
    evidence: str = ""
    # id of the outcome row whose per-item result set this row's level ("" if none)
    outcome_id: str = ""
    # the form of the request when an item is put several ways with equal labels
    # (HumanEval: "stub/<language>", "complete/<language>", … or bare "description" vs
    # framed; QuixBugs: a crash in one line, "line/<style>"); "" for the rest
    variant: str = ""


def item_rng(seed: int, key: str) -> random.Random:
    """A generator that depends only on the build seed and the item, not on build order."""
    return random.Random(f"{seed}:{key}")


# English dominates editor chat, the other template languages share the rest evenly.
_LANGUAGE_WEIGHTS = [
    0.3 if lang == "en" else 0.7 / (len(TEMPLATE_LANGUAGES) - 1) for lang in TEMPLATE_LANGUAGES
]


def pick_language(rng: random.Random, exclude: tuple[str, ...] = ()) -> str:
    """A template language for material that has no language of its own (code, English items)."""
    langs = [lang for lang in TEMPLATE_LANGUAGES if lang not in exclude]
    weights = [
        w
        for lang, w in zip(TEMPLATE_LANGUAGES, _LANGUAGE_WEIGHTS, strict=True)
        if lang not in exclude
    ]
    return rng.choices(langs, weights=weights, k=1)[0]


def clip_text(text: str, limit: int) -> str:
    """Cut long material at a line or word boundary; the predictor reads the start anyway."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in ("\n", " "):
        pos = cut.rfind(sep)
        if pos > limit * 0.6:
            cut = cut[:pos]
            break
    return cut.rstrip() + "\n..."
