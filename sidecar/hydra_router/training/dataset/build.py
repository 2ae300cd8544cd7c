"""The dataset build: read sources, ground difficulty, compose, split, write."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra_router.training.dataset import grounding as grounding_mod
from hydra_router.training.dataset.compose_authored import compose_authored
from hydra_router.training.dataset.compose_chat import compose_mtbench, compose_xquad
from hydra_router.training.dataset.compose_code import compose_codealpaca, compose_humaneval
from hydra_router.training.dataset.compose_debug import compose_debugbench, compose_quixbugs
from hydra_router.training.dataset.compose_math import compose_math
from hydra_router.training.dataset.compose_requests import (
    compose_pasted_solutions,
    compose_requests,
    licenses_text,
)
from hydra_router.training.dataset.compose_tools import compose_bfcl
from hydra_router.training.dataset.labels import HEADS
from hydra_router.training.dataset.quixbugs_runner import ObservedFailure, observe_failure
from hydra_router.training.dataset.rows import LabelledRow
from hydra_router.training.dataset.sources import SourceError, read_outcomes, read_queries
from hydra_router.training.dataset.splits import (
    HELD_OUT_LANGUAGES,
    assign_splits,
    keep_group,
    pinned_groups,
)
from hydra_router.training.dataset.writer import (
    encode_rows,
    sha256,
    sort_key,
    write_atomic,
    write_json_atomic,
)

ROWS_PATH = Path("requirements/rows.jsonl.gz")
META_PATH = Path("requirements/meta.json")
AUDIT_PATH = Path("requirements/AUDIT.md")
CARD_PATH = Path("DATASET_CARD.md")


# Share of groups kept from the largest streams (by group prefix), so the editor-chat
# requests fit the heads-stage budget (one epoch over the training rows,
# configs/train-small.yaml): whole groups go, so translations of a kept item stay together.
# DebugBench stays whole: it carries most debugging positives (the card's check: every
# head >= 15 % of rows).
SUBSAMPLE = {"xquad-": 0.4}


@dataclass
class BuildOptions:
    """What to build from where."""

    source: Path
    out: Path
    seed: int = 13
    include_noncommercial: bool = False
    audit_size: int = 300
    extras: bool = True  # card, plots, audit, licenses
    command: str = ""
    progress: bool = True
    # group-prefix -> share of groups kept (SUBSAMPLE); {} keeps every row
    subsample: dict[str, float] = field(default_factory=lambda: dict(SUBSAMPLE))
    # requests written for the project as editor chat (data/authored); None = none
    authored: Path | None = None


@dataclass
class BuildResult:
    """What a build produced, for the card and the caller."""

    pairs: list[tuple[LabelledRow, str]]
    meta: dict[str, Any]
    failures: dict[str, ObservedFailure] = field(default_factory=dict)
    math: grounding_mod.MathGrounding | None = None
    tools: grounding_mod.ToolGrounding | None = None
    dropped_duplicates: int = 0


def _bar(
    iterable: Iterable[Any], desc: str, enabled: bool, total: int | None = None
) -> Iterable[Any]:
    if not enabled:
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:  # progress is optional; the build still works
        return iterable
    return tqdm(iterable, desc=desc, total=total, file=sys.stderr, leave=False, unit="item")


def check_source(root: Path) -> None:
    """Fail early with the fix when the source folder is not the shared data folder."""
    if not root.is_dir():
        raise SourceError(
            f"{root}: not a folder. Pass --source pointing at the shared data folder."
        )
    for sub in ("queries", "outcomes", "requests"):
        if not (root / sub).is_dir():
            raise SourceError(
                f"{root}: no {sub}/ folder inside. "
                "--source must be the folder holding queries/, outcomes/ and requests/."
            )


def observe_quixbugs(items: Iterable[Any], progress: bool) -> dict[str, ObservedFailure]:
    """Run every Python QuixBugs program (buggy vs fixed) once; key by program name."""
    python_items = [i for i in items if i.meta.get("programming_language") == "python"]
    failures = {}
    for item in _bar(python_items, "running QuixBugs", progress):
        program = str(item.meta.get("program", ""))
        failures[program] = observe_failure(
            program, str(item.meta.get("code", "")), str(item.meta.get("fixed_code", ""))
        )
    return failures


def subsample(
    rows: Iterable[LabelledRow], shares: dict[str, float], seed: int
) -> Iterator[LabelledRow]:
    """The rows of a stable share of the groups whose name starts with a key of `shares`."""
    for row in rows:
        share = next((v for k, v in shares.items() if row.group.startswith(k)), 1.0)
        if share >= 1.0 or keep_group(row.group, share, seed):
            yield row


def compose_all(
    root: Path,
    seed: int,
    include_noncommercial: bool,
    progress: bool,
    shares: dict[str, float] | None = None,
    authored: Path | None = None,
) -> BuildResult:
    """Read every source and compose the labelled rows (before splitting)."""
    check_source(root)
    q = {
        name: read_queries(root, name)
        for name in _bar(
            ["mgsm", "gsm8k", "humaneval_xl", "bfcl", "quixbugs", "debugbench", "xquad"],
            "reading sources",
            progress,
        )
    }
    if include_noncommercial:
        q["codealpaca"] = read_queries(root, "codealpaca")
    outcomes = {
        name: read_outcomes(root, name) for name in ("routellm_gsm8k", "routellm_mtbench", "bfcl")
    }
    math = grounding_mod.ground_math(q["gsm8k"], outcomes["routellm_gsm8k"])
    tools = grounding_mod.ground_tools(outcomes["bfcl"])
    failures = observe_quixbugs(q["quixbugs"], progress)
    streams = [
        compose_math(q["gsm8k"], q["mgsm"], math, seed),
        compose_humaneval(q["humaneval_xl"], seed),
        compose_bfcl(q["bfcl"], tools, seed),
        compose_quixbugs(q["quixbugs"], failures, seed),
        compose_debugbench(q["debugbench"], seed),
        compose_xquad(q["xquad"], seed),
        compose_mtbench(outcomes["routellm_mtbench"]),
        compose_requests(root, seed),
        compose_pasted_solutions(q["debugbench"], q["quixbugs"], seed),
    ]
    if authored is not None:
        streams.append(compose_authored(authored))
    if include_noncommercial:
        streams.append(compose_codealpaca(q["codealpaca"], seed))
    rows: list[LabelledRow] = []
    for stream in _bar(streams, "composing", progress):
        rows.extend(subsample(stream, SUBSAMPLE if shares is None else shares, seed))
    unique, dropped = dedupe(rows)
    return BuildResult(
        pairs=[(row, "") for row in unique],
        meta={},
        failures=failures,
        math=math,
        tools=tools,
        dropped_duplicates=dropped,
    )


def dedupe(rows: list[LabelledRow]) -> tuple[list[LabelledRow], int]:
    """Keep one row per exact text (the first by source, group, lang, kind): a text in two
    groups could otherwise sit in two splits. A framed "complete this" whose template adds
    no words equals the bare stub and carries its variant (`compose_humaneval`), so either
    copy pairs with its translations."""
    best: dict[str, LabelledRow] = {}
    for row in sorted(rows, key=lambda r: (r.text, r.source, r.group, r.lang, r.kind)):
        best.setdefault(row.text, row)
    return list(best.values()), len(rows) - len(best)


def summarise(pairs: list[tuple[LabelledRow, str]]) -> dict[str, Any]:
    """Counts per split, source, language, kind and head (positives = target >= 0.5)."""
    total = len(pairs)
    positives = {h: sum(1 for r, _ in pairs if getattr(r.targets, h) >= 0.5) for h in HEADS}
    return {
        "rows": total,
        "by_split": dict(sorted(Counter(s for _, s in pairs).items())),
        "by_source": dict(sorted(Counter(r.source for r, _ in pairs).items())),
        "by_lang": dict(sorted(Counter(r.lang for r, _ in pairs).items())),
        "by_kind": dict(sorted(Counter(r.kind.split("/")[0] for r, _ in pairs).items())),
        "positives": positives,
        "positive_share": {h: round(v / total, 4) if total else 0.0 for h, v in positives.items()},
    }


def build_dataset(options: BuildOptions) -> BuildResult:
    """Build and write the dataset under options.out; returns what was written."""
    result = compose_all(
        options.source,
        options.seed,
        options.include_noncommercial,
        options.progress,
        options.subsample,
        options.authored,
    )
    rows = [row for row, _ in result.pairs]
    pinned = pinned_groups(rows, options.seed)
    pairs = sorted(assign_splits(rows, options.seed, pinned=pinned), key=sort_key)
    data = encode_rows(pairs)
    write_atomic(options.out / ROWS_PATH, data)
    meta = summarise(pairs)
    meta.update(
        {
            "rows_file": ROWS_PATH.as_posix(),
            "rows_sha256": sha256(data),
            "held_out_languages": list(HELD_OUT_LANGUAGES),
            "seed": options.seed,
            "build_command": options.command,
            "noncommercial_included": options.include_noncommercial,
            "duplicates_dropped": result.dropped_duplicates,
            "groups_kept_share": dict(sorted(options.subsample.items())),
            "outcome_groups_pinned_to_test": len(pinned),
            "outcome_ids_in_train_or_valid": sorted(
                {row.outcome_id for row, split in pairs if row.outcome_id and split != "test"}
            ),
            "heads": list(HEADS),
        }
    )
    write_json_atomic(options.out / META_PATH, meta)
    result.pairs, result.meta = pairs, meta
    if options.extras:
        write_extras(options, result)
    return result


def write_extras(options: BuildOptions, result: BuildResult) -> None:
    """Card, plots, audit and licenses (plots import matplotlib, so only here)."""
    from hydra_router.training.dataset import plots
    from hydra_router.training.dataset.audit import audit_sample, render_audit, request_sample
    from hydra_router.training.dataset.card import render_card

    copy_licenses(options.source, options.out / "LICENSES")
    sample = audit_sample(result.pairs, options.audit_size, options.seed)
    extra = request_sample(result.pairs, options.audit_size // 3, options.seed, exclude=sample)
    write_atomic(options.out / AUDIT_PATH, render_audit(sample, extra).encode("utf-8"))
    plot_dir = options.out / "plots"
    for name, draw in _bar(
        [
            ("targets", plots.plot_targets),
            ("by_source", plots.plot_by_source),
            ("by_language", plots.plot_by_language),
        ],
        "plotting",
        options.progress,
    ):
        draw(result.pairs, plot_dir / f"{name}.png")
    math, tools = result.math, result.tools
    card = render_card(
        result.pairs,
        result.meta,
        result.failures,
        math_matched=math.matched if math else 0,
        math_outcome_rows=math.outcome_rows if math else 0,
        expected_by_steps=math.expected_by_steps if math else {},
        tool_categories=tools.by_category if tools else {},
    )
    write_atomic(options.out / CARD_PATH, card.encode("utf-8"))


def copy_licenses(source: Path, dest: Path) -> None:
    """Every source license, as shipped with the shared data; the request files' licenses
    (their README states them, no license files ship) as one table."""
    dest.mkdir(parents=True, exist_ok=True)
    write_atomic(dest / "requests-sources.md", licenses_text().encode("utf-8"))
    for folder in ("queries", "outcomes"):
        for path in sorted((source / folder / "LICENSES").glob("*")):
            if path.is_file():
                shutil.copyfile(path, dest / f"{folder}-{path.name}")
