"""DATASET_CARD.md: measured counts and grounding tables around the fixed prose in card_text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from hydra_router.training.dataset import card_text, compose_requests, labels
from hydra_router.training.dataset.labels import HEADS
from hydra_router.training.dataset.quixbugs_runner import ObservedFailure
from hydra_router.training.dataset.rows import LabelledRow


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def _counts_by(pairs: Sequence[tuple[LabelledRow, str]], key) -> list[list[Any]]:
    """Rows per key value, split into train/valid/test, with positives per head."""
    table: dict[str, Counter] = {}
    for row, split in pairs:
        c = table.setdefault(key(row), Counter())
        c["rows"] += 1
        c[split] += 1
        for head in HEADS:
            if getattr(row.targets, head) >= 0.5:
                c[head] += 1
    return [
        [name, c["rows"], c["train"], c["valid"], c["test"], *(c[h] for h in HEADS)]
        for name, c in sorted(table.items(), key=lambda kv: (-kv[1]["rows"], kv[0]))
    ]


def _levels(pairs: Sequence[tuple[LabelledRow, str]]) -> list[list[Any]]:
    """Per head: rows in each target band, to show the spread of levels."""
    bands = [(0.0, 0.0), (0.001, 0.25), (0.25, 0.5), (0.5, 0.65), (0.65, 0.8), (0.8, 1.0)]
    out = []
    for head in HEADS:
        values = [getattr(r.targets, head) for r, _ in pairs]
        cells = []
        for lo, hi in bands:
            if hi == 0.0:
                cells.append(sum(v == 0.0 for v in values))
            elif hi == 1.0:
                cells.append(sum(lo <= v <= hi for v in values))
            else:
                cells.append(sum(lo <= v < hi for v in values))
        share = sum(v >= 0.5 for v in values) / max(1, len(values))
        out.append([head, *cells, f"{100 * share:.1f} %", len({round(v, 2) for v in values})])
    return out


def render_card(
    pairs: Sequence[tuple[LabelledRow, str]],
    meta: dict[str, Any],
    failures: dict[str, ObservedFailure],
    math_matched: int,
    math_outcome_rows: int,
    expected_by_steps: dict[int, float],
    tool_categories: dict[str, float],
) -> str:
    """The whole card as markdown."""
    langs = sorted(meta["by_lang"])
    count_header = ["", "rows", "train", "valid", "test", *(f"{h} ≥0.5" for h in HEADS)]
    parts = [
        card_text.INTRO.format(
            rows=meta["rows"],
            langs=len(langs),
            train=meta["by_split"].get("train", 0),
            valid=meta["by_split"].get("valid", 0),
            test=meta["by_split"].get("test", 0),
            command=meta["build_command"],
            sha=meta["rows_sha256"],
            held_out=", ".join(meta["held_out_languages"]),
            dropped=meta["duplicates_dropped"],
        ),
        "## Checks against the issue's targets\n",
        _table(
            ["check", "target", "measured"],
            [
                ["rows", "≥ 50,000", f"{meta['rows']:,}"],
                ["languages", "≥ 10", f"{len(langs)} ({', '.join(langs)})"],
                *[
                    [
                        f"{h} rows with target ≥ 0.5",
                        "≥ 15 %",
                        f"{100 * meta['positive_share'][h]:.1f} % (train split: "
                        f"{100 * _train_share(pairs, h):.1f} %)",
                    ]
                    for h in HEADS
                ],
            ],
        ),
        "\n\n### Spread of levels (rows per target band)\n",
        _table(
            [
                "head",
                "0",
                "(0, .25)",
                "[.25, .5)",
                "[.5, .65)",
                "[.65, .8)",
                "[.8, 1]",
                "≥ 0.5",
                "distinct values",
            ],
            _levels(pairs),
        ),
        "\n\n![targets](plots/targets.png)\n\n![by source](plots/by_source.png)\n\n"
        "![by language](plots/by_language.png)\n",
        "\n## Counts per source\n",
        _table(count_header, _counts_by(pairs, lambda r: r.source)),
        "\n\n## Counts per language\n",
        _table(count_header, _counts_by(pairs, lambda r: r.lang)),
        "\n\n## Counts per request kind\n",
        _table(count_header, _counts_by(pairs, lambda r: r.kind.split("/")[0])),
        "\n",
        card_text.DERIVATION.replace("@TEMPLATE_COUNTS@", _template_counts()),
        card_text.REQUESTS,
        _table(
            ["request file", "items used (cap)", "framed as → need", "R / C / D / T"],
            _requests_rows(pairs),
        ),
        "\n\nOther editor-chat rows:\n",
        _table(["rows", "ask → need", "R / C / D / T"], _other_request_rows()),
        "\n",
        "\n### Grounding measured in this build\n",
        f"- GSM8K: {math_matched} GSM8K test items matched by text to {math_outcome_rows} "
        "RouteLLM outcome "
        "rows (GPT-4 vs Mixtral); MGSM translations take the level of their group.\n"
        "- Mean outcome difficulty by solution steps (used for items without outcomes): "
        + ", ".join(f"{k} steps → {v:.2f}" for k, v in sorted(expected_by_steps.items()))
        + ".\n"
        f"- BFCL: {len({r.outcome_id for r, _ in pairs if r.source == 'bfcl' and r.outcome_id})} "
        "outcome rows matched to query items by category and normalised text "
        "(the rest changed wording between BFCL versions).\n"
        "- BFCL mean difficulty per category from the 14-model outcomes "
        "(strength-weighted failure share): "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(tool_categories.items()))
        + ".\n",
        "\n### QuixBugs failures observed by running the programs\n",
        _table(
            ["program", "observed", "input", "fixed gives", "buggy gives / error"],
            [
                [
                    f.program,
                    f.kind,
                    f"`{f.call}`" if f.call else "-",
                    f"`{f.expected[:40]}`" if f.expected else "-",
                    _short_failure(f),
                ]
                for f in sorted(failures.values(), key=lambda f: f.program)
            ],
        ),
        "\n",
        card_text.AUTHORED,
        card_text.SPLITS.format(held_out=", ".join(meta["held_out_languages"])),
        card_text.LICENSES,
        card_text.WEAKNESSES,
        card_text.AUDIT,
    ]
    return "\n".join(parts) + "\n"


def _targets_text(need: str) -> str:
    t = labels.editor_request(need)
    return " / ".join(f"{getattr(t, h):.2f}" for h in HEADS)


def _requests_rows(pairs: Sequence[tuple[LabelledRow, str]]) -> list[list[Any]]:
    """One line per request file: groups (items) used, cap, and each framing's targets."""
    groups: dict[str, set[str]] = {}
    for row, _ in pairs:
        if row.source in compose_requests.PLANS:
            groups.setdefault(row.source, set()).add(row.group)
    out = []
    for name, plan in compose_requests.PLANS.items():
        asks = plan.asks()
        out.append(
            [
                name,
                f"{len(groups.get(name, ()))} ({plan.cap})",
                "; ".join(f"`{kind}` → {need}" for kind, need in asks),
                "; ".join(_targets_text(need) for _, need in asks),
            ]
        )
    return out


def _other_request_rows() -> list[list[Any]]:
    pasted = ", ".join(f"{k} `{v[0]}` ({v[1]:.0%})" for k, v in compose_requests.PASTED.items())
    tests = labels.code_request("code_tests", 0.5)
    rows = [
        [
            f"gold code of {pasted}",
            "`paste_explain` → explain_code; `paste_edit` → edit_code",
            f"{_targets_text('explain_code')}; {_targets_text('edit_code')}",
        ],
        [
            f"DebugBench solutions ({compose_requests.PASTED_SOLUTION_SHARE:.0%}), "
            "QuixBugs fixed programs (all)",
            "`paste_explain`, `paste_edit` as above; `code_tests` (write tests)",
            "as above; " + " / ".join(f"{getattr(tests, h):.2f}" for h in HEADS),
        ],
    ]
    for kind, need in compose_requests.HANDWRITTEN_NEED.items():
        rows.append([f"hand-written `{kind}`", f"→ {need}", _targets_text(need)])
    rows.append(
        [
            f"{len(compose_requests.CONCEPT_PAIRS)} difference pairs × 11 languages",
            "`concept_diff` → concept",
            _targets_text("concept"),
        ]
    )
    return rows


def _train_share(pairs: Sequence[tuple[LabelledRow, str]], head: str) -> float:
    train = [row for row, split in pairs if split == "train"]
    return sum(getattr(row.targets, head) >= 0.5 for row in train) / max(1, len(train))


def _template_counts() -> str:
    from hydra_router.training.dataset.templates import (
        KIND_FIELDS,
        TEMPLATE_LANGUAGES,
        templates_for,
    )

    counts = [sum(len(v) for v in templates_for(lang).values()) for lang in TEMPLATE_LANGUAGES]
    return (
        f"{min(counts)}–{max(counts)} templates per language over {len(KIND_FIELDS)} request kinds"
    )


def _short_failure(failure: ObservedFailure) -> str:
    if failure.traceback:
        return "`" + failure.traceback.strip().splitlines()[-1][:70].replace("|", "\\|") + "`"
    if failure.actual:
        return "`" + failure.actual[:40].replace("|", "\\|") + "`"
    return "-"
