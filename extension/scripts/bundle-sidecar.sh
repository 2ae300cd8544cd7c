#!/usr/bin/env bash
# Put the sidecar into extension/bundled/ so the .vsix runs with no pip step:
#   bundled/sidecar/hydra_router    the sidecar's code
#   bundled/models/<model>/         the predictor (model.onnx, tokenizer.json, manifest.json)
#   bundled/profiles/               the default catalog and its JSON schema
#   bundled/libs/cpXY/              the runtime Python dependencies, per Python version
#   bundled/requirements.txt        the same list, for a first-run install on other versions
# The layout mirrors the repository, so the sidecar finds its model and
# catalog relative to its own package as it does in a checkout.
#
# usage: scripts/bundle-sidecar.sh [--model DIR] [--python PY] [--python-version X.Y]...
#   --model DIR           model folder (default: models/hydra-modernbert-small)
#   --python PY           Python whose version the libraries are built for
#                         (default: $HYDRA_BUNDLE_PYTHON, else python3)
#   --python-version X.Y  also fetch wheels for another CPython version (repeatable)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extension="$(dirname "$here")"
root="$(dirname "$extension")"
model="$root/models/hydra-modernbert-small"
python="${HYDRA_BUNDLE_PYTHON:-python3}"
extra_versions=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --python-version) extra_versions+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "bundle-sidecar: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "bundle-sidecar: $*" >&2; exit 1; }

model="$(cd "$model" 2>/dev/null && pwd)" || fail "model folder not found. Train and export it (hydra-router export) into models/hydra-modernbert-small, or pass --model DIR."
for file in model.onnx tokenizer.json manifest.json; do
  [[ -f "$model/$file" ]] || fail "$model/$file is missing: pass --model with a folder made by 'hydra-router export'."
done
[[ -f "$root/profiles/profiles.yaml" ]] || fail "$root/profiles/profiles.yaml is missing."
command -v "$python" >/dev/null || fail "$python not found: install Python 3.10+ or pass --python."

out="$extension/bundled"
rm -rf "$out"
mkdir -p "$out/sidecar" "$out/models" "$out/libs"

echo "bundle-sidecar: sidecar code, model $(basename "$model"), profiles" >&2
cp -R "$root/sidecar/hydra_router" "$out/sidecar/hydra_router"
find "$out/sidecar" -name __pycache__ -type d -prune -exec rm -rf {} +
mkdir -p "$out/models/hydra-modernbert-small"
for file in model.onnx tokenizer.json manifest.json MODEL_CARD.md; do
  [[ -f "$model/$file" ]] && cp "$model/$file" "$out/models/hydra-modernbert-small/"
done
cp -R "$root/profiles" "$out/profiles"

# The runtime dependencies are pyproject.toml's [project].dependencies, nothing else.
"$python" - "$root/pyproject.toml" > "$out/requirements.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))
PY

tag="$("$python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')"
pip_common=(--disable-pip-version-check --no-input --quiet --only-binary=:all: --no-compile)
echo "bundle-sidecar: libraries for $tag ($python)" >&2
"$python" -m pip install "${pip_common[@]}" --target "$out/libs/$tag" -r "$out/requirements.txt"
for version in "${extra_versions[@]}"; do
  vtag="cp${version/./}"
  echo "bundle-sidecar: libraries for $vtag (wheels for this platform)" >&2
  "$python" -m pip install "${pip_common[@]}" --target "$out/libs/$vtag" -r "$out/requirements.txt" \
    --python-version "$version" --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64
done
# Console scripts and caches are of no use inside the extension. tokenizers
# declares huggingface_hub (and with it hf_xet, ~15 MB) only for downloading
# tokenizers by name; the router loads tokenizer.json from disk.
find "$out/libs" -maxdepth 2 -name bin -type d -prune -exec rm -rf {} +
for lib in "$out"/libs/cp*; do
  rm -rf "$lib"/hf_xet "$lib"/hf_xet-*.dist-info "$lib"/huggingface_hub "$lib"/huggingface_hub-*.dist-info
done
find "$out/libs" -name __pycache__ -type d -prune -exec rm -rf {} +

# Check the bundle works with nothing but itself on the path (-I -S: no site
# packages, no PYTHONPATH): load the bundled catalog and model, score a prompt.
"$python" -I -S -c '
import sys
sys.path[:0] = sys.argv[1:]
import hydra_router.server
from hydra_router.predictor import Predictor, default_model_dir
from hydra_router.profiles import bundled_profiles_path, load_catalog
load_catalog(bundled_profiles_path())
scores = Predictor.load(default_model_dir(), threads=1).score(["hello"])
assert scores.shape == (1, 4), scores.shape
' "$out/libs/$tag" "$out/sidecar" || fail "the bundle does not run on its own; see the error above."
find "$out" -name __pycache__ -type d -prune -exec rm -rf {} +
echo "bundle-sidecar: done: $(du -sh "$out" | cut -f1) in $out" >&2
