#!/usr/bin/env bash
#! Builds the pinned Prometheus 3, Alertmanager, Jaeger and VictoriaLogs single binaries from their Go modules (through the Go module proxy)
#! into a cache outside the repo. A second run finds the binaries and returns at once. `prometheus-ui` (not in `all`:
#! only the benchmarks use it) builds Prometheus 3's own web UI from the same module.
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

# build MODULE@VERSION NAME PKG OUT [go build flags...]: builds PKG of the module into OUT, once.
build() {
  local mod=$1 name=$2 pkg=$3 out=$4; shift 4
  [ -x "$out" ] && return 0
  echo "building $name ($mod, first time only)..."
  local src
  src=$(writable_copy "$mod" "$name")
  # nice: a cold build takes minutes of every core, and the machine is usually doing something else too.
  (cd "$src" && nice -n 10 go build -trimpath "$@" -o "$out.tmp" "$pkg") > "$CACHE/logs/$name-build.log" 2>&1 \
    || { tail -n 30 "$CACHE/logs/$name-build.log" >&2; return 1; }
  mv "$out.tmp" "$out"
}

build_prometheus() {
  # The module has a go.work of its own (GOWORK=off builds the module alone); without the version set,
  # /api/v1/status/buildinfo answers an empty version. The web UI's assets are not in the module: the API
  # works, / answers with a placeholder.
  GOWORK=off build "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" "prometheus-$PROMETHEUS_MODULE_VERSION" \
    ./cmd/prometheus "$CACHE/bin/prometheus-$PROMETHEUS_MODULE_VERSION" \
    -ldflags "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION -X github.com/prometheus/common/version.Branch=module-$PROMETHEUS_MODULE_VERSION"
}

build_alertmanager() {
  # ui/web.go embeds ui/app/dist, which the module does not ship (the release builds it with npm): a placeholder
  # page goes there first, like Prometheus' missing UI. The API (/api/v2/) is complete. Version set as for Prometheus.
  local src
  src=$(writable_copy "github.com/prometheus/alertmanager@$ALERTMANAGER_MODULE_VERSION" "alertmanager-$ALERTMANAGER_MODULE_VERSION")
  if [ ! -f "$src/ui/app/dist/index.html" ]; then
    mkdir -p "$src/ui/app/dist"
    printf '<!doctype html><title>Alertmanager</title><p>Alertmanager %s built from its Go module without its web UI; the API is at /api/v2/.</p>\n' \
      "$ALERTMANAGER_VERSION" > "$src/ui/app/dist/index.html"
  fi
  GOWORK=off build "github.com/prometheus/alertmanager@$ALERTMANAGER_MODULE_VERSION" "alertmanager-$ALERTMANAGER_MODULE_VERSION" \
    ./cmd/alertmanager "$CACHE/bin/alertmanager-$ALERTMANAGER_MODULE_VERSION" \
    -ldflags "-X github.com/prometheus/common/version.Version=$ALERTMANAGER_VERSION -X github.com/prometheus/common/version.Branch=module-$ALERTMANAGER_MODULE_VERSION"
}

build_jaeger() {
  build "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" "jaeger-$JAEGER_MODULE_VERSION" \
    ./cmd/jaeger "$CACHE/bin/jaeger-$JAEGER_MODULE_VERSION"
}

build_victorialogs() {
  # The version lives in VictoriaMetrics' lib/buildinfo (the release Makefile sets it the same way, to
  # victoria-logs-<date>-tags-<tag>-...); -version prints it, /metrics' vm_app_version{short_version} names the
  # tag. The web UI's assets are in the module (app/vlselect/vmui) and are embedded.
  build "github.com/VictoriaMetrics/VictoriaLogs@$VICTORIALOGS_MODULE_VERSION" "victorialogs-$VICTORIALOGS_MODULE_VERSION" \
    ./app/victoria-logs "$CACHE/bin/victorialogs-$VICTORIALOGS_MODULE_VERSION" \
    -ldflags "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-tags-$VICTORIALOGS_MODULE_VERSION-module"
}

# Prometheus 3's own web UI (bench/browser.mjs's peer for the first metric panel; not needed by the tests): the
# module's web/ui sources built with pnpm from the npm registry into $CACHE/prometheus-ui-<version>/static/mantine-ui,
# the directory Prometheus serves its UI from when built without `builtinassets` (scripts/stack.sh starts
# Prometheus 3 in it when it exists). The registry here lacks some of the lockfile's exact versions (e.g.
# @mantine/code-highlight 9.7.2), so the packages are resolved within package.json's ranges; the type check
# (`tsc`) is skipped, as it fails on the newer Mantine's types and does not change the built files.
PNPM_VERSION=10.34.9
build_prometheus_ui() {
  local out="$CACHE/prometheus-ui-$PROMETHEUS_MODULE_VERSION"
  [ -f "$out/static/mantine-ui/index.html" ] && return 0
  echo "building Prometheus' web UI (module $PROMETHEUS_MODULE_VERSION, web/ui; first time only)..."
  local src work="$CACHE/src/prometheus-ui-$PROMETHEUS_MODULE_VERSION.work"
  src=$(writable_copy "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" "prometheus-$PROMETHEUS_MODULE_VERSION")
  rm -rf "$work" "$out.tmp" && cp -r "$src/web/ui" "$work"
  rm -f "$work/pnpm-lock.yaml"
  sed -i 's/^minimumReleaseAge: .*/minimumReleaseAge: 0/; s/^minimumReleaseAgeStrict: .*/minimumReleaseAgeStrict: false/' "$work/pnpm-workspace.yaml"
  # The workspace's own scripts call `pnpm`.
  mkdir -p "$work/.bin" && printf '#!/bin/sh\nexec npx -y pnpm@%s "$@"\n' "$PNPM_VERSION" > "$work/.bin/pnpm" && chmod +x "$work/.bin/pnpm"
  (cd "$work" && export PATH="$work/.bin:$PATH" && nice -n 10 pnpm install \
    && nice -n 10 pnpm --filter @prometheus-io/lezer-promql run build \
    && nice -n 10 pnpm --filter @prometheus-io/codemirror-promql run build \
    && cd mantine-ui && nice -n 10 pnpm exec vite build) > "$CACHE/logs/prometheus-ui-build.log" 2>&1 \
    || { tail -n 30 "$CACHE/logs/prometheus-ui-build.log" >&2; return 1; }
  mkdir -p "$out.tmp/static" && mv "$work/mantine-ui/dist" "$out.tmp/static/mantine-ui" && mv "$out.tmp" "$out"
  rm -rf "$work"
}

case "${1:-all}" in
  prometheus) build_prometheus ;;
  alertmanager) build_alertmanager ;;
  jaeger) build_jaeger ;;
  victorialogs) build_victorialogs ;;
  prometheus-ui) build_prometheus_ui ;;
  all) build_prometheus; build_alertmanager; build_jaeger; build_victorialogs ;;
  *) echo "usage: $0 [prometheus|alertmanager|jaeger|victorialogs|all|prometheus-ui]" >&2; exit 2 ;;
esac
