"""Unlabelled multilingual text for distillation, read from the raw query files.

Distillation needs no labels, so it can run before the labelled dataset
exists. Parallel sources come first (MGSM, XQuAD, HumanEval-XL share `group`
across languages), so that translations of one item are pulled to the same
point; then a sample of the English-only sources so the student also sees
code, tool calls and buggy programs. CodeAlpaca (CC BY-NC) is left out so the
shipped model is trained on permissively licensed text only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from hydra_router.training.dataset.sources import iter_jsonl

DEFAULT_QUERIES = Path("../shared/data/queries")

# Languages of the raw multilingual text whose scripts stage 1 never sees (Ge'ez,
# Georgian, Armenian, Khmer, Burmese, Tibetan, Thaana, Cherokee, Yi, Vai): the
# model card measures how the predictor behaves on scripts the corpus lacks.
UNSEEN_SCRIPTS = (
    "amh",
    "tir",
    "kat",
    "hye",
    "khm",
    "mya",
    "bod",
    "dzo",
    "div",
    "chr",
    "iii",
    "vai",
)
# Paragraphs shorter than this are headings ("Article 3", "Preamble").
MIN_PARAGRAPH_CHARS = 40

# source file -> (max groups, max rows); None = all. Ordered by priority.
DEFAULT_BUDGET: dict[str, tuple[int | None, int | None]] = {
    "mgsm.jsonl": (None, None),
    "humaneval_xl.jsonl": (160, None),
    "xquad.jsonl": (450, None),
    "bfcl_queries.jsonl": (None, 1500),
    "gsm8k.jsonl": (None, 800),
    "debugbench.jsonl": (None, 800),
    "quixbugs.jsonl": (None, None),
}


@dataclass(frozen=True)
class CorpusRow:
    text: str
    group: str
    lang: str
    source: str
    label_group: str  # the item's group in the labelled dataset (for held-out filtering)


def label_group(raw: dict) -> str:
    """The labelled dataset's group of a raw row: one per HumanEval problem across
    programming languages, one per DebugBench LeetCode slug, else the raw group."""
    meta = raw.get("meta") or {}
    if raw["source"] == "humaneval_xl" and "task_id" in meta:
        return "humaneval_xl-problem-" + str(meta["task_id"]).split("/")[-1]
    if raw["source"] == "debugbench" and meta.get("slug"):
        return "debugbench-" + str(meta["slug"])
    return str(raw["group"])


def _text_of(row: dict) -> str:
    """The request text; buggy-program rows carry code instead, which is used as is."""
    text = row.get("text") or ""
    if text:
        return text
    meta = row.get("meta") or {}
    code = meta.get("code") or ""
    problem = (meta.get("problem") or "").split("\n")[0]
    return f"{problem}\n{code}".strip() if problem else code.strip()


def distillation_corpus(
    folder: Path = DEFAULT_QUERIES,
    budget: dict[str, tuple[int | None, int | None]] | None = None,
    seed: int = 0,
) -> list[CorpusRow]:
    """Rows for distillation, whole groups kept together, in priority order."""
    rng = random.Random(seed)
    out: list[CorpusRow] = []
    for name, (max_groups, max_rows) in (budget or DEFAULT_BUDGET).items():
        path = folder / name
        if not path.exists():
            raise FileNotFoundError(f"{path}: missing; point --queries at the raw query folder")
        by_group: dict[str, list[CorpusRow]] = {}
        for row in iter_jsonl(path, ()):
            text = _text_of(row)
            if not text:
                continue
            item = CorpusRow(
                text,
                str(row["group"]),
                str(row.get("lang", "en")),
                str(row["source"]),
                label_group(row),
            )
            by_group.setdefault(item.group, []).append(item)
        groups = sorted(by_group)
        rng.shuffle(groups)
        if max_groups is not None:
            groups = groups[:max_groups]
        chosen = [r for g in groups for r in by_group[g]]
        if max_rows is not None:
            chosen = chosen[:max_rows]
        out.extend(chosen)
    return out


def multilingual_corpus(
    path: Path, per_language: int, held_out: tuple[str, ...] = UNSEEN_SCRIPTS
) -> list[CorpusRow]:
    """The first `per_language` body paragraphs of each language of the raw
    multilingual file (the UDHR in ~390 languages), for distillation only.

    Paragraph n of one language is not paragraph n of another, so every row is
    its own group (no translation pull). The `held_out` languages are never read.
    """
    if per_language <= 0:
        return []
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: missing; point data.multilingual at the folder holding udhr.jsonl.gz"
        )
    taken: dict[str, int] = {}
    out: list[CorpusRow] = []
    for row in iter_jsonl(path, ()):
        lang, text = str(row["lang"]), str(row.get("text") or "").strip()
        if lang in held_out or len(text) < MIN_PARAGRAPH_CHARS:
            continue
        if taken.get(lang, 0) >= per_language:
            continue
        taken[lang] = taken.get(lang, 0) + 1
        out.append(CorpusRow(text, str(row["id"]), lang, "udhr", str(row["id"])))
    return out


def request_texts(folder: Path) -> list[str]:
    """Every request text of the raw developer-request files (vocabulary only)."""
    return [
        str(r["text"]) for path in sorted(folder.glob("*.jsonl.gz")) for r in iter_jsonl(path, ())
    ]
