#!/usr/bin/env bash
# Build the platform-specific .vsix: bundle the extension (esbuild), bundle the
# sidecar with its libraries and model (bundle-sidecar.sh), then `vsce package`,
# which needs no network.
#
# usage: scripts/package.sh [bundle-sidecar.sh args, e.g. --model DIR]
# env:   HYDRA_VSIX  output file (default: extension/hydra-router.vsix)
#        HYDRA_REUSE_BUNDLE=1  keep an existing bundled/ instead of rebuilding it
set -euo pipefail

extension="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$extension"
out="${HYDRA_VSIX:-$extension/hydra-router.vsix}"

if [[ "${HYDRA_REUSE_BUNDLE:-0}" == 1 && -d bundled/sidecar ]]; then
  echo "package: reusing bundled/" >&2
else
  bash scripts/bundle-sidecar.sh "$@"
fi
node esbuild.mjs
target="$(node -p 'process.platform + "-" + process.arch')"
npx --no-install vsce package \
  --target "$target" \
  --no-dependencies \
  --skip-license \
  --allow-missing-repository \
  --out "$out"
echo "package: $out ($(du -h "$out" | cut -f1), target $target)" >&2
