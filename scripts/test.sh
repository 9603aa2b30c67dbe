#!/usr/bin/env bash
#! The whole test suite, from a fresh machine: installs the tools and backends, runs the native unit and
#! integration tests, builds the release app, starts the real stack behind nginx, runs the end-to-end tests
#! in headless chromium, checks the size budget, and stops the stack.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. scripts/versions.env
t0=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

step "tools"
scripts/install-tools.sh test
step "backends (Prometheus 3, Alertmanager, Jaeger and VictoriaLogs from the Go module proxy; cached)"
scripts/build-backends.sh all

step "native tests (pure core, parsers on recorded responses, generator, replay server)"
cargo test --workspace --quiet 2>&1 | tail -n 200
node --test tools/replay/ scripts/

step "release build"
scripts/build-app.sh

step "size budget"
node bench/size.mjs --check

step "stack up"
export TRIFOCAL_STACK_DIR=${TRIFOCAL_STACK_DIR:-$(mktemp -d /tmp/trifocal-stack.XXXX)}
trap 'scripts/stack.sh down || true' EXIT
scripts/stack.sh up
eval "$(scripts/stack.sh env | sed 's/^/export /')"

step "end-to-end tests (chromium $(chromium --version 2>/dev/null | awk '{print $2}'), real Prometheus 3 and 2.42, Jaeger, VictoriaLogs, recorded Loki and Tempo, via nginx)"
(cd e2e && node --test --test-concurrency=1 tests/)

step "done"
