#!/usr/bin/env bash
# Create .venv and install hydra-router into it.
#   scripts/setup.sh          run-time only (serve, route, check, bench)
#   scripts/setup.sh --dev    + tests, linters, training and evaluation extras
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "hydra-router needs Python >= 3.10 (set PYTHON=/path/to/python3.1x)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 10) else 1)
PY

if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv" >&2
    "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)

if [ "${1:-}" = "--dev" ]; then
    # torch first and pinned: the pinned version is the local CPU build, any
    # other resolution would pull a CUDA build.
    echo "== installing torch (CPU) and the dev, train and eval extras" >&2
    "${PIP[@]}" "torch==2.13.0"
    "${PIP[@]}" -e ".[dev,train,eval]"
else
    echo "== installing hydra-router" >&2
    "${PIP[@]}" -e .
fi
echo "== ready: .venv/bin/hydra-router --help" >&2
