#!/usr/bin/env bash
# Sourced by the project's entry scripts: makes a fresh Debian machine ready to build, test and run.
#  - Node.js 24 LTS: used as is when the machine has it, otherwise the npm package node@24 is installed
#    into a cache folder outside the repository and put first on PATH.
#  - System packages the tests drive for real (sshd, Caddy, PostgreSQL, Chromium), when running as root.
#  - npm dependencies from the committed lock file, reinstalled only when the lock file changed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_cache="${ENERGY_MARKET_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/energy-market/node24}"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$node_cache/node_modules/.bin/node" ]; then
    echo "bootstrap: machine Node is $(node --version 2>/dev/null || echo absent); installing node@24 into $node_cache" >&2
    mkdir -p "$node_cache"
    npm install --prefix "$node_cache" --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$node_cache/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" -lt 24 ]; then
  echo "bootstrap: still on Node $(node --version); expected 24" >&2
  exit 1
fi

# Debian packages the integration tests use; installed only when missing, and only as root.
system_packages=(openssh-server caddy postgresql chromium zip tmux)
if [ "$(id -u)" = 0 ] && [ "${ENERGY_MARKET_SKIP_APT:-}" != 1 ]; then
  missing=()
  for pkg in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

cd "$repo_root"
lock_stamp="node_modules/.package-lock.sha256"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node --version)"
if [ ! -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$lock_sum" ]; then
  echo "bootstrap: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_sum" > "$lock_stamp"
fi
