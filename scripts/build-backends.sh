#!/usr/bin/env bash
#! Builds the pinned Loki and Jaeger single binaries from their Go modules (through the Go module proxy)
#! into a cache outside the repo. A second run finds the binaries and returns at once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.env"
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
mkdir -p "$CACHE/bin" "$CACHE/src" "$CACHE/logs"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

# go_module_dir MODULE@VERSION -> prints the read-only module cache directory
go_module_dir() {
  (cd "$CACHE" && go mod download -json "$1") | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}

# writable_copy MODULE@VERSION NAME -> copies the module source to $CACHE/src/NAME, prints it
writable_copy() {
  local dir dest="$CACHE/src/$2"
  dir=$(go_module_dir "$1")
  [ -n "$dir" ] || { echo "go mod download $1 failed" >&2; (cd "$CACHE" && go mod download -json "$1") >&2; return 1; }
  if [ ! -d "$dest" ]; then
    cp -r "$dir" "$dest.tmp" && chmod -R u+w "$dest.tmp" && mv "$dest.tmp" "$dest"
  fi
  echo "$dest"
}

build_loki() {
  local out="$CACHE/bin/loki-$LOKI_VERSION"
  [ -x "$out" ] && return 0
  echo "building Loki $LOKI_VERSION (first time only, ~10 min)..."
  local src push
  src=$(writable_copy "github.com/grafana/loki/v3@$LOKI_VERSION" "loki-$LOKI_VERSION")
  # Loki's go.mod replaces its nested module pkg/push with ./pkg/push, which module zips leave out:
  # fetch that nested module at the version go.mod requires and put it where the replace points.
  if [ ! -f "$src/pkg/push/go.mod" ]; then
    local pv
    pv=$(sed -n 's/^\s*github.com\/grafana\/loki\/pkg\/push \(v[^ ]*\).*/\1/p' "$src/go.mod" | head -n1)
    push=$(go_module_dir "github.com/grafana/loki/pkg/push@$pv")
    mkdir -p "$src/pkg/push" && cp -r "$push/." "$src/pkg/push/" && chmod -R u+w "$src/pkg/push"
  fi
  (cd "$src" && go build -trimpath -o "$out.tmp" ./cmd/loki) > "$CACHE/logs/loki-build.log" 2>&1 \
    || { tail -n 30 "$CACHE/logs/loki-build.log" >&2; return 1; }
  mv "$out.tmp" "$out"
}

build_jaeger() {
  local out="$CACHE/bin/jaeger-$JAEGER_MODULE_VERSION"
  [ -x "$out" ] && return 0
  echo "building Jaeger (module $JAEGER_MODULE_VERSION) (first time only, ~8 min)..."
  local src
  src=$(writable_copy "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" "jaeger-$JAEGER_MODULE_VERSION")
  (cd "$src" && go build -trimpath -o "$out.tmp" ./cmd/jaeger) > "$CACHE/logs/jaeger-build.log" 2>&1 \
    || { tail -n 30 "$CACHE/logs/jaeger-build.log" >&2; return 1; }
  mv "$out.tmp" "$out"
}

case "${1:-all}" in
  loki) build_loki ;;
  jaeger) build_jaeger ;;
  all) build_loki; build_jaeger ;;
  *) echo "usage: $0 [loki|jaeger|all]" >&2; exit 2 ;;
esac
