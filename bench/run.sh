#!/usr/bin/env bash
#! Runs the benchmarks and prints their figures: parsing (1M points, 100k log lines), trace model (50k
#! spans), chart decimation + drawing (1M points), the transfer size of dist/ when it is built, then the
#! browser benchmarks (bench/browser.mjs) against a served build and a running stack, ending with one table
#! of the budgets in bench/budgets.toml, and VictoriaLogs' 100k lines beside curl (bench/victorialogs.mjs). Only the size is enforced (by `node bench/size.mjs --check` in the
#! test suite); timings vary between machines and are reported, never asserted.
#! env: BASE (served app with the stack's /api/*, default http://127.0.0.1:28080/, the stack's nginx),
#! BENCH_BROWSER=0 skips the browser part; the rest is passed to bench/browser.mjs (RUNS, PEER, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
host_log=$(mktemp)
trap 'rm -f "$host_log"' EXIT
for ex in bench_parse bench_trace bench_chart bench_log_patterns; do
  if [ -f "examples/$ex.rs" ]; then
    echo "== $ex"
    cargo run -q --release --example "$ex" | tee -a "$host_log"
  fi
done
if [ -d dist ]; then
  echo "== size"
  node bench/size.mjs
fi
if [ "${BENCH_BROWSER:-1}" != 0 ]; then
  echo "== browser"
  base=${BASE:-http://127.0.0.1:28080/}
  if ! curl -fsS -o /dev/null "$base"; then
    echo "no app at $base: start the stack (scripts/stack.sh up) or serve a build (node e2e/serve.mjs dist PORT) and set BASE" >&2
    exit 1
  fi
  [ -d e2e/node_modules/playwright-core ] || (cd e2e && npm ci --no-audit --no-fund)
  gen=${GEN:-${CARGO_TARGET_DIR:-target}/release/trifocal-gen}
  [ -x "$gen" ] || cargo build -q --release -p trifocal-gen
  GEN=$gen HOST_LOG=$host_log node bench/browser.mjs
  # 100k lines from VictoriaLogs, query -> painted, beside curl fetching the same answer (issue 20 item 5).
  if curl -fsS -o /dev/null "${base}api/victorialogs/health"; then
    echo "== victorialogs"
    BASE=$base node bench/victorialogs.mjs
  fi
fi
