#!/usr/bin/env bash
# Reproduce every results block of docs/evaluation.md with the shipped model.
#
#   scripts/eval_all.sh [SHARED_DATA_DIR]     (default: ../shared/data beside the repo)
#
# Writes reports/<name>/{report.json,report.md,cost_quality.png} (gitignored) and copies
# each plot to docs/evaluation/<name>.png. The score cache (.cache/hydra-eval) is keyed by
# the model file's SHA-256, so a swapped model is always scored afresh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${1:-$root/../shared/data}"
outcomes="$data/outcomes"
for f in bfcl.jsonl routellm_gsm8k.jsonl routellm_mtbench.jsonl swebench_verified.jsonl models.yaml; do
    if [[ ! -f "$outcomes/$f" ]]; then
        echo "eval_all: $outcomes/$f not found; pass the shared data folder as the first argument" >&2
        exit 2
    fi
done
rows="$root/data/requirements/rows.jsonl.gz"
if [[ ! -f "$rows" ]]; then
    echo "eval_all: $rows not found (the predictor's split is needed for gsm8k_predictor_test)" >&2
    exit 2
fi
if ! command -v hydra-router >/dev/null; then
    echo "eval_all: hydra-router not on PATH; activate the venv (. .venv/bin/activate)" >&2
    exit 2
fi

work="$root/.cache/eval-all"
mkdir -p "$work" reports docs/evaluation

# Every outcome file without the items whose groups the predictor trained on (meta.json
# lists their ids: MGSM items and half of BFCL's), and gsm8k_predictor_test: the GSM8K
# items whose group gsm8k-test-N is in the predictor's test split.
python3 - "$rows" "$root/data/requirements/meta.json" "$work" "$outcomes" <<'PY'
import gzip, json, os, sys
rows, meta, work, outcomes = sys.argv[1:]
with open(meta, encoding="utf-8") as fh:
    trained = set(json.load(fh)["outcome_ids_in_train_or_valid"])
test = set()
with gzip.open(rows, "rt", encoding="utf-8") as fh:
    for line in fh:
        row = json.loads(line)
        group = row.get("group", "")
        if group.startswith("gsm8k-test-") and row.get("split") == "test":
            test.add(int(group.rsplit("-", 1)[1]))


def copy(src, name, keep):
    """Write the items of `src` that `keep` accepts to work/name; returns (kept, left out)."""
    kept = left = 0
    with open(src, encoding="utf-8") as fin, open(os.path.join(work, name), "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            if not keep(json.loads(line)):
                left += 1
                continue
            fout.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    return kept, left


for name in ("bfcl.jsonl", "routellm_gsm8k.jsonl", "routellm_mtbench.jsonl", "swebench_verified.jsonl"):
    kept, left = copy(os.path.join(outcomes, name), name, lambda item: item["id"] not in trained)
    print(f"eval_all: {name}: {kept} items, {left} left out (trained on)", file=sys.stderr)
kept, _ = copy(
    os.path.join(outcomes, "routellm_gsm8k.jsonl"),
    "gsm8k_predictor_test.jsonl",
    lambda item: int(item["id"].rsplit(":", 1)[1]) in test,
)
print(f"eval_all: gsm8k_predictor_test has {kept} items", file=sys.stderr)
PY

run() {
    local name="$1"; shift
    echo "eval_all: $name" >&2
    nice -n 10 hydra-router eval --data "$@" --prices "$outcomes/models.yaml" \
        --split 50:50 --out "reports/$name"
    cp "reports/$name/cost_quality.png" "docs/evaluation/$name.png"
}

run bfcl "$work/bfcl.jsonl"
run routellm_gsm8k "$work/routellm_gsm8k.jsonl"
run gsm8k_predictor_test "$work/gsm8k_predictor_test.jsonl"
run routellm_mtbench "$work/routellm_mtbench.jsonl"
run routellm_both "$work/routellm_gsm8k.jsonl" "$work/routellm_mtbench.jsonl"
# SWE-bench Verified (CC BY-NC: evaluated on, never trained on) with real per-run costs
# (cost_usd): all 24 models, and the five-model pool on the same agent scaffold.
run swebench_verified "$work/swebench_verified.jsonl"
run swebench_verified_pool5 "$work/swebench_verified.jsonl" --models gpt-5-mini-2025-08-07 \
    gpt-5-2025-08-07 gpt-5.1-codex claude-sonnet-4-5-20250929 claude-opus-4-5-20251101

sha="$(sha256sum models/hydra-modernbert-small/model.onnx | cut -c1-16)"
echo "eval_all: done with model.onnx sha256 $sha…; reports in reports/<name>/report.md" >&2
