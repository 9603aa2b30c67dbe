#!/usr/bin/env bash
#! Builds the release app into dist/ with trunk (offline; wasm-opt from npm binaryen, see install-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
export PATH="$CACHE/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$repo"
cargo fetch -q   # trunk builds offline: make sure every crate is in the local registry
trunk build --release "$@"
# No inline script left in index.html: the nginx recipe's Content-Security-Policy allows scripts from 'self' only.
node scripts/externalize-boot.mjs dist
