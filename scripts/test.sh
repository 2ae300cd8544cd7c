#!/usr/bin/env bash
# Set up everything and run every test layer: Python unit, golden and e2e
# (real sidecar over stdio), the extension's checks, unit and protocol tests,
# its .vsix packaging, and the extension in a real VS Code (code-server).
#   scripts/test.sh            all of it
#   scripts/test.sh --python   Python layers only
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --dev

echo "== lint and types (python)" >&2
.venv/bin/ruff check sidecar tests scripts
.venv/bin/mypy

echo "== pytest: unit, golden, e2e" >&2
.venv/bin/python -m pytest -q -p no:cacheprovider

if [ "${1:-}" = "--python" ]; then
    exit 0
fi

export PATH="$PWD/.venv/bin:$PATH"
echo "== extension: check, build, unit + protocol tests, package" >&2
bash extension/scripts/ci.sh

echo "== extension in a real VS Code (code-server + chromium)" >&2
bash extension/e2e/ci.sh
