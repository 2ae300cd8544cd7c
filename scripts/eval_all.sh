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
for f in bfcl.jsonl routellm_gsm8k.jsonl routellm_mtbench.jsonl models.yaml; do
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

# gsm8k_predictor_test: GSM8K rows whose group gsm8k-test-N is in the predictor's test split.
python3 - "$rows" "$outcomes/routellm_gsm8k.jsonl" "$work/gsm8k_predictor_test.jsonl" <<'PY'
import gzip, json, sys
rows, src, dst = sys.argv[1:]
test = set()
with gzip.open(rows, "rt", encoding="utf-8") as fh:
    for line in fh:
        row = json.loads(line)
        group = row.get("group", "")
        if group.startswith("gsm8k-test-") and row.get("split") == "test":
            test.add(int(group.rsplit("-", 1)[1]))
kept = 0
with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
    for line in fin:
        if not line.strip():
            continue
        item = json.loads(line)
        if int(item["id"].rsplit(":", 1)[1]) in test:
            fout.write(line if line.endswith("\n") else line + "\n")
            kept += 1
print(f"eval_all: gsm8k_predictor_test has {kept} items", file=sys.stderr)
PY

# The outcome items whose groups the predictor trained on (meta.json lists their ids: MGSM
# items and half of BFCL's) are left out of every file routed below.
python3 - "$root/data/requirements/meta.json" "$work" "$outcomes"/{bfcl,routellm_gsm8k,routellm_mtbench}.jsonl <<'PY'
import json, os, sys
meta, work, *files = sys.argv[1:]
with open(meta, encoding="utf-8") as fh:
    trained = set(json.load(fh)["outcome_ids_in_train_or_valid"])
for src in files:
    kept = left = 0
    with open(src, encoding="utf-8") as fin, open(os.path.join(work, os.path.basename(src)), "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            if json.loads(line)["id"] in trained:
                left += 1
                continue
            fout.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    print(f"eval_all: {os.path.basename(src)}: {kept} items, {left} left out (trained on)", file=sys.stderr)
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

sha="$(sha256sum models/hydra-modernbert-small/model.onnx | cut -c1-16)"
echo "eval_all: done with model.onnx sha256 $sha…; reports in reports/<name>/report.md" >&2
