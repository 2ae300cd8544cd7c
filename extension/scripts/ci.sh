#!/usr/bin/env bash
# The extension's whole CI: install (npm ci), check (tsc + eslint), build,
# test (unit, wire contract, real sidecar over stdio), package the .vsix.
#
# usage: extension/scripts/ci.sh [package.sh args, e.g. --model DIR]
# env:   HYDRA_PYTHON  Python with hydra-router's dependencies for the tests
#                      (default: the repo's .venv, else python3)
#        HYDRA_VSIX    where the .vsix goes (default: extension/hydra-router.vsix)
set -euo pipefail

extension="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(dirname "$extension")"
cd "$extension"
if [[ -z "${HYDRA_PYTHON:-}" && -x "$root/.venv/bin/python" ]]; then
  export HYDRA_PYTHON="$root/.venv/bin/python"
fi

step() { printf '\n== extension: %s\n' "$*" >&2; }

step "npm ci"
npm ci --no-audit --no-fund --loglevel=error
step "check (tsc --noEmit, eslint)"
npm run --silent check
step "build"
npm run --silent build
step "test"
npm test
step "package"
bash scripts/package.sh "$@"
