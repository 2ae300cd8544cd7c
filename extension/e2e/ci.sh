#!/usr/bin/env bash
# The VS Code end-to-end test in one command: install what it needs (setup.sh),
# package the test-only echo models, run run.mjs against the hydra .vsix.
#
# usage: bash extension/e2e/ci.sh [HYDRA_VSIX]
#   HYDRA_VSIX  the extension to test (default: $HYDRA_VSIX, else
#               extension/hydra-router.vsix as extension/scripts/ci.sh builds it)
# env:   E2E_ARTIFACTS  screenshots and logs (default: <repo>/artifacts/vscode-e2e)
#        E2E_PYTHON     Python for the sidecar (default: what the extension finds)
#        E2E_FIRST_RUN_PYTHON  a Python the .vsix carries no libraries for, switched
#                       to at the end to test the first-run install (default:
#                       a working python3.12 on PATH, else pyenv's 3.12; none: skipped)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${E2E_CACHE:-$repo/.cache/e2e}"
hydra_vsix="${1:-${HYDRA_VSIX:-$repo/extension/hydra-router.vsix}}"
artifacts="${E2E_ARTIFACTS:-$repo/artifacts/vscode-e2e}"

if [[ ! -f "$hydra_vsix" ]]; then
  echo "e2e: no hydra .vsix at $hydra_vsix; build it with: bash extension/scripts/ci.sh (or pass its path)" >&2
  exit 2
fi

bash "$here/setup.sh"

echo "[e2e] packaging the echo models" >&2
echo_vsix="$cache/hydra-e2e-echo-models.vsix"
(cd "$here/echo-models" && nice -n 10 "$here/node_modules/.bin/vsce" package \
  --no-dependencies --skip-license --allow-missing-repository --out "$echo_vsix" >&2)

if [[ -z "${E2E_FIRST_RUN_PYTHON+set}" ]]; then
  # The interpreter itself, not a launcher (a pyenv shim stops working once run.mjs moves HOME).
  E2E_FIRST_RUN_PYTHON=""
  for candidate in python3.12 "$HOME"/.pyenv/versions/3.12.*/bin/python; do
    real="$("$candidate" -c 'import sys; print(sys.executable if sys.version_info[:2] == (3, 12) else "")' 2>/dev/null || true)"
    if [[ -n "$real" ]]; then
      E2E_FIRST_RUN_PYTHON="$real"
      break
    fi
  done
fi
export E2E_FIRST_RUN_PYTHON
echo "[e2e] first-run install test with: ${E2E_FIRST_RUN_PYTHON:-none found (skipped)}" >&2

rm -rf "$artifacts"
echo "[e2e] running against $hydra_vsix (artifacts: $artifacts)" >&2
E2E_CACHE="$cache" nice -n 10 node "$here/run.mjs" \
  --hydra-vsix "$hydra_vsix" --echo-vsix "$echo_vsix" --artifacts "$artifacts"
