"""Checks of a predictor beyond its labels (see hydra_router.eval.predictor_checks).

    .venv/bin/python scripts/predictor_checks.py [--model DIR] [--shared ../shared/data]
        [--labels data/requirements/rows.jsonl.gz] [--json OUT]

Prints, and writes as JSON with --json:
- per outcome file and model, the out-of-fold AUC of "passes" from the four scores
  (items whose group the predictor trained on are left out, as in scripts/eval_all.sh);
- the tool-use head on bare BFCL requests (no tool list) that expect a call, against
  MGSM/GSM8K word problems, test groups only;
- the share of UDHR paragraphs on which no head fires, for English, for languages
  stage 1 distilled, and for the scripts it never saw (corpus.UNSEEN_SCRIPTS).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from hydra_router.eval.outcomes import read_outcomes
from hydra_router.eval.predictor_checks import no_need_share, pass_auc, tool_use_auc
from hydra_router.eval.scores import PredictorScorer, default_cache_dir, score_texts
from hydra_router.training.corpus import UNSEEN_SCRIPTS
from hydra_router.training.labelled import read_rows

OUTCOME_FILES = (
    "bfcl.jsonl",
    "routellm_gsm8k.jsonl",
    "routellm_mtbench.jsonl",
    "swebench_verified.jsonl",
)
UDHR_PER_LANGUAGE = 10


def trained_outcome_ids(labels: Path) -> set[str]:
    """Outcome ids whose items the predictor trained on (the dataset's meta.json)."""
    meta = labels.parent / "meta.json"
    if not meta.exists():
        return set()
    return set(json.loads(meta.read_text(encoding="utf-8"))["outcome_ids_in_train_or_valid"])


def outcome_aucs(scorer: PredictorScorer, folder: Path, skip: set[str]) -> dict:
    out: dict = {}
    for name in OUTCOME_FILES:
        path = folder / name
        if not path.exists():
            continue
        items = [i for i in read_outcomes(path) if i.id not in skip]
        x = score_texts(scorer, [i.text for i in items], default_cache_dir(), progress=False)
        models = sorted({m for i in items for m in i.outcomes})
        per_model = {}
        for model in models:
            have = [k for k, i in enumerate(items) if model in i.outcomes]
            y = np.array([items[k].outcomes[model] for k in have])
            per_model[model] = pass_auc(x[have], y)
        values = [v for v in per_model.values() if v is not None]
        out[name] = {
            "items": len(items),
            "mean_auc": float(np.mean(values)) if values else None,
            "per_model": per_model,
        }
    return out


def tool_check(scorer: PredictorScorer, shared: Path, test_groups: set[str]) -> dict:
    from hydra_router.training.dataset.compose_tools import bfcl_groups
    from hydra_router.training.dataset.sources import read_queries

    bfcl = read_queries(shared, "bfcl")
    group = bfcl_groups(bfcl)
    tools = [
        i.text for i in bfcl if i.meta.get("tool_call_expected") and group[i.id] in test_groups
    ]
    maths = [
        i.text
        for name in ("mgsm", "gsm8k")
        for i in read_queries(shared, name)
        if i.group in test_groups
    ]
    ts = score_texts(scorer, tools, default_cache_dir(), progress=False)[:, 3]
    ms = score_texts(scorer, maths, default_cache_dir(), progress=False)[:, 3]
    return {"tool_requests": len(tools), "math_problems": len(maths), "auc": tool_use_auc(ts, ms)}


def udhr_check(scorer: PredictorScorer, path: Path) -> dict:
    from hydra_router.training.corpus import multilingual_corpus

    rows = multilingual_corpus(path, UDHR_PER_LANGUAGE, held_out=())
    seen = [r for r in rows if r.lang not in UNSEEN_SCRIPTS]
    unseen = [r for r in rows if r.lang in UNSEEN_SCRIPTS]
    groups = {
        "english": [r.text for r in seen if r.lang == "eng"],
        "distilled languages": [r.text for r in seen if r.lang != "eng"],
        "unseen scripts": [r.text for r in unseen],
    }
    return {
        name: {
            "paragraphs": len(texts),
            "no_need_share": no_need_share(
                score_texts(scorer, texts, default_cache_dir(), progress=False)
            ),
        }
        for name, texts in groups.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: shipped)")
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--labels", type=Path, default=Path("data/requirements/rows.jsonl.gz"))
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (args.shared / "queries").is_dir():
        print(f"error: {args.shared}/queries not found; pass --shared", file=sys.stderr)
        return 2
    scorer = PredictorScorer.load(args.model)
    rows = read_rows(args.labels, [])
    test_groups = {r.group for r in rows if r.split == "test"}
    report = {
        "model": scorer.fingerprint,
        "tool_use_bare_bfcl_vs_math": tool_check(scorer, args.shared, test_groups),
        "udhr_no_need": udhr_check(scorer, args.shared / "multilingual" / "udhr.jsonl.gz"),
        "outcome_pass_auc": outcome_aucs(
            scorer, args.shared / "outcomes", trained_outcome_ids(args.labels)
        ),
    }
    tool = report["tool_use_bare_bfcl_vs_math"]
    print(f"model {report['model']}")
    print(
        f"tool use, bare BFCL ({tool['tool_requests']}) vs math ({tool['math_problems']}): "
        f"AUC {tool['auc']:.3f}"
    )
    for name, fig in report["udhr_no_need"].items():
        print(f"UDHR {name}: no head fires on {fig['no_need_share']:.3f} of {fig['paragraphs']}")
    for name, fig in report["outcome_pass_auc"].items():
        mean = "n/a" if fig["mean_auc"] is None else f"{fig['mean_auc']:.3f}"
        print(f"{name}: {fig['items']} items, mean per-model pass AUC {mean}")
        for model, auc in fig["per_model"].items():
            print(f"    {model:48s} {'n/a' if auc is None else f'{auc:.3f}'}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
