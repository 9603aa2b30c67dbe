#!/usr/bin/env bash
#! Installs every tool the build and the tests need, from the package registries only (no GitHub
#! downloads): Debian packages, the wasm32 target, trunk, wasm-bindgen-cli, wasm-split-cli, wasm-opt (npm binaryen)
#! and playwright-core. Each step is skipped when the pinned version is already there, so a warm run is quick.
#! usage: scripts/install-tools.sh [build|test]   (build: what `trunk build` needs; test: everything)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/versions.env"
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
what=${1:-test}
log() { printf '[tools] %s\n' "$*" >&2; }
mkdir -p "$CACHE"

apt_pkgs=(curl ca-certificates)
if [ "$what" = test ]; then apt_pkgs+=(chromium chromium-driver nginx-light libnginx-mod-http-brotli-static prometheus brotli); fi
missing=()
for p in "${apt_pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]}; as root, run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts the services of packages it installs (its own prometheus on :9090, nginx on :80) where it
  # can; the stack runs its own on other ports. A policy-rc.d that says "no" for the length of this install
  # keeps them from starting, so nothing has to be stopped afterwards. An existing policy is left alone.
  policy=/usr/sbin/policy-rc.d ours=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && ours=1; fi
  apt-get update -q > /dev/null
  status=0
  apt-get install -y -q --no-install-recommends "${missing[@]}" > /dev/null || status=$?
  [ -z "$ours" ] || rm -f "$policy"
  [ "$status" = 0 ] || exit "$status"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2> /dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION (~5 min, once)"
  # trunk's newest needs a newer rustc; LTO off makes the install three times faster.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install -q --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2> /dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (~3 min, once)"
  # Not --locked: its lock file pins a crate version the registry here does not have.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The splitter of the release build (scripts/build-wasm.mjs, docs/decisions/0005). It prints no version, so
# cargo's own record of installed crates says which one is there.
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, ~2 min, once)"
  cargo install -q --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force
fi

# wasm-opt from npm's binaryen (Debian's binaryen 108 silently breaks the app). Kept outside the repo.
if [ ! -x "$CACHE/npm/node_modules/.bin/wasm-opt" ] || ! "$CACHE/npm/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_NPM_VERSION%%.*}"; then
  log "npm install binaryen@$BINARYEN_NPM_VERSION"
  mkdir -p "$CACHE/npm"
  (cd "$CACHE/npm" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_NPM_VERSION" > /dev/null)
fi

if [ "$what" = test ] && [ ! -d "$repo/e2e/node_modules/playwright-core" ]; then
  log "npm ci (e2e: playwright-core $PLAYWRIGHT_CORE_VERSION, driving Debian's chromium)"
  (cd "$repo/e2e" && npm ci --no-audit --no-fund --silent > /dev/null)
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-split-cli $WASM_SPLIT_VERSION, wasm-opt $("$CACHE/npm/node_modules/.bin/wasm-opt" --version | awk '{print $3}')"
