#!/usr/bin/env bash
#! Builds the release app into dist/: trunk (offline) builds the CSS and copies the data folders, then
#! scripts/build-wasm.mjs builds the wasm split into lazily loaded parts (docs/decisions/0005).
#! TRIFOCAL_SPLIT=0 builds it unsplit with trunk alone, as `trunk build --release` does.
#! Last, scripts/precompress.mjs writes the .br and .gz copies the nginx recipe serves.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
export PATH="$CACHE/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$repo"
cargo fetch -q   # trunk builds offline: make sure every crate is in the local registry
if [ "${TRIFOCAL_SPLIT:-1}" = 0 ]; then
  trunk build --release "$@"
  # No inline script left in index.html: the nginx recipe's Content-Security-Policy allows scripts from 'self' only.
  node scripts/externalize-boot.mjs dist
  node scripts/precompress.mjs dist
  exit 0
fi
# The same page without trunk's rust pipeline (build-wasm.mjs replaces it and writes the boot script). It sits
# in a folder of its own: next to Cargo.toml, trunk would add a rust build of its own to a page without one.
page=.release-page/index.html
trap 'rm -rf .release-page' EXIT
mkdir -p .release-page
grep -v 'data-trunk rel="rust"' index.html | sed -E 's#(data-trunk rel="[a-z-]+" href=")#\1../#' > "$page"
trunk build "$page" --release "$@"
node scripts/build-wasm.mjs dist
node scripts/precompress.mjs dist
